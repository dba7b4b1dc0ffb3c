/// Exponentially weighted moving averages, as momentum and Adam keep them.
///
/// For values x₀, x₁, …:
///
///     vₜ = β·vₜ₋₁ + (1 − β)·xₜ
///
/// started at v₀ = x₀ (``average(_:beta:)``), or at zero as Adam starts its moments, v₋₁ = 0,
/// which pulls the first averages towards 0 by a factor 1 − β^(t+1); the bias correction
/// vₜ / (1 − β^(t+1)) removes it (``zeroStarted(_:beta:corrected:)``). With t counted from 1, as
/// Adam counts its steps, that is m̂ₜ = mₜ / (1 − βᵗ).
public enum EWMA {
    /// vₜ = β·vₜ₋₁ + (1 − β)·xₜ with v₀ = x₀.
    public static func average(_ values: [Double], beta: Double) -> [Double] {
        guard let first = values.first else { return [] }
        var v = first
        return values.enumerated().map { t, x in
            if t > 0 { v = beta * v + (1 - beta) * x }
            return v
        }
    }

    /// vₜ = β·vₜ₋₁ + (1 − β)·xₜ with v₋₁ = 0; with `corrected`, vₜ / (1 − β^(t+1)).
    public static func zeroStarted(_ values: [Double], beta: Double, corrected: Bool) -> [Double] {
        var v = 0.0, power = 1.0
        return values.map { x in
            v = beta * v + (1 - beta) * x
            power *= beta
            return corrected ? v / (1 - power) : v
        }
    }
}
