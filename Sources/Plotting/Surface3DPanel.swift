#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// How a 3-D panel looks at its box, in matplotlib's conventions so that settings carry over:
/// `azimuth` turns the view about the vertical axis (0° looks along −x, from +x), `elevation`
/// raises it above the floor (90° looks straight down). Orthographic unless `perspective`.
public struct Camera3D: Sendable, Equatable {
    public var azimuth: Double
    public var elevation: Double
    public var perspective: Bool

    public init(azimuth: Double = -60, elevation: Double = 30, perspective: Bool = false) {
        self.azimuth = azimuth
        self.elevation = elevation
        self.perspective = perspective
    }

    /// Degrees to radians. An angle of 10¹⁵ degrees or more (where a double has no fraction of a
    /// degree left) is first reduced modulo 360, exactly, so that 1e308 is an angle and not ∞.
    static func radians(_ degrees: Double) -> Double {
        abs(degrees) < 1e15 ? degrees * .pi / 180 : degrees.truncatingRemainder(dividingBy: 360) * .pi / 180
    }

    /// The unit vector from the box's centre towards the viewer.
    public var eye: SIMD3<Double> {
        let a = Self.radians(azimuth), e = Self.radians(elevation)
        return SIMD3(cos(e) * cos(a), cos(e) * sin(a), sin(e))
    }

    /// The screen's rightward and upward directions in box coordinates.
    var right: SIMD3<Double> {
        let a = Self.radians(azimuth)
        return SIMD3(-sin(a), cos(a), 0)
    }

    var up: SIMD3<Double> {
        let a = Self.radians(azimuth), e = Self.radians(elevation)
        return SIMD3(-sin(e) * cos(a), -sin(e) * sin(a), cos(e))
    }

    /// The eye's distance from the box's centre with perspective, in box units (the box is about
    /// one unit across).
    static let eyeDistance = 3.0

    /// A point in box coordinates on the screen (x right, y up, before fitting to the plot) and its
    /// depth: larger is nearer the viewer.
    public func project(_ p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double) {
        Projection(self).project(p)
    }

    /// The camera's vectors, worked out once for many points.
    struct Projection {
        let eye: SIMD3<Double>, right: SIMD3<Double>, up: SIMD3<Double>
        let perspective: Bool

        init(_ camera: Camera3D) {
            eye = camera.eye
            right = camera.right
            up = camera.up
            perspective = camera.perspective
        }

        @inline(__always) func project(_ p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double) {
            let depth = (p * eye).sum()
            var x = (p * right).sum(), y = (p * up).sum()
            if perspective {
                let k = Camera3D.eyeDistance / Swift.max(Camera3D.eyeDistance - depth, 1e-3)
                x *= k
                y *= k
            }
            return (x, y, depth)
        }
    }

    /// The painter's key of a point on the floor: cells drawn in increasing key are drawn from the
    /// farthest to the nearest. Along any line of sight the horizontal distance towards the viewer
    /// only grows, so for a height field (one height per floor point) the first surface point a
    /// ray meets is the one with the largest key, whatever the elevation; a test checks the claim
    /// against a depth buffer. With perspective, rays fan out from the eye, and the key is minus the
    /// horizontal distance from the eye's foot.
    func paintersKey(x: Double, y: Double) -> Double {
        if perspective {
            let e = eye * Self.eyeDistance
            return -((x - e.x) * (x - e.x) + (y - e.y) * (y - e.y)).squareRoot()
        }
        let a = Self.radians(azimuth)
        return x * cos(a) + y * sin(a)
    }
}

/// A loss surface in 3-D: a shaded mesh coloured by the figure's levels, contour lines on the
/// floor, an axis box with ticks, and optimizer paths lifted onto the surface, each part hidden
/// by whatever lies in front of it.
///
/// Occlusion is exact at the mesh's resolution, in every format, with no depth buffer: cells are
/// drawn from the farthest to the nearest (``Camera3D/paintersKey(x:y:)``); then each path, cut at
/// the cell edges and into steps of half a cell, is drawn where the line of sight from it to the
/// eye does not cross the mesh (``isVisible(_:_:heights:)``), and so are the markers.
///
/// ```swift
/// var panel = Surface3DPanel(surface: surface, grid: grid, style: style, series: series)
/// panel.camera = Camera3D(azimuth: 255, elevation: 60)
/// Figure(width: 700, height: 600, title: surface.formula, panels: [[panel]]).draw(on: canvas)
/// ```
public struct Surface3DPanel: Panel {
    public var domain: Domain
    public var style: FieldStyle
    public var series: [PathSeries]
    public var minima: [CriticalPoint]
    public var camera = Camera3D()
    /// The heights shown; the surface is cut where it leaves them. Nil: from the mesh
    /// (``automaticZRange(_:)``).
    public var zRange: ClosedRange<Double>?
    /// Heights on a log scale: log₁₀(f − the lowest height shown), four decades deep, for valleys
    /// such as Rosenbrock's that a linear scale flattens.
    public var logZ = false
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var zLabel = "loss"
    public var showLegend = true
    /// Dark lines along the mesh.
    public var showMesh = false
    /// Contour lines on the floor, in the colours of their levels (drawn when the floor is seen
    /// from above).
    public var floorContours = true
    /// The parts of paths that the surface hides, drawn faintly dashed over it.
    public var xray = false
    /// Colour the mesh by level band (each cell its band's colour, as the contour plot) instead
    /// of continuously by height (as matplotlib's plot_surface).
    public var banded = false
    /// Lines from the paths' step markers straight down to the floor, where they are seen.
    public var dropLines = false
    /// Draws the cells that overlap no other cell (seen orthographically) as one outline per
    /// region of one colour, in any order (``freeCells(candidates:spans:blocked:)``); false
    /// draws every cell in the painter's order, as tests compare.
    var mergesFreeCells = true

    /// Heights on the mesh: `(mesh + 1)²` points, row by row from `domain.ymin`.
    let mesh: Grid
    /// The contour lines of each interior level, for the floor.
    let floorLines: [(level: Int, lines: [Polyline])]
    /// The surface's height at any point, for lifting paths onto it.
    let height: @Sendable (Vector2) -> Double

    /// The largest mesh: cells per side.
    public static let maximumMesh = 400

    /// A 3-D panel of `surface` with `mesh` cells a side; `grid` (usually finer) gives the floor
    /// contours at `style`'s levels (from `geometry`, when it is at hand).
    public init(surface: Surface, grid: Grid, style: FieldStyle, series: [PathSeries], mesh: Int = 50, title: String? = nil,
                geometry: FieldGeometry? = nil) {
        let cells = Swift.min(Swift.max(mesh, 2), Self.maximumMesh)
        self.domain = grid.domain
        self.style = style
        self.series = series
        self.minima = surface.minima.filter { grid.domain.contains($0.point) }
        self.title = title
        self.xLabel = surface.axisNames.x
        self.yLabel = surface.axisNames.y
        self.mesh = Grid(surface: surface, domain: grid.domain, resolution: cells + 1)
        // The floor's lines are the contour panel's, when it has them already.
        let lines = (geometry ?? FieldGeometry(grid: grid, style: style)).lineLevels
        floorLines = lines.indices.dropFirst().map { (level: $0, lines: lines[$0]) }
        let function = surface.function
        height = { p in function.value(at: p) }
    }

    /// The heights to show: from the lowest value on the mesh to the highest, or, when a few
    /// values blow up (the top 2% of the mesh spanning more than half the range), to the 98th
    /// percentile plus a tenth, so that the rest is not flattened against the floor.
    public static func automaticZRange(_ values: [Double]) -> ClosedRange<Double>? {
        let finite = values.filter(\.isFinite).sorted()
        guard let lo = finite.first, let hi = finite.last else { return nil }
        guard hi > lo else {
            // A flat field: a band about it, wide enough to be a range at its magnitude.
            let pad = Swift.max(0.5, abs(lo) * 1e-6)
            return Swift.max(lo - pad, -.greatestFiniteMagnitude)...Swift.min(hi + pad, .greatestFiniteMagnitude)
        }
        let q98 = finite[Int(Double(finite.count - 1) * 0.98)]
        if hi / 2 - q98 / 2 > 0.5 * (hi / 2 - lo / 2), q98 > lo { return lo...spanPoint(from: lo, to: q98, at: 1.1) }
        return lo...hi
    }

    /// The box's shape: as wide as deep, three quarters as tall (matplotlib's default).
    static let boxAspect = SIMD3<Double>(1, 1, 0.75)

    // MARK: Drawing

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        var top = frame.minY + 8
        if let title { top = drawPanelTitle(title, in: frame, on: canvas, look: look) + 10 }
        var area = Rect(x: frame.minX, y: top, width: frame.width, height: frame.maxY - top)
        let legend = showLegend && !series.isEmpty && look.legend != .none ? legendContent(look) : nil
        if let legend {
            let size = legend.size(canvas)
            area.height -= size.height + 8
        }
        guard var range = zRange ?? Self.automaticZRange(mesh.values), range.upperBound > range.lowerBound else {
            return PanelLayout(plot: area)
        }
        // The mesh misses the exact minima by a little; the automatic range reaches down to them.
        if zRange == nil, let lowest = minima.map(\.value).filter(\.isFinite).min(), lowest < range.lowerBound {
            range = lowest...range.upperBound
        }
        var logOffset: Double?
        if logZ {
            // Four decades below the top; heights below that lie flat on it.
            logOffset = range.lowerBound
            range = spanPoint(from: range.lowerBound, to: range.upperBound, at: 1e-4)...range.upperBound
        }
        let view = View(camera: camera, domain: domain, zRange: range, logOffset: logOffset,
                        area: area.insetBy(Swift.max(48, Swift.min(area.width, area.height) * 0.09)))
        drawPanes(view, on: canvas)
        if floorContours && camera.elevation >= 0 { drawFloorContours(view, on: canvas) }
        drawSurfaceAndPaths(view, on: canvas, look: look)
        drawAxes(view, on: canvas, look: look)
        var layout = PanelLayout(plot: view.bounds)
        if let legend {
            let size = legend.size(canvas)
            let x = Swift.min(Swift.max(view.bounds.center.x - size.width / 2, frame.minX), frame.maxX - size.width)
            // Under the box and its axis labels (about 56 units), not at the bottom of a tall canvas.
            let box = Rect(x: x.rounded(), y: (Swift.min(area.maxY, view.bounds.maxY + 56) + 8).rounded(), width: size.width, height: size.height)
            legend.draw(on: canvas, in: box)
            layout.legend = box
        }
        return layout
    }

    /// The projection from data coordinates to the device, fitted to an area.
    struct View {
        let camera: Camera3D
        let domain: Domain
        let zRange: ClosedRange<Double>
        let scale: Double
        let offset: Point
        /// The box's projected extent on the device.
        let bounds: Rect

        /// The box's bottom: a little below the lowest height shown, so that the floor's contour
        /// lines show under the surface.
        let floor: Double
        /// With a log scale, the height that is zero on it: heights are log₁₀(z − logOffset).
        let logOffset: Double?

        let projection: Camera3D.Projection

        init(camera: Camera3D, domain: Domain, zRange: ClosedRange<Double>, logOffset: Double? = nil, area: Rect) {
            self.camera = camera
            projection = Camera3D.Projection(camera)
            self.domain = domain
            self.zRange = zRange
            self.logOffset = logOffset
            if let logOffset {
                let lo = cLog10(zRange.lowerBound - logOffset), hi = cLog10(zRange.upperBound - logOffset)
                floor = logOffset + cPow(10, lo - 0.15 * (hi - lo))
            } else {
                floor = spanPoint(from: zRange.lowerBound, to: zRange.upperBound, at: -0.15)
            }
            var lo = Point(Double.infinity, Double.infinity), hi = Point(-Double.infinity, -Double.infinity)
            for corner in Self.corners {
                let p = camera.project(corner * Surface3DPanel.boxAspect)
                lo = Point(Swift.min(lo.x, p.x), Swift.min(lo.y, p.y))
                hi = Point(Swift.max(hi.x, p.x), Swift.max(hi.y, p.y))
            }
            let s = Swift.min(area.width / Swift.max(hi.x - lo.x, 1e-9), area.height / Swift.max(hi.y - lo.y, 1e-9))
            scale = s
            offset = Point(area.center.x - s * (lo.x + hi.x) / 2, area.center.y + s * (lo.y + hi.y) / 2)
            bounds = Rect(x: offset.x + s * lo.x, y: offset.y - s * hi.y, width: s * (hi.x - lo.x), height: s * (hi.y - lo.y))
        }

        /// The box's eight corners in box coordinates (each side from −½ to ½ before the aspect).
        static let corners: [SIMD3<Double>] = [-0.5, 0.5].flatMap { x in [-0.5, 0.5].flatMap { y in [-0.5, 0.5].map { z in SIMD3(x, y, z) } } }

        /// Data to box coordinates (the box's aspect applied).
        func box(_ x: Double, _ y: Double, _ z: Double) -> SIMD3<Double> {
            SIMD3(spanFraction(x, from: domain.xmin, to: domain.xmax) - 0.5, spanFraction(y, from: domain.ymin, to: domain.ymax) - 0.5,
                  spanFraction(scaled(z), from: scaled(floor), to: scaled(zRange.upperBound)) - 0.5) * Surface3DPanel.boxAspect
        }

        /// A height on the z axis's scale.
        func scaled(_ z: Double) -> Double {
            guard let logOffset else { return z }
            return cLog10(Swift.max(z - logOffset, 1e-300))
        }

        /// A height as shown: on a log scale, one below the range lies flat on its bottom.
        func shown(_ z: Double) -> Double {
            logOffset != nil && z < zRange.lowerBound ? zRange.lowerBound : z
        }

        /// Box coordinates to the device.
        func device(_ b: SIMD3<Double>) -> Point {
            let p = projection.project(b)
            return Point(offset.x + scale * p.x, offset.y - scale * p.y)
        }

        func callAsFunction(_ x: Double, _ y: Double, _ z: Double) -> Point { device(box(x, y, z)) }

        /// The painter's key of a data point on the floor.
        func key(_ x: Double, _ y: Double) -> Double {
            let b = box(x, y, floor)
            return camera.paintersKey(x: b.x, y: b.y)
        }
    }

    /// The three far faces of the box, light grey, with grid lines at the ticks.
    func drawPanes(_ view: View, on canvas: Canvas) {
        let eye = camera.eye
        let z0 = camera.elevation >= 0 ? -0.5 : 0.5
        // A face is far when its outward normal points away from the viewer.
        let x0 = eye.x > 0 ? -0.5 : 0.5, y0 = eye.y > 0 ? -0.5 : 0.5
        let a = Self.boxAspect
        func face(_ points: [SIMD3<Double>]) -> Path {
            var path = Path()
            path.addPolyline(points.map { view.device($0 * a) }, closed: true)
            return path
        }
        let pane = Color(hex: 0xF2F2F2), edge = Color(hex: 0xD9D9D9)
        let faces = [
            face([SIMD3(-0.5, -0.5, z0), SIMD3(0.5, -0.5, z0), SIMD3(0.5, 0.5, z0), SIMD3(-0.5, 0.5, z0)]),
            face([SIMD3(x0, -0.5, -0.5), SIMD3(x0, 0.5, -0.5), SIMD3(x0, 0.5, 0.5), SIMD3(x0, -0.5, 0.5)]),
            face([SIMD3(-0.5, y0, -0.5), SIMD3(0.5, y0, -0.5), SIMD3(0.5, y0, 0.5), SIMD3(-0.5, y0, 0.5)]),
        ]
        for f in faces { canvas.fill(f, color: pane, rule: .nonZero) }
        var grid = Path()
        let xs = axis(.x).ticks, ys = axis(.y).ticks
        let zs = view.logOffset.map { offset in axis(.logZ(view.zRange, offset: offset)).ticks.map { $0 + offset } } ?? axis(.z(view.zRange)).ticks
        for x in xs {
            grid.addPolyline([view(x, domain.ymin, (z0 < 0 ? view.floor : view.zRange.upperBound)),
                              view(x, domain.ymax, (z0 < 0 ? view.floor : view.zRange.upperBound))], closed: false)
            let y = y0 < 0 ? domain.ymin : domain.ymax
            grid.addPolyline([view(x, y, view.floor), view(x, y, view.zRange.upperBound)], closed: false)
        }
        for y in ys {
            grid.addPolyline([view(domain.xmin, y, (z0 < 0 ? view.floor : view.zRange.upperBound)),
                              view(domain.xmax, y, (z0 < 0 ? view.floor : view.zRange.upperBound))], closed: false)
            let x = x0 < 0 ? domain.xmin : domain.xmax
            grid.addPolyline([view(x, y, view.floor), view(x, y, view.zRange.upperBound)], closed: false)
        }
        for z in zs {
            let x = x0 < 0 ? domain.xmin : domain.xmax, y = y0 < 0 ? domain.ymin : domain.ymax
            grid.addPolyline([view(x, domain.ymin, z), view(x, domain.ymax, z)], closed: false)
            grid.addPolyline([view(domain.xmin, y, z), view(domain.xmax, y, z)], closed: false)
        }
        canvas.stroke(grid, style: StrokeStyle(color: edge, width: 0.8))
    }

    /// Contour lines on the floor, each in its level's colour.
    func drawFloorContours(_ view: View, on canvas: Canvas) {
        let floor = view.floor
        for (level, lines) in floorLines {
            var path = Path()
            for line in lines {
                path.addPolyline(simplify(line.points.map { view($0.x, $0.y, floor) }, tolerance: 0.3), closed: line.isClosed)
            }
            let color = style.colormap.color(at: Double(level) / Double(Swift.max(1, style.levels.count - 2)))
            canvas.stroke(path, style: StrokeStyle(color: color.withAlpha(0.85), width: 0.9, join: .round))
        }
    }

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
    /// between (on the scale's own spacing: log, symlog or linear), quantized to the colormap's
    /// 256 samples; with ``banded``, its level band's colour.
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
        return style.colormap.color(at: (position * 255).rounded() / 255)
    }

    // MARK: Axes

    enum AxisKind {
        case x, y
        case z(ClosedRange<Double>)
        case logZ(ClosedRange<Double>, offset: Double)
    }

    func axis(_ kind: AxisKind) -> Axis {
        switch kind {
        case .x: return Axis(from: domain.xmin, to: domain.xmax, title: xLabel, tickCount: 5)
        case .y: return Axis(from: domain.ymin, to: domain.ymax, title: yLabel, tickCount: 5)
        case let .z(range): return Axis(from: range.lowerBound, to: range.upperBound, title: zLabel, tickCount: 5)
        case let .logZ(range, offset):
            return Axis(kind: .log, from: range.lowerBound - offset, to: range.upperBound - offset,
                        title: offset == 0 ? zLabel + " (log scale)" : zLabel + " − minimum (log scale)", tickCount: 5)
        }
    }

    /// Ticks and labels on three edges of the box that face the viewer: x and y along the floor's
    /// nearer edges, z up the left-most vertical edge; titles beyond the labels.
    func drawAxes(_ view: View, on canvas: Canvas, look: Style) {
        let zLo = view.floor, zHi = view.zRange.upperBound
        let floor = camera.elevation >= 0 ? zLo : zHi
        let eye = camera.eye
        let nearY = eye.y > 0 ? domain.ymax : domain.ymin, nearX = eye.x > 0 ? domain.xmax : domain.xmin
        let centre = view((domain.xmin + domain.xmax) / 2, (domain.ymin + domain.ymax) / 2, (zLo + zHi) / 2)
        // The vertical edge furthest left on the screen carries z, unless a floor axis seen nearly
        // end on runs down from it, whose labels would continue the z labels' column: then the
        // edge furthest right does.
        let verticals = [(domain.xmin, domain.ymin), (domain.xmax, domain.ymin), (domain.xmax, domain.ymax), (domain.xmin, domain.ymax)]
        func steep(_ a: Point, _ b: Point) -> Bool { abs(b.y - a.y) > abs(b.x - a.x) }
        let xSteep = steep(view(domain.xmin, nearY, floor), view(domain.xmax, nearY, floor))
        let ySteep = steep(view(nearX, domain.ymin, floor), view(nearX, domain.ymax, floor))
        func crowded(_ corner: (Double, Double)) -> Bool { (corner.1 == nearY && xSteep) || (corner.0 == nearX && ySteep) }
        let leftmost = verticals.min { view($0.0, $0.1, zLo).x < view($1.0, $1.1, zLo).x }!
        let rightmost = verticals.max { view($0.0, $0.1, zLo).x < view($1.0, $1.1, zLo).x }!
        let zEdge = crowded(leftmost) && !crowded(rightmost) ? rightmost : leftmost
        let edges: [(Axis, (Double) -> Point)] = [
            (axis(.x), { view($0, nearY, floor) }),
            (axis(.y), { view(nearX, $0, floor) }),
            view.logOffset.map { offset in (axis(.logZ(view.zRange, offset: offset)), { view(zEdge.0, zEdge.1, $0 + offset) }) }
                ?? (axis(.z(view.zRange)), { view(zEdge.0, zEdge.1, $0) }),
        ]
        var frame = Path()
        frame.addPolyline([view(domain.xmin, nearY, floor), view(domain.xmax, nearY, floor)], closed: false)
        frame.addPolyline([view(nearX, domain.ymin, floor), view(nearX, domain.ymax, floor)], closed: false)
        frame.addPolyline([view(zEdge.0, zEdge.1, zLo), view(zEdge.0, zEdge.1, zHi)], closed: false)
        canvas.stroke(frame, style: StrokeStyle(color: look.foreground, width: look.frame(0.8)))
        var taken: [Rect] = []
        for (index, (axis, place)) in edges.enumerated() {
            let a = place(axis.scale.domain.lowerBound), b = place(axis.scale.domain.upperBound)
            let mid = Point((a.x + b.x) / 2, (a.y + b.y) / 2)
            // An axis seen end-on (the view along it) has no room for ticks.
            guard ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot() >= 0.12 * Swift.min(view.bounds.width, view.bounds.height) else { continue }
            // Outward: away from the box's centre, square to the edge.
            var out = Point(-(b.y - a.y), b.x - a.x)
            let length = Swift.max((out.x * out.x + out.y * out.y).squareRoot(), 1e-9)
            out = Point(out.x / length, out.y / length)
            if (mid.x - centre.x) * out.x + (mid.y - centre.y) * out.y < 0 { out = Point(-out.x, -out.y) }
            var ticks = Path()
            var farthest = 0.0
            var boxes: [Rect] = []
            for (value, label) in zip(axis.ticks, axis.labels) {
                let p = place(value)
                ticks.addPolyline([p, Point(p.x + 4 * out.x, p.y + 4 * out.y)], closed: false)
                let m = canvas.measure(label, font: look.tickFont)
                let w = m.width, h = m.ascent + m.descent
                // The label's centre, far enough out that its box clears the tick.
                let reach = 8 + abs(out.x) * w / 2 + abs(out.y) * h / 2
                let c = Point(p.x + reach * out.x, p.y + reach * out.y)
                let box = Rect(x: c.x - w / 2, y: c.y - h / 2, width: w, height: h)
                if boxes.contains(where: { $0.insetBy(-3).intersects(box) }) || taken.contains(where: { $0.intersects(box) }) { continue }
                boxes.append(box)
                canvas.text(label, at: c, font: look.tickFont, color: look.foreground, anchor: TextAnchor(.center, .middle))
                farthest = Swift.max(farthest, reach + abs(out.x) * w / 2 + abs(out.y) * h / 2)
            }
            canvas.stroke(ticks, style: StrokeStyle(color: look.foreground, width: look.frame(0.8)))
            taken += boxes
            // The z title reads upwards along its edge, as matplotlib sets it; the others across.
            let label = canvas.measure("Ag", font: look.labelFont)
            let upright = index == 2
            let title = upright ? fittedAlong(axis.title, length: ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot() + 40,
                                              font: look.labelFont, canvas: canvas) : (text: axis.title, font: look.labelFont)
            let titleWidth = canvas.measure(title.text, font: title.font).width, titleHeight = label.ascent + label.descent
            let (across, along) = upright ? (titleHeight, titleWidth) : (titleWidth, titleHeight)
            let reach = farthest + 6 + abs(out.x) * across / 2 + abs(out.y) * along / 2
            let c = Point(mid.x + reach * out.x, mid.y + reach * out.y)
            let box = canvas.text(title.text, at: c, font: title.font, color: look.foreground, anchor: TextAnchor(.center, .middle), angle: upright ? -Double.pi / 2 : 0)
            taken.append(box)
        }
    }

    func legendContent(_ look: Style) -> Legend {
        var keys: [Legend.Key] = [.start, .end]
        if minima.contains(where: { $0.kind == .globalMinimum }) { keys.append(.globalMinimum) }
        if minima.contains(where: { $0.kind == .localMinimum }) { keys.append(.localMinimum) }
        if minima.contains(where: { $0.kind == .saddle }) { keys.append(.saddle) }
        return Legend(rows: series.enumerated().map { k, s in Legend.Row(color: s.color, marker: s.stepMarker(at: k), label: s.label, dash: s.dash) },
                      keys: keys, look: look, reserve: series.map(\.finalLabel))
    }

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
