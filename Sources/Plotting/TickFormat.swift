import Contours

/// Text for tick labels: as few decimals as tell the ticks apart, a true minus sign (−), and
/// powers of ten with superscripts on log axes.
public enum TickFormat {
    /// Labels for evenly spaced ticks.
    public static func labels(for ticks: [Double]) -> [String] {
        guard ticks.count >= 2 else { return ticks.map { format($0, decimals: 2) } }
        let step = abs(ticks[1] - ticks[0])
        let largest = ticks.map { abs($0) }.max() ?? 0
        if largest >= 1e5 || (largest < 1e-3 && largest > 0) {
            return ticks.map(scientific)
        }
        var decimals = 0
        while decimals < 10 {
            let scale = cPow(10, Double(decimals))
            if abs((step * scale).rounded() - step * scale) < 1e-6 * max(1, step * scale) { break }
            decimals += 1
        }
        return ticks.map { format($0, decimals: decimals) }
    }

    /// A number in Swift's shortest round-trip form with a Unicode minus: `2.5`, `−0.1`, `3`.
    public static func number(_ v: Double) -> String {
        let text = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : v.description
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    /// A number to `digits` significant digits, trailing zeros dropped: `0.0378`, `12.5`, `−3`;
    /// `a×10ⁿ` below 10⁻³ and from 10⁵.
    public static func significant(_ v: Double, digits: Int = 3) -> String {
        guard v != 0, v.isFinite else { return number(v) }
        let magnitude = abs(v)
        guard magnitude >= 1e-3, magnitude < 1e5 else {
            let exponent = cLog10(magnitude).rounded(.down)
            let scale = cPow(10, Double(digits - 1))
            return scientific((v / cPow(10, exponent) * scale).rounded() / scale * cPow(10, exponent))
        }
        let decimals = Swift.max(0, digits - 1 - Int(cLog10(magnitude).rounded(.down)))
        var text = format(v, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A number with a fixed count of decimals and a Unicode minus.
    public static func format(_ v: Double, decimals: Int) -> String {
        let scale = cPow(10, Double(decimals))
        let rounded = (v * scale).rounded() / scale
        // Beyond what a whole number holds (or not a number at all): Swift's own text.
        guard rounded.isFinite, abs(rounded) < 9e18 else { return number(v) }
        if rounded == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let negative = rounded < 0
        let magnitude = abs(rounded)
        let whole = magnitude.rounded(.down)
        var text = String(Int64(whole))
        if decimals > 0 {
            let fraction = Int64(((magnitude - whole) * scale).rounded())
            var digits = String(fraction)
            digits = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
            text += "." + digits
        }
        return (negative ? "−" : "") + text
    }

    /// `a×10ⁿ` or `10ⁿ` for powers of ten.
    public static func scientific(_ v: Double) -> String {
        if v == 0 { return "0" }
        guard v.isFinite else { return number(v) }
        let exponent = Int(cLog10(abs(v)).rounded(.down))
        // 10ⁿ underflows to 0 below 10⁻³⁰⁷ (subnormal values): divide in two steps.
        let mantissa = exponent < -300 ? v * 1e300 / cPow(10, Double(exponent + 300)) : v / cPow(10, Double(exponent))
        let power = "10" + superscript(exponent)
        if abs(abs(mantissa) - 1) < 1e-9 { return (v < 0 ? "−" : "") + power }
        let m = format(mantissa, decimals: abs(mantissa * 10 - (mantissa * 10).rounded()) < 1e-6 ? (abs(mantissa - mantissa.rounded()) < 1e-9 ? 0 : 1) : 2)
        return m + "×" + power
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }

    /// Evenly spaced round ticks within `[lo, hi]`, about `count` of them.
    public static func ticks(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
        NiceNumbers.ticks(from: lo, to: hi, maxIntervals: max(1, count))
    }
}
