import Landscapes
import Trajectories

/// Loss against step for several runs, on a log axis. When the minimum is not 0, it plots f − f*,
/// so that convergence shows as a straight descent rather than a flat line above zero. Colours and
/// markers match the landscape panel's.
public struct LossPanel: Panel {
    public struct Series: Sendable {
        public var name: String
        public var color: Color
        public var losses: [Double]
        public var outcome: Outcome
        /// The interquartile band per step, for an ensemble of seeds (`losses` is then the median).
        public var band: (lower: [Double], upper: [Double])?
        /// In an animation frame, the steps drawn so far; the axes still span the whole run.
        public var shownSteps: Int?
        /// The step of each loss, increasing, when the series holds some steps only (a long run
        /// reduced for an animation); nil: loss k is step k.
        public var steps: [Int]?
        /// The line's dash pattern (empty: solid), as the run's path has it.
        public var dash: [Double] = []
        /// The marker at the line's end and in the legend, as the run's path has it (nil: by place).
        public var marker: Marker?

        /// The step of loss k.
        func step(_ k: Int) -> Int { steps?[k] ?? k }

        /// The last step.
        var lastStep: Int { steps?.last ?? (losses.count - 1) }

        /// The losses drawn (see ``shownSteps``).
        func drawn(_ values: [Double]) -> [Double] {
            guard let shown = shownSteps else { return values }
            if let steps {
                let count = steps.prefix { $0 <= shown }.count
                return count >= values.count ? values : Array(values[..<Swift.max(1, count)])
            }
            guard shown + 1 < values.count else { return values }
            return Array(values[...Swift.max(0, shown)])
        }

        /// This series with a long run (more than ``canvasPointLimit`` losses) reduced once for
        /// the frames of an animation: of each of `columns` spans of steps, its first, lowest,
        /// highest and last loss (what a pixel column of the line shows), and the first value
        /// that is not finite (where a diverging line stops), with their steps.
        public func reducedForAnimation(columns: Int) -> Series {
            guard losses.count > canvasPointLimit, steps == nil, columns >= 1 else { return self }
            let n = losses.count
            var keep: [Int] = []
            var start = 0
            let firstNonFinite = losses.firstIndex { !$0.isFinite }
            while start < n {
                // Column c holds the steps from ⌈c·n/columns⌉ on.
                let c = start * columns / n
                let end = Swift.min(n, Swift.max(start + 1, ((c + 1) * n + columns - 1) / columns))
                var low = start, high = start
                for k in start..<end where losses[k].isFinite {
                    if !losses[low].isFinite || losses[k] < losses[low] { low = k }
                    if !losses[high].isFinite || losses[k] > losses[high] { high = k }
                }
                for k in Set([start, low, high, end - 1]).sorted() { keep.append(k) }
                start = end
            }
            if let f = firstNonFinite, !keep.contains(f) { keep.append(f); keep.sort() }
            var copy = self
            copy.losses = keep.map { losses[$0] }
            if let band { copy.band = (keep.map { band.lower[$0] }, keep.map { band.upper[$0] }) }
            copy.steps = keep
            return copy
        }
    }

    public var series: [Series]
    /// Subtracted from every loss (the known minimum value f*).
    public var offset: Double
    public var title: String?
    public var logScale = true
    /// Name the runs in a legend (off beside a landscape panel, whose legend already does).
    public var showLegend = false

    public init(series: [PathSeries], losses: [[Double]], offset: Double, title: String? = "loss per step") {
        self.series = zip(series, losses).map { s, l in
            var line = Series(name: s.name, color: s.color, losses: l, outcome: s.outcome)
            line.dash = s.dash
            line.marker = s.marker
            return line
        }
        self.offset = offset
        self.title = title
    }

    /// Loss panels of ensembles: for each series, the median loss per step and its interquartile
    /// band across seeds (a single run has no band).
    public init(series: [PathSeries], ensembles: [[[Double]]], offset: Double, title: String? = "loss per step") {
        self.series = zip(series, ensembles).map { s, runs in
            var line: Series
            if runs.count == 1 {
                line = Series(name: s.name, color: s.color, losses: runs[0], outcome: s.outcome)
            } else {
                let q = Ensemble.quartiles(runs)
                line = Series(name: s.label, color: s.color, losses: q.median, outcome: s.outcome, band: (q.lower, q.upper))
            }
            line.dash = s.dash
            line.marker = s.marker
            return line
        }
        self.offset = offset
        self.title = title
    }

    /// The plotted values: f − f*, with values ≤ 0 (at the minimum, to round-off) raised to the floor.
    func values(_ s: Series, floor: Double) -> [Double] {
        s.losses.map { v in
            let d = v - offset
            return d.isFinite ? max(d, floor) : d
        }
    }

    var ranges: (steps: Int, lo: Double, hi: Double) {
        let steps = max(1, series.map(\.lastStep).max() ?? 1)
        let finite = series.flatMap { s in (s.losses + (s.band?.lower ?? []) + (s.band?.upper ?? [])).map { $0 - offset } }.filter { $0.isFinite }
        let hi = max(finite.max() ?? 1, 1e-300)
        let positive = finite.filter { $0 > 0 }
        // At most 16 decades below the top, but never above where a run starts: a run that
        // blows up to 10²⁵ still shows its first steps.
        let starts = series.compactMap { s in s.losses.first.map { $0 - offset } }.filter { $0.isFinite && $0 > 0 }
        let lo = max(positive.min() ?? hi * 1e-6, min(hi * 1e-16, starts.min() ?? .infinity))
        return (steps, lo, hi)
    }

    var yLabel: String { offset == 0 ? "loss" : "loss − minimum" }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        let r = ranges
        let yLo = logScale ? Self.decadeBelow(r.lo) : min(0, r.lo), yHi = logScale ? Self.decadeAbove(r.hi) : r.hi
        let xAxis = Axis(from: 0, to: Double(r.steps), title: "step")
        let yAxis = Axis(kind: logScale ? .log : .linear, from: yLo, to: yHi, title: yLabel)
        let plot = plotRect(in: frame, title: title, y: yAxis, on: canvas, look: look)
        let xs = Scale(domain: 0...Double(r.steps), range: plot.minX...plot.maxX)
        let ys = Scale(kind: yAxis.scale.kind, domain: yLo...yHi, range: plot.minY...plot.maxY, reversed: true)

        drawHorizontalGrid(on: canvas, plot: plot, ticks: yAxis.ticks, y: ys, look: look)

        canvas.pushClip(plot)
        for s in series {
            guard let band = s.band else { continue }
            let shift = Series(name: "", color: s.color, losses: band.lower, outcome: s.outcome)
            let top = Series(name: "", color: s.color, losses: band.upper, outcome: s.outcome)
            let lower = s.drawn(values(shift, floor: yLo)), upper = s.drawn(values(top, floor: yLo))
            var ring: [Point] = []
            for (k, v) in upper.enumerated() where v.isFinite { ring.append(Point(xs(Double(s.step(k))), ys(min(v, yHi * 10)))) }
            for (k, v) in lower.enumerated().reversed() where v.isFinite { ring.append(Point(xs(Double(s.step(k))), ys(min(v, yHi * 10)))) }
            var area = Path()
            area.addPolyline(simplify(ring, tolerance: 0.3), closed: true)
            canvas.fill(area, color: s.color.withAlpha(0.2), rule: .nonZero)
        }
        for (k, s) in series.enumerated() {
            canvas.mark("the loss of '\(s.name)'")
            var points: [Point] = []
            for (k, v) in s.drawn(values(s, floor: yLo)).enumerated() {
                let step = s.step(k)
                guard v.isFinite else { break }
                points.append(Point(xs(Double(step)), ys(v)))
            }
            let clipped = clip(points, to: plot.insetBy(-4))
            var line = Path()
            for run in clipped.runs { for r in reducedForCanvas(run, tolerance: 0.25) { line.addPolyline(r, closed: false) } }
            canvas.stroke(line, style: StrokeStyle(color: s.color, width: look.line(2), cap: s.dash.isEmpty ? .round : .butt, join: .round, dash: s.dash))
            if let last = points.last, plot.insetBy(-4).contains(last) {
                let running = s.shownSteps.map { $0 < s.lastStep } ?? false
                let marker = s.outcome == .diverged && !running ? Marker.cross.path(at: last, radius: look.marker(5))
                    : (s.marker ?? LandscapePanel.stepMarker(k)).path(at: last, radius: look.marker(running ? 5 : 4))
                if s.outcome == .diverged && !running {
                    canvas.stroke(marker, style: StrokeStyle(color: s.color, width: look.marker(2), cap: .round))
                } else {
                    canvas.fill(marker, color: s.color, rule: .nonZero)
                    if look.hasCasing { canvas.stroke(marker, style: StrokeStyle(color: look.casing(), width: look.marker(1))) }
                }
            }
        }
        canvas.popClip()
        drawAxes(on: canvas, plot: plot, x: xAxis, y: yAxis, look: look)
        var layout = PanelLayout(plot: plot)
        if showLegend && !series.isEmpty && look.legend != .none {
            let legend = Legend(rows: series.enumerated().map { k, s in Legend.Row(color: s.color, marker: s.marker ?? LandscapePanel.stepMarker(k), label: s.name, dash: s.dash) }, keys: [], look: look)
            var avoid: [Point] = []
            for s in series {
                for (k, v) in values(s, floor: yLo).enumerated() where v.isFinite { avoid.append(Point(xs(Double(s.step(k))), ys(v))) }
            }
            let box = legend.place(canvas, in: plot, avoid: avoid, heavy: []).box
            legend.draw(on: canvas, in: box)
            layout.legend = box
        }
        return layout
    }

    static func decadeBelow(_ v: Double) -> Double { cPow(10, cLog10(v).rounded(.down)) }
    static func decadeAbove(_ v: Double) -> Double { cPow(10, cLog10(v).rounded(.up)) }
}
