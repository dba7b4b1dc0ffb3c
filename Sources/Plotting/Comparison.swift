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

    /// The subtitle used when none is set: `ravine: GD, Momentum and Adam from (−2.5, 1)`.
    public var defaultSubtitle: String {
        var names = optimizers.map(\.displayName)
        if Set(names).count < names.count { names = optimizers.map(\.label) }
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        let at = surface.dimension == 1 ? "θ = \(TickFormat.number(start.x))" : "(\(TickFormat.number(start.x)), \(TickFormat.number(start.y)))"
        return "\(surface.spec): \(list) from \(at)"
    }

    /// A sentence describing the figure, for SVG `<desc>` and PDF metadata.
    public var summary: String {
        "Optimizer paths on \(surface.spec) (\(surface.formula)): " + optimizers.map(\.label).joined(separator: ", ")
            + " from \(defaultSubtitle.split(separator: " from ").last ?? "")."
    }

    public func figure() -> Figure {
        let trajectories = runs()
        let series = zip(optimizers, trajectories).enumerated().map { k, pair in
            PathSeries(trajectory: pair.1, configuration: pair.0, color: Palette.path(k))
        }
        let title = self.title ?? surface.formula
        let subtitle = self.subtitle ?? defaultSubtitle
        if surface.dimension == 1 {
            let curve = CurvePanel(surface: surface, series: series)
            if layout == .withLoss {
                let loss = LossPanel(series: series, losses: trajectories.map(\.losses), offset: surface.globalMinimumValue ?? 0)
                return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[curve, loss]], columnWeights: [1.3, 1])
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
            let loss = LossPanel(series: series, losses: trajectories.map(\.losses), offset: surface.globalMinimumValue ?? 0)
            return Figure(width: width, height: height, title: title, subtitle: subtitle, panels: [[panel, loss]], columnWeights: [1.5, 1])
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
            let runs = c.runs()
            return zip(c.optimizers, runs).enumerated().map { k, pair in
                let series = PathSeries(trajectory: pair.1, configuration: pair.0, color: Palette.path(k))
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
