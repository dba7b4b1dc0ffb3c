import Landscapes
import Testing
import Trajectories

/// The built-in optimizers as values, `Runner(surface:, optimizer: Adam(lr: 0.05))`, against the
/// same optimizers named through the catalog: bit-identical runs, and labels and specs that
/// agree.
@Suite struct OptimizerValueTests {
    /// Each built-in as a value beside the spec that names it in the catalog.
    static let pairs: [(any Optimizer<Vector2>, String)] = [
        (SGD(lr: 0.05), "gd:lr=0.05"),
        (SGD(lr: 0.02, momentum: 0.9), "momentum:lr=0.02"),
        (SGD(lr: 0.02, momentum: 0.5, dampening: 0.5, weightDecay: 0.01), "momentum:lr=0.02,momentum=0.5,dampening=0.5,weight_decay=0.01"),
        (SGD(lr: 0.01, momentum: 0.9, nesterov: true), "nesterov:lr=0.01"),
        (SGD(lr: 0.02, annealing: .annealed(from: 0.5, to: 0.95, steps: 50)),
         "momentum:lr=0.02,momentum=0.95,momentum_from=0.5,momentum_to=0.95,anneal_steps=50"),
        (Adagrad(lr: 0.3, learningRateDecay: 0.01), "adagrad:lr=0.3,lr_decay=0.01"),
        (RMSprop(lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true), "rmsprop:lr=0.01,alpha=0.9,momentum=0.5,centered=1"),
        (Adam(lr: 0.05, beta2: 0.99, amsgrad: true), "adam:lr=0.05,beta2=0.99,amsgrad=1"),
        (AdamW(lr: 0.05, weightDecay: 0.1), "adamw:lr=0.05,weight_decay=0.1"),
        (Newton(lr: 0.5), "newton:lr=0.5"),
    ]

    /// Positions, losses, gradients, state and outcome, bit for bit, on four surfaces.
    @Test(arguments: ["bowl", "ravine:kappa=50", "two-well", "rosenbrock"])
    func valuesRunAsTheCatalog(_ surfaceSpec: String) throws {
        let surface = try Surface(spec: surfaceSpec)
        let stop = StopRule(maxSteps: 200, gradientNorm: 1e-9)
        for (value, spec) in Self.pairs {
            let a = run(value, on: surface, stop: stop)
            let b = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: spec)).run(from: surface.defaultStart, stop: stop)
            #expect(a.positions == b.positions && a.losses == b.losses && a.gradients == b.gradients, "\(spec) on \(surfaceSpec)")
            #expect(a.state == b.state && a.stateNames == b.stateNames && a.outcome == b.outcome, "\(spec) on \(surfaceSpec)")
            #expect(a.label == (try OptimizerConfiguration(spec: spec)).label, "\(spec)")
            // The value's own spec names the same optimizer in the catalog.
            #expect(try a.rerun().positions == a.positions, "\(a.optimizer)")
        }
    }

    /// A value with a schedule and mini-batches on a data surface: the same as the spec.
    @Test func schedulesAndBatchesAsTheCatalog() throws {
        let surface = try Surface(spec: "regression")
        var cosine = LearningRateSchedule(kind: .cosine, base: 0.1)
        cosine.etaMin = 0.001
        let stop = StopRule(maxSteps: 150)
        let a = Runner(surface: surface, optimizer: Adam(lr: 0.1).scheduled(cosine), batchSize: 8, seed: 4).run(from: surface.defaultStart, stop: stop)
        let b = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "adam:lr=0.1,schedule=cosine,eta_min=0.001,batch=8"), seed: 4)
            .run(from: surface.defaultStart, stop: stop)
        #expect(a.positions == b.positions && a.state == b.state && a.stateNames == b.stateNames)
        #expect(a.optimizer == "adam:lr=0.1,schedule=cosine,eta_min=0.001,batch=8")
        #expect(try a.rerun().positions == a.positions)
    }

    /// Diverging values are data: the run ends as `diverged` where the catalog's does.
    @Test func divergenceAsTheCatalog() throws {
        let surface = try Surface(spec: "bowl")
        let a = Runner(surface: surface, optimizer: SGD(lr: 1.5)).run(from: [2, 2], stop: StopRule(maxSteps: 10_000))
        #expect(a.outcome == .diverged && a.stepCount < 100)
    }

    func run(_ value: any Optimizer<Vector2>, on surface: Surface, stop: StopRule) -> Trajectory {
        func go(_ o: some Optimizer<Vector2>) -> Trajectory { Runner(surface: surface, optimizer: o).run(from: surface.defaultStart, stop: stop) }
        return go(value)
    }
}

/// Runs over parameter vectors of any length.
@Suite struct VectorRunnerTests {
    /// f(θ) = ½ Σ aᵢθᵢ², a quadratic with its curvatures on the diagonal.
    struct Diagonal: Objective {
        let curvatures: [Double]
        var dimension: Int { curvatures.count }
        func value(at theta: [Double], gradient: inout [Double]) -> Double {
            var f = 0.0
            for i in theta.indices {
                gradient[i] = curvatures[i] * theta[i]
                f += 0.5 * curvatures[i] * theta[i] * theta[i]
            }
            return f
        }
    }

    /// Least squares on data, Σ over a batch of (xᵢ·θ − yᵢ)² / |batch|, for mini-batches.
    struct LeastSquares: Objective {
        let rows: [[Double]], targets: [Double]
        var dimension: Int { rows[0].count }
        var sampleCount: Int? { rows.count }
        func value(at theta: [Double], gradient: inout [Double]) -> Double { value(at: theta, batch: Array(rows.indices)[...], gradient: &gradient) }
        func value(at theta: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double {
            for i in gradient.indices { gradient[i] = 0 }
            var f = 0.0
            for r in batch {
                var e = -targets[r]
                for i in theta.indices { e += rows[r][i] * theta[i] }
                f += e * e
                for i in theta.indices { gradient[i] += 2 * e * rows[r][i] }
            }
            let n = Double(batch.count)
            for i in gradient.indices { gradient[i] /= n }
            return f / n
        }
    }

    /// GD on a diagonal quadratic has exact iterates θᵢ,ₖ = (1 − γaᵢ)ᵏθᵢ,₀.
    @Test func gdOnAQuadraticHasExactIterates() {
        let a = [1.0, 2, 4, 8], gamma = 0.1
        let run = VectorRunner(objective: Diagonal(curvatures: a), optimizer: SGD<[Double]>(lr: 0.1))
            .run(from: [1, 1, 1, 1], stop: StopRule(maxSteps: 30))
        #expect(run.stepCount == 30 && run.outcome == .maxSteps)
        for k in [1, 10, 30] {
            for i in a.indices {
                let exact = (0..<k).reduce(1.0) { r, _ in r * (1 - gamma * a[i]) }
                #expect(abs(run.parameters(at: k)[k * 4 + i] - exact) <= 1e-14 * max(1, abs(exact)), "step \(k), θ[\(i)]")
            }
        }
        #expect(run.label == "GD lr=0.1" && run.optimizer == "gd:lr=0.1")
    }

    /// The plane's runner and the vector runner take the same steps with the same optimizer.
    @Test func twoCoordinatesAsThePlane() throws {
        let bowl = try Surface(spec: "ravine:kappa=20")
        let plane = Runner(surface: bowl, optimizer: Adam(lr: 0.05)).run(from: [2, 1], stop: StopRule(maxSteps: 100))
        struct Ravine: Objective {
            let surface: Surface
            var dimension: Int { 2 }
            func value(at theta: [Double], gradient: inout [Double]) -> Double {
                let g = surface.function.gradient(at: Vector2(theta[0], theta[1]))
                gradient[0] = g.x
                gradient[1] = g.y
                return surface.function.value(at: Vector2(theta[0], theta[1]))
            }
        }
        let vector = VectorRunner(objective: Ravine(surface: bowl), optimizer: Adam<[Double]>(lr: 0.05)).run(from: [2, 1], stop: StopRule(maxSteps: 100))
        for k in 0...100 {
            #expect(Array(vector.parameters(at: k)) == [plane.positions[k].x, plane.positions[k].y])
        }
        #expect(vector.losses == plane.losses)
    }

    /// Stop rules, divergence, schedules and mini-batches as in the plane.
    @Test func stopRulesDivergenceAndBatches() throws {
        let quadratic = Diagonal(curvatures: [1, 3])
        let converged = VectorRunner(objective: quadratic, optimizer: Adam<[Double]>(lr: 0.1))
            .run(from: [1, -1], stop: StopRule(maxSteps: 10_000, gradientNorm: 1e-6))
        #expect(converged.outcome == .converged && converged.gradientNorms.last! < 1e-6)
        let diverged = VectorRunner(objective: quadratic, optimizer: SGD<[Double]>(lr: 1))
            .run(from: [1, -1], stop: StopRule(maxSteps: 10_000))
        #expect(diverged.outcome == .diverged && diverged.stepCount < 50)
        // Mini-batches are seeded: the same seed, the same run; another seed, another.
        var random = SplitMix64(seed: 9)
        let rows = (0..<40).map { _ in [random.unit() - 0.5, random.unit() - 0.5, 1] }
        let data = LeastSquares(rows: rows, targets: rows.map { 2 * $0[0] - $0[1] + 0.5 })
        let spec = try OptimizerConfiguration(spec: "sgd:lr=0.1,batch=4")
        let a = try VectorRunner(objective: data, optimizer: spec, seed: 1).run(from: [0, 0, 0], stop: StopRule(maxSteps: 200))
        let b = try VectorRunner(objective: data, optimizer: spec, seed: 1).run(from: [0, 0, 0], stop: StopRule(maxSteps: 200))
        let c = try VectorRunner(objective: data, optimizer: spec, seed: 2).run(from: [0, 0, 0], stop: StopRule(maxSteps: 200))
        #expect(a == b && a.parameters != c.parameters && a.batchSize == 4)
        #expect(a.finalLoss < 0.05 * a.losses[0])
        // A plane-only optimizer is refused in one line.
        #expect(throws: SpecError.self) { try VectorRunner(objective: data, optimizer: try OptimizerConfiguration(spec: "newton")) }
    }

    /// The file round-trips bit for bit; a drift names the step and the parameter.
    @Test func fileAndComparison() throws {
        let run = VectorRunner(objective: Diagonal(curvatures: [1, 2, 3]), optimizer: Adam<[Double]>(lr: 0.1))
            .run(from: [1, 1, 1], stop: StopRule(maxSteps: 20))
        let back = try TrajectoryFile.read(vectorJSON: TrajectoryFile.json(run))
        #expect(back == run)
        var drifted = run
        drifted.parameters[5 * 3 + 2] += 1e-6
        let report = TrajectoryComparison(expected: run, actual: drifted)
        #expect(!report.matches && report.description.hasPrefix("step 5: θ[2] drifts"), "\(report)")
        #expect(throws: TrajectoryFileError.self) { try TrajectoryFile.read(vectorJSON: "{\"version\": 1}") }
    }
}
