/// How a figure looks: text sizes, line widths, marker sizes, colours, the runs' palette, the
/// colormap and where the legend goes. A small set of named values, as matplotlib's rcParams
/// are, each of them visible in every figure.
///
/// Sizes are in output units: points in PDF and SVG, pixels in a PNG at scale 1. ``spacing``
/// sets everything else (gaps, margins, tick lengths, marker sizes, the colorbar's width)
/// relative to the default look: a figure is laid out at its size ÷ `spacing` and drawn scaled
/// by `spacing`, so `paper` (0.5) fits a 3.5-inch column with the default look's proportions
/// and its own text sizes.
///
/// Built in: ``default``, ``paper``, ``slides``, ``dark``, ``transparent``. A style file (YAML,
/// read by the command line) or a dictionary overrides any key of one (``applying(_:)``).
///
/// ```swift
/// var style = Style.paper
/// style.palette = [Color(hex: 0x1b9e77), Color(hex: 0xd95f02)]
/// var comparison = Comparison(surface: try Surface(spec: "ravine"), optimizers: optimizers)
/// comparison.style = style
/// ```
public struct Style: Sendable, Hashable {
    /// The name it is listed under (a file's: its own, or the style it overrides).
    public var name: String
    /// A sentence for `landscape styles`.
    public var summary: String

    // Text, in output units.
    /// The typeface of every text.
    public var font: Font.Family
    public var titleSize: Double
    public var subtitleSize: Double
    public var panelTitleSize: Double
    public var labelSize: Double
    public var tickSize: Double
    public var legendSize: Double

    // Lines and markers, in output units.
    /// The runs' paths; the loss lines, the legend's samples and the faint ensemble paths keep
    /// their proportion to it.
    public var lineWidth: Double
    /// Frames, ticks and the colorbar's outline.
    public var frameWidth: Double
    /// Every marker's size relative to the default look's (start, end and step markers, minima).
    public var markerScale: Double
    /// The casing drawn under paths and around markers so that they stand out from the colours
    /// beneath them; nil: none.
    public var casing: Color?
    /// Gaps, margins and tick lengths relative to the default look's (see above).
    public var spacing: Double

    // Colours.
    /// The figure's background; nil: transparent.
    public var background: Color?
    /// Text, frames and ticks.
    public var foreground: Color
    /// Subtitles, legend keys' text and notes.
    public var muted: Color
    /// Grid lines of line panels.
    public var grid: Color
    public var legendBackground: Color
    public var legendBorder: Color
    /// The runs' colours, in order (cycled when there are more runs).
    public var palette: [Color]
    /// The colormap of every field; nil: each surface's own choice (diverging about a saddle).
    public var colormap: Colormap?

    /// Where legends go.
    public var legend: LegendPlacement

    /// The size a figure takes when none is given, in output units; nil: what suits its layout.
    public var width: Double?
    public var height: Double?

    /// ``width`` × ``height`` when both are set.
    public var size: (width: Int, height: Int)? {
        guard let width, let height else { return nil }
        return (Int(width.rounded()), Int(height.rounded()))
    }

    public init(name: String, summary: String, font: Font.Family = .sans, titleSize: Double, subtitleSize: Double, panelTitleSize: Double,
                labelSize: Double, tickSize: Double, legendSize: Double, lineWidth: Double, frameWidth: Double,
                markerScale: Double, casing: Color?, spacing: Double, background: Color?, foreground: Color, muted: Color,
                grid: Color, legendBackground: Color, legendBorder: Color, palette: [Color], colormap: Colormap?,
                legend: LegendPlacement, width: Double? = nil, height: Double? = nil) {
        self.name = name
        self.summary = summary
        self.font = font
        self.titleSize = titleSize
        self.subtitleSize = subtitleSize
        self.panelTitleSize = panelTitleSize
        self.labelSize = labelSize
        self.tickSize = tickSize
        self.legendSize = legendSize
        self.lineWidth = lineWidth
        self.frameWidth = frameWidth
        self.markerScale = markerScale
        self.casing = casing
        self.spacing = spacing
        self.background = background
        self.foreground = foreground
        self.muted = muted
        self.grid = grid
        self.legendBackground = legendBackground
        self.legendBorder = legendBorder
        self.palette = palette
        self.colormap = colormap
        self.legend = legend
        self.width = width
        self.height = height
    }

    /// Where a legend goes: inside the plot where it hides least (moving below when it would
    /// hide too much), in a named corner, below the plot, or nowhere.
    public enum LegendPlacement: String, Sendable, Hashable, CaseIterable {
        case auto
        case upperRight = "upper-right"
        case upperLeft = "upper-left"
        case lowerLeft = "lower-left"
        case lowerRight = "lower-right"
        /// Below the plot, outside it.
        case outside
        case none
    }

    // MARK: Resolved for layout

    /// A text size in layout units.
    func typeface(_ size: Double, _ weight: Font.Weight = .regular) -> Font { Font(size: size / spacing, weight: weight, family: font) }
    public var titleFont: Font { typeface(titleSize, .bold) }
    public var subtitleFont: Font { typeface(subtitleSize) }
    public var panelTitleFont: Font { typeface(panelTitleSize, .bold) }
    public var labelFont: Font { typeface(labelSize) }
    public var tickFont: Font { typeface(tickSize) }
    public var legendFont: Font { typeface(legendSize) }
    /// Tick marks' length in layout units.
    public var tickLength: Double { 5 }
    /// The width of a line that is `width` in the default look, in layout units: data lines
    /// follow ``lineWidth``.
    func line(_ width: Double) -> Double { width * (lineWidth / Style.default.lineWidth) / spacing }
    /// The width of a frame or tick line that is `width` in the default look, in layout units.
    func frame(_ width: Double) -> Double { width * frameWidth / spacing }
    /// A marker's size (radius or casing width) that is `size` in the default look, in layout units.
    func marker(_ size: Double) -> Double { size * markerScale }
    /// `grey` (one of the default look's greys between its text and its background) when the
    /// text is the default look's, else `color`: secondary ink keeps its shade in the default
    /// look and follows the text in the others.
    func shade(_ grey: Color, else color: Color) -> Color { foreground == Style.default.foreground ? grey : color }
    /// The colour of the k-th run.
    public func runColor(_ k: Int) -> Color { palette.isEmpty ? Palette.path(k) : palette[k % palette.count] }
    /// The dash pattern of the k-th run: solid through the first round of the palette, then a
    /// dash, a dot, a dash-dot, … for each later round, so that colour, dash and step marker
    /// (``LandscapePanel/stepMarker(_:)``) tell every run apart.
    public func runDash(_ k: Int) -> [Double] {
        let round = k / Swift.max(1, palette.count)
        guard round > 0 else { return [] }
        return pattern(LineDash.allCases[1 + (round - 1) % (LineDash.allCases.count - 1)])
    }

    /// A dash's on-off lengths at this style's line width.
    public func pattern(_ dash: LineDash) -> [Double] {
        dash.basePattern.map { $0 * lineWidth / Style.default.lineWidth / spacing }
    }

    /// The casing colour at `alpha` (its own alpha times `alpha`), or clear when there is none.
    func casing(_ alpha: Double = 1) -> Color { casing.map { $0.withAlpha($0.alpha * alpha) } ?? Color(hex: 0, alpha: 0) }
    /// Whether paths and markers get a casing.
    var hasCasing: Bool { casing != nil }

    // MARK: Built in

    /// Today's look: DejaVu Sans, a white background, near-black text, the colour-blind-safe
    /// palette.
    public static let `default` = Style(
        name: "default", summary: "the gallery's look: white background, 11.5–17 pt text, 2.2 pt paths",
        titleSize: 17, subtitleSize: 12.5, panelTitleSize: 13, labelSize: 14, tickSize: 11.5, legendSize: 11.5,
        lineWidth: 2.2, frameWidth: 1, markerScale: 1, casing: .white, spacing: 1,
        background: .white, foreground: .ink, muted: Color(hex: 0x444444), grid: Color(hex: 0xdddddd),
        legendBackground: Color.white.withAlpha(0.9), legendBorder: Color(hex: 0x999999),
        palette: Palette.paths, colormap: nil, legend: .auto)

    /// A one-column figure for a paper: 3.5 inches (252 pt) wide, 7–9 pt text, thin lines, the
    /// default look's proportions at half its spacing.
    public static let paper: Style = {
        var s = Style.default
        s.name = "paper"
        s.summary = "a one-column figure: 3.5 in (252 pt) wide, 7–9 pt text, 1.1 pt paths"
        s.titleSize = 9
        s.subtitleSize = 7
        s.panelTitleSize = 7.5
        s.labelSize = 8
        s.tickSize = 7
        s.legendSize = 6.5
        s.lineWidth = 1.1
        s.frameWidth = 0.5
        s.markerScale = 0.8
        s.spacing = 0.5
        s.width = 252
        return s
    }()

    /// Slides: 16:9 (1280 × 720), large text and thick lines, readable from the back of a room.
    public static let slides: Style = {
        var s = Style.default
        s.name = "slides"
        s.summary = "16:9 slides: 1280 × 720, 18–30 pt text, 4 pt paths"
        s.titleSize = 30
        s.subtitleSize = 20
        s.panelTitleSize = 21
        s.labelSize = 22
        s.tickSize = 18
        s.legendSize = 18
        s.lineWidth = 4
        s.frameWidth = 1.5
        s.markerScale = 1.3
        s.spacing = 1.5
        s.width = 1280
        s.height = 720
        return s
    }()

    /// Dark slides and pages: a near-black background, light text, a palette chosen for it.
    public static let dark: Style = {
        var s = Style.default
        s.name = "dark"
        s.summary = "a near-black background, light text, bright paths with a dark casing"
        s.background = Color(hex: 0x16181D)
        s.foreground = Color(hex: 0xE8E8E8)
        s.muted = Color(hex: 0xB8BCC4)
        s.grid = Color(hex: 0x3A3F48)
        s.legendBackground = Color(hex: 0x16181D, alpha: 0.9)
        s.legendBorder = Color(hex: 0x6B7280)
        s.casing = Color(hex: 0x16181D)
        s.palette = Palette.dark
        return s
    }()

    /// No background, for pages of any colour: mid-grey text that keeps a contrast of 4.5:1
    /// against white and against black.
    public static let transparent: Style = {
        var s = Style.default
        s.name = "transparent"
        s.summary = "no background; mid-grey text legible on light and dark pages"
        s.background = nil
        s.foreground = Color(hex: 0x767676)
        s.muted = Color(hex: 0x767676)
        s.grid = Color(hex: 0x767676, alpha: 0.35)
        s.legendBackground = Color(hex: 0x767676, alpha: 0)
        s.legendBorder = Color(hex: 0x767676)
        return s
    }()

    /// Every built-in style, in the order they are listed.
    public static let builtIn: [Style] = [.default, .paper, .slides, .dark, .transparent]

    /// A built-in style by name.
    public static func named(_ name: String) -> Style? { builtIn.first { $0.name == name } }
}
