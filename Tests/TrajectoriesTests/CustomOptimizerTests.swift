import Landscapes
import Testing
import Trajectories

/// A user's heavy-ball momentum, written as the README shows: PyTorch's buffer form,
/// b ← g (first step), b ← μb + g, θ ← θ − γb.
struct HeavyBall: Optimizer {
    var buffer = Vector2.zero
    var stateNames: [String] { ["buf_x", "buf_y"] }

    mutating func step(_ theta: inout Vector2, gradient g: Vector2, context: StepContext) {
        buffer = context.t == 1 ? g : context.momentum * buffer + g
        theta = theta - context.learningRate * buffer
    }

    func appendState(to values: inout [Double]) {
        values.append(buffer.x)
        values.append(buffer.y)
    }
}

let heavyBall = OptimizerCatalog.Entry(
    name: "heavy-ball", displayName: "Heavy ball", summary: "b ← μb + g, θ ← θ − γb",
    parameters: [OptimizerCatalog.lr(0.01), OptimizerCatalog.momentum(0.9), OptimizerCatalog.batch(0)] + OptimizerCatalog.scheduleKeys,
    make: { _ in { _ in HeavyBall() } })

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
}
