import Contours
import Landscapes
import Plotting
import Testing
import Trajectories
@testable import CairoRenderer

@Suite struct FigurePixelTests {
    /// The start marker (white fill, dark ring) is drawn where the start point projects.
    @Test func startMarkerIsWhereTheStartProjects() throws {
        let bowl = try Surface(spec: "bowl")
        let grid = Grid(surface: bowl, domain: bowl.domain, resolution: 100)
        let gd = try OptimizerConfiguration(spec: "gd:lr=0.1")
        let path = Runner(surface: bowl, optimizer: gd).run(from: [-2, 1], stop: StopRule(maxSteps: 50))
        let figure = LandscapeFigure(title: "t", surface: bowl, grid: grid, levels: LevelPicker.nice(10).levels(for: grid),
                                     series: [PathSeries(trajectory: path, configuration: gd, color: Palette.path(0))])
        var layout: LandscapeFigure.Layout?
        let png = try Renderer.render(width: 800, height: 600, format: .png, metadata: sampleMetadata) { canvas in
            layout = figure.draw(on: canvas)
        }
        let image = try RasterImage(png: png)
        let transform = PlotTransform(domain: grid.domain, rect: try #require(layout).plot)
        let start = transform([-2, 1])
        // Centre: white fill. On the ring (radius 6): dark ink.
        let centre = image.pixel(x: Int(start.x), y: Int(start.y))
        #expect(centre.red > 0.95 && centre.green > 0.95 && centre.blue > 0.95, "centre is \(centre)")
        let ring = (3...9).map { image.pixel(x: Int(start.x), y: Int(start.y) - $0) }.min { $0.luminance < $1.luminance }!
        #expect(ring.luminance < 0.05, "ring is \(ring)")
        // The end marker (series colour) is where the last point projects.
        let end = transform(path.end)
        let endPixel = image.pixel(x: Int(end.x), y: Int(end.y))
        #expect(endPixel.hexString == Palette.path(0).hexString || endPixel.luminance < 0.1, "end is \(endPixel)")
    }
}
