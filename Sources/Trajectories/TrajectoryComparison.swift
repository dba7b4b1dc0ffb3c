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
    /// Why two runs could not be compared value by value (different dimensions).
    var dimensionNote: String?

    public init(expected: Trajectory, actual: Trajectory, rtol: Double = 1e-9, atol: Double = 1e-12) {
        let dimension = max(expected.dimension, actual.dimension)
        self.init(expected: (expected.stepCount, expected.outcome), actual: (actual.stepCount, actual.outcome),
                  steps: min(expected.positions.count, actual.positions.count), rtol: rtol, atol: atol) { k, visit in
            visit("x", expected.positions[k].x, actual.positions[k].x)
            if dimension == 2 { visit("y", expected.positions[k].y, actual.positions[k].y) }
            visit("loss", expected.losses[k], actual.losses[k])
            visit("grad_x", expected.gradients[k].x, actual.gradients[k].x)
            if dimension == 2 { visit("grad_y", expected.gradients[k].y, actual.gradients[k].y) }
        }
    }

    /// Two runs over parameter vectors: per step each parameter `θ[i]` (from 0), the loss and the
    /// gradient norm, so that a drift names the parameter that moved. Runs of different
    /// dimensions never match.
    public init(expected: VectorTrajectory, actual: VectorTrajectory, rtol: Double = 1e-9, atol: Double = 1e-12) {
        let n = expected.dimension == actual.dimension ? expected.dimension : 0
        self.init(expected: (expected.stepCount, expected.outcome), actual: (actual.stepCount, actual.outcome),
                  steps: n == 0 ? 0 : min(expected.losses.count, actual.losses.count), rtol: rtol, atol: atol) { k, visit in
            for i in 0..<n { visit("θ[\(i)]", expected.parameters[k * n + i], actual.parameters[k * n + i]) }
            visit("loss", expected.losses[k], actual.losses[k])
            visit("grad_norm", expected.gradientNorms[k], actual.gradientNorms[k])
        }
        if expected.dimension != actual.dimension {
            dimensionNote = "dimension: expected \(expected.dimension), got \(actual.dimension)"
        }
    }

    /// Compares `steps` steps field by field: `fields(k, visit)` calls `visit(name, expected,
    /// actual)` for each value of step k, in the order a report names them.
    public init(expected: (steps: Int, outcome: Outcome), actual: (steps: Int, outcome: Outcome), steps: Int, rtol: Double, atol: Double,
                fields: (_ step: Int, _ visit: (String, Double, Double) -> Void) -> Void) {
        self.rtol = rtol
        self.atol = atol
        expectedSteps = expected.steps
        actualSteps = actual.steps
        expectedOutcome = expected.outcome
        actualOutcome = actual.outcome
        var first: Difference?
        var largest: Difference?
        var largestDeviation = -1.0
        var compared = 0
        for k in 0..<max(0, steps) {
            fields(k) { name, a, b in
                compared += 1
                let deviation = Self.deviation(a, b)
                if deviation > largestDeviation {
                    largest = Difference(step: k, field: name, expected: a, actual: b)
                    largestDeviation = deviation
                }
                if first == nil && !Self.matches(a, b, rtol: rtol, atol: atol) { first = Difference(step: k, field: name, expected: a, actual: b) }
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

    /// Whether two values match: |a − b| ≤ atol + rtol·max(|a|, |b|), or both NaN, or the same infinity.
    public static func matches(_ a: Double, _ b: Double, rtol: Double, atol: Double) -> Bool {
        if a == b || (a.isNaN && b.isNaN) { return true }
        guard a.isFinite && b.isFinite else { return false }
        return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
    }

    /// Whether every value matches and both runs have the same length and outcome.
    public var matches: Bool {
        firstMismatch == nil && expectedSteps == actualSteps && expectedOutcome == actualOutcome && dimensionNote == nil
    }

    public var description: String {
        func n(_ v: Double) -> String { TrajectoryFile.number(v) }
        var lines: [String] = dimensionNote.map { [$0] } ?? []
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
