import Landscapes
import Contours
import Networks
import Trajectories

/// The loss landscape of a trained network on a plane through weight space, with the training
/// paths projected onto it (Li et al. 2018), drawn with the same panels as analytic surfaces.
///
/// The plane's loss is computed on a `resolution × resolution` lattice (`PlaneGrid`) and drawn
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
    /// What the figure shows: the loss on a plane (``plane``, ``layout``), the loss along a line
    /// through weight space for every run (`curves(kind:)`), or what every run learned in the
    /// data's own space (``learned()``).
    public enum View: Sendable, Equatable {
        case plane
        case curves(WeightLine.Kind)
        case learned
        /// The loss and the Hessian's extreme eigenvalues at every recorded step, with each run's
        /// stability threshold (``sharpnessFigure()``).
        case sharpness
        /// The loss on the plane beside λmin/λmax of the Hessian at every point
        /// (``curvatureMapFigure(plane:grid:curvature:)``).
        case curvatureMap
        /// The Hessian's spectral density at each run's end and its layers' extreme eigenvalues
        /// (``spectrumFigure(_:)``).
        case spectrum
    }

    public var session: NetworkSession
    public var view: View = .plane
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
    /// How the figure looks (its text, lines, colours and the runs' palette).
    public var style: Style = .default
    public var title: String?
    /// The runs' legend labels, in order, in place of their optimizers' (runs of an optimizer of
    /// your own, or names of your own); nil: from ``catalog``.
    public var runLabels: [String]?
    /// The catalog that names the runs' optimizers in legends: the standard one, or one with
    /// your optimizers added, so that a run of `lion:lr=0.003` reads `Lion lr=0.003`.
    public var catalog = OptimizerCatalog.standard
    /// A subtitle instead of the automatic one (the share of each path in the plane).
    public var subtitle: String?
    /// Axis titles and the colorbar's title in place of α, β and loss; nil: those.
    public var xLabel: String?
    public var yLabel: String?
    public var colorbarLabel: String?
    /// Levels, a value range or a spacing asked for (see ``Comparison/colorScale``).
    public var colorScale = FieldStyle.Request()
    /// Label the contour lines with their values.
    public var contourLabels = false
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
        case .hessian, .saddle:
            guard let end = Plane.fitted(points).last else { throw TrainingError("the run has no finite point for a Hessian plane") }
            return try Plane.hessian(at: end, model: session.model, data: session.data, saddle: plane == .saddle, start: points.first, seed: seed)
        }
    }

    /// Each run's recorded points on the plane: (α, β) and the distance from it.
    public func projections(on plane: Plane) -> [[(alpha: Double, beta: Double, distance: Double)]] {
        session.runs.map { run in run.records.map { plane.coordinates(of: $0.parameters) } }
    }

    /// The ranges of α and β the figure shows: ±span; for Hessian planes without a span, a square
    /// about the run's end that holds every path; for principal planes without a span, the
    /// paths (inside the divergence bound) and the plane's center with a margin of a fifth of the wider range on every side
    /// (the narrower range at least 40% of the wider, so that a straight path keeps a landscape
    /// around it).
    public func extent(on plane: Plane) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        if let span { return (-span...span, -span...span) }
        if plane.kind == .random { return (-1...1, -1...1) }
        if plane.kind == .hessian || plane.kind == .saddle {
            // Unit eigenvectors through the run's end: a square around it that holds the paths.
            var r = 0.0
            for run in session.runs {
                for p in Plane.fitted(run.records.map(\.parameters)).map({ plane.coordinates(of: $0) }) where p.alpha.isFinite && p.beta.isFinite {
                    r = Swift.max(r, abs(p.alpha), abs(p.beta))
                }
            }
            let half = r > 0 ? 1.15 * r : 1
            return (-half...half, -half...half)
        }
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
                                 y: PlaneGrid.linspace(e.y.lowerBound, e.y.upperBound, resolution),
                                 accuracy: session.data.kind == .classification, progress: progress)
    }

    /// Axis names: principal directions with their explained variance, or the random ones.
    public func axisNames(_ plane: Plane) -> (x: String, y: String) {
        if let e = plane.eigenvalues, e.count == 2 {
            let f = { (v: Double) in TickFormat.significant(v, digits: 4) }
            return plane.kind == .saddle ? ("vₘₐₓ (λmax = \(f(e[0])))", "vₘᵢₙ (λmin = \(f(e[1])))")
                : ("v₁ (λ₁ = \(f(e[0])))", "v₂ (λ₂ = \(f(e[1])))")
        }
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
        if [.pca, .hessian, .saddle].contains(plane.kind) { parts.append("run=\(runIndex)") }
        if let e = plane.eigenvalues { parts.append("eigenvalues=" + e.map { "\($0)" }.joined(separator: ",")) }
        parts.append("alpha=\(TickFormat.number(grid.x.first ?? 0))..\(TickFormat.number(grid.x.last ?? 0))")
        parts.append("beta=\(TickFormat.number(grid.y.first ?? 0))..\(TickFormat.number(grid.y.last ?? 0))")
        parts.append("resolution=\(grid.x.count)")
        if let e = plane.explained { parts.append("explained=" + e.map { Self.percent($0) }.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }

    public var modelDescription: String {
        "MLP " + session.model.widths.map(String.init).joined(separator: "-") + " \(session.model.activation.rawValue)"
    }

    /// The runs' legend labels: ``runLabels``, else each run's own label (a run of an optimizer
    /// value records it), else its optimizer named through ``catalog``, else its spec as recorded.
    public var labels: [String] {
        session.runs.enumerated().map { k, run in
            if let runLabels, k < runLabels.count { return runLabels[k] }
            if let own = run.label { return own }
            return (try? OptimizerConfiguration(spec: run.optimizer, catalog: catalog).label) ?? run.optimizer
        }
    }

    /// The grid as a ``Surface`` for the panels, with the plane's axis names.
    func surface(plane: Plane, grid planeGrid: PlaneGrid) -> (Surface, Grid) {
        let domain = Domain(xmin: planeGrid.x.first ?? -1, xmax: planeGrid.x.last ?? 1, ymin: planeGrid.y.first ?? -1, ymax: planeGrid.y.last ?? 1)
        let grid = Grid(domain: domain, nx: planeGrid.x.count, ny: planeGrid.y.count, values: planeGrid.loss)
        let planeName = switch plane.kind {
        case .shared: "the shared plane"
        case .pca: "the PCA plane of \(labels[runIndex])"
        case .random: "a random plane"
        case .hessian: "the top Hessian eigenvectors at the end of \(labels[runIndex])"
        case .saddle: "the largest and most negative Hessian eigenvectors at the end of \(labels[runIndex])"
        }
        let surface = Surface(grid: grid, name: "net", formula: "\(session.data.source), \(modelDescription): loss on \(planeName)",
                              axisNames: axisNames(plane))
        return (surface, grid)
    }

    /// A run's points on the plane as a trajectory: positions (α, β), the recorded losses.
    func trajectory(_ run: NetworkRun, _ points: [(alpha: Double, beta: Double, distance: Double)]) -> Trajectory {
        Trajectory(recorded: points.map { Vector2($0.alpha, $0.beta) }, losses: run.records.map(\.loss), surface: "net",
                   optimizer: run.optimizer, seed: run.seed, steps: run.records.last?.step ?? 0, outcome: run.outcome)
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
        let labels = self.labels
        var comparison = Comparison(surface: surface, optimizers: [], start: Vector2(0, 0))
        comparison.grid = grid
        comparison.layout = layout == .single ? .withLoss : layout
        comparison.width = width
        comparison.height = height
        comparison.levelCount = levelCount
        comparison.colormap = colormap
        comparison.style = style
        comparison.camera = camera
        comparison.mesh = Swift.min(50, grid.nx - 1)
        comparison.recordedRuns = zip(session.runs, projections).enumerated().map { k, pair in
            var recorded = Comparison.RecordedRun(label: labels[k], trajectory: trajectory(pair.0, pair.1))
            recorded.stepCount = pair.0.records.last?.step
            recorded.pointSteps = pair.0.records.map(\.step)
            return recorded
        }
        comparison.title = title ?? surface.formula
        let captured = session.runs.map { plane.captured(Plane.fitted($0.records.map(\.parameters))) }
        comparison.subtitle = subtitle ?? "in the plane: " + zip(labels, captured).map { "\($0.split(separator: " ").first ?? "") \(Self.percent($1))" }.joined(separator: ", ")
            + " of each path's displacement"
        comparison.xLabel = xLabel
        comparison.yLabel = yLabel
        comparison.colorbarLabel = colorbarLabel
        comparison.colorScale = colorScale
        comparison.contourLabels = contourLabels
        if layout == .single {
            let distances = zip(session.runs, projections).enumerated().map { k, pair in
                var s = LinePanel.Series(name: labels[k], color: style.runColor(k), values: pair.1.map(\.distance))
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

    /// One panel per run, each on the principal plane of its own path through its end, in one
    /// colour scale (the same colour is the same loss in every panel) unless a panel's field
    /// needs a log scale of its own.
    public func smallMultiples() throws(TrainingError) -> Figure {
        let labels = self.labels
        var panels: [any Panel] = []
        var planes: [(plane: Plane, surface: Surface, grid: Grid, field: FieldStyle)] = []
        for k in session.runs.indices {
            var f = self
            f.plane = .pca
            f.run = k
            let plane = try f.makePlane()
            let planeGrid = f.grid(on: plane)
            let (surface, grid) = f.surface(plane: plane, grid: planeGrid)
            planes.append((plane, surface, grid, FieldStyle.automatic(for: surface, grid: grid, count: levelCount, colormap: colormap ?? style.colormap)))
        }
        let ranges = planes.compactMap(\.grid.finiteRange)
        let requested = !colorScale.isEmpty
        if requested {
            for k in planes.indices {
                planes[k].field = FieldStyle.requested(colorScale, for: planes[k].surface, grid: planes[k].grid, count: levelCount, colormap: colormap ?? style.colormap)
            }
        }
        // Levels or a range asked for are every panel's; else one scale when every field is linear.
        let shared = requested ? colorScale.levels != nil || colorScale.range != nil
            : !planes.isEmpty && planes.allSatisfy { !$0.field.logScale } && ranges.count == planes.count
        if shared, !requested, let lo = ranges.map(\.min).min(), let hi = ranges.map(\.max).max(), hi > lo {
            let levels = LevelPicker.nice(levelCount).levels(min: lo, max: hi)
            for k in planes.indices { planes[k].field.levels = levels }
        }
        for k in session.runs.indices {
            let (plane, surface, grid, field) = planes[k]
            let points = session.runs[k].records.map { plane.coordinates(of: $0.parameters) }
            var series = PathSeries(trajectory: trajectory(session.runs[k], points), label: labels[k], color: style.runColor(k))
            series.steps = session.runs[k].records.last?.step ?? 0
            series.pointSteps = session.runs[k].records.map(\.step)
            let explained = plane.explained.map { " (\($0.map { Self.percent($0) }.joined(separator: ", ")))" } ?? ""
            var labelled = field
            if let colorbarLabel { labelled.label = colorbarLabel }
            var panel = LandscapePanel(surface: surface, grid: grid, style: labelled, series: [series], title: labels[k] + explained)
            panel.showLegend = false
            panel.contourLabels = contourLabels
            if let xLabel { panel.xLabel = xLabel }
            if let yLabel { panel.yLabel = yLabel }
            panels.append(panel)
        }
        let columns = Comparison.columns(panels: panels.count, aspect: 1, width: width, height: height)
        let rows = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<Swift.min($0 + columns, panels.count)]) }
        return Figure(style: style, width: width, height: height, title: title ?? "\(session.data.source), \(modelDescription)",
                      subtitle: subtitle ?? "each optimizer on the principal plane of its own path, through its end (PC1, PC2 explained variance)"
                          + (shared && planes.count > 1 ? "; one colour scale for all" : "; each panel in its own colour scale"),
                      panels: rows)
    }

    /// The plane's grid and directions as JSON: `x`, `y`, `loss` (rows = y, `loss[i][j]` at
    /// center + x[j]·d1 + y[i]·d2), `accuracy` (classes), `center`, `d1`, `d2`, the plane's
    /// description, and with a curvature map its lattice `curvature_x`, `curvature_y` with
    /// `lambda_max` and `lambda_min` in rows.
    public static func gridJSON(plane: Plane, grid: PlaneGrid, description: String, curvature: CurvatureGrid? = nil) -> String {
        func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
        let nx = grid.x.count
        let rows: JSONValue = .array(grid.y.indices.map { i in numbers(Array(grid.loss[(i * nx)..<((i + 1) * nx)])) })
        var pairs: [(String, JSONValue)] = [("plane", .string(description)), ("x", numbers(grid.x)), ("y", numbers(grid.y)), ("loss", rows)]
        if let a = grid.accuracy {
            pairs.append(("accuracy", .array(grid.y.indices.map { i in numbers(Array(a[(i * nx)..<((i + 1) * nx)])) })))
        }
        pairs += [("center", numbers(plane.center)), ("d1", numbers(plane.d1)), ("d2", numbers(plane.d2))]
        if let c = curvature {
            let cx = c.x.count
            func rows(_ v: [Double]) -> JSONValue { .array(c.y.indices.map { i in numbers(Array(v[(i * cx)..<((i + 1) * cx)])) }) }
            pairs += [("curvature_x", numbers(c.x)), ("curvature_y", numbers(c.y)), ("lambda_max", rows(c.largest)), ("lambda_min", rows(c.smallest))]
        }
        return JSONValue.object(pairs).compactText() + "\n"
    }

    // MARK: 1-D curves

    /// Each run's trained point θ*: its last recorded point inside the divergence bound.
    func trained(_ k: Int) -> [Double] {
        Plane.fitted(session.runs[k].records.map(\.parameters)).last ?? session.initial
    }

    /// The α values of a line view: [−m, 1 + m] for interpolation (m = span, default 0.5), and
    /// [−span, span] for a slice (default 1), `resolution` of them.
    public func alphas(_ kind: WeightLine.Kind) -> [Double] {
        switch kind {
        case .interpolation:
            let m = span ?? 0.5
            return PlaneGrid.linspace(-m, 1 + m, resolution)
        case .slice:
            let s = span ?? 1
            return PlaneGrid.linspace(-s, s, resolution)
        }
    }

    /// Every run's line (from θ₀ to its θ*, or a filter-normalized direction through its θ*, the
    /// same seed for every run) and the loss along it.
    public func curves(_ kind: WeightLine.Kind) -> [(line: WeightLine, curve: LineCurve)] {
        let alpha = alphas(kind)
        return session.runs.indices.map { k in
            let line: WeightLine = kind == .interpolation
                ? .interpolation(from: session.initial, to: trained(k))
                : .slice(around: trained(k), model: session.model, seed: seed)
            return (line, LineCurve.compute(model: session.model, data: session.data, line: line, alpha: alpha))
        }
    }

    /// A line view's description for metadata, so that the figure can be made again.
    public func curveDescription(_ kind: WeightLine.Kind) -> String {
        let a = alphas(kind)
        var parts = ["line=\(kind.rawValue)", "normalization=\(kind == .slice ? "filter" : "none")"]
        if kind == .slice { parts.append("seed=\(seed)") }
        parts.append("alpha=\(TickFormat.number(a.first ?? 0))..\(TickFormat.number(a.last ?? 0))")
        parts.append("resolution=\(a.count)")
        return parts.joined(separator: " ")
    }

    /// The loss (and, for classes, the accuracy) along each run's line, one series per run.
    public func curvesFigure(_ kind: WeightLine.Kind, curves: [(line: WeightLine, curve: LineCurve)]) -> Figure {
        let labels = self.labels
        func panel(_ values: (LineCurve) -> [Double]?, title: String, yLabel: String, legend: Bool) -> LinePanel {
            let series = curves.enumerated().map { k, c in
                var s = LinePanel.Series(name: labels[k], color: style.runColor(k), values: values(c.curve) ?? [])
                s.x = c.curve.alpha
                return s
            }
            var p = LinePanel(series: series, title: title, xLabel: kind == .interpolation ? "α" : "α (filter-normalized d)", yLabel: yLabel)
            let a = alphas(kind)
            p.xRange = (a.first ?? -1)...(a.last ?? 1)
            p.marks = kind == .interpolation ? [.init(x: 0, label: "θ₀"), .init(x: 1, label: "θ*")] : [.init(x: 0, label: "θ*")]
            p.showLegend = legend
            p.legendShare = 0.55
            return p
        }
        var panels: [any Panel] = [panel({ $0.loss }, title: "loss", yLabel: session.model.loss == .crossEntropy ? "cross-entropy" : "mean squared error", legend: true)]
        if session.data.kind == .classification {
            panels.append(panel({ $0.accuracy.map { $0.map { 100 * $0 } } }, title: "accuracy", yLabel: "accuracy (%)", legend: false))
        }
        let subtitle = kind == .interpolation
            ? "θ(α) = θ₀ + α·(θ* − θ₀): α = 0 is the shared initialization, α = 1 each optimizer's end (Goodfellow et al. 2015)"
            : "θ(α) = θ* + α·d through each optimizer's end, d a filter-normalized random direction, seed \(seed) (Li et al. 2018)"
        // On a canvas taller than wide, the accuracy panel goes under the loss panel.
        let rows: [[any Panel]] = height > width ? panels.map { [$0] } : [panels]
        return Figure(style: style, width: width, height: height, title: title ?? "\(session.data.source), \(modelDescription)", subtitle: subtitle, panels: rows)
    }

    /// The size a line view suits, and the smallest it can be drawn at (side by side; stacked on
    /// a tall canvas, 340 × 560).
    public var curvesPreferredSize: (width: Double, height: Double) {
        session.data.kind == .classification ? (1100, 480) : (760, 500)
    }
    public var curvesMinimumSize: (width: Double, height: Double) {
        session.data.kind == .classification ? (620, 300) : (340, 300)
    }
    /// Whether the line view fits: side by side, or stacked when the canvas is taller than wide.
    public func curvesFit(width: Double, height: Double) -> Bool {
        guard session.data.kind == .classification else { return width >= 340 && height >= 300 }
        return height > width ? width >= 340 && height >= 560 : width >= 620 && height >= 300
    }

    // MARK: What each run learned

    /// Whether the data can be drawn in its own space: two features for classes, one for regression.
    public var canShowLearned: Bool {
        session.data.kind == .classification ? session.data.featureCount == 2 : session.data.featureCount == 1
    }

    /// The data's own space with a margin of a tenth of its size on every side.
    func dataDomain() -> Domain {
        let e = session.data.extent
        let w = Swift.max(e.x.upperBound - e.x.lowerBound, 1e-9), h = Swift.max(e.y.upperBound - e.y.lowerBound, 1e-9)
        return Domain(xmin: e.x.lowerBound - 0.1 * w, xmax: e.x.upperBound + 0.1 * w, ymin: e.y.lowerBound - 0.1 * h, ymax: e.y.upperBound + 0.1 * h)
    }

    /// What every run learned, one panel per run: the data with the decision regions at its
    /// end (classes, two features), or the data with every run's fitted curve (regression, one
    /// feature). `resolution` points per axis.
    public func learned() throws(TrainingError) -> Figure {
        guard canShowLearned else {
            throw TrainingError(session.data.kind == .classification
                ? "decision regions need data with two features; this data has \(session.data.featureCount)"
                : "fitted curves need data with one feature; this data has \(session.data.featureCount)")
        }
        guard !session.runs.isEmpty else { throw TrainingError("the run file has no runs") }
        let labels = self.labels
        let domain = dataDomain()
        let data = session.data
        let end = session.runs.map { $0.records.last }
        if data.kind == .regression {
            let x = PlaneGrid.linspace(domain.xmin, domain.xmax, resolution)
            var workspace = MLP.Workspace()
            var series = [LinePanel.Series(name: "data", color: Color(hex: 0x555555), values: [], style: .points)]
            let order = (0..<data.count).sorted { data.inputs[$0] < data.inputs[$1] }
            series[0].values = order.map { data.targets[$0] }
            series[0].x = order.map { data.inputs[$0] }
            for k in session.runs.indices {
                var s = LinePanel.Series(name: labels[k] + Self.lossNote(end[k]?.loss), color: style.runColor(k),
                                         values: session.model.outputs(trained(k), inputs: x, workspace: &workspace))
                s.x = x
                series.append(s)
            }
            var panel = LinePanel(series: series, title: nil, xLabel: "x", yLabel: "y")
            panel.xRange = domain.xmin...domain.xmax
            return Figure(style: style, width: width, height: height, title: title ?? "\(data.source), \(modelDescription)",
                          subtitle: "the data and the function each optimizer's network computes at its end", panels: [[panel]])
        }
        let x = PlaneGrid.linspace(domain.xmin, domain.xmax, resolution)
        let y = PlaneGrid.linspace(domain.ymin, domain.ymax, resolution)
        let samples = (0..<data.count).map { i in RegionsPanel.Sample(position: Vector2(data.inputs[2 * i], data.inputs[2 * i + 1]), label: data.labels[i]) }
        var panels: [any Panel] = []
        for k in session.runs.indices {
            let margins = session.model.classMargins(trained(k), x: x, y: y).map { Grid(domain: domain, nx: x.count, ny: y.count, values: $0) }
            let accuracy = end[k]?.accuracy.map { ", accuracy \(Self.percent($0))" } ?? ""
            var panel = RegionsPanel(domain: domain, margins: margins, samples: samples, title: labels[k] + accuracy)
            panel.showLegend = k == 0
            panels.append(panel)
        }
        let columns = Comparison.columns(panels: panels.count, aspect: domain.width / domain.height, width: width, height: height)
        let rows = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<Swift.min($0 + columns, panels.count)]) }
        return Figure(style: style, width: width, height: height, title: title ?? "\(data.source), \(modelDescription)",
                      subtitle: "decision regions at each optimizer's end: shaded where a class wins, deeper where it is at least 4× as likely as the next",
                      panels: rows)
    }

    static func lossNote(_ loss: Double?) -> String {
        guard let loss, loss.isFinite else { return "" }
        let decimals = Swift.max(0, Swift.min(8, 2 - Int(cLog10(Swift.max(abs(loss), 1e-8)).rounded(.down))))
        return " (loss \(TickFormat.format(loss, decimals: decimals)))"
    }

    /// The number of columns ``learned()`` uses at a size.
    func learnedColumns(width: Double, height: Double) -> Int {
        guard session.data.kind == .classification else { return 1 }
        let d = dataDomain()
        return Comparison.columns(panels: session.runs.count, aspect: d.width / d.height, width: width, height: height)
    }

    /// The size ``learned()`` suits: panels of about 380 units, four to a row at most.
    public var learnedPreferredSize: (width: Double, height: Double) {
        guard session.data.kind == .classification else { return (800, 560) }
        let n = Swift.max(1, session.runs.count)
        let columns = Swift.min(n, n == 4 ? 2 : 4), rows = (n + columns - 1) / columns
        // Plots about 300 units wide at the data's aspect, with their titles and axes.
        let d = dataDomain()
        let plotHeight = Swift.min(420, Swift.max(200, 310 * d.height / d.width))
        return (Double(40 + 380 * columns), ((70 + (plotHeight + 85) * Double(rows)) / 10).rounded() * 10)
    }

    /// The smallest size at which every panel of ``learned()`` keeps a plot of 160 units.
    public func learnedFits(width: Double, height: Double) -> Bool {
        guard session.data.kind == .classification else { return width >= 360 && height >= 300 }
        let columns = learnedColumns(width: width, height: height)
        let rows = (session.runs.count + columns - 1) / columns
        return (width - 20) / Double(columns) >= 240 && (height - 90) / Double(rows) >= 240
    }
    public var learnedMinimumSize: (width: Double, height: Double) {
        guard session.data.kind == .classification else { return (360, 300) }
        let n = Swift.max(1, session.runs.count)
        let columns = Swift.min(n, 4), rows = (n + columns - 1) / columns
        return (Double(20 + 240 * columns), Double(90 + 240 * rows))
    }
}
