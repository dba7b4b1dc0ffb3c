import Landscapes
import Trajectories

/// A curve f(θ) with each optimizer's iterates on it: markers at (θₖ, f(θₖ)) joined by thin lines,
/// so that overshoot and oscillation show as zig-zags across the curve.
public struct CurvePanel: Panel {
    public var surface: Surface
    public var series: [PathSeries]
    public var title: String?
    public var domain: Domain

    public init(surface: Surface, series: [PathSeries], title: String? = nil) {
        precondition(surface.dimension == 1, "a curve panel shows a 1-D surface")
        self.surface = surface
        self.series = series
        self.title = title
        self.domain = surface.domain
    }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        let xAxis = Axis(from: domain.xmin, to: domain.xmax, title: surface.axisNames.x)
        let yAxis = Axis(from: domain.ymin, to: domain.ymax, title: surface.axisNames.y)
        // A curve with no runs on it (a 1-D file) has nothing to explain.
        var keys: [Legend.Key] = series.isEmpty ? [] : [.start]
        if surface.minima.contains(where: { $0.kind == .globalMinimum }) { keys.append(.globalMinimum) }
        if surface.minima.contains(where: { $0.kind == .localMinimum }) { keys.append(.localMinimum) }
        let legend = Legend(rows: series.enumerated().map { k, s in Legend.Row(color: s.color, marker: s.stepMarker(at: k), label: s.label, dash: s.dash) }, keys: keys,
                            look: look, reserve: series.map(\.finalLabel))
        // The plot as it would be with the legend inside; a legend that does not stay inside takes
        // its height from the bottom of the frame instead.
        let size = legend.size(canvas)
        let title = canvas.measure("Ag", font: look.panelTitleFont)
        let margins = axisMargins(canvas, y: yAxis, look: look)
        let estimate = Rect(x: frame.minX + margins.left, y: frame.minY + (self.title == nil ? 8 : title.ascent + title.descent + 10),
                            width: frame.width - margins.left - 14, height: frame.height - margins.bottom - 30)
        let probe = Rect(x: estimate.maxX - 10 - size.width, y: estimate.minY + 10, width: size.width, height: size.height)
        let below = !Legend.staysInside((probe, false), plot: estimate, look: look)
        let plot = plotRect(in: below ? Rect(x: frame.minX, y: frame.minY, width: frame.width, height: frame.height - size.height - 8) : frame,
                            title: self.title, y: yAxis, on: canvas, look: look)
        let transform = PlotTransform(domain: domain, rect: plot)
        let view = plot.insetBy(-4)

        canvas.pushClip(plot)
        var curve: [Point] = []
        let n = 1200
        for k in 0...n {
            let t = domain.xmin + Double(k) * domain.width / Double(n)
            curve.append(transform(Vector2(t, surface.value(at: [t, 0]))))
        }
        var path = Path()
        for run in clip(curve, to: view).runs { for r in reducedForCanvas(run, tolerance: 0.1) { path.addPolyline(r, closed: false) } }
        // The curve in the text's colour (the default look's a shade lighter than its text).
        canvas.stroke(path, style: StrokeStyle(color: look.shade(Color(hex: 0x333333), else: look.foreground), width: look.line(1.6), join: .round))
        var exits: [(Point, Point, Color)] = []
        for (k, s) in series.enumerated() {
            let points = s.drawnPoints.map { transform(Vector2($0.x, surface.value(at: $0))) }
            let clipped = clip(points, to: view)
            if let e = clipped.exit { exits.append((e.point, e.direction, s.color)) }
            var line = Path()
            for run in clipped.runs { line.addPolyline(run, closed: false) }
            canvas.stroke(line, style: StrokeStyle(color: s.color.withAlpha(0.75), width: look.line(1.2), join: .round, dash: s.dash))
            var dots = Path()
            for p in points where view.contains(p) { dots.elements += s.stepMarker(at: k).path(at: p, radius: look.marker(3.6)).elements }
            canvas.fill(dots, color: s.color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(dots, style: StrokeStyle(color: look.casing(), width: look.marker(0.8))) }
        }
        for s in series {
            if let first = s.points.first {
                let ring = Marker.circle.path(at: transform(Vector2(first.x, surface.value(at: first))), radius: look.marker(6))
                canvas.fill(ring, color: .white, rule: .nonZero)
                canvas.stroke(ring, style: StrokeStyle(color: .ink, width: look.marker(1.8)))
            }
        }
        // Minima above the iterates, as outlines, so neither hides the other.
        for m in surface.minima {
            let c = transform(Vector2(m.point.x, m.value))
            let shape = m.kind == .globalMinimum ? Marker.star.path(at: c, radius: look.marker(9)) : Marker.diamond.path(at: c, radius: look.marker(7))
            canvas.stroke(shape, style: StrokeStyle(color: .white, width: look.marker(3.4), join: .round))
            canvas.stroke(shape, style: StrokeStyle(color: .ink, width: look.marker(1.3), join: .round))
        }
        canvas.popClip()
        for (point, direction, color) in exits {
            let arrow = Marker.arrow(direction: direction).path(at: point, radius: look.marker(7))
            canvas.fill(arrow, color: color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(arrow, style: StrokeStyle(color: look.casing(), width: look.marker(1.2), join: .round)) }
        }
        drawAxes(on: canvas, plot: plot, x: xAxis, y: yAxis, look: look)

        if (series.isEmpty && keys.isEmpty) || look.legend == .none { return PanelLayout(plot: plot, transform: transform) }
        if below { return PanelLayout(plot: plot, legend: legend.drawBelow(plot: plot, frame: frame, on: canvas), transform: transform) }
        let avoid = series.flatMap { $0.points.map { transform(Vector2($0.x, surface.value(at: $0))) } }
        let heavy = series.compactMap { $0.points.first.map { transform(Vector2($0.x, surface.value(at: $0))) } }
            + surface.minima.map { transform(Vector2($0.point.x, $0.value)) }
        let box = legend.place(canvas, in: plot, avoid: avoid + curve, heavy: heavy).box
        legend.draw(on: canvas, in: box)
        return PanelLayout(plot: plot, legend: box, transform: transform)
    }
}
