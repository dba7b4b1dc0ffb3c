import Landscapes
import Testing
import Trajectories
@testable import Plotting

/// WCAG's contrast ratio of two opaque colours, from 1 to 21.
func contrast(_ a: Color, _ b: Color) -> Double {
    let (l1, l2) = (a.luminance, b.luminance)
    return (Swift.max(l1, l2) + 0.05) / (Swift.min(l1, l2) + 0.05)
}

/// `top` composited over the opaque `bottom`.
func over(_ top: Color, _ bottom: Color) -> Color {
    Color(red: bottom.red + (top.red - bottom.red) * top.alpha, green: bottom.green + (top.green - bottom.green) * top.alpha,
          blue: bottom.blue + (top.blue - bottom.blue) * top.alpha)
}

@Suite struct StyleTests {
    /// The pages a style's figure may sit on: its background, or for a transparent one, white
    /// and black pages.
    static func pages(_ style: Style) -> [Color] { style.background.map { [$0] } ?? [.white, Color(hex: 0x000000)] }

    /// Text keeps WCAG's 4.5:1 against what it sits on in every built-in style: the figure's
    /// background, and a legend's box over it.
    @Test(arguments: Style.builtIn.map(\.name))
    func textContrastIsAtLeastFourAndAHalf(_ name: String) throws {
        let style = try #require(Style.named(name))
        for page in Self.pages(style) {
            let legend = over(style.legendBackground, page)
            for (what, ink) in [("foreground", style.foreground), ("muted", style.muted)] {
                #expect(contrast(over(ink, page), page) >= 4.5, "\(name): \(what) on the page \(page): \(contrast(over(ink, page), page))")
                #expect(contrast(over(ink, legend), legend) >= 4.5, "\(name): \(what) on the legend \(legend): \(contrast(over(ink, legend), legend))")
            }
        }
    }

    /// What a figure draws as text is in the style's text colours, or near-black on a white box
    /// of its own (labels on a map); so the contrast test above covers every text.
    @Test(arguments: Style.builtIn.map(\.name))
    func everyTextIsInTheStylesColours(_ name: String) throws {
        let style = try #require(Style.named(name))
        for layout in [Comparison.Layout.withLoss, .threeDContour] {
            var c = try SizePropertyTests.comparison(try Surface(spec: "two-well"), 3, layout)
            c.style = style
            let canvas = RecordingCanvas(width: 1100, height: 520)
            c.figure().draw(on: canvas)
            for case let .text(string, _, _, color, _) in canvas.calls {
                #expect([style.foreground, style.muted].contains(color), "\(name) \(layout): '\(string)' in \(color)")
            }
        }
    }

    /// Runs never share a colour within a palette's length, in any built-in style, and the dark
    /// palette's colours stand out from its background (3:1, WCAG's figure for graphics).
    @Test func palettes() {
        for style in Style.builtIn {
            #expect(Set(style.palette.map(\.hexString)).count == style.palette.count, "\(style.name) repeats a colour")
            #expect((0..<8).map { style.runColor($0) } == Array(style.palette.prefix(8)))
        }
        for color in Style.dark.palette {
            #expect(contrast(color, Style.dark.background ?? .white) >= 3, "\(color) on the dark background: \(contrast(color, Style.dark.background ?? .white))")
        }
    }

    /// In every built-in style, at its own size and at others, no text overlaps another or
    /// leaves the canvas, no legend covers a marker, and every plot keeps a usable size.
    @Test(arguments: Style.builtIn.map(\.name), [Comparison.Layout.single, .withLoss, .sideBySide, .threeDContour])
    func stylesAtEverySize(_ name: String, _ layout: Comparison.Layout) throws {
        let style = try #require(Style.named(name))
        var failures: [String] = []
        for (surfaceName, count) in [("ravine", 3), ("tall", 1), ("bowl", 8)] {
            var c = try SizePropertyTests.comparison(try SizePropertyTests.surface(surfaceName), count, layout)
            c.style = style
            let own = style.size.map { (Double($0.width) / style.spacing, Double($0.height) / style.spacing) }
            let sizes = [c.preferredSize, c.minimumSize, (800.0, 600.0), (1200.0, 500.0), (600.0, 1100.0)] + (own.map { [$0] } ?? [])
            for (w, h) in sizes where c.fits(width: w, height: h) {
                c.width = w
                c.height = h
                let canvas = RecordingCanvas(width: w, height: h)
                let layouts = c.figure().draw(on: canvas)
                for p in SizePropertyTests.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                    failures.append("\(surfaceName), \(count) runs at \(Int(w))×\(Int(h)): \(p)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// No two runs look alike, for 1 to 16 runs in every built-in style: colour, step marker and
    /// dash together differ (the ninth run of eight colours is dashed), and the legend shows it.
    @Test func runsNeverShareALook() throws {
        let specs = (0..<16).map { "gd:lr=\(0.01 + 0.001 * Double($0))" }
        for style in Style.builtIn {
            for count in 1...16 {
                var c = Comparison(surface: try Surface(spec: "bowl"), optimizers: try specs.prefix(count).map { try OptimizerConfiguration(spec: $0) },
                                   stop: StopRule(maxSteps: 5))
                c.style = style
                let series = c.seriesAndRuns().series
                let looks = series.enumerated().map { k, s in "\(s.color.hexString) \(LandscapePanel.stepMarker(k)) \(s.dash)" }
                #expect(Set(looks).count == count, "\(style.name), \(count) runs: \(looks)")
            }
        }
        var c = Comparison(surface: try Surface(spec: "bowl"), optimizers: try specs.prefix(9).map { try OptimizerConfiguration(spec: $0) },
                           stop: StopRule(maxSteps: 5))
        c.gridSize = 30
        c.width = 900
        c.height = 900
        let canvas = RecordingCanvas(width: 900, height: 900)
        c.figure().draw(on: canvas)
        let dashed = canvas.calls.filter { if case let .stroke(_, style) = $0 { return !style.dash.isEmpty && style.color == Style.default.palette[0] }; return false }
        // The ninth run's path and its legend sample.
        #expect(dashed.count >= 2)
    }

    /// A figure drawn in the default style is the figure drawn without one: call for call.
    @Test func defaultIsTheLookWithoutAStyle() throws {
        var c = try SizePropertyTests.comparison(try Surface(spec: "two-well"), 3, .withLoss)
        let plain = RecordingCanvas(width: 1000, height: 500), styled = RecordingCanvas(width: 1000, height: 500)
        c.width = 1000
        c.height = 500
        c.figure().draw(on: plain)
        c.style = try Style.default.applying([("base", "default")])
        c.figure().draw(on: styled)
        #expect(plain.calls == styled.calls)
    }

    /// Axis, colorbar and figure titles of one's own, in 2-D and 3-D.
    @Test func titlesOfOnesOwn() throws {
        for layout in [Comparison.Layout.single, .threeDContour] {
            var c = try SizePropertyTests.comparison(try Surface(spec: "bowl"), 1, layout)
            c.xLabel = "θ₁"
            c.yLabel = "θ₂"
            c.colorbarLabel = "risk"
            c.subtitle = "a run of my own"
            c.width = 1100
            c.height = 560
            let canvas = RecordingCanvas(width: 1100, height: 560)
            c.figure().draw(on: canvas)
            let strings = Set(canvas.texts.map(\.string))
            for text in ["θ₁", "θ₂", "risk", "a run of my own"] { #expect(strings.contains(text), "\(layout): \(text)") }
            #expect(!strings.contains("w₁") && !strings.contains("loss"))
        }
    }

    /// Keys set from text, in any order, `base` first; every key's text reads back as set.
    @Test func styleFromSettings() throws {
        let style = try Style.default.applying([("tick_size", "13"), ("base", "dark"), ("palette", "#1b9e77, #d95f02 #7570b3"),
                                                ("casing", "none"), ("legend", "lower-left"), ("colormap", "magma"), ("background", "#ffffff80")])
        #expect(style.tickSize == 13)
        #expect(style.foreground == Style.dark.foreground)
        #expect(style.palette == [Color(hex: 0x1b9e77), Color(hex: 0xd95f02), Color(hex: 0x7570b3)])
        #expect(style.casing == nil && !style.hasCasing)
        #expect(style.legend == .lowerLeft)
        #expect(style.colormap == .magma)
        #expect(style.background == Color(hex: 0xffffff, alpha: 128.0 / 255))
        for key in Style.Key.allCases where key != .base {
            var copy = Style.default
            try copy.set(key, to: style.text(of: key))
            #expect(copy.text(of: key) == style.text(of: key), "\(key.rawValue)")
        }
    }

    /// Bad keys and values are refused in one line, with the nearest key or name.
    @Test func badSettingsAreNamed() {
        func message(_ settings: [(key: String, value: String)]) -> String {
            do { _ = try Style.default.applying(settings) } catch { return error.message }
            return "(accepted)"
        }
        #expect(message([("tick_sise", "12")]) == "unknown style key 'tick_sise'; did you mean 'tick_size'?")
        #expect(message([("foreground", "#12")]) == "foreground '#12': expected a colour #RRGGBB or #RRGGBBAA")
        #expect(message([("background", "white")]) == "background 'white': expected a colour #RRGGBB or #RRGGBBAA, or none")
        #expect(message([("tick_size", "0")]) == "tick_size '0': expected a number from 3 to 200")
        #expect(message([("line_width", "nan")]) == "line_width 'nan': expected a number from 0.1 to 50")
        #expect(message([("base", "drak")]) == "base 'drak': unknown; did you mean 'dark'? Known: default, paper, slides, dark, transparent")
        #expect(message([("colormap", "viridiss")]).hasPrefix("colormap 'viridiss': unknown; did you mean 'viridis'?"))
        #expect(message([("legend", "top")]).hasPrefix("legend 'top': unknown"))
        #expect(message([("palette", "#ff0000, red")]) == "palette: 'red' is not a colour #RRGGBB or #RRGGBBAA")
        #expect(message([("width", "20")]) == "width '20': expected a size from 50 to 8000 points, or auto")
        #expect(Color(parsing: "#abc") == Color(hex: 0xaabbcc))
        #expect(Color(parsing: "#12") == nil && Color(parsing: "123456") == nil && Color(parsing: "#12345g") == nil)
    }

    /// The legend goes where the style says: a named corner whatever it covers, below the plot,
    /// or nowhere.
    @Test func legendPlacement() throws {
        var c = try SizePropertyTests.comparison(try Surface(spec: "bowl"), 2, .single)
        c.width = 800
        c.height = 700
        func legend(_ placement: Style.LegendPlacement) -> (legend: Rect?, plot: Rect) {
            c.style.legend = placement
            let layout = c.figure().draw(on: RecordingCanvas(width: 800, height: 700))[0][0]
            return (layout.legend, layout.plot)
        }
        let (upperLeft, plot) = legend(.upperLeft)
        #expect(upperLeft.map { $0.minX == plot.minX + 10 && $0.minY == plot.minY + 10 } == true)
        let (lowerRight, plot2) = legend(.lowerRight)
        #expect(lowerRight.map { $0.maxX == plot2.maxX - 10 && $0.maxY == plot2.maxY - 10 } == true)
        let (outside, plot3) = legend(.outside)
        #expect(outside.map { $0.minY > plot3.maxY } == true)
        #expect(legend(.none).legend == nil)
    }
}

@Suite struct ColormapTests {
    /// The ends of each map as matplotlib publishes them (its `_cm_listed.py` tables and
    /// ColorBrewer's end colours), and `_r` reverses any map.
    @Test(arguments: [("viridis", "#440154", "#fde725"), ("plasma", "#0d0887", "#f0f921"), ("inferno", "#000004", "#fcffa4"),
                      ("magma", "#000004", "#fcfdbf"), ("cividis", "#00224e", "#fee838"), ("turbo", "#30123b", "#7a0403"),
                      ("coolwarm", "#3b4cc0", "#b40426"), ("RdBu", "#67001f", "#053061"), ("diverging", "#053061", "#67001f"),
                      ("Spectral", "#9e0142", "#5e4fa2")])
    func publishedEnds(_ name: String, _ first: String, _ last: String) throws {
        let map = try #require(Colormap.named(name))
        #expect(map.color(at: 0).hexString == first && map.color(at: 1).hexString == last)
        let reversed = try #require(Colormap.named(name + "_r"))
        #expect(reversed.name == name + "_r")
        #expect(reversed.color(at: 0).hexString == last && reversed.color(at: 1).hexString == first)
        #expect(Colormap.named(name.lowercased())?.name == name)
    }

    @Test func everyMapHas256Samples() {
        for map in Colormap.all { #expect(map.samples.count == 256, "\(map.name)") }
        #expect(Colormap.names.count == 2 * Colormap.all.count && Colormap.named("plasma_r_r") == nil)
    }
}

@Suite struct ColorScaleTests {
    static func grid(_ s: Surface) -> Grid { Grid(surface: s, domain: s.domain, resolution: 80) }

    /// Explicit levels are kept as given; a range is spanned by round levels inside it and the
    /// field past it gets arrow ends; log spacing turns a field that linear levels paint one
    /// colour (exp(x² + 10y²)) into decades.
    @Test func requestedScales() throws {
        let bowl = try Surface(spec: "bowl")
        let explicit = FieldStyle.requested(.init(levels: [0.5, 1, 4, 9]), for: bowl, grid: Self.grid(bowl))
        #expect(explicit.levels == [0.5, 1, 4, 9] && !explicit.logScale)
        #expect(explicit.extends.below && explicit.extends.above)
        let range = FieldStyle.requested(.init(range: 2...10), for: bowl, grid: Self.grid(bowl), count: 8)
        #expect(range.levels.first! >= 2 && range.levels.last! <= 10 && range.levels.count >= 5)
        #expect(range.extends.below && range.extends.above)
        #expect(FieldStyle.requested(.init(), for: bowl, grid: Self.grid(bowl)).extends == (false, false))
        let steep = try Surface(expression: "exp(x^2+10*y^2)", domain: Domain(xmin: -2, xmax: 2, ymin: -1, ymax: 1))
        let linear = FieldStyle.requested(.init(spacing: .linear), for: steep, grid: Self.grid(steep))
        let log = FieldStyle.requested(.init(spacing: .log), for: steep, grid: Self.grid(steep))
        #expect(!linear.logScale && log.logScale)
        #expect(log.levels.last! / log.levels.first! > 1e4, "\(log.levels)")
        #expect(log.label.hasSuffix("(log scale)") && linear.label == "loss")
    }

    /// Contour labels: the levels' values on their lines, inside the plot, apart from each other.
    @Test func contourLabels() throws {
        var c = try SizePropertyTests.comparison(try Surface(spec: "two-well"), 1, .single)
        c.contourLabels = true
        c.levelCount = 12
        c.width = 800
        c.height = 600
        let canvas = RecordingCanvas(width: 800, height: 600)
        let layout = c.figure().draw(on: canvas)[0][0]
        let plain = RecordingCanvas(width: 800, height: 600)
        c.contourLabels = false
        c.figure().draw(on: plain)
        let plainTexts = Set(plain.texts.map(\.string))
        let labels = canvas.texts.filter { !plainTexts.contains($0.string) && layout.plot.contains($0.box) }
        #expect(labels.count >= 3, "\(canvas.texts.map(\.string))")
        for a in labels.indices { for b in labels.indices where b > a { #expect(!labels[a].box.intersects(labels[b].box)) } }
    }

    /// The colorbar makes room for its arrow ends and draws them in the end colours.
    @Test func arrowEnds() throws {
        var c = try SizePropertyTests.comparison(try Surface(spec: "two-well"), 1, .single)
        c.colorScale = .init(range: 0...3)
        c.width = 800
        c.height = 600
        let canvas = RecordingCanvas(width: 800, height: 600)
        let layout = c.figure().draw(on: canvas)[0][0]
        let bar = try #require(layout.colorbar)
        #expect(bar.minY > layout.plot.minY && bar.maxY < layout.plot.maxY)
        let triangles = canvas.calls.filter { if case let .fill(path, _, _) = $0 { return path.elements.count == 4 }; return false }
        #expect(triangles.count >= 2)
    }
}

