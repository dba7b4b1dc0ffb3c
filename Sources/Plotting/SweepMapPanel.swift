import Contours
import Landscapes
import Trajectories

/// A hyperparameter map: one coloured cell per pair of swept values, with a colorbar, cells that
/// diverged (hatched) or never converged (grey) named in a legend, the best cell marked, and
/// optionally the theory for quadratic surfaces drawn over it: the stability limit (ρ = 1),
/// contours of the convergence rate ρ, and Polyak's optimum.
///
/// ```swift
/// let result = sweep.run()
/// let map = SweepMapPanel(measured: result, metric: .steps)
/// Figure(width: 800, height: 640, title: "Momentum on the ravine", panels: [[map]]).draw(on: canvas)
/// ```
public struct SweepMapPanel: Panel {
    public enum Cell: Sendable, Equatable {
        case value(Double)
        case notConverged
        case diverged
    }

    /// A marker at a point of the map.
    public struct Mark: Sendable {
        public enum Kind: Sendable {
            /// The best measured cell: a star.
            case best
            /// The theoretical optimum: a crosshair.
            case optimum
            /// A chosen cell, drawn with path k's colour and marker.
            case pick(Int)
        }
        public var x: Double
        public var y: Double
        public var kind: Kind
        public var label: String
        public init(x: Double, y: Double, kind: Kind, label: String) {
            self.x = x
            self.y = y
            self.kind = kind
            self.label = label
        }
    }

    /// Theory drawn over the map: ρ(x, y) with its ρ = 1 contour and a few rate contours.
    public struct Theory: Sendable {
        public var rate: @Sendable (Double, Double) -> Double
        public var levels: [Double]
        public init(rate: @escaping @Sendable (Double, Double) -> Double, levels: [Double] = [0.5, 0.7, 0.8, 0.9, 0.95]) {
            self.rate = rate
            self.levels = levels
        }
    }

    public var x: SweepAxis
    public var y: SweepAxis
    /// Row order: index j·(x.count) + i.
    public var cells: [Cell]
    public var colorbarTitle: String
    /// Colour by log of the value (when every value is positive).
    public var logColor: Bool
    public var colormap: Colormap = .viridis
    public var notConvergedLabel: String
    public var divergedLabel: String
    public var theory: Theory?
    public var marks: [Mark] = []
    public var title: String?
    /// The colour range, when it must match another map's; default: the values' own range.
    public var colorRange: (lo: Double, hi: Double)?
    /// Panels drawn beside this one in a row of equal columns: each reserves the tallest legend
    /// of them all, so that the maps' plots have one height and their axes line up.
    var rowmates: [SweepMapPanel] = []
    /// Axis titles in place of the swept keys' names; nil: those.
    public var xLabel: String?
    public var yLabel: String?

    public init(x: SweepAxis, y: SweepAxis, cells: [Cell], colorbarTitle: String, logColor: Bool,
                notConvergedLabel: String, divergedLabel: String, title: String? = nil) {
        precondition(cells.count == x.count * y.count, "one cell per pair of values")
        self.x = x
        self.y = y
        self.cells = cells
        self.colorbarTitle = colorbarTitle
        self.logColor = logColor
        self.notConvergedLabel = notConvergedLabel
        self.divergedLabel = divergedLabel
        self.title = title
    }

    /// The measured map of a sweep, with its best cell marked.
    public init(measured result: SweepResult, metric: SweepMetric, title: String? = nil) {
        let cells: [Cell] = result.cells.map { c in
            if c.end.outcome == .diverged { return .diverged }
            guard let v = result.value(c, metric) else { return .notConverged }
            return .value(v)
        }
        let sweep = result.sweep
        self.init(x: sweep.x, y: sweep.y, cells: cells, colorbarTitle: metric.title, logColor: true,
                  notConvergedLabel: "not converged in \(sweep.stop.maxSteps) steps", divergedLabel: "diverged", title: title)
        if let best = result.best(metric) {
            let value = result.value(best, metric) ?? 0
            let shown = metric == .steps ? "\(Int(value)) steps" : TickFormat.scientific(Rounding.significant(value, digits: 2))
            marks.append(Mark(x: best.x, y: best.y, kind: .best,
                              label: "best: \(Self.setting(sweep.x.key, best.x)), \(Self.setting(sweep.y.key, best.y)) (\(shown))"))
        }
    }

    /// The theoretical map of a sweep's method on a quadratic surface. For the `steps` metric with
    /// a stop rule, each cell shows the steps the rate predicts: the error shrinks like ρᵏ, so the
    /// loss gap reaches its target after k = ln((L − f*)/(f(θ₀) − f*)) / (2 ln ρ) steps and the
    /// gradient norm after k = ln(G/‖∇f(θ₀)‖) / ln ρ; otherwise each cell shows ρ. Cells with ρ ≥ 1
    /// are marked unstable. Nil unless the theory covers the optimizer and both swept keys.
    public init?(theoryOf sweep: Sweep, metric: SweepMetric = .steps, title: String? = nil) {
        guard let overlay = Self.theory(for: sweep) else { return nil }
        let surface = sweep.surface
        let fStar = surface.globalMinimumValue ?? 0
        var logTargets: [(Double, Double)] = []  // (ln of the ratio to reach, power of ρ per step)
        if let l = sweep.stop.loss {
            let gap0 = surface.value(at: sweep.start) - fStar, gap = l - fStar
            logTargets.append((gap > 0 && gap0 > gap ? cLog(gap / gap0) : 0, 2))
        }
        if let g = sweep.stop.gradientNorm {
            let g0 = surface.gradient(at: sweep.start).norm
            logTargets.append((g0 > g ? cLog(g / g0) : 0, 1))
        }
        let predictsSteps = metric == .steps && !logTargets.isEmpty
        var cells: [Cell] = []
        cells.reserveCapacity(sweep.cellCount)
        for j in 0..<sweep.y.count {
            for i in 0..<sweep.x.count {
                let r = overlay.rate(sweep.x.value(i), sweep.y.value(j))
                guard r < 1 else {
                    cells.append(.diverged)
                    continue
                }
                guard predictsSteps else {
                    cells.append(.value(r))
                    continue
                }
                let k = logTargets.map { target, power in target == 0 ? 0 : (r == 0 ? 1 : (target / (power * cLog(r))).rounded(.up)) }.min()!
                cells.append(k > Double(sweep.stop.maxSteps) ? .notConverged : .value(max(k, 1)))
            }
        }
        self.init(x: sweep.x, y: sweep.y, cells: cells,
                  colorbarTitle: predictsSteps ? "steps predicted by the rate ρ" : "convergence rate ρ (theory)", logColor: predictsSteps,
                  notConvergedLabel: "predicted beyond \(sweep.stop.maxSteps) steps", divergedLabel: "unstable (ρ ≥ 1)", title: title)
        theory = overlay
        if let optimum = Self.optimum(for: sweep) { marks.append(optimum) }
    }

    /// The theory overlay for a sweep: the rate of the base method with the two swept keys set,
    /// on a quadratic surface with a positive definite Hessian. Nil otherwise.
    public static func theory(for sweep: Sweep) -> Theory? {
        guard let quadratic = QuadraticTheory(surface: sweep.surface), let method = MomentumMethod(sweep.base),
              method.with(sweep.x.key, 0) != nil, method.with(sweep.y.key, 0) != nil else { return nil }
        let xKey = sweep.x.key, yKey = sweep.y.key
        return Theory(rate: { a, b in quadratic.rate(method.with(xKey, a)!.with(yKey, b)!) })
    }

    /// Polyak's (γ*, μ*) when the map is heavy ball over learning rate and momentum (no dampening
    /// or weight decay) and the point lies inside it.
    public static func optimum(for sweep: Sweep) -> Mark? {
        guard let quadratic = QuadraticTheory(surface: sweep.surface), let method = MomentumMethod(sweep.base),
              !method.nesterov, method.dampening == 0, method.weightDecay == 0,
              Set([sweep.x.key, sweep.y.key]) == ["lr", "momentum"] else { return nil }
        let lr = quadratic.optimalLearningRate, mu = quadratic.optimalMomentum
        let (px, py) = sweep.x.key == "lr" ? (lr, mu) : (mu, lr)
        let ex = sweep.x.extent, ey = sweep.y.extent
        guard px >= ex.0, px <= ex.1, py >= ey.0, py <= ey.1 else { return nil }
        let label = "theory optimum γ* = \(TickFormat.number(Rounding.significant(lr, digits: 3))), μ* = \(TickFormat.number(Rounding.significant(mu, digits: 3))) (ρ = \(TickFormat.number(Rounding.significant(quadratic.optimalRate, digits: 3))))"
        return Mark(x: px, y: py, kind: .optimum, label: label)
    }

    /// `lr=0.06`, `μ=0.58`.
    static func setting(_ key: String, _ value: Double) -> String {
        "\(symbol(key))=\(TickFormat.number(Rounding.significant(value, digits: 3)))"
    }

    static func symbol(_ key: String) -> String {
        switch key {
        case "lr": return "γ"
        case "momentum": return "μ"
        case "beta1": return "β₁"
        case "beta2": return "β₂"
        case "eps": return "ε"
        case "alpha": return "α"
        case "weight_decay": return "λ"
        case "dampening": return "τ"
        default: return key
        }
    }

    static func axisTitle(_ key: String) -> String {
        switch key {
        case "lr": return "learning rate γ"
        case "momentum": return "momentum μ"
        case "beta1": return "β₁ (first-moment decay)"
        case "beta2": return "β₂ (second-moment decay)"
        case "eps": return "ε"
        case "alpha": return "α (smoothing)"
        case "weight_decay": return "weight decay λ"
        case "dampening": return "dampening τ"
        default: return key
        }
    }

    static let divergedColor = Color(hex: 0xf2f2f2)
    static let hatchColor = Color(hex: 0xb0b0b0)
    static let notConvergedColor = Color(hex: 0x9a9a9a)
    /// Colour levels of the map and its colorbar.
    static let bins = 64
    static let overlap = 0.5

    var xAxis: Axis {
        var a = Self.axis(x)
        if let xLabel { a.title = xLabel }
        return a
    }
    var yAxis: Axis {
        var a = Self.axis(y)
        if let yLabel { a.title = yLabel }
        return a
    }

    /// A swept key's axis; log axes get 1-2-5 ticks written as decimals (0.002, 0.05) where they
    /// are short.
    static func axis(_ a: SweepAxis) -> Axis {
        var axis = Axis(kind: a.logarithmic ? .log : .linear, from: a.extent.0, to: a.extent.1, title: axisTitle(a.key), tickCount: a.logarithmic ? 10 : 6)
        if a.logarithmic, axis.ticks.allSatisfy({ $0 >= 1e-4 && $0 <= 1e5 }) {
            axis.labels = axis.ticks.map { TickFormat.number($0) }
        }
        return axis
    }

    /// The finite range of the values, and whether it is coloured in log.
    var valueRange: (lo: Double, hi: Double, log: Bool)? {
        if let r = colorRange, r.hi > r.lo { return (r.lo, r.hi, logColor && r.lo > 0) }
        var lo = Double.infinity, hi = -Double.infinity
        for case let .value(v) in cells where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        guard lo <= hi else { return nil }
        let log = logColor && lo > 0
        if hi == lo { return (lo * 0.9 - (lo == 0 ? 1 : 0), hi * 1.1 + (hi == 0 ? 1 : 0), log) }
        return (lo, hi, log)
    }

    /// The colour bin (0 ..< bins) of a value.
    func bin(_ v: Double, _ range: (lo: Double, hi: Double, log: Bool)) -> Int {
        let t = range.log ? (cLog10(v) - cLog10(range.lo)) / (cLog10(range.hi) - cLog10(range.lo)) : (v - range.lo) / (range.hi - range.lo)
        return min(Self.bins - 1, max(0, Int(t * Double(Self.bins))))
    }

    func binColor(_ k: Int) -> Color { colormap.color(at: (Double(k) + 0.5) / Double(Self.bins)) }

    enum LegendEntry {
        case swatch(Color, hatched: Bool, String)
        case line(StrokeStyle, String)
        case mark(Mark.Kind, String)
    }

    func legendEntries(_ look: Style) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        if cells.contains(.diverged) { entries.append(.swatch(Self.divergedColor, hatched: true, divergedLabel)) }
        if cells.contains(.notConverged) { entries.append(.swatch(Self.notConvergedColor, hatched: false, notConvergedLabel)) }
        if theory != nil {
            entries.append(.line(Self.boundaryStyle(look), "stability limit ρ = 1"))
            entries.append(.line(Self.rateStyle(look), "rate ρ (theory)"))
        }
        for m in marks {
            if case .pick = m.kind { continue }
            entries.append(.mark(m.kind, m.label))
        }
        return entries
    }

    static func boundaryStyle(_ look: Style) -> StrokeStyle { StrokeStyle(color: .ink, width: look.line(2.2), cap: .round, join: .round) }
    static func rateStyle(_ look: Style) -> StrokeStyle { StrokeStyle(color: Color.white.withAlpha(0.95), width: look.line(1.1), join: .round, dash: [5, 3]) }

    /// Legend entries laid out in rows that fit `width`: each entry's offset from the top left.
    func legendLayout(_ canvas: Canvas, width: Double, look: Style) -> (placed: [(LegendEntry, Point)], height: Double) {
        let font = look.legendFont
        let m = canvas.measure("Ag", font: font)
        let rowHeight = (m.ascent + m.descent) * 1.5
        var placed: [(LegendEntry, Point)] = []
        var x = 0.0, y = 0.0
        for entry in legendEntries(look) {
            // An entry wider than the row is cut with an ellipsis.
            var e = entry
            switch entry {
            case let .swatch(a, b, t): e = .swatch(a, hatched: b, fitted(t, width: width - 32, font: font, canvas: canvas))
            case let .line(a, t): e = .line(a, fitted(t, width: width - 32, font: font, canvas: canvas))
            case let .mark(a, t): e = .mark(a, fitted(t, width: width - 32, font: font, canvas: canvas))
            }
            let text: String
            switch e {
            case let .swatch(_, _, t), let .line(_, t), let .mark(_, t): text = t
            }
            let w = 26 + 6 + canvas.measure(text, font: font).width
            if x > 0 && x + w > width {
                x = 0
                y += rowHeight
            }
            placed.append((e, Point(x, y)))
            x += w + 16
        }
        return (placed, placed.isEmpty ? 0 : y + rowHeight)
    }

    public func draw(in frame: Rect, on canvas: Canvas, style look: Style) -> PanelLayout {
        let range = valueRange
        let colorAxis = range.map { Axis(kind: $0.log ? .log : .linear, from: $0.lo, to: $0.hi, title: colorbarTitle) }
        var right = 12.0
        if let axis = colorAxis {
            let label = canvas.measure("Ag", font: look.labelFont)
            let widest = axis.labels.map { canvas.measure($0, font: look.tickFont).width }.max() ?? 0
            right += 18 + 16 + look.tickLength + 4 + widest + 8 + label.ascent + label.descent
        }
        let legend = legendLayout(canvas, width: frame.width - 20, look: look)
        let reserved = ([legend.height] + rowmates.map { $0.legendLayout(canvas, width: frame.width - 20, look: look).height }).max() ?? 0
        var body = frame
        body.height -= reserved + (reserved > 0 ? 6 : 0)
        let plot = plotRect(in: body, title: title, y: yAxis, rightMargin: right, on: canvas, look: look)
        let xs = Scale(kind: xAxis.scale.kind, domain: xAxis.scale.domain, range: plot.minX...plot.maxX)
        let ys = Scale(kind: yAxis.scale.kind, domain: yAxis.scale.domain, range: plot.minY...plot.maxY, reversed: true)

        drawCells(on: canvas, plot: plot, xs: xs, ys: ys, range: range)
        canvas.pushClip(plot)
        if let theory { drawTheory(theory, on: canvas, plot: plot, xs: xs, ys: ys, look: look) }
        // The best cell's star last, so that no other mark (a picked cell on it) hides it.
        let ordered = marks.filter { if case .best = $0.kind { false } else { true } } + marks.filter { if case .best = $0.kind { true } else { false } }
        for m in ordered { Self.drawMark(m.kind, at: Point(xs(m.x), ys(m.y)), on: canvas, large: true, look: look) }
        canvas.popClip()
        drawAxes(on: canvas, plot: plot, x: xAxis, y: yAxis, look: look)

        var layout = PanelLayout(plot: plot, transform: PlotTransform(x: xs, y: ys))
        if let axis = colorAxis {
            let bar = Rect(x: plot.maxX + 18, y: plot.minY, width: 16, height: plot.height)
            drawColorbar(on: canvas, rect: bar, axis: axis, look: look)
            layout.colorbar = bar
        }
        if legend.height > 0 {
            let top = body.maxY + 6
            let widest = legend.placed.map { e, p -> Double in
                switch e {
                case let .swatch(_, _, t), let .line(_, t), let .mark(_, t): return p.x + 32 + canvas.measure(t, font: look.legendFont).width
                }
            }.max() ?? 0
            let left = min(max(frame.minX + 10, plot.center.x - widest / 2), frame.maxX - widest)
            let box = Rect(x: left, y: top, width: widest, height: legend.height)
            drawLegend(legend.placed, on: canvas, origin: Point(left, top), look: look)
            layout.legend = box
        }
        return layout
    }

    // MARK: Cells

    /// Cells as runs of equal colour along each row, on whole device pixels so that neighbours
    /// meet without seams; one path per colour.
    func drawCells(on canvas: Canvas, plot: Rect, xs: Scale, ys: Scale, range: (lo: Double, hi: Double, log: Bool)?) {
        let nx = x.count, ny = y.count
        let xe = (0...nx).map { k in (k == nx ? xs(x.edges(nx - 1).1) : xs(x.edges(k).0)).rounded() }
        let ye = (0...ny).map { k in (k == ny ? ys(y.edges(ny - 1).1) : ys(y.edges(k).0)).rounded() }
        // Colour classes: bins, then not converged, then diverged.
        let notConverged = Self.bins, diverged = Self.bins + 1
        func cls(_ c: Cell) -> Int {
            switch c {
            case let .value(v): return range.map { bin(v, $0) } ?? 0
            case .notConverged: return notConverged
            case .diverged: return diverged
            }
        }
        var paths = [Path](repeating: Path(), count: Self.bins + 2)
        var divergedRects: [Rect] = []
        for j in 0..<ny {
            var i = 0
            while i < nx {
                let k = cls(cells[j * nx + i])
                var end = i + 1
                while end < nx && cls(cells[j * nx + end]) == k { end += 1 }
                let r = Rect(x: xe[i], y: min(ye[j], ye[j + 1]), width: xe[end] - xe[i], height: abs(ye[j + 1] - ye[j]))
                // Half a unit over the right and upper neighbours (not past the plot): a viewer that
                // scales the SVG anti-aliases each rectangle alone, and abutting edges would let the
                // background show through as hairlines.
                let right = end < nx ? Self.overlap : 0, up = j + 1 < ny ? Self.overlap : 0
                paths[k].addRect(Rect(x: r.minX, y: r.minY - up, width: r.width + right, height: r.height + up))
                if k == diverged { divergedRects.append(r) }
                i = end
            }
        }
        for k in 0..<Self.bins where !paths[k].elements.isEmpty { canvas.fill(paths[k], color: binColor(k), rule: .nonZero) }
        if !paths[notConverged].elements.isEmpty { canvas.fill(paths[notConverged], color: Self.notConvergedColor, rule: .nonZero) }
        if !paths[diverged].elements.isEmpty {
            canvas.fill(paths[diverged], color: Self.divergedColor, rule: .nonZero)
            var hatch = Path()
            for r in divergedRects { Self.addHatch(to: &hatch, in: r, spacing: 7) }
            canvas.stroke(hatch, style: StrokeStyle(color: Self.hatchColor, width: 1))
        }
    }

    /// Diagonal lines x − y = c·spacing (device units, so that hatching lines up across cells),
    /// clipped to `r`.
    static func addHatch(to path: inout Path, in r: Rect, spacing: Double) {
        let c0 = ((r.minX - r.maxY) / spacing).rounded(.down), c1 = ((r.maxX - r.minY) / spacing).rounded(.up)
        var c = c0
        while c <= c1 {
            let d = c * spacing  // the line x = y + d
            let y0 = max(r.minY, r.minX - d), y1 = min(r.maxY, r.maxX - d)
            if y1 > y0 {
                path.move(to: Point(y0 + d, y0))
                path.line(to: Point(y1 + d, y1))
            }
            c += 1
        }
    }

    // MARK: Theory

    func drawTheory(_ theory: Theory, on canvas: Canvas, plot: Rect, xs: Scale, ys: Scale, look: Style) {
        // ρ on a fine lattice in the plotted coordinates (log where the axis is log), contoured.
        let n = 181
        func t(_ v: Double, _ log: Bool) -> Double { log ? cLog10(v) : v }
        func u(_ v: Double, _ log: Bool) -> Double { log ? cPow(10, v) : v }
        let domain = Domain(xmin: t(x.extent.0, x.logarithmic), xmax: t(x.extent.1, x.logarithmic),
                            ymin: t(y.extent.0, y.logarithmic), ymax: t(y.extent.1, y.logarithmic))
        var values = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            let b = u(domain.ymin + (domain.ymax - domain.ymin) * Double(j) / Double(n - 1), y.logarithmic)
            for i in 0..<n {
                let a = u(domain.xmin + (domain.xmax - domain.xmin) * Double(i) / Double(n - 1), x.logarithmic)
                values[j * n + i] = min(theory.rate(a, b), 10)
            }
        }
        let generator = ContourGenerator(grid: Grid(domain: domain, nx: n, ny: n, values: values))
        let lowest = values.min() ?? 0
        let levels = theory.levels.filter { $0 > lowest && $0 < 1 }
        let lines = generator.lines(atLevels: levels + [1])
        func device(_ p: Vector2) -> Point { Point(xs(u(p.x, x.logarithmic)), ys(u(p.y, y.logarithmic))) }

        var candidates: [(String, [Point])] = []
        for (k, level) in levels.enumerated() {
            var path = Path()
            var longest: [Point] = []
            for line in lines[k] {
                let points = simplify(line.points.map(device), tolerance: 0.25)
                path.addPolyline(points, closed: line.isClosed)
                if points.count > longest.count { longest = points }
            }
            canvas.stroke(path, style: StrokeStyle(color: Color.black.withAlpha(0.35), width: look.line(2.6), join: .round))
            canvas.stroke(path, style: Self.rateStyle(look))
            if longest.count >= 2 { candidates.append(("ρ=" + TickFormat.number(level), Self.resample(longest))) }
        }
        var boundary = Path()
        for line in lines[levels.count] {
            boundary.addPolyline(simplify(line.points.map(device), tolerance: 0.25), closed: line.isClosed)
        }
        canvas.stroke(boundary, style: StrokeStyle(color: .white, width: look.line(5), cap: .round, join: .round))
        canvas.stroke(boundary, style: Self.boundaryStyle(look))
        // Each label at the first place along its line (from the middle outwards) where it fits in
        // the plot, clear of the other labels and of the marks.
        var taken = marks.map { m -> Rect in
            let c = Point(xs(m.x), ys(m.y))
            return Rect(x: c.x - 12, y: c.y - 12, width: 24, height: 24)
        }
        for (text, points) in candidates {
            let m = canvas.measure(text, font: look.legendFont)
            let order = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9, 0.05, 0.95]
            for f in order {
                let p = points[min(points.count - 1, Int(f * Double(points.count - 1)))]
                let box = Rect(x: p.x - m.width / 2 - 3, y: p.y - (m.ascent + m.descent) / 2 - 1, width: m.width + 6, height: m.ascent + m.descent + 2)
                guard plot.insetBy(2).contains(box), !taken.contains(where: { $0.insetBy(-2).intersects(box) }) else { continue }
                taken.append(box)
                canvas.fill(.rect(box), color: Color.white.withAlpha(0.85), rule: .nonZero)
                canvas.text(text, at: p, font: look.legendFont, color: .ink, anchor: TextAnchor(.center, .middle))
                break
            }
        }
    }

    /// Points every 4 device units along a polyline, so that positions along it are by length.
    static func resample(_ points: [Point]) -> [Point] {
        var out = [points[0]]
        var carry = 0.0
        for k in 1..<points.count {
            let a = points[k - 1], b = points[k]
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            var d = 4 - carry
            while d <= length {
                let t = d / length
                out.append(Point(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                d += 4
            }
            carry = length - (d - 4)
        }
        return out
    }

    // MARK: Marks, colorbar, legend

    static func drawMark(_ kind: Mark.Kind, at c: Point, on canvas: Canvas, large: Bool, look: Style) {
        let s = look.marker(large ? 1.0 : 0.75)
        switch kind {
        case .best:
            let star = Marker.star.path(at: c, radius: 10 * s)
            canvas.fill(star, color: .white, rule: .nonZero)
            canvas.stroke(star, style: StrokeStyle(color: .ink, width: 1.5, join: .round))
        case .optimum:
            let ring = Marker.circle.path(at: c, radius: 7 * s)
            canvas.stroke(ring, style: StrokeStyle(color: .white, width: 4))
            canvas.stroke(ring, style: StrokeStyle(color: .ink, width: 1.8))
            var cross = Path()
            cross.move(to: Point(c.x - 11 * s, c.y))
            cross.line(to: Point(c.x + 11 * s, c.y))
            cross.move(to: Point(c.x, c.y - 11 * s))
            cross.line(to: Point(c.x, c.y + 11 * s))
            canvas.stroke(cross, style: StrokeStyle(color: .white, width: 3.6, cap: .round))
            canvas.stroke(cross, style: StrokeStyle(color: .ink, width: 1.4, cap: .round))
        case let .pick(k):
            let marker = LandscapePanel.stepMarker(k).path(at: c, radius: 6.5 * s)
            canvas.fill(marker, color: look.runColor(k), rule: .nonZero)
            canvas.stroke(marker, style: StrokeStyle(color: .white, width: 1.6))
        }
    }

    func drawColorbar(on canvas: Canvas, rect: Rect, axis: Axis, look: Style) {
        fillColorbarSteps(on: canvas, rect: rect, count: Self.bins, bottom: { rect.maxY - rect.height * Double($0) / Double(Self.bins) }, color: binColor)
        drawColorbarAxis(on: canvas, rect: rect, axis: axis, look: look)
    }

    func drawLegend(_ placed: [(LegendEntry, Point)], on canvas: Canvas, origin: Point, look: Style) {
        let font = look.legendFont
        let m = canvas.measure("Ag", font: font)
        let rowHeight = (m.ascent + m.descent) * 1.5
        for (entry, offset) in placed {
            let cy = origin.y + offset.y + rowHeight / 2
            let x0 = origin.x + offset.x
            let text: String
            switch entry {
            case let .swatch(color, hatched, t):
                let r = Rect(x: x0 + 2, y: cy - 7, width: 22, height: 14)
                canvas.fill(.rect(r), color: color, rule: .nonZero)
                if hatched {
                    var hatch = Path()
                    Self.addHatch(to: &hatch, in: r, spacing: 5)
                    canvas.stroke(hatch, style: StrokeStyle(color: Self.hatchColor, width: 1))
                }
                canvas.stroke(.rect(r), style: StrokeStyle(color: Color(hex: 0x777777), width: look.frame(0.8)))
                text = t
            case let .line(style, t):
                let segment = Path.segment(Point(x0 + 1, cy), Point(x0 + 25, cy))
                if style.dash.isEmpty {
                    // (The stability limit, ink on the map, in the legend's text colour.)
                    var sample = style
                    if sample.color == .ink { sample.color = look.foreground }
                    canvas.stroke(segment, style: sample)
                } else {
                    canvas.fill(.rect(Rect(x: x0, y: cy - 5, width: 26, height: 10)), color: Color(hex: 0x3b528b), rule: .nonZero)
                    canvas.stroke(segment, style: style)
                }
                text = t
            case let .mark(kind, t):
                Self.drawMark(kind, at: Point(x0 + 13, cy), on: canvas, large: false, look: look)
                text = t
            }
            canvas.text(text, at: Point(x0 + 32, cy), font: font, color: look.foreground, anchor: TextAnchor(.left, .middle))
        }
    }
}
