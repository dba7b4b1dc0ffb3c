import Landscapes

/// Damped Newton's method with the analytic Hessian.
///
///     d ← H⁻¹·g   where H = ∇²f(θₜ) is positive definite (f″ > 0 on a curve)
///     θₜ₊₁ ← θₜ − γ·d
///
/// Where H is not positive definite (near a maximum or a saddle, where the Newton step would climb),
/// it takes a gradient step θₜ₊₁ ← θₜ − γ_f·g instead, with γ_f = `fallback`. With γ = 1 it reaches
/// the minimum of a quadratic in one step.
///
/// It works in the plane only (the Hessian is 2×2); on a curve (``StepContext/dimension`` 1) it
/// uses f″ alone.
public struct Newton: Optimizer {
    /// γ (1: the full Newton step).
    public var learningRate: LearningRateSchedule
    public var fallbackRate: Double
    /// Steps that fell back to a gradient step so far.
    public private(set) var fallbacks = 0

    public init(lr: Double = 1, fallbackRate: Double = 0.01) {
        self.learningRate = LearningRateSchedule(base: lr)
        self.fallbackRate = fallbackRate
    }

    public var name: String { "Newton" }
    public var hyperparameters: [Hyperparameter] {
        [Hyperparameter("fallback", fallbackRate, default: 0.01, constraint: .positive,
                        summary: "gradient step size where H is not positive definite")]
    }
    public var stateNames: [String] { ["fallbacks"] }
    public var needsHessian: Bool { true }

    public mutating func step(_ theta: inout Vector2, gradient g: Vector2, context: StepContext) {
        let h = context.hessian ?? .zero
        if context.dimension == 1 {
            if h.xx > 0 {
                theta.x -= context.learningRate * (g.x / h.xx)
                return
            }
        } else if h.isPositiveDefinite, let d = h.solve(g) {
            theta = theta - context.learningRate * d
            return
        }
        fallbacks += 1
        theta = theta - fallbackRate * g
    }

    public func appendState(to values: inout [Double]) { values.append(Double(fallbacks)) }
}
