import CairoRenderer
import Dispatch
import Landscapes
import Plotting
import Trajectories

extension Scene {
    /// The `tune:` part of a figure: tune each optimizer's hyperparameters first, then draw the
    /// race at their best (or, with `layout: sensitivity`, the objective against the first
    /// tuned key). What `landscape tune` takes as options.
    struct TuneSpec {
        /// `KEY=A:B[:log]` each; empty: `lr=1e-4:1:log`.
        var ranges: [String] = []
        var budget = 200
        /// Nil: final loss, or a protocol's own.
        var objective: TuningObjective?
        /// Steps of each search run; nil: the figure's `steps`.
        var searchSteps: Int?
        /// Gradient clipping for every optimizer (the `clip` key).
        var clip: Double?
        /// A learning-rate schedule for every optimizer: `cosine`, `step:step_size=100,gamma=0.5`.
        var schedule: String?
        /// A published protocol (`TuningProtocol`), which fixes the start, steps, clipping,
        /// objective, budget and ranges.
        var protocolName: String?
        /// The sensitivity curves instead of the race.
        var sensitivity = false
        /// Every point of an even grid of `budget` values and nothing else (a one-key sweep).
        var exhaustive = false
    }
}

/// A finished tuning as a figure job holds it: every optimizer's result, its tuned
/// configuration and label, and the protocol in a line.
struct TuneOutcome: Sendable {
    var results: [TuningResult]
    var tuned: [OptimizerConfiguration]
    var labels: [String]
    var protocolText: String
    var seconds: Double
    var surface: Surface
    var start: Vector2
    /// The race's stop rule (the search's runs use each tuning's own).
    var stop: StopRule
    /// How each tuned optimizer's race ends.
    var raceEnds: [RunEnd]
}

/// What `tune:` figures and `landscape tune` (and a one-key `landscape sweep`) share: the
/// tunings a figure asks for, checked before any run, and run.
enum TuneSetup {
    /// The most runs × steps one figure's tunings may take, checked before any run: a sweep's
    /// limit (`Limits.sweepSteps`, about 20 s on two cores), a stochastic step counting as
    /// `Limits.stochasticStepCost` full ones.
    static let maximumWork = Double(Limits.sweepSteps)

    /// The tunings of `spec` (whose `tune` is `t`), run; `spec` becomes the race at the tuned
    /// settings: its optimizers, start, steps, stop rules, view and subtitle.
    /// Messages name the command's options (`commandLine`) or the scene's keys.
    static func run(_ t: Scene.TuneSpec, spec: inout Scene.FigureSpec, commandLine: Bool) throws(CommandError) -> TuneOutcome {
        let context = commandLine ? "" : "figure '\(spec.name)': "
        func fail(_ message: String) -> CommandError { .usage("\(context)\(message)") }
        func option(_ flag: String, _ key: String) -> String { commandLine ? flag : "'\(key)'" }
        guard spec.surfaces.count == 1 else { throw fail("a tuning needs one surface") }
        let chosen: TuningProtocol? = try t.protocolName.map { name throws(CommandError) in
            guard let p = TuningProtocol.all.first(where: { $0.name == name }) else {
                throw fail(Arguments.unknown("protocol", name, among: TuningProtocol.all.map(\.name)))
            }
            return p
        }
        var surface = try FigureJob.surface(spec.surfaces[0], spec)
        guard surface.dimension == 2 else { throw fail("a tuning runs over the plane; \(surface.name) is a curve") }
        var start = surface.defaultStart
        if let chosen {
            do { start = try chosen.start(on: surface) } catch { throw fail(error.description) }
            if spec.viewDomain == nil, let view = chosen.surfaces.first(where: { $0.name == surface.name })?.view {
                spec.viewDomain = view
                surface.domain = view
            }
            spec.steps = chosen.steps
            spec.stopGrad = nil
            spec.stopLoss = nil
        } else if let p = spec.starts.first {
            guard spec.starts.count == 1, p.count == 2 else { throw fail("a tuning runs from one start of two numbers") }
            start = Vector2(p[0], p[1])
        }
        let objective = t.objective ?? chosen?.objective ?? .finalLoss
        var ranges: [TuningRange] = []
        for text in t.ranges.isEmpty ? ["lr=1e-4:1:log"] : t.ranges {
            do { ranges.append(try TuningRange(parsing: text)) } catch { throw fail("\(option("--tune", "tune.ranges")): \(error.description)") }
        }
        // The schedule's keys, added to every optimizer.
        var scheduleArguments: [Spec.Argument] = []
        if let text = t.schedule {
            let parsed: Spec
            do throws(SpecError) { parsed = try Spec(parsing: text) } catch { throw fail("\(option("--schedule", "tune.schedule")): \(error.description)") }
            scheduleArguments = [Spec.Argument(key: "schedule", value: parsed.name)] + parsed.arguments
        }
        let race = StopRule(maxSteps: spec.steps, loss: spec.stopLoss, gradientNorm: spec.stopGrad)
        var search = race
        search.maxSteps = t.searchSteps ?? chosen?.searchSteps ?? spec.steps
        let given = spec.optimizers
        let texts = given.isEmpty ? (surface.starts.first?.optimizers ?? ["gd"]) : given
        var tunings: [Tuning] = []
        for text in texts {
            var base: Spec
            do { base = try Spec(parsing: text) } catch { throw fail(error.description) }
            // A surface's suggestion carries its learning rate; the tuned keys are left out.
            let tunedKeys = chosen.map { [$0.range(base.name).key] } ?? ranges.map(\.key)
            if given.isEmpty { base.arguments.removeAll { a in tunedKeys.contains(a.key) } }
            for a in scheduleArguments {
                guard base[a.key] == nil else { throw fail("\(option("--schedule", "tune.schedule")) sets \(a.key), and so does '\(text)'; give it once") }
                base.arguments.append(a)
            }
            if chosen == nil, let clip = t.clip {
                guard base["clip"] == nil else { throw fail("\(option("--clip", "tune.clip")) sets clip, and so does '\(text)'; give it once") }
                base.arguments.append(Spec.Argument(key: "clip", value: clip.shortDescription))
            }
            do {
                if let chosen {
                    tunings.append(try chosen.tuning(surface: surface, optimizer: base, objective: t.objective, searchSteps: t.searchSteps))
                } else {
                    tunings.append(try Tuning(surface: surface, optimizer: base, ranges: ranges, objective: objective, budget: t.budget,
                                              start: start, stop: search, seeds: spec.seeds, seed: spec.seed, search: t.exhaustive ? .grid : .adaptive))
                }
            } catch { throw fail(error.description) }
        }
        let budget = tunings.first?.budget ?? t.budget
        let work = Double(tunings.count) * Double(budget) * Double(spec.seeds) * Double(search.maxSteps + 1)
        // A stochastic step (a shuffled sample or mini-batch) costs about five full ones.
        let stochastic = tunings.contains { tuning in
            (try? tuning.configuration(tuning.ranges.map(\.lower))).map { Runner(surface: surface, optimizer: $0).isStochastic } ?? false
        }
        let allowed = maximumWork / (stochastic ? Double(Limits.stochasticStepCost) : 1)
        guard work <= allowed else {
            let seeds = spec.seeds == 1 ? "" : " × \(spec.seeds) seeds"
            let what = t.exhaustive ? (commandLine ? "--cells or --steps" : "the values or steps")
                : commandLine ? "--budget, --seeds or --search-steps" : "'tune.budget', 'seeds' or 'tune.search_steps'"
            throw fail("\(tunings.count) optimizer\(tunings.count == 1 ? "" : "s") × \(budget) \(t.exhaustive ? "values" : "settings")\(seeds) × \(search.maxSteps) steps is \(Limits.describeCount(work)) steps; at most \(Limits.describeCount(allowed))\(stochastic ? " with a stochastic optimizer" : ""): lower \(what)")
        }

        let started = DispatchTime.now().uptimeNanoseconds
        let results = tunings.map { $0.run() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var tuned: [OptimizerConfiguration] = []
        for r in results {
            do { tuned.append(try r.configuration()) } catch { throw .failure(error.description) }
        }
        var labels = tuned.map(\.label)
        if t.exhaustive {
            // A sweep's curves are named by the optimizer as given, not by a best setting.
            labels = results.map { r in (try? r.tuning.configuration([r.tuning.ranges[0].lower]).displayName) ?? r.tuning.optimizer.name }
            if Set(labels).count < labels.count { labels = results.map(\.tuning.optimizer.description) }
        }
        let raceEnds = tuned.map { Runner(surface: surface, optimizer: $0, seed: spec.seed).end(from: start, stop: race) }
        spec.optimizers = tuned.map(\.spec.description)
        spec.starts = [[start.x, start.y]]
        let text = t.exhaustive ? sweepText(results, steps: search.maxSteps) : protocolText(results: results, steps: spec.steps, protocolName: chosen?.name)
        if spec.subtitle == nil { spec.subtitle = text }
        return TuneOutcome(results: results, tuned: tuned, labels: labels, protocolText: text, seconds: seconds, surface: surface, start: start, stop: race,
                           raceEnds: raceEnds)
    }

    /// The protocol in a line: `tuned lr ∈ [0.0001, 1] (log), 200 settings each, by final loss
    /// after 500 steps`, with the race's steps when the search ran fewer, the clipping, and the
    /// seeds.
    static func protocolText(results: [TuningResult], steps: Int, protocolName: String?) -> String {
        guard let t = results.first?.tuning else { return "" }
        // One range per optimizer when they differ (a protocol's SGD and Adam ranges).
        var rangeTexts: [String] = []
        for r in results.flatMap(\.tuning.ranges) {
            let text = rangeText(r)
            if !rangeTexts.contains(text) { rangeTexts.append(text) }
        }
        let searchSteps = t.stop.maxSteps
        let scored = t.objective == .meanLoss ? "by the mean loss over \(searchSteps) steps" : "by \(t.objective.title) after \(searchSteps) steps"
        var text = (protocolName.map { "\($0) protocol: " } ?? "") + "tuned " + rangeTexts.joined(separator: " or ")
            + ", \(t.budget) settings each, \(scored)"
        if searchSteps != steps { text += "; race \(steps) steps" }
        if let c = t.optimizer["clip"] { text += "; gradients clipped at \(c)" }
        if t.seeds > 1 { text += "; median of \(t.seeds) seeds" }
        return text
    }

    /// A one-key sweep in a line: `200 values of lr ∈ [0.0001, 1] (log), 1000 steps each`.
    static func sweepText(_ results: [TuningResult], steps: Int) -> String {
        guard let t = results.first?.tuning, let r = t.ranges.first else { return "" }
        return "\(t.budget) values of \(rangeText(r)), \(steps) steps each"
    }

    /// `lr ∈ [0.0001, 1] (log)`.
    static func rangeText(_ r: TuningRange) -> String {
        "\(r.key) ∈ [\(TickFormat.number(r.lower)), \(TickFormat.number(r.upper))]\(r.logarithmic ? " (log)" : "")"
    }

    /// The sensitivity curves of a finished tuning at a layout size, checked.
    static func sensitivityFigure(_ outcome: TuneOutcome, spec: Scene.FigureSpec, size: (width: Int, height: Int)) throws(CommandError) -> SensitivityFigure {
        let key = outcome.results.first?.tuning.ranges.first?.key ?? "lr"
        var figure = SensitivityFigure(outcome.results, labels: outcome.labels, style: spec.style,
                                       title: spec.title ?? "\(outcome.surface.spec): sensitivity to \(key)")
        let minimum = SensitivityFigure.minimumSize
        guard Double(size.width) >= minimum.width, Double(size.height) >= minimum.height else {
            throw .usage("\(spec.commandLine ? "" : "figure '\(spec.name)': ")\(FigureJob.shown(size, spec.style.spacing)) is too small for the sensitivity layout; the smallest size that works is \(FigureJob.shownMinimum(minimum, spec.style.spacing))")
        }
        (figure.width, figure.height) = (Double(size.width), Double(size.height))
        figure.subtitle = spec.subtitle
        // The objective at the start: a setting scoring worse made no progress.
        if let objective = outcome.results.first?.tuning.objective, objective == .finalLoss || objective == .meanLoss {
            figure.ceiling = outcome.surface.value(at: outcome.start) - (outcome.surface.globalMinimumValue ?? 0)
        }
        if outcome.results.first?.tuning.search == .grid { figure.starName = "best value" }
        figure.floor = outcome.results.first?.tuning.floor
        if let x = spec.xLabel { figure.xLabel = x }
        if let y = spec.yLabel { figure.yLabel = y }
        return figure
    }

    /// One row per trial: optimizer, setting index, each tuned key, seed, objective, outcome,
    /// steps, final loss, distance; `inf` for +∞.
    static func reportCSV(_ results: [TuningResult]) -> String {
        guard let keys = results.first?.tuning.ranges.map(\.key) else { return "" }
        var out = "optimizer,setting," + keys.joined(separator: ",") + ",seed,objective,outcome,steps,final_loss,distance\n"
        for r in results {
            let name = r.tuning.optimizer.description
            for t in r.trials {
                out += "\"\(name)\",\(t.setting)," + t.values.map(\.shortDescription).joined(separator: ",") + ",\(t.seed),"
                out += (t.objective.isFinite ? t.objective.shortDescription : "inf") + ",\(t.end.outcome.rawValue),\(t.end.steps),"
                out += t.end.loss.shortDescription + "," + t.distance.shortDescription + "\n"
            }
        }
        return out
    }
}

/// Where tuning commands write: a report's format from its name, and a file written whole
/// (or, for `-`, to standard output), noted in the summary.
enum TuneOutput {
    /// `csv` or `json` from a `--report` path (`-`: CSV on standard output).
    static func reportFormat(_ path: String?) throws(CommandError) -> String? {
        guard let path else { return nil }
        if path == "-" { return "csv" }
        let name = FilePath.name(of: path)
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        guard ext == "csv" || ext == "json" else { throw .usage("cannot tell the format of '\(path)': --report takes .csv or .json") }
        return ext
    }

    /// Writes `bytes` to `path` atomically, or to standard output for `-`; a file written is
    /// added to `summary` unless `quiet`.
    static func write(_ bytes: [UInt8], to path: String, quiet: Bool, summary: inout String) throws(CommandError) {
        if path == "-" { try Console.out(bytes); return }
        try AtomicFile.write(bytes, to: path)
        if !quiet { summary += "wrote \(path)\n" }
    }
}
