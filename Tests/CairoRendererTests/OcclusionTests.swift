import Landscapes
@testable import Plotting
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

/// Free cells (those no other cell overlaps on the screen) drawn as merged regions in any order
/// look as the same cells drawn one by one in the painter's order.
@Suite struct FreeRegionTests {
    /// For surfaces with hills that fold over and cameras all round (above and below), every
    /// free cell's interior is covered by no other drawn cell: points sampled inside each free
    /// cell lie outside every other cell's polygon.
    /// Each case names how many cells are free: all (seen from high above, or a bowl), some, or
    /// none (ripples everywhere, or a low view).
    @Test(arguments: [("sincos", -60.0, 30.0, "some"), ("sincos", 125, 62, "all"), ("two-well", 20, 12, "some"), ("rastrigin", 200, 35, "none"),
                      ("saddle", -100, -25, "some"), ("bowl", 255, 60, "all"), ("himmelblau", 45, 8, "none"), ("beale", 30, 40, "some")])
    func freeCellsOverlapNoOtherCell(_ spec: String, _ azimuth: Double, _ elevation: Double, _ expected: String) throws {
        let surface = try Surface(spec: spec)
        let grid = Grid(surface: surface, domain: surface.domain, resolution: 40)
        var panel = Surface3DPanel(surface: surface, grid: grid, style: FieldStyle.automatic(for: surface, grid: grid, count: 12), series: [], mesh: 18)
        panel.camera = Camera3D(azimuth: azimuth, elevation: elevation)
        let view = Surface3DPanel.View(camera: panel.camera, domain: surface.domain, zRange: try #require(Surface3DPanel.automaticZRange(panel.mesh.values)),
                                       area: Rect(x: 0, y: 0, width: 500, height: 400))
        let orientation = panel.floorOrientation(view)
        let (free, _) = panel.freeCells(view, orientation: orientation)
        let n = 18
        let quads = (0..<(n * n)).map { panel.cell($0 % n, $0 / n, view: view, light: Surface3DPanel.light) }
        func winding(_ p: Point, _ polygon: [Point]) -> Int {
            var w = 0
            for k in polygon.indices {
                let a = polygon[k], b = polygon[(k + 1) % polygon.count]
                let cross = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y)
                if a.y <= p.y && b.y > p.y && cross > 0 { w += 1 }
                if a.y > p.y && b.y <= p.y && cross < 0 { w -= 1 }
            }
            return w
        }
        var rng = SplitMix64(seed: 3)
        var checked = 0
        for k in free.indices where free[k] {
            let c = try #require(quads[k]?.points)
            for _ in 0..<12 {
                // A point well inside the convex quad: corners weighted at random, none near zero.
                let w = (0..<4).map { _ in 0.15 + rng.unit() }
                let total = w.reduce(0, +)
                let p = Point(zip(w, c).reduce(0) { $0 + $1.0 * $1.1.x } / total, zip(w, c).reduce(0) { $0 + $1.0 * $1.1.y } / total)
                for (m, other) in quads.enumerated() where m != k {
                    guard let other else { continue }
                    #expect(winding(p, other.points) == 0, "\(spec) free cell \(k) overlaps cell \(m)")
                }
                checked += 1
            }
        }
        let count = free.filter { $0 }.count
        switch expected {
        case "all": #expect(count == free.count)
        case "none": #expect(count == 0)
        default: #expect(count > 0 && count < free.count && checked == 12 * count)
        }
    }

    /// Pixels of a 3-D panel with free regions merged and with every cell in the painter's order
    /// agree but for antialiasing along the regions' edges.
    @Test(arguments: [("sincos", 125.0, 62.0), ("two-well", -60, 30), ("rastrigin", 30, 45)])
    func mergedRegionsLookLikeTheCellsInOrder(_ spec: String, _ azimuth: Double, _ elevation: Double) throws {
        let surface = try Surface(spec: spec)
        let grid = Grid(surface: surface, domain: surface.domain, resolution: 60)
        let style = FieldStyle.automatic(for: surface, grid: grid, count: 20)
        func render(merged: Bool) throws -> RasterImage {
            var panel = Surface3DPanel(surface: surface, grid: grid, style: style, series: [], mesh: 60)
            panel.camera = Camera3D(azimuth: azimuth, elevation: elevation)
            panel.showLegend = false
            panel.mergesFreeCells = merged
            let png = try Renderer.render(width: 500, height: 420, format: .png, metadata: sampleMetadata) { canvas in
                canvas.fill(.rect(Rect(x: 0, y: 0, width: 500, height: 420)), color: .white, rule: .nonZero)
                panel.draw(in: Rect(x: 0, y: 0, width: 500, height: 420), on: canvas)
            }
            return try RasterImage(png: png)
        }
        let merged = try render(merged: true), ordered = try render(merged: false)
        var total = 0.0, far = 0
        for y in 0..<420 {
            for x in 0..<500 {
                let a = merged.pixel(x: x, y: y), b = ordered.pixel(x: x, y: y)
                let d = max(abs(a.red - b.red), abs(a.green - b.green), abs(a.blue - b.blue)) * 255
                total += d
                if d > 48 { far += 1 }
            }
        }
        let mean = total / Double(500 * 420)
        #expect(mean < 0.5 && far < 200, "\(spec): mean difference \(mean) levels, \(far) pixels more than 48 levels apart")
    }
}
