import Landscapes
import Testing
@testable import Trajectories

@Suite struct StochasticTests {
    @Test func everySampleOncePerEpoch() {
        var sampler = BatchSampler(count: 10, batchSize: 3, seed: 42)
        for epoch in 1...5 {
            var seen: [Int] = []
            var sizes: [Int] = []
            while seen.count < 10 {
                let batch = sampler.next()
                sizes.append(batch.count)
                seen += batch
            }
            #expect(sampler.epoch == epoch)
            #expect(seen.sorted() == Array(0..<10))
            #expect(sizes == [3, 3, 3, 1])
        }
        var a = BatchSampler(count: 50, batchSize: 1, seed: 1), b = BatchSampler(count: 50, batchSize: 1, seed: 1)
        var c = BatchSampler(count: 50, batchSize: 1, seed: 2)
        let first = (0..<100).map { _ in a.next().first! }
        #expect(first == (0..<100).map { _ in b.next().first! })
        #expect(first != (0..<100).map { _ in c.next().first! })
    }

    /// Per-sample SGD on regression: one epoch of steps uses each sample exactly once, each step
    /// being θ ← θ − γ·∇ℓᵢ(θ) with ∇ℓᵢ = (ŷᵢ − yᵢ, (ŷᵢ − yᵢ)·xᵢ); same seed, same path.
    @Test func perSampleSGDOnRegression() throws {
        let surface = try Surface(spec: "regression:samples=20,seed=4")
        let data = (surface.function as! Regression).data
        let run = { (seed: UInt64) in
            Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "sgd:lr=0.05"), seed: seed)
                .run(from: [0, 0], stop: StopRule(maxSteps: 40))
        }
        let t = try run(3)
        var sampler = BatchSampler(count: 20, batchSize: 1, seed: 3)
        var theta = Vector2(0, 0)
        var used: [Int] = []
        for k in 1...40 {
            let i = sampler.next().first!
            used.append(i)
            let r = theta.x + theta.y * data.x[i] - data.y[i]
            theta -= 0.05 * Vector2(r, r * data.x[i])
            #expect(t.positions[k] == theta, "step \(k)")
            #expect(t.state[k * t.stateNames.count] == r && t.stateNames.prefix(2) == ["bgrad_x", "bgrad_y"])
        }
        #expect(used[0..<20].sorted() == Array(0..<20) && used[20..<40].sorted() == Array(0..<20))
        #expect(try run(3).positions == t.positions)
        #expect(try run(4).positions != t.positions)
        // The recorded loss is the full-data loss.
        #expect(t.losses[7] == surface.value(at: t.positions[7]))
    }

    @Test func miniBatchesAndFullBatches() throws {
        let surface = try Surface(spec: "sincos")
        let mini = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "sgd:lr=0.01,batch=32"))
        #expect(mini.isStochastic)
        #expect(!Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.01,batch=0")).isStochastic)
        // sgd with the full batch would be GD in disguise: refused, pointing at gd.
        #expect(throws: SpecError.badValue(kind: "optimizer", name: "sgd", key: "batch", value: "0",
                                           expected: "a whole number ≥ 1 for sgd (samples per step; for the full batch use gd)")) {
            try OptimizerConfiguration(spec: "sgd:lr=0.01,batch=0")
        }
        #expect(!Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.01")).isStochastic)
        // sgd on a surface without data is plain gradient descent.
        let bowl = try Surface(spec: "bowl")
        let a = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "sgd:lr=0.1")).run(from: [1, 1], stop: StopRule(maxSteps: 5))
        let b = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.1")).run(from: [1, 1], stop: StopRule(maxSteps: 5))
        #expect(a.positions == b.positions)
        // An explicit batch on a surface without data is refused.
        #expect(throws: SpecError.self) { try OptimizerConfiguration(spec: "sgd:batch=4").validate(for: bowl) }
    }
}
