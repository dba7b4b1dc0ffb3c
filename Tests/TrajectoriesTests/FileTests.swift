import Landscapes
import Testing
@testable import Trajectories

@Suite struct FileTests {
    func twoWell() throws -> Trajectory {
        try Runner(surface: Surface(spec: "two-well"), optimizer: OptimizerConfiguration(spec: "momentum:lr=0.05"))
            .run(from: [1.9, 1.2], stop: StopRule(maxSteps: 400, gradientNorm: 1e-8))
    }

    @Test func csvHasTheDocumentedColumns() throws {
        let csv = TrajectoryFile.csv(try twoWell())
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "step,x,y,loss,grad_x,grad_y,buf_x,buf_y")
        #expect(lines[1] == "0,1.9,1.2,8.822099999999999,20.136,2.4,0,0")
        let curve = try Runner(surface: Surface(spec: "parabola"), optimizer: OptimizerConfiguration(spec: "adam:lr=0.5"))
            .run(from: [3, 0], stop: StopRule(maxSteps: 2))
        let c = TrajectoryFile.csv(curve).split(separator: "\n")
        #expect(c[0] == "step,x,loss,grad_x,m_x,v_x")
        #expect(c[1] == "0,3,9,6,0,0")
        #expect(c.count == 4)
    }

    @Test func jsonRoundTripsEveryBit() throws {
        let t = try twoWell()
        let text = TrajectoryFile.json(t)
        let back = try TrajectoryFile.read(json: text)
        #expect(back.positions == t.positions && back.losses == t.losses && back.gradients == t.gradients && back.state == t.state)
        #expect(back.outcome == t.outcome && back.stop == t.stop && back.surface == "two-well" && back.optimizer == "momentum:lr=0.05")
        #expect(TrajectoryFile.json(back) == text)
        #expect(text == TrajectoryFile.json(try twoWell()))  // byte-identical across runs
    }

    /// trace → JSON → re-run passes; a perturbed copy fails and names the step.
    @Test func goldenRoundTrip() throws {
        let golden = try TrajectoryFile.read(json: TrajectoryFile.json(try twoWell()))
        let report = TrajectoryComparison(expected: golden, actual: try golden.rerun())
        #expect(report.matches, "\(report)")
        var perturbed = golden
        perturbed.positions[17].y += 1e-7
        let bad = TrajectoryComparison(expected: perturbed, actual: try golden.rerun())
        #expect(!bad.matches)
        #expect(bad.firstMismatch?.step == 17 && bad.firstMismatch?.field == "y")
        #expect(bad.description.hasPrefix("step 17: y drifts: expected "))
        #expect(TrajectoryComparison(expected: perturbed, actual: golden, rtol: 1e-3).matches)
        var shorter = golden
        shorter.positions.removeLast()
        shorter.losses.removeLast()
        shorter.gradients.removeLast()
        #expect(!TrajectoryComparison(expected: golden, actual: shorter).matches)
    }

    @Test func divergedRunsAreFilesThatRecheck() throws {
        // κ = 50: GD is unstable for γ > 2/κ = 0.04.
        let t = try Runner(surface: Surface(spec: "ravine"), optimizer: OptimizerConfiguration(spec: "gd:lr=0.05"))
            .run(from: [-2.5, 1], stop: StopRule(maxSteps: 100_000))
        #expect(t.outcome == .diverged)
        let golden = try TrajectoryFile.read(json: TrajectoryFile.json(t))
        #expect(TrajectoryComparison(expected: golden, actual: try golden.rerun()).matches)
        // A run that overflows records inf and NaN, and its file still reads back.
        let overflow = try Runner(surface: Surface(spec: "ravine"), optimizer: OptimizerConfiguration(spec: "gd:lr=0.05"))
            .run(from: [-2.5, 1], stop: StopRule(maxSteps: 100_000, divergenceBound: .infinity))
        #expect(overflow.outcome == .diverged && !overflow.finalLoss.isFinite)
        let text = TrajectoryFile.json(overflow)
        #expect(text.contains("\"inf\"") || text.contains("\"nan\""))
        let back = try TrajectoryFile.read(json: text)
        #expect(TrajectoryComparison(expected: overflow, actual: back).matches)
    }

    @Test func malformedFilesSayWhatIsWrong() {
        #expect(throws: TrajectoryFileError.self) { try TrajectoryFile.read(json: "{\"version\": 1}") }
        do {
            _ = try TrajectoryFile.read(json: "{\"version\": 1, \"surface\": \"bowl\"")
        } catch {
            #expect(error.description.hasPrefix("not a trajectory file: line 1, column 33"))
        }
    }

    @Test func summaryCountsOscillationsAndFindsTheNearestMinimum() throws {
        let surface = try Surface(spec: "ravine")
        let t = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.036")).run(from: [-2.5, 1], stop: StopRule(maxSteps: 20))
        let s = TrajectorySummary(t, on: surface)
        #expect(s.oscillations.y == 19 && s.oscillations.x == 0)
        let tw = try Surface(spec: "two-well")
        let gd = Runner(surface: tw, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.05")).run(from: [1.9, 1.2], stop: StopRule(maxSteps: 2000, gradientNorm: 1e-9))
        let summary = TrajectorySummary(gd, on: tw)
        #expect(summary.nearestMinimum?.kind == .localMinimum && summary.distanceToNearestMinimum! < 1e-8)
        #expect(summary.description.contains("from the local minimum"))
    }
}
