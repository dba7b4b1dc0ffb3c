import Landscapes

/// A map from data values on one axis to device coordinates: linear, logarithmic, or symmetric
/// logarithmic (`symlog(_:)`: linear within ±t, logarithmic beyond, for values of both signs).
///
/// ```swift
/// let x = Scale(domain: -3...3, range: 100...500)
/// x(0)        // 300
/// ```
public struct Scale: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case linear, log
        /// sign(v)·log₁₀(1 + |v|/t), t > 0 (matplotlib's `SymLogNorm` with base 10 and a linear
        /// scale of 1/ln 10): linear near 0, logarithmic beyond ±t.
        case symlog(Double)
    }
    public var kind: Kind
    public var domain: ClosedRange<Double>
    /// Device coordinates of `domain.lowerBound` and `domain.upperBound` (may decrease, as y does).
    public var start: Double
    public var end: Double

    public init(kind: Kind = .linear, domain: ClosedRange<Double>, range: ClosedRange<Double>, reversed: Bool = false) {
        self.kind = kind
        self.domain = domain
        self.start = reversed ? range.upperBound : range.lowerBound
        self.end = reversed ? range.lowerBound : range.upperBound
    }

    @inlinable func transformed(_ v: Double) -> Double {
        switch kind {
        case .linear: return v
        case .log: return cLog10(v)
        case let .symlog(t): return Self.symlog(v, t)
        }
    }

    /// sign(v)·log₁₀(1 + |v|/t).
    public static func symlog(_ v: Double, _ t: Double) -> Double {
        let m = cLog10(1 + Swift.abs(v) / t)
        return v < 0 ? -m : m
    }

    /// The inverse of ``symlog(_:_:)``.
    public static func symexp(_ u: Double, _ t: Double) -> Double {
        let m = t * (cPow(10, Swift.abs(u)) - 1)
        return u < 0 ? -m : m
    }

    /// The device coordinate of a data value.
    public func callAsFunction(_ v: Double) -> Double {
        let a = transformed(domain.lowerBound), b = transformed(domain.upperBound)
        return start + spanFraction(transformed(v), from: a, to: b) * (end - start)
    }
}

/// The data→device mapping of a panel: x to the right, y up.
public struct PlotTransform: Sendable, Hashable {
    public var x: Scale
    public var y: Scale

    public init(x: Scale, y: Scale) {
        self.x = x
        self.y = y
    }

    /// Maps the domain onto `rect` with y pointing up.
    public init(domain: Domain, rect: Rect) {
        x = Scale(domain: domain.xmin...domain.xmax, range: rect.minX...rect.maxX)
        y = Scale(domain: domain.ymin...domain.ymax, range: rect.minY...rect.maxY, reversed: true)
    }

    public func callAsFunction(_ p: Vector2) -> Point { Point(x(p.x), y(p.y)) }
}
