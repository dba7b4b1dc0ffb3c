import Dispatch
import Landscapes

/// The loss (and optionally the accuracy) of a model on a lattice of a plane:
/// `loss[i·x.count + j] = L(center + x[j]·d₁ + y[i]·d₂)`, rows = y, as NumPy's `loss[i, j]`.
///
/// Rows are computed in parallel on every core, each thread with its own workspace and
/// parameter buffer, and `progress` is called with the rows done so far.
public struct PlaneGrid: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var loss: [Double]
    public var accuracy: [Double]?

    public init(x: [Double], y: [Double], loss: [Double], accuracy: [Double]?) {
        self.x = x
        self.y = y
        self.loss = loss
        self.accuracy = accuracy
    }

    /// `count` evenly spaced values from `lo` to `hi`, both included (NumPy's `linspace`).
    public static func linspace(_ lo: Double, _ hi: Double, _ count: Int) -> [Double] {
        (0..<count).map { k in k == count - 1 ? hi : lo + Double(k) * (hi - lo) / Double(count - 1) }
    }

    public static func compute(model: MLP, data: Dataset, plane: Plane, x: [Double], y: [Double], accuracy wantsAccuracy: Bool = false,
                               progress: (@Sendable (_ rowsDone: Int, _ rows: Int) -> Void)? = nil) -> PlaneGrid {
        let nx = x.count, ny = y.count
        var loss = [Double](repeating: .nan, count: nx * ny)
        var accuracy = [Double](repeating: .nan, count: wantsAccuracy ? nx * ny : 0)
        let done = Counter()
        loss.withUnsafeMutableBufferPointer { lossOut in
            accuracy.withUnsafeMutableBufferPointer { accuracyOut in
                nonisolated(unsafe) let lossOut = lossOut, accuracyOut = accuracyOut
                let chunks = Swift.min(ny, ProcessInfoCores.count * 4)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var workspace = MLP.Workspace()
                    var theta = plane.center
                    for i in (ny * chunk / chunks)..<(ny * (chunk + 1) / chunks) {
                        for j in 0..<nx {
                            plane.point(x[j], y[i], into: &theta)
                            let e = model.evaluate(theta, on: data, workspace: &workspace)
                            lossOut[i * nx + j] = e.loss
                            if wantsAccuracy { accuracyOut[i * nx + j] = e.accuracy ?? .nan }
                        }
                        if let progress { progress(done.add(1), ny) }
                    }
                }
            }
        }
        return PlaneGrid(x: x, y: y, loss: loss, accuracy: wantsAccuracy ? accuracy : nil)
    }
}

/// A thread-safe count for progress reports.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = DispatchQueue(label: "landscape.counter")
    func add(_ k: Int) -> Int { lock.sync { value += k; return value } }
}
