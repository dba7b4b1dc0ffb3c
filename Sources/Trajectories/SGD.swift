import Landscapes

/// Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, exactly as
/// PyTorch's `torch.optim.SGD`, over the plane (`SGD()`) or a flat parameter vector (`SGD<[Double]>()`).
///
/// With learning rate γ, momentum μ, dampening τ and weight decay λ, step t computes
///
///     g  ← ∇f(θₜ) + λ·θₜ
///     b₁ ← g                                   (first step)
///     bₜ ← μ·bₜ₋₁ + (1 − τ)·g                  (t > 1)
///     d  ← g + μ·bₜ  (Nesterov)  or  bₜ  (otherwise);   d ← g when μ = 0
///     θₜ₊₁ ← θₜ − γ·d
///
/// With τ = 0 this is the heavy-ball method v ← μv + γg, θ ← θ − v, with velocity v = γ·b.
/// With τ = μ it is the exponential moving average v ← μv + (1 − μ)g, θ ← θ − γv, which is the same
/// path as heavy ball with the learning rate scaled by (1 − μ), except that PyTorch's first step sets
/// b₁ = g rather than (1 − μ)g. The momentum μ may be annealed (``MomentumSchedule/annealed(from:to:steps:)``),
/// μₜ in place of μ at step t.
///
/// Its name says which of the textbook methods it is: `GD` without momentum, `Momentum` with it,
/// `Nesterov` with Nesterov momentum; stochastic runs of any of them are `SGD`
/// (``OptimizerCatalog`` names them so).
///
/// ```swift
/// var sgd = SGD(lr: 0.1, momentum: 0.9)
/// var theta: Vector2 = [10, 0]
/// sgd.step(&theta, gradient: [20, 0], context: StepContext(t: 1, learningRate: 0.1))
/// theta.x   // 8.0
/// ```
public struct SGD<Parameters: ParameterVector>: Optimizer {
    /// γ (PyTorch's default 10⁻³).
    public var learningRate: LearningRateSchedule
    /// μ, constant or annealed; 0 for plain gradient descent.
    public var momentum: MomentumSchedule
    public var dampening: Double
    public var nesterov: Bool
    public var weightDecay: Double
    /// PyTorch's momentum buffer b (the heavy-ball velocity divided by the learning rate).
    public private(set) var buffer = Parameters()
    let usesMomentum: Bool

    public init(_ parameters: Parameters.Type = Parameters.self, lr: Double = 1e-3, momentum: Double = 0, annealing: MomentumSchedule? = nil,
                dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        self.learningRate = LearningRateSchedule(base: lr)
        self.momentum = annealing ?? MomentumSchedule(base: momentum)
        self.usesMomentum = self.momentum.base != 0 || self.momentum.isAnnealed || nesterov
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public var name: String { nesterov ? "Nesterov" : usesMomentum ? "Momentum" : "GD" }

    /// μ (always shown in labels when there is momentum, default 0.9 as the catalog's `momentum`
    /// and `nesterov`), the annealing keys when μ is annealed, τ, λ.
    public var hyperparameters: [Hyperparameter] {
        var out: [Hyperparameter] = []
        if usesMomentum {
            out.append(Hyperparameter("momentum", momentum.base, default: 0.9, constraint: .unitInterval, alwaysShown: true,
                                      summary: "momentum coefficient μ"))
            if !nesterov { out.append(Hyperparameter("dampening", dampening, default: 0, constraint: .unitInterval, summary: "dampening τ")) }
        }
        out.append(.weightDecay(weightDecay))
        if momentum.isAnnealed { out += momentum.hyperparameters }
        return out
    }
    public var stateNames: [String] { usesMomentum ? Self.stateNames(["buf"]) : [] }
    @_specialize(where Parameters == Vector2)
    public func appendState(to values: inout [Double]) { if usesMomentum { Self.append(buffer, to: &values) } }

    @_specialize(where Parameters == [Double])
    @_specialize(where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let mu = momentum.value(at: context.t), lr = context.learningRate
        let (dampening, nesterov, weightDecay, usesMomentum) = (dampening, nesterov, weightDecay, usesMomentum)
        let first = context.t == 1
        if usesMomentum { buffer = buffer.sized(like: theta) }
        for i in 0..<theta.scalarCount {
            var g = gradient[i]
            if weightDecay != 0 { g = g + weightDecay * theta[i] }
            if usesMomentum {
                let b = first ? g : mu * buffer[i] + (1 - dampening) * g
                buffer[i] = b
                g = nesterov ? g + mu * b : b
            }
            theta[i] = theta[i] + (-lr) * g
        }
    }
}

extension SGD where Parameters == Vector2 {
    /// SGD in the plane.
    public init(lr: Double = 1e-3, momentum: Double = 0, annealing: MomentumSchedule? = nil, dampening: Double = 0, nesterov: Bool = false,
                weightDecay: Double = 0) {
        self.init(Vector2.self, lr: lr, momentum: momentum, annealing: annealing, dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
    }
}

extension MomentumSchedule {
    /// The annealing keys `momentum_from`, `momentum_to`, `anneal_steps` with their values.
    var hyperparameters: [Hyperparameter] {
        [Hyperparameter("momentum_from", from, default: 0.5, constraint: .unitInterval, summary: "annealed momentum at step 1"),
         Hyperparameter("momentum_to", to, default: 0.9, constraint: .unitInterval, summary: "annealed momentum from anneal_steps on"),
         Hyperparameter("anneal_steps", Double(steps), default: 0, constraint: .count, summary: "steps over which momentum is annealed")]
    }
}
