import Landscapes

/// How contour levels are chosen for a field.
///
/// ```swift
/// let levels = LevelPicker.nice(12).levels(for: grid)    // round values across the data
/// ```
public enum LevelPicker: Sendable, Hashable {
    /// About n round values (multiples of 1, 2, 2.5 or 5 times a power of ten) spanning the data,
    /// like matplotlib's default: asking for 30 gives the nicest set of at most 30 levels.
    case nice(Int)
    /// Exactly n evenly spaced values from the minimum to the maximum, both included.
    case linear(Int)
    /// n values evenly spaced in log₁₀ from the smallest positive value to the maximum.
    case log(Int)
    /// n values at evenly spaced quantiles of the finite data (minimum and maximum included).
    case quantile(Int)
    /// The values given, sorted, without duplicates.
    case explicit([Double])

    /// The levels for the finite values of `grid`; empty when it has none.
    public func levels(for grid: Grid) -> [Double] {
        switch self {
        case let .explicit(values):
            return Array(Set(values.filter(\.isFinite))).sorted()
        case let .quantile(n):
            let sorted = grid.values.filter(\.isFinite).sorted()
            guard !sorted.isEmpty, n >= 1 else { return [] }
            if n == 1 { return [sorted[sorted.count / 2]] }
            var result: [Double] = []
            for k in 0..<n {
                let position = Double(k) * Double(sorted.count - 1) / Double(n - 1)
                let lo = Int(position.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
                let f = position - Double(lo)
                let v = spanPoint(from: sorted[lo], to: sorted[hi], at: f)
                if result.last != v { result.append(v) }
            }
            return result
        default:
            guard let range = grid.finiteRange else { return [] }
            return levels(min: range.min, max: range.max)
        }
    }

    /// The levels for data spanning `[min, max]` (not for `quantile`, which needs the data).
    public func levels(min lo: Double, max hi: Double) -> [Double] {
        switch self {
        case let .nice(n):
            return NiceNumbers.ticks(from: lo, to: hi, maxIntervals: Swift.max(1, n), covering: true)
        case let .linear(n):
            guard n >= 2, hi > lo else { return n >= 1 ? [lo] : [] }
            return (0..<n).map { k in k == n - 1 ? hi : spanPoint(from: lo, to: hi, at: Double(k) / Double(n - 1)) }
        case let .log(n):
            let bottom = lo > 0 ? lo : hi * 1e-6
            guard hi > 0, n >= 2, hi > bottom else { return [] }
            let a = cLog10(bottom), b = cLog10(hi)
            return (0..<n).map { k in cPow(10, a + Double(k) * (b - a) / Double(n - 1)) }
        case let .explicit(values):
            return LevelPicker.explicit(values).levels(for: Grid(domain: .square(1), nx: 2, ny: 2, values: [0, 0, 0, 0]))
        case .quantile:
            return LevelPicker.linear(2).levels(min: lo, max: hi)
        }
    }
}
