import Landscapes
import Testing
@testable import Trajectories

@Suite struct QuadraticTheoryTests {
    let ravine = QuadraticTheory(surface: try! Surface(spec: "ravine"))!

    @Test func polyakSettingsOnTheRavine() {
        // κ = 50: √κ = 7.0710678…
        #expect(abs(ravine.conditionNumber - 50) < 1e-12)
        #expect(abs(ravine.optimalLearningRate - 4 / ((1 + 50.0.squareRoot()) * (1 + 50.0.squareRoot()))) < 1e-15)
        #expect(abs(ravine.optimalMomentum - 0.565_806_816_484_566) < 1e-14)
        // At (γ*, μ*) both eigen-directions are critically damped: ρ = √μ*.
        let rate = ravine.rate(MomentumMethod(learningRate: ravine.optimalLearningRate, momentum: ravine.optimalMomentum))
        #expect(abs(rate - ravine.optimalRate) < 1e-7)
        #expect(abs(ravine.optimalRate - 0.752_201_313_801_409) < 1e-14)
    }

    @Test func gdRateIsTheLargestContraction() {
        for lr in stride(from: 0.001, through: 0.05, by: 0.001) {
            let expected = max(abs(1 - lr * 1), abs(1 - lr * 50))
            #expect(abs(ravine.rate(MomentumMethod(learningRate: lr)) - expected) < 1e-12)
        }
        #expect(abs(ravine.rate(MomentumMethod(learningRate: ravine.gdOptimalLearningRate)) - 49.0 / 51) < 1e-12)
    }

    /// The rate against the iterates themselves: heavy ball, dampened heavy ball, Nesterov and
    /// weight decay, each run for 400 steps on the rotated ravine; the loss ratio over the last
    /// 100 steps matches ρ²⁰⁰ (loss ∝ error²) to a few per cent.
    @Test func ratesMatchRuns() throws {
        let surface = try Surface(spec: "ravine:kappa=20,angle=30")
        let theory = try #require(QuadraticTheory(surface: surface))
        for spec in ["momentum:lr=0.05,momentum=0.5", "momentum:lr=0.02,momentum=0.8,dampening=0.3",
                     "nesterov:lr=0.04,momentum=0.7", "gd:lr=0.06,weight_decay=0.5", "sgd:lr=0.03"] {
            let configuration = try OptimizerConfiguration(spec: spec)
            let method = try #require(MomentumMethod(configuration))
            let rate = theory.rate(method)
            let path = Runner(surface: surface, optimizer: configuration).run(from: [2, 1], stop: StopRule(maxSteps: 400))
            let f = path.losses
            // With weight decay the iteration's fixed point is still 0 here (the minimum is at 0).
            let measured = cPow(f[400] / f[300], 1.0 / 200)
            #expect(abs(measured / rate - 1) < 0.03, "\(spec): measured \(measured), theory \(rate)")
        }
    }

    @Test func onlyTheMomentumFamilyWithConstantSettings() throws {
        #expect(MomentumMethod(try OptimizerConfiguration(spec: "adam")) == nil)
        #expect(MomentumMethod(try OptimizerConfiguration(spec: "gd:schedule=step")) == nil)
        #expect(MomentumMethod(try OptimizerConfiguration(spec: "momentum:anneal_steps=10")) == nil)
        #expect(QuadraticTheory(surface: try Surface(spec: "saddle")) == nil)
        #expect(QuadraticTheory(surface: try Surface(spec: "rosenbrock")) == nil)
    }
}

@Suite struct SweepTests {
    func ravineSweep(lr: String, momentum: String, cells: (Int, Int), steps: Int, stopLoss: Double? = 1e-10) throws -> Sweep {
        try Sweep(surface: try Surface(spec: "ravine"), optimizer: try Spec(parsing: "momentum"),
                  x: try SweepAxis(key: "lr", range: lr, count: cells.0),
                  y: try SweepAxis(key: "momentum", range: momentum, count: cells.1),
                  start: [-2.5, 1], stop: StopRule(maxSteps: steps, loss: stopLoss))
    }

    /// Stable means the loss fell; the first unstable column of each row is within one cell of
    /// where γ·λmax = 2(1 + μ) puts it.
    @Test func measuredStabilityBoundaryMatchesTheory() throws {
        let sweep = try ravineSweep(lr: "0.01:0.1", momentum: "0:0.9", cells: (46, 10), steps: 2000, stopLoss: nil)
        let result = sweep.run()
        let theory = try #require(QuadraticTheory(surface: sweep.surface))
        let f0 = sweep.surface.value(at: sweep.start)
        for j in 0..<sweep.y.count {
            let mu = sweep.y.value(j)
            let measured = (0..<sweep.x.count).first { i in
                let c = result.cell(i, j)
                return c.end.outcome == .diverged || !(c.end.loss < f0)
            }
            let predicted = (0..<sweep.x.count).first { sweep.x.value($0) >= theory.stabilityLimit(momentum: mu) }
            let m = try #require(measured), p = try #require(predicted)
            #expect(abs(m - p) <= 1, "momentum \(mu): first unstable lr \(sweep.x.value(m)), theory \(theory.stabilityLimit(momentum: mu))")
        }
    }

    /// Polyak's setting is optimal for the asymptotic rate, so the steps are counted to a tight
    /// tolerance (loss 1e-30 from 28), where the rate dominates. To a loose one (1e-10) the
    /// transient favours more momentum: the best cell is then (0.056, 0.68).
    @Test func bestCellIsPolyaksSetting() throws {
        let sweep = try ravineSweep(lr: "0.02:0.1", momentum: "0.3:0.8", cells: (41, 26), steps: 3000, stopLoss: 1e-30)
        let result = sweep.run()
        let theory = try #require(QuadraticTheory(surface: sweep.surface))
        let best = try #require(result.best(.steps))
        let di = abs(best.x - theory.optimalLearningRate) / 0.002, dj = abs(best.y - theory.optimalMomentum) / 0.02
        #expect(di <= 1 && dj <= 1, "best \(best.x), \(best.y) in \(best.end.steps) steps; theory \(theory.optimalLearningRate), \(theory.optimalMomentum)")
    }

    @Test func largeSweepIsParallelAndDeterministic() throws {
        let sweep = try ravineSweep(lr: "0.001:0.2:log", momentum: "0:0.99", cells: (100, 100), steps: 500)
        let a = sweep.run(), b = sweep.run()
        #expect(a.cells.count == 10_000)
        // Every core is asked for; how many take part depends on what else the test process runs
        // (the CLI test checks all of them do in a process of its own).
        #expect(a.workers >= 1 && a.workers <= ProcessInfoCores.count)
        let csv = a.csv()
        #expect(csv == b.csv())
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 10_001 && lines[0] == "lr,momentum,outcome,steps,final_loss,distance")
        #expect(a.count(.converged) > 0 && a.count(.diverged) > 0 && a.count(.maxSteps) > 0)
        // A cell's row rebuilds its run exactly.
        let cell = a.cell(37, 81)
        let path = try sweep.trajectory(37, 81)
        #expect(path.stepCount == cell.end.steps && path.outcome == cell.end.outcome && path.end == cell.end.point)
    }

    @Test func axisValuesAndErrors() throws {
        let log = try SweepAxis(key: "lr", range: "0.001:0.1:log", count: 5)
        #expect(log.values == [0.001, 0.00316228, 0.01, 0.0316228, 0.1])
        let lin = try SweepAxis(key: "momentum", range: "0:0.9", count: 10)
        #expect(lin.values == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
        #expect(throws: SpecError.self) { try SweepAxis(key: "lr", range: "0:0.1:log", count: 5) }
        #expect(throws: SpecError.self) { try SweepAxis(key: "lr", range: "0.1:0.01", count: 5) }
        #expect(throws: SpecError.self) { try SweepAxis(key: "lr", range: "abc", count: 5) }
        let bowl = try Surface(spec: "bowl")
        func sweep(_ spec: String, _ x: String, _ y: String) throws {
            _ = try Sweep(surface: bowl, optimizer: try Spec(parsing: spec), x: try SweepAxis(key: x, range: "0.1:0.5", count: 3),
                          y: try SweepAxis(key: y, range: "0.1:0.5", count: 3), start: [1, 1], stop: StopRule(maxSteps: 10))
        }
        #expect(throws: SpecError.unknownKey(kind: "optimizer", name: "momentum", key: "momentun",
                                             known: OptimizerCatalog.standard.entries.first { $0.name == "momentum" }!.parameters.map(\.name))) {
            try sweep("momentum", "lr", "momentun")
        }
        #expect(throws: SpecError.self) { try sweep("momentum:lr=0.1", "lr", "momentum") }
        #expect(throws: SpecError.self) { try sweep("momentum", "lr", "lr") }
        #expect(throws: SpecError.self) { try sweep("adam", "lr", "beta1:") }
        // beta1 must stay below 1: an axis reaching 1 is refused before any run.
        #expect(throws: SpecError.self) {
            _ = try Sweep(surface: bowl, optimizer: try Spec(parsing: "adam"), x: try SweepAxis(key: "lr", range: "0.1:0.5", count: 3),
                          y: try SweepAxis(key: "beta1", range: "0.5:1", count: 3), start: [1, 1], stop: StopRule(maxSteps: 10))
        }
    }
}

@Suite struct EnsembleTests {
    @Test func quantilesAsNumpy() {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
        #expect(Ensemble.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(Ensemble.quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(Ensemble.quantile(sorted: [1, 2, 3, 4], 0.75) == 3.25)
        #expect(Ensemble.quantile(sorted: [5], 0.25) == 5)
        let q = Ensemble.quartiles([[4, 1, 7], [1, 2], [3, .nan, 9], [2, 8, 8]])
        #expect(q.median == [2.5, 5, 8])          // step 1: 1, 2, 8, +∞; step 2: 7, 8, 9
        #expect(q.lower == [1.75, 1.75, 7.5])
        #expect(q.upper == [3.25, .infinity, 8.5])
    }

    @Test func medianPathUsesTheRunsThatReachEachStep() {
        let path = Ensemble.medianPath([[[0, 0], [1, 5]], [[2, 2], [3, 1], [9, 9]], [[4, 4]]])
        #expect(path == [[2, 2], [2, 3], [9, 9]])
    }
}
