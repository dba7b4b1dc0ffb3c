import Landscapes
import Testing
import Trajectories

/// A user's heavy-ball momentum, written as the README shows: PyTorch's buffer form,
/// b ← g (first step), b ← μb + g, θ ← θ − γb, over any parameter vector.
struct HeavyBall<Parameters: ParameterVector>: Optimizer {
    var learningRate: LearningRateSchedule
    var momentum: Double
    var buffer = Parameters()

    init(lr: Double = 0.01, momentum: Double = 0.9) {
        learningRate = LearningRateSchedule(base: lr)
        self.momentum = momentum
    }

    var name: String { "Heavy ball" }
    var hyperparameters: [Hyperparameter] {
        [Hyperparameter("momentum", momentum, default: 0.9, constraint: .unitInterval, alwaysShown: true)]
    }
    var stateNames: [String] { Self.stateNames(["buf"]) }
    func appendState(to values: inout [Double]) { Self.append(buffer, to: &values) }

    mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        buffer = buffer.sized(like: theta)
        for i in 0..<theta.scalarCount {
            buffer[i] = context.t == 1 ? gradient[i] : momentum * buffer[i] + gradient[i]
            theta[i] = theta[i] - context.learningRate * buffer[i]
        }
    }
}

/// Its catalog entry: the keys come from a value with the defaults.
let heavyBall = OptimizerCatalog.Entry(
    HeavyBall<Vector2>(), summary: "b ← μb + g, θ ← θ − γb",
    make: { a in HeavyBall<Vector2>(momentum: a.number("momentum")) },
    vector: { a in HeavyBall<[Double]>(momentum: a.number("momentum")) })

/// Optimizers of one's own run through the same `Runner` as the built-in ones.
@Suite struct CustomOptimizerTests {
    let catalog = OptimizerCatalog.standard.adding(heavyBall)

    /// The same update rule as the built-in `momentum` gives bit-identical trajectories: every
    /// position, loss, gradient and state value, the outcome and the step count; on a data
    /// surface with mini-batches and with a learning-rate schedule too.
    @Test(arguments: [("two-well", "lr=0.05,momentum=0.9", 300), ("ravine", "lr=0.009,momentum=0.9,schedule=cosine", 400),
                      ("regression", "lr=0.05,momentum=0.5,batch=10", 200), ("rosenbrock", "lr=0.01,momentum=0.99", 100)])
    func customMomentumEqualsTheBuiltIn(_ surfaceSpec: String, _ arguments: String, _ steps: Int) throws {
        let surface = try Surface(spec: surfaceSpec)
        let mine = try OptimizerConfiguration(spec: "heavy-ball:\(arguments)", catalog: catalog)
        let builtIn = try OptimizerConfiguration(spec: "momentum:\(arguments)")
        let stop = StopRule(maxSteps: steps, gradientNorm: 1e-8)
        let a = Runner(surface: surface, optimizer: mine, seed: 3).run(from: surface.defaultStart, stop: stop)
        let b = Runner(surface: surface, optimizer: builtIn, seed: 3).run(from: surface.defaultStart, stop: stop)
        #expect(a.positions == b.positions)
        #expect(a.losses == b.losses)
        #expect(a.gradients == b.gradients)
        #expect(a.state == b.state)
        #expect(a.outcome == b.outcome && a.stepCount == b.stepCount)
        // The file names the optimizer, and re-running it needs the catalog that knows it.
        #expect(a.optimizer.hasPrefix("heavy-ball"))
        #expect(a.label == nil)
        #expect(throws: SpecError.self) { try a.rerun() }
        let again = try a.rerun(catalog: catalog)
        #expect(again.positions == a.positions)
        #expect(mine.label.hasPrefix("Heavy ball lr="))
    }

    /// A surface's suggested settings fill the keys a spec leaves out, as on the command line.
    @Test func suggestedSettingsFillTheSpec() throws {
        let twoWell = try Surface(spec: "two-well")
        #expect(try OptimizerConfiguration(spec: "gd", for: twoWell).learningRate == 0.05)
        #expect(try OptimizerConfiguration(spec: "gd:lr=0.2", for: twoWell).learningRate == 0.2)
        #expect(try OptimizerConfiguration(spec: "gd").learningRate == 1e-3)
        // A key the suggestion has not is left at its default; a batch needs data.
        #expect(try OptimizerConfiguration(spec: "momentum", for: twoWell).momentum == 0.9)
        #expect(throws: SpecError.self) { try OptimizerConfiguration(spec: "sgd:batch=4", for: twoWell) }
    }

    /// The entry's keys are the value's: lr, momentum (checked in [0, 1]), batch and the schedule.
    @Test func entryKeysComeFromTheValue() throws {
        #expect(heavyBall.name == "heavy-ball" && heavyBall.displayName == "Heavy ball")
        #expect(heavyBall.parameters.map(\.name).prefix(3) == ["lr", "momentum", "batch"])
        #expect(throws: SpecError.self) { try OptimizerConfiguration(spec: "heavy-ball:momentum=1.5", catalog: catalog) }
        let c = try OptimizerConfiguration(spec: "heavy-ball:lr=0.05", catalog: catalog)
        #expect(c.label == "Heavy ball lr=0.05 β=0.9" && c.worksOnVectors)
    }

    /// A value runs directly, without a catalog, and its trajectory names it: the same path as
    /// through the catalog, its label and a spec that the catalog re-runs.
    @Test func aValueRunsDirectly() throws {
        let twoWell = try Surface(spec: "two-well")
        let stop = StopRule(maxSteps: 300, gradientNorm: 1e-6)
        let direct = Runner(surface: twoWell, optimizer: HeavyBall(lr: 0.05, momentum: 0.8)).run(from: [1.9, 1.2], stop: stop)
        let named = Runner(surface: twoWell, optimizer: try OptimizerConfiguration(spec: "heavy-ball:lr=0.05,momentum=0.8", catalog: catalog))
            .run(from: [1.9, 1.2], stop: stop)
        #expect(direct.positions == named.positions && direct.state == named.state && direct.outcome == named.outcome)
        #expect(direct.label == "Heavy ball lr=0.05 β=0.8")
        #expect(direct.optimizer == "heavy-ball:lr=0.05,momentum=0.8")
        #expect(direct.stateNames == ["buf_x", "buf_y"])
        #expect(try direct.rerun(catalog: catalog).positions == direct.positions)
        // The file keeps the label.
        #expect(try TrajectoryFile.read(json: TrajectoryFile.json(direct)).label == direct.label)
    }
}
