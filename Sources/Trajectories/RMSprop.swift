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
public struct RMSprop<Parameters: ParameterVector>: UpdateRule {
    public var alpha: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var centered: Bool
    let usesMomentum: Bool
    /// The running mean of squared gradients v.
    public private(set) var squareAverage = Parameters()
    /// The running mean of gradients ḡ (centred only).
    public private(set) var gradientAverage = Parameters()
    /// The momentum buffer b.
    public private(set) var buffer = Parameters()

    public init(_ parameters: Parameters.Type = Parameters.self, alpha: Double = 0.99, epsilon: Double = 1e-8,
                weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.centered = centered
        self.usesMomentum = momentum > 0
    }

    @_specialize(exported: true, where Parameters == [Double])
    @_specialize(exported: true, where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let (alpha, epsilon, weightDecay, centered, usesMomentum) = (alpha, epsilon, weightDecay, centered, usesMomentum)
        let mu = context.momentum, lr = context.learningRate
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
    public init(alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false) {
        self.init(Vector2.self, alpha: alpha, epsilon: epsilon, weightDecay: weightDecay, momentum: momentum, centered: centered)
    }
}

extension RMSprop: Optimizer where Parameters == Vector2 {
    public var stateNames: [String] {
        var names = ["v_x", "v_y"]
        if centered { names += ["gavg_x", "gavg_y"] }
        if usesMomentum { names += ["buf_x", "buf_y"] }
        return names
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
