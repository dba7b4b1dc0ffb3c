import Dispatch
import Landscapes

/// A hyperparameter to tune: `key` from `lower` to `upper`, evenly in log (the usual choice for
/// a learning rate) or linearly. Values tried are rounded to 6 significant digits (log) or 12
/// (linear), as a sweep's are, so that a tuned spec prints short and rebuilds the same run.
public struct TuningRange: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var lower: Double
    public var upper: Double
    public var logarithmic: Bool

    public init(key: String, lower: Double, upper: Double, logarithmic: Bool) throws(SpecError) {
        // The checks of a sweep axis, which this is without a cell count.
        let axis = try SweepAxis(key: key, lower: lower, upper: upper, count: 2, logarithmic: logarithmic)
        self.key = axis.key
        self.lower = axis.lower
        self.upper = axis.upper
        self.logarithmic = axis.logarithmic
    }

    /// Parses `KEY=A:B`, `KEY=A:B:lin` or `KEY=A:B:log`.
    public init(parsing text: String) throws(SpecError) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw .invalid("bad tuning range '\(text)': expected KEY=A:B[:log], e.g. lr=1e-4:1:log")
        }
        let axis = try SweepAxis(key: String(text[..<eq]), range: String(text[text.index(after: eq)...]), count: 2)
        try self.init(key: axis.key, lower: axis.lower, upper: axis.upper, logarithmic: axis.logarithmic)
    }

    /// The value at fraction t ∈ [0, 1] of the range (in log for a log range), rounded.
    public func value(at t: Double) -> Double {
        let u = Swift.min(1, Swift.max(0, t))
        if u == 0 { return lower }
        if u == 1 { return upper }
        if logarithmic { return Rounding.significant(cExp(cLog(lower) + u * (cLog(upper) - cLog(lower))), digits: 6) }
        return Rounding.significant(lower + u * (upper - lower), digits: 12)
    }

    /// Where a value lies in the range, as a fraction (in log for a log range).
    public func fraction(of v: Double) -> Double {
        logarithmic ? (cLog(v) - cLog(lower)) / (cLog(upper) - cLog(lower)) : (v - lower) / (upper - lower)
    }

    /// `lr=0.0001:1:log`.
    public var description: String { "\(key)=\(lower.shortDescription):\(upper.shortDescription)\(logarithmic ? ":log" : "")" }
}

/// What a tuned setting is best at (smaller is better).
public enum TuningObjective: Sendable, Hashable, CustomStringConvertible {
    /// The loss at the last step, f − f* when the minimum's value is known.
    case finalLoss
    /// The distance from the last point to the nearest global minimum.
    case distance
    /// The steps until the loss first falls below the level (a run that never does is worse than
    /// any that does; among those, by final loss).
    case stepsTo(Double)
    /// The mean of f − f* over every step from the start to the step limit (a run that stops
    /// early keeps its last loss): fast and stable beats slow or wild.
    case meanLoss
    /// The steps until a stop rule held (a run that never met one is worse than any that did;
    /// among those, by final loss): a sweep's `steps` metric.
    case steps

    /// `final-loss`, `distance`, `steps-to=1e-6` or `mean-loss`.
    public init(parsing text: String) throws(SpecError) {
        switch text {
        case "final-loss": self = .finalLoss
        case "distance": self = .distance
        case "mean-loss": self = .meanLoss
        case "steps": self = .steps
        default:
            if text.hasPrefix("steps-to=") {
                let level = String(text.dropFirst("steps-to=".count))
                guard let l = Double(level), l.isFinite else {
                    throw .invalid("objective '\(text)': steps-to needs a finite loss level, e.g. steps-to=1e-6")
                }
                self = .stepsTo(l)
                return
            }
            let names = ["final-loss", "distance", "steps-to=L", "mean-loss", "steps"]
            throw .invalid("unknown objective '\(text)'" + (closestMatch(to: text, in: names).map { "; did you mean '\($0)'?" } ?? "; expected one of " + names.joined(separator: ", ")))
        }
    }

    public var description: String {
        switch self {
        case .finalLoss: "final-loss"
        case .distance: "distance"
        case let .stepsTo(l): "steps-to=\(l.shortDescription)"
        case .meanLoss: "mean-loss"
        case .steps: "steps"
        }
    }

    /// A phrase for figures: `final loss`, `steps to loss < 1e-06`.
    public var title: String {
        switch self {
        case .finalLoss: "final loss"
        case .distance: "distance to the minimum"
        case let .stepsTo(l): "steps to loss < \(l.shortDescription)"
        case .meanLoss: "mean loss over the run"
        case .steps: "steps to converge"
        }
    }
}

/// One run of a tuning: the setting (a value per range), its seed, and how it ended.
public struct TuningTrial: Sendable, Equatable {
    /// The index of the setting it belongs to (settings in the order they were tried).
    public var setting: Int
    public var values: [Double]
    public var seed: UInt64
    /// The objective (``TuningObjective``); +∞ for a diverged run, and for `steps-to` a run that
    /// never reached the level.
    public var objective: Double
    public var end: RunEnd
    /// From the last point to the nearest global minimum (NaN when none is known).
    public var distance: Double
}

/// Tunes one optimizer's hyperparameters on a surface: a deterministic search over the given
/// ranges for the setting with the best objective, with a budget of settings, each run with
/// `seeds` seeds (the setting's objective is their median). For final-loss and distance, runs
/// that meet a stop rule (the gradient-norm stop, by default) end at its noise floor, so values
/// below a floor (``floor``) count as equal, and among equal ones fewer steps win.
///
/// The search: half the budget on an even grid over the ranges (in log for log ranges; with
/// several ranges, the same count along each), then refinement: with one range, around each of
/// the grid's three best local minima, four new points a round spread across the neighbouring
/// intervals, the interval shrinking 2.5× a round; with several, a pattern search about the best
/// (±h along each range) whose step halves when no neighbour is better. Every round's runs go in parallel; results are kept
/// by index, so the trials and the choice are the same on any number of cores.
///
/// ```swift
/// let tuning = try Tuning(surface: try Surface(spec: "rosenbrock"), optimizer: try Spec(parsing: "adam"),
///                         ranges: [try TuningRange(parsing: "lr=1e-4:1:log")], objective: .finalLoss,
///                         budget: 60, start: Vector2(-2, 2), stop: StopRule(maxSteps: 500))
/// let result = tuning.run()
/// try result.configuration()   // Adam at its best learning rate
/// ```
public struct Tuning: Sendable {
    public let surface: Surface
    public let optimizer: Spec
    public let ranges: [TuningRange]
    public let objective: TuningObjective
    /// Settings to try (each run once per seed).
    public let budget: Int
    public let start: Vector2
    public let stop: StopRule
    /// Seeds per setting, `seed` … `seed` + seeds − 1 (for stochastic optimizers; 1 otherwise).
    public let seeds: Int
    public let seed: UInt64
    /// How settings are chosen.
    public let search: Search

    /// How a tuning chooses its settings.
    public enum Search: Sendable, Hashable {
        /// Half the budget on an even grid, the rest refining around the best (see ``Tuning``).
        case adaptive
        /// Every point of an even grid and nothing else: `budget` settings along one range,
        /// ⌊budget^(1/d)⌋ along each of d ranges. What a one-key sweep draws, and the
        /// exhaustive reference an adaptive search is measured against.
        case grid
    }

    /// The most settings a tuning may try.
    public static let maximumBudget = 100_000

    /// Checks everything before any run: the keys are distinct numeric parameters of the
    /// optimizer that its spec leaves out, both ends of every range are valid settings, and the
    /// objective can be measured here (distance needs a known minimum).
    public init(surface: Surface, optimizer: Spec, ranges: [TuningRange], objective: TuningObjective, budget: Int,
                start: Vector2, stop: StopRule, seeds: Int = 1, seed: UInt64 = 0, search: Search = .adaptive) throws(SpecError) {
        try Self.check(ranges: ranges, of: optimizer, budget: budget, seeds: seeds)
        if objective == .distance && !surface.minima.contains(where: { $0.kind == .globalMinimum }) {
            throw .invalid("objective distance needs a known global minimum, and \(surface.name) has none; use final-loss")
        }
        self.surface = surface
        self.optimizer = optimizer
        self.ranges = ranges
        self.objective = objective
        self.budget = budget
        self.start = start
        self.stop = stop
        self.seeds = seeds
        self.seed = seed
        self.search = search
        for t in [0.0, 1.0] { try configuration(ranges.map { $0.value(at: t) }).validate(for: surface) }
    }

    /// The optimizer at a setting (a value per range).
    public func configuration(_ values: [Double]) throws(SpecError) -> OptimizerConfiguration {
        try OptimizerCatalog.standard.configuration(for: Self.spec(optimizer, ranges: ranges, at: values))
    }

    /// The spec of `optimizer` with each range's key set to its value.
    public static func spec(_ optimizer: Spec, ranges: [TuningRange], at values: [Double]) -> Spec {
        var s = optimizer
        for (r, v) in zip(ranges, values) { s.arguments.append(Spec.Argument(key: r.key, value: v.shortDescription)) }
        return s
    }

    /// The checks of any tuning, before a run: ranges given, each key once, each a numeric
    /// parameter of the optimizer that its spec leaves out; a budget and seeds in bounds.
    public static func check(ranges: [TuningRange], of optimizer: Spec, budget: Int, seeds: Int) throws(SpecError) {
        guard !ranges.isEmpty else { throw .invalid("nothing to tune: give a range such as lr=1e-4:1:log") }
        guard (1...maximumBudget).contains(budget) else { throw .invalid("a tuning budget is 1 to \(maximumBudget) settings, got \(budget)") }
        guard seeds >= 1 else { throw .invalid("a tuning needs at least one seed") }
        guard Set(ranges.map(\.key)).count == ranges.count else { throw .invalid("a key is tuned twice; give each range once") }
        guard let entry = OptimizerCatalog.standard.entries.first(where: { $0.name == optimizer.name }) else {
            throw .unknownName(kind: "optimizer", name: optimizer.name, known: OptimizerCatalog.standard.names)
        }
        for r in ranges {
            if optimizer[r.key] != nil { throw .invalid("'\(r.key)' is tuned, so leave it out of the optimizer spec '\(optimizer)'") }
            guard let info = entry.parameters.first(where: { $0.name == r.key }) else {
                throw .unknownKey(kind: "optimizer", name: optimizer.name, key: r.key, known: entry.parameters.map(\.name))
            }
            if case .text = info.defaultValue { throw .invalid("'\(r.key)' of optimizer '\(optimizer.name)' is not a number and cannot be tuned") }
        }
    }

    /// One run's objective, and its tie-breaker (the final loss).
    func trial(_ values: [Double], setting: Int, seed: UInt64) -> TuningTrial {
        let floor = surface.globalMinimumValue ?? 0
        guard let configuration = try? configuration(values) else {
            return TuningTrial(setting: setting, values: values, seed: seed, objective: .infinity,
                               end: RunEnd(steps: 0, outcome: .diverged, point: start, loss: .nan, gradient: Vector2(.nan, .nan)), distance: .nan)
        }
        let runner = Runner(surface: surface, optimizer: configuration, seed: seed)
        var rule = stop
        if case let .stepsTo(level) = objective { rule.loss = Swift.min(rule.loss ?? .infinity, level) }
        var end: RunEnd
        var value: Double
        if objective == .meanLoss {
            let path = runner.run(from: start, stop: rule)
            end = RunEnd(steps: path.stepCount, outcome: path.outcome, point: path.end, loss: path.finalLoss, gradient: Vector2(.nan, .nan))
            var sum = 0.0
            for l in path.losses { sum += l - floor }
            sum += Double(Swift.max(0, rule.maxSteps + 1 - path.losses.count)) * (path.finalLoss - floor)
            value = sum / Double(rule.maxSteps + 1)
        } else {
            end = runner.end(from: start, stop: rule)
            value = end.loss - floor
        }
        var distance = Double.nan
        for m in surface.minima where m.kind == .globalMinimum { distance = Swift.min(distance.isNaN ? .infinity : distance, (end.point - m.point).norm) }
        switch objective {
        case .finalLoss, .meanLoss: break
        case .distance: value = distance
        case let .stepsTo(level): value = end.loss < level ? Double(end.steps) : .infinity
        case .steps: value = end.outcome == .converged ? Double(end.steps) : .infinity
        }
        if end.outcome == .diverged || !value.isFinite { value = .infinity }
        return TuningTrial(setting: setting, values: values, seed: seed, objective: value, end: end, distance: distance)
    }

    /// Runs the search. Every trial is kept, in the order tried.
    public func run() -> TuningResult {
        // A setting's score: the median objective over its seeds. Its rank: for final-loss and
        // distance, a setting whose runs mostly met a stop rule ranks ahead, by its median steps
        // (their final losses sit at the stop rule's noise floor, where comparing them would
        // pick noise); then by the objective, then by the median final loss.
        let found = TuningSearch.run(ranges: ranges, budget: budget, seeds: seeds, search: search, floor: floor,
                                     trial: { values, setting, k in trial(values, setting: setting, seed: seed + UInt64(k)) },
                                     score: { score($0).rank },
                                     objective: { mine in Self.median(mine.map(\.objective)) })
        return TuningResult(tuning: self, settings: found.settings, scores: found.scores, trials: found.trials, best: found.best,
                            gridCount: found.gridCount, erratic: found.erratic)
    }

    /// A setting's rank: the objective, floored at the noise a stop rule leaves (for final-loss,
    /// 10⁻¹⁰ of the loss to go at the start; for distance, 10⁻⁶ of the view), then the median
    /// steps (final-loss, distance: equal results, sooner is better) or the median final loss.
    public typealias Rank = (first: Double, second: Double)

    /// The level below which objectives count as equal: the noise a stop rule leaves (final-loss:
    /// 10⁻¹⁰·(1 + f(start) − f*); distance: 10⁻⁶ of the view's longer side; otherwise 0).
    public var floor: Double {
        switch objective {
        case .finalLoss: 1e-10 * (1 + abs(surface.value(at: start) - (surface.globalMinimumValue ?? 0)))
        case .distance: 1e-6 * Swift.max(surface.domain.width, surface.domain.height)
        case .stepsTo, .meanLoss, .steps: 0
        }
    }

    /// A setting's score from its trials (one per seed): the median objective and median final
    /// loss, and its rank.
    func score(_ mine: ArraySlice<TuningTrial>) -> (score: (objective: Double, loss: Double), rank: Rank) {
        let score = (Self.median(mine.map(\.objective)), Self.median(mine.map { $0.end.loss.isNaN ? .infinity : $0.end.loss }))
        switch objective {
        case .finalLoss, .distance:
            return (score, (Swift.max(score.0, floor), Self.median(mine.map { Double($0.end.steps) })))
        case .stepsTo, .meanLoss, .steps:
            return (score, (score.0, score.1))
        }
    }

    /// The rank of one setting, run for every seed (what the search compares; for tests and
    /// exhaustive comparisons).
    public func rank(of values: [Double]) -> Rank {
        let trials = (0..<seeds).map { trial(values, setting: 0, seed: seed + UInt64($0)) }
        return score(trials[...]).rank
    }

    /// Whether rank a is better than rank b: the smaller objective, then the smaller second value.
    public static func precedes(_ a: Rank, _ b: Rank) -> Bool {
        (a.first, a.second) < (b.first, b.second)
    }

    /// The median, the mean of the middle two for an even count (∞ kept: a setting that diverged
    /// for most seeds scores ∞).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .infinity }
        let m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] == sorted[m] ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2)
    }
}

/// The search ``Tuning`` runs, for any kind of trial: a network's training (`NetTuning` in
/// Networks) searches the same way.
public enum TuningSearch {
    /// What a search found: the settings in the order tried, every trial, each setting's score,
    /// the best setting, how many made the grid, and how erratic the objective is
    /// (``TuningResult/erratic``).
    public struct Found<Trial: Sendable>: Sendable {
        public var settings: [[Double]]
        public var trials: [Trial]
        public var scores: [Double]
        public var best: Int
        public var gridCount: Int
        public var erratic: Double
    }

    /// Searches `ranges` for the setting whose trials rank best: `trial(values, setting, k)`
    /// runs setting `values` (the `setting`-th tried) with its k-th seed, `rank` orders a
    /// setting's trials (smaller is better, ``Tuning/precedes(_:_:)``) and `objective` is the
    /// score reported for them. The search is ``Tuning``'s: an even grid, then successive
    /// halving (one range) or a pattern search (several). Each round's trials run in parallel
    /// over the cores; results are kept by index, so the outcome is the same on any number.
    public static func run<Trial: Sendable>(ranges: [TuningRange], budget: Int, seeds: Int, search: Tuning.Search, floor: Double,
                                            trial: @escaping @Sendable (_ values: [Double], _ setting: Int, _ seed: Int) -> Trial,
                                            score: (ArraySlice<Trial>) -> Tuning.Rank,
                                            objective: (ArraySlice<Trial>) -> Double) -> Found<Trial> {
        typealias Rank = Tuning.Rank
        var settings: [[Double]] = []
        var seen = Set<[Double]>()
        var trials: [Trial] = []
        var scores: [Double] = []
        var ranks: [Rank] = []
        func evaluate(_ batch: [[Double]]) {
            let fresh = batch.filter { seen.insert($0).inserted }.prefix(budget - settings.count)
            guard !fresh.isEmpty else { return }
            let first = settings.count
            settings += fresh
            let jobs = fresh.count * seeds
            nonisolated(unsafe) var out = [Trial?](repeating: nil, count: jobs)
            let values = Array(fresh)
            out.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                DispatchQueue.concurrentPerform(iterations: jobs) { k in
                    slots[k] = trial(values[k / seeds], first + k / seeds, k % seeds)
                }
            }
            let done = out.compactMap { $0 }
            trials += done
            for s in 0..<fresh.count {
                let mine = done[(s * seeds)..<((s + 1) * seeds)]
                scores.append(objective(mine))
                ranks.append(score(mine))
            }
        }
        func bestIndex() -> Int? {
            var best: Int?
            for k in ranks.indices {
                guard let b = best else { best = k; continue }
                if Tuning.precedes(ranks[k], ranks[b]) { best = k }
            }
            return best
        }
        let d = ranges.count
        // The grid: half the budget (at least 2 a range, at most the budget), or all of it.
        let gridBudget = search == .grid ? budget : budget / 2
        let perAxis = Swift.max(2, Int((cPow(Double(Swift.max(2, gridBudget)), 1 / Double(d)) + 1e-9).rounded(.down)))
        var grid: [[Double]] = [[]]
        for r in ranges {
            grid = grid.flatMap { prefix in (0..<perAxis).map { prefix + [r.value(at: Double($0) / Double(perAxis - 1))] } }
        }
        evaluate(grid)
        let gridCount = settings.count
        // Along the last range (the grid's fastest), how many settings are isolated highs or lows.
        var isolated = 0, interior = 0
        if gridCount == grid.count {
            for k in 0..<gridCount where k % perAxis != 0 && k % perAxis != perAxis - 1 {
                let (a, b, c) = (Swift.max(scores[k - 1], floor), Swift.max(scores[k], floor), Swift.max(scores[k + 1], floor))
                interior += 1
                if (b * 1.05 < a && b * 1.05 < c) || (b > a * 1.05 && b > c * 1.05) { isolated += 1 }
            }
        }
        let erratic = interior > 0 ? Double(isolated) / Double(interior) : 0
        if search == .grid {
            return Found(settings: settings, trials: trials, scores: scores, best: bestIndex() ?? 0, gridCount: gridCount, erratic: erratic)
        }
        // Refinement, in fractions of each range.
        var h = 1 / Double(perAxis - 1)
        if d == 1 {
            // Successive halving over intervals: each round bisects (in log for a log range) the
            // most promising of the intervals between neighbouring settings tried, those whose
            // better end ranks best, half as many as the round before (the grid's intervals / 2,
            // / 4, …, at least one). The objective against a learning rate has several basins and,
            // where runs are chaotic, isolated good settings: the first rounds spread over every
            // promising region, the last ones go deep around the very best.
            var take = Swift.max(2, (gridCount - 1) / 2)
            var rounds = 0
            while settings.count < budget && rounds < 10_000 {
                rounds += 1
                let order = settings.indices.sorted { settings[$0][0] < settings[$1][0] }
                var intervals: [(left: Int, right: Int, width: Double)] = []
                for k in 0..<(order.count - 1) {
                    let l = order[k], r = order[k + 1]
                    let width = ranges[0].fraction(of: settings[r][0]) - ranges[0].fraction(of: settings[l][0])
                    if width > 1e-9 { intervals.append((l, r, width)) }
                }
                guard !intervals.isEmpty else { break }
                func better(_ i: (left: Int, right: Int, width: Double)) -> Rank {
                    Tuning.precedes(ranks[i.left], ranks[i.right]) ? ranks[i.left] : ranks[i.right]
                }
                let chosen = intervals.indices.sorted { x, y in
                    let a = better(intervals[x]), b = better(intervals[y])
                    if Tuning.precedes(a, b) { return true }
                    if Tuning.precedes(b, a) { return false }
                    return intervals[x].width != intervals[y].width ? intervals[x].width > intervals[y].width : x < y
                }.prefix(Swift.min(take, budget - settings.count))
                let count = settings.count
                evaluate(chosen.map { i in
                    let m = (ranges[0].fraction(of: settings[intervals[i].left][0]) + ranges[0].fraction(of: settings[intervals[i].right][0])) / 2
                    return [ranges[0].value(at: m)]
                })
                // Midpoints that round onto a setting already tried add nothing: the intervals are
                // as fine as the values' 6 digits allow.
                if settings.count == count { break }
                take = Swift.max(2, take / 2)
            }
        } else {
            var rounds = 0
            while settings.count < budget && h > 1e-9 && rounds < 200 {
                rounds += 1
                guard let b = bestIndex() else { break }
                let centre = zip(ranges, settings[b]).map { $0.fraction(of: $1) }
                let before = ranks[b]
                var batch: [[Double]] = []
                for axis in 0..<d {
                    for sign in [-1.0, 1.0] {
                        var p = centre
                        p[axis] += sign * h
                        batch.append(zip(ranges, p).map { $0.value(at: $1) })
                    }
                }
                let count = settings.count
                evaluate(batch)
                if let now = bestIndex(), now == b || !Tuning.precedes(ranks[now], before) { h /= 2 }
                if settings.count == count { h /= 2 }
            }
        }
        return Found(settings: settings, trials: trials, scores: scores, best: bestIndex() ?? 0, gridCount: gridCount, erratic: erratic)
    }

}

/// A finished tuning: every setting tried with its score, every trial, and the best setting.
public struct TuningResult: Sendable {
    public let tuning: Tuning
    /// Settings in the order tried: a value per range.
    public let settings: [[Double]]
    /// Each setting's objective: the median over its seeds (+∞: diverged or never reached).
    public let scores: [Double]
    public let trials: [TuningTrial]
    /// The index of the best setting.
    public let best: Int
    /// How many of the settings, from the first, made the even grid (the rest refined it).
    public let gridCount: Int
    /// How erratic the objective is: the fraction of the grid's interior settings (along its
    /// last range) that are isolated highs or lows, better or worse than both neighbours by more
    /// than 5%. A smooth objective has almost none; where runs are chaotic (GD on Rastrigin,
    /// 30%) the best setting is a lucky one that another grid would miss, and the best
    /// objective depends on which settings are tried as much as on the optimizer.
    public let erratic: Double
    /// Whether at least a tenth of the grid's settings are isolated (``erratic``).
    public var isErratic: Bool { erratic >= 0.1 }

    public var bestValues: [Double] { settings[best] }
    public var bestObjective: Double { scores[best] }

    /// The optimizer at its best setting (every setting tried lies in ranges whose ends were
    /// checked when the tuning was made).
    public func configuration() throws(SpecError) -> OptimizerConfiguration {
        try tuning.configuration(bestValues)
    }

    /// The optimizer's spec at its best setting, e.g. `adam:lr=0.0316228`.
    public var spec: String { Tuning.spec(tuning.optimizer, ranges: tuning.ranges, at: bestValues).description }

    /// Settings sorted along the first range, with their scores: the sensitivity curve.
    public var curve: [(values: [Double], score: Double)] {
        zip(settings, scores).map { ($0, $1) }.sorted { a, b in
            a.values.lexicographicallyPrecedes(b.values)
        }
    }
}

/// A published tuning protocol, reproduced for any of our optimizers: where runs start, how long
/// the search's runs and the drawn race are, the clipping, the objective, the budget and the
/// learning-rate range.
///
/// ``pytorchOptimizer`` is the protocol of pytorch-optimizer's `examples/viz_optimizers.py`,
/// whose Rosenbrock and Rastrigin figures are the most-cited optimizer visualizations: the
/// learning rate drawn log-uniformly from [e⁻⁸, e^0.5] (SGD: [e⁻⁸, e⁻¹]) by hyperopt's TPE, 200
/// evaluations, each 100 steps from (−2, 2) on Rosenbrock or (−2, 3.5) on Rastrigin with the
/// gradient clipped to norm 1, scored by the squared distance from the last point to the
/// minimum (the distance here: the same order); the figure then runs 500 steps.
///
/// ```swift
/// let p = TuningProtocol.pytorchOptimizer
/// let rosenbrock = try Surface(spec: "rosenbrock")
/// let tuning = try p.tuning(surface: rosenbrock, optimizer: try Spec(parsing: "adam"))
/// let best = try tuning.run().configuration()     // Adam at its lr, clip=1
/// ```
public struct TuningProtocol: Sendable {
    public var name: String
    /// The surfaces it is defined on, each with its start and its figure's view.
    public var surfaces: [(name: String, start: Vector2, view: Domain)]
    /// Steps of each search run, and of the drawn race.
    public var searchSteps: Int
    public var steps: Int
    /// The gradient norm each step is clipped to (the `clip` key).
    public var clip: Double
    public var objective: TuningObjective
    public var budget: Int

    /// The learning-rate range for an optimizer: the protocol's SGD range for the SGD family
    /// (gd, sgd, momentum, nesterov), its Adam range for the others.
    public var range: @Sendable (_ optimizer: String) -> TuningRange

    public static let pytorchOptimizer = TuningProtocol(
        name: "pytorch-optimizer",
        surfaces: [("rosenbrock", Vector2(-2, 2), Domain(xmin: -2, xmax: 2, ymin: -1, ymax: 3)),
                   ("rastrigin", Vector2(-2, 3.5), Domain(xmin: -4.5, xmax: 4.5, ymin: -4.5, ymax: 4.5))],
        searchSteps: 100, steps: 500, clip: 1, objective: .distance, budget: 200,
        range: { name in
            let sgdFamily = ["gd", "sgd", "momentum", "nesterov"].contains(name)
            // Both ends are valid (positive, ordered) ranges, so this cannot throw.
            return (try? TuningRange(key: "lr", lower: Rounding.significant(cExp(-8), digits: 6),
                                     upper: Rounding.significant(cExp(sgdFamily ? -1 : 0.5), digits: 6), logarithmic: true))
                ?? TuningRange.fallback
        })

    /// Every protocol the command line knows, by name.
    public static let all = [pytorchOptimizer]

    /// The protocol's start on a surface, or an error naming the surfaces it is defined on.
    public func start(on surface: Surface) throws(SpecError) -> Vector2 {
        guard let entry = surfaces.first(where: { $0.name == surface.name }), surface.parameters.allSatisfy({ $0.value == $0.defaultValue }) else {
            throw .invalid("the \(name) protocol is defined on " + surfaces.map(\.name).joined(separator: " and ") + " with their default parameters, not on \(surface.spec)")
        }
        return entry.start
    }

    /// The protocol's tuning of one optimizer on a surface (its search runs: ``searchSteps``
    /// steps, no stop rule, the gradient clipped; the spec must leave `lr` and `clip` out). An
    /// objective or a search length given replaces the protocol's: the same search, scored by
    /// what the race shows (`.finalLoss` after ``steps``) rather than by a proxy.
    public func tuning(surface: Surface, optimizer: Spec, objective: TuningObjective? = nil, searchSteps: Int? = nil) throws(SpecError) -> Tuning {
        var spec = optimizer
        if spec["clip"] != nil { throw .invalid("the \(name) protocol clips gradients at \(clip.shortDescription); leave clip out of '\(optimizer)'") }
        spec.arguments.append(Spec.Argument(key: "clip", value: clip.shortDescription))
        return try Tuning(surface: surface, optimizer: spec, ranges: [range(optimizer.name)], objective: objective ?? self.objective, budget: budget,
                          start: try start(on: surface), stop: StopRule(maxSteps: searchSteps ?? self.searchSteps))
    }
}

extension TuningRange {
    /// lr ∈ [10⁻⁴, 1] in log: the default range, and what a protocol falls back on.
    public static let fallback: TuningRange = {
        guard let r = try? TuningRange(key: "lr", lower: 1e-4, upper: 1, logarithmic: true) else { preconditionFailure("lr=1e-4:1:log is a valid range") }
        return r
    }()
}
