import Landscapes

extension ContourGenerator {
    /// The region where lower ≤ f < upper, as closed rings: outer boundaries counter-clockwise,
    /// holes clockwise, so that filling all rings of one call with the non-zero winding rule
    /// paints exactly the region. Either bound may be infinite: `filled(lower: l, upper: .infinity)`
    /// is the superlevel set {f ≥ l}.
    ///
    /// The boundary is assembled from pieces that are oriented with the region on their left: the
    /// contour segments of `lower`, the contour segments of `upper` reversed, and the parts of the
    /// grid border (and of masked cells' borders) that lie in the band. Cells wholly inside the band
    /// contribute nothing, so the rings have no seams along cell edges and the same crossing points
    /// as ``lines(at:)``. Points along straight runs of the border are merged.
    public func filled(lower: Double, upper: Double) -> [Polyline] {
        guard !(lower.isNaN || upper.isNaN), lower < upper else { return [] }
        var lowerSegments: [Segment] = [], upperSegments: [Segment] = []
        if lower.isFinite { forEachSegment(at: lower) { lowerSegments.append(Segment(Int32($0), Int32($1))) } }
        if upper.isFinite { forEachSegment(at: upper) { upperSegments.append(Segment(Int32($0), Int32($1))) } }
        return filled(lower: lower, upper: upper, lowerSegments: lowerSegments, upperSegments: upperSegments)
    }

    /// ``filled(lower:upper:)`` from the levels' segments (from ``segments(forLevels:)``).
    public func filled(lower: Double, upper: Double, lowerSegments: [Segment], upperSegments: [Segment]) -> [Polyline] {
        guard !(lower.isNaN || upper.isNaN), lower < upper else { return [] }
        let nx = grid.nx, ny = grid.ny
        let pointCount = nx * ny, edges = edgeCount
        let lowerBase = pointCount, upperBase = pointCount + edges
        var links = NodeTable(capacity: lowerSegments.count + upperSegments.count + borderSides.count)
        for s in lowerSegments { links.add(lowerBase + Int(s.from), lowerBase + Int(s.to)) }
        for s in upperSegments { links.add(upperBase + Int(s.to), upperBase + Int(s.from)) }
        // 0 below the band, 1 in it, 2 at or above its top.
        @inline(__always) func band(_ v: Double) -> Int { v < lower ? 0 : (v < upper ? 1 : 2) }
        let z = grid.values
        for (ci, cj, side) in borderSides {
            let i = Int(ci), j = Int(cj), k = Int(side)
            let a = cellCorner(i, j, k), b = cellCorner(i, j, (k + 1) & 3)
            let e = cellEdge(i, j, k)
            let ca = band(z[a]), cb = band(z[b])
            if ca == cb && ca != 1 { continue }
            let from = ca == 1 ? a : (ca == 0 ? lowerBase + e : upperBase + e)
            let to = cb == 1 ? b : (cb == 0 ? lowerBase + e : upperBase + e)
            links.add(from, to)
        }

        func nodePosition(_ n: Int) -> Vector2 {
            if n < lowerBase { return position(ofPoint: n) }
            if n < upperBase { return crossing(onEdge: n - lowerBase, level: lower) }
            return crossing(onEdge: n - upperBase, level: upper)
        }

        var rings: [Polyline] = []
        for start in links.starts {
            while links.hasNext(start) {
                var points: [Vector2] = []
                var node = start
                repeat {
                    points.append(nodePosition(node))
                    node = links.takeNext(node)!
                } while node != start
                let ring = Self.removingCollinear(points)
                if ring.count >= 3 { rings.append(Polyline(points: ring, isClosed: true)) }
            }
        }
        return rings
    }

    /// Whether side k of unmasked cell (i, j) borders the outside of the grid or a masked cell.
    func isBorder(_ i: Int, _ j: Int, side k: Int) -> Bool {
        let cx = grid.nx - 1, cy = grid.ny - 1
        switch k {
        case 0: return j == 0 || masked[(j - 1) * cx + i]
        case 1: return i == cx - 1 || masked[j * cx + i + 1]
        case 2: return j == cy - 1 || masked[(j + 1) * cx + i]
        default: return i == 0 || masked[j * cx + i - 1]
        }
    }

    /// Drops repeated points and points in the middle of an axis-parallel straight run (exact
    /// comparisons: such runs come from grid lines, whose coordinates are shared bit for bit).
    static func removingCollinear(_ points: [Vector2]) -> [Vector2] {
        var out: [Vector2] = []
        out.reserveCapacity(points.count)
        for p in points where out.last != p { out.append(p) }
        while out.count > 1 && out.first == out.last { out.removeLast() }
        guard out.count >= 3 else { return out }
        var kept: [Vector2] = []
        kept.reserveCapacity(out.count)
        let n = out.count
        for k in 0..<n {
            let prev = out[(k + n - 1) % n], cur = out[k], next = out[(k + 1) % n]
            let vertical = prev.x == cur.x && cur.x == next.x
            let horizontal = prev.y == cur.y && cur.y == next.y
            if !(vertical || horizontal) { kept.append(cur) }
        }
        return kept
    }
}
