/// Grouped bars: one group per category (a network's layer), one bar per series (a run) in its
/// colour, rising from 0 to the value; with `lower` values, a paler bar from 0 down to each (a
/// block's most negative eigenvalue under its largest). The y axis always holds 0.
public struct BarPanel: Panel {
    public struct Series: Sendable {
        public var name: String
        public var color: Color
        public var values: [Double]
        /// Second values drawn paler from 0, one per category; nil: none.
        public var lower: [Double]?
        public init(name: String, color: Color, values: [Double], lower: [Double]? = nil) {
            self.name = name
            self.color = color
            self.values = values
            self.lower = lower
        }
    }

    public var categories: [String]
    public var series: [Series]
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var showLegend = true

    public init(categories: [String], series: [Series], title: String? = nil, xLabel: String = "", yLabel: String = "value") {
        self.categories = categories
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        let values = series.flatMap { $0.values + ($0.lower ?? []) }.filter(\.isFinite) + [0]
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if hi - lo < 1e-300 { hi = lo + 1 }
        let pad = 0.06 * (hi - lo)
        if lo < 0 { lo -= pad }
        hi += pad
        let yAxis = Axis(from: lo, to: hi, title: yLabel)
        var legendBox: Rect?
        let legend = Legend(rows: series.map { Legend.Row(color: $0.color, marker: .square, label: $0.name, showsLine: false, showsMarker: true) },
                            keys: [], look: look)
        var inner = frame
        let showsLegend = showLegend && !series.isEmpty && look.legend != .none
        if showsLegend {
            let size = legend.size(canvas)
            inner.height -= size.height + 8
        }
        let plot = plotRect(in: inner, title: title, y: yAxis, on: canvas, look: look)
        let ys = Scale(domain: lo...hi, range: plot.minY...plot.maxY, reversed: true)
        drawHorizontalGrid(on: canvas, plot: plot, ticks: yAxis.ticks, y: ys, look: look)
        let groupWidth = plot.width / Double(Swift.max(1, categories.count))
        let barWidth = groupWidth * 0.8 / Double(Swift.max(1, series.count))
        let zero = ys(0)
        for (k, s) in series.enumerated() {
            for c in categories.indices {
                let x = plot.minX + Double(c) * groupWidth + groupWidth * 0.1 + Double(k) * barWidth
                func bar(_ v: Double, _ color: Color) {
                    guard v.isFinite, v != 0 else { return }
                    let y = ys(v)
                    let rect = Rect(x: x, y: Swift.min(y, zero), width: Swift.max(1, barWidth - 1), height: abs(y - zero))
                    canvas.fill(.rect(rect), color: color, rule: .nonZero)
                }
                if c < s.values.count { bar(s.values[c], s.color) }
                if let lower = s.lower, c < lower.count { bar(lower[c], s.color.withAlpha(0.4)) }
            }
        }
        canvas.stroke(.segment(Point(plot.minX, zero), Point(plot.maxX, zero)), style: StrokeStyle(color: look.foreground, width: look.frame(1)))
        // Category names under their groups (the x axis has no numeric ticks).
        let tick = canvas.measure("0", font: look.tickFont)
        for (c, name) in categories.enumerated() {
            let shown = fitted(name, width: groupWidth - 4, font: look.tickFont, canvas: canvas)
            canvas.text(shown, at: Point(plot.minX + (Double(c) + 0.5) * groupWidth, plot.maxY + look.tickLength + 4), font: look.tickFont,
                        color: look.foreground, anchor: TextAnchor(.center, .top))
        }
        var noTicks = Axis(from: 0, to: 1, title: xLabel)
        noTicks.ticks = []
        noTicks.labels = []
        drawAxes(on: canvas, plot: plot, x: noTicks, y: yAxis, look: look)
        _ = tick
        if showsLegend { legendBox = legend.drawBelow(plot: plot, frame: frame, on: canvas) }
        return PanelLayout(plot: plot, legend: legendBox)
    }
}
