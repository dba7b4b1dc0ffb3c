import Foundation
import Landscapes
import Testing
import Trajectories
@testable import Plotting

@Suite struct LayoutTests {
    @Test(arguments: [(800.0, 600.0), (640, 640), (1200, 500)])
    func everythingLiesInsideTheCanvas(width: Double, height: Double) throws {
        let canvas = RecordingCanvas(width: width, height: height)
        let layout = try bowl(width: width, height: height).figure().draw(on: canvas)[0][0]
        let bounds = Rect(x: 0, y: 0, width: width, height: height)
        let colorbar = try #require(layout.colorbar)
        #expect(bounds.contains(layout.plot))
        #expect(bounds.contains(colorbar))
        for text in canvas.texts { #expect(bounds.contains(text.box), "\(text.string) at \(text.box)") }
        #expect(abs(layout.plot.width - layout.plot.height) <= 1)  // equal aspect on a square domain
        #expect(colorbar.minX > layout.plot.maxX)
    }

    @Test func legendStaysInsideThePlotAndOffTheStartAndMinimum() throws {
        let canvas = RecordingCanvas(width: 800, height: 600)
        let layout = try bowl().figure().draw(on: canvas)[0][0]
        let legend = try #require(layout.legend)
        #expect(layout.plot.contains(legend))
        let transform = try #require(layout.transform)
        #expect(!legend.insetBy(-6).contains(transform([2.5, 2.5])))
        #expect(!legend.insetBy(-6).contains(transform([0, 0])))
    }

    @Test(arguments: ["bowl", "ravine", "two-well", "rosenbrock", "saddle", "wavy", "parabola"])
    func tickLabelsAndTitlesDoNotOverlap(_ spec: String) throws {
        let surface = try Surface(spec: spec)
        let canvas = RecordingCanvas(width: 1100, height: 520)
        let specs = surface.starts[0].optimizers.filter { !$0.hasPrefix("sgd") }
        var c = try comparison(spec, specs, layout: .withLoss, width: 1100, height: 520)
        c.levelCount = 24
        _ = c.figure().draw(on: canvas)
        let boxes = canvas.texts.filter { $0.angle == 0 }
        for a in boxes.indices {
            for b in boxes.indices where b > a {
                #expect(!boxes[a].box.intersects(boxes[b].box), "\(boxes[a].string) overlaps \(boxes[b].string)")
            }
        }
    }

    @Test func drawsEveryPartOfTheFigure() throws {
        let canvas = RecordingCanvas(width: 800, height: 600)
        _ = try bowl().figure().draw(on: canvas)
        let strings = canvas.texts.map(\.string)
        #expect(strings.contains("f(w₁, w₂) = w₁² + w₂²"))
        #expect(strings.contains("w₁") && strings.contains("w₂") && strings.contains("loss"))
        #expect(strings.contains { $0.hasPrefix("GD lr=0.1 · converged in ") })
        #expect(strings.contains { $0.hasPrefix("Momentum lr=0.05 β=0.8 · converged in ") })
        #expect(strings.contains { $0.hasPrefix("Adam lr=0.3 · converged in ") })
        #expect(strings.contains("−3") && strings.contains("3"))
        #expect(canvas.calls.contains { if case .pushClip = $0 { true } else { false } })
    }

    @Test func sideBySidePanelsHavePlotsOfTheSameSize() throws {
        let canvas = RecordingCanvas(width: 1500, height: 380)
        let layouts = try comparison("ravine", ["gd:lr=0.036", "momentum:lr=0.009", "adam:lr=0.1"], layout: .sideBySide,
                                     width: 1500, height: 380).figure().draw(on: canvas)[0]
        #expect(layouts.count == 3)
        for l in layouts {
            #expect(abs(l.plot.width - layouts[0].plot.width) < 1 && abs(l.plot.height - layouts[0].plot.height) < 1)
            #expect(abs(l.plot.minY - layouts[0].plot.minY) < 1)
        }
        #expect(layouts[0].plot.maxX < layouts[1].plot.minX && layouts[1].plot.maxX < layouts[2].plot.minX)
        #expect(layouts[0].colorbar == nil && layouts[2].colorbar != nil)
        #expect(layouts.allSatisfy { $0.legend == nil })
    }

    @Test func lossPanelSitsBesideTheLandscape() throws {
        let canvas = RecordingCanvas(width: 1200, height: 470)
        let row = try comparison("ravine", ["gd:lr=0.036", "adam:lr=0.1"], layout: .withLoss, width: 1200, height: 470)
            .figure().draw(on: canvas)[0]
        #expect(row.count == 2)
        let bar = try #require(row[0].colorbar)
        #expect(bar.maxX < row[1].plot.minX)
        #expect(canvas.texts.contains { $0.string == "step" } && canvas.texts.contains { $0.string == "10⁻³" || $0.string == "10⁰" })
    }

    @Test func pathsAreClippedToTheView() throws {
        // GD at γ = 1.5 on the bowl multiplies θ by 1 − 2γ = −2 each step and leaves every view:
        // nothing far outside it may reach the canvas.
        let canvas = RecordingCanvas(width: 800, height: 600)
        let layout = try comparison("bowl", ["gd:lr=1.5"], steps: 60).figure().draw(on: canvas)[0][0]
        _ = layout
        for call in canvas.calls {
            guard case let .stroke(path, _) = call else { continue }
            for e in path.elements {
                if case let .line(p) = e { #expect(Rect(x: 0, y: 0, width: 800, height: 600).insetBy(-12).contains(p), "\(p)") }
            }
        }
        let strings = canvas.texts.map(\.string)
        #expect(strings.contains { $0.contains("diverged at step") } && strings.contains("left the view"))
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
        #expect(TickFormat.number(-2.5) == "−2.5" && TickFormat.number(3) == "3")
        // Subnormal, huge and non-finite values have labels too (a 3-D z range of 0…5e-324 trapped).
        // (Subnormal literals warn that they round: these are parsed at run time.)
        #expect(TickFormat.scientific(.leastNonzeroMagnitude) == "4.94×10⁻³²⁴")
        #expect(TickFormat.scientific(Double("-2e-310") ?? 0) == "−2×10⁻³¹⁰")
        #expect(TickFormat.format(1e300, decimals: 0) == "1e+300" && TickFormat.format(.infinity, decimals: 2) == "inf")
        #expect(TickFormat.labels(for: [0, Double("2.5e-324") ?? 0, .leastNonzeroMagnitude]).count == 3)
    }

    @Test func clippingKeepsTheVisibleRunsAndFindsTheExit() {
        let r = Rect(x: 0, y: 0, width: 10, height: 10)
        let c = clip([Point(5, 5), Point(15, 5), Point(1e12, -1e12), Point(5, 8)], to: r)
        #expect(c.runs.count == 2)
        #expect(c.runs[0] == [Point(5, 5), Point(10, 5)])
        #expect(c.exit?.point == Point(10, 5) && c.exit?.direction == Point(1, 0))
        #expect(c.runs.flatMap { $0 }.allSatisfy { r.contains($0) })
        #expect(clip([Point(20, 20), Point(30, 30)], to: r).runs.isEmpty)
    }

    @Test func simplifyKeepsEndsAndStaysWithinTolerance() {
        var points: [Point] = []
        for k in 0...1000 { let t = Double(k) / 1000; points.append(Point(300 * t, 100 * sin(6 * t))) }
        let simple = simplify(points, tolerance: 0.25)
        #expect(simple.first == points.first && simple.last == points.last)
        #expect(simple.count < 200)
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

    @Test func automaticStyles() throws {
        func style(_ spec: String) throws -> FieldStyle {
            let s = try Surface(spec: spec)
            return FieldStyle.automatic(for: s, grid: Grid(surface: s, domain: s.domain, resolution: 100))
        }
        let rosenbrock = try style("rosenbrock"), beale = try style("beale"), bowl = try style("bowl"), twoWell = try style("two-well")
        #expect(rosenbrock.logScale && beale.logScale)
        #expect(!bowl.logScale && !twoWell.logScale)
        let saddle = try style("saddle")
        #expect(saddle.colormap == .diverging && saddle.levels.first == -saddle.levels.last!)
    }
}

@Suite struct GridLayoutTests {
    @Test func surfacesByOptimizers() throws {
        let rows = try ["bowl", "ravine"].map { try comparison($0, ["gd:lr=0.03", "momentum:lr=0.01", "adam:lr=0.1"]) }
        let canvas = RecordingCanvas(width: 1500, height: 800)
        let layouts = Comparison.rowsFigure(rows, width: 1500, height: 800, title: "overview").draw(on: canvas)
        #expect(layouts.count == 2 && layouts.allSatisfy { $0.count == 3 })
        #expect(layouts[0][0].plot.maxY < layouts[1][0].plot.minY)
        #expect(layouts.allSatisfy { $0[2].colorbar != nil && $0[0].colorbar == nil })
        let titles = canvas.texts.map(\.string)
        #expect(titles.contains { $0.hasPrefix("bowl · GD lr=0.03") } && titles.contains { $0.hasPrefix("ravine · Adam lr=0.1") })
    }
}

/// A recording canvas that branches, for checking that drawing panels on branches in parallel
/// draws what drawing them in order does.
final class BranchingRecorder: BranchingCanvas {
    let recorder: RecordingCanvas
    var size: (width: Double, height: Double) { recorder.size }
    var branches = 0
    init(width: Double, height: Double) { recorder = RecordingCanvas(width: width, height: height) }
    func fill(_ path: Path, color: Color, rule: FillRule) { recorder.fill(path, color: color, rule: rule) }
    func stroke(_ path: Path, style: StrokeStyle) { recorder.stroke(path, style: style) }
    func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double) {
        recorder.text(string, at: origin, font: font, color: color, angle: angle)
    }
    func measure(_ string: String, font: Font) -> TextMetrics { recorder.measure(string, font: font) }
    func pushClip(_ rect: Rect) { recorder.pushClip(rect) }
    func popClip() { recorder.popClip() }
    func makeBranch() -> (any BranchingCanvas)? {
        branches += 1
        return BranchingRecorder(width: size.width, height: size.height)
    }
    func merge(_ branch: any BranchingCanvas) {
        guard let branch = branch as? BranchingRecorder else { return }
        for call in branch.recorder.calls {
            switch call {
            case let .fill(path, color, rule): fill(path, color: color, rule: rule)
            case let .stroke(path, style): stroke(path, style: style)
            case let .text(string, origin, font, color, angle): text(string, at: origin, font: font, color: color, angle: angle)
            case let .pushClip(rect): pushClip(rect)
            case .popClip: popClip()
            }
        }
    }
}

@Suite struct BranchingTests {
    /// Figures of several panels (contours with loss, 3-D beside contours, side by side, a grid of
    /// surfaces) drawn on branches give the same calls, in the same order, and the same layouts
    /// as drawn in order on one canvas.
    @Test(arguments: [Comparison.Layout.withLoss, .threeDContour, .sideBySide, .threeDSideBySide])
    func panelsOnBranchesDrawWhatPanelsInOrderDo(_ layout: Comparison.Layout) throws {
        let figure = try comparison("two-well", ["gd:lr=0.05", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"], layout: layout,
                                    width: 1400, height: 700, steps: 80).figure()
        let plain = RecordingCanvas(width: 1400, height: 700)
        let ordered = figure.draw(on: plain)
        let branching = BranchingRecorder(width: 1400, height: 700)
        let branched = figure.draw(on: branching)
        #expect(branching.branches == figure.panels.reduce(0) { $0 + $1.count })
        #expect(branching.recorder.calls == plain.calls)
        #expect(ordered.map { $0.map(\.plot) } == branched.map { $0.map(\.plot) })
    }
}

@Suite struct RecordedRunTests {
    /// Runs made elsewhere join a comparison after its optimizers: in the legend with their own
    /// labels, in the next colours, in the subtitle, and in the room the layout keeps.
    @Test func recordedRunsJoinTheFigure() throws {
        var c = try comparison("two-well", ["gd:lr=0.05", "adam:lr=0.1"], layout: .withLoss, width: 1000, height: 600, steps: 60)
        let mine = Runner(surface: c.surface, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.05,momentum=0.9"))
            .run(from: c.start, stop: c.stop)
        c.recordedRuns = [.init(label: "My momentum", trajectory: mine)]
        #expect(c.labels == ["GD lr=0.05", "Adam lr=0.1", "My momentum"])
        #expect(c.defaultSubtitle.contains("GD, Adam and My momentum"))
        let (series, runs) = c.seriesAndRuns()
        #expect(series.count == 3 && runs.count == 3)
        #expect(series[2].color == Palette.path(2) && series[2].points == mine.positions && series[2].name == "My momentum")
        let canvas = RecordingCanvas(width: 1000, height: 600)
        c.figure().draw(on: canvas)
        #expect(canvas.texts.contains { $0.string.hasPrefix("My momentum · ") })
        // A series made from a file is labelled by its optimizer.
        #expect(PathSeries(trajectory: mine, color: .black).name == "Momentum lr=0.05 β=0.9")
    }
}
