#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// Paths lifted onto the surface and drawn where the line of sight to the eye is clear of the
/// mesh; drop lines; markers.
extension Surface3DPanel {
    /// A path's point on the surface, or nil where the surface is not shown there.
    func lifted(_ p: Vector2, _ view: View) -> SIMD3<Double>? {
        guard domain.contains(p) else { return nil }
        var z = view.shown(height(p))
        // Within a thousandth of the range below it (the mesh's rounding), still on the floor of it.
        let slack = 1e-3 * spanWidth(from: view.zRange.lowerBound, to: view.zRange.upperBound)
        if z < view.zRange.lowerBound && z >= view.zRange.lowerBound - slack { z = view.zRange.lowerBound }
        guard z.isFinite, view.zRange.contains(z) else { return nil }
        return SIMD3(p.x, p.y, z)
    }

    /// The parts of the vertical line from `q` down to the floor that the viewer sees, sampled
    /// thirty times.
    func dropLine(from q: SIMD3<Double>, _ view: View, heights: [Double]) -> Path {
        var path = Path()
        var open = false
        let samples = 30
        for m in 1...samples {
            let z = q.z + (view.floor - q.z) * Double(m) / Double(samples)
            let point = SIMD3(q.x, q.y, z)
            if isVisible(point, view, heights: heights) {
                let d = view(q.x, q.y, z)
                if open { path.line(to: d) } else {
                    path.move(to: d)
                    open = true
                }
            } else {
                open = false
            }
        }
        return path
    }

    /// Whether the viewer sees a point on the surface: the line of sight from it towards the eye
    /// does not cross the mesh before it leaves the box. It may start above the mesh (the top
    /// side is seen) or below it (the underside, seen where the surface ends at the box's edge);
    /// it is hidden when it changes sides. Marched in steps of half a cell; within a few
    /// thousandths of the box of the mesh (its flat quads against the true surface) the side is
    /// not yet decided.
    func isVisible(_ q: SIMD3<Double>, _ view: View, heights: [Double]) -> Bool {
        let n = Double(mesh.nx - 1)
        let a = Self.boxAspect
        let p = view.box(q.x, q.y, q.z)
        var d = view.projection.eye
        if camera.perspective {
            let e = view.projection.eye * Camera3D.eyeDistance - p
            d = e / (e * e).sum().squareRoot()
        }
        let horizontal = (d.x * d.x + d.y * d.y).squareRoot()
        guard horizontal > 1e-6 else { return true }
        let step = 0.5 / n / horizontal
        let top = 0.5 * a.z, tolerance = 0.004
        let nx = mesh.nx
        return heights.withUnsafeBufferPointer { z in
            var t = step
            var side = 0.0
            while true {
                let r = p + d * t
                if abs(r.x) > 0.5 * a.x || abs(r.y) > 0.5 * a.y || r.z > top { return true }
                // The mesh's height under r in box units, bilinear within its cell; a cell with a
                // corner cut away by the z range is a hole.
                let gx = (r.x / a.x + 0.5) * n, gy = (r.y / a.y + 0.5) * n
                let i = Swift.min(nx - 2, Swift.max(0, Int(gx))), j = Swift.min(nx - 2, Swift.max(0, Int(gy)))
                let fx = gx - Double(i), fy = gy - Double(j)
                let h = (z[j * nx + i] * (1 - fx) + z[j * nx + i + 1] * fx) * (1 - fy)
                    + (z[(j + 1) * nx + i] * (1 - fx) + z[(j + 1) * nx + i + 1] * fx) * fy
                if h.isFinite {
                    let gap = r.z - h
                    if abs(gap) > tolerance {
                        if side == 0 { side = gap > 0 ? 1 : -1 } else if (gap > 0) != (side > 0) { return false }
                    }
                }
                t += step
            }
        }
    }

    /// The mesh's heights in box units, NaN where the z range cuts them away: worked out once for
    /// every line of sight.
    func boxHeights(_ view: View) -> [Double] {
        mesh.values.map { v in
            let h = view.shown(v)
            return h >= view.zRange.lowerBound && h <= view.zRange.upperBound ? view.box(0, 0, h).z : .nan
        }
    }

    /// Each path cut at the cell edges and into steps of at most half a cell, lifted onto the
    /// surface; the runs the viewer sees are drawn (white casing, then colour), then the markers
    /// that are seen.
    func drawPaths(_ view: View, on canvas: Canvas, look: Style) {
        let n = mesh.nx - 1
        let heights = boxHeights(view)
        let limit = 0.5 / Double(n)
        var runs: [(series: Int, points: [Point])] = []
        var hiddenRuns: [(series: Int, points: [Point])] = []
        // A long path is reduced in data coordinates first, to cells of a quarter device unit.
        let resolution = 4 * Swift.max(view.bounds.width, view.bounds.height)
        let reduced = series.map { reducedPath($0.drawnPoints, domain: domain, resolution: resolution) }
        for (k, _) in series.enumerated() {
            for (_, piece) in reduced[k].flatMap({ Self.split($0, domain: domain, cells: n) }) {
                var run: [Point] = [], hidden: [Point] = []
                func flush() {
                    if run.count >= 2 { runs.append((k, run)) }
                    run = []
                }
                func flushHidden() {
                    if hidden.count >= 2 { hiddenRuns.append((k, hidden)) }
                    hidden = []
                }
                var dense: [Vector2] = [piece[0]]
                for (a, b) in zip(piece, piece.dropFirst()) {
                    let span = Swift.max(abs(b.x - a.x) / domain.width, abs(b.y - a.y) / domain.height)
                    let parts = Swift.max(1, Int((span / limit).rounded(.up)))
                    for m in 1...parts { dense.append(a + (b - a) * (Double(m) / Double(parts))) }
                }
                for p in dense {
                    guard let q = lifted(p, view) else {
                        flush()
                        flushHidden()
                        continue
                    }
                    let d = view(q.x, q.y, q.z)
                    if isVisible(q, view, heights: heights) {
                        // A hidden run ends where the path comes into view, and a seen one begins.
                        if !hidden.isEmpty { hidden.append(d) }
                        flushHidden()
                        run.append(d)
                    } else {
                        if let last = run.last, xray { hidden.append(last) }
                        flush()
                        if xray { hidden.append(d) }
                    }
                }
                flush()
                flushHidden()
            }
        }
        // Runs cut only where the path crosses a cell edge are one line again, so that they are
        // simplified and stroked as one, with joins rather than caps.
        runs = Self.joined(runs)
        hiddenRuns = Self.joined(hiddenRuns)
        // X-ray: what the surface hides, faint and dashed over it.
        for (k, points) in hiddenRuns {
            var line = Path()
            for r in reducedForCanvas(points, tolerance: 0.25) { line.addPolyline(r, closed: false) }
            canvas.stroke(line, style: StrokeStyle(color: series[k].color.withAlpha(0.6), width: look.line(1.2), cap: .butt, join: .round, dash: [4, 3]))
        }
        // Runs of one series that meet end to end are one line, so that joins stay round.
        var lines: [Int: Path] = [:]
        for (k, points) in runs {
            for r in reducedForCanvas(points, tolerance: 0.25) { lines[k, default: Path()].addPolyline(r, closed: false) }
        }
        if look.hasCasing {
            for k in series.indices {
                guard let line = lines[k] else { continue }
                canvas.stroke(line, style: StrokeStyle(color: look.casing(0.8), width: look.line(2.2) + look.marker(2.4), cap: .round, join: .round))
            }
        }
        for k in series.indices {
            guard let line = lines[k] else { continue }
            canvas.mark("the path of '\(series[k].name)'")
            canvas.stroke(line, style: StrokeStyle(color: series[k].color, width: look.line(2.2), cap: series[k].dash.isEmpty ? .round : .butt, join: .round,
                                                   dash: series[k].dash))
        }
        // Markers where they are seen: steps (thinned), ends, starts, minima.
        func seen(_ p: Vector2) -> Point? {
            guard let q = lifted(p, view), isVisible(q, view, heights: heights) else { return nil }
            return view(q.x, q.y, q.z)
        }
        for (k, s) in series.enumerated() {
            var dots = Path(), drops = Path()
            var last: Point?
            // (On a long path, the reduced one's points: the same ground, each place once.)
            let stepPoints = s.drawnPoints.count > canvasPointLimit ? reduced[k].flatMap { $0 } : Array(s.drawnPoints.dropFirst().dropLast())
            for p in stepPoints {
                guard let d = seen(p) else { continue }
                if let l = last, (d.x - l.x) * (d.x - l.x) + (d.y - l.y) * (d.y - l.y) < 20 { continue }
                dots.elements += s.stepMarker(at: k).path(at: d, radius: look.marker(2.9)).elements
                last = d
                if dropLines, let q = lifted(p, view) { drops.elements += dropLine(from: q, view, heights: heights).elements }
            }
            if dropLines {
                canvas.stroke(drops, style: StrokeStyle(color: s.color.withAlpha(0.7), width: look.line(0.8), dash: [2, 2]))
            }
            canvas.fill(dots, color: s.color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(dots, style: StrokeStyle(color: look.casing(), width: look.marker(0.8))) }
        }
        for s in series {
            if let end = s.drawnPoints.last, let d = seen(end) {
                let mark: RunMark = s.isRunning ? .current(s.color) : .end(s.color, diverged: s.outcome == .diverged)
                mark.draw(at: d, on: canvas, look: look)
            }
        }
        var starts: [Vector2] = []
        for s in series { if let p = s.points.first, !starts.contains(p) { starts.append(p) } }
        for p in starts { if let d = seen(p) { RunMark.start.draw(at: d, on: canvas, look: look) } }
        for m in minima { if let d = seen(m.point) { RunMark.minimum(m.kind).draw(at: d, on: canvas, look: look) } }
    }

    /// Runs in order, each run that starts where the one before it (of the same series) ends
    /// joined to it.
    static func joined(_ runs: [(series: Int, points: [Point])]) -> [(series: Int, points: [Point])] {
        var out: [(series: Int, points: [Point])] = []
        for run in runs {
            if let last = out.last, last.series == run.series, let end = last.points.last, end == run.points.first {
                out[out.count - 1].points += run.points.dropFirst()
            } else {
                out.append(run)
            }
        }
        return out
    }

    /// The light: from the upper left behind the viewer, as matplotlib's default `LightSource`
    /// (azimuth 315°, altitude 45°).
    static let light: SIMD3<Double> = {
        let a = 315.0 * .pi / 180, e = 45.0 * .pi / 180
        return SIMD3(cos(e) * cos(a), cos(e) * sin(a), sin(e))
    }()
}
