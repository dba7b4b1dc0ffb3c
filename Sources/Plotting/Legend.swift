/// A legend: one row per series (a line sample with its step marker and a label), then a row of
/// marker keys (start, end, minima). It is placed in the corner of the plot that hides the fewest
/// of the points it is told to avoid.
struct Legend {
    struct Row {
        var color: Color
        var marker: Marker
        var label: String
        /// The sample as the series is drawn: its line (dashed or not) and its markers.
        var showsLine = true
        var dash: [Double] = []
        var showsMarker = true
    }

    enum Key: Hashable {
        case start, end, globalMinimum, localMinimum, saddle, exit, indefinite, curvatureEllipse
        var text: String {
            switch self {
            case .start: return "start"
            case .end: return "end"
            case .globalMinimum: return "global minimum"
            case .localMinimum: return "local minimum"
            case .saddle: return "saddle point"
            case .exit: return "left the view"
            case .indefinite: return "Hessian indefinite"
            case .curvatureEllipse: return "curvature ellipse"
            }
        }
    }

    var rows: [Row]
    var keys: [Key]
    /// The style it is drawn in.
    var look: Style
    /// Labels the legend keeps room for besides its rows' (an animation's final labels), so that
    /// its box does not change from frame to frame.
    var reserve: [String] = []

    static let sample = 26.0, gap = 7.0, pad = 8.0

    init(rows: [Row], keys: [Key], look: Style, reserve: [String] = []) {
        self.rows = rows
        self.keys = keys
        self.look = look
        self.reserve = reserve
    }

    func size(_ canvas: Canvas) -> (width: Double, height: Double) {
        let font = look.legendFont
        let m = canvas.measure("Ag", font: font)
        let rowHeight = (m.ascent + m.descent) * 1.45
        let rowsWidth = (rows.map(\.label) + reserve).map { Self.sample + Self.gap + canvas.measure($0, font: font).width }.max() ?? 0
        var keyWidth = 0.0
        for line in keyLines {
            var width = Double(max(0, line.count - 1)) * 12
            for key in line { width += 18 * look.markerScale + canvas.measure(key.text, font: font).width }
            keyWidth = max(keyWidth, width)
        }
        let count = rows.count + keyLines.count
        return (max(rowsWidth, keyWidth) + 2 * Self.pad, rowHeight * Double(count) + 2 * Self.pad - 2)
    }

    /// The corner box inside `plot` that covers the fewest `avoid` points (the heavy ones count
    /// a thousand times), preferring top right, top left, bottom left, bottom right; or the
    /// corner the style names (``Style/legend``), whatever it covers.
    func place(_ canvas: Canvas, in plot: Rect, avoid: [Point], heavy: [Point]) -> (box: Rect, hidesHeavy: Bool) {
        let s = size(canvas)
        let inset = 10.0
        let candidates = [
            Rect(x: plot.maxX - inset - s.width, y: plot.minY + inset, width: s.width, height: s.height),
            Rect(x: plot.minX + inset, y: plot.minY + inset, width: s.width, height: s.height),
            Rect(x: plot.minX + inset, y: plot.maxY - inset - s.height, width: s.width, height: s.height),
            Rect(x: plot.maxX - inset - s.width, y: plot.maxY - inset - s.height, width: s.width, height: s.height),
        ]
        switch look.legend {
        case .upperRight: return (candidates[0], false)
        case .upperLeft: return (candidates[1], false)
        case .lowerLeft: return (candidates[2], false)
        case .lowerRight: return (candidates[3], false)
        case .auto, .outside, .none: break
        }
        func cost(_ r: Rect) -> Int {
            let padded = r.insetBy(-6)
            return avoid.reduce(0) { $0 + (padded.contains($1) ? 1 : 0) } + heavy.reduce(0) { $0 + (padded.contains($1) ? 1000 : 0) }
        }
        var best = candidates[0]
        for candidate in candidates.dropFirst() where cost(candidate) < cost(best) { best = candidate }
        return (best, cost(best) >= 1000)
    }

    /// Whether a legend placed at `box` may stay inside the plot: it covers at most 15% of it, no
    /// start, end or minimum marker, and leaves a margin on each side. Otherwise it goes below.
    static func staysInside(_ placed: (box: Rect, hidesHeavy: Bool), plot: Rect, look: Style) -> Bool {
        switch look.legend {
        case .outside: return false
        case .upperRight, .upperLeft, .lowerLeft, .lowerRight: return true
        case .auto, .none:
            return placed.box.width * placed.box.height <= 0.15 * plot.width * plot.height && !placed.hidesHeavy
                && placed.box.width <= plot.width - 20 && placed.box.height <= plot.height - 20
        }
    }

    /// Draws the legend centred under the plot's x-axis title, kept within `frame`.
    func drawBelow(plot: Rect, frame: Rect, on canvas: Canvas) -> Rect {
        let size = size(canvas)
        let tick = canvas.measure("0", font: look.tickFont), label = canvas.measure("Ag", font: look.labelFont)
        let y = plot.maxY + look.tickLength + 4 + tick.ascent + tick.descent + 6 + label.ascent + label.descent + 8
        let x = Swift.min(Swift.max(plot.center.x - size.width / 2, frame.minX), frame.maxX - size.width)
        let box = Rect(x: x.rounded(), y: y.rounded(), width: size.width, height: size.height)
        draw(on: canvas, in: box)
        return box
    }

    func draw(on canvas: Canvas, in box: Rect) {
        let font = look.legendFont
        let m = canvas.measure("Ag", font: font)
        let rowHeight = (m.ascent + m.descent) * 1.45
        canvas.fill(.rect(box), color: look.legendBackground, rule: .nonZero)
        canvas.stroke(.rect(box.insetBy(0.5)), style: StrokeStyle(color: look.legendBorder, width: look.frame(1)))
        var y = box.minY + Self.pad + rowHeight / 2
        for row in rows {
            let x0 = box.minX + Self.pad
            if row.showsLine {
                canvas.stroke(.segment(Point(x0, y), Point(x0 + Self.sample, y)),
                              style: StrokeStyle(color: row.color, width: look.line(2), cap: row.dash.isEmpty ? .round : .butt, dash: row.dash))
            }
            if row.showsMarker {
                let marker = row.marker.path(at: Point(x0 + Self.sample / 2, y), radius: look.marker(3.4))
                canvas.fill(marker, color: row.color, rule: .nonZero)
                if look.hasCasing { canvas.stroke(marker, style: StrokeStyle(color: look.casing(), width: look.marker(0.8))) }
            }
            canvas.text(row.label, at: Point(x0 + Self.sample + Self.gap, y), font: font, color: look.foreground, anchor: TextAnchor(.left, .middle))
            y += rowHeight
        }
        for line in keyLines {
            var x = box.minX + Self.pad
            for key in line {
                let c = Point(x + 7 * look.markerScale, y)
                Self.drawKey(key, at: c, on: canvas, look: look)
                let text = canvas.text(key.text, at: Point(x + 18 * look.markerScale, y), font: font, color: look.muted, anchor: TextAnchor(.left, .middle))
                x = text.maxX + 12
            }
            y += rowHeight
        }
    }

    /// The keys in lines: the markers' (start, end, minima), then the curvature's on a line of
    /// their own.
    var keyLines: [[Key]] {
        let curvature: Set<Key> = [.indefinite, .curvatureEllipse]
        return [keys.filter { !curvature.contains($0) }, keys.filter { curvature.contains($0) }].filter { !$0.isEmpty }
    }

    /// A marker key in the legend's own colours: the start ring filled with the figure's
    /// background and drawn, as the outlines of the minima, in the text colour.
    static func drawKey(_ key: Key, at c: Point, on canvas: Canvas, look: Style) {
        let ink = look.foreground
        switch key {
        case .start:
            let ring = Marker.circle.path(at: c, radius: look.marker(5))
            if let background = look.background { canvas.fill(ring, color: background, rule: .nonZero) }
            canvas.stroke(ring, style: StrokeStyle(color: ink, width: look.marker(1.6)))
        case .end:
            canvas.fill(Marker.circle.path(at: c, radius: look.marker(4.5)), color: Color(hex: 0x777777), rule: .nonZero)
        case .globalMinimum:
            canvas.stroke(Marker.star.path(at: c, radius: look.marker(7.5)), style: StrokeStyle(color: ink, width: look.marker(1.2), join: .round))
        case .localMinimum:
            canvas.stroke(Marker.diamond.path(at: c, radius: look.marker(6)), style: StrokeStyle(color: ink, width: look.marker(1.2), join: .round))
        case .saddle:
            canvas.stroke(Marker.cross.path(at: c, radius: look.marker(5.5)), style: StrokeStyle(color: ink, width: look.marker(1.6), cap: .round))
        case .exit:
            canvas.fill(Marker.arrow(direction: Point(1, 0)).path(at: c, radius: look.marker(6)), color: Color(hex: 0x777777), rule: .nonZero)
        case .indefinite:
            let r = look.marker(5.5)
            var square = Path()
            square.addPolyline([Point(c.x - r, c.y - r), Point(c.x + r, c.y - r), Point(c.x + r, c.y + r), Point(c.x - r, c.y + r)], closed: true)
            canvas.fill(square, color: Color(hex: 0xD0D0D0), rule: .nonZero)
            canvas.stroke(square, style: StrokeStyle(color: ink, width: look.marker(1), dash: [3, 2]))
        case .curvatureEllipse:
            var ring = Path()
            ring.addPolyline((0..<36).map { k in
                let t = Double(k) * 2 * Double.pi / 36
                return Point(c.x + look.marker(8) * cos(t), c.y + look.marker(4) * sin(t))
            }, closed: true)
            canvas.stroke(ring, style: StrokeStyle(color: ink, width: look.marker(1.3)))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
