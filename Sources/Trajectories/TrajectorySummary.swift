import Landscapes

/// What a run amounts to: how it ended, where, how far it travelled and how much it oscillated.
public struct TrajectorySummary: Sendable {
    public var outcome: Outcome
    public var steps: Int
    public var finalLoss: Double
    /// The known minimum nearest the end point, and the distance to it.
    public var nearestMinimum: CriticalPoint?
    public var distanceToNearestMinimum: Double?
    /// Total length of the polyline θ₀θ₁…θₙ.
    public var pathLength: Double
    /// Sign changes of the step Δθₖ = θₖ₊₁ − θₖ along each axis: the zig-zag count.
    public var oscillations: (x: Int, y: Int)

    public init(_ t: Trajectory, on surface: Surface) {
        outcome = t.outcome
        steps = t.stepCount
        finalLoss = t.finalLoss
        pathLength = t.pathLength
        var ox = 0, oy = 0
        var previous: Vector2?
        for k in t.positions.indices.dropFirst() {
            let d = t.positions[k] - t.positions[k - 1]
            if let p = previous {
                if d.x * p.x < 0 { ox += 1 }
                if d.y * p.y < 0 { oy += 1 }
            }
            if d.x != 0 || d.y != 0 { previous = Vector2(d.x != 0 ? d.x : previous?.x ?? 0, d.y != 0 ? d.y : previous?.y ?? 0) }
        }
        oscillations = (ox, oy)
        let end = t.end
        if end.isFinite, let nearest = surface.minima.min(by: { ($0.point - end).norm < ($1.point - end).norm }) {
            nearestMinimum = nearest
            distanceToNearestMinimum = (nearest.point - end).norm
        }
    }

    /// One line: `converged in 57 steps, loss 1.2e-07, 0.0003 from the global minimum (0, 0); path 3.54, 0/12 oscillations`.
    public var description: String {
        var parts: [String] = []
        switch outcome {
        case .converged: parts.append("converged in \(steps) steps")
        case .maxSteps: parts.append("stopped after \(steps) steps")
        case .diverged: parts.append("diverged at step \(steps)")
        }
        parts.append("final loss \(TrajectoryFile.number(finalLoss))")
        if let m = nearestMinimum, let d = distanceToNearestMinimum {
            let kind = m.kind == .globalMinimum ? "global minimum" : m.kind == .localMinimum ? "local minimum" : "saddle point"
            parts.append("\(TrajectoryFile.number(Rounding.significant(d, digits: 3))) from the \(kind) at (\(TrajectoryFile.number(m.point.x)), \(TrajectoryFile.number(m.point.y)))")
        }
        parts.append("path length \(TrajectoryFile.number(Rounding.significant(pathLength, digits: 4)))")
        parts.append("oscillations x \(oscillations.x), y \(oscillations.y)")
        return parts.joined(separator: "; ")
    }
}
