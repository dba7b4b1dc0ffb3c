import Dispatch
import Landscapes

/// Marching squares on a `Grid`: contour lines at a level and filled regions between two levels.
///
/// Geometry only; it never draws. Conventions (as in contourpy):
/// - A corner is *above* a level when its value is ≥ the level. A cell with a non-finite corner
///   (or, with log interpolation, a corner ≤ 0) is masked: it has no lines and is not filled.
/// - Crossing points are interpolated along cell edges, linearly or in log space.
/// - A saddle cell (diagonal corners on the same side) is resolved by the cell-centre value, the
///   mean of its four corners: if the centre is above, the above corners are joined through it.
/// - Every segment is oriented with the above region on its left, so lines join head to tail
///   into closed rings (counter-clockwise around a maximum) or open lines that end on the border.
///
/// ```swift
/// let generator = ContourGenerator(grid: grid)
/// let lines = generator.lines(at: 1.0)            // [Polyline]
/// let band = generator.filled(lower: 1, upper: 2) // closed rings, holes clockwise
/// ```
public struct ContourGenerator: Sendable {
    public enum Interpolation: String, Sendable, CaseIterable {
        case linear
        case log
    }

    public let grid: Grid
    public let interpolation: Interpolation
    /// Per cell: whether it is masked.
    let masked: [Bool]
    /// Sides of unmasked cells that border the outside or a masked cell, as (cell i, cell j, side),
    /// in cell order: the only places where filled regions need border pieces.
    let borderSides: [(Int32, Int32, Int8)]

    public init(grid: Grid, interpolation: Interpolation = .linear) {
        self.grid = grid
        self.interpolation = interpolation
        let nx = grid.nx, ny = grid.ny
        let cx = nx - 1, cy = ny - 1
        // A cell is masked when any corner is not finite (or, for log, not positive).
        let validPoint: [Bool]? = grid.values.withUnsafeBufferPointer { z in
            func valid(_ v: Double) -> Bool { interpolation == .linear ? v.isFinite : v.isFinite && v > 0 }
            guard !z.allSatisfy(valid) else { return nil }
            return z.map(valid)
        }
        var sides: [(Int32, Int32, Int8)] = []
        guard let validPoint else {
            // Nothing masked (the usual case): the border sides are the grid's outer ring.
            masked = [Bool](repeating: false, count: cx * cy)
            for j in 0..<cy {
                for i in 0..<cx where j == 0 || j == cy - 1 || i == 0 || i == cx - 1 {
                    if j == 0 { sides.append((Int32(i), Int32(j), 0)) }
                    if i == cx - 1 { sides.append((Int32(i), Int32(j), 1)) }
                    if j == cy - 1 { sides.append((Int32(i), Int32(j), 2)) }
                    if i == 0 { sides.append((Int32(i), Int32(j), 3)) }
                }
            }
            borderSides = sides
            return
        }
        var masked = [Bool](repeating: false, count: cx * cy)
        for j in 0..<cy {
            for i in 0..<cx {
                masked[j * cx + i] = !(validPoint[j * nx + i] && validPoint[j * nx + i + 1] && validPoint[(j + 1) * nx + i + 1] && validPoint[(j + 1) * nx + i])
            }
        }
        self.masked = masked
        for j in 0..<cy {
            for i in 0..<cx where !masked[j * cx + i] {
                if j == 0 || masked[(j - 1) * cx + i] { sides.append((Int32(i), Int32(j), 0)) }
                if i == cx - 1 || masked[j * cx + i + 1] { sides.append((Int32(i), Int32(j), 1)) }
                if j == cy - 1 || masked[(j + 1) * cx + i] { sides.append((Int32(i), Int32(j), 2)) }
                if i == 0 || masked[j * cx + i - 1] { sides.append((Int32(i), Int32(j), 3)) }
            }
        }
        self.borderSides = sides
    }

    // MARK: Edges and nodes

    /// Horizontal edges (i, j)→(i+1, j) come first, then vertical edges (i, j)→(i, j+1).
    var horizontalEdgeCount: Int { (grid.nx - 1) * grid.ny }
    var edgeCount: Int { horizontalEdgeCount + grid.nx * (grid.ny - 1) }

    func horizontalEdge(_ i: Int, _ j: Int) -> Int { j * (grid.nx - 1) + i }
    func verticalEdge(_ i: Int, _ j: Int) -> Int { horizontalEdgeCount + j * grid.nx + i }

    /// The canonical endpoints (as grid point indices) of an edge.
    func endpoints(ofEdge e: Int) -> (Int, Int) {
        let nx = grid.nx
        if e < horizontalEdgeCount {
            let j = e / (nx - 1), i = e % (nx - 1)
            return (j * nx + i, j * nx + i + 1)
        }
        let v = e - horizontalEdgeCount
        return (v, v + nx)
    }

    func position(ofPoint p: Int) -> Vector2 {
        Vector2(grid.x(p % grid.nx), grid.y(p / grid.nx))
    }

    /// Where `level` crosses edge `e`, computed from the edge's canonical direction so that the two
    /// cells sharing the edge get the same point to the last bit.
    func crossing(onEdge e: Int, level: Double) -> Vector2 {
        let (pa, pb) = endpoints(ofEdge: e)
        let va = grid.values[pa], vb = grid.values[pb]
        var t: Double
        switch interpolation {
        case .linear: t = (level - va) / (vb - va)
        case .log: t = (level.log - va.log) / (vb.log - va.log)
        }
        t = min(max(t, 0), 1)
        let a = position(ofPoint: pa), b = position(ofPoint: pb)
        return a + t * (b - a)
    }

    // MARK: Cell cases

    /// Side k of cell (i, j), counting counter-clockwise: 0 bottom, 1 right, 2 top, 3 left.
    /// Side k runs from corner k to corner k + 1 (corners: 0 = (i, j), 1 = (i+1, j),
    /// 2 = (i+1, j+1), 3 = (i, j+1)).
    func cellEdge(_ i: Int, _ j: Int, _ k: Int) -> Int {
        switch k {
        case 0: return horizontalEdge(i, j)
        case 1: return verticalEdge(i + 1, j)
        case 2: return horizontalEdge(i, j + 1)
        default: return verticalEdge(i, j)
        }
    }

    /// The grid point index of corner k of cell (i, j).
    func cellCorner(_ i: Int, _ j: Int, _ k: Int) -> Int {
        let nx = grid.nx
        switch k {
        case 0: return j * nx + i
        case 1: return j * nx + i + 1
        case 2: return (j + 1) * nx + i + 1
        default: return (j + 1) * nx + i
        }
    }

    /// The oriented segments of a cell at a level, as pairs of local edge numbers (0 bottom,
    /// 1 right, 2 top, 3 left), from the edge where the counter-clockwise walk leaves the above
    /// region to the edge where it enters it. Returns the number of segments (0, 1 or 2).

    static func segments(case index: Int, centreAbove: Bool) -> (count: Int, a: (Int, Int), b: (Int, Int)) {
        switch index {
        case 0, 15: return (0, (0, 0), (0, 0))
        case 5:  // corners 0 and 2 above
            return centreAbove ? (2, (0, 1), (2, 3)) : (2, (0, 3), (2, 1))
        case 10:  // corners 1 and 3 above
            return centreAbove ? (2, (3, 0), (1, 2)) : (2, (1, 0), (3, 2))
        default:
            var down = 0, up = 0
            for k in 0..<4 {
                let here = index >> k & 1, next = index >> ((k + 1) & 3) & 1
                if here == 1 && next == 0 { down = k }
                if here == 0 && next == 1 { up = k }
            }
            return (1, (down, up), (0, 0))
        }
    }

    /// The case of a cell at a level: bit k is set when corner k is at or above the level.
    @inline(__always)
    static func caseIndex(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ level: Double) -> Int {
        (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0)
    }

    /// Calls `body(fromEdge, toEdge)` for the oriented segments of cell (i, j) in case `index`,
    /// given its corner values a, b, c, d (corners 0 to 3). A saddle is resolved by the cell's
    /// centre value, the mean 0.25·(a + b + c + d).
    @inline(__always)
    func emitSegments(_ i: Int, _ j: Int, corners a: Double, _ b: Double, _ c: Double, _ d: Double, index: Int, level: Double,
                      _ body: (Int, Int) -> Void) {
        let saddle = index == 5 || index == 10
        let s = Self.segments(case: index, centreAbove: saddle && 0.25 * (a + b + c + d) >= level)
        body(cellEdge(i, j, s.a.0), cellEdge(i, j, s.a.1))
        if s.count == 2 { body(cellEdge(i, j, s.b.0), cellEdge(i, j, s.b.1)) }
    }

    /// Calls `body(fromEdge, toEdge)` for every oriented segment at `level`, cell by cell.
    func forEachSegment(at level: Double, _ body: (Int, Int) -> Void) {
        let nx = grid.nx, ny = grid.ny
        grid.values.withUnsafeBufferPointer { z in
            for j in 0..<(ny - 1) {
                for i in 0..<(nx - 1) {
                    let cell = j * (nx - 1) + i
                    if masked[cell] { continue }
                    let row = j * nx + i
                    let a = z[row], b = z[row + 1], c = z[row + nx + 1], d = z[row + nx]
                    let index = Self.caseIndex(a, b, c, d, level)
                    if index == 0 || index == 15 { continue }
                    emitSegments(i, j, corners: a, b, c, d, index: index, level: level, body)
                }
            }
        }
    }

    /// The oriented segments of every level, from one pass over the cells: a level L crosses a cell
    /// exactly when min < L ≤ max of its corners, found by binary search in the sorted levels.
    /// Each level's segments come in cell order, as `forEachSegment(at:_:)` gives them.
    public func segments(forLevels levels: [Double]) -> [[Segment]] {
        guard !levels.isEmpty else { return [] }
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        let sorted = order.map { levels[$0] }
        // Bands of rows in parallel; each band's segments in row order, joined in band order, so
        // the result is the same as one pass over all rows, whatever the number of cores.
        let rows = grid.ny - 1
        let bands = Swift.min(rows, rows * grid.nx >= 40_000 ? 4 : 1)
        var parts = [[[Segment]]](repeating: [], count: bands)
        parts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                out[band] = segments(rows: (rows * band / bands)..<(rows * (band + 1) / bands), sorted: sorted, order: order)
            }
        }
        var buckets = parts[0]
        for part in parts.dropFirst() {
            for k in buckets.indices { buckets[k] += part[k] }
        }
        return buckets
    }

    /// The segments of cell rows `rows` for the ascending levels `sorted`, bucketed by each level's
    /// index in the caller's order (`order[k]` is the caller's index of `sorted[k]`).
    private func segments(rows: Range<Int>, sorted: [Double], order: [Int]) -> [[Segment]] {
        var buckets = [[Segment]](repeating: [], count: sorted.count)
        let nx = grid.nx, levelCount = sorted.count
        // The first level above the previous cell's lowest corner: neighbouring cells have
        // similar values, so the search from there takes a step or none.
        var first = 0
        grid.values.withUnsafeBufferPointer { z in
            for j in rows {
                for i in 0..<(nx - 1) {
                    let cell = j * (nx - 1) + i
                    if masked[cell] { continue }
                    let row = j * nx + i
                    let a = z[row], b = z[row + 1], c = z[row + nx + 1], d = z[row + nx]
                    let lo = min(min(a, b), min(c, d)), hi = max(max(a, b), max(c, d))
                    // First level above lo.
                    while first > 0 && sorted[first - 1] > lo { first -= 1 }
                    while first < levelCount && sorted[first] <= lo { first += 1 }
                    var k = first
                    while k < sorted.count && sorted[k] <= hi {
                        let level = sorted[k], target = order[k]
                        emitSegments(i, j, corners: a, b, c, d, index: Self.caseIndex(a, b, c, d, level), level: level) {
                            buckets[target].append(Segment(Int32($0), Int32($1)))
                        }
                        k += 1
                    }
                }
            }
        }
        return buckets
    }

    /// An oriented segment between two cell edges (the above region on its left).
    public struct Segment: Sendable, Hashable {
        public var from: Int32
        public var to: Int32
        public init(_ from: Int32, _ to: Int32) {
            self.from = from
            self.to = to
        }
    }

    // MARK: Lines

    /// The contour lines at `level`: closed rings and open lines, each oriented with the region
    /// above the level on its left. Empty for a level outside the data and for a constant field.
    public func lines(at level: Double) -> [Polyline] {
        guard level.isFinite, interpolation == .linear || level > 0 else { return [] }
        var segments: [Segment] = []
        forEachSegment(at: level) { from, to in segments.append(Segment(Int32(from), Int32(to))) }
        return lines(at: level, segments: segments)
    }

    /// The contour lines of every level, from one pass over the cells: the way to contour many
    /// levels at once.
    public func lines(atLevels levels: [Double]) -> [[Polyline]] {
        let buckets = segments(forLevels: levels)
        return levels.indices.map { lines(at: levels[$0], segments: buckets[$0]) }
    }

    /// Joins a level's oriented segments (from ``segments(forLevels:)``) into polylines.
    public func lines(at level: Double, segments: [Segment]) -> [Polyline] {
        guard level.isFinite, interpolation == .linear || level > 0 else { return [] }
        var next = NodeTable(capacity: segments.count)
        for s in segments { next.add(Int(s.from), Int(s.to)) }
        var result: [Polyline] = []
        // Open lines start where nothing comes in (on the border or at a masked region).
        for s in segments where !next.hasIncoming(Int(s.from)) {
            let start = Int(s.from)
            var points = [crossing(onEdge: start, level: level)]
            var node = start
            while let n = next.takeNext(node) {
                points.append(crossing(onEdge: n, level: level))
                node = n
            }
            result.append(Polyline(points: points, isClosed: false))
        }
        // What is left are closed rings.
        for s in segments where next.hasNext(Int(s.from)) {
            var points: [Vector2] = []
            var node = Int(s.from)
            while let n = next.takeNext(node) {
                points.append(crossing(onEdge: node, level: level))
                node = n
            }
            result.append(Polyline(points: points, isClosed: true))
        }
        return result
    }
}

extension Double {
    @inlinable var log: Double { cLog(self) }
}

extension ContourGenerator {
    /// How many (cell, level) pairs the contours at `levels` cross: about the number of segments
    /// ``segments(forLevels:)`` would make, counted without making them (a cell's corners' range
    /// and a binary search in the sorted levels), so that the work of contouring can be bounded
    /// before it starts. Cells with a non-finite corner count nothing. With `rowStride` k > 1,
    /// every k-th row of cells is counted and the count scaled by k (an estimate, for budgets).
    public static func crossingCount(_ grid: Grid, levels: [Double], rowStride: Int = 1) -> Int {
        let sorted = levels.filter(\.isFinite).sorted()
        guard !sorted.isEmpty, grid.nx >= 2, grid.ny >= 2 else { return 0 }
        let nx = grid.nx, step = Swift.max(1, rowStride)
        let rows = Array(stride(from: 0, to: grid.ny - 1, by: step))
        let chunks = Swift.min(rows.count, ProcessInfoCores.count * 4)
        var totals = [Int](repeating: 0, count: chunks)
        // A cell crosses the levels between its lowest and highest corner: the difference of
        // the corners' ranks (how many levels are ≤ the value).
        // A non-finite value ranks -1, and a cell with such a corner counts nothing.
        grid.values.withUnsafeBufferPointer { z in
            totals.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let z = z, out = out
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    // Two rows of ranks; a row below is the next pair's row above when rows are
                    // consecutive, so each point is ranked once.
                    var rank = [Int](repeating: 0, count: 2 * nx)
                    var total = 0
                    var ranked = -1
                    func rankRow(_ j: Int, into offset: Int) {
                        for i in 0..<nx {
                            let v = z[j * nx + i]
                            rank[offset + i] = v.isFinite ? Self.countBelowOrEqual(sorted, v) : -1
                        }
                    }
                    for r in (rows.count * chunk / chunks)..<(rows.count * (chunk + 1) / chunks) {
                        let j = rows[r]
                        if ranked == j {
                            for i in 0..<nx { rank[i] = rank[nx + i] }
                        } else {
                            rankRow(j, into: 0)
                        }
                        rankRow(j + 1, into: nx)
                        ranked = j + 1
                        for i in 0..<(nx - 1) {
                            let a = rank[i], b = rank[i + 1], c = rank[nx + i], d = rank[nx + i + 1]
                            let lo = Swift.min(Swift.min(a, b), Swift.min(c, d))
                            guard lo >= 0 else { continue }
                            total += Swift.max(Swift.max(a, b), Swift.max(c, d)) - lo
                        }
                    }
                    out[chunk] = total
                }
            }
        }
        return totals.reduce(0, +) * step
    }

    /// The number of values in `sorted` that are ≤ v: counted without branches for a few
    /// levels, by bisection for more.
    static func countBelowOrEqual(_ sorted: [Double], _ v: Double) -> Int {
        if sorted.count <= 8 {
            var n = 0
            for level in sorted { n &+= level <= v ? 1 : 0 }
            return n
        }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
