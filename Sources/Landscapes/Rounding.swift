/// Rounding for numbers that people read: suggested learning rates, domain bounds, start points.
public enum Rounding {
    /// `x` rounded to `digits` significant decimal digits, e.g. 1.8/50 → 0.036 (not
    /// 0.036000000000000004). Scaling is by exact powers of ten, so the result prints short.
    public static func significant(_ x: Double, digits: Int = 3) -> Double {
        guard x.isFinite, x != 0, digits > 0 else { return x }
        let shift = digits - 1 - decade(abs(x))
        // Powers of ten up to 10²² are exact doubles, so the scaled value rounds correctly and the
        // result prints short. Beyond that (tiny, subnormal or huge numbers) round the decimal text.
        guard abs(shift) <= 22 else { return significantByText(x, digits: digits) }
        let factor = powerOfTen(abs(shift))
        return shift >= 0 ? (x * factor).rounded() / factor : (x / factor).rounded() * factor
    }

    /// Rounds the shortest round-trip decimal text of `x` to `digits` digits (half away from
    /// zero) and reads it back: 4.3499999999999973e-97 → 4.35e-97, 5e-324 → 5e-324.
    static func significantByText(_ x: Double, digits: Int) -> Double {
        let text = abs(x).description
        let parts = text.split(separator: "e", maxSplits: 1)
        var exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        var decimals: [UInt8] = []
        var pointSeen = false
        for c in parts[0].utf8 {
            if c == UInt8(ascii: ".") { pointSeen = true; continue }
            guard c >= 48, c <= 57 else { return x }
            decimals.append(c - 48)
            if pointSeen { exponent -= 1 }
        }
        // x = D × 10^exponent with D the digits as an integer; drop leading zeros.
        while decimals.first == 0 { decimals.removeFirst() }
        guard !decimals.isEmpty else { return x }
        if decimals.count > digits {
            let roundUp = decimals[digits] >= 5
            exponent += decimals.count - digits
            decimals.removeLast(decimals.count - digits)
            if roundUp {
                var k = decimals.count - 1
                while k >= 0 {
                    if decimals[k] < 9 { decimals[k] += 1; break }
                    decimals[k] = 0
                    k -= 1
                }
                if k < 0 { decimals.insert(1, at: 0) }
            }
        }
        let mantissa = String(decoding: decimals.map { $0 + 48 }, as: UTF8.self)
        guard let value = Double(mantissa + "e" + String(exponent)) else { return x }
        return x < 0 ? -value : value
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
