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

/// The marks that the 2-D and 3-D panels put on runs and surfaces, drawn alike in both: a run's
/// start (a ring), its end (a dot, or a cross where it diverged), where an animation's run is
/// now (a larger dot), and known minima and saddles (outlines). Sizes follow the style's
/// ``Style/markerScale``; the casing, its ``Style/casing``. Start and minima keep their white and
/// near-black: they sit on the colours of the field, in every style.
enum RunMark {
    case start
    case end(Color, diverged: Bool)
    case current(Color)
    case minimum(CriticalPoint.Kind)

    func draw(at c: Point, on canvas: Canvas, look: Style) {
        switch self {
        case .start:
            let ring = Marker.circle.path(at: c, radius: look.marker(6))
            canvas.fill(ring, color: .white, rule: .nonZero)
            canvas.stroke(ring, style: StrokeStyle(color: .ink, width: look.marker(1.8)))
        case let .end(color, diverged: true):
            let cross = Marker.cross.path(at: c, radius: look.marker(7))
            if look.hasCasing { canvas.stroke(cross, style: StrokeStyle(color: look.casing(), width: look.marker(5), cap: .round)) }
            canvas.stroke(cross, style: StrokeStyle(color: color, width: look.marker(2.4), cap: .round))
        case let .end(color, diverged: false):
            let dot = Marker.circle.path(at: c, radius: look.marker(5.5))
            canvas.fill(dot, color: color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(dot, style: StrokeStyle(color: look.casing(), width: look.marker(1.5))) }
        case let .current(color):
            let dot = Marker.circle.path(at: c, radius: look.marker(7))
            canvas.fill(dot, color: color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(dot, style: StrokeStyle(color: look.casing(), width: look.marker(2))) }
        case let .minimum(kind):
            let shape: Path
            switch kind {
            case .globalMinimum: shape = Marker.star.path(at: c, radius: look.marker(10))
            case .localMinimum: shape = Marker.diamond.path(at: c, radius: look.marker(7.5))
            case .saddle: shape = Marker.cross.path(at: c, radius: look.marker(7))
            }
            canvas.stroke(shape, style: StrokeStyle(color: .white, width: look.marker(3.6), cap: .round, join: .round))
            canvas.stroke(shape, style: StrokeStyle(color: .ink, width: look.marker(1.4), cap: .round, join: .round))
        }
    }
}
