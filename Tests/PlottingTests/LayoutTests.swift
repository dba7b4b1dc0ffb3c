import Foundation
import Landscapes
import Testing
@testable import Plotting

@Suite struct LayoutTests {
    @Test(arguments: [(800.0, 600.0), (640, 640), (1200, 500)])
    func everythingLiesInsideTheCanvas(width: Double, height: Double) throws {
        let canvas = RecordingCanvas(width: width, height: height)
        let layout = try bowlFigure(width: width, height: height).draw(on: canvas)
        let bounds = Rect(x: 0, y: 0, width: width, height: height)
        #expect(bounds.contains(layout.plot) && bounds.contains(layout.colorbar))
        for text in canvas.texts { #expect(bounds.contains(text.box), "\(text.string) at \(text.box)") }
        // Equal aspect for the square domain.
        #expect(abs(layout.plot.width - layout.plot.height) <= 1)
        #expect(layout.colorbar.minX > layout.plot.maxX)
    }

    @Test func legendStaysInsideThePlotAndOffTheStartAndMinimum() throws {
        let canvas = RecordingCanvas(width: 800, height: 600)
        let figure = try bowlFigure()
        let layout = figure.draw(on: canvas)
        let legend = try #require(layout.legend)
        #expect(layout.plot.contains(legend))
        let transform = PlotTransform(domain: figure.grid.domain, rect: layout.plot)
        #expect(!legend.insetBy(-6).contains(transform([2.5, 2.5])))
        #expect(!legend.insetBy(-6).contains(transform([0, 0])))
    }

    @Test func tickLabelsDoNotOverlap() throws {
        let canvas = RecordingCanvas(width: 800, height: 600)
        _ = try bowlFigure().draw(on: canvas)
        let boxes = canvas.texts.filter { $0.angle == 0 }.map(\.box)
        for a in boxes.indices {
            for b in boxes.indices where b > a {
                #expect(!boxes[a].intersects(boxes[b]), "\(canvas.texts[a].string) overlaps \(canvas.texts[b].string)")
            }
        }
    }

    @Test func drawsEveryPartOfTheFigure() throws {
        let canvas = RecordingCanvas(width: 800, height: 600)
        _ = try bowlFigure().draw(on: canvas)
        let strings = canvas.texts.map(\.string)
        #expect(strings.contains("f(w₁, w₂) = w₁² + w₂²"))
        #expect(strings.contains("w₁") && strings.contains("w₂") && strings.contains("loss"))
        #expect(strings.contains { $0.hasPrefix("GD lr=0.1 · converged in ") })
        #expect(strings.contains { $0.hasPrefix("Momentum lr=0.05 β=0.8 · converged in ") })
        #expect(strings.contains { $0.hasPrefix("Adam lr=0.3 · converged in ") })
        #expect(strings.contains("−3") && strings.contains("3"))
        // 19 levels → 18 filled layers; paths clipped to the plot.
        let fills = canvas.calls.filter { if case .fill = $0 { true } else { false } }
        #expect(fills.count > 18)
        #expect(canvas.calls.contains { if case .pushClip = $0 { true } else { false } })
    }
}

@Suite struct PiecesTests {
    @Test func scalesMapDataToDevice() {
        let x = Scale(domain: -3...3, range: 100...400)
        #expect(x(-3) == 100 && x(0) == 250 && x(3) == 400)
        let y = Scale(domain: 0...10, range: 50...150, reversed: true)
        #expect(y(0) == 150 && y(10) == 50)
        let log = Scale(kind: .log, domain: 1...100, range: 0...200)
        #expect(abs(log(10) - 100) < 1e-12)
    }

    @Test func tickLabels() {
        #expect(TickFormat.labels(for: [-2, -1, 0, 1, 2]) == ["−2", "−1", "0", "1", "2"])
        #expect(TickFormat.labels(for: [0, 0.5, 1]) == ["0.0", "0.5", "1.0"])
        #expect(TickFormat.labels(for: [0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"])
        #expect(TickFormat.scientific(1e-3) == "10⁻³")
        #expect(TickFormat.scientific(2e5) == "2×10⁵")
    }

    @Test func simplifyKeepsEndsAndStaysWithinTolerance() {
        var points: [Point] = []
        for k in 0...1000 { let t = Double(k) / 1000; points.append(Point(300 * t, 100 * sin(6 * t))) }
        let simple = simplify(points, tolerance: 0.25)
        #expect(simple.first == points.first && simple.last == points.last)
        #expect(simple.count < 200)
        // Every original point lies within 0.25 + ε of the simplified polyline.
        for p in points {
            var best = Double.infinity
            for k in 1..<simple.count {
                let a = simple[k - 1], b = simple[k]
                let dx = b.x - a.x, dy = b.y - a.y
                let u = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)))
                best = min(best, hypot(a.x + u * dx - p.x, a.y + u * dy - p.y))
            }
            #expect(best <= 0.25 + 1e-9)
        }
    }

    @Test func colormapsMatchTheirPublishedEnds() {
        #expect(Colormap.viridis.color(at: 0).hexString == "#440154")
        #expect(Colormap.viridis.color(at: 1).hexString == "#fde725")
        #expect(Colormap.magma.color(at: 0).hexString == "#000004")
        #expect(Colormap.cividis.color(at: 1).hexString == "#fee838")
        #expect(Colormap.named("viridis") == .viridis && Colormap.named("jet") == nil)
    }
}
