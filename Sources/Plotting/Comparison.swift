import Contours
import Landscapes
import Trajectories

/// Optimizers compared on one surface from one start: runs them and lays out the figure.
///
/// ```swift
/// var c = Comparison(surface: try Surface(spec: "ravine"),
///                    optimizers: try ["gd", "momentum", "adam"].map { try OptimizerConfiguration(spec: $0) })
/// c.layout = .withLoss
/// let figure = c.figure()      // runs the optimizers, then draws through any Canvas
/// ```
public struct Comparison: Sendable {
    public enum Layout: String, Sendable, CaseIterable {
        /// One landscape panel with every path.
        case single
        /// The landscape panel and, beside it, loss against step.
        case withLoss = "with-loss"
        /// One landscape panel per optimizer, side by side.
        case sideBySide = "side-by-side"
        /// One 3-D panel with every path.
        case threeD = "3d"
        /// The articles' figure: the 3-D panel, and beside it the contour panel with its colorbar.
        case threeDContour = "3d+contour"
        /// One 3-D panel per optimizer, side by side.
        case threeDSideBySide = "3d-side-by-side"
        /// The landscape panel, the loss per step, and the sharpness λmax along each run with its
        /// stability threshold (2/η for GD, 2(1 + β)/η for momentum).
        case withCurvature = "with-curvature"

        /// Whether the layout has a 3-D panel.
        public var isThreeD: Bool { self == .threeD || self == .threeDContour || self == .threeDSideBySide }
    }

    public var surface: Surface
    public var optimizers: [OptimizerConfiguration]
    /// Each optimizer's run as drawn where it differs from the defaults (label, colour, dash,
    /// marker, start), by the optimizers' order; missing entries keep the defaults.
    public var looks: [RunLook] = []
    /// Where the runs start, unless a run's look gives its own start.
    public var start: Vector2
    public var stop: StopRule
    public var seed: UInt64 = 0
    /// Seeds per stochastic optimizer (mini-batch runs on a data surface): with K > 1 each runs
    /// for seeds `seed`, `seed + 1`, …, `seed + K − 1`, and the figure shows every path faintly,
    /// the median path by step, and the median loss with its interquartile band.
    public var seeds: Int = 1
    public var gridSize: Int = 400
    public var levelCount: Int = 24
    public var colormap: Colormap?
    /// Levels, a value range or a spacing asked for (nil parts: the automatic choice).
    public var colorScale = FieldStyle.Request()
    /// Label the contour lines of the 2-D panels with their values.
    public var contourLabels = false
    /// How the figure looks: its text, lines, colours, the runs' palette and, when ``colormap``
    /// is nil, the colormap. ``width`` and ``height`` are the figure's layout size (see
    /// ``Style/spacing``).
    public var style: Style = .default
    public var layout: Layout = .single
    public var width: Double = 800
    public var height: Double = 600
    public var title: String?
    public var subtitle: String?
    /// Axis titles and the colorbar's title (the value's name, also the 3-D height axis's) in
    /// place of the surface's own (`w₁`, `w₂`, `loss`); nil: those.
    public var xLabel: String?
    public var yLabel: String?
    public var colorbarLabel: String?
    /// The 3-D layouts' view: camera, mesh cells a side, and heights shown (nil: automatic).
    public var camera = Camera3D()
    public var mesh = 50
    public var zRange: ClosedRange<Double>?
    /// Heights on a log scale; nil: when the contour levels are (valleys such as Rosenbrock's).
    public var logZ: Bool?
    /// The 3-D panels' options: hidden path parts faintly dashed, and drop lines to the floor.
    public var xray = false
    public var dropLines = false
    /// The 3-D mesh coloured by level band rather than continuously by height.
    public var bandedMesh = false

    /// The panel beside (or, on a tall canvas, under) the landscape in the with-loss layout; nil:
    /// the loss per step.
    public var companion: (any Panel)?

    /// The surface's curvature on the 2-D landscape panels (analytic surfaces; not with ``grid``).
    public var curvature = CurvatureMarks()

    /// Which curvature a figure draws over the contours (see ``CurvatureOverlay``).
    public struct CurvatureMarks: Sendable, Equatable {
        /// Shade where the Hessian is indefinite.
        public var indefinite = false
        /// Curvature ellipses at these points.
        public var ellipsesAt: [Vector2] = []
        /// Curvature ellipses along each path: this many, evenly spaced by arc length from its
        /// start to its end (0: none).
        public var ellipsesAlongPaths = 0
        public init(indefinite: Bool = false, ellipsesAt: [Vector2] = [], ellipsesAlongPaths: Int = 0) {
            self.indefinite = indefinite
            self.ellipsesAt = ellipsesAt
            self.ellipsesAlongPaths = ellipsesAlongPaths
        }
        public var isEmpty: Bool { !indefinite && ellipsesAt.isEmpty && ellipsesAlongPaths == 0 }
    }

    /// Values computed elsewhere (a network's loss on a plane, a grid from a file) to draw instead
    /// of sampling the surface; its domain must be the surface's.
    public var grid: Grid?

    /// Runs made elsewhere (your own loop, a trajectory file, another program), drawn after the
    /// optimizers' runs with their own labels and the next colours.
    public var recordedRuns: [RecordedRun] = []

    /// A run made elsewhere, with its legend label: one trajectory, or several seeds of one
    /// stochastic optimizer (drawn as their median path over every seed's path).
    public struct RecordedRun: Sendable {
        public var label: String
        public var runs: [Trajectory]
        /// The steps the run took, when its trajectory holds every k-th step only (a network's
        /// recorded points); nil: the trajectory's own step count.
        public var stepCount: Int?
        /// The step of each point of the trajectory, when it holds every k-th step only (see
        /// ``PathSeries/pointSteps``), so that an animation grows it at the right pace.
        public var pointSteps: [Int]?

        public init(label: String, trajectory: Trajectory) {
            self.label = label
            runs = [trajectory]
        }

        /// A run labelled by its own label (a run of an optimizer value records it), else by its
        /// optimizer named through `catalog`, else by its spec as recorded.
        public init(_ trajectory: Trajectory, catalog: OptimizerCatalog = .standard) {
            self.init(label: trajectory.label ?? (try? OptimizerConfiguration(spec: trajectory.optimizer, catalog: catalog).label) ?? trajectory.optimizer,
                      trajectory: trajectory)
        }

        public init(label: String, runs: [Trajectory]) {
            self.label = label
            self.runs = runs
        }
    }

    public init(surface: Surface, optimizers: [OptimizerConfiguration], start: Vector2? = nil,
                stop: StopRule = StopRule(maxSteps: 1000, gradientNorm: 1e-6)) {
        self.surface = surface
        self.optimizers = optimizers
        self.start = start ?? surface.defaultStart
        self.stop = stop
    }

    /// Every optimizer's run, in order.
    /// The values the landscape panels draw: ``grid`` when given, else the surface sampled at
    /// ``gridSize`` points a side over its domain.
    public var sampledGrid: Grid { grid ?? Grid(surface: surface, domain: surface.domain, resolution: gridSize) }

    public func runs() -> [Trajectory] {
        optimizers.indices.map { k in Runner(surface: surface, optimizer: optimizers[k], seed: seed).run(from: start(of: k), stop: stop) }
    }

    /// The look of the k-th optimizer's run (the defaults where ``looks`` has none).
    public func look(of k: Int) -> RunLook { k < looks.count ? looks[k] : RunLook() }

    /// Where the k-th optimizer's run starts: its look's start, else ``start``.
    public func start(of k: Int) -> Vector2 {
        guard let p = look(of: k).start, !p.isEmpty else { return start }
        return Vector2(p[0], p.count > 1 ? p[1] : 0)
    }

    /// Every optimizer's runs: `seeds` of them for a stochastic optimizer, one otherwise. They
    /// record what the figure draws, positions and losses (`Runner/path(from:stop:)`); use
    /// ``runs()`` or a `Runner` for gradients and optimizer state.
    public func ensembles() -> [[Trajectory]] {
        optimizers.indices.map { i in
            let o = optimizers[i], from = start(of: i)
            let runner = Runner(surface: surface, optimizer: o, seed: seed)
            let count = runner.isStochastic ? max(1, seeds) : 1
            return (0..<count).map { k in
                Runner(surface: surface, optimizer: o, seed: seed &+ UInt64(k)).path(from: from, stop: stop)
            }
        }
    }

    /// The series of an optimizer's runs: the run itself, or for several seeds the median path
    /// with every seed's path behind it (the outcome the most runs had; its step count the longest).
    public static func series(_ runs: [Trajectory], _ configuration: OptimizerConfiguration, color: Color) -> PathSeries {
        series(runs, label: configuration.label, color: color)
    }

    /// The series of runs with a legend label (see ``series(_:_:color:)``).
    public static func series(_ runs: [Trajectory], label: String, color: Color) -> PathSeries {
        if runs.count == 1 { return PathSeries(trajectory: runs[0], label: label, color: color) }
        let outcomes = Outcome.allCases.map { o in (o, runs.filter { $0.outcome == o }.count) }
        let outcome = outcomes.max { $0.1 < $1.1 }!.0
        var s = PathSeries(name: label, color: color, points: Ensemble.medianPath(runs.map(\.positions)),
                           outcome: outcome, steps: runs.map(\.stepCount).max() ?? 0)
        s.ensemble = runs.map(\.positions)
        return s
    }

    /// Every path's legend label: the optimizers', then the recorded runs'.
    /// A run is named by its label, else its optimizer; runs of one name from several starts
    /// also by their start (`GD lr=0.1 from (−2, 1)`).
    public var labels: [String] {
        let names = optimizers.indices.map { look(of: $0).label ?? optimizers[$0].label }
        return optimizers.indices.map { k in
            let shared = names.indices.contains { names[$0] == names[k] && start(of: $0) != start(of: k) }
            return names[k] + (shared ? " from " + Self.point(start(of: k), dimension: surface.dimension) : "")
        } + recordedRuns.map(\.label)
    }

    /// The runs' starts, each once, in order.
    public var starts: [Vector2] {
        var starts: [Vector2] = []
        for k in optimizers.indices where !starts.contains(start(of: k)) { starts.append(start(of: k)) }
        return starts.isEmpty ? [start] : starts
    }

    /// A start as the subtitle and legend write it: `(−2, 1)`, or `θ = 0.5` on a curve.
    static func point(_ p: Vector2, dimension: Int) -> String {
        dimension == 1 ? "θ = \(TickFormat.number(p.x))" : "(\(TickFormat.number(p.x)), \(TickFormat.number(p.y)))"
    }

    /// Every series of the figure and the runs behind each: the optimizers' (run here), then the
    /// recorded runs, coloured in that order.
    public func seriesAndRuns() -> (series: [PathSeries], runs: [[Trajectory]]) {
        let runs = ensembles() + recordedRuns.map(\.runs)
        let stepCounts = optimizers.map { _ in nil } + recordedRuns.map(\.stepCount)
        let pointSteps = optimizers.map { _ in nil } + recordedRuns.map(\.pointSteps)
        let series = zip(labels, runs).enumerated().map { k, pair in
            let look = look(of: k)
            var s = Self.series(pair.1, label: pair.0, color: look.color ?? style.runColor(k))
            s.dash = look.dash.map(style.pattern) ?? style.runDash(k)
            s.marker = look.marker
            if let steps = stepCounts[k] { s.steps = steps }
            s.pointSteps = pointSteps[k]
            return s
        }
        return (series, runs)
    }

    /// The subtitle used when none is set: `ravine: GD, Momentum and Adam from (−2.5, 1)`.
    public var defaultSubtitle: String {
        let starts = self.starts
        var names = optimizers.indices.map { look(of: $0).label ?? optimizers[$0].displayName } + recordedRuns.map(\.label)
        var full = labels
        if starts.count > 1 {
            // Each optimizer once, however many starts it runs from.
            let kept = optimizers.indices.filter { k in !optimizers.indices.prefix(k).contains { look(of: $0).label == look(of: k).label && optimizers[$0].label == optimizers[k].label } }
            names = kept.map { names[$0] } + recordedRuns.map(\.label)
            full = kept.map { look(of: $0).label ?? optimizers[$0].label } + recordedRuns.map(\.label)
        }
        if Set(names).count < names.count { names = full }
        // (No runs: the surface alone, not "bowl:  from (0, 0)".)
        guard !names.isEmpty else { return surface.expression == nil ? surface.spec.description : surface.formula }
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        let at = starts.count > 1 ? "\(starts.count) starts" : Self.point(starts[0], dimension: surface.dimension)
        return (surface.expression == nil ? "\(surface.spec): " : "") + "\(list) from \(at)"
    }

    /// A sentence describing the figure, for SVG `<desc>` and PDF metadata.
    public var summary: String {
        let starts = self.starts
        return "Optimizer paths on \(surface.spec) (\(surface.formula)): " + labels.joined(separator: ", ")
            + (starts.count > 1 ? "." : " from \(Self.point(starts[0], dimension: surface.dimension)).")
    }

    /// The colormap the fields are drawn in: ``colormap``, else the style's, else the surface's own.
    var chosenColormap: Colormap? { colormap ?? style.colormap }

    /// The figure, in ``style``.
    public func figure() -> Figure {
        var figure = laidOut()
        figure.style = style
        return figure
    }

    /// The surface with the axis titles asked for.
    var labeledSurface: Surface {
        var s = surface
        s.axisNames = (xLabel ?? s.axisNames.x, yLabel ?? s.axisNames.y)
        return s
    }

    func laidOut() -> Figure {
        let surface = labeledSurface
        let (series, runs) = seriesAndRuns()
        let losses: any Panel = companion ?? LossPanel(series: series, ensembles: runs.map { $0.map(\.losses) }, offset: surface.globalMinimumValue ?? 0)
        let title = self.title ?? surface.formula
        var subtitle = self.subtitle ?? defaultSubtitle
        if surface.dimension == 1 {
            let curve = CurvePanel(surface: surface, series: series)
            if layout == .withLoss {
                if isPortrait { return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve], [losses]]) }
                return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve, losses]], columnWeights: [1.3, 1])
            }
            if layout == .withCurvature {
                let sharpness = sharpnessPanel(series: series, runs: runs)
                if isPortrait { return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve], [losses], [sharpness]]) }
                return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve, losses, sharpness]], columnWeights: [1.3, 1, 1])
            }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve]])
        }
        // A surface is sampled at most at twice the canvas's longer side a side: it shows no more.
        let side = CanvasGrid.side(width: width, height: height)
        let full = grid ?? Grid(surface: surface, domain: surface.domain, resolution: Swift.min(gridSize, side))
        if grid == nil && gridSize > side { subtitle += "; sampled at \(side) × \(side) (asked \(gridSize) × \(gridSize); the canvas shows no more)" }
        var style = FieldStyle.requested(colorScale, for: surface, grid: full, count: levelCount, colormap: chosenColormap)
        if let colorbarLabel { style.label = colorbarLabel }
        let drawn = CanvasGrid(full, style: style, width: width, height: height)
        let grid = drawn.grid
        if let note = drawn.note { subtitle += "; " + note }
        let geometry = FieldGeometry(grid: grid, style: style)
        switch layout {
        case .single:
            var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: series, geometry: geometry)
            panel.contourLabels = contourLabels
            panel.curvature = overlay(series: series, domain: grid.domain)
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel]])
        case .withLoss:
            var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: series, geometry: geometry)
            panel.showColorbar = true
            panel.contourLabels = contourLabels
            panel.curvature = overlay(series: series, domain: grid.domain)
            if isPortrait { return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel], [losses]]) }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel, losses]], columnWeights: [1.5, 1])
        case .withCurvature:
            var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: series, geometry: geometry)
            panel.showColorbar = true
            panel.contourLabels = contourLabels
            panel.curvature = overlay(series: series, domain: grid.domain)
            let sharpness = sharpnessPanel(series: series, runs: runs)
            if isPortrait { return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel], [losses], [sharpness]]) }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel, losses, sharpness]], columnWeights: [1.5, 1, 1])
        case .threeD:
            var panel = solidPanel(surface: surface, grid: grid, style: style, series: series, title: nil, geometry: geometry)
            panel.showLegend = true
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel]])
        case .threeDContour:
            let solid = solidPanel(surface: surface, grid: grid, style: style, series: series, title: nil, geometry: geometry)
            var flat = LandscapePanel(surface: surface, grid: grid, style: style, series: series, geometry: geometry)
            flat.showColorbar = true
            flat.contourLabels = contourLabels
            // The 3-D box is about 1.45 times as wide as it is tall: on a wide, short canvas it
            // takes no more width than that, and the contours (and their legend) get the rest.
            let solidWidth = Swift.min(1.1 / 2.1 * (width - 20), 1.45 * Swift.max(height - 90, 1))
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[solid, flat]],
                          columnWeights: [solidWidth, Swift.max(width - 20 - solidWidth, 1)])
        case .threeDSideBySide:
            let panels: [any Panel] = series.map { s in solidPanel(surface: surface, grid: grid, style: style, series: [s], title: s.label, geometry: geometry) }
            let columns = Self.columns(panels: panels.count, aspect: 1, width: width, height: height)
            let rows = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<min($0 + columns, panels.count)]) }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: rows)
        case .sideBySide:
            let panels: [any Panel] = series.enumerated().map { k, s in
                var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: [s], title: s.label, geometry: geometry)
                panel.showLegend = false
                panel.contourLabels = contourLabels
                panel.showColorbar = k == series.count - 1
                panel.reserveColorbarSpace = true
                panel.curvature = overlay(series: [s], domain: grid.domain)
                return panel
            }
            // As many columns as give the largest plots on this canvas (one row when it is wide).
            let columns = Self.columns(panels: panels.count, aspect: aspect, width: width, height: height)
            let rows = stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<min($0 + columns, panels.count)]) }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: rows)
        }
    }

    /// A 3-D panel of this comparison's view, with its series and title, and no legend.
    func solidPanel(surface: Surface, grid: Grid, style: FieldStyle, series: [PathSeries], title: String?,
                    geometry: FieldGeometry) -> Surface3DPanel {
        var panel = Surface3DPanel(surface: surface, grid: grid, style: style, series: series, mesh: mesh, title: title, geometry: geometry)
        panel.camera = camera
        if let colorbarLabel { panel.zLabel = colorbarLabel }
        panel.zRange = zRange
        panel.logZ = logZ ?? style.logScale
        panel.xray = xray
        panel.dropLines = dropLines
        panel.banded = bandedMesh
        panel.showLegend = false
        return panel
    }

    /// The shape of the surface's view, width over height, as its panels draw it (equal scales on
    /// both axes between 1:3 and 3:1, as ``LandscapePanel`` does).
    public var aspect: Double {
        guard surface.dimension == 2 else { return 1.6 }
        return Swift.min(3, Swift.max(1.0 / 3, surface.domain.width / surface.domain.height))
    }

    /// Room around a landscape plot in device units: tick labels, axis titles and a colorbar
    /// across; a two-line panel title and the x axis down. Estimates for choosing sizes.
    static let panelMargin = (across: 180.0, down: 112.0)
    /// The figure's title and subtitle, and the outer margin.
    static let figureHeader = 72.0

    /// The column count for `panels` landscape panels on a `width` × `height` canvas that gives
    /// each plot the largest area.
    public static func columns(panels: Int, aspect: Double, width: Double, height: Double) -> Int {
        guard panels > 1 else { return 1 }
        var best = (columns: panels, area: -1.0)
        for columns in 1...panels {
            let rows = (panels + columns - 1) / columns
            let w = (width - 20) / Double(columns) - panelMargin.across
            let h = (height - figureHeader) / Double(rows) - 8 - panelMargin.down
            guard w > 0, h > 0 else { continue }
            let plotWidth = Swift.min(w, h * aspect)
            let area = plotWidth * plotWidth / aspect
            if area > best.area * 1.02 { best = (columns, area) }
        }
        return best.columns
    }

    /// The size that suits the layout, the surface's shape and the number of panels: plots of about
    /// 500 units on their long side (320 side by side, four panels to a row at most), with room for
    /// axes, colorbar, titles and the loss panel. Rounded to tens.
    public var preferredSize: (width: Double, height: Double) {
        let size = suitedSize, minimum = minimumSize
        if fits(width: size.width, height: size.height) { return size }
        return (Swift.max(size.width, minimum.width), Swift.max(size.height, minimum.height))
    }

    var suitedSize: (width: Double, height: Double) {
        func plot(_ long: Double) -> (Double, Double) {
            aspect >= 1 ? (long, Swift.max(long / aspect, 170)) : (Swift.max(long * aspect, 170), long)
        }
        func round10(_ v: Double) -> Double { (v / 10).rounded(.up) * 10 }
        if surface.dimension == 1 {
            return layout == .withLoss ? (1000, 500) : layout == .withCurvature ? (1400, 500) : (760, 520)
        }
        switch layout {
        case .single:
            let (w, h) = plot(500)
            return (round10(w + Self.panelMargin.across + 20), round10(h + Self.panelMargin.down + Self.figureHeader))
        case .withLoss:
            let (w, h) = plot(440)
            let landscape = w + Self.panelMargin.across
            return (round10(landscape * 2.5 / 1.5 + 20), round10(Swift.max(h, 300) + Self.panelMargin.down + Self.figureHeader))
        case .withCurvature:
            let (w, h) = plot(440)
            let landscape = w + Self.panelMargin.across
            return (round10(landscape * 3.5 / 1.5 + 20), round10(Swift.max(h, 300) + Self.panelMargin.down + Self.figureHeader))
        case .threeD:
            return (700, 640)
        case .threeDContour:
            let (w, h) = plot(440)
            return (round10(560 + w + Self.panelMargin.across + 20), round10(Swift.max(h, 380) + Self.panelMargin.down + Self.figureHeader))
        case .sideBySide, .threeDSideBySide:
            let n = Swift.max(1, labels.count)
            // One row of up to four; more in two rows (three rows past eight).
            let columns = n <= 4 ? n : Swift.min(4, (n + 1) / 2), rows = (n + columns - 1) / columns
            let (w, h) = layout == .threeDSideBySide ? (340.0, 300.0) : plot(320)
            return (round10(Double(columns) * (w + Self.panelMargin.across) + 20),
                    round10(Double(rows) * (h + Self.panelMargin.down + 8) + Self.figureHeader))
        }
    }

    /// A canvas taller than wide: the with-loss layout stacks the loss panel under the landscape.
    var isPortrait: Bool { height > width }

    /// The smallest plot a landscape panel keeps, in device units.
    public static let minimumPlot = (width: 80.0, height: 60.0)
    /// The smallest 3-D panel of a side-by-side layout or a grid, with its title, in device units:
    /// its box keeps about 100 units a side besides the axes' labels.
    public static let minimumSolidPanel = (width: 250.0, height: 260.0)

    /// The legend's size, estimated from the labels (text at 0.62 em a character, which DejaVu
    /// Sans stays under): used to keep room for it below the plot.
    var legendEstimate: (width: Double, height: Double) {
        let longest = labels.map { $0.count + " · converged in 10000 steps".count }.max() ?? 0
        let size = style.legendFont.size
        // The curvature's keys take a line of their own.
        let keyLines = curvature.isEmpty || surface.dimension != 2 ? 1 : 2
        return (Double(longest) * 0.62 * size + 26 + 7 + 16 + 4, Double(labels.count + keyLines) * size * 1.45 + 14)
    }

    /// Whether a `width` × `height` canvas leaves every plot at least ``minimumPlot`` with room for
    /// its axes, titles, colorbar and legend.
    public func fits(width: Double, height: Double) -> Bool {
        let legend = legendEstimate
        let panelWidth = Self.minimumPlot.width + Self.panelMargin.across
        let panelHeight = Self.minimumPlot.height + Self.panelMargin.down
        switch layout {
        case .single:
            return width - 20 >= Swift.max(panelWidth, legend.width + 10) && height - Self.figureHeader >= panelHeight + legend.height + 8
        case .withLoss where height > width:
            return width - 20 >= Swift.max(panelWidth, legend.width + 10) && height - Self.figureHeader >= 2 * (panelHeight + 8) + legend.height + 8
        case .withLoss:
            return width - 20 >= Swift.max(panelWidth, legend.width + 10) * 2.5 / 1.5 && height - Self.figureHeader >= panelHeight + legend.height + 8
        case .withCurvature where height > width:
            return width - 20 >= Swift.max(panelWidth, legend.width + 10) && height - Self.figureHeader >= 3 * (panelHeight + 8) + legend.height + 8
        case .withCurvature:
            return width - 20 >= Swift.max(panelWidth, legend.width + 10) * 3.5 / 1.5 && height - Self.figureHeader >= panelHeight + legend.height + 8
        case .threeD:
            let minimum = minimumSize
            return width >= minimum.width && height >= minimum.height
        case .threeDContour:
            return width - 20 >= Swift.max(panelWidth, legend.width + 10) * 2.1 && height - Self.figureHeader >= panelHeight + legend.height + 8
        case .sideBySide, .threeDSideBySide:
            let n = Swift.max(1, labels.count)
            let panel = layout == .threeDSideBySide ? Self.minimumSolidPanel : (panelWidth, panelHeight)
            return (1...n).contains { columns in
                let rows = (n + columns - 1) / columns
                return (width - 20) / Double(columns) >= panel.0 && (height - Self.figureHeader) / Double(rows) - 8 >= panel.1
            }
        }
    }

    /// The smallest size that fits (for side by side, with panels in a near-square arrangement).
    public var minimumSize: (width: Double, height: Double) {
        let legend = legendEstimate
        let panelWidth = Self.minimumPlot.width + Self.panelMargin.across
        let panelHeight = Self.minimumPlot.height + Self.panelMargin.down
        func round10(_ v: Double) -> Double { (v / 10).rounded(.up) * 10 }
        switch layout {
        case .single:
            return (round10(Swift.max(panelWidth, legend.width + 10) + 20), round10(panelHeight + legend.height + 8 + Self.figureHeader))
        case .withLoss:
            return (round10(Swift.max(panelWidth, legend.width + 10) * 2.5 / 1.5 + 20), round10(panelHeight + legend.height + 8 + Self.figureHeader))
        case .withCurvature:
            return (round10(Swift.max(panelWidth, legend.width + 10) * 3.5 / 1.5 + 20), round10(panelHeight + legend.height + 8 + Self.figureHeader))
        case .threeD:
            return (round10(Swift.max(360, legend.width + 20)), round10(300 + legend.height + 8 + Self.figureHeader))
        case .threeDContour:
            return (round10(Swift.max(panelWidth, legend.width + 10) * 2.1 + 20), round10(panelHeight + legend.height + 8 + Self.figureHeader))
        case .sideBySide, .threeDSideBySide:
            let n = Swift.max(1, labels.count)
            let panel = layout == .threeDSideBySide ? Self.minimumSolidPanel : (panelWidth, panelHeight)
            let columns = Int(Double(n).squareRoot().rounded(.up)), rows = (n + columns - 1) / columns
            return (round10(Double(columns) * panel.0 + 20), round10(Double(rows) * (panel.1 + 8) + Self.figureHeader))
        }
    }

    @available(*, deprecated, renamed: "rowsFigureMinimumSize(rows:columns:threeD:)")
    public static func gridMinimumSize(rows: Int, columns: Int, threeD: Bool = false) -> (width: Double, height: Double) {
        rowsFigureMinimumSize(rows: rows, columns: columns, threeD: threeD)
    }

    @available(*, deprecated, renamed: "rowsFigure(_:width:height:title:subtitle:threeD:)",
               message: "grid is the property that holds values computed elsewhere; this builds a figure of several comparisons")
    public static func grid(_ rows: [Comparison], width: Double, height: Double, title: String, subtitle: String? = nil,
                            threeD: Bool = false) -> Figure {
        rowsFigure(rows, width: width, height: height, title: title, subtitle: subtitle, threeD: threeD)
    }

    /// The smallest canvas for a grid of `rows` surfaces × `columns` optimizers: every panel keeps
    /// a plot of at least ``minimumPlot`` with room for its axes, title and colorbar.
    public static func rowsFigureMinimumSize(rows: Int, columns: Int, threeD: Bool = false) -> (width: Double, height: Double) {
        func round10(_ v: Double) -> Double { (v / 10).rounded(.up) * 10 }
        let panelWidth = threeD ? minimumSolidPanel.width : minimumPlot.width + panelMargin.across
        let panelHeight = threeD ? minimumSolidPanel.height : minimumPlot.height + panelMargin.down
        return (round10(Double(Swift.max(1, columns)) * panelWidth + 20), round10(Double(Swift.max(1, rows)) * (panelHeight + 8) + figureHeader))
    }

    /// A grid of surfaces × optimizers: one row per comparison, one panel per optimizer, each row
    /// with its own colorbar.
    ///
    /// With `threeD`, every panel is a 3-D panel seen as each row's comparison says.
    public static func rowsFigure(_ rows: [Comparison], width: Double, height: Double, title: String, subtitle: String? = nil,
                                  threeD: Bool = false) -> Figure {
        var notes: [String] = []
        let panels: [[any Panel]] = rows.map { c in
            let full = c.sampledGrid
            var style = FieldStyle.requested(c.colorScale, for: c.surface, grid: full, count: c.levelCount, colormap: c.chosenColormap)
            if let label = c.colorbarLabel { style.label = label }
            // Each row's panels share a width; its grid is bounded by one panel's share of the canvas.
            let drawn = CanvasGrid(full, style: style, width: width / Double(Swift.max(1, c.labels.count)), height: height / Double(Swift.max(1, rows.count)))
            if let note = drawn.note { notes.append("\(c.surface.name) " + note) }
            let grid = drawn.grid
            let geometry = FieldGeometry(grid: grid, style: style)
            let all = c.seriesAndRuns().series
            return all.enumerated().map { k, series -> any Panel in
                if threeD {
                    return c.solidPanel(surface: c.labeledSurface, grid: grid, style: style, series: [series], title: "\(c.surface.name) · \(series.label)",
                                        geometry: geometry)
                }
                var panel = LandscapePanel(surface: c.labeledSurface, grid: grid, style: style, series: [series],
                                           title: "\(c.surface.name) · \(series.label)", geometry: geometry)
                panel.showLegend = false
                panel.contourTolerance = 0.5
                panel.showColorbar = k == all.count - 1
                panel.reserveColorbarSpace = true
                return panel
            }
        }
        let noted = notes.isEmpty ? subtitle : ([subtitle].compactMap { $0 } + notes).joined(separator: "; ")
        var figure = Figure(width: width, height: height, title: title, subtitle: noted, panels: panels)
        figure.style = rows.first?.style ?? .default
        return figure
    }
}
