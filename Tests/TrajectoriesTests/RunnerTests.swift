import Foundation
import Landscapes
import Testing
@testable import Trajectories

@Suite struct RunnerTests {
    let bowl = try! Surface(spec: "bowl")

    @Test func stopsOnLossAtTheFirstStepBelowTheTarget() throws {
        // θₖ = 10·0.8ᵏ on the x-axis; f < 1e-2 first holds at k = 21 (θ = 0.0922…).
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.1"))
            .run(from: [10, 0], stop: StopRule(maxSteps: 1000, loss: 1e-2))
        #expect(run.outcome == .converged)
        #expect(run.stepCount == 21)
        #expect(close(run.end.x, 10 * pow(0.8, 21), rtol: 1e-12))
        #expect(run.end.x > 0.0922 && run.end.x < 0.0923)
    }

    @Test func stopsOnGradientNorm() throws {
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.25"))
            .run(from: [1, 0], stop: StopRule(maxSteps: 100, gradientNorm: 0.1))
        // ‖g‖ = 2·0.5ᵏ < 0.1 first at k = 5.
        #expect(run.outcome == .converged && run.stepCount == 5)
    }

    @Test func divergenceIsRecordedNotFatal() throws {
        // γ = 1.5 > 2/λ = 1: θₖ = (−2)ᵏ θ₀ leaves the bound.
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=1.5"))
            .run(from: [1, 1], stop: StopRule(maxSteps: 10_000))
        #expect(run.outcome == .diverged)
        #expect(run.stepCount == 40)  // 2⁴⁰ ≈ 1.1e12 > 1e12
        #expect(run.positions.count == run.losses.count && run.losses.count == run.gradients.count)
    }

    @Test func nonFiniteValuesEndTheRun() throws {
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.1"))
            .run(from: [.nan, 0], stop: StopRule(maxSteps: 10))
        #expect(run.outcome == .diverged && run.stepCount == 0)
    }

    @Test func zeroStepsRecordsOnlyTheStart() throws {
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "adam"))
            .run(from: [1, 2], stop: StopRule(maxSteps: 0))
        #expect(run.stepCount == 0 && run.outcome == .maxSteps && run.start == [1, 2])
        #expect(run.state == [0, 0, 0, 0])
    }

    @Test func runsAreDeterministic() throws {
        let runner = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "adam:lr=0.05"))
        let a = runner.run(from: [2, 1], stop: StopRule(maxSteps: 500))
        let b = runner.run(from: [2, 1], stop: StopRule(maxSteps: 500))
        #expect(a.positions == b.positions && a.state == b.state)
    }
}

@Suite struct OptimizerSpecTests {
    @Test func labelsAndSpecs() throws {
        let momentum = try OptimizerConfiguration(spec: "momentum:lr=0.1")
        #expect(momentum.label == "Momentum lr=0.1 β=0.9")
        #expect(momentum.spec.description == "momentum:lr=0.1")
        let adam = try OptimizerConfiguration(spec: "adam:lr=0.05,beta2=0.99")
        #expect(adam.label == "Adam lr=0.05 β₂=0.99")
        // `momentum` holds a momentum coefficient μ only: Adam's β₁ is a hyperparameter of its own.
        #expect(adam.learningRate == 0.05 && adam.momentum == 0)
        #expect(try OptimizerConfiguration(spec: "gd").learningRate == 1e-3)
        // Each optimizer's own hyperparameters: RMSprop's α always, its momentum only when set
        // (it once read "β=0"); SGD's momentum only when set.
        #expect(try OptimizerConfiguration(spec: "rmsprop:lr=0.01").label == "RMSprop lr=0.01 α=0.99")
        #expect(try OptimizerConfiguration(spec: "rmsprop:lr=0.01,momentum=0.5").label == "RMSprop lr=0.01 α=0.99 β=0.5")
        #expect(try OptimizerConfiguration(spec: "sgd:lr=0.01").label == "SGD lr=0.01")
        #expect(try OptimizerConfiguration(spec: "nesterov:lr=0.01").label == "Nesterov lr=0.01 β=0.9")
    }

    @Test func badSpecsSayWhatIsWrong() {
        func message(_ spec: String) -> String { errorText { _ = try OptimizerConfiguration(spec: spec) } }
        #expect(message("adma") == "unknown optimizer 'adma'; did you mean 'adam'?")
        #expect(message("adam:beta=0.9") == "unknown parameter 'beta' for optimizer 'adam'; did you mean 'beta1'?")
        #expect(message("gd:lr=-1") == "bad value '-1' for 'lr' of optimizer 'gd': expected a number > 0")
        #expect(message("gd:lr=fast") == "bad value 'fast' for 'lr' of optimizer 'gd': expected a number > 0")
        #expect(message("gd:lr=nan") == "bad value 'nan' for 'lr' of optimizer 'gd': expected a number > 0")
        #expect(message("adam:beta1=1") == "bad value '1' for 'beta1' of optimizer 'adam': expected a number in [0, 1)")
    }
}
