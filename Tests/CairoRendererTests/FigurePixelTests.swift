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
}
