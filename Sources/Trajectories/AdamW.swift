import Landscapes

/// AdamW (Loshchilov & Hutter, 2019), exactly as PyTorch's `torch.optim.AdamW`: Adam whose weight
/// decay λ shrinks the weights directly instead of entering the gradient.
///
///     θ  ← θₜ·(1 − γλ)
///     then the Adam update of θ with g = ∇f(θₜ) (no λ term), bias-corrected as in ``Adam``
public struct AdamW<Parameters: ParameterVector>: UpdateRule {
    public var weightDecay: Double
    var adam: Adam<Parameters>

    public init(_ parameters: Parameters.Type = Parameters.self, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        self.weightDecay = weightDecay
        self.adam = Adam(Parameters.self, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: 0, amsgrad: amsgrad)
    }

    public var m: Parameters { adam.m }
    public var v: Parameters { adam.v }

    @_specialize(exported: true, where Parameters == [Double])
    @_specialize(exported: true, where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let shrink = 1 - context.learningRate * weightDecay
        for i in 0..<theta.scalarCount { theta[i] = theta[i] * shrink }
        adam.step(&theta, gradient: gradient, context: context)
    }
}

extension AdamW where Parameters == Vector2 {
    /// AdamW in the plane.
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        self.init(Vector2.self, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}

extension AdamW: Optimizer where Parameters == Vector2 {
    public var stateNames: [String] { adam.stateNames }
    public func appendState(to values: inout [Double]) { adam.appendState(to: &values) }
}
