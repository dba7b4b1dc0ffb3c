import Landscapes

/// Adam (Kingma & Ba, 2015) with bias correction and optional AMSGrad, exactly as PyTorch's
/// `torch.optim.Adam`, over the plane (`Adam(lr: 0.05)`) or a flat parameter vector
/// (`Adam<[Double]>(lr: 0.05)`).
///
/// With learning rate γ, β₁, β₂, ε and weight decay λ (L2, added to the gradient), step t computes
/// per coordinate
///
///     g  ← ∇f(θₜ) + λ·θₜ
///     mₜ ← mₜ₋₁ + (1 − β₁)·(g − mₜ₋₁)          (= β₁mₜ₋₁ + (1 − β₁)g, PyTorch's lerp)
///     vₜ ← β₂·vₜ₋₁ + (1 − β₂)·g²
///     v̂  ← max(v̂, vₜ)  (AMSGrad)  or  vₜ
///     θₜ₊₁ ← θₜ − (γ / (1 − β₁ᵗ)) · mₜ / (√v̂ / √(1 − β₂ᵗ) + ε)
///
/// starting from m₀ = v₀ = 0.
///
/// ```swift
/// var adam = Adam(lr: 0.1)
/// var theta: Vector2 = [1, 1]
/// adam.step(&theta, gradient: [2, 2], context: StepContext(t: 1, learningRate: 0.1))
/// theta   // ≈ (0.9, 0.9): the first step has length ≈ γ in every coordinate
/// ```
public struct Adam<Parameters: ParameterVector>: Optimizer {
    /// γ (PyTorch's default 10⁻³).
    public var learningRate: LearningRateSchedule
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var amsgrad: Bool
    /// The first-moment estimate m.
    public private(set) var m = Parameters()
    /// The second-moment estimate v.
    public private(set) var v = Parameters()
    /// The running maximum of v (AMSGrad only).
    public private(set) var vMax = Parameters()

    /// Adam over `Parameters`: `Adam(lr: 0.05)` in the plane, `Adam<[Double]>(lr: 0.05, beta2: 0.99)`
    /// over vectors.
    public init(_ parameters: Parameters.Type = Parameters.self, lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false) {
        self.learningRate = LearningRateSchedule(base: lr)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    public var name: String { "Adam" }
    public var hyperparameters: [Hyperparameter] {
        Hyperparameter.betas(beta1, beta2) + [.eps(epsilon, default: 1e-8), .weightDecay(weightDecay),
                                              .flag("amsgrad", amsgrad, summary: "1 to use the running maximum of v (AMSGrad)")]
    }
    public var stateNames: [String] { Self.stateNames(["m", "v"]) }
    @_specialize(where Parameters == Vector2)
    public func appendState(to values: inout [Double]) {
        Self.append(m, to: &values)
        Self.append(v, to: &values)
    }

    @_specialize(where Parameters == [Double])
    @_specialize(where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let t = Double(context.t)
        let stepSize = context.learningRate / (1 - cPow(beta1, t))
        let biasCorrection2Sqrt = (1 - cPow(beta2, t)).squareRoot()
        m = m.sized(like: theta)
        v = v.sized(like: theta)
        if amsgrad { vMax = vMax.sized(like: theta) }
        let (beta1, beta2, epsilon, weightDecay, amsgrad) = (beta1, beta2, epsilon, weightDecay, amsgrad)
        for i in 0..<theta.scalarCount {
            var g = gradient[i]
            if weightDecay != 0 { g = g + weightDecay * theta[i] }
            let mi = lerp(m[i], g, 1 - beta1)
            let vi = v[i] * beta2 + (g * g) * (1 - beta2)
            m[i] = mi
            v[i] = vi
            var second = vi
            if amsgrad {
                let previous = vMax[i]
                second = previous < vi ? vi : previous
                vMax[i] = second
            }
            let denominator = second.squareRoot() / biasCorrection2Sqrt + epsilon
            theta[i] = theta[i] + (-stepSize) * (mi / denominator)
        }
    }
}

extension Adam where Parameters == Vector2 {
    /// Adam in the plane.
    public init(lr: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0, amsgrad: Bool = false) {
        self.init(Vector2.self, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}
