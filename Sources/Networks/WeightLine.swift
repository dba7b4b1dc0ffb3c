import Dispatch
import Landscapes

/// A line through weight space, θ(α) = start + α·d: the 1-D views of a network's loss.
///
/// - ``Kind/interpolation``: from the initialization θ₀ to a trained θ*, d = θ* − θ₀, so that
///   α = 0 is θ₀ and α = 1 is θ* (Goodfellow, Vinyals & Saxe, *Qualitatively characterizing neural
///   network optimization problems*, ICLR 2015).
/// - ``Kind/slice``: a filter-normalized Gaussian direction through θ* (Li et al. 2018, the 1-D
///   plots), drawn as ``Plane/filterNormalizedDirection(around:model:normal:)`` draws d₁.
public struct WeightLine: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case interpolation, slice
    }

    public var kind: Kind
    public var start: [Double]
    public var direction: [Double]
    /// The direction's seed (slice).
    public var seed: UInt64?
    /// `filter` for a filter-normalized direction, `none` for θ* − θ₀.
    public var normalization: String

    public init(kind: Kind, start: [Double], direction: [Double], seed: UInt64? = nil, normalization: String) {
        precondition(start.count == direction.count, "a line's start and direction have one length")
        self.kind = kind
        self.start = start
        self.direction = direction
        self.seed = seed
        self.normalization = normalization
    }

    /// The line from `initial` (α = 0) to `trained` (α = 1).
    public static func interpolation(from initial: [Double], to trained: [Double]) -> WeightLine {
        WeightLine(kind: .interpolation, start: initial, direction: zip(trained, initial).map { $0 - $1 }, normalization: "none")
    }

    /// A filter-normalized random direction through `center`, from `seed`: the same direction as
    /// the d₁ of ``Plane/random(around:model:seed:)`` with that seed.
    public static func slice(around center: [Double], model: MLP, seed: UInt64) -> WeightLine {
        var normal = NormalGenerator(seed: seed)
        let d = Plane.filterNormalizedDirection(around: center, model: model, normal: &normal)
        return WeightLine(kind: .slice, start: center, direction: d, seed: seed, normalization: "filter")
    }

    /// θ(α) into `out`.
    @inlinable public func point(_ alpha: Double, into out: inout [Double]) {
        for i in start.indices { out[i] = start[i] + alpha * direction[i] }
    }
}

/// The loss and accuracy along a ``WeightLine``: `loss[k] = L(start + alpha[k]·d)`.
public struct LineCurve: Sendable, Equatable {
    public var alpha: [Double]
    public var loss: [Double]
    /// For classification.
    public var accuracy: [Double]?

    public init(alpha: [Double], loss: [Double], accuracy: [Double]?) {
        self.alpha = alpha
        self.loss = loss
        self.accuracy = accuracy
    }

    /// The curve at every α, on every core.
    public static func compute(model: MLP, data: Dataset, line: WeightLine, alpha: [Double]) -> LineCurve {
        let n = alpha.count
        var loss = [Double](repeating: .nan, count: n)
        var accuracy = [Double](repeating: .nan, count: n)
        loss.withUnsafeMutableBufferPointer { lossOut in
            accuracy.withUnsafeMutableBufferPointer { accuracyOut in
                nonisolated(unsafe) let lossOut = lossOut, accuracyOut = accuracyOut
                let chunks = Swift.max(1, Swift.min(n, ProcessInfoCores.count * 4))
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var workspace = MLP.Workspace()
                    var theta = line.start
                    for k in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                        line.point(alpha[k], into: &theta)
                        let e = model.evaluate(theta, on: data, workspace: &workspace)
                        lossOut[k] = e.loss
                        accuracyOut[k] = e.accuracy ?? .nan
                    }
                }
            }
        }
        return LineCurve(alpha: alpha, loss: loss, accuracy: data.kind == .classification ? accuracy : nil)
    }
}

extension MLP {
    /// What the network at θ predicts over a lattice of the input plane (two features):
    /// `margins[k][i·x.count + j] = z_k − max_{l≠k} z_l` at (x[j], y[i]), for every class k, where z
    /// are the logits. Class k wins where its margin is positive, and the boundaries between
    /// classes are the margins' zero lines; a margin of log r means class k is r times as likely as
    /// the next (softmax).
    public func classMargins(_ theta: [Double], x: [Double], y: [Double]) -> [[Double]] {
        precondition(widths[0] == 2, "class margins need two input features")
        let nx = x.count, ny = y.count, classes = widths[layerCount]
        var margins = [[Double]](repeating: [Double](repeating: .nan, count: nx * ny), count: classes)
        var workspace = Workspace()
        var inputs = [Double](repeating: 0, count: 2 * nx)
        for i in 0..<ny {
            for j in 0..<nx { inputs[2 * j] = x[j]; inputs[2 * j + 1] = y[i] }
            let z = outputs(theta, inputs: inputs, workspace: &workspace)
            for j in 0..<nx {
                let row = z[(j * classes)..<((j + 1) * classes)]
                for k in 0..<classes {
                    var other = -Double.infinity
                    for l in 0..<classes where l != k { other = Swift.max(other, row[row.startIndex + l]) }
                    margins[k][i * nx + j] = row[row.startIndex + k] - other
                }
            }
        }
        return margins
    }
}
