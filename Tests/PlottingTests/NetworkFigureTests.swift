import Landscapes
import Networks
import Testing
import Trajectories
@testable import Plotting

@Suite struct NetworkFigureTests {
    func session(recordEvery: Int) throws -> NetworkSession {
        let data = try Dataset(spec: "moons:n=40")
        let model = try MLP(spec: "mlp:hidden=4", for: data)
        let initial = model.initialParameters(seed: 0)
        let options = TrainingOptions(epochs: 9, recordEvery: recordEvery)
        let runs = try Trainer(model: model, data: data).train([OptimizerConfiguration(spec: "adam:lr=0.05"), OptimizerConfiguration(spec: "gd:lr=0.5")],
                                                              from: initial, options: options)
        return NetworkSession(data: data, model: model, initial: initial, initSeed: 0, options: options, runs: runs)
    }

    /// With every third step recorded, legends still count steps, and the distance panel's x axis
    /// is the step of each record.
    @Test func sparseRecordsKeepTheirSteps() throws {
        let figure = NetworkFigure(session: try session(recordEvery: 3))
        let plane = try figure.makePlane()
        let comparison = figure.comparison(plane: plane, grid: nil)
        #expect(comparison.seriesAndRuns().series.map(\.steps) == [9, 9])
        let distance = try #require(comparison.companion as? LinePanel)
        #expect(distance.series.map { $0.x ?? [] } == [[0, 3, 6, 9], [0, 3, 6, 9]])
        #expect(comparison.layout == .withLoss)
    }

    /// Runs labelled by labels of their own, or through a catalog that knows their optimizer.
    @Test func runsTakeTheirOwnLabels() throws {
        var figure = NetworkFigure(session: try session(recordEvery: 3))
        #expect(figure.labels == ["Adam lr=0.05", "GD lr=0.5"])
        figure.runLabels = ["mine", "theirs"]
        let plane = try figure.makePlane()
        #expect(figure.comparison(plane: plane, grid: nil).labels == ["mine", "theirs"])
        var renamed = OptimizerCatalog.standard.entries.first { $0.name == "adam" }!
        renamed.displayName = "My Adam"
        figure.runLabels = nil
        figure.catalog = OptimizerCatalog.standard.adding(renamed)
        #expect(figure.labels == ["My Adam lr=0.05", "GD lr=0.5"])
    }

    /// Decision regions: each class's region filled in its two shades, the boundary drawn once
    /// for two classes, and every sample a marker of its class's colour.
    @Test func regionsFillEachClassAndMarkEverySample() throws {
        let figure = NetworkFigure(session: try session(recordEvery: 1))
        let drawing = try figure.learned()
        #expect(drawing.panels.flatMap { $0 }.count == 2)
        let panel = try #require(drawing.panels[0][0] as? RegionsPanel)
        #expect(panel.margins.count == 2 && panel.samples.count == 40)
        let canvas = RecordingCanvas(width: 400, height: 400)
        _ = panel.draw(in: Rect(x: 0, y: 0, width: 400, height: 400), on: canvas)
        let fills = canvas.calls.compactMap { call -> Color? in if case let .fill(_, color, _) = call { color } else { nil } }
        for k in 0..<2 {
            #expect(fills.contains(RegionsPanel.classColor(k).mixed(with: .white, 0.78)))
            #expect(fills.contains(RegionsPanel.classColor(k).mixed(with: .white, 0.6)))
            #expect(fills.contains(RegionsPanel.classColor(k).mixed(with: .black, 0.15)))
        }
        let boundaries = canvas.calls.filter { call in if case let .stroke(_, style) = call { style.width == 1.2 } else { false } }
        #expect(boundaries.count == 1)
    }

    /// Interpolation curves start together at θ₀ (α = 0) and mark θ₀ and θ*; the accuracy panel
    /// is in percent.
    @Test func interpolationCurvesShareTheirStart() throws {
        var figure = NetworkFigure(session: try session(recordEvery: 1))
        figure.resolution = 5
        let curves = figure.curves(.interpolation)
        #expect(curves.map { $0.curve.alpha } == [[-0.5, 0, 0.5, 1, 1.5], [-0.5, 0, 0.5, 1, 1.5]])
        #expect(curves[0].curve.loss[1] == curves[1].curve.loss[1])
        let drawing = figure.curvesFigure(.interpolation, curves: curves)
        let loss = try #require(drawing.panels[0][0] as? LinePanel), accuracy = try #require(drawing.panels[0][1] as? LinePanel)
        #expect(loss.marks.map(\.label) == ["θ₀", "θ*"] && loss.xRange == -0.5...1.5)
        #expect(accuracy.series[0].values.allSatisfy { (0...100).contains($0) })
        // A tall canvas stacks the two panels, and fits where side by side would not.
        figure.width = 600
        figure.height = 1100
        #expect(figure.curvesFigure(.interpolation, curves: curves).panels.map(\.count) == [1, 1])
        #expect(figure.curvesFit(width: 600, height: 1100) && !figure.curvesFit(width: 600, height: 500) && figure.curvesFit(width: 620, height: 300))
    }
}
