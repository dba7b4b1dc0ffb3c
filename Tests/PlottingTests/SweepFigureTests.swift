import Landscapes
import Testing
import Trajectories
@testable import Plotting

@Suite struct SweepFigureTests {
    func ravineResult(cells: (Int, Int) = (30, 25)) throws -> SweepResult {
        try Sweep(surface: try Surface(spec: "ravine"), optimizer: try Spec(parsing: "momentum"),
                  x: try SweepAxis(key: "lr", range: "0.002:0.1:log", count: cells.0),
                  y: try SweepAxis(key: "momentum", range: "0:0.98", count: cells.1),
                  start: [-2.5, 1], stop: StopRule(maxSteps: 500, loss: 1e-8)).run()
    }

    @Test func mapHasLegendTheoryAndMarks() throws {
        let result = try ravineResult()
        let figure = SweepFigure(result: result, metric: .steps).figure()
        let canvas = RecordingCanvas(width: figure.width, height: figure.height)
        let layouts = figure.draw(on: canvas)
        let texts = canvas.texts.map(\.string)
        for expected in ["diverged", "not converged in 500 steps", "stability limit ρ = 1", "rate ρ (theory)",
                         "learning rate γ", "momentum μ", "steps to converge"] {
            #expect(texts.contains(expected), "missing '\(expected)'")
        }
        #expect(texts.contains { $0.hasPrefix("best: γ=") && $0.hasSuffix("steps)") })
        #expect(texts.contains("theory optimum γ* = 0.0614, μ* = 0.566 (ρ = 0.752)"))
        #expect(texts.contains { $0.hasPrefix("ρ=0.") })
        // The legend sits below the plot, inside the figure.
        let plot = layouts[0][0].plot, legend = try #require(layouts[0][0].legend)
        #expect(legend.minY > plot.maxY && legend.maxY <= figure.height)
        #expect(layouts[0][0].colorbar != nil)
    }

    @Test func cellsTileThePlotOnWholePixels() throws {
        let result = try ravineResult(cells: (17, 13))
        var panel = SweepMapPanel(measured: result, metric: .steps)
        panel.theory = nil
        let canvas = RecordingCanvas(width: 700, height: 560)
        let layout = panel.draw(in: Rect(x: 0, y: 0, width: 700, height: 560), on: canvas)
        // Every cell rectangle has whole-pixel corners, and together they cover the plot's cell area once.
        var area = 0.0
        let plot = layout.plot.insetBy(-1)
        for case let .fill(path, _, _) in canvas.calls {
            var corners: [Point] = []
            for element in path.elements {
                switch element {
                case let .move(p), let .line(p): corners.append(p)
                case .close:
                    defer { corners = [] }
                    guard corners.count == 4 else { continue }
                    let r = Rect(x: corners[0].x, y: corners[0].y, width: corners[2].x - corners[0].x, height: corners[2].y - corners[0].y)
                    guard plot.contains(corners[0]), plot.contains(corners[2]) else { continue }
                    // Left and bottom edges on whole pixels; right and top overlap the neighbours by half a unit.
                    let whole = r.minX == r.minX.rounded() && r.maxY == r.maxY.rounded()
                    #expect(whole)
                    let w = r.width == r.width.rounded() ? r.width : r.width - SweepMapPanel.overlap
                    let h = abs(r.height) == abs(r.height).rounded() ? abs(r.height) : abs(r.height) - SweepMapPanel.overlap
                    area += w * h
                default: break
                }
            }
        }
        #expect(abs(area - layout.plot.width * layout.plot.height) <= layout.plot.width + layout.plot.height)
    }

    @Test func theoryPanelPredictsStepsOnTheMeasuredScale() throws {
        let result = try ravineResult()
        let theory = try #require(SweepMapPanel(theoryOf: result.sweep, metric: .steps))
        // Theory and measurement agree on which cells diverge, except within one cell of the limit.
        var disagreements = 0
        for (k, c) in result.cells.enumerated() where (c.end.outcome == .diverged) != (theory.cells[k] == .diverged) { disagreements += 1 }
        #expect(disagreements <= result.sweep.y.count)
        // Steps predicted from ρ are within a factor of two of those measured where both converge
        // well inside the stable region.
        var checked = 0
        for (k, c) in result.cells.enumerated() {
            guard case let .value(predicted) = theory.cells[k], c.end.outcome == .converged, c.end.steps > 60 else { continue }
            #expect(predicted / Double(c.end.steps) > 0.5 && predicted / Double(c.end.steps) < 2, "cell \(c.x), \(c.y)")
            checked += 1
        }
        #expect(checked > 100)
        #expect(SweepMapPanel(theoryOf: try Sweep(surface: try Surface(spec: "rosenbrock"), optimizer: try Spec(parsing: "momentum"),
                                                 x: try SweepAxis(key: "lr", range: "0.001:0.01", count: 3),
                                                 y: try SweepAxis(key: "momentum", range: "0:0.9", count: 3),
                                                 start: [0, 0], stop: StopRule(maxSteps: 10))) == nil)
    }

    @Test func automaticPicksShowTheRegions() throws {
        let result = try ravineResult()
        let picks = SweepFigure.automaticPicks(result, metric: .steps)
        #expect(picks.map(\.role) == ["fast", "slow", "oscillating", "diverging"])
        let best = try #require(result.best(.steps))
        #expect(picks.allSatisfy { $0.j == best.j })
        #expect(result.cell(picks[3].i, picks[3].j).end.outcome == .diverged)
        #expect(result.cell(picks[2].i, picks[2].j).end.outcome != .diverged && picks[3].i == picks[2].i + 1)
        var f = SweepFigure(result: result, metric: .steps)
        f.layout = .paths
        let figure = f.figure()
        let canvas = RecordingCanvas(width: figure.width, height: figure.height)
        figure.draw(on: canvas)
        #expect(canvas.texts.contains { $0.string.hasPrefix("diverging: γ=") && $0.string.contains("diverged at step") })
    }

    @Test func ensembleBandsInTheLossPanel() throws {
        var c = try comparison("sincos", ["sgd:lr=0.09", "gd:lr=0.05"], layout: .withLoss, steps: 60)
        c.seeds = 7
        let runs = c.ensembles()
        #expect(runs.map(\.count) == [7, 1])
        let figure = c.figure()
        let canvas = RecordingCanvas(width: figure.width, height: figure.height)
        figure.draw(on: canvas)
        #expect(canvas.texts.contains { $0.string == "SGD lr=0.09 · median of 7 seeds, 60 steps" })
        // One translucent band (the stochastic optimizer's) and seven faint paths under its median.
        let bands = canvas.calls.filter { if case let .fill(_, color, _) = $0 { return abs(color.alpha - 0.2) < 1e-9 } else { return false } }
        #expect(bands.count == 1)
        // Each seed stroked on its own, at alpha 3/7 so that where they agree they add up.
        let faint = canvas.calls.filter { if case let .stroke(_, style) = $0 { return abs(style.color.alpha - 3.0 / 7) < 1e-9 && style.width == 0.8 } else { return false } }
        #expect(faint.count == 7)
    }
}

@Suite struct SelectionTests {
    @Test func selectMatchesSorting() {
        var random = SplitMix64(seed: 5)
        for trial in 0..<300 {
            let n = 1 + Int(random.next() % 400)
            // Some trials with many repeated values, some with all equal.
            let distinct = trial % 3 == 0 ? 3 : (trial % 7 == 0 ? 1 : 1_000_000)
            var values = (0..<n).map { _ in Double(random.next() % UInt64(distinct)) * 0.5 }
            let sorted = values.sorted()
            let k = Int(random.next() % UInt64(n))
            #expect(FieldStyle.select(&values, k, in: 0..<n) == sorted[k])
            #expect(values[0..<k].allSatisfy { $0 <= sorted[k] })
            if k > 0 {
                let j = Int(random.next() % UInt64(k))
                #expect(FieldStyle.select(&values, j, in: 0..<k) == sorted[j])
            }
        }
        var flat = [Double](repeating: 2, count: 100_000)
        #expect(FieldStyle.select(&flat, 50_000, in: 0..<100_000) == 2)
    }
}
