import Contours
import Synchronization
import Landscapes
import Trajectories

/// A contour plot of a surface with optimizer paths: filled contours, contour lines, an optional
/// colorbar, axes, known minima, each path with step markers, start and end markers (and a marker
/// where a path leaves the view), and an optional legend.
///
/// ```swift
/// let panel = LandscapePanel(surface: surface, grid: grid, style: .automatic(for: surface, grid: grid), series: series)
/// Figure(width: 800, height: 600, title: surface.formula, panels: [[panel]]).draw(on: canvas)
/// ```
public struct LandscapePanel: Panel {
    /// The region shown: the domain of the grid the geometry was sampled on. The grid itself is not
    /// kept once its contours are known.
    public var domain: Domain
    public var style: FieldStyle
    /// The contour geometry of the grid under `style`.
    public var geometry: FieldGeometry { didSet { fieldCache = FieldCache() } }
    /// The field's device paths, worked out once per plot (see ``FieldCache``).
    var fieldCache = FieldCache()
    public var series: [PathSeries]
    public var minima: [CriticalPoint]
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var showColorbar = true
    /// Keep the colorbar's room even when it is not shown, so that panels side by side have plots
    /// of the same size.
    public var reserveColorbarSpace = false
    public var showLegend = true
    /// Without a legend of its own, leave the room the legend of these series would take outside
    /// the plot, so that the plot matches a neighbour's that shows it.
    public var reserveLegendSpace = false
    /// Keep one data unit the same length on both axes when the domain's shape allows.
    public var equalAspect = true
    /// The surface's curvature drawn over the field: indefinite regions and curvature ellipses.
    public var curvature: CurvatureOverlay?
    /// Label contour lines with their values (as matplotlib's `clabel`): every other level,
    /// each on its longest line where the label fits clear of the others and of the markers.
    public var contourLabels = false

    public init(surface: Surface, grid: Grid, style: FieldStyle, series: [PathSeries], title: String? = nil,
                geometry: FieldGeometry? = nil) {
        self.domain = grid.domain
        self.style = style
        self.geometry = geometry ?? FieldGeometry(grid: grid, style: style)
        self.series = series
        self.title = title
        self.minima = surface.minima.filter { grid.domain.contains($0.point) }
        self.xLabel = surface.axisNames.x
        self.yLabel = surface.axisNames.y
    }

    var xAxis: Axis { Axis(from: domain.xmin, to: domain.xmax, title: xLabel) }
    var yAxis: Axis { Axis(from: domain.ymin, to: domain.ymax, title: yLabel) }
    var colorbarAxis: Axis? {
        guard let lo = style.levels.first, let hi = style.levels.last, hi > lo else { return nil }
        return Axis(kind: style.logScale ? .log : style.symlogThreshold.map { .symlog($0) } ?? .linear, from: lo, to: hi, title: style.label)
    }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        var top = frame.minY
        if let title {
            top = drawPanelTitle(title, in: frame, on: canvas, look: look) + 10
        } else {
            top += 8
        }
        let margins = axisMargins(canvas, y: yAxis, look: look)
        let label = canvas.measure("Ag", font: look.labelFont)
        var right = 12.0
        if showColorbar || reserveColorbarSpace, let axis = colorbarAxis {
            let widest = axis.labels.map { canvas.measure($0, font: look.tickFont).width }.max() ?? 0
            right += 18 + 16 + look.tickLength + 4 + widest + 8 + label.ascent + label.descent
        }
        func plotRect(below: Double = 0, beside: Double = 0) -> Rect {
            var plot = Rect(x: frame.minX + margins.left, y: top, width: frame.width - margins.left - right - beside,
                            height: frame.maxY - top - margins.bottom - below)
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
            return Rect(x: plot.x.rounded(), y: plot.y.rounded(), width: plot.width.rounded(), height: plot.height.rounded())
        }
        var plot = plotRect()
        // A legend that would hide more than 15% of the plot, or any start, end or minimum marker,
        // goes outside it: below the plot, or beside the colorbar, whichever leaves the larger
        // plot (beside on wide, short canvases). Its room is sized with every key it may show.
        enum Outside { case below, beside }
        var outside: Outside?
        if (showLegend || reserveLegendSpace) && !series.isEmpty && look.legend != .none {
            let transform = PlotTransform(domain: domain, rect: plot)
            let placed = legendContent(exits: false, look: look).place(canvas, in: plot, avoid: [], heavy: heavyPoints(transform))
            if !Legend.staysInside(placed, plot: plot, look: look) {
                let size = legendContent(exits: true, look: look).size(canvas)
                let below = plotRect(below: size.height + 8), beside = plotRect(beside: size.width + 12)
                let besideFits = beside.width >= Comparison.minimumPlot.width && size.height <= frame.maxY - top
                if besideFits && beside.width * beside.height > below.width * below.height {
                    outside = .beside
                    plot = beside
                } else {
                    outside = .below
                    plot = below
                }
            }
        }
        let transform = PlotTransform(domain: domain, rect: plot)

        canvas.pushClip(plot)
        canvas.mark("the field")
        drawField(on: canvas, transform: transform, look: look)
        if let curvature {
            canvas.mark("the curvature")
            drawIndefinite(curvature, on: canvas, transform: transform, look: look)
        }
        if contourLabels { drawContourLabels(on: canvas, transform: transform, plot: plot, look: look) }
        let exits = drawPaths(on: canvas, transform: transform, plot: plot, look: look)
        if let curvature { drawEllipses(curvature, on: canvas, transform: transform, look: look) }
        drawMinima(on: canvas, transform: transform, look: look)
        canvas.popClip()
        drawExits(exits, on: canvas, look: look)

        canvas.mark("the axes")
        drawAxes(on: canvas, plot: plot, x: xAxis, y: yAxis, look: look)
        var layout = PanelLayout(plot: plot, transform: transform)
        if showColorbar, let axis = colorbarAxis {
            canvas.mark("the colorbar")
            var bar = Rect(x: plot.maxX + 18, y: plot.minY, width: 16, height: plot.height)
            // Arrow ends where the field goes past the levels: the bar makes room for them.
            let arrow = 14.0
            if style.extends.above { bar.y += arrow; bar.height -= arrow }
            if style.extends.below { bar.height -= arrow }
            drawColorbar(on: canvas, rect: bar, axis: axis, look: look)
            drawColorbarArrows(on: canvas, bar: bar, length: arrow, look: look)
            layout.colorbar = bar
        }
        canvas.mark("the legend")
        switch showLegend ? outside : nil {
        case .below?:
            layout.legend = legendContent(exits: !exits.isEmpty, look: look).drawBelow(plot: plot, frame: frame, on: canvas)
        case .beside?:
            let legend = legendContent(exits: !exits.isEmpty, look: look)
            let size = legend.size(canvas)
            let x = Swift.min(plot.maxX + right - 12 + 12, frame.maxX - size.width)
            let box = Rect(x: x.rounded(), y: plot.minY, width: size.width, height: size.height)
            legend.draw(on: canvas, in: box)
            layout.legend = box
        case nil where showLegend && !series.isEmpty && look.legend != .none:
            layout.legend = drawLegend(on: canvas, plot: plot, transform: transform, exits: !exits.isEmpty, look: look)
        case nil:
            break
        }
        return layout
    }

    // MARK: Field

    func drawField(on canvas: Canvas, transform: PlotTransform, look: Style) {
        let (fills, lines) = fieldCache.paths(for: transform, tolerance: contourTolerance) {
            // Superlevel sets {f ≥ levels[k]} painted in increasing order: each band is the part of
            // its set not covered by the next, and no background shows through along shared
            // boundaries.
            let fills = geometry.layers.map { rings in
                var path = Path()
                for ring in rings {
                    path.addPolyline(simplify(ring.points.map(transform.callAsFunction), tolerance: contourTolerance), closed: true)
                }
                return path
            }
            var lines = Path()
            for line in geometry.lines {
                lines.addPolyline(simplify(line.points.map(transform.callAsFunction), tolerance: contourTolerance), closed: line.isClosed)
            }
            return (fills, lines)
        }
        for (k, path) in fills.enumerated() { canvas.fill(path, color: style.bandColor(k), rule: .nonZero) }
        canvas.stroke(lines, style: StrokeStyle(color: Color(hex: 0x000000, alpha: 0.28), width: look.line(0.6), join: .round))
    }

    /// Labels on the contour lines: every other level (every level when there are at most 8),
    /// each at the first place along its longest line, from the middle outwards, where its box
    /// lies in the plot clear of the other labels and of the start, end and minimum markers.
    /// Near-black text on a pale box, legible on every colormap.
    func drawContourLabels(on canvas: Canvas, transform: PlotTransform, plot: Rect, look: Style) {
        let levels = style.levels
        guard levels.count >= 3 else { return }
        let stride = levels.count - 1 <= 8 ? 1 : 2
        let font = look.tickFont.sized(look.tickFont.size * 0.85)
        var taken = heavyPoints(transform).map { Rect(x: $0.x - 8, y: $0.y - 8, width: 16, height: 16) }
        for k in Swift.stride(from: 1, to: levels.count - 1, by: stride) where k < geometry.lineLevels.count {
            guard let line = geometry.lineLevels[k].max(by: { $0.points.count < $1.points.count }), line.points.count >= 2 else { continue }
            let text = TickFormat.significant(levels[k])
            let m = canvas.measure(text, font: font)
            let points = line.points.map(transform.callAsFunction)
            for f in [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9] {
                let p = points[Swift.min(points.count - 1, Int(f * Double(points.count - 1)))]
                let box = Rect(x: p.x - m.width / 2 - 2, y: p.y - (m.ascent + m.descent) / 2 - 1, width: m.width + 4, height: m.ascent + m.descent + 2)
                guard plot.insetBy(2).contains(box), !taken.contains(where: { $0.insetBy(-2).intersects(box) }) else { continue }
                taken.append(box)
                canvas.fill(.rect(box), color: Color.white.withAlpha(0.75), rule: .nonZero)
                canvas.text(text, at: p, font: font, color: .ink, anchor: TextAnchor(.center, .middle))
                break
            }
        }
    }

    /// The field's device paths for the last plot drawn, shared by the panel's copies (an
    /// animation's frames draw the same field in the same place a hundred times).
    final class FieldCache: @unchecked Sendable {
        private let lock = Mutex<(transform: PlotTransform, tolerance: Double, fills: [Path], lines: Path)?>(nil)

        func paths(for transform: PlotTransform, tolerance: Double, make: () -> ([Path], Path)) -> ([Path], Path) {
            if let cached = lock.withLock({ $0 }), cached.transform == transform, cached.tolerance == tolerance { return (cached.fills, cached.lines) }
            let made = make()
            lock.withLock { $0 = (transform, tolerance, made.0, made.1) }
            return made
        }
    }

    // MARK: Paths and markers

    /// The step-marker shape of series k: a second cue besides colour.
    public static func stepMarker(_ k: Int) -> Marker { [Marker.circle, .square, .triangle, .diamond][k % 4] }

        /// Where a path's step markers go: each step in view that lies at least √20 device units from
    /// the marker before it. On a long path (more than ``canvasPointLimit`` steps) a step also
    /// needs that distance from every marker already placed (found through cells √10 wide),
    /// so a path that goes back and forth over the same ground gets no more markers than the
    /// ground has room for.
    /// The step marker of the k-th run: circle, square, triangle, diamond, in turn.
    public static func stepMarkerPlaces(_ points: [Vector2], transform: PlotTransform, view: Rect) -> [Point] {
        let inner = points.dropFirst().dropLast()
        var places: [Point] = []
        if inner.count <= canvasPointLimit {
            var last: Point?
            for p in inner {
                let q = transform(p)
                guard view.contains(q) else { continue }
                if let l = last, (q.x - l.x) * (q.x - l.x) + (q.y - l.y) * (q.y - l.y) < 20 { continue }
                places.append(q)
                last = q
            }
            return places
        }
        // Cells √10 wide: two markers in one cell would be closer than √20, so a cell holds at
        // most one, and every marker within √20 lies in the 5 × 5 cells about a point's own.
        let size = 10.0.squareRoot()
        let columns = Int((view.width / size).rounded(.up)) + 1, rows = Int((view.height / size).rounded(.up)) + 1
        guard columns > 0, rows > 0, columns * rows <= 1 << 26 else { return places }
        var cells = [Point](repeating: Point(.nan, .nan), count: columns * rows)
        for p in inner {
            let q = transform(p)
            guard view.contains(q) else { continue }
            let cx = Swift.min(columns - 1, Int((q.x - view.minX) / size)), cy = Swift.min(rows - 1, Int((q.y - view.minY) / size))
            guard cells[cy * columns + cx].x.isNaN else { continue }
            var near = false
            search: for y in Swift.max(0, cy - 2)...Swift.min(rows - 1, cy + 2) {
                for x in Swift.max(0, cx - 2)...Swift.min(columns - 1, cx + 2) {
                    let o = cells[y * columns + x]
                    if !o.x.isNaN, (q.x - o.x) * (q.x - o.x) + (q.y - o.y) * (q.y - o.y) < 20 {
                        near = true
                        break search
                    }
                }
            }
            if near { continue }
            cells[cy * columns + cx] = q
            places.append(q)
        }
        return places
    }
    /// Contour rings and lines are simplified to within this many device units (paths: 0.25).
    /// Grids of many small panels use 0.5 (half a pixel), which keeps a nine-panel SVG under
    /// 400 KB.
    public var contourTolerance = 0.2

    /// Draws every path clipped to the plot; returns where paths left the view.
    func drawPaths(on canvas: Canvas, transform: PlotTransform, plot: Rect, look: Style) -> [(Point, Point, Color)] {
        let view = plot.insetBy(-4)
        // Every seed of an ensemble, faint and thin, under all the main paths. Each is stroked on
        // its own: one stroke of every seed's path would make the rasterizer intersect every
        // segment with every other (a minute and a half for 200 seeds of 1000 steps). Where the
        // seeds agree their faint strokes add up, so the cloud shows where the runs went.
        for s in series where !s.ensemble.isEmpty {
            let style = StrokeStyle(color: s.color.withAlpha(Swift.min(0.45, Swift.max(0.05, 3 / Double(s.ensemble.count)))), width: look.line(0.8), cap: .round, join: .round)
            for points in s.drawnEnsemble {
                var faint = Path()
                for run in clip(points.map(transform.callAsFunction), to: view).runs {
                    for r in reducedForCanvas(run, tolerance: 0.75) { faint.addPolyline(r, closed: false) }
                }
                canvas.stroke(faint, style: style)
            }
        }
        // A diverged path is drawn up to where it first leaves the view: what follows is only
        // growing oscillation far outside, and drawn back through the view it hides the others.
        // (In an animation's frames too, before it has diverged: the frames grow to the still.)
        let shown: [[Vector2]] = series.map { s in
            let points = s.drawnPoints
            // (NaN points are breaks in a reduced path, not a departure.)
            guard s.outcome == .diverged, let out = points.firstIndex(where: { !$0.x.isNaN && !view.contains(transform($0)) }) else { return points }
            return Array(points[...out])
        }
        let clipped = shown.map { points in
            clip(points.map(transform.callAsFunction), to: view)
        }
        let lines = clipped.map { c in
            var line = Path()
            for run in c.runs { for r in reducedForCanvas(run, tolerance: 0.25) { line.addPolyline(r, closed: false) } }
            return line
        }
        if look.hasCasing {
            for (k, line) in lines.enumerated() {
                canvas.mark("the casing of the path of '\(series[k].name)'")
                canvas.stroke(line, style: StrokeStyle(color: look.casing(0.8), width: look.line(2.2) + look.marker(2.4), cap: .round, join: .round))
            }
        }
        for (k, line) in lines.enumerated() {
            canvas.mark("the path of '\(series[k].name)'")
            canvas.stroke(line, style: StrokeStyle(color: series[k].color, width: look.line(2.2), cap: series[k].dash.isEmpty ? .round : .butt, join: .round,
                                                   dash: series[k].dash))
        }
        // Step markers above every line, thinned so that they never pile up into a blob.
        for (k, s) in series.enumerated() {
            canvas.mark("the step markers of '\(s.name)'")
            var dots = Path()
            for q in Self.stepMarkerPlaces(shown[k], transform: transform, view: view) {
                dots.elements += s.stepMarker(at: k).path(at: q, radius: look.marker(2.9)).elements
            }
            canvas.fill(dots, color: s.color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(dots, style: StrokeStyle(color: look.casing(), width: look.marker(0.8))) }
        }
        // End markers above the paths (when the end is in view), then start markers. In an
        // animation frame, a run that goes on shows where it is now, larger.
        for s in series {
            guard let end = s.drawnPoints.last else { continue }
            let c = transform(end)
            guard view.contains(c) else { continue }
            let mark: RunMark = s.isRunning ? .current(s.color) : .end(s.color, diverged: s.outcome == .diverged)
            mark.draw(at: c, on: canvas, look: look)
        }
        var starts: [Vector2] = []
        for s in series { if let p = s.points.first, !starts.contains(p) { starts.append(p) } }
        for p in starts where view.contains(transform(p)) { RunMark.start.draw(at: transform(p), on: canvas, look: look) }
        return zip(clipped, series).compactMap { c, s in c.exit.map { ($0.point, $0.direction, s.color) } }
    }

    /// Arrowheads on the border where paths leave the view, pointing the way they went.
    func drawExits(_ exits: [(Point, Point, Color)], on canvas: Canvas, look: Style) {
        for (point, direction, color) in exits {
            let arrow = Marker.arrow(direction: direction).path(at: point, radius: look.marker(7))
            canvas.fill(arrow, color: color, rule: .nonZero)
            if look.hasCasing { canvas.stroke(arrow, style: StrokeStyle(color: look.casing(), width: look.marker(1.2), join: .round)) }
        }
    }

    func drawMinima(on canvas: Canvas, transform: PlotTransform, look: Style) {
        // Outlines with a white casing: drawn above the paths, they never hide an end marker.
        for m in minima { RunMark.minimum(m.kind).draw(at: transform(m.point), on: canvas, look: look) }
    }

    // MARK: Colorbar and legend

    func drawColorbar(on canvas: Canvas, rect: Rect, axis: Axis, look: Style) {
        let levels = style.levels
        let scale = Scale(kind: axis.scale.kind, domain: axis.scale.domain, range: rect.minY...rect.maxY, reversed: true)
        fillColorbarSteps(on: canvas, rect: rect, count: levels.count - 1, bottom: { scale(levels[$0]) }, color: style.bandColor)
        drawColorbarAxis(on: canvas, rect: rect, axis: axis, look: look)
    }

    /// Triangles past the colorbar's ends, in the end colours, where values lie beyond the
    /// levels (as matplotlib's `extend`).
    func drawColorbarArrows(on canvas: Canvas, bar: Rect, length: Double, look: Style) {
        let bands = style.levels.count - 1
        guard bands >= 1 else { return }
        for (extends, tip, base, color) in [(style.extends.above, bar.minY - length, bar.minY, style.bandColor(bands - 1)),
                                            (style.extends.below, bar.maxY + length, bar.maxY, style.bandColor(0))] where extends {
            var triangle = Path()
            triangle.addPolyline([Point(bar.minX, base), Point(bar.maxX, base), Point(bar.center.x, tip)], closed: true)
            canvas.fill(triangle, color: color, rule: .nonZero)
            canvas.stroke(triangle, style: StrokeStyle(color: look.foreground, width: look.frame(1), join: .miter))
        }
    }

    /// The legend's rows (one per series) and marker keys.
    func legendContent(exits: Bool, look: Style) -> Legend {
        var keys: [Legend.Key] = [.start, .end]
        if exits { keys.append(.exit) }
        if minima.contains(where: { $0.kind == .globalMinimum }) { keys.append(.globalMinimum) }
        if minima.contains(where: { $0.kind == .localMinimum }) { keys.append(.localMinimum) }
        if minima.contains(where: { $0.kind == .saddle }) { keys.append(.saddle) }
        if let curvature {
            if !curvature.indefinite.isEmpty { keys.append(.indefinite) }
            if !curvature.ellipses.isEmpty { keys.append(.curvatureEllipse) }
        }
        return Legend(rows: series.enumerated().map { k, s in Legend.Row(color: s.color, marker: s.stepMarker(at: k), label: s.label, dash: s.dash) },
                      keys: keys, look: look, reserve: series.map(\.finalLabel))
    }

    /// Points a legend must never cover: the minima and every path's start and end.
    func heavyPoints(_ transform: PlotTransform) -> [Point] {
        var heavy = minima.map { transform($0.point) }
        for s in series {
            if let a = s.points.first { heavy.append(transform(a)) }
            if let b = s.points.last { heavy.append(transform(b)) }
        }
        return heavy
    }

    func drawLegend(on canvas: Canvas, plot: Rect, transform: PlotTransform, exits: Bool, look: Style) -> Rect {
        let legend = legendContent(exits: exits, look: look)
        let avoid = series.flatMap { $0.points.map(transform.callAsFunction) }
        let box = legend.place(canvas, in: plot, avoid: avoid, heavy: heavyPoints(transform)).box
        legend.draw(on: canvas, in: box)
        return box
    }

    /// Indefinite regions: a pale veil with a dashed boundary (under the paths); each ellipse
    /// with its axes, cased so that it reads on any colormap.
    func drawIndefinite(_ overlay: CurvatureOverlay, on canvas: Canvas, transform: PlotTransform, look: Style) {
        if !overlay.indefinite.isEmpty {
            var region = Path()
            for ring in overlay.indefinite { region.addPolyline(ring.points.map(transform.callAsFunction), closed: true) }
            canvas.fill(region, color: CurvatureOverlay.veil, rule: .nonZero)
            var edge = Path()
            for line in overlay.boundary { edge.addPolyline(line.points.map(transform.callAsFunction), closed: line.isClosed) }
            canvas.stroke(edge, style: StrokeStyle(color: Color(hex: 0x000000, alpha: 0.75), width: look.line(1.1), dash: [5, 3]))
        }
    }

    /// Over the paths, so that the markers do not hide them.
    func drawEllipses(_ overlay: CurvatureOverlay, on canvas: Canvas, transform: PlotTransform, look: Style) {
        for e in overlay.ellipses {
            let (points, axes) = overlay.outline(of: e)
            let color = e.color ?? look.foreground
            let indefinite = axes.contains { $0.negative }
            var ring = Path()
            ring.addPolyline(points.map(transform.callAsFunction), closed: true)
            var solid = Path(), dashed = Path()
            for a in axes {
                if a.negative {
                    dashed.move(to: transform(a.from))
                    dashed.line(to: transform(a.to))
                } else {
                    solid.move(to: transform(a.from))
                    solid.line(to: transform(a.to))
                }
            }
            let casing = StrokeStyle(color: look.casing(), width: look.line(3), cap: .round, join: .round, dash: indefinite ? [4, 3] : [])
            canvas.stroke(ring, style: casing)
            canvas.stroke(ring, style: StrokeStyle(color: color, width: look.line(1.4), cap: .round, join: .round, dash: indefinite ? [4, 3] : []))
            canvas.stroke(solid, style: StrokeStyle(color: color, width: look.line(0.9), cap: .round))
            canvas.stroke(dashed, style: StrokeStyle(color: color, width: look.line(0.9), cap: .round, dash: [3, 2]))
        }
    }
}
