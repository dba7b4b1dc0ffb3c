#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// Vector and polygon geometry of the 3-D panel.
extension Surface3DPanel {
    // MARK: Geometry

    static func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    /// A polygon cut to the slab `above ≤ z ≤ below` (Sutherland–Hodgman against two planes).
    static func clip(_ polygon: [SIMD3<Double>], below top: Double, above bottom: Double) -> [SIMD3<Double>] {
        func cut(_ points: [SIMD3<Double>], keep: (Double) -> Bool, at level: Double) -> [SIMD3<Double>] {
            guard !points.isEmpty else { return [] }
            var out: [SIMD3<Double>] = []
            for k in points.indices {
                let a = points[k], b = points[(k + 1) % points.count]
                let inA = keep(a.z), inB = keep(b.z)
                if inA { out.append(a) }
                if inA != inB {
                    let t = (level - a.z) / (b.z - a.z)
                    out.append(a + (b - a) * t)
                }
            }
            return out
        }
        if polygon.allSatisfy({ $0.z <= top && $0.z >= bottom }) { return polygon }
        return cut(cut(polygon, keep: { $0 <= top }, at: top), keep: { $0 >= bottom }, at: bottom)
    }

    /// A path cut where it crosses the mesh's cell edges: for each piece, the cell it lies in and
    /// its points (the crossing points added). Points outside the domain are left out.
    static func split(_ points: [Vector2], domain: Domain, cells n: Int) -> [(Int, [Vector2])] {
        var out: [(Int, [Vector2])] = []
        func cellIndex(_ p: Vector2) -> (Int, Int) {
            (Swift.min(n - 1, Swift.max(0, Int(((p.x - domain.xmin) / domain.width * Double(n)).rounded(.down)))),
             Swift.min(n - 1, Swift.max(0, Int(((p.y - domain.ymin) / domain.height * Double(n)).rounded(.down)))))
        }
        var current: (cell: Int, points: [Vector2])?
        for (a, b) in zip(points, points.dropFirst()) {
            guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite, domain.contains(a), domain.contains(b) else {
                if let c = current { out.append((c.cell, c.points)) }
                current = nil
                continue
            }
            // The parameters where the segment crosses vertical and horizontal grid lines.
            var ts: [Double] = []
            let ga = Vector2((a.x - domain.xmin) / domain.width * Double(n), (a.y - domain.ymin) / domain.height * Double(n))
            let gb = Vector2((b.x - domain.xmin) / domain.width * Double(n), (b.y - domain.ymin) / domain.height * Double(n))
            for axis in 0..<2 {
                let lo = Swift.min(ga[axis], gb[axis]), hi = Swift.max(ga[axis], gb[axis])
                guard hi - lo > 1e-12, hi - lo < Double(4 * n) else { continue }
                var line = lo.rounded(.up)
                if line == lo { line += 1 }
                while line < hi {
                    ts.append((line - ga[axis]) / (gb[axis] - ga[axis]))
                    line += 1
                }
            }
            ts.sort()
            var from = a
            for t in ts + [1] {
                let to = t >= 1 ? b : a + (b - a) * t
                let mid = (from + to) / 2
                let (i, j) = cellIndex(mid)
                let c = j * n + i
                if let cur = current, cur.cell == c {
                    current!.points.append(to)
                } else {
                    if let cur = current { out.append((cur.cell, cur.points)) }
                    current = (c, [from, to])
                }
                from = to
            }
        }
        if let c = current { out.append((c.cell, c.points)) }
        return out
    }
}
