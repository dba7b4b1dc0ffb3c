#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inlinable func mathSin(_ x: Double) -> Double { sin(x) }
@inlinable func mathCos(_ x: Double) -> Double { cos(x) }

/// Where `v` lies between `lo` and `hi`: (v − lo)/(hi − lo), computed so that a span past the
/// largest double (from −1.7e308 to 1.7e308) does not overflow to ∞ and give NaN.
///
/// ```swift
/// spanFraction(0, from: -1.7e308, to: 1.7e308)    // 0.5
/// ```
@inlinable public func spanFraction(_ v: Double, from lo: Double, to hi: Double) -> Double {
    let span = hi - lo
    if span.isFinite { return (v - lo) / span }
    return (v / 2 - lo / 2) / (hi / 2 - lo / 2)
}

/// lo + t·(hi − lo), without overflow where hi − lo is past the largest double; a result past it
/// is clamped to ±greatestFiniteMagnitude.
@inlinable public func spanPoint(from lo: Double, to hi: Double, at t: Double) -> Double {
    let span = hi - lo
    let v = span.isFinite ? lo + t * span : lo + t * (hi / 2 - lo / 2) * 2
    if v.isFinite || lo.isNaN || hi.isNaN || t.isNaN { return v.isFinite ? v : (lo.isFinite && hi.isFinite && t.isFinite ? (v > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude) : v) }
    return v
}

/// hi − lo, or the largest finite double where that overflows (a span's size, for comparisons).
@inlinable public func spanWidth(from lo: Double, to hi: Double) -> Double {
    let span = hi - lo
    return span.isFinite || !lo.isFinite || !hi.isFinite ? span : (span > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude)
}
