import Landscapes
import Plotting
import Testing
import Trajectories
@testable import CairoRenderer

/// The 3-D view hides what lies behind a hill, in pixels.
@Suite struct OcclusionTests {
    /// A straight path along y at x = −1.5, seen from +x (azimuth 0) and low (elevation 12°).
    /// With a bump at the origin between the camera and the path, the path's middle is hidden and
    /// its ends show; on a flat surface the whole path shows. The path's pixels are the ones that
    /// change when it is drawn.
    @Test func aBumpHidesThePathBehindIt() throws {
        func pathColumns(_ formula: String, xray: Bool = false) throws -> (columns: Set<Int>, changed: Set<Int>, box: Rect) {
            let surface = try Surface(expression: formula, domain: Domain(xmin: -2, xmax: 2, ymin: -2, ymax: 2))
            let grid = Grid(surface: surface, domain: surface.domain, resolution: 60)
            let style = FieldStyle.automatic(for: surface, grid: grid, count: 12)
            let points = stride(from: -1.6, through: 1.6, by: 0.4).map { Vector2(-1.5, $0) }
            let path = PathSeries(name: "path", color: Color(hex: 0xD55E00), points: points, outcome: .maxSteps, steps: points.count - 1)
            func render(_ series: [PathSeries]) throws -> (RasterImage, Rect) {
                var panel = Surface3DPanel(surface: surface, grid: grid, style: style, series: series, mesh: 40)
                panel.camera = Camera3D(azimuth: 0, elevation: 12)
                panel.zRange = -0.5...3.5
                panel.showLegend = false
                panel.floorContours = false
                panel.xray = xray
                var box = Rect(x: 0, y: 0, width: 0, height: 0)
                let png = try Renderer.render(width: 600, height: 480, format: .png, metadata: sampleMetadata) { canvas in
                    box = panel.draw(in: Rect(x: 0, y: 0, width: 600, height: 480), on: canvas).plot
                }
                return (try RasterImage(png: png), box)
            }
            let (without, box) = try render([])
            let (with, _) = try render([path])
            var columns: Set<Int> = [], changed: Set<Int> = []
            for y in 0..<480 {
                for x in 0..<600 where with.pixel(x: x, y: y).packed != without.pixel(x: x, y: y).packed {
                    changed.insert(x)
                    // The path's own orange, not an antialiased fringe.
                    let p = with.pixel(x: x, y: y)
                    if p.red > 0.7 && p.green < 0.5 && p.blue < 0.2 { columns.insert(x) }
                }
            }
            return (columns, changed, box)
        }
        // Seen from +x, screen x follows y: the middle of the path is the middle of the box.
        let bump = try pathColumns("3*exp(-(x^2 + y^2)/0.3)")
        let flat = try pathColumns("0*x")
        let middle = Int(bump.box.center.x)
        let centre = (middle - 20)...(middle + 20)
        // (A step marker's white rim covers the line in a column or two beside each marker.)
        #expect(centre.filter { flat.columns.contains($0) }.count >= 30, "the path shows on a flat surface")
        #expect(centre.allSatisfy { !bump.columns.contains($0) }, "the bump hides the middle of the path: \(bump.columns.sorted().filter { centre.contains($0) })")
        let left = bump.columns.filter { $0 < middle - 60 }, right = bump.columns.filter { $0 > middle + 60 }
        #expect(left.count > 20 && right.count > 20, "the ends of the path show beside the bump")
        // With x-ray, the hidden middle shows faintly (not in the path's full colour).
        let xray = try pathColumns("3*exp(-(x^2 + y^2)/0.3)", xray: true)
        #expect(centre.filter { xray.changed.contains($0) }.count >= 30, "x-ray shows the hidden part")
        #expect(centre.allSatisfy { !xray.columns.contains($0) }, "in a faint colour")
    }
}
