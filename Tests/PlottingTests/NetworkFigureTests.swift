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
}
