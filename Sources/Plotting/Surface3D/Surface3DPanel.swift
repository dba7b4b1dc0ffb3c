#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// A loss surface in 3-D: a shaded mesh coloured by the figure's levels, contour lines on the
/// floor, an axis box with ticks, and optimizer paths lifted onto the surface, each part hidden
/// by whatever lies in front of it.
///
/// Occlusion is exact at the mesh's resolution, in every format, with no depth buffer: cells are
/// drawn from the farthest to the nearest (`Camera3D/paintersKey(x:y:)`); then each path, cut at
/// the cell edges and into steps of half a cell, is drawn where the line of sight from it to the
/// eye does not cross the mesh (`isVisible(_:_:heights:)`), and so are the markers.
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
}
