import Landscapes

/// AdamW (Loshchilov & Hutter, 2019), exactly as PyTorch's `torch.optim.AdamW`: Adam whose weight
/// decay λ shrinks the weights directly instead of entering the gradient.
///
///     θ  ← θₜ·(1 − γλ)
///     then the Adam update of θ with g = ∇f(θₜ) (no λ term), bias-corrected as in ``Adam``
public struct AdamW<Parameters: ParameterVector>: Optimizer {
    public var weightDecay: Double
    var adam: Adam<Parameters>

    public init(_ parameters: Parameters.Type = Parameters.self, lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        self.weightDecay = weightDecay
        self.adam = Adam(Parameters.self, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: 0, amsgrad: amsgrad)
    }

    /// γ (PyTorch's default 10⁻³).
    public var learningRate: LearningRateSchedule {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }
    public var beta1: Double { adam.beta1 }
    public var beta2: Double { adam.beta2 }
    public var epsilon: Double { adam.epsilon }
    public var amsgrad: Bool { adam.amsgrad }
    public var name: String { "AdamW" }
    public var hyperparameters: [Hyperparameter] {
        Hyperparameter.betas(adam.beta1, adam.beta2) + [.eps(adam.epsilon, default: 1e-8), .weightDecay(weightDecay, default: 1e-2),
                                                        .flag("amsgrad", adam.amsgrad, summary: "1 to use the running maximum of v (AMSGrad)")]
    }
    public var stateNames: [String] { adam.stateNames }
    @_specialize(where Parameters == Vector2)
    public func appendState(to values: inout [Double]) { adam.appendState(to: &values) }

    public var m: Parameters { adam.m }
    public var v: Parameters { adam.v }

    @_specialize(where Parameters == [Double])
    @_specialize(where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let shrink = 1 - context.learningRate * weightDecay
        for i in 0..<theta.scalarCount { theta[i] = theta[i] * shrink }
        adam.step(&theta, gradient: gradient, context: context)
    }
}

extension AdamW where Parameters == Vector2 {
    /// AdamW in the plane.
    public init(lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 1e-2, amsgrad: Bool = false) {
        self.init(Vector2.self, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}
