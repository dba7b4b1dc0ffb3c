import Foundation
import Testing

/// Styles and pixel density at the command line: built-in styles and style files, `--scale`,
/// `--dpi`, the scene keys, `landscape styles`, and every bad value refused in one line.
@Suite struct StyleCommandTests {
    /// The width and height of a PNG, from its header.
    static func pngSize(_ url: URL) throws -> (width: Int, height: Int) {
        let bytes = Array(try Data(contentsOf: url))
        func be32(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    /// Every built-in style draws, at its own size when it has one: slides 1280×720, paper one
    /// column (252 points) wide.
    @Test(arguments: [("default", 1000, nil), ("paper", 252, nil), ("slides", 1280, 720), ("dark", 1000, nil), ("transparent", 1000, nil)] as [(String, Int, Int?)])
    func builtInStylesDraw(_ style: String, _ width: Int, _ height: Int?) throws {
        let directory = try temporaryDirectory()
        let size = style == "paper" || style == "slides" ? [] : ["--size", "1000x600"]
        let result = try run(["render", "two-well", "--grid", "60", "--style", style, "--out", "f.png"] + size, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let png = try Self.pngSize(directory.appendingPathComponent("f.png"))
        #expect(png.width == width)
        if let height { #expect(png.height == height) }
    }

    /// A layout that needs more room than the style's own size gets it, in the style's shape
    /// (slides' 16:9); a size asked for is kept, and refused when too small.
    @Test func theStylesSizeGrowsForItsLayout() throws {
        let directory = try temporaryDirectory()
        let grown = try run(["render", "saddle", "--grid", "60", "--layout", "3d+contour", "--style", "slides", "--out", "s.png"], in: directory)
        #expect(grown.status == 0, "\(grown.stderr)")
        let png = try Self.pngSize(directory.appendingPathComponent("s.png"))
        #expect(png.width > 1280 && abs(Double(png.width) / Double(png.height) - 16.0 / 9) < 0.01, "\(png)")
        let asked = try run(["render", "saddle", "--grid", "60", "--layout", "3d+contour", "--style", "slides", "--size", "1280x720", "--out", "t.png"], in: directory)
        #expect(asked.status == 2 && asked.stderr.contains("is too small for the 3d+contour layout"), "\(asked.stderr)")
    }

    /// `--scale 2` and `--dpi 144` give twice the pixels each way; SVG and PDF keep their size.
    @Test func densityDoublesThePixelsOnly() throws {
        let directory = try temporaryDirectory()
        for (name, options) in [("a", ["--scale", "2"]), ("b", ["--dpi", "144"]), ("c", [])] {
            let result = try run(["render", "bowl", "--grid", "60", "--size", "640x480", "--out", "\(name).png"] + options, in: directory)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try Self.pngSize(directory.appendingPathComponent("a.png")) == (1280, 960))
        #expect(try Self.pngSize(directory.appendingPathComponent("b.png")) == (1280, 960))
        #expect(try Self.pngSize(directory.appendingPathComponent("c.png")) == (640, 480))
        let svg = try run(["render", "bowl", "--grid", "60", "--size", "640x480", "--scale", "2", "--format", "svg"], in: directory)
        #expect(svg.stdout.contains("width=\"640px\" height=\"480px\" viewBox=\"0 0 640 480\""))
    }

    /// A style file overrides its base; a scene names it relative to itself, with a density.
    @Test func styleFilesInCommandsAndScenes() throws {
        let directory = try temporaryDirectory()
        try "base: dark\ntick_size: 13\npalette: [\"#1b9e77\", \"#d95f02\"]\nlegend: lower-left\n"
            .write(to: directory.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        let svg = try run(["render", "bowl", "--optimizer", "gd", "--optimizer", "adam", "--grid", "60", "--style", "mine.yaml", "--format", "svg"], in: directory)
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout.contains("#16181d") && svg.stdout.contains("#1b9e77") && svg.stdout.contains("#d95f02"))
        let printed = try run(["styles", "mine.yaml"], in: directory)
        #expect(printed.stdout.contains("tick_size: 13\n") && printed.stdout.contains("background: \"#16181d\"\n"))
        try "figures:\n  - name: styled\n    surface: bowl\n    grid: 60\n    style: mine.yaml\n    scale: 2\n    formats: [png]\n"
            .write(to: directory.appendingPathComponent("scene.yaml"), atomically: true, encoding: .utf8)
        let scene = try run(["render", "--scene", "scene.yaml", "--out", "figures", "--quiet"], in: directory)
        #expect(scene.status == 0, "\(scene.stderr)")
        let png = try Self.pngSize(directory.appendingPathComponent("figures/styled.png"))
        #expect(png.width > 1000)
    }

    /// `landscape styles` lists the built-in styles and every key; a style prints as a file that
    /// reads back as the same style.
    @Test func stylesCommand() throws {
        let directory = try temporaryDirectory()
        let list = try run(["styles"], in: directory)
        #expect(list.status == 0)
        for word in ["default", "paper", "slides", "dark", "transparent", "tick_size", "palette", "legend", "spacing"] {
            #expect(list.stdout.contains(word), "\(word)")
        }
        let paper = try run(["styles", "paper"], in: directory)
        try paper.stdout.write(to: directory.appendingPathComponent("paper-copy.yaml"), atomically: true, encoding: .utf8)
        let again = try run(["styles", "paper-copy.yaml"], in: directory)
        #expect(again.stdout == paper.stdout.replacingOccurrences(of: "base: paper", with: "base: paper-copy"))
    }

    /// Bad styles, keys, colours and densities: one line, status 2, nothing written; a density
    /// too large for memory is refused before anything runs, with the size it would have.
    @Test(arguments: [
        (["--style", "drak"], "landscape: unknown style 'drak'; did you mean 'dark'? Built in: default, paper, slides, dark, transparent; or give a style file (.yaml)\n"),
        (["--style", "bad-key.yaml"], "landscape: bad-key.yaml: unknown style key 'tick_sise'; did you mean 'tick_size'?\n"),
        (["--style", "bad-colour.yaml"], "landscape: bad-colour.yaml: foreground '#12': expected a colour #RRGGBB or #RRGGBBAA\n"),
        (["--style", "missing.yaml"], nil),
        (["--scale", "0"], "landscape: --scale '0': expected 0.25 to 8 (at most 8 times the pixels each way)\n"),
        (["--scale", "1e9"], "landscape: --scale '1e9': expected 0.25 to 8 (at most 8 times the pixels each way)\n"),
        (["--scale", "2", "--dpi", "300"], "landscape: give --scale or --dpi, not both\n"),
        // Sizes in messages are the output's, not the layout's (slides lay out at 2/3 of it).
        (["--layout", "3d+contour", "--style", "slides", "--size", "600x1100"],
         "landscape: figure 'x': 600×1100 is too small for the 3d+contour layout with 3 optimizers; the smallest size that works is 1380x510\n"),
        (["--size", "4000x3000", "--scale", "8"], "landscape: figure 'x': the PNG would be 32000×24000 pixels, over the largest of 16384×16384 (it would need 3.1 GB); use a smaller --scale or --size\n"),
    ] as [([String], String?)])
    func badValuesAreOneLine(_ options: [String], _ message: String?) throws {
        let directory = try temporaryDirectory()
        try "tick_sise: 12\n".write(to: directory.appendingPathComponent("bad-key.yaml"), atomically: true, encoding: .utf8)
        try "foreground: \"#12\"\n".write(to: directory.appendingPathComponent("bad-colour.yaml"), atomically: true, encoding: .utf8)
        let started = Date()
        let result = try run(["render", "bowl", "--grid", "60", "--out", "x.png"] + options, in: directory)
        #expect(result.status == 2)
        if let message { #expect(result.stderr == message) } else { #expect(result.stderr.hasPrefix("landscape: ") && result.stderr.filter { $0 == "\n" }.count == 1) }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.png").path))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// Text and legend options, a built-in surface reframed, every colormap by matplotlib's name
    /// (reversed with _r), and -o for --out.
    @Test func textLegendFramingAndColormaps() throws {
        let directory = try temporaryDirectory()
        let svg = try run(["render", "bowl", "--optimizer", "gd", "--grid", "40", "--xlabel", "θ₁", "--ylabel", "θ₂", "--colorbar-label", "risk",
                           "--subtitle", "a run of my own", "--legend", "none", "--domain", "-1,4,-1,4", "--colormap", "plasma_r", "--format", "svg"], in: directory)
        #expect(svg.status == 0, "\(svg.stderr)")
        let plain = try run(["render", "bowl", "--optimizer", "gd", "--grid", "40", "--format", "svg"], in: directory)
        // Reversed plasma: the fills are plasma's in the other order.
        func fills(_ svg: String) -> [String] {
            svg.components(separatedBy: "fill=\"#").dropFirst().map { String($0.prefix(6)) }.filter { $0 != "222222" && $0 != "444444" && $0 != "ffffff" }
        }
        let forward = try run(["render", "bowl", "--optimizer", "gd", "--grid", "40", "--domain", "-1,4,-1,4", "--colormap", "plasma", "--format", "svg"], in: directory)
        #expect(Set(fills(svg.stdout)).intersection(fills(forward.stdout)).count > 10)
        #expect(fills(svg.stdout).first != fills(forward.stdout).first)
        // No legend: fewer glyph uses than the plain figure's legend text needs.
        #expect(svg.stdout.components(separatedBy: "<use").count < plain.stdout.components(separatedBy: "<use").count)
        let short = try run(["render", "bowl", "--grid", "40", "-o", "short.png", "--quiet"], in: directory)
        #expect(short.status == 0 && FileManager.default.fileExists(atPath: directory.appendingPathComponent("short.png").path))
        for name in ["viridis", "plasma", "inferno", "magma", "cividis", "turbo", "coolwarm", "RdBu", "Spectral_r"] {
            #expect(try run(["render", "bowl", "--grid", "30", "--colormap", name, "--format", "svg"], in: directory).status == 0, "\(name)")
        }
    }

    /// A single-valued option given twice is refused with both values (it once kept the last).
    @Test(arguments: [
        (["render", "bowl", "--steps", "10", "--steps", "20", "--out", "x.png"], "landscape: --steps given twice ('10' and '20'); it takes one value\n"),
        (["trace", "bowl", "--optimizer", "gd", "--format", "csv", "--format=json"], "landscape: --format given twice ('csv' and 'json'); it takes one value\n"),
        (["sweep", "bowl", "--optimizer", "gd", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "4x4", "--start", "1,1", "--start", "2,2", "--out", "x.png"],
         "landscape: --start given twice ('1,1' and '2,2'); it takes one value\n"),
        (["render", "bowl", "--legend", "top", "--out", "x.png"], "landscape: --legend 'top': unknown; known: auto, upper-right, upper-left, lower-left, lower-right, outside, none\n"),
        (["eval", "bowl", "--domain", "0,1,0,1", "--at", "0,0"], "landscape: --domain goes with --expr here (this command draws no view to reframe)\n"),
        (["render", "bowl", "--colormap", "plasmaa", "--out", "x.png"], "landscape: unknown colormap 'plasmaa'; did you mean 'plasma'?\n"),
        (["render", "bowl", "--level", "1", "--level", "0.5", "--out", "x.png"], "landscape: --level: the levels must increase (0.5 after 1)\n"),
        (["render", "bowl", "--color-range", "3,1", "--out", "x.png"], "landscape: --color-range '3,1': expected LO < HI\n"),
        (["render", "bowl", "--color-range", "0,5", "--color-scale", "log", "--out", "x.png"], "landscape: --color-range '0,5': log spacing needs LO > 0\n"),
        (["render", "bowl", "--color-scale", "lgo", "--out", "x.png"], "landscape: unknown --color-scale value 'lgo'; did you mean 'log'?\n"),
    ] as [([String], String)])
    func oneMeaningPerOption(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments, in: try temporaryDirectory())
        #expect(result.status == 2)
        #expect(result.stderr == message)
    }
}

