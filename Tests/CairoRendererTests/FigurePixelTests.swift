import Contours
import Landscapes
import Plotting
import Testing
import Trajectories
@testable import CairoRenderer

@Suite struct FigurePixelTests {
    func render(_ comparison: Comparison) throws -> (RasterImage, PanelLayout) {
        let figure = comparison.figure()
        var layout: PanelLayout?
        let png = try Renderer.render(width: Int(figure.width), height: Int(figure.height), format: .png, metadata: sampleMetadata) { canvas in
            layout = figure.draw(on: canvas)[0][0]
        }
        return (try RasterImage(png: png), try #require(layout))
    }

    func comparison(_ spec: String, _ optimizers: [String], start: Vector2? = nil, steps: Int = 50) throws -> Comparison {
        let surface = try Surface(spec: spec)
        var c = Comparison(surface: surface, optimizers: try optimizers.map { try OptimizerConfiguration(spec: $0) }, start: start,
                           stop: StopRule(maxSteps: steps))
        c.gridSize = 100
        return c
    }

    /// The start marker (white fill, dark ring) is drawn where the start point projects.
    @Test func startMarkerIsWhereTheStartProjects() throws {
        let (image, layout) = try render(try comparison("bowl", ["gd:lr=0.1"], start: [-2, 1]))
        let transform = try #require(layout.transform)
        let start = transform([-2, 1])
        let centre = image.pixel(x: Int(start.x), y: Int(start.y))
        #expect(centre.red > 0.95 && centre.green > 0.95 && centre.blue > 0.95, "centre is \(centre)")
        let ring = (3...9).map { image.pixel(x: Int(start.x), y: Int(start.y) - $0) }.min { $0.luminance < $1.luminance }!
        #expect(ring.luminance < 0.05, "ring is \(ring)")
    }

    /// The global-minimum star (dark outline in a white casing) is drawn where the minimum projects,
    /// and its casing shows nowhere else on the dark valley floor.
    @Test func globalMinimumMarkerIsWhereTheMinimumProjects() throws {
        let (image, layout) = try render(try comparison("rosenbrock", ["gd:lr=0.001"], start: [-1.5, 2.5], steps: 0))
        let transform = try #require(layout.transform)
        func brightest(around p: Point, radius: Int) -> Double {
            var best = 0.0
            for dy in -radius...radius { for dx in -radius...radius {
                best = max(best, image.pixel(x: Int(p.x) + dx, y: Int(p.y) + dy).luminance)
            } }
            return best
        }
        let minimum = transform([1, 1])
        // The star's upper tip lies 10 units above the centre: its casing is white.
        #expect(brightest(around: Point(minimum.x, minimum.y - 10), radius: 2) > 0.8)
        // Further along the same dark valley floor there is no marker.
        let elsewhere = transform([0, 0])
        #expect(brightest(around: Point(elsewhere.x, elsewhere.y - 10), radius: 2) < 0.3)
    }
}

/// Rows down the middle of a colorbar that are lighter than both neighbours.
func lightSeams(in image: RasterImage, bar: Rect) -> [Int] {
    let x = Int(bar.center.x)
    var seams: [Int] = []
    for y in (Int(bar.minY.rounded(.up)) + 1)..<(Int(bar.maxY.rounded(.down)) - 1) {
        let l = image.pixel(x: x, y: y).luminance
        if l > image.pixel(x: x, y: y - 1).luminance + 1e-3 && l > image.pixel(x: x, y: y + 1).luminance + 1e-3 { seams.append(y) }
    }
    return seams
}

extension FigurePixelTests {
    /// Colorbars without seams: down the middle of the bar, no row is lighter than both its
    /// neighbours (a light hairline between two steps), at sizes that put step edges at every
    /// fraction of a pixel.
    @Test(arguments: [(800, 600), (713, 577), (1000, 800), (640, 431)])
    func colorbarHasNoLightSeams(_ width: Int, _ height: Int) throws {
        var c = try comparison("himmelblau", ["gd:lr=0.01"])
        c.width = Double(width)
        c.height = Double(height)
        c.levelCount = 30
        let (image, layout) = try render(c)
        let bar = try #require(layout.colorbar)
        let seams = lightSeams(in: image, bar: bar)
        #expect(seams.isEmpty, "lighter rows at \(seams)")
    }

    /// The same for a sweep map's colorbar (64 steps).
    @Test func sweepColorbarHasNoLightSeams() throws {
        let sweep = try Sweep(surface: try Surface(spec: "ravine"), optimizer: try Spec(parsing: "momentum"),
                              x: try SweepAxis(key: "lr", range: "0.002:0.1:log", count: 12), y: try SweepAxis(key: "momentum", range: "0:0.98", count: 10),
                              start: [-2.5, 1], stop: StopRule(maxSteps: 300, loss: 1e-8))
        var f = SweepFigure(result: sweep.run(), metric: .steps)
        f.width = 731
        f.height = 557
        let figure = f.figure()
        var layout: PanelLayout?
        let png = try Renderer.render(width: Int(figure.width), height: Int(figure.height), format: .png, metadata: sampleMetadata) { canvas in
            layout = figure.draw(on: canvas)[0][0]
        }
        let image = try RasterImage(png: png)
        let bar = try #require(layout?.colorbar)
        let seams = lightSeams(in: image, bar: bar)
        #expect(seams.isEmpty, "lighter rows at \(seams)")
    }
}

@Suite struct SVGSizeTests {
    /// A landscape SVG at grid 400 with 30 levels and three 1000-step paths stays under 400 KB:
    /// contour rings and paths are simplified to display resolution before they reach Cairo.
    @Test func landscapeSVGIsSmall() throws {
        let surface = try Surface(spec: "rosenbrock")
        var c = Comparison(surface: surface, optimizers: try ["gd:lr=0.001", "momentum:lr=0.0002", "adam:lr=0.05"].map { try OptimizerConfiguration(spec: $0) },
                           stop: StopRule(maxSteps: 1000))
        c.levelCount = 30
        let figure = c.figure()
        let svg = try Renderer.render(width: 800, height: 600, format: .svg, metadata: sampleMetadata) { figure.draw(on: $0) }
        #expect(c.runs().allSatisfy { $0.stepCount == 1000 })
        #expect(svg.count < 400_000, "\(svg.count) bytes")
    }

    /// The gallery's overview, nine panels of GD, momentum and Adam on three surfaces, stays under
    /// 400 KB too: grid panels simplify contours to half a unit.
    @Test func ninePanelGridSVGIsSmall() throws {
        let rows = try ["bowl", "ravine", "two-well"].map { name -> Comparison in
            let surface = try Surface(spec: name)
            let specs = surface.starts[0].optimizers.filter { ["gd", "momentum", "adam"].contains($0.split(separator: ":")[0]) }
            var c = Comparison(surface: surface, optimizers: try specs.map { try OptimizerConfiguration(spec: $0) }, stop: StopRule(maxSteps: 300, gradientNorm: 1e-6))
            c.gridSize = 300
            return c
        }
        #expect(rows.allSatisfy { $0.optimizers.count == 3 })
        let figure = Comparison.rowsFigure(rows, width: 1500, height: 1150, title: "GD, momentum and Adam on three surfaces")
        let svg = try Renderer.render(width: 1500, height: 1150, format: .svg, metadata: sampleMetadata) { figure.draw(on: $0) }
        #expect(svg.count < 400_000, "\(svg.count) bytes")
    }
}

/// Pixel density apart from layout: a figure at density 2 has twice the pixels each way, and
/// averaged over each 2 × 2 block it is the figure at density 1 up to antialiasing (glyph and
/// marker edges, which a finer raster draws more exactly). A style's spacing scales every format.
@Suite struct DensityTests {
    static func figure(_ style: Style = .default) throws -> Figure {
        var c = Comparison(surface: try Surface(spec: "ravine"), optimizers: try ["gd:lr=0.036", "adam:lr=0.1"].map { try OptimizerConfiguration(spec: $0) },
                           stop: StopRule(maxSteps: 200, gradientNorm: 1e-6))
        c.gridSize = 120
        c.width = 640
        c.height = 400
        c.style = style
        return c.figure()
    }

    @Test func doubleDensityAveragesToSingle() throws {
        let figure = try Self.figure()
        let one = try RasterImage(png: try Renderer.render(figure, format: .png))
        let two = try RasterImage(png: try Renderer.render(figure, format: .png, density: 2))
        #expect(one.width == 640 && one.height == 400 && two.width == 1280 && two.height == 800)
        var total = 0.0, far = 0
        for y in 0..<400 {
            for x in 0..<640 {
                let a = one.pixel(x: x, y: y)
                let block = [two.pixel(x: 2 * x, y: 2 * y), two.pixel(x: 2 * x + 1, y: 2 * y), two.pixel(x: 2 * x, y: 2 * y + 1), two.pixel(x: 2 * x + 1, y: 2 * y + 1)]
                let d = [abs(block.map(\.red).reduce(0, +) / 4 - a.red), abs(block.map(\.green).reduce(0, +) / 4 - a.green),
                         abs(block.map(\.blue).reduce(0, +) / 4 - a.blue)].max()! * 255
                total += d
                if d > 8 { far += 1 }
            }
        }
        let mean = total / Double(640 * 400), share = Double(far) / Double(640 * 400)
        #expect(mean < 2, "mean difference \(mean) levels")
        #expect(share < 0.035, "\(share * 100)% of pixels more than 8 levels apart")
    }

    /// Paper's spacing (0.5): the file is half the layout's size in every format.
    @Test func spacingScalesEveryFormat() throws {
        let figure = try Self.figure(.paper)
        let png = try RasterImage(png: try Renderer.render(figure, format: .png, density: 3))
        #expect(png.width == 960 && png.height == 600)
        let svg = String(decoding: try Renderer.render(figure, format: .svg), as: UTF8.self)
        #expect(svg.contains("width=\"320px\" height=\"200px\" viewBox=\"0 0 640 400\""))
        let pdf = String(decoding: try Renderer.render(figure, format: .pdf), as: UTF8.self)
        #expect(pdf.contains("/MediaBox [ 0 0 320 200 ]"))
    }

    /// The font key picks DejaVu's family in every format: a serif figure's SVG glyphs are not
    /// the sans figure's, and its text measures otherwise.
    @Test func fontFamilies() throws {
        #expect(Renderer.hasFont(.sans) && Renderer.hasFont(.serif) && Renderer.hasFont(.mono))
        var serif = Style.default
        serif.font = .serif
        let sans = String(decoding: try Renderer.render(try Self.figure(), format: .svg), as: UTF8.self)
        let other = String(decoding: try Renderer.render(try Self.figure(serif), format: .svg), as: UTF8.self)
        func glyphs(_ svg: String) -> Set<Substring> { Set(svg.split(separator: "\n").filter { $0.contains("-glyph") && $0.contains(" d=") }.map { $0.drop { $0 != "d" } }) }
        #expect(glyphs(sans) != glyphs(other))
        let png = try RasterImage(png: try Renderer.render(try Self.figure(serif), format: .png))
        #expect(png.width == 640)
    }
}

