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
