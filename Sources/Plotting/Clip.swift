/// Clips a device-space polyline to a rectangle (Liang–Barsky per segment), returning the visible
/// runs and where the line first leaves the rectangle.
///
/// Cairo stores coordinates in 24.8 fixed point, so a diverged path at 10¹² would wrap around and
/// draw lines across the figure; nothing outside the rectangle ever reaches the renderer.
public struct ClippedPolyline: Sendable {
    public var runs: [[Point]]
    /// The first point where the line crosses the border going out, and the direction it was going.
    public var exit: (point: Point, direction: Point)?
}

public func clip(_ points: [Point], to r: Rect) -> ClippedPolyline {
    var runs: [[Point]] = []
    var current: [Point] = []
    var exit: (Point, Point)?
    guard let first = points.first else { return ClippedPolyline(runs: [], exit: nil) }
    if points.count == 1 {
        return ClippedPolyline(runs: r.contains(first) ? [[first]] : [], exit: nil)
    }
    for k in 1..<points.count {
        let a = points[k - 1], b = points[k]
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else {
            if !current.isEmpty { runs.append(current); current = [] }
            continue
        }
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        var visible = true
        for (p, q) in [(-dx, a.x - r.minX), (dx, r.maxX - a.x), (-dy, a.y - r.minY), (dy, r.maxY - a.y)] {
            if p == 0 {
                if q < 0 { visible = false; break }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { visible = false; break }
            }
        }
        guard visible else {
            if !current.isEmpty { runs.append(current); current = [] }
            continue
        }
        let c0 = Point(a.x + t0 * dx, a.y + t0 * dy), c1 = Point(a.x + t1 * dx, a.y + t1 * dy)
        if current.isEmpty || t0 > 0 {
            if !current.isEmpty { runs.append(current) }
            current = [c0]
        }
        current.append(c1)
        if t1 < 1 {
            if exit == nil {
                let length = (dx * dx + dy * dy).squareRoot()
                exit = (c1, Point(dx / length, dy / length))
            }
            runs.append(current)
            current = []
        }
    }
    if !current.isEmpty { runs.append(current) }
    return ClippedPolyline(runs: runs, exit: exit)
}
