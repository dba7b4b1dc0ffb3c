#if canImport(Glibc)
import Glibc
#endif
import Landscapes
import Testing
import Trajectories
@testable import Plotting

/// The 3-D view's projection, its painter's order, and its layout.
@Suite struct Surface3DTests {
    /// matplotlib's camera: the eye direction from azimuth and elevation, the screen's right and up
    /// vectors square to it and to each other.
    @Test(arguments: [(-60.0, 30.0), (0, 0), (90, 45), (255, 60), (30, -20), (10, 90)])
    func cameraAxes(_ azimuth: Double, _ elevation: Double) {
        let c = Camera3D(azimuth: azimuth, elevation: elevation)
        let a = azimuth * .pi / 180, e = elevation * .pi / 180
        let expected = SIMD3(cos(e) * cos(a), cos(e) * sin(a), sin(e))
        #expect(((c.eye - expected) * (c.eye - expected)).sum() < 1e-24)
        for (u, v) in [(c.eye, c.right), (c.eye, c.up), (c.right, c.up)] { #expect(abs((u * v).sum()) < 1e-12) }
        for u in [c.right, c.up] { #expect(abs((u * u).sum() - 1) < 1e-12) }
        // Up on the screen is up in the world whenever the view is not straight down or up.
        if abs(elevation) < 90 { #expect(c.up.z > 0) }
        // A point towards the eye projects to the centre and is nearer.
        let p = c.project(c.eye * 0.3)
        #expect(abs(p.x) < 1e-12 && abs(p.y) < 1e-12 && abs(p.depth - 0.3) < 1e-12)
    }

    /// The default view (azimuth −60°, elevation 30°) looks from +x, −y, above: the floor corner
    /// (½, −½, −½) is the nearest corner of the box and projects below its centre.
    @Test func defaultViewMatchesMatplotlib() {
        let c = Camera3D()
        let corners = Surface3DPanel.View.corners
        let nearest = corners.max { c.project($0).depth < c.project($1).depth }!
        #expect(nearest == SIMD3(0.5, -0.5, 0.5))
        let nearestFloor = corners.filter { $0.z < 0 }.max { c.project($0).depth < c.project($1).depth }!
        #expect(nearestFloor == SIMD3(0.5, -0.5, -0.5) && c.project(nearestFloor).y < 0)
        // Perspective makes the near floor corner larger on the screen than without.
        let flat = c.project(nearestFloor), deep = Camera3D(perspective: true).project(nearestFloor)
        #expect(abs(deep.x) > abs(flat.x) && abs(deep.y) > abs(flat.y))
    }

    /// The painter's claim: for a height field, drawing cells in increasing painter's key draws,
    /// at every point of the screen, the nearest cell last. Checked against an exact depth test on
    /// random bumpy surfaces for cameras all round, above and below: at the projected centre of
    /// every cell, of all cells covering that screen point, the nearest has the largest key.
    @Test(arguments: [(-60.0, 30.0), (0, 15), (37, 60), (135, 45), (255, 60), (200, 72), (-100, -25), (80, 5)])
    func paintersOrderDrawsTheNearestLast(_ azimuth: Double, _ elevation: Double) throws {
        for perspective in [false, true] {
            let camera = Camera3D(azimuth: azimuth, elevation: elevation, perspective: perspective)
            var rng = SplitMix64(seed: UInt64(abs(azimuth * 7 + elevation)))
            let n = 14
            // Heights in box units: three random bumps, steep enough to hide one another even from
            // high above, and a tilt.
            let bumps = (0..<3).map { _ in (rng.unit() - 0.5, rng.unit() - 0.5, 0.3 + 0.6 * rng.unit(), 0.005 + 0.02 * rng.unit()) }
            func height(_ x: Double, _ y: Double) -> Double {
                bumps.reduce(-0.3 + 0.1 * x) { $0 + $1.2 * exp(-((x - $1.0) * (x - $1.0) + (y - $1.1) * (y - $1.1)) / $1.3) }
            }
            func corner(_ i: Int, _ j: Int) -> SIMD3<Double> {
                let x = Double(i) / Double(n) - 0.5, y = Double(j) / Double(n) - 0.5
                return SIMD3(x, y, height(x, y))
            }
            func screen(_ p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double) { camera.project(p) }
            // Each cell as two triangles on the screen, with depths at the corners.
            struct Cell { var key: Double; var rank: Int; var triangles: [[(x: Double, y: Double, depth: Double)]] }
            // The row order's rank of each cell, for orthographic views.
            var rank: [Int: Int] = [:]
            if let (rows, columns) = Surface3DPanel.rowOrder(camera, cells: n) {
                for (r, j) in rows.enumerated() { for (c, i) in columns.enumerated() { rank[j * n + i] = r * n + c } }
            }
            var cells: [Cell] = []
            for j in 0..<n {
                for i in 0..<n {
                    let q = [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)].map(screen)
                    let centre = (Double(i) + 0.5) / Double(n) - 0.5, middle = (Double(j) + 0.5) / Double(n) - 0.5
                    cells.append(Cell(key: camera.paintersKey(x: centre, y: middle), rank: rank[j * n + i] ?? 0, triangles: [[q[0], q[1], q[2]], [q[0], q[2], q[3]]]))
                }
            }
            // The depth of a cell at a screen point, if it covers it (well inside a triangle).
            func depth(_ cell: Cell, at p: (x: Double, y: Double)) -> Double? {
                for t in cell.triangles {
                    let d = (t[1].y - t[2].y) * (t[0].x - t[2].x) + (t[2].x - t[1].x) * (t[0].y - t[2].y)
                    guard abs(d) > 1e-12 else { continue }
                    let a = ((t[1].y - t[2].y) * (p.x - t[2].x) + (t[2].x - t[1].x) * (p.y - t[2].y)) / d
                    let b = ((t[2].y - t[0].y) * (p.x - t[2].x) + (t[0].x - t[2].x) * (p.y - t[2].y)) / d
                    let c = 1 - a - b
                    if a > 0.02 && b > 0.02 && c > 0.02 { return a * t[0].depth + b * t[1].depth + c * t[2].depth }
                }
                return nil
            }
            var checked = 0
            for cell in cells {
                for t in cell.triangles {
                    let p = (x: (t[0].x + t[1].x + t[2].x) / 3, y: (t[0].y + t[1].y + t[2].y) / 3)
                    let covering = cells.compactMap { c in depth(c, at: p).map { (c.key, $0, c.rank) } }
                    guard covering.count > 1 else { continue }
                    let nearest = covering.max { $0.1 < $1.1 }!, last = covering.max { $0.0 < $1.0 }!
                    // Equal depths (a fold seen edge-on) may go either way.
                    #expect(nearest.0 == last.0 || abs(nearest.1 - last.1) < 1e-9,
                            "azimuth \(azimuth), elevation \(elevation), perspective \(perspective): a farther cell is drawn last")
                    if !perspective {
                        let lastInRows = covering.max { $0.2 < $1.2 }!
                        #expect(nearest.2 == lastInRows.2 || abs(nearest.1 - lastInRows.1) < 1e-9,
                                "azimuth \(azimuth), elevation \(elevation): in row order a farther cell is drawn last")
                    }
                    checked += 1
                }
            }
            #expect(checked > 0, "azimuth \(azimuth), elevation \(elevation): no cell hid another")
        }
    }

    /// Through the recording canvas: every label lies inside the canvas, none overlaps another,
    /// and the legend sits below the box, for cameras all round and at a small and a large size.
    @Test(arguments: ["two-well", "rosenbrock"], [Comparison.Layout.threeD, .threeDContour, .threeDSideBySide])
    func labelsStayApartAndInside(_ name: String, _ layout: Comparison.Layout) throws {
        var failures: [String] = []
        // Rosenbrock's levels are log-spaced, so its heights are too.
        let start = name == "two-well" ? Vector2(1.9, 1.2) : Vector2(-1.2, 1)
        let surface = try Surface(spec: name)
        var c = Comparison(surface: surface, optimizers: try ["gd:lr=0.001", "momentum:lr=0.0005,momentum=0.9", "adam:lr=0.05"].map { try OptimizerConfiguration(spec: $0) },
                           start: start, stop: StopRule(maxSteps: 200))
        c.gridSize = 60
        c.mesh = 24
        c.layout = layout
        let minimum = c.minimumSize
        for (w, h) in [(minimum.width, minimum.height), (700.0, 640.0), (1200, 560), (2000, 1600)] where c.fits(width: w, height: h) {
            for (azimuth, elevation) in [(-60.0, 30.0), (255, 60), (0, 10), (135, 45), (45, -30), (90, 89)] {
                c.width = w
                c.height = h
                c.camera = Camera3D(azimuth: azimuth, elevation: elevation)
                let canvas = RecordingCanvas(width: w, height: h)
                let layouts = c.figure().draw(on: canvas)
                for p in SizePropertyTests.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                    failures.append("\(name) \(layout.rawValue) \(Int(w))×\(Int(h)) azimuth \(azimuth) elevation \(elevation): \(p)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// Surfaces × optimizers in 3-D, from the smallest grid that works: labels apart and inside.
    @Test func gridLabelsStayApartAndInside() throws {
        var failures: [String] = []
        let rows = try ["bowl", "two-well"].map { name -> Comparison in
            var c = Comparison(surface: try Surface(spec: name), optimizers: try ["gd:lr=0.05", "adam:lr=0.1"].map { try OptimizerConfiguration(spec: $0) },
                               stop: StopRule(maxSteps: 100))
            c.gridSize = 40
            c.mesh = 16
            c.camera = Camera3D(azimuth: -110, elevation: 45)
            return c
        }
        let minimum = Comparison.rowsFigureMinimumSize(rows: 2, columns: 2, threeD: true)
        for (w, h) in [minimum, (1000.0, 900.0), (2400, 1000)] {
            let canvas = RecordingCanvas(width: w, height: h)
            let layouts = Comparison.rowsFigure(rows, width: w, height: h, title: "Optimizers on bowl, two-well", threeD: true).draw(on: canvas)
            for p in SizePropertyTests.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                failures.append("3-D grid \(Int(w))×\(Int(h)): \(p)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// The automatic z range takes the whole range, unless a few values blow up.
    @Test func automaticZRange() {
        #expect(Surface3DPanel.automaticZRange([0, 1, 2, 3, 4]) == 0...4)
        let blowUp = (0..<1000).map { Double($0) / 1000 } + [1e6]
        let range = Surface3DPanel.automaticZRange(blowUp)
        #expect(range != nil && range!.upperBound < 2 && range!.lowerBound == 0)
        #expect(Surface3DPanel.automaticZRange([.nan, .infinity]) == nil)
        #expect(Surface3DPanel.automaticZRange([2, 2]) == 1.5...2.5)
    }

    /// Cutting a quad to the z range.
    @Test func quadsAreCutToTheRange() {
        let quad: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(1, 0, 2), SIMD3(1, 1, 2), SIMD3(0, 1, 0)]
        let cut = Surface3DPanel.clip(quad, below: 1, above: -1)
        #expect(cut.count == 4 && cut.allSatisfy { $0.z <= 1 + 1e-12 })
        #expect(cut.contains(SIMD3(0.5, 0, 1)) && cut.contains(SIMD3(0.5, 1, 1)))
        #expect(Surface3DPanel.clip(quad, below: -0.5, above: -1).isEmpty)
        #expect(Surface3DPanel.clip(quad, below: 5, above: -5) == quad)
    }

    /// A path is cut where it crosses cell edges; the pieces join up and each lies in its cell.
    @Test func pathsAreCutAtCellEdges() {
        let domain = Domain(xmin: 0, xmax: 4, ymin: 0, ymax: 4)
        let pieces = Surface3DPanel.split([Vector2(0.5, 0.5), Vector2(3.5, 2.5)], domain: domain, cells: 4)
        #expect(pieces.map(\.0) == [0, 1, 5, 6, 10, 11])
        for (a, b) in zip(pieces, pieces.dropFirst()) { #expect(a.1.last == b.1.first) }
        #expect(pieces.first?.1.first == Vector2(0.5, 0.5) && pieces.last?.1.last == Vector2(3.5, 2.5))
    }
}

/// The outlines of regions of one colour, and runs joined end to end.
@Suite struct RegionOutlineTests {
    /// Random colourings of a mesh (with holes, islands and regions touching at a corner): every
    /// region's loops step along cell edges, use each boundary edge once, and enclose exactly its
    /// cells (the loops' signed areas in mesh units add up to its cell count).
    @Test(arguments: [1, 2, 3, 4, 5])
    func loopsEncloseTheirRegions(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 13
        let palette = [Color(hex: 0x112233), Color(hex: 0x445566), Color(hex: 0x778899)]
        let colors: [Color?] = (0..<(n * n)).map { _ in
            let r = rng.unit()
            return r < 0.1 ? nil : palette[Int(r * 10) % palette.count]
        }
        let regions = Surface3DPanel.regionOutlines(colors: colors, cells: n)
        // Every coloured cell is in exactly one region: the areas add up to the coloured cells.
        var totalArea = 0
        for region in regions {
            var twiceArea = 0
            for loop in region.loops {
                #expect(loop.count >= 4)
                for (k, v) in loop.enumerated() {
                    let w = loop[(k + 1) % loop.count]
                    let (a, b) = (v % (n + 1), v / (n + 1)), (c, d) = (w % (n + 1), w / (n + 1))
                    #expect(abs(a - c) + abs(b - d) == 1, "a loop steps along one cell edge at a time")
                    twiceArea += a * d - c * b
                }
            }
            #expect(twiceArea > 0 && twiceArea % 2 == 0)
            totalArea += twiceArea / 2
        }
        #expect(totalArea == colors.compactMap { $0 }.count)
        // The cells of a region share its colour, and regions of one colour do not touch along an edge.
        #expect(Set(regions.map(\.color)).isSubset(of: Set(palette)))
    }

    @Test func runsThatMeetAreJoined() {
        let a = Point(0, 0), b = Point(1, 0), c = Point(2, 1), d = Point(5, 5)
        let runs = [(series: 0, points: [a, b]), (series: 0, points: [b, c]), (series: 1, points: [c, d]), (series: 0, points: [d, a]), (series: 0, points: [b, d])]
        let joined = Surface3DPanel.joined(runs)
        #expect(joined.map(\.series) == [0, 1, 0, 0])
        #expect(joined[0].points == [a, b, c])
        #expect(joined[3].points == [b, d])
    }
}
