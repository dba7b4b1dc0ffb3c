import Landscapes

/// Adagrad (Duchi, Hazan & Singer, 2011), exactly as PyTorch's `torch.optim.Adagrad`.
///
/// With learning rate γ, decay η (`lr_decay`), ε and weight decay λ, starting from s₀ = s_init:
///
///     g  ← ∇f(θₜ) + λ·θₜ
///     γₜ ← γ / (1 + (t − 1)·η)
///     sₜ ← sₜ₋₁ + g²
///     θₜ₊₁ ← θₜ − γₜ · g / (√sₜ + ε)
///
/// ```swift
/// var adagrad = Adagrad()
/// var theta: Vector2 = [1, 1]
/// adagrad.step(&theta, gradient: [2, -4], context: StepContext(t: 1, learningRate: 0.1))
/// theta   // ≈ (0.9, 1.1): the first step has length γ in every coordinate
/// ```
public struct Adagrad: Optimizer {
    public var learningRateDecay: Double
    public var epsilon: Double
    public var weightDecay: Double
    /// The accumulated squared gradients s.
    public private(set) var sum: Vector2

    public init(learningRateDecay: Double = 0, epsilon: Double = 1e-10, weightDecay: Double = 0, initialAccumulator: Double = 0) {
        self.learningRateDecay = learningRateDecay
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.sum = Vector2(repeating: initialAccumulator)
    }

    public var stateNames: [String] { ["sum_x", "sum_y"] }

    public mutating func step(_ theta: inout Vector2, gradient: Vector2, context: StepContext) {
        var g = gradient
        if weightDecay != 0 { g = g + weightDecay * theta }
        let clr = context.learningRate / (1 + Double(context.t - 1) * learningRateDecay)
        sum = sum + g * g
        let std = sum.squareRoot() + epsilon
        theta = theta + (-clr) * (g / std)
    }

    public func appendState(to values: inout [Double]) {
        values.append(sum.x)
        values.append(sum.y)
    }
}
