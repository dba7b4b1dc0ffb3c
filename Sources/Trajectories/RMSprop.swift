import Landscapes

/// RMSprop (Tieleman & Hinton, 2012), exactly as PyTorch's `torch.optim.RMSprop`, with its
/// centred and momentum variants.
///
/// With learning rate γ, smoothing α, ε, momentum μ and weight decay λ, from v₀ = ḡ₀ = b₀ = 0:
///
///     g  ← ∇f(θₜ) + λ·θₜ
///     vₜ ← α·vₜ₋₁ + (1 − α)·g²
///     ḡₜ ← ḡₜ₋₁ + (1 − α)·(g − ḡₜ₋₁)           (centred only)
///     d  ← √(vₜ − ḡₜ²) + ε  (centred)  or  √vₜ + ε
///     bₜ ← μ·bₜ₋₁ + g/d,  θₜ₊₁ ← θₜ − γ·bₜ      (μ > 0)
///     θₜ₊₁ ← θₜ − γ·g/d                          (μ = 0)
public struct RMSprop: Optimizer {
    public var alpha: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var centered: Bool
    let usesMomentum: Bool
    /// The running mean of squared gradients v.
    public private(set) var squareAverage: Vector2 = .zero
    /// The running mean of gradients ḡ (centred only).
    public private(set) var gradientAverage: Vector2 = .zero
    /// The momentum buffer b.
    public private(set) var buffer: Vector2 = .zero

    public init(alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.centered = centered
        self.usesMomentum = momentum > 0
    }

    public var stateNames: [String] {
        var names = ["v_x", "v_y"]
        if centered { names += ["gavg_x", "gavg_y"] }
        if usesMomentum { names += ["buf_x", "buf_y"] }
        return names
    }

    public mutating func step(_ theta: inout Vector2, gradient: Vector2, context: StepContext) {
        var g = gradient
        if weightDecay != 0 { g = g + weightDecay * theta }
        squareAverage = squareAverage * alpha + (g * g) * (1 - alpha)
        var avg: Vector2
        if centered {
            gradientAverage = Adam.lerp(gradientAverage, g, 1 - alpha)
            avg = (squareAverage + (gradientAverage * gradientAverage) * -1).squareRoot()
        } else {
            avg = squareAverage.squareRoot()
        }
        avg = avg + epsilon
        if usesMomentum {
            buffer = buffer * context.momentum + g / avg
            theta = theta + (-context.learningRate) * buffer
        } else {
            theta = theta + (-context.learningRate) * (g / avg)
        }
    }

    public func appendState(to values: inout [Double]) {
        values.append(squareAverage.x)
        values.append(squareAverage.y)
        if centered {
            values.append(gradientAverage.x)
            values.append(gradientAverage.y)
        }
        if usesMomentum {
            values.append(buffer.x)
            values.append(buffer.y)
        }
    }
}
