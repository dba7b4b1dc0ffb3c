import Foundation
import Landscapes
import Testing
@testable import Trajectories

/// The worked examples of the issues, to the printed digits.
@Suite struct WorkedExampleTests {
    let parabola = try! Surface(spec: "parabola")

    func run(_ spec: String) throws -> Trajectory {
        try Runner(surface: parabola, optimizer: OptimizerConfiguration(spec: spec))
            .run(from: [10, 0], stop: StopRule(maxSteps: 1000, loss: 1e-2))
    }

    @Test func plainGDStopsAfter21Steps() throws {
        let t = try run("gd:lr=0.1")
        #expect(t.outcome == .converged && t.stepCount == 21)
        #expect(String(t.end.x.description.prefix(6)) == "0.0922")
    }

    @Test func momentumHalfStopsAfter5Steps() throws {
        let t = try run("momentum:lr=0.1,momentum=0.5")
        #expect(t.outcome == .converged && t.stepCount == 5)
    }

    @Test func momentumPoint9StopsAfter10Steps() throws {
        let t = try run("momentum:lr=0.1,momentum=0.9")
        #expect(t.outcome == .converged && t.stepCount == 10)
        #expect(abs(t.end.x - 0.0440) < 5e-5)
        let printed = [8.0, 4.6, 0.62, -3.086, -5.8042, -7.0897]
        for (k, x) in printed.enumerated() {
            #expect(abs(t.positions[k + 1].x - x) < 5e-5, "θ\(k + 1) = \(t.positions[k + 1].x), printed \(x)")
        }
    }

    /// The mini-batch momentum example: model ŷ = W·x, loss L(W) = (1/3)·Σ(W·xᵢ − yᵢ)² on the batch
    /// [(1, 2), (2, 4), (3, 6)], W₀ = 0, V₀ = 0, γ = 0.1, β = 0.9. The gradient is
    /// dL/dW = (2/3)·Σ(W·xᵢ − yᵢ)·xᵢ = (2/3)(14W − 28), so g₀ = −56/3 (with its factor xᵢ and its sign).
    @Test func miniBatchMomentumExample() throws {
        struct LineThroughOrigin: DifferentiableFunction {
            let x = [1.0, 2, 3], y = [2.0, 4, 6]
            func value(at p: Vector2) -> Double { zip(x, y).map { (p.x * $0 - $1) * (p.x * $0 - $1) }.reduce(0, +) / 3 }
            func gradient(at p: Vector2) -> Vector2 { Vector2(zip(x, y).map { 2 * (p.x * $0 - $1) * $0 }.reduce(0, +) / 3, 0) }
            func hessian(at p: Vector2) -> Hessian { Hessian(xx: 28.0 / 3, xy: 0, yy: 0) }
        }
        let surface = Surface(name: "batch", formula: "L(W)", dimension: 1, domain: Domain(xmin: -1, xmax: 5, ymin: 0, ymax: 20),
                              minima: [CriticalPoint([2, 0], value: 0, kind: .globalMinimum)], starts: [], function: LineThroughOrigin())
        let t = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.1,momentum=0.9"))
            .run(from: [0, 0], stop: StopRule(maxSteps: 5))
        // V ← βV + γg, W ← W − V, in exact fractions: W₁ = 28/15, W₂ = 826/225, W₃ = 12607/3375,
        // W₄ = 220073/101250, W₅ = 1840447/3037500.
        let expected = [0, 28.0 / 15, 826.0 / 225, 12607.0 / 3375, 220073.0 / 101250, 1840447.0 / 3037500]
        for (k, w) in expected.enumerated() {
            #expect(abs(t.positions[k].x - w) < 1e-12, "W\(k) = \(t.positions[k].x)")
        }
        #expect(abs(t.gradients[0].x - -56.0 / 3) < 1e-12)
        // The loss does not fall monotonically: 18.67, 0.083, 13.03, 14.05, 0.141, 9.07.
        let losses = t.losses
        #expect(losses[1] < losses[0] && losses[2] > losses[1] && losses[3] > losses[2] && losses[4] < losses[3] && losses[5] > losses[4])
    }

    /// GD on a quadratic has exact iterates: along each eigenvector uᵢ of H, ⟨θₖ, uᵢ⟩ = (1 − γλᵢ)ᵏ⟨θ₀, uᵢ⟩.
    @Test(arguments: ["ravine:kappa=10,angle=30", "ravine", "ravine:kappa=3,angle=-75"])
    func gdOnARavineFollowsTheClosedForm(_ spec: String) throws {
        let surface = try Surface(spec: spec)
        let ravine = surface.function as! Ravine
        let lr = 1.5 / ravine.kappa
        let t = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "gd:lr=\(lr)"))
            .run(from: surface.defaultStart, stop: StopRule(maxSteps: 50))
        let theta = ravine.angle * Double.pi / 180
        let u1 = Vector2(cos(theta), sin(theta)), u2 = Vector2(-sin(theta), cos(theta))
        let a0 = (t.start * u1).sum(), b0 = (t.start * u2).sum()
        for k in 0...50 {
            let a = a0 * pow(1 - lr * 1, Double(k)), b = b0 * pow(1 - lr * ravine.kappa, Double(k))
            let expected = a * u1 + b * u2
            let scale = max(abs(a), abs(b))
            #expect((t.positions[k] - expected).norm <= 1e-12 * scale + 1e-300, "step \(k)")
        }
    }
}
