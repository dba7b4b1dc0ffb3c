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
/// b₁ = g rather than (1 − μ)g.
///
/// ```swift
/// var sgd = SGD(momentum: 0.9)
/// var theta: Vector2 = [10, 0]
/// sgd.step(&theta, gradient: [20, 0], context: StepContext(t: 1, learningRate: 0.1, momentum: 0.9))
/// theta.x   // 8.0
/// ```
public struct SGD<Parameters: ParameterVector>: UpdateRule {
    public var dampening: Double
    public var nesterov: Bool
    public var weightDecay: Double
    /// PyTorch's momentum buffer b (the heavy-ball velocity divided by the learning rate).
    public private(set) var buffer = Parameters()
    let usesMomentum: Bool

    /// - Parameter momentum: whether the optimizer keeps a momentum buffer; the coefficient itself
    ///   comes from each step's context so that it can be annealed.
    public init(_ parameters: Parameters.Type = Parameters.self, momentum: Double = 0, dampening: Double = 0,
                nesterov: Bool = false, weightDecay: Double = 0) {
        self.usesMomentum = momentum != 0 || nesterov
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    @_specialize(exported: true, where Parameters == [Double])
    @_specialize(exported: true, where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let mu = context.momentum, lr = context.learningRate
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
    public init(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0) {
        self.init(Vector2.self, momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
    }
}

extension SGD: Optimizer where Parameters == Vector2 {
    public var stateNames: [String] { usesMomentum ? ["buf_x", "buf_y"] : [] }

    public func appendState(to values: inout [Double]) {
        if usesMomentum {
            values.append(buffer.x)
            values.append(buffer.y)
        }
    }
}
