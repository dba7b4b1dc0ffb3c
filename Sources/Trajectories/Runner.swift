import Landscapes

/// Runs an optimizer over a surface and records every step.
///
/// For k = 0, 1, …: record θₖ, f(θₖ), ∇f(θₖ); stop as `diverged` if any of them is not finite or
/// |θₖ| leaves the divergence bound, as `converged` if a stop rule holds, as `max-steps` at the step
/// limit; otherwise take step t = k + 1 of the optimizer with γₜ and μₜ from the schedules (with
/// the gradient clipped first when the configuration has a `clip`, ``GradientClipping``).
///
/// On a data surface an optimizer with a batch size K > 0 steps with the gradient of the next
/// mini-batch from a ``BatchSampler`` seeded with the run's seed; the recorded loss and gradient are
/// still those of the whole data set, and the batch gradient that made step k is recorded in the
/// state columns `bgrad_x`, `bgrad_y`.
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

    /// Runs an optimizer value as it is, e.g. `Runner(surface: bowl, optimizer: Adam(lr: 0.05))`
    /// or one of your own: the same loop, stop rules, schedules and divergence handling as a
    /// catalog's optimizer, with `batchSize` samples a step on a data surface (0: all of them).
    /// Its trajectories record its label and spec (``Trajectory/label``, ``Trajectory/optimizer``).
    public init<O: Optimizer<Vector2>>(surface: Surface, optimizer: O, batchSize: Int = 0, seed: UInt64 = 0) {
        self.init(surface: surface, optimizer: OptimizerConfiguration(optimizer, batchSize: batchSize), seed: seed)
    }

    /// Whether steps use mini-batches: a data surface and a batch size smaller than the data set.
    public var isStochastic: Bool {
        guard let sampled = surface.sampled else { return false }
        return optimizer.batchSize > 0 && optimizer.batchSize < sampled.sampleCount
    }

    public func run(from start: Vector2, stop: StopRule) -> Trajectory {
        var recorder = TrajectoryRecorder(runner: self, stop: stop)
        drive(from: start, stop: stop, recorder: &recorder)
        return recorder.record
    }

    /// The same run with only what a figure draws recorded: every position and loss, and no
    /// gradients or optimizer state (``Trajectory/gradients`` and ``Trajectory/state`` are
    /// empty). 24 bytes a step instead of 72 for Adam, so that a figure of 10⁷-step runs fits
    /// in memory; the iterates, stop decisions and outcome are those of ``run(from:stop:)``.
    public func path(from start: Vector2, stop: StopRule) -> Trajectory {
        var recorder = TrajectoryRecorder(runner: self, stop: stop, pathOnly: true)
        drive(from: start, stop: stop, recorder: &recorder)
        return recorder.record
    }

    /// How a run ends, without recording its steps: the same iterates, stop decisions and outcome
    /// as ``run(from:stop:)``, at a fraction of the cost (for sweeps of many runs).
    public func end(from start: Vector2, stop: StopRule) -> RunEnd {
        var recorder = EndRecorder()
        drive(from: start, stop: stop, recorder: &recorder)
        return recorder.end
    }

    /// The loop both ``run(from:stop:)`` and ``end(from:stop:)`` share, specialised per recorder
    /// and, for the built-in optimizers, per optimizer: the step is then a direct (inlined) call.
    func drive<R: StepRecorder>(from start: Vector2, stop: StopRule, recorder: inout R) {
        switch optimizer.plane {
        case let o as Adam<Vector2>: drive(o, from: start, stop: stop, recorder: &recorder)
        case let o as SGD<Vector2>: drive(o, from: start, stop: stop, recorder: &recorder)
        case let o as AdamW<Vector2>: drive(o, from: start, stop: stop, recorder: &recorder)
        case let o as RMSprop<Vector2>: drive(o, from: start, stop: stop, recorder: &recorder)
        case let o as Adagrad<Vector2>: drive(o, from: start, stop: stop, recorder: &recorder)
        case let o as Newton: drive(o, from: start, stop: stop, recorder: &recorder)
        case let o: drive(o, from: start, stop: stop, recorder: &recorder)
        }
    }

    func drive<O: Optimizer<Vector2>, R: StepRecorder>(_ fresh: O, from start: Vector2, stop: StopRule, recorder: inout R) {
        var state = fresh
        let stochastic = isStochastic
        let function = surface.function
        let sampled = surface.sampled
        var sampler = stochastic ? BatchSampler(count: sampled!.sampleCount, batchSize: optimizer.batchSize, seed: seed) : nil
        let dimension = surface.dimension, schedule = state.learningRate
        let oneDimensional = dimension == 1
        let needsHessian = state.needsHessian
        let clip = optimizer.clip
        var theta = oneDimensional ? Vector2(start.x, 0) : start
        var batchGradient = Vector2.zero
        var k = 0
        while true {
            let loss = function.value(at: theta)
            let g = function.gradient(at: theta)
            recorder.record(step: k, theta: theta, loss: loss, gradient: g,
                            batchGradient: stochastic ? batchGradient : nil, state: state)

            if !loss.isFinite || !g.isFinite || !theta.isFinite
                || abs(theta.x) > stop.divergenceBound || abs(theta.y) > stop.divergenceBound {
                recorder.finish(.diverged)
                return
            }
            if let target = stop.loss, loss < target {
                recorder.finish(.converged)
                return
            }
            if let target = stop.gradientNorm, g.norm < target {
                recorder.finish(.converged)
                return
            }
            if k == stop.maxSteps {
                recorder.finish(.maxSteps)
                return
            }
            k += 1
            var stepGradient = g
            if stochastic {
                batchGradient = sampled!.gradient(at: theta, batch: sampler!.next())
                if oneDimensional { batchGradient.y = 0 }
                stepGradient = batchGradient
            }
            if clip > 0 { stepGradient = GradientClipping.clipped(stepGradient, limit: clip) }
            let context = StepContext(
                t: k, learningRate: schedule.rate(at: k, totalSteps: stop.maxSteps),
                hessian: needsHessian ? function.hessian(at: theta) : nil, dimension: dimension)
            state.step(&theta, gradient: stepGradient, context: context)
            if oneDimensional { theta.y = 0 }
        }
    }
}

/// The last step of a run: where it ended and why.
public struct RunEnd: Sendable, Equatable {
    /// The index of the last recorded step (0 = the start).
    public var steps: Int
    public var outcome: Outcome
    public var point: Vector2
    public var loss: Double
    public var gradient: Vector2
}

/// What the run loop reports each step to.
protocol StepRecorder {
    /// Step k: θₖ, f(θₖ), ∇f(θₖ), the mini-batch gradient that made the step (stochastic runs
    /// only) and the optimizer after it.
    mutating func record<O: Optimizer<Vector2>>(step: Int, theta: Vector2, loss: Double, gradient: Vector2, batchGradient: Vector2?, state: borrowing O)
    mutating func finish(_ outcome: Outcome)
}

/// Keeps every step, as a ``Trajectory``.
struct TrajectoryRecorder: StepRecorder {
    var record: Trajectory
    let stateCount: Int
    /// Positions and losses only.
    let pathOnly: Bool

    init(runner: Runner, stop: StopRule, pathOnly: Bool = false) {
        self.pathOnly = pathOnly
        let stateNames = (runner.isStochastic ? ["bgrad_x", "bgrad_y"] : []) + runner.optimizer.plane.stateNames
        record = Trajectory(
            surface: runner.surface.spec.description, optimizer: runner.optimizer.spec.description,
            dimension: runner.surface.dimension, seed: runner.seed, stop: stop, stateNames: stateNames)
        // A value's runs carry its label; a catalog's are named by their spec.
        record.label = runner.optimizer.ownLabel
        stateCount = stateNames.count
        // Room for every step up to the step limit (a run that stops early leaves the rest
        // unused but not touched): growing by doubling would need twice the memory at the end.
        let capacity = min(stop.maxSteps, Limits.steps) + 1
        record.positions.reserveCapacity(capacity)
        record.losses.reserveCapacity(capacity)
        guard !pathOnly else { return }
        record.gradients.reserveCapacity(capacity)
        record.state.reserveCapacity(capacity * stateCount)
    }

    @inline(__always)
    mutating func record<O: Optimizer<Vector2>>(step: Int, theta: Vector2, loss: Double, gradient: Vector2, batchGradient: Vector2?, state: borrowing O) {
        record.positions.append(theta)
        record.losses.append(loss)
        if pathOnly { return }
        record.gradients.append(gradient)
        if step == 0 {
            record.state.append(contentsOf: repeatElement(0, count: stateCount))
        } else {
            if let b = batchGradient {
                record.state.append(b.x)
                record.state.append(b.y)
            }
            state.appendState(to: &record.state)
        }
    }

    mutating func finish(_ outcome: Outcome) { record.outcome = outcome }
}

/// Keeps only the last step.
struct EndRecorder: StepRecorder {
    var end = RunEnd(steps: 0, outcome: .maxSteps, point: .zero, loss: 0, gradient: .zero)

    @inline(__always)
    mutating func record<O: Optimizer<Vector2>>(step: Int, theta: Vector2, loss: Double, gradient: Vector2, batchGradient: Vector2?, state: borrowing O) {
        end.steps = step
        end.point = theta
        end.loss = loss
        end.gradient = gradient
    }

    mutating func finish(_ outcome: Outcome) { end.outcome = outcome }
}

extension OptimizerConfiguration {
    /// Checks that the configuration makes sense on `surface`: an explicit `batch` needs data.
    public func validate(for surface: Surface) throws(SpecError) {
        let explicitBatch = parameters.contains { $0.name == "batch" && $0.value != $0.defaultValue && $0.value.number != 0 }
        if explicitBatch && surface.sampled == nil {
            throw SpecError.invalid("batch=\(batchSize) needs a data surface (sincos or regression); '\(surface.name)' has no samples")
        }
    }
}
