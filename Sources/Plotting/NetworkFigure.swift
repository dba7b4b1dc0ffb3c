import Landscapes
import Networks
import Trajectories

/// The loss landscape of a trained network on a plane through weight space, with the training
/// paths projected onto it (Li et al. 2018), drawn with the same panels as analytic surfaces.
///
/// The plane's loss is computed on a `resolution × resolution` lattice (``PlaneGrid``) and drawn
/// as given; paths are the recorded points placed on the plane by least squares, with the
/// recorded loss. How much a plane leaves out is shown, not hidden: principal planes carry their
/// explained variance on the axes, the subtitle gives the share of each path that lies in the
/// plane, and the `single` layout has a panel of every recorded point's distance from it.
///
/// ```swift
/// var figure = NetworkFigure(session: session)     // from `landscape net train`, or Trainer
/// figure.plane = .shared
/// let plane = try figure.makePlane()
/// let grid = figure.grid(on: plane)
/// let drawing = figure.figure(plane: plane, grid: grid)
/// ```
public struct NetworkFigure: Sendable {
    public var session: NetworkSession
    public var plane: Plane.Kind = .shared
    /// The run whose points make a PCA plane, or whose end centres a random one (default: the last).
    public var run: Int?
    public var resolution = 51
    /// Half the side of the square of (α, β) shown; nil: 1 for random planes, the paths' extent
    /// with a margin for principal ones.
    public var span: Double?
    /// The random directions' seed.
    public var seed: UInt64 = 0
    public var layout: Comparison.Layout = .single
    public var width: Double = 800
    public var height: Double = 600
    public var levelCount = 24
    public var colormap: Colormap?
    public var title: String?
    public var camera = Camera3D()

    public init(session: NetworkSession) { self.session = session }

    var runIndex: Int { Swift.min(Swift.max(run ?? session.runs.count - 1, 0), Swift.max(session.runs.count - 1, 0)) }

    /// The plane of ``plane``, for ``run``.
    public func makePlane() throws(TrainingError) -> Plane {
        guard !session.runs.isEmpty else { throw TrainingError("the run file has no runs") }
        let points = session.runs[runIndex].records.map(\.parameters)
        switch plane {
        case .random:
            return Plane.random(around: points.last ?? session.initial, model: session.model, seed: seed)
        case .pca:
            return try Plane.pca(of: points)
        case .shared:
            return try Plane.shared(from: session.initial, runs: session.runs.map { $0.records.map(\.parameters) })
        }
    }

    /// Each run's recorded points on the plane: (α, β) and the distance from it.
    public func projections(on plane: Plane) -> [[(alpha: Double, beta: Double, distance: Double)]] {
        session.runs.map { run in run.records.map { plane.coordinates(of: $0.parameters) } }
    }

    /// The ranges of α and β the figure shows: ±span; for principal planes without a span, the
    /// paths (inside the divergence bound) and the plane's center with a margin of a fifth of the wider range on every side
    /// (the narrower range at least 40% of the wider, so that a straight path keeps a landscape
    /// around it).
    public func extent(on plane: Plane) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        if let span { return (-span...span, -span...span) }
        if plane.kind == .random { return (-1...1, -1...1) }
        var a0 = 0.0, a1 = 0.0, b0 = 0.0, b1 = 0.0
        // Only the points a plane is fitted to: a diverged run's last points would stretch it.
        for run in session.runs {
            for p in Plane.fitted(run.records.map(\.parameters)).map({ plane.coordinates(of: $0) }) where p.alpha.isFinite && p.beta.isFinite {
                a0 = Swift.min(a0, p.alpha); a1 = Swift.max(a1, p.alpha)
                b0 = Swift.min(b0, p.beta); b1 = Swift.max(b1, p.beta)
            }
        }
        var wide = Swift.max(a1 - a0, b1 - b0)
        if !(wide > 0) { wide = 1 }
        func widen(_ lo: Double, _ hi: Double) -> ClosedRange<Double> {
            let extra = Swift.max(0, 0.4 * wide - (hi - lo)) / 2
            return (lo - extra - 0.2 * wide)...(hi + extra + 0.2 * wide)
        }
        return (widen(a0, a1), widen(b0, b1))
    }

    /// The plane's loss on the lattice, on every core.
    public func grid(on plane: Plane, progress: (@Sendable (Int, Int) -> Void)? = nil) -> PlaneGrid {
        let e = extent(on: plane)
        return PlaneGrid.compute(model: session.model, data: session.data, plane: plane,
                                 x: PlaneGrid.linspace(e.x.lowerBound, e.x.upperBound, resolution),
                                 y: PlaneGrid.linspace(e.y.lowerBound, e.y.upperBound, resolution), progress: progress)
    }

    /// Axis names: principal directions with their explained variance, or the random ones.
    public func axisNames(_ plane: Plane) -> (x: String, y: String) {
        if let e = plane.explained, e.count == 2 {
            return ("PC1 (\(Self.percent(e[0])) of variance)", "PC2 (\(Self.percent(e[1])))")
        }
        return ("α (filter-normalized d₁)", "β (filter-normalized d₂)")
    }

    static func percent(_ x: Double) -> String {
        let p = 100 * x
        return (p >= 10 ? TickFormat.number((p * 10).rounded() / 10) : TickFormat.number((p * 100).rounded() / 100)) + "%"
    }

    /// A one-line description of the plane for file metadata: kind, normalization, seed, span
    /// and resolution, so that the figure can be made again.
    public func planeDescription(_ plane: Plane, grid: PlaneGrid) -> String {
        var parts = ["plane=\(plane.kind.rawValue)", "normalization=\(plane.normalization)"]
        if let seed = plane.seed { parts.append("seed=\(seed)") }
        if plane.kind == .pca { parts.append("run=\(runIndex)") }
        parts.append("alpha=\(TickFormat.number(grid.x.first ?? 0))..\(TickFormat.number(grid.x.last ?? 0))")
        parts.append("beta=\(TickFormat.number(grid.y.first ?? 0))..\(TickFormat.number(grid.y.last ?? 0))")
        parts.append("resolution=\(grid.x.count)")
        if let e = plane.explained { parts.append("explained=" + e.map { Self.percent($0) }.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }

    public var modelDescription: String {
        "MLP " + session.model.widths.map(String.init).joined(separator: "-") + " \(session.model.activation.rawValue)"
    }

    func labels() -> [String] {
        session.runs.map { (try? OptimizerConfiguration(spec: $0.optimizer).label) ?? $0.optimizer }
    }

    /// The grid as a ``Surface`` for the panels, with the plane's axis names.
    func surface(plane: Plane, grid planeGrid: PlaneGrid) -> (Surface, Grid) {
        let domain = Domain(xmin: planeGrid.x.first ?? -1, xmax: planeGrid.x.last ?? 1, ymin: planeGrid.y.first ?? -1, ymax: planeGrid.y.last ?? 1)
        let grid = Grid(domain: domain, nx: planeGrid.x.count, ny: planeGrid.y.count, values: planeGrid.loss)
        let planeName = plane.kind == .shared ? "the shared plane" : plane.kind == .pca ? "the PCA plane of \(labels()[runIndex])" : "a random plane"
        let surface = Surface(grid: grid, name: "net", formula: "\(session.data.source), \(modelDescription): loss on \(planeName)",
                              axisNames: axisNames(plane))
        return (surface, grid)
    }

    /// A run's points on the plane as a trajectory: positions (α, β), the recorded losses.
    func trajectory(_ run: NetworkRun, _ points: [(alpha: Double, beta: Double, distance: Double)]) -> Trajectory {
        var t = Trajectory(surface: "net", optimizer: run.optimizer, dimension: 2, seed: run.seed,
                           stop: StopRule(maxSteps: run.records.last?.step ?? 0), stateNames: [])
        t.positions = points.map { Vector2($0.alpha, $0.beta) }
        t.losses = run.records.map(\.loss)
        t.gradients = Array(repeating: .zero, count: points.count)
        t.outcome = run.outcome
        return t
    }

    /// The comparison that lays the figure out: the plane as a surface, the runs as recorded
    /// runs. The `single` layout is Comparison's with-loss arrangement with the distance panel in
    /// place of the loss panel, so sizes, stacking on tall canvases and the size check are the
    /// same as for analytic surfaces. Without a grid (for ``fits(width:height:plane:)``), the
    /// values are left out.
    func comparison(plane: Plane, grid planeGrid: PlaneGrid?) -> Comparison {
        let e = extent(on: plane)
        let placeholder = PlaneGrid(x: [e.x.lowerBound, e.x.upperBound], y: [e.y.lowerBound, e.y.upperBound], loss: [0, 0, 0, 0], accuracy: nil)
        let (surface, grid) = self.surface(plane: plane, grid: planeGrid ?? placeholder)
        let projections = self.projections(on: plane)
        let labels = self.labels()
        var comparison = Comparison(surface: surface, optimizers: [], start: Vector2(0, 0))
        comparison.grid = grid
        comparison.layout = layout == .single ? .withLoss : layout
        comparison.width = width
        comparison.height = height
        comparison.levelCount = levelCount
        comparison.colormap = colormap
        comparison.camera = camera
        comparison.mesh = Swift.min(50, grid.nx - 1)
        comparison.recordedRuns = zip(session.runs, projections).enumerated().map { k, pair in
            var recorded = Comparison.RecordedRun(label: labels[k], trajectory: trajectory(pair.0, pair.1))
            recorded.stepCount = pair.0.records.last?.step
            return recorded
        }
        comparison.title = title ?? surface.formula
        let captured = session.runs.map { plane.captured(Plane.fitted($0.records.map(\.parameters))) }
        comparison.subtitle = "in the plane: " + zip(labels, captured).map { "\($0.split(separator: " ").first ?? "") \(Self.percent($1))" }.joined(separator: ", ")
            + " of each path's displacement"
        if layout == .single {
            let distances = zip(session.runs, projections).enumerated().map { k, pair in
                var s = LinePanel.Series(name: labels[k], color: Palette.path(k), values: pair.1.map(\.distance))
                s.x = pair.0.records.map { Double($0.step) }
                return s
            }
            var panel = LinePanel(series: distances, title: "distance from the plane", xLabel: "step", yLabel: "‖θ − plane‖")
            panel.showLegend = false
            comparison.companion = panel
        }
        return comparison
    }

    /// Whether a canvas leaves every plot room for its axes, colorbar and legend (as
    /// ``Comparison/fits(width:height:)``), and the size that suits the layout; cheap, no grid.
    public func fits(width: Double, height: Double, plane: Plane) -> Bool {
        comparison(plane: plane, grid: nil).fits(width: width, height: height)
    }
    public func minimumSize(plane: Plane) -> (width: Double, height: Double) { comparison(plane: plane, grid: nil).minimumSize }
    public func preferredSize(plane: Plane) -> (width: Double, height: Double) { comparison(plane: plane, grid: nil).preferredSize }

    /// The figure.
    public func figure(plane: Plane, grid planeGrid: PlaneGrid) -> Figure {
        comparison(plane: plane, grid: planeGrid).figure()
    }

    /// One panel per run, each on the principal plane of its own path through its end.
    public func smallMultiples() throws(TrainingError) -> Figure {
        let labels = self.labels()
        var panels: [any Panel] = []
        for k in session.runs.indices {
            var f = self
            f.plane = .pca
            f.run = k
            let plane = try f.makePlane()
            let planeGrid = f.grid(on: plane)
            let (surface, grid) = f.surface(plane: plane, grid: planeGrid)
            let style = FieldStyle.automatic(for: surface, grid: grid, count: levelCount, colormap: colormap)
            let points = session.runs[k].records.map { plane.coordinates(of: $0.parameters) }
            var series = PathSeries(trajectory: trajectory(session.runs[k], points), label: labels[k], color: Palette.path(k))
            series.steps = session.runs[k].records.last?.step ?? 0
            let explained = plane.explained.map { " (\($0.map { Self.percent($0) }.joined(separator: ", ")))" } ?? ""
            var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: [series], title: labels[k] + explained)
            panel.showLegend = false
            panels.append(panel)
        }
        let columns = Comparison.columns(panels: panels.count, aspect: 1, width: width, height: height)
        let rows = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<Swift.min($0 + columns, panels.count)]) }
        return Figure(width: width, height: height, title: title ?? "\(session.data.source), \(modelDescription)",
                      subtitle: "each optimizer on the principal plane of its own path, through its end (PC1, PC2 explained variance)",
                      panels: rows)
    }

    /// The plane's grid and directions as JSON: `x`, `y`, `loss` (rows = y, `loss[i][j]` at
    /// center + x[j]·d1 + y[i]·d2), `center`, `d1`, `d2`, and the plane's description.
    public static func gridJSON(plane: Plane, grid: PlaneGrid, description: String) -> String {
        func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
        let nx = grid.x.count
        let rows: JSONValue = .array(grid.y.indices.map { i in numbers(Array(grid.loss[(i * nx)..<((i + 1) * nx)])) })
        return JSONValue.object([
            ("plane", .string(description)), ("x", numbers(grid.x)), ("y", numbers(grid.y)), ("loss", rows),
            ("center", numbers(plane.center)), ("d1", numbers(plane.d1)), ("d2", numbers(plane.d2)),
        ]).compactText() + "\n"
    }
}
