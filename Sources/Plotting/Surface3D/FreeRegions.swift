#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// Cells that overlap no other cell, drawn as one outline per region of one colour.
extension Surface3DPanel {
    /// Which cells of an orthographic view are free (see ``freeCells(candidates:spans:blocked:)``),
    /// and the colour of each cell that faces the viewer as a convex quad.
    func freeCells(_ view: View, orientation: Double) -> (free: [Bool], colors: [Color?]) {
        let n = mesh.nx - 1
        var colors = [Color?](repeating: nil, count: n * n)
        guard orientation != 0, !camera.perspective else { return ([Bool](repeating: false, count: n * n), colors) }
        var spans = [ColumnSpan](repeating: ColumnSpan(lo: 0, hi: 0), count: n * n)
        var blocked: [ColumnSpan] = []
        for j in 0..<n {
            for i in 0..<n {
                guard let quad = cell(i, j, view: view, light: Self.light) else { continue }
                let k = j * n + i
                spans[k] = ColumnSpan(quad.points)
                if quad.whole && Self.isConvex(quad.points, orientation: orientation) {
                    colors[k] = quad.color
                } else {
                    blocked.append(spans[k])
                }
            }
        }
        return (Self.freeCells(candidates: colors.map { $0 != nil }, spans: spans, blocked: blocked), colors)
    }

    /// The cells, of an orthographic view, that no other cell overlaps on the screen, so that they
    /// may be drawn in any order.
    ///
    /// A screen column (a vertical line on the screen) is the image of a vertical plane through
    /// the floor along the horizontal view direction. Along it, the screen height of the surface
    /// rises monotonically from the far side to the near side wherever the cells face the viewer
    /// the way the floor does, as convex quads, so there the column meets the surface once. A
    /// cell that folds over (turned the other way, non-convex, or cut by the z range) breaks that
    /// for the columns it spans, and every cell spanning one of those columns keeps its place in
    /// the painter's order. The rest are free.
    ///
    /// `candidates`: the cells that face the viewer as convex quads; `spans`: every cell's
    /// columns; `blocked`: the columns of the cells that fold over.
    static func freeCells(candidates: [Bool], spans: [ColumnSpan], blocked: [ColumnSpan]) -> [Bool] {
        guard !blocked.isEmpty else { return candidates }
        // The blocked columns as sorted disjoint intervals, widened by a unit for the cells' margins.
        var merged: [ColumnSpan] = []
        for b in blocked.sorted(by: { $0.lo < $1.lo }) {
            if let last = merged.last, b.lo - 1 <= last.hi + 1 {
                merged[merged.count - 1].hi = Swift.max(last.hi, b.hi)
            } else {
                merged.append(b)
            }
        }
        var free = candidates
        for k in free.indices where free[k] {
            let s = spans[k]
            // The first interval ending at or after the cell's left side.
            var lo = 0, hi = merged.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if merged[mid].hi + 1 < s.lo { lo = mid + 1 } else { hi = mid }
            }
            if lo < merged.count && merged[lo].lo - 1 <= s.hi { free[k] = false }
        }
        return free
    }

    /// The screen columns (device x) a cell spans.
    struct ColumnSpan {
        var lo: Double, hi: Double

        init(lo: Double, hi: Double) {
            self.lo = lo
            self.hi = hi
        }

        init(_ points: [Point]) {
            lo = .infinity
            hi = -.infinity
            for p in points {
                lo = Swift.min(lo, p.x)
                hi = Swift.max(hi, p.x)
            }
        }
    }

    /// Whether four corners in mesh order make a convex quad turning the given way on the screen.
    static func isConvex(_ c: [Point], orientation: Double) -> Bool {
        guard c.count == 4 else { return false }
        for k in 0..<4 {
            let p = c[k], q = c[(k + 1) % 4], r = c[(k + 2) % 4]
            let turn = (q.x - p.x) * (r.y - q.y) - (q.y - p.y) * (r.x - q.x)
            if turn * orientation <= 1e-9 { return false }
        }
        return true
    }

    /// The free cells as regions of one colour (neighbours across an edge), each filled as its
    /// outline through the mesh's vertices, a third of a unit larger all round so that no
    /// background shows between regions. One fill per colour, in the order the colours first
    /// appear.
    func drawFreeRegions(colors: [Color?], orientation: Double, view: View, on canvas: Canvas) {
        let n = mesh.nx - 1, nx = mesh.nx
        var vertices = [Point](repeating: Point(0, 0), count: nx * nx)
        for b in 0..<nx {
            for a in 0..<nx { vertices[b * nx + a] = view(mesh.x(a), mesh.y(b), view.shown(mesh.values[b * nx + a])) }
        }
        var fills: [Color: Path] = [:]
        var order: [Color] = []
        for (color, loops) in Self.regionOutlines(colors: colors, cells: n) {
            if fills[color] == nil { order.append(color) }
            var path = fills[color] ?? Path()
            for loop in loops {
                let points = loop.map { vertices[$0] }
                let simplified = Self.simplifyClosed(points, tolerance: 0.15)
                guard simplified.count >= 3 else { continue }
                path.addPolyline(Self.grown(simplified, by: 0.35, orientation: orientation), closed: true)
            }
            fills[color] = path
        }
        for color in order { if let path = fills[color] { canvas.fill(path, color: color, rule: .nonZero) } }
    }

    /// Regions of cells of one colour (neighbours across an edge; nil cells belong to none), each
    /// as its boundary loops through the mesh's vertices (index `b·(n+1) + a`), every loop
    /// keeping its region on its left in the mesh's coordinates, so holes turn the other way.
    static func regionOutlines(colors: [Color?], cells n: Int) -> [(color: Color, loops: [[Int]])] {
        let nx = n + 1
        // Regions by flood fill, numbered in the order of their first cell.
        var region = [Int](repeating: -1, count: n * n)
        var regionColors: [Color] = []
        var stack: [Int] = []
        for start in 0..<(n * n) {
            guard region[start] < 0, let color = colors[start] else { continue }
            let id = regionColors.count
            regionColors.append(color)
            region[start] = id
            stack.append(start)
            while let c = stack.popLast() {
                let i = c % n, j = c / n
                for m in [i + 1 < n ? c + 1 : -1, i > 0 ? c - 1 : -1, j + 1 < n ? c + n : -1, j > 0 ? c - n : -1] where m >= 0 {
                    if region[m] < 0, colors[m] == color {
                        region[m] = id
                        stack.append(m)
                    }
                }
            }
        }
        // Every region's boundary edges, each from a vertex to the next with the region on its
        // left; a vertex starts at most four (where regions meet corner to corner).
        var target = [Int](repeating: -1, count: 4 * nx * nx)
        var owner = [Int](repeating: -1, count: 4 * nx * nx)
        func add(_ v: Int, _ w: Int, _ id: Int) {
            var slot = 4 * v
            while target[slot] >= 0 { slot += 1 }
            target[slot] = w
            owner[slot] = id
        }
        for j in 0..<n {
            for i in 0..<n {
                let id = region[j * n + i]
                guard id >= 0 else { continue }
                func other(_ a: Int, _ b: Int) -> Bool { a < 0 || a >= n || b < 0 || b >= n || region[b * n + a] != id }
                let v00 = j * nx + i, v10 = v00 + 1, v11 = v10 + nx, v01 = v00 + nx
                if other(i, j - 1) { add(v00, v10, id) }
                if other(i + 1, j) { add(v10, v11, id) }
                if other(i, j + 1) { add(v11, v01, id) }
                if other(i - 1, j) { add(v01, v00, id) }
            }
        }
        // Chained into loops, each from its lowest vertex.
        var loops = [[[Int]]](repeating: [], count: regionColors.count)
        for first in 0..<(nx * nx) {
            for slot in (4 * first)..<(4 * first + 4) {
                guard target[slot] >= 0 else { break }
                let id = owner[slot]
                guard id >= 0 else { continue }
                owner[slot] = -1
                var loop = [first]
                var v = target[slot]
                while v != first {
                    loop.append(v)
                    var next = -1
                    for s in (4 * v)..<(4 * v + 4) where owner[s] == id {
                        owner[s] = -1
                        next = target[s]
                        break
                    }
                    guard next >= 0 else { break }
                    v = next
                }
                loops[id].append(loop)
            }
        }
        return regionColors.indices.map { (regionColors[$0], loops[$0]) }
    }

    /// Douglas–Peucker on a closed polygon: split at its first point and the point farthest from it.
    static func simplifyClosed(_ points: [Point], tolerance: Double) -> [Point] {
        guard points.count > 4 else { return points }
        let p0 = points[0]
        var far = 0, best = -1.0
        for (k, p) in points.enumerated() {
            let d = (p.x - p0.x) * (p.x - p0.x) + (p.y - p0.y) * (p.y - p0.y)
            if d > best { best = d; far = k }
        }
        guard far > 0 else { return [p0] }
        let first = simplify(Array(points[0...far]), tolerance: tolerance)
        let second = simplify(Array(points[far...]) + [p0], tolerance: tolerance)
        return first + second.dropFirst().dropLast()
    }

    /// A loop moved by `distance` away from the side it keeps on its left when it turns the way
    /// `orientation` gives (see ``floorOrientation(_:)``): an outline grows, a hole in it
    /// shrinks. Each corner moves along the bisector of its edges' normals, at most twice the
    /// distance.
    static func grown(_ polygon: [Point], by distance: Double, orientation sign: Double) -> [Point] {
        let count = polygon.count
        var normals: [Point] = []
        normals.reserveCapacity(count)
        for k in 0..<count {
            let p = polygon[k], q = polygon[(k + 1) % count]
            let dx = q.x - p.x, dy = q.y - p.y, d = Swift.max((dx * dx + dy * dy).squareRoot(), 1e-12)
            normals.append(Point(sign * dy / d, -sign * dx / d))
        }
        return polygon.indices.map { k in
            let a = normals[(k + count - 1) % count], b = normals[k]
            let m = Point(a.x + b.x, a.y + b.y)
            let cosine = a.x * b.x + a.y * b.y
            let factor = Swift.min(distance / Swift.max(1 + cosine, 1e-9), 2 * distance / Swift.max((m.x * m.x + m.y * m.y).squareRoot(), 1e-9))
            return Point(polygon[k].x + m.x * factor, polygon[k].y + m.y * factor)
        }
    }

    /// A polygon turning counter-clockwise on the screen (y down: positive shoelace area).
    static func counterClockwise(_ polygon: [Point]) -> [Point] {
        var area = 0.0
        for k in polygon.indices {
            let p = polygon[k], q = polygon[(k + 1) % polygon.count]
            area += p.x * q.y - q.x * p.y
        }
        return area < 0 ? polygon.reversed() : polygon
    }

    /// A strip of cells as one polygon, a third of a unit larger all round: each bottom point moves
    /// away from its top point and the other way, and the end edges outwards along the strip, so
    /// that no background shows between strips.
    static func expandedStrip(bottoms: [Point], tops: [Point]) -> [Point] {
        func away(_ p: Point, from q: Point) -> Point {
            let dx = p.x - q.x, dy = p.y - q.y, d = Swift.max((dx * dx + dy * dy).squareRoot(), 1e-9)
            return Point(dx / d * 0.35, dy / d * 0.35)
        }
        let last = bottoms.count - 1
        var b = bottoms, t = tops
        for k in bottoms.indices {
            let db = away(bottoms[k], from: tops[k]), dt = away(tops[k], from: bottoms[k])
            b[k] = Point(b[k].x + db.x, b[k].y + db.y)
            t[k] = Point(t[k].x + dt.x, t[k].y + dt.y)
        }
        for (k, next) in [(0, 1), (last, last - 1)] {
            let db = away(bottoms[k], from: bottoms[next]), dt = away(tops[k], from: tops[next])
            b[k] = Point(b[k].x + db.x, b[k].y + db.y)
            t[k] = Point(t[k].x + dt.x, t[k].y + dt.y)
        }
        return b + t.reversed()
    }
}
