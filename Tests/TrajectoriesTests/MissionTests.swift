import Landscapes
import Testing
@testable import Trajectories

/// The points each surface exists to make, run with the settings its start point suggests.
@Suite struct MissionTests {
    func end(_ surface: Surface, _ spec: String, from start: Vector2) throws -> Trajectory {
        try Runner(surface: surface, optimizer: OptimizerConfiguration(spec: spec))
            .run(from: start, stop: StopRule(maxSteps: 5000, gradientNorm: 1e-9))
    }

    @Test func twoWellHoldsGDInTheLocalWellAndMomentumReachesTheGlobalOne() throws {
        let surface = try Surface(spec: "two-well")
        let start = try #require(surface.starts.first)
        #expect(start.point == [1.9, 1.2])
        let global = surface.minima.first { $0.kind == .globalMinimum }!.point
        let local = surface.minima.first { $0.kind == .localMinimum }!.point
        let gd = try end(surface, start.optimizers[0], from: start.point)
        let momentum = try end(surface, start.optimizers[1], from: start.point)
        #expect(start.optimizers[0].hasPrefix("gd") && start.optimizers[1].contains("momentum=0.9"))
        #expect(gd.outcome == .converged && (gd.end - local).norm < 1e-8)
        #expect(momentum.outcome == .converged && (momentum.end - global).norm < 1e-8)
    }

    @Test func wavyHoldsGDInTheShallowWellAndMomentumRollsOver() throws {
        let surface = try Surface(spec: "wavy")
        let start = try #require(surface.starts.first)
        let global = surface.minima[0].point, shallow = surface.minima[1].point
        #expect(abs(shallow.x - -1.1445) < 1e-4)
        let gd = try end(surface, start.optimizers[0], from: start.point)
        let momentum = try end(surface, start.optimizers[1], from: start.point)
        #expect(abs(gd.end.x - shallow.x) < 1e-8 && gd.end.y == 0)
        #expect(abs(momentum.end.x - global.x) < 1e-8)
    }

    /// On the ravine, GD at the suggested rate (below 2/κ) converges but zig-zags; above 2/κ it diverges.
    @Test func ravineStabilityLimit() throws {
        let surface = try Surface(spec: "ravine")  // κ = 50
        let start = surface.defaultStart
        let stable = try Runner(surface: surface, optimizer: OptimizerConfiguration(spec: "gd:lr=0.039"))
            .run(from: start, stop: StopRule(maxSteps: 20_000, gradientNorm: 1e-8))
        #expect(stable.outcome == .converged)
        let unstable = try Runner(surface: surface, optimizer: OptimizerConfiguration(spec: "gd:lr=0.041"))
            .run(from: start, stop: StopRule(maxSteps: 20_000, gradientNorm: 1e-8))
        #expect(unstable.outcome == .diverged)
        // The y-coordinate flips sign every step at γ = 1.8/κ: the zig-zag.
        let zigzag = try Runner(surface: surface, optimizer: OptimizerConfiguration(spec: surface.starts[0].optimizers[0]))
            .run(from: start, stop: StopRule(maxSteps: 20))
        for k in 1..<20 { #expect(zigzag.positions[k].y * zigzag.positions[k - 1].y < 0) }
    }
}
