import Landscapes

/// AdamW (Loshchilov & Hutter, 2019), exactly as PyTorch's `torch.optim.AdamW`: Adam whose weight
/// decay λ shrinks the weights directly instead of entering the gradient.
///
///     θ  ← θₜ·(1 − γλ)
///     then the Adam update of θ with g = ∇f(θₜ) (no λ term), bias-corrected as in ``Adam``
public struct AdamW: Optimizer {
    public var weightDecay: Double
    var adam: Adam

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        self.weightDecay = weightDecay
        self.adam = Adam(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: 0, amsgrad: amsgrad)
    }

    public var m: Vector2 { adam.m }
    public var v: Vector2 { adam.v }
    public var stateNames: [String] { adam.stateNames }

    public mutating func step(_ theta: inout Vector2, gradient: Vector2, context: StepContext) {
        theta = theta * (1 - context.learningRate * weightDecay)
        adam.step(&theta, gradient: gradient, context: context)
    }

    public func appendState(to values: inout [Double]) { adam.appendState(to: &values) }
}
