#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// The shaded mesh in the painter's order, far cells first, with the paths woven in: cells,
/// their colours and shading, and the order of rows and columns.
extension Surface3DPanel {
    // MARK: Surface and paths

    /// Draws the cells from the farthest to the nearest, then the paths and markers where the
    /// viewer sees them.
    func drawSurfaceAndPaths(_ view: View, on canvas: Canvas, look: Style) {
        let n = mesh.nx - 1
        // Consecutive cells of one colour are one fill, all turning the same way on the screen, so
        // that where their edges overlap they add up rather than cancel.
        var run = Path(), edges = Path()
        var runColor: Color?
        func flush() {
            if let color = runColor, !run.isEmpty {
                canvas.fill(run, color: color, rule: .nonZero)
                if showMesh { canvas.stroke(edges, style: StrokeStyle(color: Color(hex: 0x000000, alpha: 0.35), width: 0.5)) }
            }
            run = Path()
            edges = Path()
            runColor = nil
        }
        func add(_ polygon: [Point], color: Color, outline: [Point]?) {
            if color != runColor { flush() }
            runColor = color
            run.addPolyline(Self.counterClockwise(polygon), closed: true)
            if showMesh, let outline { edges.addPolyline(outline, closed: true) }
        }
        if let (rows, columns) = Self.rowOrder(camera, cells: n) {
            // Cells that overlap no other cell on the screen need no order: one outline per region
            // of one colour, drawn first. The rest are drawn in order, worked out again.
            let orientation = floorOrientation(view)
            var free = [Bool](repeating: false, count: n * n)
            if !showMesh && mergesFreeCells {
                let colors: [Color?]
                (free, colors) = freeCells(view, orientation: orientation)
                if free.contains(true) {
                    drawFreeRegions(colors: colors.indices.map { free[$0] ? colors[$0] : nil }, orientation: orientation, view: view, on: canvas)
                }
            }
            // Row by row, and along each row, from the far side: neighbours of one colour in a row
            // make one strip, its outline only (a quarter of the points of separate quads).
            for j in rows {
                var bottoms: [Point] = [], tops: [Point] = [], outlines: [[Point]] = []
                var stripColor: Color?
                func endStrip() {
                    if let color = stripColor, bottoms.count >= 2 {
                        add(Self.expandedStrip(bottoms: bottoms, tops: tops), color: color, outline: nil)
                        if showMesh { for o in outlines { edges.addPolyline(o, closed: true) } }
                    }
                    bottoms = []
                    tops = []
                    outlines = []
                    stripColor = nil
                }
                let forward = columns.first ?? 0 <= columns.last ?? 0
                for i in columns {
                    guard !free[j * n + i], let quad = cell(i, j, view: view, light: Self.light) else {
                        endStrip()
                        continue
                    }
                    guard let c = quad.corners else {
                        endStrip()
                        add(quad.expanded, color: quad.color, outline: quad.outline)
                        continue
                    }
                    // c: (i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1). Entry edge, then exit edge.
                    let (entryBottom, entryTop, exitBottom, exitTop) = forward ? (c[0], c[3], c[1], c[2]) : (c[1], c[2], c[0], c[3])
                    if stripColor != quad.color { endStrip() }
                    if bottoms.isEmpty {
                        bottoms = [entryBottom]
                        tops = [entryTop]
                        stripColor = quad.color
                    }
                    bottoms.append(exitBottom)
                    tops.append(exitTop)
                    if showMesh { outlines.append(quad.outline) }
                }
                endStrip()
            }
        } else {
            var order: [(key: Double, cell: Int)] = []
            order.reserveCapacity(n * n)
            for j in 0..<n {
                for i in 0..<n {
                    order.append((view.key(0.5 * (mesh.x(i) + mesh.x(i + 1)), 0.5 * (mesh.y(j) + mesh.y(j + 1))), j * n + i))
                }
            }
            order.sort { $0.key < $1.key || ($0.key == $1.key && $0.cell < $1.cell) }
            for (_, c) in order {
                guard let quad = cell(c % n, c / n, view: view, light: Self.light) else { continue }
                add(quad.expanded, color: quad.color, outline: quad.outline)
            }
        }
        flush()
        drawPaths(view, on: canvas, look: look)
    }

    /// The sign of a floor cell's area on the screen (see ``counterClockwise(_:)``): the way every
    /// cell turns that the viewer sees from the side the floor is seen from. Zero when the floor
    /// is seen edge on.
    func floorOrientation(_ view: View) -> Double {
        let corners = [(0, 0), (1, 0), (1, 1), (0, 1)].map { (a, b) in view(a == 0 ? domain.xmin : domain.xmax, b == 0 ? domain.ymin : domain.ymax, view.floor) }
        let area = Self.signedArea(corners)
        return abs(area) > 1e-6 ? (area > 0 ? 1 : -1) : 0
    }

    /// Twice the area of a polygon on the screen: positive when it turns counter-clockwise there
    /// (y down).
    static func signedArea(_ polygon: [Point]) -> Double {
        var area = 0.0
        for k in polygon.indices {
            let p = polygon[k], q = polygon[(k + 1) % polygon.count]
            area += p.x * q.y - q.x * p.y
        }
        return area
    }

    /// For an orthographic view, the rows (along y) and the cells in each row (along x) from the
    /// far side to the near side. Along a line of sight a point only moves towards the viewer in
    /// x and in y, so every cell that can hide another comes later in this order, as in the
    /// painter's key order (a test checks both against exact depths). Nil with perspective, whose
    /// lines of sight fan out.
    static func rowOrder(_ camera: Camera3D, cells n: Int) -> (rows: [Int], columns: [Int])? {
        guard !camera.perspective else { return nil }
        let a = Camera3D.radians(camera.azimuth)
        let towardsX = cos(a), towardsY = sin(a)
        let rows = towardsY >= 0 ? Array(0..<n) : Array((0..<n).reversed())
        let columns = towardsX >= 0 ? Array(0..<n) : Array((0..<n).reversed())
        return (rows, columns)
    }

    /// One mesh cell on the device: its quad cut to the z range, counter-clockwise on the screen,
    /// and a third of a unit larger about its centre (so that no background shows along shared
    /// edges; the nearer neighbour, drawn later, covers the overlap), coloured by the level of its
    /// mean height and shaded by its normal. The light's share is rounded to 1/32, so that
    /// neighbours facing alike share a colour (and a fill).
    /// A mesh cell as drawn: its colour, and its polygon on the device, the four corners in mesh
    /// order ((i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)) when the z range cut nothing.
    struct Quad {
        let color: Color
        let points: [Point]
        let whole: Bool

        /// The four corners in mesh order, when the z range cut nothing.
        var corners: [Point]? { whole ? points : nil }

        /// The polygon counter-clockwise on the screen.
        var outline: [Point] { Surface3DPanel.signedArea(points) < 0 ? points.reversed() : points }

        /// The outline a third of a unit larger about its centre, so that no background shows
        /// along shared edges (the nearer neighbour, drawn later, covers the overlap).
        var expanded: [Point] {
            var cx = 0.0, cy = 0.0
            for p in points {
                cx += p.x
                cy += p.y
            }
            cx /= Double(points.count)
            cy /= Double(points.count)
            return outline.map { p in
                let dx = p.x - cx, dy = p.y - cy, d = Swift.max((dx * dx + dy * dy).squareRoot(), 1e-9)
                return Point(p.x + 0.35 * dx / d, p.y + 0.35 * dy / d)
            }
        }
    }

    /// One mesh cell on the device: its quad cut to the z range, coloured by the level of its mean
    /// height and shaded by its normal. The light's share is rounded to 1/32, so that neighbours
    /// facing alike share a colour (and a fill).
    func cell(_ i: Int, _ j: Int, view: View, light: SIMD3<Double>) -> Quad? {
        let nx = mesh.nx
        let x0 = mesh.x(i), x1 = mesh.x(i + 1), y0 = mesh.y(j), y1 = mesh.y(j + 1)
        let z00 = view.shown(mesh.values[j * nx + i]), z10 = view.shown(mesh.values[j * nx + i + 1])
        let z11 = view.shown(mesh.values[(j + 1) * nx + i + 1]), z01 = view.shown(mesh.values[(j + 1) * nx + i])
        guard z00.isFinite, z10.isFinite, z11.isFinite, z01.isFinite else { return nil }
        let range = view.zRange
        let whole = range.contains(z00) && range.contains(z10) && range.contains(z11) && range.contains(z01)
        let points: [Point]
        if whole {
            points = [view(x0, y0, z00), view(x1, y0, z10), view(x1, y1, z11), view(x0, y1, z01)]
        } else {
            let corners = [SIMD3(x0, y0, z00), SIMD3(x1, y0, z10), SIMD3(x1, y1, z11), SIMD3(x0, y1, z01)]
            let polygon = Self.clip(corners, below: range.upperBound, above: range.lowerBound)
            guard polygon.count >= 3 else { return nil }
            points = polygon.map { view($0.x, $0.y, $0.z) }
        }
        let mean = (z00 + z10 + z11 + z01) / 4
        // The normal in box coordinates, so that the light falls as it looks.
        let b00 = view.box(x0, y0, z00), b10 = view.box(x1, y0, z10), b11 = view.box(x1, y1, z11), b01 = view.box(x0, y1, z01)
        var normal = Self.cross(b11 - b00, b01 - b10)
        let length = (normal * normal).sum().squareRoot()
        if length > 0 { normal /= length }
        if normal.z < 0 { normal = -normal }
        let lambert = (Swift.max(0, (normal * light).sum()) * 32).rounded() / 32
        let shade = 0.55 + 0.45 * lambert
        let base = color(ofHeight: mean)
        func channel(_ v: Double) -> Double { (Swift.min(1, Swift.max(0, v * shade)) * 255).rounded() / 255 }
        let fill = Color(red: channel(base.red), green: channel(base.green), blue: channel(base.blue))
        return Quad(color: fill, points: points, whole: whole)
    }

    /// The colour of a height: its place on the colour scale, between the levels it lies
    /// between (on the scale's own spacing: log, symlog or linear), quantized to 128 steps (no
    /// step shows beside the shading's, and an animated GIF's 256 colours hold them); with
    /// ``banded``, its level band's colour.
    func color(ofHeight v: Double) -> Color {
        let levels = style.levels
        guard levels.count >= 2 else { return style.colormap.color(at: 0.5) }
        let value = style.logScale ? v - style.offset : v
        var k = 0
        while k < levels.count - 2 && value >= levels[k + 1] { k += 1 }
        if banded { return style.bandColor(k) }
        func scaled(_ x: Double) -> Double {
            if style.logScale { return cLog10(Swift.max(x, levels[0] / 10)) }
            if let t = style.symlogThreshold { return Scale.symlog(x, t) }
            return x
        }
        let a = scaled(levels[k]), b = scaled(levels[k + 1])
        let fraction = b > a ? Swift.min(1, Swift.max(0, (scaled(value) - a) / (b - a))) : 0.5
        let position = (Double(k) + fraction) / Double(levels.count - 1)
        return style.colormap.color(at: (position * 127).rounded() / 127)
    }
}
