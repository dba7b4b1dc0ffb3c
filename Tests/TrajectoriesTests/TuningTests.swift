import Landscapes
import Testing
@testable import Trajectories

/// Tuning: the search is deterministic, keeps diverged trials as data, takes several keys and
/// seeds, and refuses bad requests before any run.
@Suite struct TuningTests {
    static let range = try! TuningRange(parsing: "lr=1e-4:1:log")

    static func tuning(_ surface: String, _ optimizer: String, objective: TuningObjective = .finalLoss, budget: Int = 100, steps: Int = 300) throws -> Tuning {
        let s = try Surface(spec: surface)
        return try Tuning(surface: s, optimizer: try Spec(parsing: optimizer), ranges: [range], objective: objective, budget: budget,
                          start: s.defaultStart, stop: StopRule(maxSteps: steps, gradientNorm: 1e-6))
    }

    /// The same trials and the same choice on every run; diverged settings score +∞ and are
    /// kept; the best is never one of them when any setting has a result.
    @Test func deterministicAndDivergedAreData() throws {
        let t = try Self.tuning("ravine", "gd")
        let a = t.run(), b = t.run()
        #expect(a.trials == b.trials && a.best == b.best && a.settings == b.settings)
        let diverged = a.trials.filter { $0.end.outcome == .diverged }
        #expect(!diverged.isEmpty && diverged.allSatisfy { $0.objective == .infinity })
        #expect(a.bestObjective.isFinite)
        // GD on the ravine (λmax = 50) diverges above 2/50 = 0.04 and is best just under it.
        #expect(a.bestValues[0] < 0.04 && a.bestValues[0] > 0.03)
        #expect(a.trials.filter { $0.values[0] > 0.0401 }.allSatisfy { $0.objective == .infinity || $0.end.loss > 1 })
        #expect(try a.configuration().spec.description == "gd:lr=\(a.bestValues[0].shortDescription)")
    }

    /// Two keys: a grid over both, then a pattern search; seeds: the median counts.
    @Test func twoKeysAndSeeds() throws {
        let s = try Surface(spec: "sincos")
        let t = try Tuning(surface: s, optimizer: try Spec(parsing: "sgd:batch=4"), ranges: [try TuningRange(parsing: "lr=0.001:0.3:log"), try TuningRange(parsing: "momentum=0:0.95")],
                           objective: .meanLoss, budget: 40, start: s.defaultStart, stop: StopRule(maxSteps: 100), seeds: 3, seed: 5)
        let r = t.run()
        #expect(r.settings.count <= 40 && r.settings.allSatisfy { $0.count == 2 })
        #expect(r.trials.count == 3 * r.settings.count && Set(r.trials.map(\.seed)) == [5, 6, 7])
        #expect(r.gridCount == 16)
        for (k, score) in r.scores.enumerated() {
            let mine = r.trials.filter { $0.setting == k }.map(\.objective).sorted()
            #expect(score == mine[1])
        }
        #expect(r.scores.allSatisfy { $0 >= r.bestObjective })
    }

    /// The exhaustive search is its grid and nothing else; the adaptive one spends its budget,
    /// half of it on the grid, and is at least as good as its own grid.
    @Test func gridAndAdaptiveSearches() throws {
        let s = try Surface(spec: "rosenbrock")
        func make(_ search: Tuning.Search, budget: Int) throws -> TuningResult {
            try Tuning(surface: s, optimizer: try Spec(parsing: "adam"), ranges: [Self.range], objective: .finalLoss, budget: budget,
                       start: Vector2(-2, 2), stop: StopRule(maxSteps: 300, gradientNorm: 1e-6), search: search).run()
        }
        let grid = try make(.grid, budget: 37), adaptive = try make(.adaptive, budget: 60)
        #expect(grid.settings.count == 37 && grid.gridCount == 37)
        #expect(grid.settings.map { $0[0] } == (0..<37).map { Self.range.value(at: Double($0) / 36) })
        #expect(adaptive.gridCount == 30 && adaptive.settings.count == 60)
        #expect(Set(adaptive.settings).count == 60)
        #expect(adaptive.bestObjective <= (adaptive.scores.prefix(30).min() ?? .infinity))
    }

    /// A smooth objective has no isolated settings; GD's chaotic runs on Rastrigin have many.
    @Test func erraticObjectivesAreFlagged() throws {
        let smooth = try Self.tuning("ravine", "momentum").run()
        #expect(smooth.erratic == 0 && !smooth.isErratic)
        let s = try Surface(spec: "rastrigin")
        let chaotic = try Tuning(surface: s, optimizer: try Spec(parsing: "gd"), ranges: [Self.range], objective: .finalLoss, budget: 200,
                                 start: s.defaultStart, stop: StopRule(maxSteps: 1000, gradientNorm: 1e-6)).run()
        #expect(chaotic.isErratic && chaotic.erratic > 0.25)
    }

    /// pytorch-optimizer's protocol: its starts, 100-step search with clipping, 200 settings,
    /// the distance, the SGD family's and Adam's ranges; refused off its surfaces.
    @Test func pytorchOptimizerProtocol() throws {
        let p = TuningProtocol.pytorchOptimizer
        let rosenbrock = try Surface(spec: "rosenbrock"), rastrigin = try Surface(spec: "rastrigin")
        #expect(try p.start(on: rosenbrock) == Vector2(-2, 2) && p.start(on: rastrigin) == Vector2(-2, 3.5))
        let t = try p.tuning(surface: rosenbrock, optimizer: try Spec(parsing: "momentum"))
        #expect(t.budget == 200 && t.objective == .distance && t.stop.maxSteps == 100 && t.stop.gradientNorm == nil && t.optimizer["clip"] == "1")
        #expect(t.ranges == [try TuningRange(key: "lr", lower: 0.000335463, upper: 0.367879, logarithmic: true)])
        #expect(p.range("adamw").upper == 1.64872)
        let replaced = try p.tuning(surface: rastrigin, optimizer: try Spec(parsing: "adam"), objective: .finalLoss, searchSteps: 500)
        #expect(replaced.objective == .finalLoss && replaced.stop.maxSteps == 500 && replaced.start == Vector2(-2, 3.5))
        #expect(throws: SpecError.self) { try p.start(on: try Surface(spec: "ravine")) }
        #expect(throws: SpecError.self) { try p.start(on: try Surface(spec: "rosenbrock:b=10")) }
        #expect(throws: SpecError.self) { try p.tuning(surface: rosenbrock, optimizer: try Spec(parsing: "adam:clip=2")) }
    }

    /// Bad requests are refused before any run, each in one line.
    @Test func badRequests() throws {
        let s = try Surface(spec: "bowl")
        func make(_ optimizer: String, _ ranges: [String], objective: TuningObjective = .finalLoss, budget: Int = 10, surface: Surface? = nil) throws {
            _ = try Tuning(surface: surface ?? s, optimizer: try Spec(parsing: optimizer), ranges: try ranges.map { try TuningRange(parsing: $0) },
                           objective: objective, budget: budget, start: Vector2(1, 1), stop: StopRule(maxSteps: 10))
        }
        #expect(throws: SpecError.self) { try make("gd:lr=0.1", ["lr=1e-3:1:log"]) }
        #expect(throws: SpecError.self) { try make("gd", ["momentum=0:0.9"]) }
        #expect(throws: SpecError.self) { try make("gd", ["lr=1e-3:1:log", "lr=0.1:0.2"]) }
        #expect(throws: SpecError.self) { try make("gd", []) }
        #expect(throws: SpecError.self) { try make("gd", ["lr=1e-3:1:log"], budget: 0) }
        #expect(throws: SpecError.self) { try make("gd", ["lr=-1:1:log"]) }
        #expect(throws: SpecError.self) { try TuningRange(parsing: "lr") }
        #expect(throws: SpecError.self) { try TuningObjective(parsing: "final_loss") }
        #expect((try? TuningObjective(parsing: "steps-to=1e-6")) == .stepsTo(1e-6))
        do { _ = try TuningObjective(parsing: "final_loss") } catch {
            #expect(error.description == "unknown objective 'final_loss'; did you mean 'final-loss'?")
        }
        let expression = try Surface(expression: "x^2 + y^2 + sin(3*x)", domain: Domain(xmin: -2, xmax: 2, ymin: -2, ymax: 2))
        if !expression.minima.contains(where: { $0.kind == .globalMinimum }) {
            #expect(throws: SpecError.self) { try make("gd", ["lr=1e-3:1:log"], objective: .distance, surface: expression) }
        }
    }
}

/// Gradient clipping by norm, as torch.nn.utils.clip_grad_norm_: the factor min(1, c/(‖g‖ + 1e-6)),
/// the same in the plane and over vectors, and left alone below the limit.
@Suite struct GradientClippingTests {
    @Test func factorAndBothForms() throws {
        let f = 1 / (5 + 1e-6)
        #expect(GradientClipping.factor(norm: 5, limit: 1) == f)
        #expect(GradientClipping.factor(norm: 0.5, limit: 1) == 1)
        #expect(GradientClipping.clipped(Vector2(3, 4), limit: 1) == Vector2(3 * f, 4 * f))
        #expect(GradientClipping.clipped(Vector2(0.3, 0.4), limit: 1) == Vector2(0.3, 0.4))
        var v: [Double] = [3, 4]
        GradientClipping.clip(&v, limit: 1)
        #expect(v == [3 * f, 4 * f])
        var small: [Double] = [0.3, -0.4, 0]
        GradientClipping.clip(&small, limit: 1)
        #expect(small == [0.3, -0.4, 0])
        // Every optimizer takes the key; it must not be negative, and 0 (the default) is none.
        for name in OptimizerCatalog.standard.names {
            let spec = name == "sgd" ? "sgd:clip=2" : "\(name):clip=2"
            #expect(try OptimizerConfiguration(spec: spec).clip == 2, "\(name)")
        }
        #expect(try OptimizerConfiguration(spec: "adam").clip == 0)
        #expect(throws: SpecError.self) { try OptimizerConfiguration(spec: "adam:clip=-1") }
        #expect(try OptimizerConfiguration(spec: "adam:lr=0.1,clip=1").label == "Adam lr=0.1 clip=1")
    }
}
