import Contours
import Landscapes
import Trajectories

/// A contour plot of a surface with optimizer paths: filled contours, contour lines, colorbar,
/// axes, known minima, each path with step markers, start and end markers, a legend and a title.
///
/// ```swift
/// let figure = LandscapeFigure(title: surface.formula, surface: surface, grid: grid,
///                              levels: LevelPicker.nice(20).levels(for: grid), series: series)
/// figure.draw(on: canvas)
/// ```
public struct LandscapeFigure: Sendable {
    public var width: Double = 800
    public var height: Double = 600
    public var title: String
    public var subtitle: String?
    public var grid: Grid
    /// Contour levels, increasing; the filled bands lie between consecutive levels.
    public var levels: [Double]
    /// Whether levels are log-spaced (the colorbar is then logarithmic).
    public var logLevels: Bool = false
    public var colormap: Colormap = .viridis
    public var series: [PathSeries]
    public var minima: [CriticalPoint]
    public var xLabel = "w₁"
    public var yLabel = "w₂"
    public var valueLabel = "loss"
    /// Keep one data unit the same length on both axes when the domain's shape allows.
    public var equalAspect = true

    public init(title: String, subtitle: String? = nil, surface: Surface, grid: Grid, levels: [Double],
                series: [PathSeries]) {
        self.title = title
        self.subtitle = subtitle
        self.grid = grid
        self.levels = levels
        self.series = series
        self.minima = surface.minima.filter { grid.domain.contains($0.point) }
        self.xLabel = surface.axisNames.x
        self.yLabel = surface.axisNames.y
    }

    /// Where everything went, for tests and for callers that add to the figure.
    public struct Layout: Sendable {
        public var plot: Rect
        public var colorbar: Rect
        public var legend: Rect?
        public var title: Rect
    }

    // Typography and spacing, in device units.
    static let titleFont = Font(size: 17, weight: .bold)
    static let subtitleFont = Font(size: 12.5)
    static let tickFont = Font(size: 11.5)
    static let labelFont = Font(size: 14)
    static let legendFont = Font(size: 11.5)
    static let tickLength = 5.0

    var domain: Domain { grid.domain }

    @discardableResult
    public func draw(on canvas: Canvas) -> Layout {
        canvas.fill(.rect(Rect(x: 0, y: 0, width: width, height: height)), color: .white, rule: .nonZero)
        var layout = computeLayout(canvas)
        let transform = PlotTransform(domain: domain, rect: layout.plot)

        canvas.pushClip(layout.plot)
        drawField(on: canvas, transform: transform)
        drawPaths(on: canvas, transform: transform)
        drawMinima(on: canvas, transform: transform)
        canvas.popClip()

        drawAxes(on: canvas, plot: layout.plot)
        drawColorbar(on: canvas, rect: layout.colorbar)
        layout.legend = drawLegend(on: canvas, plot: layout.plot, transform: transform)
        return layout
    }

    // MARK: Layout

    var xTicks: [Double] { TickFormat.ticks(domain.xmin, domain.xmax, count: 6) }
    var yTicks: [Double] { TickFormat.ticks(domain.ymin, domain.ymax, count: 6) }
    var colorbarTicks: [Double] {
        guard let lo = levels.first, let hi = levels.last else { return [] }
        if logLevels { return NiceNumbers.logTicks(from: lo, to: hi, maxCount: 8) }
        return TickFormat.ticks(lo, hi, count: 6)
    }

    func computeLayout(_ canvas: Canvas) -> Layout {
        let titleBox = canvas.textBox(title, at: Point(width / 2, 14), font: Self.titleFont, anchor: TextAnchor(.center, .top))
        var top = titleBox.maxY + 6
        if let subtitle {
            top = canvas.textBox(subtitle, at: Point(width / 2, top), font: Self.subtitleFont, anchor: TextAnchor(.center, .top)).maxY
        }
        top += 16
        let label = canvas.measure("Ag", font: Self.labelFont)
        let labelHeight = label.ascent + label.descent
        let tick = canvas.measure("0", font: Self.tickFont)
        let tickHeight = tick.ascent + tick.descent
        let yTickWidth = TickFormat.labels(for: yTicks).map { canvas.measure($0, font: Self.tickFont).width }.max() ?? 0
        let cbTickWidth = colorbarLabels.map { canvas.measure($0, font: Self.tickFont).width }.max() ?? 0

        let left = 14 + labelHeight + 8 + yTickWidth + 6 + Self.tickLength
        let bottom = 12 + labelHeight + 6 + tickHeight + 5 + Self.tickLength
        let colorbarGap = 18.0, colorbarWidth = 16.0
        let right = colorbarGap + colorbarWidth + Self.tickLength + 4 + cbTickWidth + 8 + labelHeight + 12
        var plot = Rect(x: left, y: top, width: width - left - right, height: height - top - bottom)
        if equalAspect {
            let aspect = domain.width / domain.height
            if aspect > 1.0 / 3 && aspect < 3 {
                if plot.width / plot.height > aspect {
                    let w = plot.height * aspect
                    plot.x += (plot.width - w) / 2
                    plot.width = w
                } else {
                    let h = plot.width / aspect
                    plot.y += (plot.height - h) / 2
                    plot.height = h
                }
            }
        }
        // Whole device units, so that 1-unit lines fall on pixel centres.
        plot = Rect(x: plot.x.rounded(), y: plot.y.rounded(), width: plot.width.rounded(), height: plot.height.rounded())
        let colorbar = Rect(x: plot.maxX + colorbarGap, y: plot.minY, width: colorbarWidth, height: plot.height)
        return Layout(plot: plot, colorbar: colorbar, legend: nil, title: titleBox)
    }

    // MARK: Field

    /// The colour of band k, between levels[k] and levels[k + 1].
    func bandColor(_ k: Int) -> Color {
        colormap.color(at: (Double(k) + 0.5) / Double(max(1, levels.count - 1)))
    }

    func drawField(on canvas: Canvas, transform: PlotTransform) {
        guard levels.count >= 2 else { return }
        let generator = ContourGenerator(grid: grid, interpolation: logLevels ? .log : .linear)
        // Superlevel sets {f ≥ levels[k]} painted in increasing order: each band is the part of its
        // set not covered by the next, and no background shows through along shared boundaries.
        for k in 0..<(levels.count - 1) {
            let lower = k == 0 ? -Double.infinity : levels[k]
            var path = Path()
            for ring in generator.filled(lower: lower, upper: .infinity) {
                path.addPolyline(simplify(ring.points.map(transform.callAsFunction), tolerance: 0.1), closed: true)
            }
            canvas.fill(path, color: bandColor(k), rule: .nonZero)
        }
        let lineStyle = StrokeStyle(color: Color(hex: 0x000000, alpha: 0.28), width: 0.6, join: .round)
        var lines = Path()
        for level in levels.dropFirst().dropLast() {
            for line in generator.lines(at: level) {
                lines.addPolyline(simplify(line.points.map(transform.callAsFunction), tolerance: 0.1), closed: line.isClosed)
            }
        }
        canvas.stroke(lines, style: lineStyle)
    }

    // MARK: Markers and paths

    func drawMinima(on canvas: Canvas, transform: PlotTransform) {
        for m in minima {
            let c = transform(m.point)
            switch m.kind {
            // Outlines with a white casing: drawn above the paths, they never hide an end marker.
            case .globalMinimum:
                let star = Marker.star.path(at: c, radius: 10)
                canvas.stroke(star, style: StrokeStyle(color: .white, width: 3.6, join: .round))
                canvas.stroke(star, style: StrokeStyle(color: .ink, width: 1.4, join: .round))
            case .localMinimum:
                let diamond = Marker.diamond.path(at: c, radius: 7.5)
                canvas.stroke(diamond, style: StrokeStyle(color: .white, width: 3.6, join: .round))
                canvas.stroke(diamond, style: StrokeStyle(color: .ink, width: 1.4, join: .round))
            case .saddle:
                let cross = Marker.cross.path(at: c, radius: 7)
                canvas.stroke(cross, style: StrokeStyle(color: .white, width: 4, cap: .round))
                canvas.stroke(cross, style: StrokeStyle(color: .ink, width: 1.6, cap: .round))
            }
        }
    }

    /// The step-marker shape of series k: a second cue besides colour.
    static func stepMarker(_ k: Int) -> Marker { [Marker.circle, .square, .triangle, .diamond][k % 4] }

    /// Line width of series k of n: earlier series are drawn wider, so that paths that run along
    /// the same line (as every path does on a round bowl) show as nested stripes.
    static func lineWidth(_ k: Int, of n: Int) -> Double { 1.8 + 1.7 * Double(n - 1 - k) }

    func drawPaths(on canvas: Canvas, transform: PlotTransform) {
        let devices = series.map { simplify($0.points.map(transform.callAsFunction), tolerance: 0.25) }
        let lines = devices.map { points in
            var line = Path()
            line.addPolyline(points, closed: false)
            return line
        }
        // All casings first, then the lines from widest to narrowest: no casing hides a line.
        for (k, line) in lines.enumerated() {
            let width = Self.lineWidth(k, of: series.count) + 2.4
            canvas.stroke(line, style: StrokeStyle(color: Color.white.withAlpha(0.8), width: width, cap: .round, join: .round))
        }
        for (k, line) in lines.enumerated() {
            let width = Self.lineWidth(k, of: series.count)
            canvas.stroke(line, style: StrokeStyle(color: series[k].color, width: width, cap: .round, join: .round))
        }
        // Step markers above every line, thinned so that they never pile up into a blob.
        for (k, s) in series.enumerated() {
            var dots = Path()
            var last: Point?
            let points = s.points.dropFirst().dropLast().map(transform.callAsFunction)
            for p in points {
                if let q = last, (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y) < 20 { continue }
                dots.elements += Self.stepMarker(k).path(at: p, radius: 2.9).elements
                last = p
            }
            canvas.fill(dots, color: s.color, rule: .nonZero)
            canvas.stroke(dots, style: StrokeStyle(color: .white, width: 0.8))
        }
        // End markers above the paths, then start markers.
        for s in series {
            guard let end = s.points.last else { continue }
            let c = transform(end)
            if s.outcome == .diverged {
                let cross = Marker.cross.path(at: c, radius: 7)
                canvas.stroke(cross, style: StrokeStyle(color: .white, width: 5, cap: .round))
                canvas.stroke(cross, style: StrokeStyle(color: s.color, width: 2.4, cap: .round))
            } else {
                let dot = Marker.circle.path(at: c, radius: 5.5)
                canvas.fill(dot, color: s.color, rule: .nonZero)
                canvas.stroke(dot, style: StrokeStyle(color: .white, width: 1.5))
            }
        }
        var starts: [Vector2] = []
        for s in series { if let p = s.points.first, !starts.contains(p) { starts.append(p) } }
        for p in starts {
            let ring = Marker.circle.path(at: transform(p), radius: 6)
            canvas.fill(ring, color: .white, rule: .nonZero)
            canvas.stroke(ring, style: StrokeStyle(color: .ink, width: 1.8))
        }
    }

    // MARK: Axes

    func drawAxes(on canvas: Canvas, plot: Rect) {
        let transform = PlotTransform(domain: domain, rect: plot)
        let frame = StrokeStyle(color: .ink, width: 1)
        canvas.stroke(.rect(plot.insetBy(-0.5)), style: frame)
        var ticks = Path()
        for (v, text) in zip(xTicks, TickFormat.labels(for: xTicks)) {
            let x = transform.x(v).rounded() + 0.5
            ticks.move(to: Point(x, plot.maxY + 0.5))
            ticks.line(to: Point(x, plot.maxY + 0.5 + Self.tickLength))
            canvas.text(text, at: Point(x, plot.maxY + Self.tickLength + 4), font: Self.tickFont, anchor: TextAnchor(.center, .top))
        }
        for (v, text) in zip(yTicks, TickFormat.labels(for: yTicks)) {
            let y = transform.y(v).rounded() - 0.5
            ticks.move(to: Point(plot.minX - 0.5, y))
            ticks.line(to: Point(plot.minX - 0.5 - Self.tickLength, y))
            canvas.text(text, at: Point(plot.minX - Self.tickLength - 5, y), font: Self.tickFont, anchor: TextAnchor(.right, .middle))
        }
        canvas.stroke(ticks, style: frame)

        let tick = canvas.measure("0", font: Self.tickFont)
        canvas.text(xLabel, at: Point(plot.center.x, plot.maxY + Self.tickLength + 4 + tick.ascent + tick.descent + 6),
                    font: Self.labelFont, anchor: TextAnchor(.center, .top))
        let yTickWidth = TickFormat.labels(for: yTicks).map { canvas.measure($0, font: Self.tickFont).width }.max() ?? 0
        canvas.text(yLabel, at: Point(plot.minX - Self.tickLength - 5 - yTickWidth - 8, plot.center.y),
                    font: Self.labelFont, anchor: TextAnchor(.center, .bottom), angle: -Double.pi / 2)

        canvas.text(title, at: Point(width / 2, 14), font: Self.titleFont, anchor: TextAnchor(.center, .top))
        if let subtitle {
            let titleBottom = canvas.textBox(title, at: Point(width / 2, 14), font: Self.titleFont, anchor: TextAnchor(.center, .top)).maxY
            canvas.text(subtitle, at: Point(width / 2, titleBottom + 6), font: Self.subtitleFont, color: Color(hex: 0x444444),
                        anchor: TextAnchor(.center, .top))
        }
    }

    // MARK: Colorbar

    var colorbarLabels: [String] {
        logLevels ? colorbarTicks.map(TickFormat.scientific) : TickFormat.labels(for: colorbarTicks)
    }

    func drawColorbar(on canvas: Canvas, rect: Rect) {
        guard levels.count >= 2, let lo = levels.first, let hi = levels.last, hi > lo else { return }
        let scale = Scale(kind: logLevels ? .log : .linear, domain: lo...hi, range: rect.minY...rect.maxY, reversed: true)
        for k in 0..<(levels.count - 1) {
            let y0 = scale(levels[k + 1]), y1 = scale(levels[k])
            canvas.fill(.rect(Rect(x: rect.minX, y: y0, width: rect.width, height: y1 - y0 + 0.35)), color: bandColor(k), rule: .nonZero)
        }
        let frame = StrokeStyle(color: .ink, width: 1)
        canvas.stroke(.rect(rect.insetBy(-0.5)), style: frame)
        var ticks = Path()
        var widest = 0.0
        for (v, text) in zip(colorbarTicks, colorbarLabels) {
            let y = scale(v).rounded() - 0.5
            ticks.move(to: Point(rect.maxX + 0.5, y))
            ticks.line(to: Point(rect.maxX + 0.5 + Self.tickLength, y))
            let box = canvas.text(text, at: Point(rect.maxX + Self.tickLength + 4, y), font: Self.tickFont, anchor: TextAnchor(.left, .middle))
            widest = max(widest, box.width)
        }
        canvas.stroke(ticks, style: frame)
        canvas.text(valueLabel, at: Point(rect.maxX + Self.tickLength + 4 + widest + 8, rect.center.y),
                    font: Self.labelFont, anchor: TextAnchor(.center, .top), angle: -Double.pi / 2)
    }

    // MARK: Legend

    func drawLegend(on canvas: Canvas, plot: Rect, transform: PlotTransform) -> Rect? {
        guard !series.isEmpty else { return nil }
        let font = Self.legendFont
        let m = canvas.measure("Ag", font: font)
        let rowHeight = (m.ascent + m.descent) * 1.45
        let sample = 26.0, gap = 7.0, pad = 8.0
        var keys: [(Marker, String)] = [(.circle, "start"), (.circle, "end")]
        if minima.contains(where: { $0.kind == .globalMinimum }) { keys.append((.star, "global minimum")) }
        if minima.contains(where: { $0.kind == .localMinimum }) { keys.append((.diamond, "local minimum")) }
        let seriesWidth = series.map { sample + gap + canvas.measure($0.label, font: font).width }.max() ?? 0
        let keyWidth = keys.map { 14 + 4 + canvas.measure($0.1, font: font).width }.reduce(0, +) + Double(keys.count - 1) * 12
        let size = (width: max(seriesWidth, keyWidth) + 2 * pad, height: rowHeight * Double(series.count + 1) + 2 * pad - 2)

        // The corner that hides the fewest path points and markers.
        let inset = 10.0
        let candidates = [
            Rect(x: plot.maxX - inset - size.width, y: plot.minY + inset, width: size.width, height: size.height),
            Rect(x: plot.minX + inset, y: plot.minY + inset, width: size.width, height: size.height),
            Rect(x: plot.minX + inset, y: plot.maxY - inset - size.height, width: size.width, height: size.height),
            Rect(x: plot.maxX - inset - size.width, y: plot.maxY - inset - size.height, width: size.width, height: size.height),
        ]
        var important: [Point] = minima.map { transform($0.point) }
        for s in series {
            if let a = s.points.first { important.append(transform(a)) }
            if let b = s.points.last { important.append(transform(b)) }
        }
        func cost(_ r: Rect) -> Int {
            let padded = r.insetBy(-6)
            var c = 0
            for s in series { for p in s.points where padded.contains(transform(p)) { c += 1 } }
            for p in important where padded.contains(p) { c += 1000 }
            return c
        }
        let box = candidates.min { cost($0) < cost($1) }!

        canvas.fill(.rect(box), color: Color.white.withAlpha(0.9), rule: .nonZero)
        canvas.stroke(.rect(box.insetBy(0.5)), style: StrokeStyle(color: Color(hex: 0x999999), width: 1))
        var y = box.minY + pad + rowHeight / 2
        for s in series {
            let x0 = box.minX + pad
            canvas.stroke(.segment(Point(x0, y), Point(x0 + sample, y)), style: StrokeStyle(color: s.color, width: 2, cap: .round))
            let k = series.firstIndex { $0.name == s.name && $0.color == s.color } ?? 0
            let marker = Self.stepMarker(k).path(at: Point(x0 + sample / 2, y), radius: 3.4)
            canvas.fill(marker, color: s.color, rule: .nonZero)
            canvas.stroke(marker, style: StrokeStyle(color: .white, width: 0.8))
            canvas.text(s.label, at: Point(x0 + sample + gap, y), font: font, anchor: TextAnchor(.left, .middle))
            y += rowHeight
        }
        var x = box.minX + pad
        for (k, key) in keys.enumerated() {
            let c = Point(x + 7, y)
            switch (key.0, k) {
            case (.circle, 0):
                let ring = Marker.circle.path(at: c, radius: 5)
                canvas.fill(ring, color: .white, rule: .nonZero)
                canvas.stroke(ring, style: StrokeStyle(color: .ink, width: 1.6))
            case (.circle, _):
                canvas.fill(Marker.circle.path(at: c, radius: 4.5), color: Color(hex: 0x777777), rule: .nonZero)
            case (.star, _):
                canvas.stroke(Marker.star.path(at: c, radius: 7.5), style: StrokeStyle(color: .ink, width: 1.2, join: .round))
            default:
                canvas.stroke(Marker.diamond.path(at: c, radius: 6), style: StrokeStyle(color: .ink, width: 1.2, join: .round))
            }
            let box = canvas.text(key.1, at: Point(x + 18, y), font: font, color: Color(hex: 0x444444), anchor: TextAnchor(.left, .middle))
            x = box.maxX + 12
        }
        return box
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
