import Foundation
import Landscapes
import Testing
import Trajectories
@testable import Networks

/// Our networks and N-dimensional optimizers against PyTorch itself: numbers written by
/// Tests/Reference/make_network_reference.py (float64) into Reference/torch-network.json.
@Suite struct TorchNetworkTests {
    static let reference: JSONValue = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/torch-network.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8), let value = try? JSONValue(parsing: text) else { return .null }
        return value
    }()

    /// The numbers of an array, nested arrays flattened.
    static func numbers(_ v: JSONValue?) -> [Double] {
        v?.array?.flatMap { $0.number.map { [$0] } ?? numbers($0) } ?? []
    }
    static func specs(_ key: String) -> [String] {
        (reference[key]?["cases"] ?? reference[key]?["runs"])?.array?.compactMap { $0["spec"]?.string } ?? []
    }

    /// max |a − b| / max(1, |b|).
    static func deviation(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }

    static func dataset(_ v: JSONValue, kind: LossFunction) -> Dataset {
        let rows = v["x"]?.array ?? []
        let features = rows.first?.array?.count ?? 1
        let x = rows.flatMap { numbers($0) }
        if kind == .crossEntropy {
            return Dataset(inputs: x, featureCount: features, labels: numbers(v["y"]).map { Int($0) })
        }
        return Dataset(inputs: x, featureCount: features, targets: numbers(v["y"]))
    }

    static func model(_ v: JSONValue) -> MLP {
        MLP(widths: numbers(v["widths"]).map { Int($0) }, activation: Activation(rawValue: v["activation"]?.string ?? "") ?? .tanh,
            loss: LossFunction(rawValue: v["loss"]?.string ?? "") ?? .crossEntropy)
    }

    /// Same gradients in, same parameters out: every step of torch.optim on a 2-4-2 network.
    @Test(arguments: specs("optimizer_cases"))
    func vectorOptimizersMatchTorchOptim(_ spec: String) throws {
        let cases = try #require(Self.reference["optimizer_cases"])
        let c = try #require(cases["cases"]?.array?.first { $0["spec"]?.string == spec })
        let configuration = try OptimizerConfiguration(spec: spec)
        var rule = try #require(configuration.vector)
        var theta = Self.numbers(cases["initial"])
        let gradients = c["gradients"]?.array ?? [], parameters = c["parameters"]?.array ?? []
        #expect(gradients.count == 20 && theta.count == 22)
        var worst = 0.0
        for (k, g) in gradients.enumerated() {
            rule.step(&theta, gradient: Self.numbers(g), context: StepContext(
                t: k + 1, learningRate: configuration.schedule.rate(at: k + 1, totalSteps: 20), dimension: theta.count))
            worst = max(worst, Self.deviation(theta, Self.numbers(parameters[k])))
        }
        print("torch \(Self.reference["torch"]?.string ?? "?") N-D \(spec): largest relative deviation \(worst)")
        #expect(worst <= 4e-15, "\(spec) deviates by \(worst)")
    }

    /// Full-batch training of a 2-16-16-2 tanh network: every epoch's loss and the final
    /// parameters within 1e-9 (relative), for every optimizer.
    @Test(arguments: specs("training"))
    func trainingMatchesTorch(_ spec: String) throws {
        try checkTraining(Self.reference["training"], spec: spec)
    }

    @Test(arguments: specs("regression"))
    func regressionTrainingMatchesTorch(_ spec: String) throws {
        try checkTraining(Self.reference["regression"], spec: spec)
    }

    func checkTraining(_ v: JSONValue?, spec: String) throws {
        let training = try #require(v)
        let model = Self.model(training)
        let data = Self.dataset(training, kind: model.loss)
        let run = try #require(training["runs"]?.array?.first { $0["spec"]?.string == spec })
        let epochs = Int(training["epochs"]?.number ?? 0)
        let result = try Trainer(model: model, data: data).train(OptimizerConfiguration(spec: spec), from: Self.numbers(training["initial"]),
                                                                  options: TrainingOptions(epochs: epochs))
        let losses = result.records.map(\.loss)
        let expected = Self.numbers(run["losses"]) + [run["final_loss"]?.number ?? .nan]
        let lossDeviation = zip(losses, expected).map { abs($0 - $1) / abs($1) }.max() ?? .infinity
        let parameterDeviation = Self.deviation(result.records.last?.parameters ?? [], Self.numbers(run["final"]))
        print("torch training \(spec): loss deviation \(lossDeviation), parameters \(parameterDeviation)")
        #expect(losses.count == epochs + 1)
        #expect(lossDeviation <= 1e-9 && parameterDeviation <= 1e-9)
        if let accuracy = run["accuracy"]?.number { #expect(result.records.last?.accuracy == accuracy) }
    }

    /// Loss and gradient against autograd, for every activation, both losses, three classes.
    @Test func backpropagationMatchesAutograd() throws {
        let cases = try #require(Self.reference["gradients"]?.array)
        #expect(cases.count == 8)
        for c in cases {
            let model = Self.model(c)
            let data = Self.dataset(c, kind: model.loss)
            var workspace = MLP.Workspace()
            var gradient: [Double] = []
            let loss = model.lossAndGradient(Self.numbers(c["parameters"]), on: data, gradient: &gradient, workspace: &workspace)
            let value = c["value"]?.number ?? .nan
            let g = Self.numbers(c["gradient"])
            let scale = g.map(abs).max() ?? 1
            let worst = zip(gradient, g).map { abs($0 - $1) / scale }.max() ?? .infinity
            #expect(abs(loss - value) <= 1e-14 * abs(value), "\(model.activation) \(model.loss): loss \(loss) vs \(value)")
            #expect(gradient.count == g.count && worst <= 1e-13, "\(model.activation) \(model.loss): gradient off by \(worst)")
        }
    }

    /// Loss on a filter-normalized plane at sampled points, to 1e-12.
    @Test func planeLossMatchesTorch() throws {
        let training = try #require(Self.reference["training"])
        let grid = try #require(Self.reference["grid"])
        let model = Self.model(training)
        let data = Self.dataset(training, kind: model.loss)
        let plane = Plane(kind: .random, center: Self.numbers(grid["center"]), d1: Self.numbers(grid["d1"]), d2: Self.numbers(grid["d2"]), normalization: "filter")
        for p in grid["points"]?.array ?? [] {
            let a = p["a"]?.number ?? .nan, b = p["b"]?.number ?? .nan
            let g = PlaneGrid.compute(model: model, data: data, plane: plane, x: [a], y: [b], accuracy: true)
            let expected = p["loss"]?.number ?? .nan
            #expect(abs(g.loss[0] - expected) <= 1e-12 * abs(expected), "(\(a), \(b)): \(g.loss[0]) vs \(expected)")
            #expect(g.accuracy?[0] == p["accuracy"]?.number)
        }
    }

    /// PCA directions: orthonormal, and NumPy's SVD up to sign, with its explained variance.
    @Test func pcaMatchesNumpy() throws {
        let pca = try #require(Self.reference["pca"])
        let records = pca["records"]?.array?.map { Self.numbers($0) } ?? []
        let plane = try Plane.pca(of: records)
        for (ours, theirs) in [(plane.d1, Self.numbers(pca["d1"])), (plane.d2, Self.numbers(pca["d2"]))] {
            let sign = dot(ours, theirs) < 0 ? -1.0 : 1.0
            #expect(Self.deviation(ours.map { $0 * sign }, theirs) <= 1e-9)
            #expect(abs(dot(ours, ours) - 1) <= 1e-14)
        }
        #expect(abs(dot(plane.d1, plane.d2)) <= 1e-14)
        let explained = Self.numbers(pca["explained"])
        #expect(abs((plane.explained?[0] ?? 0) - explained[0]) <= 1e-12 && abs((plane.explained?[1] ?? 0) - explained[1]) <= 1e-12)
    }
}

/// A network tuning: deterministic, its best no worse than any setting tried, the tuned run
/// trained again ends where the trial did.
@Suite struct NetTuningTests {
    @Test func bestIsTheBestTriedAndReproducible() throws {
        let data = try Dataset(spec: "moons:n=80,noise=0.1,seed=1")
        let model = try MLP(spec: "mlp:hidden=6,act=tanh", for: data)
        let tuning = try NetTuning(model: model, data: data, optimizer: try Spec(parsing: "momentum"), ranges: [try TuningRange(parsing: "lr=1e-3:1:log")],
                                   objective: .loss, budget: 12, epochs: 30)
        let a = tuning.run(), b = tuning.run()
        #expect(a.trials == b.trials && a.best == b.best && a.settings.count == 12 && a.gridCount == 6)
        #expect(a.scores.allSatisfy { $0 >= a.bestObjective })
        let again = try Trainer(model: model, data: data).train(try a.configuration(), from: model.initialParameters(seed: 0),
                                                                  options: TrainingOptions(epochs: 30))
        #expect(again.records.last?.loss == a.bestObjective)
        let accuracy = try NetTuning(model: model, data: data, optimizer: try Spec(parsing: "adam"), ranges: [try TuningRange(parsing: "lr=1e-3:1:log")],
                                     objective: .accuracy, budget: 6, epochs: 30).run()
        #expect(accuracy.trials.allSatisfy { $0.objective == 1 - ($0.accuracy ?? 2) || $0.objective == .infinity })
    }
}
