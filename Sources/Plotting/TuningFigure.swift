import Landscapes
import Networks
import Trajectories

/// The sensitivity of each optimizer to a tuned hyperparameter: the objective against the
/// setting (the learning rate, on a log axis for a log range), each optimizer's tuned setting
/// starred, and settings that diverged (or never reached a `steps-to` level) as crosses on the
/// top edge.
public struct SensitivityFigure: Sendable {
    public struct Curve: Sendable {
        public var label: String
        public var color: Color
        /// The settings tried and their objectives (+∞: diverged), in any order.
        public var settings: [Double]
        public var scores: [Double]
        public var best: Double?
        /// Settings tried while refining around the best (dots without a line: close together,
        /// their scores at a stop rule's noise floor would draw a comb).
        public var refined: [(setting: Double, score: Double)] = []
        public init(label: String, color: Color, settings: [Double], scores: [Double], best: Double?) {
            self.label = label
            self.color = color
            self.settings = settings
            self.scores = scores
            self.best = best
        }
    }

    public var curves: [Curve]
    public var key: String
    public var range: ClosedRange<Double>
    public var logarithmic: Bool
    public var objective: TuningObjective
    public var width: Double = 900
    public var height: Double = 560
    public var style: Style = .default
    public var title: String
    public var subtitle: String?
    /// The objective's name on the y axis, when it is not a surface's (``objective``).
    public var objectiveTitle: String?
    /// Axis titles instead of the key's and the objective's.
    public var xLabel: String?
    public var yLabel: String?
    /// The stop rule's noise floor (`Tuning.floor`): scores below it count as equal, so they
    /// are drawn at it, along a dotted line, rather than as the noise they are. Nil or 0: none.
    public var floor: Double?
    /// What the star marks: `tuned setting`, or `best value` for an exhaustive sweep.
    public var starName = "tuned setting"
    /// Scores above this are drawn on the top edge: a run worse than where it started (the loss
    /// at the start) made no progress. Nil: none.
    public var ceiling: Double?

    public init(curves: [Curve], key: String, range: ClosedRange<Double>, logarithmic: Bool, objective: TuningObjective, title: String) {
        self.curves = curves
        self.key = key
        self.range = range
        self.logarithmic = logarithmic
        self.objective = objective
        self.title = title
    }

    /// The curves of tuning results along their first range, in the runs' colours.
    public init(_ results: [TuningResult], labels: [String], style: Style, title: String) {
        let first = results.first?.tuning.ranges.first
        self.init(curves: results.enumerated().map { k, r in
            Self.curve(label: labels[k], color: style.runColor(k), settings: r.settings, scores: r.scores, gridCount: r.gridCount, best: r.best)
        }, key: first?.key ?? "lr", range: (first?.lower ?? 1e-4)...(first?.upper ?? 1), logarithmic: first?.logarithmic ?? true,
           objective: results.first?.tuning.objective ?? .finalLoss, title: title)
        self.style = style
    }

    /// The curves of network tunings along their first range; `yLabel` names their objective.
    public init(_ results: [NetTuningResult], labels: [String], style: Style, title: String) {
        let first = results.first?.tuning.ranges.first
        self.init(curves: results.enumerated().map { k, r in
            Self.curve(label: labels[k], color: style.runColor(k), settings: r.settings, scores: r.scores, gridCount: r.gridCount, best: r.best)
        }, key: first?.key ?? "lr", range: (first?.lower ?? 1e-4)...(first?.upper ?? 1), logarithmic: first?.logarithmic ?? true,
           objective: .finalLoss, title: title)
        self.style = style
        let objective = results.first?.tuning.objective ?? .loss
        objectiveTitle = "\(objective.title) after \(results.first?.tuning.epochs ?? 0) epochs"
    }

    /// One curve from a search's settings in the order tried (the first `gridCount` made the
    /// grid, drawn as a line; the rest are refinement dots), their scores and the best.
    public static func curve(label: String, color: Color, settings: [[Double]], scores: [Double], gridCount: Int, best: Int) -> Curve {
        let grid = zip(settings.prefix(gridCount), scores.prefix(gridCount)).sorted { $0.0.lexicographicallyPrecedes($1.0) }
        let bestScore = best < scores.count ? scores[best] : .infinity
        var curve = Curve(label: label, color: color, settings: grid.map { $0.0[0] }, scores: grid.map(\.1),
                          best: bestScore.isFinite && best < settings.count ? settings[best].first : nil)
        curve.refined = zip(settings.dropFirst(gridCount), scores.dropFirst(gridCount)).map { ($0.0[0], $0.1) }
        if let b = curve.best { curve.refined.append((b, bestScore)) }
        return curve
    }

    public func figure() -> Figure {
        var series: [LinePanel.Series] = []
        let floor = (self.floor ?? 0) > 0 ? self.floor : nil
        var curves = self.curves
        if let floor {
            for k in curves.indices {
                curves[k].scores = curves[k].scores.map { $0.isFinite ? Swift.max($0, floor) : $0 }
                curves[k].refined = curves[k].refined.map { ($0.setting, $0.score.isFinite ? Swift.max($0.score, floor) : $0.score) }
            }
        }
        for c in curves {
            let finite = zip(c.settings, c.scores).filter { $0.1.isFinite }
            var line = LinePanel.Series(name: c.label, color: c.color, values: finite.map(\.1), style: .lineAndPoints)
            line.x = finite.map(\.0)
            series.append(line)
            let failed = zip(c.settings, c.scores).filter { !$0.1.isFinite }
            if !failed.isEmpty {
                var crosses = LinePanel.Series(name: "", color: c.color, values: failed.map { _ in .infinity }, style: .points, marker: .triangle)
                crosses.x = failed.map(\.0)
                series.append(crosses)
            }
            let refined = c.refined.filter { $0.score.isFinite }.sorted { $0.setting < $1.setting }
            if !refined.isEmpty {
                var dots = LinePanel.Series(name: "", color: c.color, values: refined.map(\.score), style: .points, marker: .circle)
                dots.x = refined.map(\.setting)
                dots.markerRadius = 2
                series.append(dots)
            }
            let all = zip(c.settings, c.scores).map { ($0, $1) } + c.refined
            if let b = c.best, let score = all.first(where: { $0.0 == b })?.1 {
                var star = LinePanel.Series(name: "", color: c.color, values: [score], style: .points, marker: .star)
                star.x = [b]
                star.markerRadius = 8
                series.append(star)
            }
        }
        let positive = curves.flatMap(\.scores).filter { $0.isFinite }.allSatisfy { $0 > 0 }
        let logY: Bool
        switch objective {
        case .stepsTo, .steps: logY = false
        default: logY = positive
        }
        var panel = LinePanel(series: series, title: nil, xLabel: xLabel ?? key + (logarithmic ? " (log scale)" : ""),
                              yLabel: yLabel ?? (objectiveTitle ?? objective.title) + (logY ? " (log scale)" : ""))
        // Up to the ceiling (a setting past it made no progress, drawn on the top edge as a
        // diverged one is), down to the best score: every tuned star stays in view.
        let finite = curves.flatMap { $0.scores + $0.refined.map(\.score) }.filter { $0.isFinite && (!logY || $0 > 0) }
        if let lo = finite.min(), let hi = finite.max() {
            let top = Swift.min(hi, ceiling ?? hi)
            if logY {
                // Room below the floor's line for the legend: every curve that reached it ends there.
                let low = floor.map { Swift.min(lo / 2, $0 / 100) } ?? lo / 2, high = Swift.max(top * 2, low * 10)
                panel.yRange = low...high
            } else {
                let pad = Swift.max(0.06 * (top - lo), 1e-12 * Swift.max(1, abs(top)))
                panel.yRange = (lo - pad)...(top + pad)
            }
        }
        if let floor {
            panel.levels = [LinePanel.Level(y: floor, color: style.muted, label: "stop rule's floor: equal below")]
        }
        panel.xRange = range
        panel.logX = logarithmic
        panel.logY = logY
        panel.infiniteAtTop = true
        panel.legendShare = 0.45
        let never: String
        switch objective {
        case .stepsTo: never = " or never reached the level"
        case .steps: never = " or never converged"
        default: never = ceiling != nil ? " (● there: ended worse than it started)" : ""
        }
        let note = "★ \(starName) · ▲ on the top edge: diverged" + never
        return Figure(style: style, width: width, height: height, title: title, subtitle: subtitle.map { $0 + " · " + note } ?? note, panels: [[panel]])
    }

    public static let preferredSize = (width: 900.0, height: 560.0)
    public static let minimumSize = (width: 420.0, height: 320.0)
}
