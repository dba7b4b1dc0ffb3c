import Foundation
import Landscapes
import Testing
@testable import Trajectories

func close(_ a: Double, _ b: Double, rtol: Double, atol: Double = 0) -> Bool {
    abs(a - b) <= atol + rtol * max(abs(a), abs(b))
}

@Suite struct OptimizerTests {
    let bowl = try! Surface(spec: "bowl")

    @Test func gdStepByHand() throws {
        var gd = SGD()
        var theta: Vector2 = [2.5, 2.5]
        gd.step(&theta, gradient: bowl.gradient(at: theta), context: StepContext(t: 1, learningRate: 0.1))
        #expect(theta == [2.0, 2.0])
    }

    /// GD on a quadratic has exact iterates: on the bowl (λ = 2 in both directions)
    /// θₖ = (1 − 2γ)ᵏ θ₀.
    @Test func gdOnTheBowlFollowsTheClosedForm() throws {
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.1"))
            .run(from: [2.5, -1.5], stop: StopRule(maxSteps: 50))
        #expect(run.outcome == .maxSteps && run.stepCount == 50)
        for k in 0...50 {
            let factor = pow(0.8, Double(k))
            #expect(close(run.positions[k].x, 2.5 * factor, rtol: 1e-12))
            #expect(close(run.positions[k].y, -1.5 * factor, rtol: 1e-12))
            #expect(close(run.losses[k], (2.5 * 2.5 + 1.5 * 1.5) * factor * factor, rtol: 1e-12))
        }
    }

    /// The worked example of heavy-ball momentum on θ² from θ = 10 with γ = 0.1, μ = 0.9
    /// (the bowl's x-axis is that parabola): 8.0, 4.6, 0.62, −3.086, −5.8042, −7.0897.
    @Test func momentumWorkedExample() throws {
        let run = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.1,momentum=0.9"))
            .run(from: [10, 0], stop: StopRule(maxSteps: 6))
        let expected = [10, 8.0, 4.6, 0.62, -3.086, -5.8042, -7.08974]
        for (k, x) in expected.enumerated() {
            #expect(close(run.positions[k].x, x, rtol: 1e-12, atol: 1e-12), "θ\(k)")
        }
        // The buffer is PyTorch's b; the heavy-ball velocity is v = γ·b: v₁ = 2, v₂ = 3.4.
        #expect(run.stateNames == ["buf_x", "buf_y"])
        #expect(close(0.1 * run.state[2], 2, rtol: 1e-15))
        #expect(close(0.1 * run.state[4], 3.4, rtol: 1e-15))
    }

    @Test func momentumFirstStepSetsTheBufferToTheGradientEvenWithDampening() {
        var sgd = SGD(momentum: 0.9, dampening: 0.9)
        var theta: Vector2 = [1, 0]
        sgd.step(&theta, gradient: [2, 0], context: StepContext(t: 1, learningRate: 0.1))
        #expect(sgd.buffer == [2, 0])
        #expect(close(theta.x, 0.8, rtol: 1e-15))
        sgd.step(&theta, gradient: [1.6, 0], context: StepContext(t: 2, learningRate: 0.1))
        // b₂ = 0.9·2 + (1 − 0.9)·1.6 = 1.96
        #expect(close(sgd.buffer.x, 1.96, rtol: 1e-15))
        #expect(close(theta.x, 0.8 - 0.196, rtol: 1e-15))
    }

    /// Adam's first two steps, worked from the equations with bias correction.
    @Test func adamStepsByHand() {
        let (b1, b2, eps, lr) = (0.9, 0.999, 1e-8, 0.1)
        var adam = Adam()
        var theta: Vector2 = [1, -2]
        var m = 0.0, v = 0.0, x = 1.0
        for t in 1...2 {
            let g = 2 * theta.x
            adam.step(&theta, gradient: 2 * theta, context: StepContext(t: t, learningRate: lr))
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            let mHat = m / (1 - pow(b1, Double(t))), vHat = v / (1 - pow(b2, Double(t)))
            x -= lr * mHat / (vHat.squareRoot() + eps)
            #expect(close(theta.x, x, rtol: 1e-14), "step \(t)")
            #expect(close(adam.m.x, m, rtol: 1e-14) && close(adam.v.x, v, rtol: 1e-14))
        }
        // The first step moves each coordinate by ≈ γ against the sign of its gradient.
        var fresh = Adam()
        var p: Vector2 = [1, -2]
        fresh.step(&p, gradient: [2, -4], context: StepContext(t: 1, learningRate: lr))
        #expect(close(p.x, 1 - lr * 2 / (2 + eps), rtol: 1e-15))
        #expect(close(p.y, -2 + lr * 4 / (4 + eps), rtol: 1e-15))
    }

    @Test func adamWeightDecayIsAddedToTheGradient() {
        var adam = Adam(weightDecay: 0.5)
        var theta: Vector2 = [1, 1]
        adam.step(&theta, gradient: [0, 0], context: StepContext(t: 1, learningRate: 0.1))
        // g = 0.5·θ = (0.5, 0.5): the step is ≈ γ in each coordinate.
        #expect(close(theta.x, 1 - 0.1 * 0.5 / (0.5 + 1e-8), rtol: 1e-15))
    }
}

/// The description of the error `body` throws, or "" when it throws none.
func errorText(_ body: () throws -> Void) -> String {
    do {
        try body()
        return ""
    } catch { return "\(error)" }
}
