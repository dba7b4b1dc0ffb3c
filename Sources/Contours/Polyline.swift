import Landscapes

/// A chain of points in data coordinates: a closed ring or an open line that ends on the border
/// of the grid (or of a masked region).
public struct Polyline: Hashable, Sendable {
    public var points: [Vector2]
    /// Whether the last point joins back to the first (the first point is not repeated).
    public var isClosed: Bool

    public init(points: [Vector2], isClosed: Bool) {
        self.points = points
        self.isClosed = isClosed
    }

    /// Twice the signed area (shoelace); positive for a counter-clockwise ring.
    public var signedArea: Double {
        guard points.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = points[points.count - 1]
        for p in points {
            sum += previous.x * p.y - p.x * previous.y
            previous = p
        }
        return 0.5 * sum
    }
}
