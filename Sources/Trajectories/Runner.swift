import Landscapes

/// Runs an optimizer over a surface and records every step.
///
/// For k = 0, 1, …: record θₖ, f(θₖ), ∇f(θₖ); stop as `diverged` if any of them is not finite or
/// |θₖ| leaves the divergence bound, as `converged` if a stop rule holds, as `max-steps` at the step
/// limit; otherwise take step t = k + 1 of the optimizer.
///
/// ```swift
/// let path = Runner(surface: try Surface(spec: "bowl"),
///                   optimizer: try OptimizerConfiguration(spec: "gd:lr=0.1"))
///     .run(from: [2.5, 2.5], stop: StopRule(maxSteps: 100, gradientNorm: 1e-6))
/// path.outcome     // .converged
/// ```
public struct Runner: Sendable {
    public var surface: Surface
    public var optimizer: OptimizerConfiguration
    public var seed: UInt64

    public init(surface: Surface, optimizer: OptimizerConfiguration, seed: UInt64 = 0) {
        self.surface = surface
        self.optimizer = optimizer
        self.seed = seed
    }

    public func run(from start: Vector2, stop: StopRule) -> Trajectory {
        var state = optimizer.makeOptimizer()
        var record = Trajectory(
            surface: surface.spec.description, optimizer: optimizer.spec.description,
            dimension: surface.dimension, seed: seed, stop: stop, stateNames: state.stateNames)
        let capacity = min(stop.maxSteps, 1 << 22) + 1
        record.positions.reserveCapacity(capacity)
        record.losses.reserveCapacity(capacity)
        record.gradients.reserveCapacity(capacity)
        record.state.reserveCapacity(capacity * record.stateNames.count)

        let function = surface.function
        let oneDimensional = surface.dimension == 1
        var theta = oneDimensional ? Vector2(start.x, 0) : start
        var k = 0
        while true {
            let loss = function.value(at: theta)
            let g = function.gradient(at: theta)
            record.positions.append(theta)
            record.losses.append(loss)
            record.gradients.append(g)
            if k == 0 {
                record.state.append(contentsOf: repeatElement(0, count: record.stateNames.count))
            } else {
                state.appendState(to: &record.state)
            }

            if !loss.isFinite || !g.isFinite || !theta.isFinite
                || abs(theta.x) > stop.divergenceBound || abs(theta.y) > stop.divergenceBound {
                record.outcome = .diverged
                break
            }
            if let target = stop.loss, loss < target {
                record.outcome = .converged
                break
            }
            if let target = stop.gradientNorm, g.norm < target {
                record.outcome = .converged
                break
            }
            if k == stop.maxSteps {
                record.outcome = .maxSteps
                break
            }
            k += 1
            let context = StepContext(
                t: k, learningRate: optimizer.learningRate, momentum: optimizer.momentum,
                hessian: state.needsHessian ? function.hessian(at: theta) : nil)
            state.step(&theta, gradient: g, context: context)
            if oneDimensional { theta.y = 0 }
        }
        return record
    }
}
