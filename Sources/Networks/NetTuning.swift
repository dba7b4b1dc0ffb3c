import Landscapes
import Trajectories

/// What a network's tuning minimizes, after the last epoch, over the whole training set.
public enum NetTuningObjective: String, Sendable, CaseIterable {
    /// The training loss.
    case loss
    /// 1 − the training accuracy (classes only); among equal accuracies, the lower loss wins.
    case accuracy

    /// `train loss`, `1 − train accuracy`.
    public var title: String { self == .loss ? "train loss" : "1 − train accuracy" }
}

/// One training run of a network tuning: the setting, the shuffles' seed, and how it ended.
public struct NetTuningTrial: Sendable, Equatable {
    /// The index of its setting, in the order tried.
    public var setting: Int
    public var values: [Double]
    public var seed: UInt64
    /// The objective; +∞ for a run that diverged.
    public var objective: Double
    public var loss: Double
    public var accuracy: Double?
    public var outcome: Outcome
    /// The updates made.
    public var steps: Int
}

/// Tunes one optimizer's hyperparameters on a network: the search of `Tuning` (an even grid,
/// then successive halving, or a pattern search over several keys), each setting trained for
/// `epochs` from the same initial parameters, once per seed of the mini-batch shuffles (the
/// median counts), every round's trainings in parallel over the cores. The same trials and the
/// same choice on any number of cores.
///
/// ```swift
/// let data = try Dataset(spec: "spirals:n=200")
/// let model = try MLP(spec: "mlp:hidden=16x16", for: data)
/// let tuning = try NetTuning(model: model, data: data, optimizer: try Spec(parsing: "adam"),
///                            ranges: [try TuningRange(parsing: "lr=1e-4:1:log")], objective: .loss,
///                            budget: 40, epochs: 100)
/// let best = try tuning.run().configuration()    // Adam at its best learning rate
/// ```
public struct NetTuning: Sendable {
    public let model: MLP
    public let data: Dataset
    public let optimizer: Spec
    public let ranges: [TuningRange]
    public let objective: NetTuningObjective
    public let budget: Int
    public let epochs: Int
    /// Samples per step for an optimizer whose spec names no batch (``TrainingOptions/batch``).
    public let batch: Int?
    /// Seeds of the shuffles per setting, `seed` … `seed` + seeds − 1.
    public let seeds: Int
    public let seed: UInt64
    /// The initial parameters every run starts from.
    public let initial: [Double]
    public let search: Tuning.Search

    /// Checks everything before any training: the ranges (as `Tuning.check(ranges:of:budget:seeds:)`),
    /// an optimizer that trains networks, both ends of every range valid, accuracy only for
    /// classes.
    public init(model: MLP, data: Dataset, optimizer: Spec, ranges: [TuningRange], objective: NetTuningObjective, budget: Int, epochs: Int,
                batch: Int? = nil, seeds: Int = 1, seed: UInt64 = 0, initSeed: UInt64 = 0, search: Tuning.Search = .adaptive) throws(SpecError) {
        try Tuning.check(ranges: ranges, of: optimizer, budget: budget, seeds: seeds)
        guard epochs >= 1 else { throw .invalid("a network tuning trains at least one epoch, got \(epochs)") }
        if objective == .accuracy && data.kind != .classification {
            throw .invalid("objective accuracy needs classes, and \(data.source) is a regression; use loss")
        }
        self.model = model
        self.data = data
        self.optimizer = optimizer
        self.ranges = ranges
        self.objective = objective
        self.budget = budget
        self.epochs = epochs
        self.batch = batch
        self.seeds = seeds
        self.seed = seed
        initial = model.initialParameters(seed: initSeed)
        self.search = search
        for t in [0.0, 1.0] {
            let c = try configuration(ranges.map { $0.value(at: t) })
            guard c.worksOnVectors else { throw .invalid("optimizer '\(c.name)' works only on surfaces; networks train with first-order optimizers") }
        }
    }

    /// The optimizer at a setting (a value per range).
    public func configuration(_ values: [Double]) throws(SpecError) -> OptimizerConfiguration {
        try OptimizerCatalog.standard.configuration(for: Tuning.spec(optimizer, ranges: ranges, at: values))
    }

    /// The training options of a run with the k-th seed: the first and last steps recorded.
    public func options(seed k: Int) -> TrainingOptions {
        TrainingOptions(epochs: epochs, batch: batch, recordEvery: Int(Int32.max), seed: seed + UInt64(k))
    }

    /// One training at a setting with the k-th seed.
    public func trial(_ values: [Double], setting: Int, seed k: Int) -> NetTuningTrial {
        let options = options(seed: k)
        guard let c = try? configuration(values), let run = try? Trainer(model: model, data: data).train(c, from: initial, options: options),
              let last = run.records.last else {
            return NetTuningTrial(setting: setting, values: values, seed: options.seed, objective: .infinity, loss: .nan, accuracy: nil,
                                  outcome: .diverged, steps: 0)
        }
        var value = objective == .loss ? last.loss : 1 - (last.accuracy ?? 0)
        if run.outcome == .diverged || !last.loss.isFinite || !value.isFinite { value = .infinity }
        return NetTuningTrial(setting: setting, values: values, seed: options.seed, objective: value, loss: last.loss,
                              accuracy: last.accuracy, outcome: run.outcome, steps: last.step)
    }

    /// Runs the search; every trial is kept, in the order tried.
    public func run() -> NetTuningResult {
        let found = TuningSearch.run(ranges: ranges, budget: budget, seeds: seeds, search: search, floor: 0,
                                     trial: { values, setting, k in trial(values, setting: setting, seed: k) },
                                     score: { mine in
                                         (Tuning.median(mine.map(\.objective)), Tuning.median(mine.map { $0.loss.isFinite ? $0.loss : .infinity }))
                                     },
                                     objective: { mine in Tuning.median(mine.map(\.objective)) })
        return NetTuningResult(tuning: self, settings: found.settings, scores: found.scores, trials: found.trials, best: found.best,
                               gridCount: found.gridCount, erratic: found.erratic)
    }
}

/// A finished network tuning: every setting with its score, every trial, the best setting.
public struct NetTuningResult: Sendable {
    public let tuning: NetTuning
    /// Settings in the order tried: a value per range.
    public let settings: [[Double]]
    /// Each setting's objective: the median over its seeds (+∞: diverged).
    public let scores: [Double]
    public let trials: [NetTuningTrial]
    public let best: Int
    /// How many of the settings, from the first, made the even grid.
    public let gridCount: Int
    /// The share of the grid's settings that are isolated highs or lows (`TuningResult.erratic`).
    public let erratic: Double

    public var bestValues: [Double] { settings[best] }
    public var bestObjective: Double { scores[best] }

    /// The optimizer at its best setting.
    public func configuration() throws(SpecError) -> OptimizerConfiguration { try tuning.configuration(bestValues) }

    /// The optimizer's spec at its best setting, e.g. `adam:lr=0.0316228`.
    public var spec: String { Tuning.spec(tuning.optimizer, ranges: tuning.ranges, at: bestValues).description }
}
