import Landscapes

/// A map from data values on one axis to device coordinates, linear or logarithmic.
///
/// ```swift
/// let x = Scale(domain: -3...3, range: 100...500)
/// x(0)        // 300
/// ```
public struct Scale: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case linear, log }
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

    @inlinable func transformed(_ v: Double) -> Double { kind == .log ? cLog10(v) : v }

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
