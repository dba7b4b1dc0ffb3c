import Landscapes

/// RMSprop (Tieleman & Hinton, 2012), exactly as PyTorch's `torch.optim.RMSprop`, with its
/// centred and momentum variants, over the plane (`RMSprop()`) or a flat parameter vector
/// (`RMSprop<[Double]>()`).
///
/// With learning rate γ, smoothing α, ε, momentum μ and weight decay λ, from v₀ = ḡ₀ = b₀ = 0:
///
///     g  ← ∇f(θₜ) + λ·θₜ
///     vₜ ← α·vₜ₋₁ + (1 − α)·g²
///     ḡₜ ← ḡₜ₋₁ + (1 − α)·(g − ḡₜ₋₁)           (centred only)
///     d  ← √(vₜ − ḡₜ²) + ε  (centred)  or  √vₜ + ε
///     bₜ ← μ·bₜ₋₁ + g/d,  θₜ₊₁ ← θₜ − γ·bₜ      (μ > 0)
///     θₜ₊₁ ← θₜ − γ·g/d                          (μ = 0)
public struct RMSprop<Parameters: ParameterVector>: Optimizer {
    /// γ (PyTorch's default 10⁻²).
    public var learningRate: LearningRateSchedule
    public var alpha: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var centered: Bool
    /// μ, constant or annealed; 0 for none.
    public var momentum: MomentumSchedule
    let usesMomentum: Bool
    /// The running mean of squared gradients v.
    public private(set) var squareAverage = Parameters()
    /// The running mean of gradients ḡ (centred only).
    public private(set) var gradientAverage = Parameters()
    /// The momentum buffer b.
    public private(set) var buffer = Parameters()

    public init(_ parameters: Parameters.Type = Parameters.self, lr: Double = 1e-2, alpha: Double = 0.99,
                epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, annealing: MomentumSchedule? = nil, centered: Bool = false) {
        self.learningRate = LearningRateSchedule(base: lr)
        self.momentum = annealing ?? MomentumSchedule(base: momentum)
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.centered = centered
        self.usesMomentum = self.momentum.base > 0 || self.momentum.isAnnealed
    }

    public var name: String { "RMSprop" }
    /// α (always shown in labels), ε, λ, μ, centred, and the annealing keys when μ is annealed.
    public var hyperparameters: [Hyperparameter] {
        [Hyperparameter("alpha", alpha, default: 0.99, constraint: .fraction, alwaysShown: true, summary: "smoothing constant α"),
         .eps(epsilon, default: 1e-8), .weightDecay(weightDecay),
         Hyperparameter("momentum", momentum.base, default: 0, constraint: .unitInterval, summary: "momentum coefficient μ"),
         .flag("centered", centered, summary: "1 to normalise by the variance estimate")]
            + (momentum.isAnnealed ? momentum.hyperparameters : [])
    }
    public var stateNames: [String] {
        Self.stateNames(["v"] + (centered ? ["gavg"] : []) + (usesMomentum ? ["buf"] : []))
    }
    @_specialize(where Parameters == Vector2)
    public func appendState(to values: inout [Double]) {
        Self.append(squareAverage, to: &values)
        if centered { Self.append(gradientAverage, to: &values) }
        if usesMomentum { Self.append(buffer, to: &values) }
    }

    @_specialize(where Parameters == [Double])
    @_specialize(where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let (alpha, epsilon, weightDecay, centered, usesMomentum) = (alpha, epsilon, weightDecay, centered, usesMomentum)
        let mu = momentum.value(at: context.t), lr = context.learningRate
        squareAverage = squareAverage.sized(like: theta)
        if centered { gradientAverage = gradientAverage.sized(like: theta) }
        if usesMomentum { buffer = buffer.sized(like: theta) }
        for i in 0..<theta.scalarCount {
            var g = gradient[i]
            if weightDecay != 0 { g = g + weightDecay * theta[i] }
            let v = squareAverage[i] * alpha + (g * g) * (1 - alpha)
            squareAverage[i] = v
            var avg: Double
            if centered {
                let mean = lerp(gradientAverage[i], g, 1 - alpha)
                gradientAverage[i] = mean
                avg = (v + (mean * mean) * -1).squareRoot()
            } else {
                avg = v.squareRoot()
            }
            avg = avg + epsilon
            if usesMomentum {
                let b = buffer[i] * mu + g / avg
                buffer[i] = b
                theta[i] = theta[i] + (-lr) * b
            } else {
                theta[i] = theta[i] + (-lr) * (g / avg)
            }
        }
    }
}

extension RMSprop where Parameters == Vector2 {
    /// RMSprop in the plane.
    public init(lr: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0,
                momentum: Double = 0, annealing: MomentumSchedule? = nil, centered: Bool = false) {
        self.init(Vector2.self, lr: lr, alpha: alpha, epsilon: epsilon, weightDecay: weightDecay, momentum: momentum, annealing: annealing, centered: centered)
    }
}
