import Landscapes

/// Compares two trajectories field by field with tolerances: the regression test for path data.
///
/// Two values a, b match when |a − b| ≤ atol + rtol·max(|a|, |b|), or both are NaN, or both are
/// the same infinity. `LandscapeTesting`'s `assertTrajectory(_:matchesGolden:)` uses it with golden
/// files; from any test framework directly:
///
/// ```swift
/// let report = TrajectoryComparison(expected: golden, actual: path, rtol: 1e-9, atol: 1e-12)
/// if !report.matches { Issue.record("\(report)") }           // Swift Testing: the report once
/// XCTAssertTrue(report.matches, report.description)          // XCTest
/// ```
public struct TrajectoryComparison: Sendable, CustomStringConvertible {
    /// A place where the two differ.
    public struct Difference: Sendable, Equatable {
        public var step: Int
        public var field: String
        public var expected: Double
        public var actual: Double
        public var deviation: Double { abs(expected - actual) }
    }

    public let rtol: Double
    public let atol: Double
    public let expectedSteps: Int
    public let actualSteps: Int
    public let expectedOutcome: Outcome
    public let actualOutcome: Outcome
    /// The first value out of tolerance, in step order (x, y, loss, grad_x, grad_y within a step).
    public let firstMismatch: Difference?
    /// The largest absolute deviation over the common steps (whether in tolerance or not).
    public let largest: Difference?
    /// How many values were compared.
    public let compared: Int

    public init(expected: Trajectory, actual: Trajectory, rtol: Double = 1e-9, atol: Double = 1e-12) {
        self.rtol = rtol
        self.atol = atol
        expectedSteps = expected.stepCount
        actualSteps = actual.stepCount
        expectedOutcome = expected.outcome
        actualOutcome = actual.outcome
        var first: Difference?
        var largest: Difference?
        var compared = 0
        let dimension = max(expected.dimension, actual.dimension)
        for k in 0..<min(expected.positions.count, actual.positions.count) {
            var fields = [("x", expected.positions[k].x, actual.positions[k].x)]
            if dimension == 2 { fields.append(("y", expected.positions[k].y, actual.positions[k].y)) }
            fields.append(("loss", expected.losses[k], actual.losses[k]))
            fields.append(("grad_x", expected.gradients[k].x, actual.gradients[k].x))
            if dimension == 2 { fields.append(("grad_y", expected.gradients[k].y, actual.gradients[k].y)) }
            for (name, a, b) in fields {
                compared += 1
                let d = Difference(step: k, field: name, expected: a, actual: b)
                let deviation = Self.deviation(a, b)
                if largest == nil || deviation > Self.deviation(largest!.expected, largest!.actual) { largest = d }
                if first == nil && !Self.matches(a, b, rtol: rtol, atol: atol) { first = d }
            }
        }
        self.firstMismatch = first
        self.largest = largest
        self.compared = compared
    }

    static func deviation(_ a: Double, _ b: Double) -> Double {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        let d = abs(a - b)
        return d.isNaN ? .infinity : d
    }

    static func matches(_ a: Double, _ b: Double, rtol: Double, atol: Double) -> Bool {
        if a == b || (a.isNaN && b.isNaN) { return true }
        guard a.isFinite && b.isFinite else { return false }
        return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
    }

    /// Whether every value matches and both runs have the same length and outcome.
    public var matches: Bool {
        firstMismatch == nil && expectedSteps == actualSteps && expectedOutcome == actualOutcome
    }

    public var description: String {
        func n(_ v: Double) -> String { TrajectoryFile.number(v) }
        var lines: [String] = []
        if let d = firstMismatch {
            lines.append("step \(d.step): \(d.field) drifts: expected \(n(d.expected)), got \(n(d.actual)) (|Δ| = \(n(d.deviation)), rtol \(n(rtol)), atol \(n(atol)))")
        }
        if expectedSteps != actualSteps { lines.append("steps: expected \(expectedSteps), got \(actualSteps)") }
        if expectedOutcome != actualOutcome { lines.append("outcome: expected \(expectedOutcome.rawValue), got \(actualOutcome.rawValue)") }
        if let l = largest {
            lines.append("largest deviation: \(n(l.deviation)) in \(l.field) at step \(l.step)")
        }
        if matches {
            return "match: steps 0–\(expectedSteps), \(compared) values within rtol \(n(rtol)), atol \(n(atol)); " + (lines.last ?? "")
        }
        return lines.joined(separator: "\n")
    }
}

extension Trajectory {
    /// Re-runs the configuration a trajectory file records (surface, optimizer, start, seed, stop),
    /// naming the optimizer in `catalog`: add your own optimizers to it to re-run their files.
    public func rerun(catalog: OptimizerCatalog = .standard) throws(SpecError) -> Trajectory {
        let surface = try Surface(spec: self.surface)
        let optimizer = try OptimizerConfiguration(spec: self.optimizer, catalog: catalog)
        return Runner(surface: surface, optimizer: optimizer, seed: seed).run(from: start, stop: stop)
    }
}
