import Dispatch
import Landscapes
import Trajectories

/// One optimizer's training run: the recorded points of its path through weight space.
public struct NetworkRun: Sendable, Equatable {
    /// A recorded step: the parameters after `step` updates, with the loss and accuracy over the
    /// whole data set there.
    public struct Record: Sendable, Equatable {
        public var step: Int
        public var loss: Double
        public var accuracy: Double?
        public var parameters: [Double]
        /// The full-batch Hessian's extreme eigenvalues at ``parameters``, where measured (see
        /// ``NetworkRun/measuringCurvature(model:data:smallest:seed:tolerance:)``).
        public var curvature: Curvature?

        public init(step: Int, loss: Double, accuracy: Double?, parameters: [Double], curvature: Curvature? = nil) {
            self.step = step
            self.loss = loss
            self.accuracy = accuracy
            self.parameters = parameters
            self.curvature = curvature
        }
    }

    /// The optimizer spec, e.g. `adam:lr=0.01` (for an optimizer value, its `Optimizer/spec`).
    public var optimizer: String
    /// The optimizer's legend label, recorded for runs of an optimizer value (`Lion lr=0.0001`);
    /// nil for a catalog's runs, which their spec names.
    public var label: String?
    /// Samples per step; nil for the full batch.
    public var batch: Int?
    /// The seed of the mini-batch shuffles.
    public var seed: UInt64
    public var records: [Record]
    public var outcome: Outcome

    public init(optimizer: String, batch: Int?, seed: UInt64, records: [Record], outcome: Outcome) {
        self.optimizer = optimizer
        self.batch = batch
        self.seed = seed
        self.records = records
        self.outcome = outcome
    }
}

/// How to train: epochs, batch size, how often to record, the shuffles' seed.
public struct TrainingOptions: Sendable, Equatable {
    public var epochs: Int
    /// Samples per step for optimizers whose spec names no `batch`; nil for their own default
    /// (full batch, or one sample for `sgd`). A batch ≥ the data set is the full batch.
    public var batch: Int?
    /// Record every k-th step (and always the first and the last).
    public var recordEvery: Int
    public var seed: UInt64

    public init(epochs: Int, batch: Int? = nil, recordEvery: Int = 1, seed: UInt64 = 0) {
        precondition(epochs >= 1 && recordEvery >= 1, "training needs an epoch and a recording interval ≥ 1")
        self.epochs = epochs
        self.batch = batch
        self.recordEvery = recordEvery
        self.seed = seed
    }

    /// The batch an optimizer trains with: its spec's `batch` if the spec names one, else
    /// ``batch``, else the optimizer's default (`sgd`: 1; the others: the full batch). Nil for
    /// the full batch.
    public func batch(for optimizer: OptimizerConfiguration, on data: Dataset) -> Int? {
        let named = optimizer.spec["batch"].flatMap { Int($0) }
        let size = named ?? batch ?? optimizer.batchSize
        return size > 0 && size < data.count ? size : nil
    }

    /// Steps per epoch for an optimizer on `data`: ⌈n / batch⌉, or 1 for the full batch.
    public func stepsPerEpoch(_ optimizer: OptimizerConfiguration, on data: Dataset) -> Int {
        guard let b = batch(for: optimizer, on: data) else { return 1 }
        return (data.count + b - 1) / b
    }
}

/// Trains a model with optimizers from `Trajectories`, one run per optimizer from the same
/// initial parameters, in parallel.
///
/// Step t (from 1) takes the gradient of the next batch at θₜ₋₁ and applies the optimizer with
/// the schedules' γₜ and μₜ, exactly as `Runner` does in the plane. Mini-batches come from a
/// shuffle of the data per epoch (seeded; every sample once per epoch, the last batch smaller).
/// A run whose loss stops being finite, or whose parameters leave ±10¹² (the plane's divergence
/// bound), ends as `diverged` there.
///
/// ```swift
/// let data = try Dataset(spec: "spirals:n=200")
/// let model = try MLP(spec: "mlp:hidden=16x16", for: data)
/// let adam = try OptimizerConfiguration(spec: "adam:lr=0.01")
/// let run = try Trainer(model: model, data: data).train(adam, from: model.initialParameters(seed: 0),
///                                                        options: TrainingOptions(epochs: 100))
/// run.records.last!.loss
/// ```
public struct Trainer: Sendable {
    public var model: MLP
    public var data: Dataset

    public init(model: MLP, data: Dataset) {
        self.model = model
        self.data = data
    }

    /// Trains every optimizer from `initial`, one run each, in order.
    public func train(_ optimizers: [OptimizerConfiguration], from initial: [Double], options: TrainingOptions) throws(TrainingError) -> [NetworkRun] {
        for o in optimizers where !o.worksOnVectors {
            throw TrainingError("optimizer '\(o.name)' works only in the plane; networks train with first-order optimizers (gd, sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)")
        }
        guard initial.count == model.parameterCount else {
            throw TrainingError("the initial parameters have \(initial.count) values; the model has \(model.parameterCount)")
        }
        nonisolated(unsafe) var runs = [NetworkRun?](repeating: nil, count: optimizers.count)
        runs.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let out = slots
            DispatchQueue.concurrentPerform(iterations: optimizers.count) { k in
                out[k] = try? train(optimizers[k], from: initial, options: options)
            }
        }
        return runs.compactMap { $0 }
    }

    /// One run.
    public func train(_ optimizer: OptimizerConfiguration, from initial: [Double], options: TrainingOptions) throws(TrainingError) -> NetworkRun {
        guard let rule = optimizer.vector else {
            throw TrainingError("optimizer '\(optimizer.name)' works only in the plane; networks train with first-order optimizers")
        }
        return try train(rule, from: initial, options: options, batch: options.batch(for: optimizer, on: data),
                         spec: optimizer.spec.description, label: nil, clip: optimizer.clip)
    }

    /// One run of an optimizer value over the parameters as it is, e.g. `Adam<[Double]>(lr: 0.01)`
    /// or one of your own, with `batch` samples a step (nil: ``TrainingOptions/batch``, else the
    /// full batch). The run records the optimizer's label and spec.
    public func train<O: Optimizer<[Double]>>(_ optimizer: O, batch: Int? = nil, from initial: [Double],
                                              options: TrainingOptions) throws(TrainingError) -> NetworkRun {
        let size = batch ?? options.batch ?? 0
        return try train(optimizer, from: initial, options: options, batch: size > 0 && size < data.count ? size : nil,
                         spec: optimizer.spec.description, label: optimizer.label)
    }

    func train(_ optimizer: some Optimizer<[Double]>, from initial: [Double], options: TrainingOptions, batch: Int?,
               spec: String, label: String?, clip: Double = 0) throws(TrainingError) -> NetworkRun {
        guard initial.count == model.parameterCount else {
            throw TrainingError("the initial parameters have \(initial.count) values; the model has \(model.parameterCount)")
        }
        var rule = optimizer
        let schedule = optimizer.learningRate
        let perEpoch = batch.map { (data.count + $0 - 1) / $0 } ?? 1
        let totalSteps = options.epochs * perEpoch
        var theta = initial
        var gradient = [Double](repeating: 0, count: theta.count)
        var workspace = MLP.Workspace()
        var records: [NetworkRun.Record] = []
        var order = Array(0..<data.count)
        var random = SplitMix64(seed: options.seed)
        var outcome = Outcome.maxSteps
        // As in the plane (``StopRule/divergenceBound``): a parameter past 10¹² has diverged.
        let bound = StopRule(maxSteps: 0).divergenceBound
        func isFinite(_ v: [Double]) -> Bool { v.allSatisfy { abs($0) <= bound } }

        var t = 0
        epochs: for _ in 0..<options.epochs {
            if batch != nil {
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(random.next() % UInt64(i + 1)))
                }
            }
            for s in 0..<perEpoch {
                let record = t % options.recordEvery == 0
                let evaluation: MLP.Evaluation
                if let b = batch {
                    let rows = order[(s * b)..<Swift.min(order.count, (s + 1) * b)]
                    evaluation = record ? model.evaluate(theta, on: data, workspace: &workspace) : MLP.Evaluation(loss: 0, accuracy: nil)
                    model.lossAndGradient(theta, on: data, rows: rows, gradient: &gradient, workspace: &workspace)
                } else {
                    evaluation = model.evaluationAndGradient(theta, on: data, gradient: &gradient, workspace: &workspace)
                }
                if record { records.append(.init(step: t, loss: evaluation.loss, accuracy: evaluation.accuracy, parameters: theta)) }
                if ((record || batch == nil) && !evaluation.loss.isFinite) || !isFinite(theta) || !isFinite(gradient) {
                    if !record { records.append(.init(step: t, loss: model.evaluate(theta, on: data, workspace: &workspace).loss, accuracy: nil, parameters: theta)) }
                    outcome = .diverged
                    break epochs
                }
                t += 1
                let context = StepContext(t: t, learningRate: schedule.rate(at: t, totalSteps: totalSteps), dimension: theta.count)
                if clip > 0 { GradientClipping.clip(&gradient, limit: clip) }
                rule.step(&theta, gradient: gradient, context: context)
            }
        }
        if outcome != .diverged {
            let last = model.evaluate(theta, on: data, workspace: &workspace)
            records.append(.init(step: t, loss: last.loss, accuracy: last.accuracy, parameters: theta))
            if !last.loss.isFinite || !isFinite(theta) { outcome = .diverged }
        }
        var run = NetworkRun(optimizer: spec, batch: batch, seed: options.seed, records: records, outcome: outcome)
        run.label = label
        return run
    }
}

/// A training request that cannot be carried out.
public struct TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
