/// Removes points of a device-space polyline that lie within `tolerance` of the simplified line
/// (Douglas–Peucker), keeping the first and last points. A path of a million steps draws as the
/// few thousand points a viewer can tell apart.
public func simplify(_ points: [Point], tolerance: Double) -> [Point] {
    guard points.count > 2 else { return points }
    // Drop runs of points closer than the tolerance to the last kept one first: cheap, and it
    // removes the bulk of a converged tail.
    var radial: [Point] = [points[0]]
    radial.reserveCapacity(points.count)
    let t2 = tolerance * tolerance
    for p in points.dropFirst().dropLast() {
        let q = radial[radial.count - 1]
        if (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) > t2 { radial.append(p) }
    }
    radial.append(points[points.count - 1])
    guard radial.count > 2 else { return radial }

    var keep = [Bool](repeating: false, count: radial.count)
    keep[0] = true
    keep[radial.count - 1] = true
    var stack: [(Int, Int)] = [(0, radial.count - 1)]
    while let (first, last) = stack.popLast() {
        guard last > first + 1 else { continue }
        let a = radial[first], b = radial[last]
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var worst = -1.0, index = first
        for k in (first + 1)..<last {
            let p = radial[k]
            let d2: Double
            if length2 == 0 {
                d2 = (p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)
            } else {
                // Distance to the segment, not the infinite line, so that overshoots are kept.
                let u = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
                let cx = a.x + u * dx - p.x, cy = a.y + u * dy - p.y
                d2 = cx * cx + cy * cy
            }
            if d2 > worst { worst = d2; index = k }
        }
        if worst > t2 {
            keep[index] = true
            stack.append((first, index))
            stack.append((index, last))
        }
    }
    var out: [Point] = []
    for k in radial.indices where keep[k] { out.append(radial[k]) }
    return out
}

