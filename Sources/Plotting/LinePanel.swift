/// Values against their index (or given x values) on linear axes: each series as a line, as points, or both, with a
/// legend where it hides the fewest points.
public struct LinePanel: Panel {
    public struct Series: Sendable {
        public enum Style: Sendable { case line, points, lineAndPoints, dashed }
        public var name: String
        public var color: Color
        public var values: [Double]
        public var style: Style
        public var marker: Marker
        /// Where each value sits on the x axis (increasing, one per value); nil: at its index.
        public var x: [Double]?
        /// The markers' radius in points; nil: 4 for points, 3 on a line.
        public var markerRadius: Double?

        public init(name: String, color: Color, values: [Double], style: Style = .line, marker: Marker = .circle) {
            self.name = name
            self.color = color
            self.values = values
            self.style = style
            self.marker = marker
        }
    }

    public var series: [Series]
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var showLegend = true
    /// The x axis's range; nil: from 0 (or the smallest x given, if negative) to the largest x.
    public var xRange: ClosedRange<Double>?
    /// The largest share of the panel's height a legend may take inside the plot (else it goes below).
    public var legendShare = 0.3
    /// Thin vertical lines at given x values, each labelled at the top of the plot (θ₀, θ*).
    public var marks: [Mark] = []
    /// In an animation frame, the last x (or index, for series without x) drawn; nil draws all.
    public var shownSteps: Int?
    /// Dashed horizontal lines at given y values, each in its colour and labelled at the left
    /// end of the plot (a stability threshold 2/η). The y axis stretches to those within 3× the
    /// data's largest |value|; one farther off is named at the top (or bottom) left with an arrow.
    public var levels: [Level] = []
    /// Stretch the y axis to 0 (a sharpness axis, read as a fraction of its threshold).
    public var includesZero = false
    /// The y axis's range; nil: the data's, padded. With ``infiniteAtTop``, values above it are
    /// drawn on the top edge as +∞ is.
    public var yRange: ClosedRange<Double>?
    /// A logarithmic x axis (give ``xRange`` with a positive lower end): a learning rate.
    public var logX = false
    /// +∞ values drawn as their series' markers on the plot's top edge (a diverged setting), the
    /// line broken there.
    public var infiniteAtTop = false
    /// A logarithmic y axis over at most eight decades below the largest value (values ≤ 0 are
    /// left out, smaller ones run off the bottom), for densities over many decades.
    public var logY = false

    public struct Level: Sendable {
        public var y: Double
        public var color: Color
        public var label: String
        public init(y: Double, color: Color, label: String) {
            self.y = y
            self.color = color
            self.label = label
        }
    }

    public struct Mark: Sendable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    /// A dashed series' pattern, on the plot and in the legend.
    static let dash: [Double] = [6, 4]

    public init(series: [Series], title: String? = nil, xLabel: String = "t", yLabel: String = "value") {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        let firsts: [Double] = series.compactMap { $0.x?.first }.filter(\.isFinite)
        let lasts: [Double] = series.map { s in s.x?.last ?? Double(s.values.count - 1) }.filter(\.isFinite)
        let xMin: Double = xRange?.lowerBound ?? Swift.min(0, firsts.min() ?? 0)
        var xMax: Double = xRange?.upperBound ?? lasts.max() ?? 1
        if xRange == nil && xMin == 0 { xMax = Swift.max(1, xMax) }
        if !(xMax > xMin) { xMax = xMin + 1 }
        // Levels within 3× the data's reach stretch the axis to show them; farther ones are named
        // at the plot's top (or bottom) edge with an arrow, so the data keep the axis.
        let data = series.flatMap(\.values).filter(\.isFinite)
        let reach = data.map(abs).max() ?? 0
        let shown = levels.filter { $0.y.isFinite && (data.isEmpty || abs($0.y) <= 3 * reach) }
        var finite = data + shown.map(\.y) + (includesZero && !logY ? [0] : [])
        if logY { finite = finite.filter { $0 > 0 } }
        var lo = finite.min() ?? (logY ? 0.1 : 0), hi = finite.max() ?? 1
        if let yRange {
            lo = yRange.lowerBound
            hi = yRange.upperBound
        } else if logY {
            // A decade at least, and 6% of the span in log units beyond each end.
            // At most eight decades: a Gaussian's tails would reach 10⁻³⁰⁰.
            lo = Swift.max(lo, hi / 1e8)
            if hi / lo < 10 { lo = hi / 10 }
            let pad = cPow(10, 0.06 * cLog10(hi / lo))
            lo /= pad
            hi *= pad
        } else {
            if hi - lo < 1e-12 * Swift.max(1, abs(hi)) {
                lo -= 0.5
                hi += 0.5
            }
            let pad = 0.06 * (hi - lo)
            lo -= pad
            hi += pad
        }
        let xAxis = Axis(kind: logX ? .log : .linear, from: xMin, to: xMax, title: xLabel)
        let yAxis = Axis(kind: logY ? .log : .linear, from: lo, to: hi, title: yLabel)
        var legendBox: Rect?
        // Series without a name (a curve's marked points) have no legend row.
        let legend = Legend(rows: series.filter { !$0.name.isEmpty }.map { s in
            Legend.Row(color: s.color, marker: s.marker, label: s.name, showsLine: s.style != .points, dash: s.style == .dashed ? Self.dash : [],
                       showsMarker: s.style == .points || s.style == .lineAndPoints)
        }, keys: [], look: look)
        var inner = frame
        var below = false
        if showLegend && !series.isEmpty && look.legend != .none {
            let size = legend.size(canvas)
            // Below the plot when the panel is too small to hold it inside.
            if size.width > frame.width * 0.6 || size.height > frame.height * legendShare || look.legend == .outside {
                below = true
                inner.height -= size.height + 8
            }
        }
        let plot = plotRect(in: inner, title: title, y: yAxis, on: canvas, look: look)
        let xs = Scale(kind: logX ? .log : .linear, domain: xMin...xMax, range: plot.minX...plot.maxX)
        let ys = Scale(kind: logY ? .log : .linear, domain: lo...hi, range: plot.minY...plot.maxY, reversed: true)
        drawHorizontalGrid(on: canvas, plot: plot, ticks: yAxis.ticks, y: ys, look: look)
        for mark in marks where (xMin...xMax).contains(mark.x) {
            var line = Path()
            line.move(to: Point(xs(mark.x), plot.minY))
            line.line(to: Point(xs(mark.x), plot.maxY))
            canvas.stroke(line, style: StrokeStyle(color: look.shade(Color(hex: 0x555555), else: look.muted), width: look.frame(0.8), dash: [3, 3]))
            canvas.text(mark.label, at: Point(xs(mark.x) + 4, plot.minY + 4), font: look.tickFont, color: look.shade(Color(hex: 0x333333), else: look.foreground),
                        anchor: TextAnchor(.left, .top))
        }
        var levelLabels: [Point] = []
        // Labels are placed one by one, each clear of those before it: off-axis ones stacked
        // down from the top left (or up from the bottom left), on-axis ones moved right along
        // their line.
        var taken: [Rect] = []
        let tick = canvas.measure("0", font: look.tickFont)
        let lineHeight = tick.ascent + tick.descent + 2
        func place(_ text: String, color: Color, at start: Point, anchor: TextAnchor, step: Point) {
            let width = canvas.measure(text, font: look.tickFont).width
            var p = start
            func box(_ p: Point) -> Rect {
                let x = anchor.horizontal == .right ? p.x - width : p.x
                let y = anchor.vertical == .top ? p.y : p.y - (tick.ascent + tick.descent)
                return Rect(x: x, y: y, width: width, height: tick.ascent + tick.descent)
            }
            var tries = 0
            while taken.contains(where: { $0.insetBy(-2).intersects(box(p)) }) && tries < 40 {
                p = Point(p.x + step.x, p.y + step.y)
                tries += 1
            }
            canvas.text(text, at: p, font: look.tickFont, color: color, anchor: anchor)
            let b = box(p)
            taken.append(b)
            levelLabels += [Point(b.minX, b.center.y), Point(b.center.x, b.center.y), Point(b.maxX, b.center.y)]
        }
        for level in shown {
            var line = Path()
            let y = ys(level.y)
            line.move(to: Point(plot.minX, y))
            line.line(to: Point(plot.maxX, y))
            canvas.stroke(line, style: StrokeStyle(color: level.color, width: look.line(1.2), dash: [5, 4]))
        }
        for level in levels where level.y.isFinite && !shown.contains(where: { $0.y == level.y && $0.label == level.label }) {
            // Off the axis: "2(1+β)/η = 422 ↑" at the edge it lies beyond, on the left, where a
            // sharpness that rises over training leaves room.
            let above = level.y > hi
            place(level.label + (above ? " ↑" : " ↓"), color: level.color, at: Point(plot.minX + 4, above ? plot.minY + 3 : plot.maxY - 3),
                  anchor: TextAnchor(.left, above ? .top : .bottom), step: Point(0, above ? lineHeight : -lineHeight))
        }
        for level in shown {
            place(level.label, color: level.color, at: Point(plot.minX + 4, ys(level.y) - 3), anchor: TextAnchor(.left, .bottom), step: Point(24, 0))
        }
        canvas.pushClip(plot.insetBy(-6))
        var avoid: [Point] = levelLabels + marks.filter { (xMin...xMax).contains($0.x) }.flatMap { mark in
            let x = xs(mark.x)
            return [Point(x, plot.minY + 4), Point(x + 12, plot.minY + 10), Point(x + 24, plot.minY + 16)]
        }
        for s in series {
            let shown = shownSteps.map(Double.init) ?? .infinity
            let points = s.values.enumerated().compactMap { t, v -> Point? in
                let x = s.x.map { $0[t] } ?? Double(t)
                if infiniteAtTop && (v == .infinity || (yRange != nil && v > hi)) && x <= shown { return Point(xs(x), plot.minY + 4) }
                return v.isFinite && x <= shown && (!logY || v > 0) ? Point(xs(x), ys(v)) : nil
            }
            // The legend keeps its place in every frame of an animation: it avoids the whole series.
            avoid += shownSteps == nil ? points : s.values.enumerated().compactMap { t, v in
                v.isFinite && (!logY || v > 0) ? Point(xs(s.x.map { $0[t] } ?? Double(t)), ys(v)) : nil
            }
            if s.style != .points {
                var line = Path()
                for r in reducedForCanvas(points, tolerance: 0.25) { line.addPolyline(r, closed: false) }
                canvas.stroke(line, style: StrokeStyle(color: s.color, width: look.line(2), cap: .round, join: .round, dash: s.style == .dashed ? Self.dash : []))
            }
            if s.style == .points || s.style == .lineAndPoints {
                var dots = Path()
                for p in points { dots.elements += s.marker.path(at: p, radius: look.marker(s.markerRadius ?? (s.style == .points ? 4 : 3))).elements }
                canvas.fill(dots, color: s.color, rule: .nonZero)
                if look.hasCasing { canvas.stroke(dots, style: StrokeStyle(color: look.casing(), width: look.marker(1))) }
            }
        }
        canvas.popClip()
        drawAxes(on: canvas, plot: plot, x: xAxis, y: yAxis, look: look)
        if showLegend && !series.isEmpty && look.legend != .none {
            if below {
                legendBox = legend.drawBelow(plot: plot, frame: frame, on: canvas)
            } else {
                let box = legend.place(canvas, in: plot, avoid: avoid, heavy: []).box
                legend.draw(on: canvas, in: box)
                legendBox = box
            }
        }
        return PanelLayout(plot: plot, legend: legendBox)
    }
}
