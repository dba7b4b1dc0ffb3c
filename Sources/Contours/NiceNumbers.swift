/// Round numbers for ticks and contour levels, in the manner of matplotlib's `MaxNLocator`.
public enum NiceNumbers {
    /// Multiples of a step s·10ᵏ (s in 1, 2, 2.5, 5) that cover `[lo, hi]` with at most `maxCount`
    /// intervals, the smallest such step; values are snapped to the step so `0.30000000000000004`
    /// never appears.
    ///
    /// ```swift
    /// NiceNumbers.ticks(from: 0, to: 1, maxIntervals: 5)      // [0, 0.2, 0.4, 0.6, 0.8, 1]
    /// NiceNumbers.ticks(from: 0.3, to: 18, maxIntervals: 8, covering: true)   // [0, 2.5, 5, …, 20]
    /// ```
    /// The result starts at or below `lo` and ends at or above `hi` (when `covering` is true),
    /// or lies within `[lo, hi]` (when false).
    public static func ticks(from lo: Double, to hi: Double, maxIntervals: Int, covering: Bool = false) -> [Double] {
        guard lo.isFinite, hi.isFinite, maxIntervals >= 1 else { return [] }
        if lo == hi { return [lo] }
        let (a, b) = lo < hi ? (lo, hi) : (hi, lo)
        // A span past the largest double (-1e308 to 1e308) is divided before it is taken.
        let n = Double(maxIntervals)
        let raw = (b - a).isFinite ? (b - a) / n : b / n - a / n
        // A span of a few subnormals has no round step to speak of.
        guard raw.isNormal else { return [a, b] }
        let magnitude = cPow(10, (cLog10(raw)).rounded(.down))
        for multiple in [1.0, 2, 2.5, 5, 10, 20] {
            let step = multiple * magnitude
            guard step.isNormal else { continue }
            let first = covering ? (a / step).rounded(.down) : (a / step - 1e-9).rounded(.up)
            let last = covering ? (b / step).rounded(.up) : (b / step + 1e-9).rounded(.down)
            guard first.isFinite, last.isFinite, last >= first else { continue }
            if last - first <= n {
                // k·step past the largest double is left out (a covering tick cannot be drawn there).
                let ticks = stride(from: first, through: last, by: 1).map { Self.snap($0 * step, step: step) }.filter(\.isFinite)
                return ticks.isEmpty ? [a, b] : ticks
            }
        }
        return [a, b]
    }

    /// Rounds away the binary noise of k·step, keeping the digits the step implies. Values whose
    /// scaled form would not be finite (steps near the subnormal range) are kept as they are.
    static func snap(_ value: Double, step: Double) -> Double {
        guard value.isFinite, step.isNormal else { return value }
        let decimals = max(0, Int((-cLog10(step)).rounded(.up)) + 2)
        guard decimals <= 300 else { return value }
        let scale = cPow(10, Double(decimals))
        let scaled = value * scale
        guard scaled.isFinite, scale.isFinite else { return value }
        let snapped = scaled.rounded() / scale
        return snapped == 0 ? 0 : snapped
    }

    /// Powers of ten (and 2·, 5· multiples when few decades are covered) within `[lo, hi]`, both > 0.
    public static func logTicks(from lo: Double, to hi: Double, maxCount: Int) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let d0 = Int(cLog10(lo).rounded(.down)), d1 = Int(cLog10(hi).rounded(.up))
        let decades = max(1, d1 - d0)
        let mantissas: [Double] = decades * 3 <= maxCount ? [1, 2, 5] : [1]
        let stepDecades = max(1, (decades + maxCount - 1) / max(1, maxCount))
        var result: [Double] = []
        for d in stride(from: d0, through: d1, by: stepDecades) {
            for m in mantissas {
                guard let v = Double("\(Int(m))e\(d)"), v.isFinite, v > 0 else { continue }
                if v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) { result.append(v) }
            }
        }
        return result
    }
}
