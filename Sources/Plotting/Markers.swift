import Landscapes

/// Marker shapes as device-space paths centred on a point.
public enum Marker: Sendable, Hashable {
    case circle
    case star
    case diamond
    case cross
    case triangle
    case square
    /// A triangle pointing along a unit direction: where a path leaves the view.
    case arrow(direction: Point)

    /// The path of the marker with "radius" r (the distance from centre to the outermost point).
    public func path(at c: Point, radius r: Double) -> Path {
        switch self {
        case .circle:
            return .circle(center: c, radius: r)
        case .star:
            var points: [Point] = []
            for k in 0..<10 {
                let angle = -Double.pi / 2 + Double(k) * Double.pi / 5
                let rr = k % 2 == 0 ? r : r * 0.45
                points.append(Point(c.x + rr * cos(angle), c.y + rr * sin(angle)))
            }
            var p = Path()
            p.addPolyline(points, closed: true)
            return p
        case .diamond:
            var p = Path()
            p.addPolyline([Point(c.x, c.y - r), Point(c.x + r * 0.8, c.y), Point(c.x, c.y + r), Point(c.x - r * 0.8, c.y)], closed: true)
            return p
        case .triangle:
            var p = Path()
            p.addPolyline([Point(c.x, c.y - r), Point(c.x + r * 0.866, c.y + r / 2), Point(c.x - r * 0.866, c.y + r / 2)], closed: true)
            return p
        case let .arrow(d):
            let n = Point(-d.y, d.x)
            let tip = Point(c.x + d.x * r, c.y + d.y * r)
            let back = Point(c.x - d.x * r * 0.6, c.y - d.y * r * 0.6)
            var p = Path()
            p.addPolyline([tip, Point(back.x + n.x * r * 0.75, back.y + n.y * r * 0.75), Point(back.x - n.x * r * 0.75, back.y - n.y * r * 0.75)], closed: true)
            return p
        case .square:
            let d = r * 0.82
            return .rect(Rect(x: c.x - d, y: c.y - d, width: 2 * d, height: 2 * d))
        case .cross:
            let d = r * 0.7071
            return Path(elements: [.move(Point(c.x - d, c.y - d)), .line(Point(c.x + d, c.y + d)),
                                   .move(Point(c.x - d, c.y + d)), .line(Point(c.x + d, c.y - d))])
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
