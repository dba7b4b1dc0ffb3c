import Foundation
import Landscapes
import Testing
import Trajectories
@testable import Plotting

/// Every figure right at any size: for every layout, for sizes from the smallest that works up to
/// 4000 units a side, for square, wide and tall surfaces and 1 to 8 optimizers, the recording
/// canvas shows that no two text boxes overlap, every text box lies inside the canvas, no legend
/// covers a start, end or minimum marker, and every plot keeps a usable size.
@Suite struct SizePropertyTests {
    static let specs = ["gd:lr=0.05", "momentum:lr=0.02,momentum=0.9", "adam:lr=0.1", "nesterov:lr=0.02,momentum=0.9", "rmsprop:lr=0.01",
                        "adagrad:lr=0.3", "adamw:lr=0.1", "newton"]

    static func surface(_ name: String) throws -> Surface {
        switch name {
        case "tall": return try Surface(expression: "x^2 + 0.2*y^2", domain: Domain(xmin: -1, xmax: 1, ymin: -3, ymax: 3))
        default: return try Surface(spec: name)
        }
    }

    /// The first `count` optimizers on `surface`, laid out as `layout`, on a coarse grid.
    static func comparison(_ surface: Surface, _ count: Int, _ layout: Comparison.Layout) throws -> Comparison {
        var c = Comparison(surface: surface, optimizers: try specs.prefix(count).map { try OptimizerConfiguration(spec: $0) },
                           stop: StopRule(maxSteps: 200, gradientNorm: 1e-3))
        c.gridSize = 40
        c.layout = layout
        // The curvature layout with every mark it has: their legend keys must fit too.
        if layout == .withCurvature { c.curvature = Comparison.CurvatureMarks(indefinite: true, ellipsesAt: [Vector2(0.5, 0.5)], ellipsesAlongPaths: 3) }
        return c
    }

    static let sizes: [(Double, Double)] = [(400, 300), (640, 480), (800, 600), (1200, 500), (500, 1200), (4000, 4000), (4000, 400), (400, 4000)]

    /// The problems of one drawing, as sentences.
    static func problems(_ canvas: RecordingCanvas, _ layouts: [[PanelLayout]], markers: [[Point]]) -> [String] {
        var found: [String] = []
        let bounds = Rect(x: 0, y: 0, width: canvas.size.width, height: canvas.size.height)
        let texts = canvas.texts.filter { !$0.string.isEmpty }
        for t in texts where !bounds.insetBy(-0.5).contains(t.box) { found.append("'\(t.string)' leaves the canvas at \(t.box)") }
        for a in texts.indices {
            for b in texts.indices where b > a && texts[a].box.insetBy(0.5).intersects(texts[b].box.insetBy(0.5)) {
                found.append("'\(texts[a].string)' overlaps '\(texts[b].string)'")
            }
        }
        for (layout, points) in zip(layouts.flatMap { $0 }, markers) {
            if layout.plot.width < 60 || layout.plot.height < 40 { found.append("plot \(layout.plot) is too small") }
            if let legend = layout.legend {
                for p in points where legend.insetBy(-2).contains(p) { found.append("legend \(legend) covers the marker at \(p)") }
            }
        }
        return found
    }

    @Test(arguments: ["bowl", "ravine", "tall"], [Comparison.Layout.single, .withLoss, .sideBySide, .withCurvature])
    func landscapesAtEverySize(_ name: String, _ layout: Comparison.Layout) throws {
        let surface = try Self.surface(name)
        var failures: [String] = []
        for count in [1, 5, 8] {
            var c = try Self.comparison(surface, count, layout)
            let preferred = c.preferredSize
            for (w, h) in Self.sizes + [preferred] {
                c.width = w
                c.height = h
                if !c.fits(width: w, height: h) { continue }
                let canvas = RecordingCanvas(width: w, height: h)
                let layouts = c.figure().draw(on: canvas)
                let runs = c.runs()
                let markers: [[Point]] = layouts.flatMap { $0 }.enumerated().map { k, panel in
                    guard let t = panel.transform, panel.legend != nil else { return [] }
                    let shown = layout == .sideBySide ? [runs[k]] : runs
                    return shown.flatMap { r in [r.positions.first, r.positions.last].compactMap { $0 }.map { t($0) } }
                        + surface.minima.filter { surface.domain.contains($0.point) }.map { t($0.point) }
                }
                for p in Self.problems(canvas, layouts, markers: markers) { failures.append("\(count) optimizers at \(Int(w))×\(Int(h)): \(p)") }
            }
            // The smallest size that works, works.
            let minimum = c.minimumSize
            c.width = minimum.width
            c.height = minimum.height
            let canvas = RecordingCanvas(width: minimum.width, height: minimum.height)
            let layouts = c.figure().draw(on: canvas)
            for p in Self.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                failures.append("\(count) optimizers at the minimum \(Int(minimum.width))×\(Int(minimum.height)): \(p)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }
}

extension SizePropertyTests {
    @Test(arguments: ["parabola", "wavy"], [Comparison.Layout.single, .withLoss])
    func curvesAtEverySize(_ name: String, _ layout: Comparison.Layout) throws {
        let surface = try Self.surface(name)
        var failures: [String] = []
        for count in [1, 5, 8] {
            var c = try Self.comparison(surface, count, layout)
            for (w, h) in Self.sizes + [c.preferredSize, c.minimumSize] where c.fits(width: w, height: h) {
                c.width = w
                c.height = h
                let canvas = RecordingCanvas(width: w, height: h)
                let layouts = c.figure().draw(on: canvas)
                for p in Self.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                    failures.append("\(count) optimizers at \(Int(w))×\(Int(h)): \(p)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// Surfaces × optimizers grids, as scene files make them.
    @Test func gridsAtEverySize() throws {
        let rows = try ["bowl", "ravine", "rosenbrock"].map { name -> Comparison in
            var c = Comparison(surface: try Surface(spec: name), optimizers: try ["gd:lr=0.001", "momentum:lr=0.001", "adam:lr=0.05"].map { try OptimizerConfiguration(spec: $0) },
                               stop: StopRule(maxSteps: 100))
            c.gridSize = 40
            return c
        }
        var failures: [String] = []
        for (rowCount, columnCount) in [(3, 3), (1, 1), (2, 1), (3, 2)] {
            let chosen = rows.prefix(rowCount).map { c in
                var c = c
                c.optimizers = Array(c.optimizers.prefix(columnCount))
                return c
            }
            let minimum = Comparison.rowsFigureMinimumSize(rows: rowCount, columns: columnCount)
            let sizes = [minimum, (minimum.width + 70, minimum.height + 30), (minimum.width, 4000), (4000, minimum.height),
                         (900.0, 800.0), (1200, 900), (1500, 1100), (4000, 4000), (4000, 1200), (1200, 4000)]
            for (w, h) in sizes where w >= minimum.width && h >= minimum.height {
                let canvas = RecordingCanvas(width: w, height: h)
                let layouts = Comparison.rowsFigure(chosen, width: w, height: h, title: "Optimizers on bowl, ravine, rosenbrock").draw(on: canvas)
                for p in Self.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                    failures.append("\(rowCount)×\(columnCount) at \(Int(w))×\(Int(h)): \(p)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// The EWMA figure, with and without its gradient panel.
    @Test func ewmaAtEverySize() {
        var failures: [String] = []
        for gradients in [nil, (0..<200).map { sin(Double($0) * 0.37) * 8 }] {
            for (w, h) in [(600.0, 320.0), (1000, 460), (1500, 480), (4000, 4000), (700, 1800)] {
                var f = EWMAFigure(values: [5, 6, 4, 7, 5, 10, 8, 6, 7], betas: [0.1, 0.5, 0.9])
                f.gradients = gradients
                f.width = w
                f.height = h
                let canvas = RecordingCanvas(width: w, height: h)
                let layouts = f.figure().draw(on: canvas)
                for p in Self.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) {
                    failures.append("\(gradients == nil ? 2 : 3) panels at \(Int(w))×\(Int(h)): \(p)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }

    /// Sweep maps in their three layouts.
    @Test(arguments: [SweepFigure.Layout.map, .theory, .paths])
    func sweepMapsAtEverySize(_ layout: SweepFigure.Layout) throws {
        let result = try Sweep(surface: try Surface(spec: "ravine"), optimizer: try Spec(parsing: "momentum"),
                               x: try SweepAxis(key: "lr", range: "0.002:0.1:log", count: 16), y: try SweepAxis(key: "momentum", range: "0:0.98", count: 12),
                               start: [-2.5, 1], stop: StopRule(maxSteps: 300, loss: 1e-8)).run()
        var failures: [String] = []
        let minimum = SweepFigure.minimumSize(layout)
        let sizes = [minimum, (minimum.width + 70, minimum.height + 30), (minimum.width, 4000), (4000, minimum.height),
                     (640.0, 480.0), (900, 680), (1400, 640), (4000, 4000), (4000, 500), (700, 4000)]
        for (w, h) in sizes where w >= minimum.width && h >= minimum.height {
            var f = SweepFigure(result: result, metric: .steps)
            f.layout = layout
            f.width = w
            f.height = h
            let canvas = RecordingCanvas(width: w, height: h)
            let layouts = f.figure().draw(on: canvas)
            for p in Self.problems(canvas, layouts, markers: layouts.flatMap { $0 }.map { _ in [] }) { failures.append("\(Int(w))×\(Int(h)): \(p)") }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(12).joined(separator: "\n"))")
    }
}
