import Landscapes

/// A differentiable function of a parameter vector of any length: what a ``VectorRunner``
/// descends. Gradients are analytic (or exact by construction, as a network's backpropagation).
///
/// A function with data (``sampleCount`` not nil) gives mini-batch gradients too, so that an
/// optimizer with a batch size steps with them.
///
/// ```swift
/// /// The N-dimensional Rosenbrock function Σ 100(θᵢ₊₁ − θᵢ²)² + (1 − θᵢ)².
/// struct Rosenbrock: Objective {
///     let dimension: Int
///     func value(at theta: [Double], gradient: inout [Double]) -> Double {
///         var f = 0.0
///         for i in 0..<dimension { gradient[i] = 0 }
///         for i in 0..<(dimension - 1) {
///             let a = theta[i + 1] - theta[i] * theta[i], b = 1 - theta[i]
///             f += 100 * a * a + b * b
///             gradient[i] += -400 * theta[i] * a - 2 * b
///             gradient[i + 1] += 200 * a
///         }
///         return f
///     }
/// }
/// ```
public protocol Objective: Sendable {
    /// The number of parameters.
    var dimension: Int { get }
    /// f(θ), with ∇f(θ) written into `gradient` (which has `dimension` entries).
    func value(at theta: [Double], gradient: inout [Double]) -> Double
    /// The number of samples mini-batches are drawn from; nil (the default) for a function
    /// without data.
    var sampleCount: Int? { get }
    /// The loss over the samples `batch` (indices below ``sampleCount``), with its gradient
    /// written into `gradient`. Default: the full ``value(at:gradient:)``.
    func value(at theta: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double
}

extension Objective {
    public var sampleCount: Int? { nil }
    public func value(at theta: [Double], batch: ArraySlice<Int>, gradient: inout [Double]) -> Double {
        value(at: theta, gradient: &gradient)
    }
}

/// Runs an optimizer over a parameter vector of any length and records every step: the loop of
/// ``Runner`` for N dimensions, with the same stop rules (loss, gradient norm, step limit), learning
/// rate schedules, divergence handling (a non-finite value, or a coordinate past
/// ``StopRule/divergenceBound``) and mini-batches (drawn by a ``BatchSampler`` seeded with `seed`;
/// the recorded loss and gradient norm are the full data set's).
///
/// ```swift
/// let run = VectorRunner(objective: Rosenbrock(dimension: 10), optimizer: Adam<[Double]>(lr: 0.01))
///     .run(from: [Double](repeating: -1, count: 10), stop: StopRule(maxSteps: 2000, gradientNorm: 1e-6))
/// run.outcome, run.finalLoss, run.parameters(at: run.stepCount)
/// ```
public struct VectorRunner: Sendable {
    public var objective: any Objective
    /// The optimizer with zero state, copied for each run.
    public var optimizer: any Optimizer<[Double]>
    /// Samples per step on an objective with data; 0 for the full batch.
    public var batchSize: Int
    public var seed: UInt64
    /// The largest gradient norm a step uses (``GradientClipping``); 0: no clipping.
    public var clip: Double = 0
    /// The spec and label the runs record.
    let spec: String, label: String?

    /// An optimizer value, as it is: its runs record its spec and label.
    public init<O: Optimizer<[Double]>>(objective: any Objective, optimizer: O, batchSize: Int = 0, seed: UInt64 = 0) {
        self.objective = objective
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.seed = seed
        spec = optimizer.spec.description
        label = optimizer.label
    }

    /// A configuration's vector form (from a spec: `adam:lr=0.01,batch=8`), with its batch size;
    /// it throws for an optimizer that works only in the plane.
    public init(objective: any Objective, optimizer: OptimizerConfiguration, seed: UInt64 = 0) throws(SpecError) {
        guard let vector = optimizer.vector else {
            throw SpecError.invalid("optimizer '\(optimizer.name)' works only in the plane; vectors take first-order optimizers")
        }
        self.objective = objective
        self.optimizer = vector
        batchSize = optimizer.batchSize
        clip = optimizer.clip
        self.seed = seed
        spec = optimizer.spec.description
        label = nil
    }

    /// Whether steps use mini-batches: an objective with data and a batch size smaller than it.
    public var isStochastic: Bool {
        guard let count = objective.sampleCount else { return false }
        return batchSize > 0 && batchSize < count
    }

    /// Runs from `start` (which must have ``Objective/dimension`` entries) until a stop rule holds.
    public func run(from start: [Double], stop: StopRule) -> VectorTrajectory {
        precondition(start.count == objective.dimension, "the start has \(start.count) values; the objective has \(objective.dimension)")
        let n = start.count
        var record = VectorTrajectory(optimizer: spec, label: label, dimension: n, seed: seed, batchSize: isStochastic ? batchSize : 0, stop: stop)
        let capacity = min(stop.maxSteps, Limits.steps) + 1
        record.losses.reserveCapacity(capacity)
        record.gradientNorms.reserveCapacity(capacity)
        record.parameters.reserveCapacity(capacity * n)
        drive(optimizer, from: start, stop: stop, into: &record)
        return record
    }

    func drive(_ fresh: some Optimizer<[Double]>, from start: [Double], stop: StopRule, into record: inout VectorTrajectory) {
        var state = fresh
        let objective = objective, n = start.count
        let schedule = state.learningRate
        var sampler = isStochastic ? BatchSampler(count: objective.sampleCount ?? 0, batchSize: batchSize, seed: seed) : nil
        var theta = start
        var gradient = [Double](repeating: 0, count: n), batchGradient = gradient
        var k = 0
        while true {
            let loss = objective.value(at: theta, gradient: &gradient)
            var squares = 0.0, finite = loss.isFinite
            for i in 0..<n {
                squares += gradient[i] * gradient[i]
                if !(abs(theta[i]) <= stop.divergenceBound) || !gradient[i].isFinite { finite = false }
            }
            let norm = squares.squareRoot()
            record.parameters.append(contentsOf: theta)
            record.losses.append(loss)
            record.gradientNorms.append(norm)
            if !finite {
                record.outcome = .diverged
                return
            }
            if let target = stop.loss, loss < target {
                record.outcome = .converged
                return
            }
            if let target = stop.gradientNorm, norm < target {
                record.outcome = .converged
                return
            }
            if k == stop.maxSteps {
                record.outcome = .maxSteps
                return
            }
            k += 1
            let context = StepContext(t: k, learningRate: schedule.rate(at: k, totalSteps: stop.maxSteps), dimension: n)
            // Mutated in place through the optional: a copy would share, then copy, its indices.
            if let batch = sampler?.next() {
                _ = objective.value(at: theta, batch: batch, gradient: &batchGradient)
                if clip > 0 { GradientClipping.clip(&batchGradient, limit: clip) }
                state.step(&theta, gradient: batchGradient, context: context)
            } else {
                // The recorded gradient norm is the unclipped one; the step uses the clipped.
                if clip > 0 { GradientClipping.clip(&gradient, limit: clip) }
                state.step(&theta, gradient: gradient, context: context)
            }
        }
    }
}

/// A recorded run over a parameter vector: every step's parameters, loss and gradient norm, and
/// how the run ended. Parameters are stored by row, `dimension` values a step.
public struct VectorTrajectory: Sendable, Equatable {
    /// The optimizer's spec (for a value, its ``Optimizer/spec``).
    public var optimizer: String
    /// The optimizer's legend label, for a run of a value.
    public var label: String?
    public var dimension: Int
    public var seed: UInt64
    /// Samples per step; 0 for the full batch.
    public var batchSize: Int
    public var stop: StopRule
    /// θ₀, θ₁, … one after the other.
    public var parameters: [Double] = []
    /// f(θ₀), f(θ₁), …
    public var losses: [Double] = []
    /// ‖∇f(θ₀)‖, ‖∇f(θ₁)‖, …
    public var gradientNorms: [Double] = []
    public var outcome: Outcome = .maxSteps

    public init(optimizer: String, label: String? = nil, dimension: Int, seed: UInt64 = 0, batchSize: Int = 0, stop: StopRule) {
        self.optimizer = optimizer
        self.label = label
        self.dimension = dimension
        self.seed = seed
        self.batchSize = batchSize
        self.stop = stop
    }

    /// The number of updates made (the index of the last recorded step).
    public var stepCount: Int { losses.count - 1 }
    /// The last recorded loss.
    public var finalLoss: Double { losses[losses.count - 1] }
    /// θ after `step` updates.
    public func parameters(at step: Int) -> ArraySlice<Double> {
        parameters[(step * dimension)..<((step + 1) * dimension)]
    }
}
