/// Rounding for numbers that people read: suggested learning rates, domain bounds, start points.
public enum Rounding {
    /// `x` rounded to `digits` significant decimal digits, e.g. 1.8/50 → 0.036 (not
    /// 0.036000000000000004). Scaling is by exact powers of ten, so the result prints short.
    public static func significant(_ x: Double, digits: Int = 3) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let shift = digits - 1 - decade(abs(x))
        let factor = powerOfTen(abs(shift))
        return shift >= 0 ? (x * factor).rounded() / factor : (x / factor).rounded() * factor
    }

    /// The interval widened to multiples of a round step (a power of ten at most a tenth of its
    /// width), e.g. [−1.949, 9.749] → [−2, 10].
    public static func outward(_ lo: Double, _ hi: Double) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite, hi > lo else { return (lo, hi) }
        let power = decade((hi - lo) / 10)
        let step = powerOfTen(abs(power))
        if power >= 0 { return ((lo / step).rounded(.down) * step, (hi / step).rounded(.up) * step) }
        return ((lo * step).rounded(.down) / step, (hi * step).rounded(.up) / step)
    }

    /// The decimal exponent e with 10ᵉ ≤ x < 10ᵉ⁺¹ (x > 0), found by exact scaling.
    static func decade(_ x: Double) -> Int {
        var e = 0
        var m = x
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }

    static func powerOfTen(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }
}
