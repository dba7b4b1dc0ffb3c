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
        } else {
            ticks = TickFormat.ticks(lo, hi, count: tickCount)
            labels = TickFormat.labels(for: ticks)
        }
    }
}

enum NiceLogTicks {
    static func ticks(_ lo: Double, _ hi: Double, maxCount: Int) -> [Double] {
        NiceNumbers.logTicks(from: lo, to: hi, maxCount: maxCount)
    }
}

/// Typography and spacing shared by every panel, in device units.
public enum Style {
    public static let titleFont = Font(size: 17, weight: .bold)
    public static let subtitleFont = Font(size: 12.5)
    public static let panelTitleFont = Font(size: 13, weight: .bold)
    public static let tickFont = Font(size: 11.5)
    public static let labelFont = Font(size: 14)
    public static let legendFont = Font(size: 11.5)
    public static let tickLength = 5.0
    public static let muted = Color(hex: 0x444444)
}

/// Margins a panel needs around its plot for tick labels and axis titles.
func axisMargins(_ canvas: Canvas, y: Axis) -> (left: Double, bottom: Double) {
    let label = canvas.measure("Ag", font: Style.labelFont)
    let tick = canvas.measure("0", font: Style.tickFont)
    let yTickWidth = y.labels.map { canvas.measure($0, font: Style.tickFont).width }.max() ?? 0
    let left = 6 + (label.ascent + label.descent) + 8 + yTickWidth + 6 + Style.tickLength
    let bottom = 8 + (label.ascent + label.descent) + 6 + (tick.ascent + tick.descent) + 5 + Style.tickLength
    return (left, bottom)
}

/// Draws a panel's title (if any) at the top of its frame and returns the plot rectangle that
/// leaves room for it, the axes' tick labels and titles, and a right margin.
func plotRect(in frame: Rect, title: String?, y: Axis, rightMargin: Double = 14, on canvas: Canvas) -> Rect {
    var top = frame.minY + 8
    if let title {
        top = canvas.text(title, at: Point(frame.center.x, frame.minY), font: Style.panelTitleFont, anchor: TextAnchor(.center, .top)).maxY + 10
    }
    let margins = axisMargins(canvas, y: y)
    return Rect(x: (frame.minX + margins.left).rounded(), y: top.rounded(),
                width: (frame.width - margins.left - rightMargin).rounded(), height: (frame.maxY - top - margins.bottom).rounded())
}

/// Draws the frame, ticks, tick labels and axis titles of a plot rectangle.
func drawAxes(on canvas: Canvas, plot: Rect, x: Axis, y: Axis) {
    let xs = Scale(kind: x.scale.kind, domain: x.scale.domain, range: plot.minX...plot.maxX)
    let ys = Scale(kind: y.scale.kind, domain: y.scale.domain, range: plot.minY...plot.maxY, reversed: true)
    let frame = StrokeStyle(color: .ink, width: 1)
    canvas.stroke(.rect(plot.insetBy(-0.5)), style: frame)
    var ticks = Path()
    for (v, text) in zip(x.ticks, x.labels) {
        let px = xs(v).rounded() + 0.5
        guard px >= plot.minX - 1, px <= plot.maxX + 1 else { continue }
        ticks.move(to: Point(px, plot.maxY + 0.5))
        ticks.line(to: Point(px, plot.maxY + 0.5 + Style.tickLength))
        canvas.text(text, at: Point(px, plot.maxY + Style.tickLength + 4), font: Style.tickFont, anchor: TextAnchor(.center, .top))
    }
    for (v, text) in zip(y.ticks, y.labels) {
        let py = ys(v).rounded() - 0.5
        guard py >= plot.minY - 1, py <= plot.maxY + 1 else { continue }
        ticks.move(to: Point(plot.minX - 0.5, py))
        ticks.line(to: Point(plot.minX - 0.5 - Style.tickLength, py))
        canvas.text(text, at: Point(plot.minX - Style.tickLength - 5, py), font: Style.tickFont, anchor: TextAnchor(.right, .middle))
    }
    canvas.stroke(ticks, style: frame)
    let tick = canvas.measure("0", font: Style.tickFont)
    canvas.text(x.title, at: Point(plot.center.x, plot.maxY + Style.tickLength + 4 + tick.ascent + tick.descent + 6),
                font: Style.labelFont, anchor: TextAnchor(.center, .top))
    let yTickWidth = y.labels.map { canvas.measure($0, font: Style.tickFont).width }.max() ?? 0
    canvas.text(y.title, at: Point(plot.minX - Style.tickLength - 5 - yTickWidth - 8, plot.center.y),
                font: Style.labelFont, anchor: TextAnchor(.center, .bottom), angle: -Double.pi / 2)
}

/// The frame, ticks, tick labels and rotated title of a vertical colorbar whose colours are
/// already painted in `rect`.
func drawColorbarAxis(on canvas: Canvas, rect: Rect, axis: Axis) {
    let scale = Scale(kind: axis.scale.kind, domain: axis.scale.domain, range: rect.minY...rect.maxY, reversed: true)
    let frame = StrokeStyle(color: .ink, width: 1)
    canvas.stroke(.rect(rect.insetBy(-0.5)), style: frame)
    var ticks = Path()
    var widest = 0.0
    for (v, text) in zip(axis.ticks, axis.labels) {
        let y = scale(v).rounded() - 0.5
        guard y >= rect.minY - 1, y <= rect.maxY + 1 else { continue }
        ticks.move(to: Point(rect.maxX + 0.5, y))
        ticks.line(to: Point(rect.maxX + 0.5 + Style.tickLength, y))
        let box = canvas.text(text, at: Point(rect.maxX + Style.tickLength + 4, y), font: Style.tickFont, anchor: TextAnchor(.left, .middle))
        widest = max(widest, box.width)
    }
    canvas.stroke(ticks, style: frame)
    canvas.text(axis.title, at: Point(rect.maxX + Style.tickLength + 4 + widest + 8, rect.center.y),
                font: Style.labelFont, anchor: TextAnchor(.center, .top), angle: -Double.pi / 2)
}
