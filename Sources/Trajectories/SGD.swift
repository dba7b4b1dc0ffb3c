import Landscapes

/// Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, exactly as
/// PyTorch's `torch.optim.SGD`.
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
/// b₁ = g rather than (1 − μ)g.
///
/// ```swift
/// var sgd = SGD(momentum: 0.9)
/// var theta: Vector2 = [10, 0]
/// sgd.step(&theta, gradient: [20, 0], context: StepContext(t: 1, learningRate: 0.1, momentum: 0.9))
/// theta.x   // 8.0
/// ```
public struct SGD: Optimizer {
    public var dampening: Double
    public var nesterov: Bool
    public var weightDecay: Double
    /// PyTorch's momentum buffer b (the heavy-ball velocity divided by the learning rate).
    public private(set) var buffer: Vector2 = .zero
    private let usesMomentum: Bool

    /// - Parameter momentum: whether the optimizer keeps a momentum buffer; the coefficient itself
    ///   comes from each step's context so that it can be annealed.
    public init(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        self.usesMomentum = momentum != 0 || nesterov
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public var stateNames: [String] { usesMomentum ? ["buf_x", "buf_y"] : [] }

    public mutating func step(_ theta: inout Vector2, gradient: Vector2, context: StepContext) {
        var g = gradient
        if weightDecay != 0 { g = g + weightDecay * theta }
        if usesMomentum {
            let mu = context.momentum
            if context.t == 1 {
                buffer = g
            } else {
                buffer = mu * buffer + (1 - dampening) * g
            }
            g = nesterov ? g + mu * buffer : buffer
        }
        theta = theta + (-context.learningRate) * g
    }

    public func appendState(to values: inout [Double]) {
        if usesMomentum {
            values.append(buffer.x)
            values.append(buffer.y)
        }
    }
}
