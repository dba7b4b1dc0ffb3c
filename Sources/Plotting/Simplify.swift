import Landscapes

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


/// A device-space polyline reduced to what a canvas can show, as runs to stroke together: the
/// drawing cost follows the canvas, not the number of recorded steps.
///
/// Up to ``canvasPointLimit`` points this is ``simplify(_:tolerance:)``, unchanged. Beyond it:
/// - a line whose x never decreases (a loss per step) keeps, per column a device unit wide, its
///   first, lowest, highest and last points, which strokes the same pixels (at most four points
///   a column, whatever the step count);
/// - any other line (an optimizer's path that scribbles back and forth in a well) is walked once,
///   its points snapped to cells `tolerance` wide, and a segment between two cells already joined
///   is left out: it would stroke pixels already stroked. Where that leaves more than
///   ``canvasSegmentBudget`` segments, the cells are doubled until it does not, so a path of any
///   length costs at most a pass per doubling and strokes a bounded number of segments.
/// Each run is then simplified as usual.
public func reducedForCanvas(_ points: [Point], tolerance: Double) -> [[Point]] {
    guard points.count > canvasPointLimit, tolerance > 0 else { return [simplify(points, tolerance: tolerance)] }
    if zip(points, points.dropFirst()).allSatisfy({ $0.x <= $1.x }) {
        // Columns a device unit wide: a pixel column's first, lowest, highest and last point draw
        // what all of its points draw (Jugel et al.'s M4), and fewer overlapping joins.
        return [simplify(columnExtremes(points, width: Swift.max(tolerance, 1)), tolerance: tolerance)]
    }
    var cell = tolerance
    while true {
        let (runs, segments) = uniqueSegments(points, cell: cell)
        if segments <= canvasSegmentBudget || cell > 1e6 { return runs.map { simplify($0, tolerance: tolerance) } }
        cell *= 2
    }
}

/// More points than this in one line are reduced by ``reducedForCanvas(_:tolerance:)``.
public let canvasPointLimit = 50_000
/// The most segments a reduced line keeps.
public let canvasSegmentBudget = 5_000

/// First, lowest, highest and last point of each column `width` wide, in order (x nondecreasing).
func columnExtremes(_ points: [Point], width: Double) -> [Point] {
    var out: [Point] = []
    var k = 0
    while k < points.count {
        let column = (points[k].x / width).rounded(.down)
        var end = k + 1
        var low = k, high = k
        while end < points.count, (points[end].x / width).rounded(.down) == column {
            if points[end].y < points[low].y { low = end }
            if points[end].y > points[high].y { high = end }
            end += 1
        }
        // In the order they were met, each once.
        for index in Set([k, low, high, end - 1]).sorted() { out.append(points[index]) }
        k = end
    }
    return out
}

/// The polyline with every segment between two cells already joined left out, as runs; and the
/// number of segments kept.
func uniqueSegments(_ points: [Point], cell: Double) -> (runs: [[Point]], segments: Int) {
    uniqueSegmentRuns(points) { p in
        guard p.x.isFinite, p.y.isFinite else { return nil }
        // Device coordinates are clipped to the canvas, so 32 bits a cell index is plenty.
        return UInt64(UInt32(truncatingIfNeeded: Int64((p.x / cell).rounded(.down)))) << 32
            | UInt64(UInt32(truncatingIfNeeded: Int64((p.y / cell).rounded(.down))))
    }
}

/// ``uniqueSegments(_:cell:)`` over any points, given each point's cell (nil: a point to skip).
func uniqueSegmentRuns<P>(_ points: [P], cellOf: (P) -> UInt64?) -> (runs: [[P]], segments: Int) {
    var seen = SegmentSet()
    var runs: [[P]] = []
    var current: [P] = []
    var segments = 0
    guard let start = points.firstIndex(where: { cellOf($0) != nil }), let firstID = cellOf(points[start]) else { return ([], 0) }
    var previous = points[start], previousID = firstID
    for p in points[(start + 1)...] {
        guard let pid = cellOf(p) else { continue }
        if pid == previousID { continue }
        let key = previousID < pid ? SIMD2(previousID, pid) : SIMD2(pid, previousID)
        if seen.insert(key) {
            if current.isEmpty { current.append(previous) }
            current.append(p)
            segments += 1
        } else if !current.isEmpty {
            runs.append(current)
            current = []
        }
        previous = p
        previousID = pid
    }
    if !current.isEmpty { runs.append(current) }
    if runs.isEmpty { runs = [[points[start]]] }
    return (runs, segments)
}

/// A path in data coordinates reduced before a panel projects it (a 3-D panel lifts, tests and
/// projects every point, so it cannot wait for device coordinates): up to ``canvasPointLimit``
/// points it is returned whole; beyond, as the runs of `uniqueSegmentRuns(_:cellOf:)` with
/// cells `1/resolution` of the domain a side, doubled until at most ``canvasSegmentBudget``
/// segments remain. With `resolution` four times the panel's size in device units, a cell is
/// at most a quarter of a device unit.
public func reducedPath(_ points: [Vector2], domain: Domain, resolution: Double) -> [[Vector2]] {
    guard points.count > canvasPointLimit, resolution > 0 else { return [points] }
    return reducedPathIndices(points, domain: domain, resolution: resolution).map { $0.map { points[$0] } }
}

/// ``reducedPath(_:domain:resolution:)`` as indices into `points` (every path, long or not).
func reducedPathIndices(_ points: [Vector2], domain: Domain, resolution: Double) -> [[Int]] {
    var cells = resolution
    while true {
        let sx = cells / spanWidth(from: domain.xmin, to: domain.xmax), sy = cells / spanWidth(from: domain.ymin, to: domain.ymax)
        let (runs, segments) = uniqueSegmentRuns(Array(points.indices)) { k -> UInt64? in
            let p = points[k]
            let fx = (p.x - domain.xmin) * sx, fy = (p.y - domain.ymin) * sy
            guard fx.isFinite, fy.isFinite, abs(fx) < 1e9, abs(fy) < 1e9 else { return nil }
            return UInt64(UInt32(truncatingIfNeeded: Int64(fx.rounded(.down)))) << 32 | UInt64(UInt32(truncatingIfNeeded: Int64(fy.rounded(.down))))
        }
        if segments <= canvasSegmentBudget || cells < 2 { return runs }
        cells /= 2
    }
}

/// A set of segments (pairs of cell ids) by open addressing with a multiplicative hash: the
/// standard library's seeded hashing costs more than the rest of the walk.
struct SegmentSet {
    private var keys: [SIMD2<UInt64>]
    private var used: [Bool]
    private var count = 0
    private var mask: Int

    init() {
        keys = [SIMD2<UInt64>](repeating: .zero, count: 1 << 12)
        used = [Bool](repeating: false, count: 1 << 12)
        mask = (1 << 12) - 1
    }

    /// Adds `key`; whether it was new.
    mutating func insert(_ key: SIMD2<UInt64>) -> Bool {
        if 2 * (count + 1) > keys.count { grow() }
        var i = Self.slot(key, mask)
        while used[i] {
            if keys[i] == key { return false }
            i = (i + 1) & mask
        }
        used[i] = true
        keys[i] = key
        count += 1
        return true
    }

    private static func slot(_ key: SIMD2<UInt64>, _ mask: Int) -> Int {
        let h = (key.x &* 0x9E37_79B9_7F4A_7C15) ^ ((key.y &+ 0x632B_E59B_D9B4_E019) &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: (h ^ (h >> 29))) & mask
    }

    private mutating func grow() {
        let old = zip(keys, used).filter(\.1).map(\.0)
        keys = [SIMD2<UInt64>](repeating: .zero, count: keys.count * 2)
        used = [Bool](repeating: false, count: keys.count)
        mask = keys.count - 1
        count = 0
        for k in old { _ = insert(k) }
    }
}
