/// Normal variates from ``SplitMix64`` by Marsaglia's polar method, computed with IEEE arithmetic
/// and square roots only (the logarithm is our own, ``portableLog(_:)``), so the same seed gives
/// the same numbers bit for bit on every machine and every C library.
///
/// ```swift
/// var normal = NormalGenerator(seed: 0)
/// let e = normal.next(mean: 0, standardDeviation: 0.5)
/// ```
public struct NormalGenerator: Sendable {
    public private(set) var uniform: SplitMix64
    private var spare: Double?

    public init(seed: UInt64) { uniform = SplitMix64(seed: seed) }

    /// A standard normal variate.
    public mutating func next() -> Double {
        if let s = spare {
            spare = nil
            return s
        }
        while true {
            let u = 2 * uniform.unit() - 1
            let v = 2 * uniform.unit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * portableLog(s) / s).squareRoot()
                spare = v * factor
                return u * factor
            }
        }
    }

    /// A normal variate with the given mean and standard deviation.
    public mutating func next(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * next()
    }
}

/// The natural logarithm of a positive finite x, from +, −, ×, ÷ only, so identical on every
/// IEEE-754 machine. As in fdlibm: x = (1 + f)·2ᵉ with 1 + f in [√½, √2), s = f/(2 + f), and
///
///     log(1 + f) = f − (½f² − s·(½f² + R)),   R = Σₖ 2s²ᵏ/(2k + 1)
///
/// with ln 2 split in two parts so that e·ln 2 adds no rounding error. Accurate to within one unit
/// in the last place.
public func portableLog(_ x: Double) -> Double {
    precondition(x > 0 && x.isFinite, "portableLog needs a positive finite number")
    var m = x.significand  // in [1, 2)
    var e = Double(x.exponent)
    if m > 1.4142135623730951 {
        m /= 2
        e += 1
    }
    let f = m - 1  // exact (Sterbenz)
    let s = f / (2 + f)
    let z = s * s
    // R(z) = 2z/3 + 2z²/5 + …; z < 0.0295, so terms up to z¹¹ reach below 2⁻⁵³·z.
    var r = 0.0
    var k = 23.0
    while k >= 3 {
        r = z * (2 / k + r)
        k -= 2
    }
    let hfsq = 0.5 * f * f
    let ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
    return e * ln2Hi - ((hfsq - (s * (hfsq + r) + e * ln2Lo)) - f)
}
