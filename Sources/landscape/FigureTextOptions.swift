import ArgumentParser
import Landscapes
import Plotting

/// A figure's own words and legend, as render, animate, sweep and net render take them.
struct FigureTextOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "A subtitle instead of the automatic one.")
    var subtitle: String?

    @Option(name: .long, parsing: .unconditional, help: "The x axis's title (default: the surface's, e.g. w₁).")
    var xlabel: String?

    @Option(name: .long, parsing: .unconditional, help: "The y axis's title (default: the surface's, e.g. w₂).")
    var ylabel: String?

    @Option(name: .customLong("colorbar-label"), parsing: .unconditional, help: "The colorbar's title, the value's name (default: loss).")
    var colorbarLabel: String?

    @Option(name: .long, parsing: .unconditional, help: "Where legends go: auto, upper-right, upper-left, lower-left, lower-right, outside (below the plot) or none.")
    var legend: String?

    /// Sets the spec's texts, and the legend's place in its style (checked).
    func apply(to spec: inout Scene.FigureSpec) throws(CommandError) {
        spec.subtitle = subtitle
        spec.xLabel = xlabel
        spec.yLabel = ylabel
        spec.colorbarLabel = colorbarLabel
        if let legend { try Self.setLegend(legend, in: &spec.style) }
    }

    static func setLegend(_ text: String, in style: inout Style) throws(CommandError) {
        do { try style.set(.legend, to: text) } catch { throw CommandError.usage("--legend \(excerpt(text, limit: 40)): " + error.message.drop { $0 != ":" }.dropFirst(2)) }
    }
}

/// How values map to colours on a 2-D figure: explicit levels, a range, the spacing, and contour
/// labels (`--levels N`, the count, stays with each command's own defaults).
struct ColorScaleOptions: ParsableArguments {
    @Option(name: .customLong("level"), parsing: .unconditionalSingleValue, help: "An explicit contour level, instead of --levels; repeat for several (increasing).")
    var levelValues: [String] = []

    @Option(name: .customLong("color-range"), parsing: .unconditional, help: "LO,HI: the values the colours span; values outside take the end colours and the colorbar gets arrow ends.")
    var colorRange: String?

    @Option(name: .customLong("color-scale"), parsing: .unconditional, help: "linear, log or symlog level spacing (symlog: linear near 0, log beyond ±T, for values of both signs; symlog:T sets T). Default: log where a valley would paint the field one colour.")
    var colorScale: String?

    @Flag(name: .customLong("contour-labels"), help: "Label the contour lines with their values (as matplotlib's clabel).")
    var contourLabels = false

    /// Whether any of these options was given.
    var isGiven: Bool { !levelValues.isEmpty || colorRange != nil || colorScale != nil || contourLabels }

    /// The colour scale asked for, checked.
    func request() throws(CommandError) -> FieldStyle.Request {
        try Arguments.colorScale(levels: levelValues, range: colorRange, spacing: colorScale)
    }

    func apply(to spec: inout Scene.FigureSpec) throws(CommandError) {
        spec.colorScale = try request()
        spec.contourLabels = contourLabels
    }
}

/// `--indefinite`, `--ellipses` and `--ellipse-at`: the surface's Hessian over the contours.
struct CurvatureOptions: ParsableArguments {
    @Flag(name: .long, help: "Shade where the Hessian is indefinite (det < 0: a saddle's curvature), with the boundary dashed.")
    var indefinite = false

    @Option(name: .long, parsing: .unconditional, help: "Curvature ellipses along each path: N, evenly along its length (axes along the Hessian's eigenvectors, semi-axes ∝ 1/√|λ|).")
    var ellipses: String?

    @Option(name: .customLong("ellipse-at"), parsing: .unconditionalSingleValue, help: "A curvature ellipse at X,Y; repeat for several.")
    var ellipseAt: [String] = []

    func marks() throws(CommandError) -> Comparison.CurvatureMarks {
        var marks = Comparison.CurvatureMarks(indefinite: indefinite)
        if let ellipses { marks.ellipsesAlongPaths = try Arguments.wholeNumber(ellipses, option: "--ellipses", in: 0...Comparison.maximumEllipses) }
        guard ellipseAt.count <= Comparison.maximumEllipses else {
            throw .usage("\(ellipseAt.count) --ellipse-at: at most \(Comparison.maximumEllipses)")
        }
        for text in ellipseAt {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]), x.isFinite, y.isFinite else {
                throw .usage("--ellipse-at '\(text)': expected X,Y, two finite numbers")
            }
            marks.ellipsesAt.append(Vector2(x, y))
        }
        return marks
    }
}
