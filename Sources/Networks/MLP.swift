import Landscapes

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A hidden layer's activation.
public enum Activation: String, Sendable, CaseIterable {
    case tanh, relu, sigmoid, identity
}

/// What training minimizes.
public enum LossFunction: String, Sendable, CaseIterable {
    /// Softmax cross-entropy on the logits, averaged over samples (PyTorch's `nn.CrossEntropyLoss`).
    case crossEntropy = "cross-entropy"
    /// Mean squared error over samples and outputs (PyTorch's `nn.MSELoss`).
    case meanSquaredError = "mse"
}

/// A multilayer perceptron with hand-written backpropagation.
///
/// Layer l maps aₗ₋₁ to zₗ = Wₗaₗ₋₁ + bₗ, then aₗ = σ(zₗ) for hidden layers; the output layer is
/// linear. Parameters are one flat vector in PyTorch's order: layer by layer, the weight
/// (out × in, row-major), then the bias, so that `torch.cat([p.reshape(-1) for p in
/// model.parameters()])` is the same vector.
///
/// Loss and gradient for a batch B of m samples:
///
///     cross-entropy  L = (1/m)·Σᵢ (log Σ_c exp zᵢc − zᵢyᵢ),   ∂L/∂zᵢ = (softmax(zᵢ) − e_yᵢ)/m
///     mse            L = (1/(m·k))·Σᵢ Σ_c (zᵢc − yᵢc)²,      ∂L/∂zᵢ = 2(zᵢ − yᵢ)/(m·k)
///                    (for classes, yᵢ is the one-hot e_yᵢ)
///     ∂L/∂Wₗ = δₗᵀaₗ₋₁,  ∂L/∂bₗ = Σᵢ δₗᵢ,  δₗ₋₁ = (δₗWₗ) ⊙ σ′(zₗ₋₁)
///
/// with σ′ from the activations: 1 − a² (tanh), a(1 − a) (sigmoid), 1 where z > 0 (ReLU), 1.
///
/// ```swift
/// let data = try Dataset(spec: "spirals:n=100")
/// let model = try MLP(spec: "mlp:hidden=16x16,act=tanh", for: data)
/// model.widths            // [2, 16, 16, 2]
/// let theta = model.initialParameters(seed: 0)
/// var workspace = MLP.Workspace()
/// var gradient = [Double](repeating: 0, count: model.parameterCount)
/// let loss = model.lossAndGradient(theta, on: data, gradient: &gradient, workspace: &workspace)
/// ```
public struct MLP: Sendable, Equatable {
    /// Inputs, hidden widths, outputs, e.g. `[2, 16, 16, 2]`.
    public let widths: [Int]
    public let activation: Activation
    public let loss: LossFunction

    public init(widths: [Int], activation: Activation, loss: LossFunction) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 >= 1 }, "an MLP has inputs and outputs, every width ≥ 1")
        self.widths = widths
        self.activation = activation
        self.loss = loss
    }

    /// The keys of a model spec.
    public static let specParameters = [
        ParameterInfo(name: "hidden", summary: "hidden widths, e.g. 16x16 (none: a linear model)", defaultValue: .text("16x16"), constraint: .text),
        ParameterInfo(name: "act", summary: "hidden activation: tanh, relu, sigmoid or identity", defaultValue: .text("tanh"), constraint: .text),
        ParameterInfo(name: "loss", summary: "auto (cross-entropy for classes, mse for regression), cross-entropy, or mse (for classes: on one-hot targets, as Cohen et al. 2021)",
                      defaultValue: .text("auto"), constraint: .text),
    ]

    /// The widest hidden layer a spec may ask for, and the most parameters.
    public static let maxWidth = 4096
    public static let maxParameters = 50_000_000

    /// Resolves `mlp:hidden=16x16,act=tanh` for a data set: inputs and outputs come from the data,
    /// and so does the default loss (cross-entropy for classes, mse for regression); `loss=mse`
    /// trains classes on one-hot targets.
    public init(spec text: String, for data: Dataset) throws(SpecError) {
        let spec = try Spec(parsing: text)
        guard spec.name == "mlp" else { throw .unknownName(kind: "model", name: spec.name, known: ["mlp"]) }
        let a = try ResolvedArguments(kind: "model", spec: spec, parameters: Self.specParameters)
        let actText = a.text("act") ?? "tanh"
        guard let activation = Activation(rawValue: actText) else {
            throw .badValue(kind: "model", name: "mlp", key: "act", value: actText,
                            expected: "one of " + Activation.allCases.map(\.rawValue).joined(separator: ", ")
                                + (closestMatch(to: actText, in: Activation.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        let hiddenText = a.text("hidden") ?? "16x16"
        var hidden: [Int] = []
        if hiddenText != "none" {
            for part in hiddenText.split(separator: "x", omittingEmptySubsequences: false) {
                guard let w = Int(part), w >= 1, w <= Self.maxWidth else {
                    throw .badValue(kind: "model", name: "mlp", key: "hidden", value: hiddenText,
                                    expected: "widths from 1 to \(Self.maxWidth) joined by x, e.g. 16x16, or none")
                }
                hidden.append(w)
            }
        }
        let lossText = a.text("loss").flatMap { $0 == "auto" ? nil : $0 } ?? (data.kind == .classification ? "cross-entropy" : "mse")
        guard let loss = LossFunction(rawValue: lossText), data.kind == .classification || loss == .meanSquaredError else {
            throw .badValue(kind: "model", name: "mlp", key: "loss", value: lossText,
                            expected: data.kind == .classification ? "auto, cross-entropy or mse" : "auto or mse (regression has no classes for cross-entropy)")
        }
        let widths = [data.featureCount] + hidden + [data.outputCount]
        let count = zip(widths, widths.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
        guard count <= Double(Self.maxParameters) else {
            throw .invalid("model 'mlp:hidden=\(hiddenText)' has \(Limits.describeCount(count)) parameters; at most \(Limits.describeCount(Double(Self.maxParameters))) are allowed")
        }
        self.init(widths: widths, activation: activation, loss: loss)
    }

    /// The spec that rebuilds the model for the same data.
    public var spec: String {
        let hidden = widths.dropFirst().dropLast()
        let lossKey = loss == .meanSquaredError && widths.last != 1 ? ",loss=mse" : ""
        return "mlp:hidden=\(hidden.isEmpty ? "none" : hidden.map(String.init).joined(separator: "x")),act=\(activation.rawValue)" + lossKey
    }

    public var layerCount: Int { widths.count - 1 }

    /// Where layer l's weight and bias sit in the flat vector.
    public func layer(_ l: Int) -> (weights: Range<Int>, bias: Range<Int>) {
        var start = 0
        for k in 0..<l { start += (widths[k] + 1) * widths[k + 1] }
        let w = start..<(start + widths[l] * widths[l + 1])
        return (w, w.upperBound..<(w.upperBound + widths[l + 1]))
    }

    public var parameterCount: Int { zip(widths, widths.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 } }

    /// PyTorch's `nn.Linear` default initialization, drawn from our generator: every weight and
    /// bias of a layer with n inputs uniform in [−1/√n, 1/√n] (Kaiming-uniform with a = √5 gives
    /// that bound for the weights), in flat order.
    public func initialParameters(seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        var theta: [Double] = []
        theta.reserveCapacity(parameterCount)
        for l in 0..<layerCount {
            let bound = 1 / Double(widths[l]).squareRoot()
            for _ in 0..<((widths[l] + 1) * widths[l + 1]) { theta.append(random.uniform(in: -bound...bound)) }
        }
        return theta
    }

    /// Buffers for one batch at a time, reused between calls so that training allocates nothing
    /// per step. One per thread.
    public struct Workspace: Sendable {
        var activations: [[Double]] = []
        var deltas: [[Double]] = []
        var transposed: [Double] = []
        var rows = 0
        public init() {}

        mutating func prepare(_ model: MLP, rows m: Int) {
            if activations.count != model.widths.count || rows < m {
                activations = model.widths.map { [Double](repeating: 0, count: $0 * m) }
                deltas = model.widths.map { [Double](repeating: 0, count: $0 * m) }
                rows = m
            }
        }
    }

    /// Loss and accuracy (the share of rows whose largest logit is their label; nil for regression).
    public struct Evaluation: Sendable, Equatable {
        public var loss: Double
        public var accuracy: Double?
    }

    /// The loss (and accuracy) at θ over every row of the data.
    public func evaluate(_ theta: [Double], on data: Dataset, workspace: inout Workspace) -> Evaluation {
        let m = data.count
        workspace.prepare(self, rows: m)
        theta.withUnsafeBufferPointer { t in forward(t, data: data, rows: nil, count: m, workspace: &workspace) }
        return lossOfOutputs(data: data, rows: nil, count: m, workspace: &workspace, gradient: false)
    }

    /// The loss over `rows` (every row when nil) and its gradient, written into `gradient`
    /// (resized to the parameter count if needed).
    @discardableResult
    public func lossAndGradient(_ theta: [Double], on data: Dataset, rows: ArraySlice<Int>? = nil,
                                gradient: inout [Double], workspace: inout Workspace) -> Double {
        evaluationAndGradient(theta, on: data, rows: rows, gradient: &gradient, workspace: &workspace).loss
    }

    /// ``lossAndGradient(_:on:rows:gradient:workspace:)`` with the batch's accuracy.
    public func evaluationAndGradient(_ theta: [Double], on data: Dataset, rows: ArraySlice<Int>? = nil,
                                      gradient: inout [Double], workspace: inout Workspace) -> Evaluation {
        let m = rows?.count ?? data.count
        workspace.prepare(self, rows: m)
        if gradient.count != parameterCount { gradient = [Double](repeating: 0, count: parameterCount) }
        theta.withUnsafeBufferPointer { t in forward(t, data: data, rows: rows, count: m, workspace: &workspace) }
        let evaluation = lossOfOutputs(data: data, rows: rows, count: m, workspace: &workspace, gradient: true)
        theta.withUnsafeBufferPointer { t in
            gradient.withUnsafeMutableBufferPointer { g in backward(t, g, count: m, workspace: &workspace) }
        }
        return evaluation
    }

    /// The network's outputs (logits or values) for inputs given as rows, `featureCount` each.
    public func outputs(_ theta: [Double], inputs: [Double], workspace: inout Workspace) -> [Double] {
        let m = inputs.count / widths[0]
        let rowData = Dataset(inputs: inputs, featureCount: widths[0], targets: [Double](repeating: 0, count: m))
        workspace.prepare(self, rows: m)
        theta.withUnsafeBufferPointer { t in forward(t, data: rowData, rows: nil, count: m, workspace: &workspace) }
        return Array(workspace.activations[layerCount][0..<(m * widths[layerCount])])
    }

    // MARK: Forward and backward

    func forward(_ theta: UnsafeBufferPointer<Double>, data: Dataset, rows: ArraySlice<Int>?, count m: Int, workspace: inout Workspace) {
        let f = widths[0]
        workspace.activations[0].withUnsafeMutableBufferPointer { a0 in
            data.inputs.withUnsafeBufferPointer { x in
                for i in 0..<m {
                    let r = rows.map { $0[$0.startIndex + i] } ?? i
                    for k in 0..<f { a0[i * f + k] = x[r * f + k] }
                }
            }
        }
        for l in 0..<layerCount {
            let (w, b) = layer(l)
            let nIn = widths[l], nOut = widths[l + 1], hidden = l < layerCount - 1
            let act = activation
            // Wᵀ, so that each input value is multiplied into a contiguous row of outputs: the
            // inner loop then has no dependence between iterations and vectorizes.
            if workspace.transposed.count < nIn * nOut { workspace.transposed = [Double](repeating: 0, count: nIn * nOut) }
            workspace.transposed.withUnsafeMutableBufferPointer { wt in
                for o in 0..<nOut { for k in 0..<nIn { wt[k * nOut + o] = theta[w.lowerBound + o * nIn + k] } }
            }
            let input = workspace.activations[l]
            let weightsT = workspace.transposed
            workspace.activations[l + 1].withUnsafeMutableBufferPointer { z in
                input.withUnsafeBufferPointer { a in
                    weightsT.withUnsafeBufferPointer { wt in
                        let bias = theta.baseAddress! + b.lowerBound
                        for i in 0..<m {
                            affineRow(a.baseAddress! + i * nIn, count: nIn, weightsT: wt.baseAddress!, bias: bias, outputs: nOut, into: z.baseAddress! + i * nOut)
                        }
                        guard hidden else { return }
                        // The activation over the whole layer at once: one long loop.
                        let out = z.baseAddress!, count = m * nOut
                        switch act {
                        case .tanh: tanhRow(out, count: count)
                        case .relu: for o in 0..<count where !(out[o] > 0) { out[o] = 0 }
                        case .sigmoid: for o in 0..<count { out[o] = 1 / (1 + exp(-out[o])) }
                        case .identity: break
                        }
                    }
                }
            }
        }
    }

    /// The loss of the outputs in the workspace; with `gradient`, also δ of the output layer.
    func lossOfOutputs(data: Dataset, rows: ArraySlice<Int>?, count m: Int, workspace: inout Workspace, gradient: Bool) -> Evaluation {
        let k = widths[layerCount]
        let out = workspace.activations[layerCount]
        var total = 0.0, correct = 0
        let classes = data.kind == .classification
        workspace.deltas[layerCount].withUnsafeMutableBufferPointer { delta in
            for i in 0..<m {
                let r = rows.map { $0[$0.startIndex + i] } ?? i
                switch loss {
                case .crossEntropy:
                    var top = out[i * k], best = 0
                    for c in 1..<k where out[i * k + c] > top {
                        top = out[i * k + c]
                        best = c
                    }
                    var sum = 0.0
                    for c in 0..<k { sum += exp(out[i * k + c] - top) }
                    let label = data.labels[r]
                    let logSum = log(sum)
                    total += -((out[i * k + label] - top) - logSum)
                    if best == label { correct += 1 }
                    if gradient {
                        for c in 0..<k {
                            let p = exp(out[i * k + c] - top - logSum)
                            delta[i * k + c] = (p - (c == label ? 1 : 0)) / Double(m)
                        }
                    }
                case .meanSquaredError:
                    if classes {
                        // One-hot targets; the accuracy is the arg-max's, as for cross-entropy.
                        let label = data.labels[r]
                        var best = 0
                        for c in 0..<k {
                            let e = out[i * k + c] - (c == label ? 1 : 0)
                            total += e * e
                            if gradient { delta[i * k + c] = 2 * e / Double(m * k) }
                            if out[i * k + c] > out[i * k + best] { best = c }
                        }
                        if best == label { correct += 1 }
                    } else {
                        for c in 0..<k {
                            let e = out[i * k + c] - data.targets[r * k + c]
                            total += e * e
                            if gradient { delta[i * k + c] = 2 * e / Double(m * k) }
                        }
                    }
                }
            }
        }
        switch loss {
        case .crossEntropy: return Evaluation(loss: total / Double(m), accuracy: Double(correct) / Double(m))
        case .meanSquaredError: return Evaluation(loss: total / Double(m * k), accuracy: classes ? Double(correct) / Double(m) : nil)
        }
    }

    func backward(_ theta: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>, count m: Int, workspace: inout Workspace) {
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let (w, b) = layer(l)
            let nIn = widths[l], nOut = widths[l + 1]
            let delta = workspace.deltas[l + 1]
            let input = workspace.activations[l]
            delta.withUnsafeBufferPointer { d in
                input.withUnsafeBufferPointer { a in
                    for o in 0..<nOut {
                        var sb = 0.0
                        for i in 0..<m { sb += d[i * nOut + o] }
                        gradient[b.lowerBound + o] = sb
                        for k in 0..<nIn {
                            var s = 0.0
                            for i in 0..<m { s += d[i * nOut + o] * a[i * nIn + k] }
                            gradient[w.lowerBound + o * nIn + k] = s
                        }
                    }
                }
            }
            guard l > 0 else { break }
            let act = activation
            workspace.deltas[l].withUnsafeMutableBufferPointer { previous in
                delta.withUnsafeBufferPointer { d in
                    input.withUnsafeBufferPointer { a in
                        for i in 0..<m {
                            for k in 0..<nIn {
                                var s = 0.0
                                for o in 0..<nOut { s += d[i * nOut + o] * theta[w.lowerBound + o * nIn + k] }
                                let ak = a[i * nIn + k]
                                switch act {
                                case .tanh: s *= 1 - ak * ak
                                case .sigmoid: s *= ak * (1 - ak)
                                case .relu: s = ak > 0 ? s : 0
                                case .identity: break
                                }
                                previous[i * nIn + k] = s
                            }
                        }
                    }
                }
            }
        }
    }
}

/// tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)), from one `exp`: twice as fast as the C library's
/// `tanh`, within 2·10⁻¹⁶ of it in absolute terms (what the next layer sees), though not in
/// relative terms near 0.
@inlinable func fastTanh(_ x: Double) -> Double {
    let e = exp(2 * abs(x))
    let r = 1 - 2 / (e + 1)
    return x < 0 ? -r : r
}
