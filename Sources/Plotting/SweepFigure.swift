import Landscapes
import Trajectories

/// Figures of a finished sweep: the measured map (with the theory drawn over it where it applies),
/// the measured map beside the theoretical rate map, or the map beside the landscape with the
/// paths of a few cells.
///
/// ```swift
/// let result = sweep.run()
/// var figure = SweepFigure(result: result, metric: .steps)
/// figure.layout = .paths
/// figure.figure().draw(on: canvas)
/// ```
public struct SweepFigure: Sendable {
    public enum Layout: String, Sendable, CaseIterable {
        /// The measured map, with the theory over it on quadratic surfaces.
        case map
        /// The measured map beside the theoretical rate map.
        case theory
        /// The map with a few cells marked, beside the landscape with their paths.
        case paths
    }

    /// A cell whose path is shown, with what it stands for.
    public struct Pick: Sendable, Equatable {
        public var i: Int
        public var j: Int
        public var role: String
        public init(i: Int, j: Int, role: String) {
            self.i = i
            self.j = j
            self.role = role
        }
    }

    public var result: SweepResult
    public var metric: SweepMetric
    public var layout: Layout = .map
    /// Cells for the paths layout; nil picks them automatically (`automaticPicks`).
    public var picks: [Pick]?
    public var width: Double = 900
    public var height: Double = 680
    public var title: String?
    public var subtitle: String?
    public var colormap: Colormap?
    /// How the figure looks (its text, lines, colours and the runs' palette).
    public var style: Style = .default
    public var gridSize = 300
    public var levelCount = 20
    /// Axis titles in place of the swept keys' names, and the colorbar's title in place of the
    /// metric's; nil: those.
    public var xLabel: String?
    public var yLabel: String?
    public var colorbarLabel: String?
    /// The values the map's colours span (cells outside take the end colours); nil: the
    /// measured values' range.
    public var colorRange: ClosedRange<Double>?
    /// Colour the values on a log scale (true) or a linear one; nil: the metric's choice (log).
    public var logColor: Bool?

    public init(result: SweepResult, metric: SweepMetric) {
        self.result = result
        self.metric = metric
    }

    var sweep: Sweep { result.sweep }

    /// Whether the theory covers this sweep (quadratic surface, momentum family, modelled keys).
    public static func hasTheory(_ sweep: Sweep) -> Bool { SweepMapPanel.theory(for: sweep) != nil }

    /// `momentum on ravine from (−2.5, 1): 40 × 30 runs of up to 500 steps, stop at loss < 1e-08`.
    public var defaultSubtitle: String {
        var stop = "up to \(sweep.stop.maxSteps) steps"
        if let l = sweep.stop.loss { stop += ", stop at loss < \(TickFormat.number(l))" }
        if let g = sweep.stop.gradientNorm { stop += ", stop at |∇f| < \(TickFormat.number(g))" }
        return "\(sweep.optimizer) on \(sweep.surface.spec) from (\(TickFormat.number(sweep.start.x)), \(TickFormat.number(sweep.start.y))): "
            + "\(sweep.x.count) × \(sweep.y.count) runs of \(stop)"
    }

    public var defaultTitle: String {
        let name = sweep.base.displayName
        switch layout {
        case .map: return "\(name): \(metric.title) over \(SweepMapPanel.axisTitle(sweep.x.key)) and \(SweepMapPanel.axisTitle(sweep.y.key))"
        case .theory: return "\(name): measured against theory"
        case .paths: return "\(name): what each region of the map means"
        }
    }

    /// A sentence for SVG `<desc>` and PDF metadata.
    public var summary: String {
        "Hyperparameter sweep of \(sweep.optimizer) on \(sweep.surface.spec) (\(sweep.surface.formula)) over \(sweep.x.description) and \(sweep.y.description); "
            + "\(result.count(.converged)) runs converged, \(result.count(.maxSteps)) ran out of steps, \(result.count(.diverged)) diverged."
    }

    /// Four cells that show the map's regions, along the best cell's row: the best (fast), the
    /// smallest value of the x key that did not diverge (slow), the largest that did not diverge
    /// (oscillating, at the edge of stability), and the first diverged cell past it (diverging).
    /// Without a best cell, the row through the middle. Duplicates are dropped.
    public static func automaticPicks(_ result: SweepResult, metric: SweepMetric) -> [Pick] {
        let nx = result.sweep.x.count
        let best = result.best(metric)
        let j = best?.j ?? result.sweep.y.count / 2
        let stable = (0..<nx).filter { result.cell($0, j).end.outcome != .diverged }
        var picks: [Pick] = []
        if let best { picks.append(Pick(i: best.i, j: j, role: "fast")) }
        if let first = stable.first { picks.append(Pick(i: first, j: j, role: "slow")) }
        if let last = stable.last {
            picks.append(Pick(i: last, j: j, role: "oscillating"))
            if let d = ((last + 1)..<nx).first(where: { result.cell($0, j).end.outcome == .diverged }) {
                picks.append(Pick(i: d, j: j, role: "diverging"))
            }
        } else if let d = (0..<nx).first(where: { result.cell($0, j).end.outcome == .diverged }) {
            picks.append(Pick(i: d, j: j, role: "diverging"))
        }
        var seen: [(Int, Int)] = []
        return picks.filter { p in
            if seen.contains(where: { $0 == (p.i, p.j) }) { return false }
            seen.append((p.i, p.j))
            return true
        }
    }

    /// The size each layout is drawn at unless asked otherwise.
    public static func preferredSize(_ layout: Layout) -> (width: Double, height: Double) {
        layout == .map ? (900, 680) : (1400, 640)
    }

    /// The smallest canvas on which each layout keeps its titles, axes, colorbar and legend apart
    /// and every map at a usable size (found by the size property test, with a margin).
    public static func minimumSize(_ layout: Layout) -> (width: Double, height: Double) {
        switch layout {
        case .map: (360, 420)
        case .theory: (680, 400)
        case .paths: (660, 440)
        }
    }

    public func figure() -> Figure {
        let title = self.title ?? defaultTitle
        let subtitle = self.subtitle ?? defaultSubtitle
        var map = SweepMapPanel(measured: result, metric: metric, title: layout == .map ? nil : "measured")
        if let colormap = colormap ?? style.colormap { map.colormap = colormap }
        map.xLabel = xLabel
        map.yLabel = yLabel
        if let colorbarLabel { map.colorbarTitle = colorbarLabel }
        if let logColor { map.logColor = logColor }
        if let r = colorRange { map.colorRange = (r.lowerBound, r.upperBound) }
        map.theory = SweepMapPanel.theory(for: sweep)
        if let optimum = SweepMapPanel.optimum(for: sweep) { map.marks.append(optimum) }
        switch layout {
        case .map:
            return Figure(style: style, width: width, height: height, title: title, subtitle: subtitle, panels: [[map]])
        case .theory:
            map.theory = nil
            map.marks.removeAll { if case .optimum = $0.kind { return true } else { return false } }
            var theory = SweepMapPanel(theoryOf: sweep, metric: metric, title: "theory: from the spectral radius ρ of the iteration")
            if let colormap = colormap ?? style.colormap { theory?.colormap = colormap }
            theory?.xLabel = xLabel
            theory?.yLabel = yLabel
            if let logColor { theory?.logColor = logColor }
            if let r = colorRange {
                theory?.colorRange = (r.lowerBound, r.upperBound)
            } else if metric == .steps, sweep.stop.loss != nil || sweep.stop.gradientNorm != nil, let range = map.valueRange {
                // One colour scale for both maps, so that colours compare directly.
                var lo = range.lo, hi = range.hi
                if let t = theory?.valueRange { lo = min(lo, t.lo); hi = max(hi, t.hi) }
                map.colorRange = (lo, hi)
                theory?.colorRange = (lo, hi)
            }
            if var t = theory {
                t.rowmates = [map]
                map.rowmates = [t]
                theory = t
            }
            let panels: [any Panel] = theory.map { [map, $0] } ?? [map]
            return Figure(style: style, width: width, height: height, title: title, subtitle: subtitle, panels: [panels])
        case .paths:
            let picks = self.picks ?? Self.automaticPicks(result, metric: metric)
            let series: [PathSeries] = picks.enumerated().compactMap { k, p in
                guard let path = try? sweep.trajectory(p.i, p.j) else { return nil }
                let cell = result.cell(p.i, p.j)
                let name = "\(p.role): \(SweepMapPanel.setting(sweep.x.key, cell.x)), \(SweepMapPanel.setting(sweep.y.key, cell.y))"
                return PathSeries(name: name, color: style.runColor(k), points: path.positions, outcome: path.outcome, steps: path.stepCount)
            }
            for (k, p) in picks.enumerated() {
                let cell = result.cell(p.i, p.j)
                map.marks.append(SweepMapPanel.Mark(x: cell.x, y: cell.y, kind: .pick(k), label: p.role))
            }
            let surface = sweep.surface
            let grid = Grid(surface: surface, domain: surface.domain, resolution: gridSize)
            let field = FieldStyle.automatic(for: surface, grid: grid, count: levelCount, colormap: style.colormap)
            var landscape = LandscapePanel(surface: surface, grid: grid, style: field, series: series, title: "paths of the marked cells")
            landscape.showColorbar = false
            return Figure(style: style, width: width, height: height, title: title, subtitle: subtitle, panels: [[map, landscape]], columnWeights: [1, 1.1])
        }
    }
}
