/// SplitMix64 (Steele, Lea & Flood, 2014): a small, fast, seeded generator that gives the same
/// sequence on every machine. All randomness in landscape comes from it, never from the system.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// rng.next()                 // 0xbdd732262feb6e95
/// rng.uniform(in: -1...1)    // a Double in [-1, 1]
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform Double in the closed range (the upper end is reached only by rounding).
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }
}
