import Dispatch
import Contours
import Landscapes

/// How a surface's values are shown: contour levels (linear or log-spaced), colormap and the
/// colorbar's label.
public struct FieldStyle: Sendable {
    /// Increasing levels; bands lie between consecutive levels.
    public var levels: [Double]
    /// Levels are log-spaced values of f − `offset`.
    public var logScale: Bool
    /// Subtracted from f before log scaling (the global minimum, so that f − f* ≥ 0).
    public var offset: Double
    /// Levels are spaced on a symmetric log scale with this linear threshold t (see
    /// ``Scale/Kind/symlog(_:)``): for fields of both signs over many decades; nil: not.
    public var symlogThreshold: Double?
    public var colormap: Colormap
    public var label: String
    /// Whether the field has values below the first level or above the last, drawn as the
    /// colorbar's arrow ends (values outside are painted the end colours). Set when a range or
    /// levels were asked for; the automatic levels cover the field.
    public var extends: (below: Bool, above: Bool) = (false, false)

    /// A colour scale asked for: explicit levels, a value range (values outside are clipped to
    /// the end colours), and linear or log spacing; nil parts are chosen as ``automatic(for:grid:count:colormap:)``
    /// chooses them.
    public struct Request: Sendable, Equatable {
        public enum Spacing: String, Sendable, CaseIterable { case linear, log, symlog }
        public var levels: [Double]?
        public var range: ClosedRange<Double>?
        public var spacing: Spacing?
        /// With symlog spacing: the linear threshold t; nil: a power of ten a thousandth of the
        /// field's largest |value| or more (see ``symlogThreshold(of:)``).
        public var threshold: Double?
        public init(levels: [Double]? = nil, range: ClosedRange<Double>? = nil, spacing: Spacing? = nil, threshold: Double? = nil) {
            self.levels = levels
            self.range = range
            self.spacing = spacing
            self.threshold = threshold
        }
        public var isEmpty: Bool { levels == nil && range == nil && spacing == nil }
    }

    public init(levels: [Double], logScale: Bool = false, offset: Double = 0, colormap: Colormap = .viridis, label: String = "loss") {
        self.levels = levels
        self.logScale = logScale
        self.offset = offset
        self.colormap = colormap
        self.label = label
    }

    /// The usual choice for a surface. Log-spaced levels of f − f* when the lowest tenth of the
    /// field lies within 1% of its range (valleys such as Rosenbrock's, which linear levels
    /// would paint one colour); a diverging map with levels symmetric about 0 for the saddle;
    /// otherwise about `count` round linear levels.
    public static func automatic(for surface: Surface, grid: Grid, count: Int = 24, colormap: Colormap? = nil) -> FieldStyle {
        guard let range = grid.finiteRange else { return FieldStyle(levels: []) }
        if surface.minima.contains(where: { $0.kind == .saddle }) {
            let m = max(abs(range.min), abs(range.max))
            return FieldStyle(levels: LevelPicker.nice(count).levels(min: -m, max: m), colormap: colormap ?? .diverging)
        }
        let floor = min(surface.globalMinimumValue ?? range.min, range.min)
        // Quantiles from an evenly strided sample of at most about 25 000 values: the same choice,
        // without sorting millions of values on large grids.
        let stride = max(1, grid.values.count / 25_000)
        var sample = Swift.stride(from: 0, to: grid.values.count, by: stride).map { grid.values[$0] }.filter(\.isFinite)
        // Two order statistics, by selection rather than a full sort: the 10% one, then the 0.1%
        // one among the values below it.
        let tenthIndex = sample.count / 10
        let tenth = Self.select(&sample, tenthIndex, in: 0..<sample.count)
        // (A field spanning past the largest double takes linear levels.)
        if (range.max - floor).isFinite, tenth - floor < 0.01 * (range.max - floor) {
            let top = range.max - floor
            let thousandthIndex = sample.count / 1000
            let thousandth = Self.select(&sample, thousandthIndex, in: 0..<max(tenthIndex, thousandthIndex + 1))
            let bottom = max(thousandth - floor, top * 1e-6)
            let levels = LevelPicker.log(count).levels(min: max(bottom, top * 1e-8), max: top)
            return FieldStyle(levels: levels, logScale: true, offset: floor, colormap: colormap ?? .viridis,
                              label: floor == 0 ? "loss (log scale)" : "loss − minimum (log scale)")
        }
        return FieldStyle(levels: LevelPicker.nice(count).levels(min: range.min, max: range.max), colormap: colormap ?? .viridis)
    }

    /// The field's colour scale as `request` asks (``automatic(for:grid:count:colormap:)`` where
    /// it asks nothing): explicit levels as given; a range spanned by about `count` round levels
    /// (log-spaced with log spacing); log spacing of f − f* over the field, or of f over a range.
    /// The colorbar gets arrow ends where the field goes past the levels.
    public static func requested(_ request: Request, for surface: Surface, grid: Grid, count: Int = 24, colormap: Colormap? = nil) -> FieldStyle {
        var style = automatic(for: surface, grid: grid, count: count, colormap: colormap)
        guard !request.isEmpty, let range = grid.finiteRange else { return style }
        let log = request.spacing == .log
        if request.spacing == .symlog {
            // A threshold no smaller than the field's largest value allows (10³⁰⁰ decades below).
            let top = Swift.max(Swift.abs(range.min), Swift.abs(range.max))
            let t = Swift.max(request.threshold ?? symlogThreshold(of: grid), top.isFinite ? top * 1e-300 : 0, Double.leastNormalMagnitude)
            let r = request.range ?? (request.levels.map { $0[0]...$0[$0.count - 1] } ?? range.min...range.max)
            style.levels = request.levels ?? symlogLevels(r, threshold: t, count: count)
            style.logScale = false
            style.offset = 0
            style.symlogThreshold = t
            style.label = "loss (symlog scale)"
        } else if let levels = request.levels {
            style.levels = levels
            style.logScale = log
            style.offset = 0
        } else if let r = request.range {
            style.levels = log ? LevelPicker.log(count).levels(min: r.lowerBound, max: r.upperBound)
                               : LevelPicker.nice(count).levels(min: r.lowerBound, max: r.upperBound).filter { r.contains($0) }
            if style.levels.count < 2 { style.levels = [r.lowerBound, r.upperBound] }
            style.logScale = log
            style.offset = 0
        } else if log != style.logScale {
            if log {
                // f − f* over the field, from its 0.1% value (or a millionth of its span) up.
                let floor = Swift.min(surface.globalMinimumValue ?? range.min, range.min)
                let top = range.max - floor
                let stride = Swift.max(1, grid.values.count / 25_000)
                let finite = Swift.stride(from: 0, to: grid.values.count, by: stride).map { grid.values[$0] - floor }.filter { $0.isFinite && $0 > 0 }.sorted()
                let bottom = Swift.max(finite.isEmpty ? top * 1e-6 : finite[finite.count / 1000], top * 1e-8)
                style.levels = top > 0 && top.isFinite ? LevelPicker.log(count).levels(min: bottom, max: top) : style.levels
                style.logScale = top > 0 && top.isFinite
                style.offset = floor
            } else {
                style.levels = LevelPicker.nice(count).levels(min: range.min, max: range.max)
                style.logScale = false
                style.offset = 0
            }
        }
        if style.logScale {
            style.label = style.offset == 0 ? "loss (log scale)" : "loss − minimum (log scale)"
        } else if style.label.hasSuffix("(log scale)") && style.symlogThreshold == nil {
            style.label = "loss"
        }
        let shown = (range.min - style.offset, range.max - style.offset)
        if let first = style.levels.first, let last = style.levels.last {
            style.extends = (shown.0 < first - 1e-12 * Swift.max(1, abs(first)), shown.1 > last + 1e-12 * Swift.max(1, abs(last)))
        }
        return style
    }

    /// The automatic symlog threshold: the smallest power of ten at or above a thousandth of the
    /// field's largest |value| (1 for a field of zeros).
    public static func symlogThreshold(of grid: Grid) -> Double {
        guard let range = grid.finiteRange else { return 1 }
        let top = Swift.max(Swift.abs(range.min), Swift.abs(range.max))
        guard top > 0, top.isFinite else { return 1 }
        return cPow(10, (cLog10(top / 1000)).rounded(.up))
    }

    /// About `count` levels over `range`, evenly spaced in sign(v)·log₁₀(1 + |v|/t), the inner
    /// ones rounded to two significant digits; the ends are the range's.
    public static func symlogLevels(_ range: ClosedRange<Double>, threshold t: Double, count: Int) -> [Double] {
        let a = Scale.symlog(range.lowerBound, t), b = Scale.symlog(range.upperBound, t)
        let n = Swift.max(2, count)
        // (A threshold so small that the range spans past the doubles' decades: its two ends.)
        guard a.isFinite, b.isFinite, a < b else { return [range.lowerBound, range.upperBound] }
        var levels = [range.lowerBound]
        for k in 1..<(n - 1) {
            let v = Scale.symexp(a + (b - a) * Double(k) / Double(n - 1), t)
            let rounded = v == 0 ? 0 : { let e = cPow(10, (cLog10(Swift.abs(v))).rounded(.down) - 1); return (v / e).rounded() * e }()
            if rounded > levels[levels.count - 1], rounded < range.upperBound { levels.append(rounded) }
        }
        levels.append(range.upperBound)
        return levels
    }

    /// The k-th smallest of `values[range]` (k an index into the whole array), by quickselect with
    /// a median-of-three pivot and a three-way partition (so that runs of equal values, common
    /// in flat regions, cost no more than distinct ones). Afterwards values[range.lowerBound..<k]
    /// are all ≤ it. Equal to `values[range].sorted()[k − range.lowerBound]`.
    static func select(_ values: inout [Double], _ k: Int, in range: Range<Int>) -> Double {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let a = values[lo], b = values[mid], c = values[hi]
            let pivot = max(min(a, b), min(max(a, b), c))
            // Dutch national flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
            var lt = lo, i = lo, gt = hi
            while i <= gt {
                if values[i] < pivot {
                    values.swapAt(i, lt)
                    lt += 1
                    i += 1
                } else if values[i] > pivot {
                    values.swapAt(i, gt)
                    gt -= 1
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt - 1 } else if k > gt { lo = gt + 1 } else { return pivot }
        }
        return values[k]
    }

    /// The colour of band k, between levels[k] and levels[k + 1].
    public func bandColor(_ k: Int) -> Color {
        colormap.color(at: (Double(k) + 0.5) / Double(max(1, levels.count - 1)))
    }
}

/// A field's contour geometry in data coordinates, computed once and drawn as often as needed
/// (a figure is drawn once per file format; side-by-side panels share one).
public struct FieldGeometry: Sendable {
    /// For each band k, the superlevel set {f ≥ levels[k]} (everything for k = 0) as closed rings.
    public let layers: [[Polyline]]
    /// The contour lines at the interior levels.
    public let lines: [Polyline]
    /// The same lines by level: `lineLevels[k]` are those at `levels[k]` (none for the first).
    public let lineLevels: [[Polyline]]

    public init(grid: Grid, style: FieldStyle) {
        let levels = style.levels
        guard levels.count >= 2 else {
            layers = []
            lines = []
            lineLevels = []
            return
        }
        // Log scale: contour log₁₀(f − offset) linearly, floored a decade below the lowest level,
        // so that nothing is masked at the minimum.
        var field = grid
        var cut = levels
        if style.logScale {
            let floor = levels[0] / 10
            field = Grid(domain: grid.domain, nx: grid.nx, ny: grid.ny,
                         values: grid.values.map { $0.isFinite ? cLog10(max($0 - style.offset, floor)) : $0 })
            cut = levels.map(cLog10)
        } else if let t = style.symlogThreshold {
            field = Grid(domain: grid.domain, nx: grid.nx, ny: grid.ny, values: grid.values.map { $0.isFinite ? Scale.symlog($0, t) : $0 })
            cut = levels.map { Scale.symlog($0, t) }
        }
        let generator = ContourGenerator(grid: field)
        // One pass over the cells finds every level's segments; each serves both the level's
        // superlevel set and its contour line.
        let segments = generator.segments(forLevels: cut)
        let levelsCut = cut
        // Each level's superlevel set and line from its own segments, levels in parallel.
        let count = cut.count - 1
        var layers = [[Polyline]](repeating: [], count: count)
        var lines = [[Polyline]](repeating: [], count: count)
        layers.withUnsafeMutableBufferPointer { layerBuffer in
            lines.withUnsafeMutableBufferPointer { lineBuffer in
                nonisolated(unsafe) let layerOut = layerBuffer.baseAddress!, lineOut = lineBuffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: count) { k in
                    if k == 0 {
                        layerOut[0] = generator.filled(lower: -.infinity, upper: .infinity)
                    } else {
                        layerOut[k] = generator.filled(lower: levelsCut[k], upper: .infinity, lowerSegments: segments[k], upperSegments: [])
                        lineOut[k] = generator.lines(at: levelsCut[k], segments: segments[k])
                    }
                }
            }
        }
        self.layers = layers
        self.lines = lines.flatMap { $0 }
        self.lineLevels = lines
    }
}
