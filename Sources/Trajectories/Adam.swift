import Landscapes

/// Adam (Kingma & Ba, 2015) with bias correction and optional AMSGrad, exactly as PyTorch's
/// `torch.optim.Adam`.
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
/// var adam = Adam()
/// var theta: Vector2 = [1, 1]
/// adam.step(&theta, gradient: [2, 2], context: StepContext(t: 1, learningRate: 0.1))
/// theta   // ≈ (0.9, 0.9): the first step has length ≈ γ in every coordinate
/// ```
public struct Adam: Optimizer {
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var amsgrad: Bool
    /// The first-moment estimate m.
    public private(set) var m: Vector2 = .zero
    /// The second-moment estimate v.
    public private(set) var v: Vector2 = .zero
    /// The running maximum of v (AMSGrad only).
    public private(set) var vMax: Vector2 = .zero

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
    }

    public var stateNames: [String] { ["m_x", "m_y", "v_x", "v_y"] }

    public mutating func step(_ theta: inout Vector2, gradient: Vector2, context: StepContext) {
        var g = gradient
        if weightDecay != 0 { g = g + weightDecay * theta }
        m = Adam.lerp(m, g, 1 - beta1)
        v = v * beta2 + (g * g) * (1 - beta2)
        let t = Double(context.t)
        let biasCorrection1 = 1 - cPow(beta1, t)
        let biasCorrection2 = 1 - cPow(beta2, t)
        let stepSize = context.learningRate / biasCorrection1
        let biasCorrection2Sqrt = biasCorrection2.squareRoot()
        let second: Vector2
        if amsgrad {
            vMax = pointwiseMax(vMax, v)
            second = vMax
        } else {
            second = v
        }
        let denominator = second.squareRoot() / biasCorrection2Sqrt + epsilon
        theta = theta + (-stepSize) * (m / denominator)
    }

    /// PyTorch's `lerp(start, end, w)`: start + w·(end − start) for w < ½, else end − (end − start)·(1 − w).
    @inlinable static func lerp(_ start: Vector2, _ end: Vector2, _ w: Double) -> Vector2 {
        w < 0.5 ? start + w * (end - start) : end - (end - start) * (1 - w)
    }

    public func appendState(to values: inout [Double]) {
        values.append(m.x)
        values.append(m.y)
        values.append(v.x)
        values.append(v.y)
    }
}
