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
    }

    public var surface: Surface
    public var optimizers: [OptimizerConfiguration]
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
    public var layout: Layout = .single
    public var width: Double = 800
    public var height: Double = 600
    public var title: String?
    public var subtitle: String?

    public init(surface: Surface, optimizers: [OptimizerConfiguration], start: Vector2? = nil,
                stop: StopRule = StopRule(maxSteps: 1000, gradientNorm: 1e-6)) {
        self.surface = surface
        self.optimizers = optimizers
        self.start = start ?? surface.defaultStart
        self.stop = stop
    }

    /// Every optimizer's run, in order.
    public func runs() -> [Trajectory] {
        optimizers.map { Runner(surface: surface, optimizer: $0, seed: seed).run(from: start, stop: stop) }
    }

    /// Every optimizer's runs: `seeds` of them for a stochastic optimizer, one otherwise.
    public func ensembles() -> [[Trajectory]] {
        optimizers.map { o in
            let runner = Runner(surface: surface, optimizer: o, seed: seed)
            let count = runner.isStochastic ? max(1, seeds) : 1
            return (0..<count).map { k in
                Runner(surface: surface, optimizer: o, seed: seed &+ UInt64(k)).run(from: start, stop: stop)
            }
        }
    }

    /// The series of an optimizer's runs: the run itself, or for several seeds the median path
    /// with every seed's path behind it (the outcome the most runs had; its step count the longest).
    public static func series(_ runs: [Trajectory], _ configuration: OptimizerConfiguration, color: Color) -> PathSeries {
        if runs.count == 1 { return PathSeries(trajectory: runs[0], configuration: configuration, color: color) }
        let outcomes = Outcome.allCases.map { o in (o, runs.filter { $0.outcome == o }.count) }
        let outcome = outcomes.max { $0.1 < $1.1 }!.0
        var s = PathSeries(name: configuration.label, color: color, points: Ensemble.medianPath(runs.map(\.positions)),
                           outcome: outcome, steps: runs.map(\.stepCount).max() ?? 0)
        s.ensemble = runs.map(\.positions)
        return s
    }

    /// The subtitle used when none is set: `ravine: GD, Momentum and Adam from (−2.5, 1)`.
    public var defaultSubtitle: String {
        var names = optimizers.map(\.displayName)
        if Set(names).count < names.count { names = optimizers.map(\.label) }
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        let at = surface.dimension == 1 ? "θ = \(TickFormat.number(start.x))" : "(\(TickFormat.number(start.x)), \(TickFormat.number(start.y)))"
        return (surface.expression == nil ? "\(surface.spec): " : "") + "\(list) from \(at)"
    }

    /// A sentence describing the figure, for SVG `<desc>` and PDF metadata.
    public var summary: String {
        "Optimizer paths on \(surface.spec) (\(surface.formula)): " + optimizers.map(\.label).joined(separator: ", ")
            + " from \(defaultSubtitle.split(separator: " from ").last ?? "")."
    }

    public func figure() -> Figure {
        let runs = ensembles()
        let series = zip(optimizers, runs).enumerated().map { k, pair in Self.series(pair.1, pair.0, color: Palette.path(k)) }
        let losses = LossPanel(series: series, ensembles: runs.map { $0.map(\.losses) }, offset: surface.globalMinimumValue ?? 0)
        let title = self.title ?? surface.formula
        let subtitle = self.subtitle ?? defaultSubtitle
        if surface.dimension == 1 {
            let curve = CurvePanel(surface: surface, series: series)
            if layout == .withLoss {
                return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve, losses]], columnWeights: [1.3, 1])
            }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve]])
        }
        let grid = Grid(surface: surface, domain: surface.domain, resolution: gridSize)
        let style = FieldStyle.automatic(for: surface, grid: grid, count: levelCount, colormap: colormap)
        let geometry = FieldGeometry(grid: grid, style: style)
        switch layout {
        case .single:
            let panel = LandscapePanel(surface: surface, grid: grid, style: style, series: series, geometry: geometry)
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel]])
        case .withLoss:
            var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: series, geometry: geometry)
            panel.showColorbar = true
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel, losses]], columnWeights: [1.5, 1])
        case .sideBySide:
            let panels: [any Panel] = series.enumerated().map { k, s in
                var panel = LandscapePanel(surface: surface, grid: grid, style: style, series: [s], title: s.label, geometry: geometry)
                panel.showLegend = false
                panel.showColorbar = k == series.count - 1
                panel.reserveColorbarSpace = true
                return panel
            }
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [panels])
        }
    }

    /// A grid of surfaces × optimizers: one row per comparison, one panel per optimizer, each row
    /// with its own colorbar.
    public static func grid(_ rows: [Comparison], width: Double, height: Double, title: String, subtitle: String? = nil) -> Figure {
        let panels: [[any Panel]] = rows.map { c in
            let grid = Grid(surface: c.surface, domain: c.surface.domain, resolution: c.gridSize)
            let style = FieldStyle.automatic(for: c.surface, grid: grid, count: c.levelCount, colormap: c.colormap)
            let geometry = FieldGeometry(grid: grid, style: style)
            let runs = c.ensembles()
            return zip(c.optimizers, runs).enumerated().map { k, pair in
                let series = Self.series(pair.1, pair.0, color: Palette.path(k))
                var panel = LandscapePanel(surface: c.surface, grid: grid, style: style, series: [series],
                                           title: "\(c.surface.name) · \(series.label)", geometry: geometry)
                panel.showLegend = false
                panel.showColorbar = k == c.optimizers.count - 1
                panel.reserveColorbarSpace = true
                return panel
            }
        }
        return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: panels)
    }
}
