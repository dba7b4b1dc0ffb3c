import Contours

/// One axis of a panel: its scale, ticks with labels, and title.
public struct Axis: Sendable {
    public var scale: Scale
    public var ticks: [Double]
    public var labels: [String]
    public var title: String

    /// An axis over `lo…hi` with round ticks (powers of ten on a log axis).
    public init(kind: Scale.Kind = .linear, from lo: Double, to hi: Double, title: String, tickCount: Int = 6) {
        scale = Scale(kind: kind, domain: lo...hi, range: 0...1)
        self.title = title
        if kind == .log {
            ticks = NiceLogTicks.ticks(lo, hi, maxCount: tickCount + 2)
            labels = ticks.map(TickFormat.scientific)
        } else if case let .symlog(t) = kind {
            ticks = Self.symlogTicks(lo, hi, threshold: t, maxCount: tickCount + 3)
            labels = ticks.map { v in v == 0 ? "0" : (1e-3...1e4).contains(Swift.abs(v)) ? TickFormat.number(v) : TickFormat.scientific(v) }
        } else {
            ticks = TickFormat.ticks(lo, hi, count: tickCount)
            labels = TickFormat.labels(for: ticks)
        }
    }
}

extension Axis {
    /// Ticks of a symmetric log axis: 0 (when in range) and ±t·10ᵏ, every other decade or
    /// sparser when there would be more than `maxCount`.
    static func symlogTicks(_ lo: Double, _ hi: Double, threshold t: Double, maxCount: Int) -> [Double] {
        let top = Swift.max(Swift.abs(lo), Swift.abs(hi))
        guard top > 0, t > 0, top.isFinite, (top / t).isFinite else { return [] }
        let decades = Int(Swift.min(300, Swift.max(0, cLog10(top / t).rounded(.down))))
        var magnitudes = (0...Swift.min(decades, 300)).map { t * cPow(10, Double($0)) }
        var candidates: [Double] { (magnitudes.reversed().map { -$0 } + [0] + magnitudes).filter { $0 >= lo - 1e-9 * top && $0 <= hi + 1e-9 * top } }
        var step = 1
        while candidates.count > maxCount && step < 300 {
            step += 1
            magnitudes = stride(from: 0, through: Swift.min(decades, 300), by: step).map { t * cPow(10, Double($0)) }
        }
        return candidates
    }
}

enum NiceLogTicks {
    static func ticks(_ lo: Double, _ hi: Double, maxCount: Int) -> [Double] {
        NiceNumbers.logTicks(from: lo, to: hi, maxCount: maxCount)
    }
}

/// Margins a panel needs around its plot for tick labels and axis titles.
func axisMargins(_ canvas: Canvas, y: Axis, look: Style) -> (left: Double, bottom: Double) {
    let label = canvas.measure("Ag", font: look.labelFont)
    let tick = canvas.measure("0", font: look.tickFont)
    let yTickWidth = y.labels.map { canvas.measure($0, font: look.tickFont).width }.max() ?? 0
    let left = 6 + (label.ascent + label.descent) + 8 + yTickWidth + 6 + look.tickLength
    let bottom = 8 + (label.ascent + label.descent) + 6 + (tick.ascent + tick.descent) + 5 + look.tickLength
    return (left, bottom)
}

/// Draws a panel title centred at the top of `frame` and returns its bottom edge. A title too wide
/// for the frame is fitted, in this order: its second part (after ` · `, such as a run's outcome)
/// moves to a second line; the lines are set smaller, down to 9 units; each line is cut with an
/// ellipsis. It never reaches past the frame.
@discardableResult
func drawPanelTitle(_ title: String, in frame: Rect, on canvas: Canvas, look: Style, font: Font? = nil, color: Color? = nil) -> Double {
    let font = font ?? look.panelTitleFont, color = color ?? look.foreground
    let available = max(frame.width - 8, 1)
    var lines = [title]
    var chosen = font
    if canvas.measure(title, font: font).width > available {
        lines = wrappedTitle(title)
        chosen = font.sized(9)
        for size in stride(from: font.size, through: 9, by: -0.5) {
            let f = font.sized(size)
            if lines.allSatisfy({ canvas.measure($0, font: f).width <= available }) { chosen = f; break }
        }
        lines = lines.map { fitted($0, width: available, font: chosen, canvas: canvas) }
    }
    var y = frame.minY
    for line in lines {
        y = canvas.text(line, at: Point(frame.center.x, y), font: chosen, color: color, anchor: TextAnchor(.center, .top)).maxY + 1
    }
    return y - 1
}

/// A title as two lines: before and after ` · ` when it has one, else at the space nearest the
/// middle, else as it is.
func wrappedTitle(_ title: String) -> [String] {
    if let range = title.firstRange(of: " · ") {
        return [String(title[..<range.lowerBound]), String(title[range.upperBound...])]
    }
    // One pass, offsets counted as it goes (distance(from:to:) per space was quadratic).
    let middle = title.count / 2
    var cut: String.Index?, best = Int.max, offset = 0
    for index in title.indices {
        if title[index] == " ", abs(offset - middle) < best {
            best = abs(offset - middle)
            cut = index
        }
        offset += 1
    }
    guard let cut else { return [title] }
    return [String(title[..<cut]), String(title[title.index(after: cut)...])]
}

/// `text` cut to fit `width` with an ellipsis, or as it is when it fits.
func fitted(_ text: String, width: Double, font: Font, canvas: Canvas) -> String {
    guard canvas.measure(text, font: font).width > width else { return text }
    // The longest prefix that fits with its ellipsis, by bisection: a prefix's width grows with
    // its length, and measuring every prefix of a long title was quadratic.
    let characters = Array(text)
    var lo = 0, hi = characters.count - 1
    while lo < hi {
        let mid = (lo + hi + 1) / 2
        if canvas.measure(String(characters[..<mid]) + "…", font: font).width <= width { lo = mid } else { hi = mid - 1 }
    }
    return lo == 0 && canvas.measure("…", font: font).width > width ? "" : String(characters[..<lo]) + "…"
}

/// A rotated axis title fitted to the `length` of its axis, so that it never runs into the panel
/// above or below: set smaller, down to 9 units, then cut with an ellipsis.
func fittedAlong(_ text: String, length: Double, font: Font, canvas: Canvas) -> (text: String, font: Font) {
    let room = max(length, 1)
    if canvas.measure(text, font: font).width <= room { return (text, font) }
    for size in stride(from: font.size - 0.5, through: 9, by: -0.5) {
        let f = font.sized(size)
        if canvas.measure(text, font: f).width <= room { return (text, f) }
    }
    let smallest = font.sized(9)
    return (fitted(text, width: room, font: smallest, canvas: canvas), smallest)
}

/// Draws a panel's title (if any) at the top of its frame and returns the plot rectangle that
/// leaves room for it, the axes' tick labels and titles, and a right margin.
func plotRect(in frame: Rect, title: String?, y: Axis, rightMargin: Double = 14, on canvas: Canvas, look: Style) -> Rect {
    var top = frame.minY + 8
    if let title { top = drawPanelTitle(title, in: frame, on: canvas, look: look) + 10 }
    let margins = axisMargins(canvas, y: y, look: look)
    return Rect(x: (frame.minX + margins.left).rounded(), y: top.rounded(),
                width: (frame.width - margins.left - rightMargin).rounded(), height: (frame.maxY - top - margins.bottom).rounded())
}

/// Light horizontal grid lines across `plot` at the `ticks` (on the scale `y`).
func drawHorizontalGrid(on canvas: Canvas, plot: Rect, ticks: [Double], y: Scale, look: Style) {
    var grid = Path()
    for v in ticks {
        let position = y(v).rounded() - 0.5
        grid.move(to: Point(plot.minX, position))
        grid.line(to: Point(plot.maxX, position))
    }
    canvas.stroke(grid, style: StrokeStyle(color: look.grid, width: look.frame(1)))
}

/// Draws the frame, ticks, tick labels and axis titles of a plot rectangle.
func drawAxes(on canvas: Canvas, plot: Rect, x: Axis, y: Axis, look: Style) {
    let xs = Scale(kind: x.scale.kind, domain: x.scale.domain, range: plot.minX...plot.maxX)
    let ys = Scale(kind: y.scale.kind, domain: y.scale.domain, range: plot.minY...plot.maxY, reversed: true)
    let frame = StrokeStyle(color: look.foreground, width: look.frame(1))
    canvas.stroke(.rect(plot.insetBy(-0.5)), style: frame)
    var ticks = Path()
    let xTicks = zip(x.ticks, x.labels).map { (position: xs($0.0).rounded() + 0.5, label: $0.1) }.filter { $0.position >= plot.minX - 1 && $0.position <= plot.maxX + 1 }
    let xShown = labelledTicks(xTicks.map { ($0.position, canvas.measure($0.label, font: look.tickFont).width) })
    for (k, t) in xTicks.enumerated() {
        ticks.move(to: Point(t.position, plot.maxY + 0.5))
        ticks.line(to: Point(t.position, plot.maxY + 0.5 + look.tickLength))
        if xShown.contains(k) {
            canvas.text(t.label, at: Point(t.position, plot.maxY + look.tickLength + 4), font: look.tickFont, color: look.foreground, anchor: TextAnchor(.center, .top))
        }
    }
    let tickHeight = { (m: TextMetrics) in m.ascent + m.descent }(canvas.measure("0", font: look.tickFont))
    let yTicks = zip(y.ticks, y.labels).map { (position: ys($0.0).rounded() - 0.5, label: $0.1) }.filter { $0.position >= plot.minY - 1 && $0.position <= plot.maxY + 1 }
    let yShown = labelledTicks(yTicks.map { ($0.position, tickHeight) })
    for (k, t) in yTicks.enumerated() {
        ticks.move(to: Point(plot.minX - 0.5, t.position))
        ticks.line(to: Point(plot.minX - 0.5 - look.tickLength, t.position))
        if yShown.contains(k) {
            canvas.text(t.label, at: Point(plot.minX - look.tickLength - 5, t.position), font: look.tickFont, color: look.foreground, anchor: TextAnchor(.right, .middle))
        }
    }
    canvas.stroke(ticks, style: frame)
    let tick = canvas.measure("0", font: look.tickFont)
    canvas.text(x.title, at: Point(plot.center.x, plot.maxY + look.tickLength + 4 + tick.ascent + tick.descent + 6),
                font: look.labelFont, color: look.foreground, anchor: TextAnchor(.center, .top))
    let yTickWidth = y.labels.map { canvas.measure($0, font: look.tickFont).width }.max() ?? 0
    let yTitle = fittedAlong(y.title, length: plot.height, font: look.labelFont, canvas: canvas)
    canvas.text(yTitle.text, at: Point(plot.minX - look.tickLength - 5 - yTickWidth - 8, plot.center.y),
                font: yTitle.font, color: look.foreground, anchor: TextAnchor(.center, .bottom), angle: -Double.pi / 2)
}

/// Which ticks keep their labels so that no two labels touch: every tick when they fit, else every
/// second, third, … tick (always the first), the smallest stride whose labels stand at least
/// `gap` apart. `ticks` are (centre position, extent along the axis) in device units.
func labelledTicks(_ ticks: [(position: Double, extent: Double)], gap: Double = 4) -> Set<Int> {
    guard ticks.count > 1 else { return Set(ticks.indices) }
    for stride in 1...ticks.count {
        let kept = Swift.stride(from: 0, to: ticks.count, by: stride).map { $0 }
        let fits = zip(kept, kept.dropFirst()).allSatisfy { a, b in
            abs(ticks[b].position - ticks[a].position) >= (ticks[a].extent + ticks[b].extent) / 2 + gap
        }
        if fits { return Set(kept) }
    }
    return [0]
}

/// The steps of a vertical colorbar, drawn as filled contours are: step k (from the bottom) paints
/// everything from its lower edge `bottom(k)` to the top of the bar, in increasing order, so every
/// edge between two steps lies inside the step below it and no background shows through where an
/// edge falls between pixels.
func fillColorbarSteps(on canvas: Canvas, rect: Rect, count: Int, bottom: (Int) -> Double, color: (Int) -> Color) {
    for k in 0..<count {
        canvas.fill(.rect(Rect(x: rect.minX, y: rect.minY, width: rect.width, height: bottom(k) - rect.minY)), color: color(k), rule: .nonZero)
    }
}

/// The frame, ticks, tick labels and rotated title of a vertical colorbar whose colours are
/// already painted in `rect`.
func drawColorbarAxis(on canvas: Canvas, rect: Rect, axis: Axis, look: Style) {
    let scale = Scale(kind: axis.scale.kind, domain: axis.scale.domain, range: rect.minY...rect.maxY, reversed: true)
    let frame = StrokeStyle(color: look.foreground, width: look.frame(1))
    canvas.stroke(.rect(rect.insetBy(-0.5)), style: frame)
    var ticks = Path()
    var widest = 0.0
    let placed = zip(axis.ticks, axis.labels).map { (position: scale($0.0).rounded() - 0.5, label: $0.1) }.filter { $0.position >= rect.minY - 1 && $0.position <= rect.maxY + 1 }
    let height = { (m: TextMetrics) in m.ascent + m.descent }(canvas.measure("0", font: look.tickFont))
    let shown = labelledTicks(placed.map { ($0.position, height) })
    for (k, t) in placed.enumerated() {
        ticks.move(to: Point(rect.maxX + 0.5, t.position))
        ticks.line(to: Point(rect.maxX + 0.5 + look.tickLength, t.position))
        guard shown.contains(k) else { continue }
        let box = canvas.text(t.label, at: Point(rect.maxX + look.tickLength + 4, t.position), font: look.tickFont, color: look.foreground, anchor: TextAnchor(.left, .middle))
        widest = max(widest, box.width)
    }
    canvas.stroke(ticks, style: frame)
    let title = fittedAlong(axis.title, length: rect.height, font: look.labelFont, canvas: canvas)
    canvas.text(title.text, at: Point(rect.maxX + look.tickLength + 4 + widest + 8, rect.center.y),
                font: title.font, color: look.foreground, anchor: TextAnchor(.center, .top), angle: -Double.pi / 2)
}
