import Landscapes
import Testing
@testable import Trajectories

/// The edge of stability on quadratics: the sharpness threshold of each method is where its
/// iteration stops contracting, and runs on either side of it converge or diverge.
@Suite struct SharpnessTests {
    /// The closed forms against the spectral radius itself: just below λ* it is below 1, just
    /// above it is above 1, for GD, heavy ball, dampened heavy ball, Nesterov and weight decay.
    @Test func thresholdIsWhereTheIterationStopsContracting() {
        var checked = 0
        for lr in [0.001, 0.036, 0.5, 2.0] {
            for mu in [0.0, 0.3, 0.9, 0.99] {
                for tau in [0.0, 0.5] {
                    for decay in [0.0, 0.01] {
                        for nesterov in [false, true] {
                            let m = MomentumMethod(learningRate: lr, momentum: mu, dampening: tau, weightDecay: decay, nesterov: nesterov)
                            let edge = m.sharpnessThreshold
                            func radius(_ lambda: Double) -> Double {
                                let (t, d) = m.iteration(eigenvalue: lambda)
                                return QuadraticTheory.spectralRadius(trace: t, determinant: d)
                            }
                            #expect(abs(radius(edge) - 1) <= 1e-9, "\(m): ρ(λ*) = \(radius(edge))")
                            #expect(radius(edge * (1 - 1e-6)) < 1 && radius(edge * (1 + 1e-6)) > 1, "\(m) at \(edge)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 128)
        #expect(MomentumMethod(learningRate: 0.1).sharpnessThreshold == 20)
        #expect(abs(MomentumMethod(learningRate: 0.1, momentum: 0.9).sharpnessThreshold - 38) <= 1e-12)
    }

    /// Along a path the sharpness is the exact Hessian's largest eigenvalue: κ everywhere on the
    /// rotated ravine, 2 on the bowl, f″ on a curve; and GD on the ravine at γ = 0.036 sits at
    /// λmax·γ = 1.8, stable, where γ = 0.041 passes 2/κ and diverges.
    @Test func sharpnessAlongAPath() throws {
        let ravine = try Surface(spec: "ravine:kappa=50,angle=30")
        let gd = try OptimizerConfiguration(spec: "gd:lr=0.036")
        let path = Runner(surface: ravine, optimizer: gd).run(from: [-2.5, 1], stop: StopRule(maxSteps: 200))
        let sharpness = path.sharpness(on: ravine)
        #expect(sharpness.count == path.positions.count && sharpness.allSatisfy { abs($0 - 50) <= 1e-12 })
        let method = try #require(MomentumMethod(gd))
        #expect(abs(sharpness[0] * method.learningRate - 1.8) <= 1e-12 && sharpness[0] < method.sharpnessThreshold)
        let fast = try #require(MomentumMethod(try OptimizerConfiguration(spec: "gd:lr=0.041")))
        #expect(fast.sharpnessThreshold < 50)
        let diverging = Runner(surface: ravine, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.041")).run(from: [-2.5, 1], stop: StopRule(maxSteps: 5000))
        #expect(diverging.outcome == .diverged && path.outcome != .diverged)
        // Two wells, (x² − 1)² + 0.3x + y²: a diagonal Hessian, 12x² − 4 and 2, that varies along
        // the path; the sharpness is the larger entry.
        let twoWell = try Surface(spec: "two-well")
        let run = Runner(surface: twoWell, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.05")).run(from: [1.9, 1.2], stop: StopRule(maxSteps: 300))
        let along = run.sharpness(on: twoWell)
        for (p, s) in zip(run.positions, along) {
            #expect(abs(s - max(12 * p.x * p.x - 4, 2)) <= 1e-9 * max(1, s), "at \(p): \(s)")
        }
        #expect(Set(along.map { ($0 * 1e6).rounded() }).count > 50)
        let wavy = try Surface(spec: "wavy")
        let curve = Runner(surface: wavy, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.02")).run(from: [-2.4, 0], stop: StopRule(maxSteps: 50))
        #expect(zip(curve.positions, curve.sharpness(on: wavy)).allSatisfy { wavy.hessian(at: $0.0).xx == $0.1 })
    }
}
