import Landscapes
import Trajectories

/// One optimizer's path as a figure shows it: points, colour, legend label and outcome.
public struct PathSeries: Sendable {
    /// The optimizer with its hyperparameters, e.g. `Adam lr=0.05`.
    public var name: String
    public var color: Color
    /// The path's dash pattern (empty: solid): runs past the palette's length are dashed, so
    /// that no two runs look alike (``Style/runDash(_:)``).
    public var dash: [Double] = []
    /// The marker at its steps and in its legend; nil: the one for the series' place in the
    /// figure (circle, square, triangle, diamond, …).
    public var marker: Marker?
    public var points: [Vector2]
    public var outcome: Outcome
    /// The number of updates made.
    public var steps: Int
    /// For a stochastic optimizer run with several seeds: every seed's path, drawn faintly under
    /// `points` (then the median path by step).
    public var ensemble: [[Vector2]] = []
    /// In an animation frame, the steps drawn so far (the run goes on after them while they are
    /// fewer than ``steps``); nil draws the whole run.
    public var shownSteps: Int?
    /// The step of each point, when the points are every k-th step only (a network's recorded
    /// points); nil: point k is step k.
    public var pointSteps: [Int]?

    public init(name: String, color: Color, points: [Vector2], outcome: Outcome, steps: Int) {
        self.name = name
        self.color = color
        self.points = points
        self.outcome = outcome
        self.steps = steps
    }

    public init(trajectory: Trajectory, configuration: OptimizerConfiguration, color: Color) {
        self.init(trajectory: trajectory, label: configuration.label, color: color)
    }

    /// A run's path with a legend label; by default the label of the optimizer its file names,
    /// or the spec itself for an optimizer the standard catalog does not know.
    public init(trajectory: Trajectory, label: String? = nil, color: Color) {
        self.init(name: label ?? (try? OptimizerConfiguration(spec: trajectory.optimizer).label) ?? trajectory.optimizer, color: color,
                  points: trajectory.positions, outcome: trajectory.outcome, steps: trajectory.stepCount)
    }

    /// The series' step marker when it is the k-th of its figure.
    public func stepMarker(at k: Int) -> Marker { marker ?? LandscapePanel.stepMarker(k) }

    /// How the run ended, in words: `converged in 57 steps`, `diverged at step 12`,
    /// `stopped after 200 steps`.
    public var summary: String {
        switch outcome {
        case .converged: return "converged in \(steps) step\(steps == 1 ? "" : "s")"
        case .diverged: return "diverged at step \(steps)"
        case .maxSteps: return "stopped after \(steps) step\(steps == 1 ? "" : "s")"
        }
    }

    /// The legend label: `Adam lr=0.05 · converged in 87 steps`, or for an ensemble
    /// `SGD lr=0.09 · median of 20 seeds, 200 steps`; while an animation's run goes on, the name
    /// alone (the frame's subtitle counts the steps), so that the legend changes only when a run
    /// ends.
    public var label: String { isRunning ? name : finalLabel }

    /// The label once the run has ended.
    public var finalLabel: String {
        ensemble.isEmpty ? "\(name) · \(summary)" : "\(name) · median of \(ensemble.count) seeds, \(steps) steps"
    }

    /// Whether an animation frame shows the run before its end.
    public var isRunning: Bool { shownSteps.map { $0 < steps } ?? false }

    /// The points drawn: all of them, or in an animation frame those up to the shown step.
    public var drawnPoints: [Vector2] {
        guard let shown = shownSteps else { return points }
        if let pointSteps {
            let count = Swift.min(points.count, pointSteps.prefix { $0 <= shown }.count)
            return count >= points.count ? points : Array(points[..<Swift.max(1, count)])
        }
        guard shown + 1 < points.count else { return points }
        return Array(points[...Swift.max(0, shown)])
    }

    /// Every seed's path as drawn (see ``drawnPoints``).
    public var drawnEnsemble: [[Vector2]] {
        guard let shown = shownSteps else { return ensemble }
        return ensemble.map { $0.count > shown + 1 ? Array($0[...Swift.max(0, shown)]) : $0 }
    }

    /// How the drawn part ends: the outcome once the run has ended, else still going.
    var drawnOutcome: Outcome? { isRunning ? nil : outcome }
}

extension PathSeries {
    /// This series with a long path (more than ``canvasPointLimit`` points) reduced once, in
    /// data coordinates, for the frames of an animation: the runs of
    /// ``reducedPath(_:domain:resolution:)`` joined by NaN points (where a stroke breaks), each
    /// kept point with its step in ``pointSteps`` so that the path grows at the pace of its steps.
    /// A frame then draws a prefix of a few thousand points instead of millions.
    public func reducedForAnimation(domain: Domain, resolution: Double) -> PathSeries {
        guard points.count > canvasPointLimit else { return self }
        let runs = reducedPathIndices(points, domain: domain, resolution: resolution)
        var copy = self
        var kept: [Vector2] = [], steps: [Int] = []
        for (r, run) in runs.enumerated() {
            guard let first = run.first else { continue }
            if r > 0 {
                kept.append(Vector2(.nan, .nan))
                steps.append(pointSteps?[first] ?? first)
            }
            for k in run {
                kept.append(points[k])
                steps.append(pointSteps?[k] ?? k)
            }
        }
        // The last point is where the run ends (its marker): always kept.
        if let last = points.indices.last, steps.last != (pointSteps?[last] ?? last) {
            kept.append(points[last])
            steps.append(pointSteps?[last] ?? last)
        }
        copy.points = kept
        copy.pointSteps = steps
        return copy
    }
}
