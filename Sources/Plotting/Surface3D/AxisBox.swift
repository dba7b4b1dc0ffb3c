#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// The axis box: its back panes, the floor's contour lines, the axes with ticks and titles,
/// and the legend.
extension Surface3DPanel {
    /// The three far faces of the box, light grey, with grid lines at the ticks.
    func drawPanes(_ view: View, on canvas: Canvas) {
        let eye = camera.eye
        let z0 = camera.elevation >= 0 ? -0.5 : 0.5
        // A face is far when its outward normal points away from the viewer.
        let x0 = eye.x > 0 ? -0.5 : 0.5, y0 = eye.y > 0 ? -0.5 : 0.5
        let a = Self.boxAspect
        func face(_ points: [SIMD3<Double>]) -> Path {
            var path = Path()
            path.addPolyline(points.map { view.device($0 * a) }, closed: true)
            return path
        }
        let pane = Color(hex: 0xF2F2F2), edge = Color(hex: 0xD9D9D9)
        let faces = [
            face([SIMD3(-0.5, -0.5, z0), SIMD3(0.5, -0.5, z0), SIMD3(0.5, 0.5, z0), SIMD3(-0.5, 0.5, z0)]),
            face([SIMD3(x0, -0.5, -0.5), SIMD3(x0, 0.5, -0.5), SIMD3(x0, 0.5, 0.5), SIMD3(x0, -0.5, 0.5)]),
            face([SIMD3(-0.5, y0, -0.5), SIMD3(0.5, y0, -0.5), SIMD3(0.5, y0, 0.5), SIMD3(-0.5, y0, 0.5)]),
        ]
        for f in faces { canvas.fill(f, color: pane, rule: .nonZero) }
        var grid = Path()
        let xs = axis(.x).ticks, ys = axis(.y).ticks
        let zs = view.logOffset.map { offset in axis(.logZ(view.zRange, offset: offset)).ticks.map { $0 + offset } } ?? axis(.z(view.zRange)).ticks
        for x in xs {
            grid.addPolyline([view(x, domain.ymin, (z0 < 0 ? view.floor : view.zRange.upperBound)),
                              view(x, domain.ymax, (z0 < 0 ? view.floor : view.zRange.upperBound))], closed: false)
            let y = y0 < 0 ? domain.ymin : domain.ymax
            grid.addPolyline([view(x, y, view.floor), view(x, y, view.zRange.upperBound)], closed: false)
        }
        for y in ys {
            grid.addPolyline([view(domain.xmin, y, (z0 < 0 ? view.floor : view.zRange.upperBound)),
                              view(domain.xmax, y, (z0 < 0 ? view.floor : view.zRange.upperBound))], closed: false)
            let x = x0 < 0 ? domain.xmin : domain.xmax
            grid.addPolyline([view(x, y, view.floor), view(x, y, view.zRange.upperBound)], closed: false)
        }
        for z in zs {
            let x = x0 < 0 ? domain.xmin : domain.xmax, y = y0 < 0 ? domain.ymin : domain.ymax
            grid.addPolyline([view(x, domain.ymin, z), view(x, domain.ymax, z)], closed: false)
            grid.addPolyline([view(domain.xmin, y, z), view(domain.xmax, y, z)], closed: false)
        }
        canvas.stroke(grid, style: StrokeStyle(color: edge, width: 0.8))
    }

    /// Contour lines on the floor, each in its level's colour.
    func drawFloorContours(_ view: View, on canvas: Canvas) {
        let floor = view.floor
        for (level, lines) in floorLines {
            var path = Path()
            for line in lines {
                path.addPolyline(simplify(line.points.map { view($0.x, $0.y, floor) }, tolerance: 0.3), closed: line.isClosed)
            }
            let color = style.colormap.color(at: Double(level) / Double(Swift.max(1, style.levels.count - 2)))
            canvas.stroke(path, style: StrokeStyle(color: color.withAlpha(0.85), width: 0.9, join: .round))
        }
    }

    // MARK: Axes

    enum AxisKind {
        case x, y
        case z(ClosedRange<Double>)
        case logZ(ClosedRange<Double>, offset: Double)
    }

    func axis(_ kind: AxisKind) -> Axis {
        switch kind {
        case .x: return Axis(from: domain.xmin, to: domain.xmax, title: xLabel, tickCount: 5)
        case .y: return Axis(from: domain.ymin, to: domain.ymax, title: yLabel, tickCount: 5)
        case let .z(range): return Axis(from: range.lowerBound, to: range.upperBound, title: zLabel, tickCount: 5)
        case let .logZ(range, offset):
            return Axis(kind: .log, from: range.lowerBound - offset, to: range.upperBound - offset,
                        title: offset == 0 ? zLabel + " (log scale)" : zLabel + " − minimum (log scale)", tickCount: 5)
        }
    }

    /// Ticks and labels on three edges of the box that face the viewer: x and y along the floor's
    /// nearer edges, z up the left-most vertical edge; titles beyond the labels.
    func drawAxes(_ view: View, on canvas: Canvas, look: Style) {
        let zLo = view.floor, zHi = view.zRange.upperBound
        let floor = camera.elevation >= 0 ? zLo : zHi
        let eye = camera.eye
        let nearY = eye.y > 0 ? domain.ymax : domain.ymin, nearX = eye.x > 0 ? domain.xmax : domain.xmin
        let centre = view((domain.xmin + domain.xmax) / 2, (domain.ymin + domain.ymax) / 2, (zLo + zHi) / 2)
        // The vertical edge furthest left on the screen carries z, unless a floor axis seen nearly
        // end on runs down from it, whose labels would continue the z labels' column: then the
        // edge furthest right does.
        let verticals = [(domain.xmin, domain.ymin), (domain.xmax, domain.ymin), (domain.xmax, domain.ymax), (domain.xmin, domain.ymax)]
        func steep(_ a: Point, _ b: Point) -> Bool { abs(b.y - a.y) > abs(b.x - a.x) }
        let xSteep = steep(view(domain.xmin, nearY, floor), view(domain.xmax, nearY, floor))
        let ySteep = steep(view(nearX, domain.ymin, floor), view(nearX, domain.ymax, floor))
        func crowded(_ corner: (Double, Double)) -> Bool { (corner.1 == nearY && xSteep) || (corner.0 == nearX && ySteep) }
        let leftmost = verticals.min { view($0.0, $0.1, zLo).x < view($1.0, $1.1, zLo).x }!
        let rightmost = verticals.max { view($0.0, $0.1, zLo).x < view($1.0, $1.1, zLo).x }!
        let zEdge = crowded(leftmost) && !crowded(rightmost) ? rightmost : leftmost
        let edges: [(Axis, (Double) -> Point)] = [
            (axis(.x), { view($0, nearY, floor) }),
            (axis(.y), { view(nearX, $0, floor) }),
            view.logOffset.map { offset in (axis(.logZ(view.zRange, offset: offset)), { view(zEdge.0, zEdge.1, $0 + offset) }) }
                ?? (axis(.z(view.zRange)), { view(zEdge.0, zEdge.1, $0) }),
        ]
        var frame = Path()
        frame.addPolyline([view(domain.xmin, nearY, floor), view(domain.xmax, nearY, floor)], closed: false)
        frame.addPolyline([view(nearX, domain.ymin, floor), view(nearX, domain.ymax, floor)], closed: false)
        frame.addPolyline([view(zEdge.0, zEdge.1, zLo), view(zEdge.0, zEdge.1, zHi)], closed: false)
        canvas.stroke(frame, style: StrokeStyle(color: look.foreground, width: look.frame(0.8)))
        var taken: [Rect] = []
        for (index, (axis, place)) in edges.enumerated() {
            let a = place(axis.scale.domain.lowerBound), b = place(axis.scale.domain.upperBound)
            let mid = Point((a.x + b.x) / 2, (a.y + b.y) / 2)
            // An axis seen end-on (the view along it) has no room for ticks.
            guard ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot() >= 0.12 * Swift.min(view.bounds.width, view.bounds.height) else { continue }
            // Outward: away from the box's centre, square to the edge.
            var out = Point(-(b.y - a.y), b.x - a.x)
            let length = Swift.max((out.x * out.x + out.y * out.y).squareRoot(), 1e-9)
            out = Point(out.x / length, out.y / length)
            if (mid.x - centre.x) * out.x + (mid.y - centre.y) * out.y < 0 { out = Point(-out.x, -out.y) }
            var ticks = Path()
            var farthest = 0.0
            var boxes: [Rect] = []
            for (value, label) in zip(axis.ticks, axis.labels) {
                let p = place(value)
                ticks.addPolyline([p, Point(p.x + 4 * out.x, p.y + 4 * out.y)], closed: false)
                let m = canvas.measure(label, font: look.tickFont)
                let w = m.width, h = m.ascent + m.descent
                // The label's centre, far enough out that its box clears the tick.
                let reach = 8 + abs(out.x) * w / 2 + abs(out.y) * h / 2
                let c = Point(p.x + reach * out.x, p.y + reach * out.y)
                let box = Rect(x: c.x - w / 2, y: c.y - h / 2, width: w, height: h)
                if boxes.contains(where: { $0.insetBy(-3).intersects(box) }) || taken.contains(where: { $0.intersects(box) }) { continue }
                boxes.append(box)
                canvas.text(label, at: c, font: look.tickFont, color: look.foreground, anchor: TextAnchor(.center, .middle))
                farthest = Swift.max(farthest, reach + abs(out.x) * w / 2 + abs(out.y) * h / 2)
            }
            canvas.stroke(ticks, style: StrokeStyle(color: look.foreground, width: look.frame(0.8)))
            taken += boxes
            // The z title reads upwards along its edge, as matplotlib sets it; the others across.
            let label = canvas.measure("Ag", font: look.labelFont)
            let upright = index == 2
            let title = upright ? fittedAlong(axis.title, length: ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot() + 40,
                                              font: look.labelFont, canvas: canvas) : (text: axis.title, font: look.labelFont)
            let titleWidth = canvas.measure(title.text, font: title.font).width, titleHeight = label.ascent + label.descent
            let (across, along) = upright ? (titleHeight, titleWidth) : (titleWidth, titleHeight)
            let reach = farthest + 6 + abs(out.x) * across / 2 + abs(out.y) * along / 2
            let c = Point(mid.x + reach * out.x, mid.y + reach * out.y)
            let box = canvas.text(title.text, at: c, font: title.font, color: look.foreground, anchor: TextAnchor(.center, .middle), angle: upright ? -Double.pi / 2 : 0)
            taken.append(box)
        }
    }

    func legendContent(_ look: Style) -> Legend {
        var keys: [Legend.Key] = [.start, .end]
        if minima.contains(where: { $0.kind == .globalMinimum }) { keys.append(.globalMinimum) }
        if minima.contains(where: { $0.kind == .localMinimum }) { keys.append(.localMinimum) }
        if minima.contains(where: { $0.kind == .saddle }) { keys.append(.saddle) }
        return Legend(rows: series.enumerated().map { k, s in Legend.Row(color: s.color, marker: s.stepMarker(at: k), label: s.label, dash: s.dash) },
                      keys: keys, look: look, reserve: series.map(\.finalLabel))
    }
}
