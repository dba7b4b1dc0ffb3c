import ArgumentParser
import CairoRenderer
import Dispatch
import Foundation
import Landscapes
import Plotting
import Trajectories

/// `landscape tune`: every optimizer at its best setting under one budget and objective, and
/// the race between them with the protocol on the figure.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Tune each optimizer's hyperparameters, then race them at their best.",
        discussion: """
            For each optimizer, a deterministic search over the --tune ranges (default: \
            lr=1e-4:1:log) tries --budget settings: half on an even grid (in log for log ranges), \
            the rest refining around the best so far. Each setting runs from the start for \
            --steps steps under the stop rules, once per seed (--seeds K: the median counts); the \
            setting with the smallest --objective wins (final-loss: f − f* at the end; distance: \
            to the nearest global minimum; steps-to=L: steps until the loss is below L; \
            mean-loss: f − f* averaged over every step). Diverged runs are data: +∞, marked in \
            the report and on the figure. Layouts: race (the tuned runs with the loss per step; \
            the subtitle states the protocol) or sensitivity (the objective against the first \
            tuned key for each optimizer, tuned settings starred, diverged ones on the top edge). --report writes every trial \
            (.csv or .json). The same inputs give the same bytes on any number of cores.

            Examples:
              $ landscape tune rosenbrock --optimizer gd --optimizer momentum \\
                  --optimizer adam --start -2,2 --steps 500 --out rosenbrock-tuned.png
              $ landscape tune ravine --optimizer gd --optimizer adam \\
                  --layout sensitivity --out ravine-sensitivity.svg --report trials.csv
              $ landscape tune rastrigin --optimizer adam --tune lr=1e-3:1:log \\
                  --tune beta1=0:0.99 --budget 200 --objective distance --out r.png
            """
    )

    @Argument(help: "The surface spec, e.g. rosenbrock.", completion: Completions.surfaces)
    var surface: String?

    @OptionGroup var expression: ExpressionOptions
    @OptionGroup var domainOption: DomainOption

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "An optimizer spec without the tuned keys; repeat for several (default: the surface's suggestions).", completion: Completions.optimizers)
    var optimizer: [String] = []

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "A key to tune and its range, KEY=A:B or KEY=A:B:log; repeat for several (default: lr=1e-4:1:log).")
    var tune: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Settings to try per optimizer (each run once per seed).")
    var budget: String = "100"

    @Option(name: .long, parsing: .unconditional, help: "final-loss, distance, steps-to=L or mean-loss.")
    var objective: String = "final-loss"

    @Option(name: .long, parsing: .unconditional, help: "Seeds per setting, for stochastic optimizers; the median counts.")
    var seeds: String = "1"

    @Option(name: .long, parsing: .unconditional, help: "race or sensitivity.")
    var layout: String = "race"

    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, parsing: .unconditional, help: "Width x height in points (default: the layout's own).")
    var size: String?

    @Option(name: .long, parsing: .unconditional, help: "The title (default: the surface's formula).")
    var title: String?

    @OptionGroup var text: FigureTextOptions

    @OptionGroup var styleOptions: StyleOptions

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The figure to write (.png, .svg or .pdf).")
    var out: String?

    @Option(name: .long, parsing: .unconditional, help: "Every trial: settings, seed, objective, outcome (.csv or .json; - for standard output as CSV).")
    var report: String?

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    /// The most runs × steps one tuning may take, checked before any run (about a minute of
    /// runs on two cores for the cheapest surfaces).
    static let maximumWork = 2e9

    static let layouts = ["race", "sensitivity"]

    func run() throws {
        guard out != nil || report != nil else { throw CommandError.usage("give --out FILE for the figure, --report FILE for the trials, or both") }
        guard Self.layouts.contains(layout) else { throw CommandError.usage(Arguments.unknown("layout", layout, among: Self.layouts)) }
        let outputFormat: ImageFormat? = try out.map { path throws(CommandError) in
            guard let f = ImageFormat(path: path) else { throw .usage("cannot tell the format of '\(path)': use a .png, .svg or .pdf extension") }
            return f
        }
        if outputFormat != nil { try Renderer.checkFontOrFail() }
        let reportFormat: String? = try report.map { path throws(CommandError) in
            if path == "-" { return "csv" }
            let name = FilePath.name(of: path)
            let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
            guard ext == "csv" || ext == "json" else { throw .usage("cannot tell the format of '\(path)': --report takes .csv or .json") }
            return ext
        }
        let s = try expression.surface(surface, domain: domainOption.domain)
        let name = out.map { FilePath.stem(of: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "tune"
        var spec = try expression.figureSpec(name: name, for: s)
        let start = try runOptions.startPoint(for: s, command: "a tuning").map { $0.dimensionPrefix(s.dimension) }
        let steps = try runOptions.stepCount()
        let seed = try runOptions.seedValue()
        let seedCount = try Arguments.wholeNumber(seeds, option: "--seeds", in: 1...1000)
        let budgetCount = try Arguments.wholeNumber(budget, option: "--budget", in: 1...Tuning.maximumBudget)
        let stopLoss = try runOptions.stopLossValue()
        var stopGrad: Double? = try runOptions.stopGradValue() ?? (stopLoss == nil ? 1e-6 : nil)
        let goal: TuningObjective
        do { goal = try TuningObjective(parsing: objective) } catch { throw CommandError.usage(error.description) }
        // A steps-to objective stops each run at its level; a gradient stop would end runs first.
        if case .stepsTo = goal, runOptions.stopGrad == nil { stopGrad = nil }
        var ranges: [TuningRange] = []
        for t in tune.isEmpty ? ["lr=1e-4:1:log"] : tune {
            do { ranges.append(try TuningRange(parsing: t)) } catch { throw CommandError.usage("--tune: \(error.description)") }
        }
        let texts = optimizer.isEmpty ? (s.starts.first?.optimizers ?? ["gd"]) : optimizer
        let startPoint = start.map { Vector2($0[0], $0.count > 1 ? $0[1] : 0) } ?? s.defaultStart
        let stop = StopRule(maxSteps: steps, loss: stopLoss, gradientNorm: stopGrad)
        var tunings: [Tuning] = []
        for text in texts {
            let parsed: Spec
            do { parsed = try Spec(parsing: text) } catch { throw CommandError.usage(error.description) }
            // A surface's suggestion carries its learning rate; the tuned keys are left out.
            var base = parsed
            if optimizer.isEmpty { base.arguments.removeAll { a in ranges.contains { $0.key == a.key } } }
            do {
                tunings.append(try Tuning(surface: s, optimizer: base, ranges: ranges, objective: goal, budget: budgetCount,
                                          start: startPoint, stop: stop, seeds: seedCount, seed: seed))
            } catch { throw CommandError.usage(error.description) }
        }
        let work = Double(tunings.count) * Double(budgetCount) * Double(seedCount) * Double(steps + 1)
        guard work <= Self.maximumWork else {
            throw CommandError.usage("\(tunings.count) optimizer\(tunings.count == 1 ? "" : "s") × \(budgetCount) settings × \(seedCount) seed\(seedCount == 1 ? "" : "s") × \(steps) steps is \(Limits.describeCount(work)) steps; at most \(Limits.describeCount(Self.maximumWork)): lower --budget, --seeds or --steps")
        }
        if let out { try AtomicFile.checkDirectory(of: out) }
        if let report, report != "-" { try AtomicFile.checkDirectory(of: report) }

        let started = DispatchTime.now().uptimeNanoseconds
        let results = tunings.map { $0.run() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var tuned: [OptimizerConfiguration] = []
        for r in results {
            do { tuned.append(try r.configuration()) } catch { throw CommandError.failure(error.description) }
        }
        let protocolText = Self.protocolText(results: results, steps: steps, seeds: seedCount)
        var summary = ""
        if !quiet {
            let runs = results.reduce(0) { $0 + $1.trials.count }
            summary += "tuned \(results.count) optimizer\(results.count == 1 ? "" : "s") in \(runs) runs, \(String(format: "%.2f", seconds)) s\n"
            for (r, c) in zip(results, tuned) {
                let diverged = r.scores.filter { !$0.isFinite }.count
                // A best setting at the end of its range may lie beyond it.
                let edges = zip(r.tuning.ranges, r.bestValues).filter { $0.1 == $0.0.lower || $0.1 == $0.0.upper }
                    .map { "; \($0.0.key) is at the \($0.1 == $0.0.lower ? "lower" : "upper") end of its range: widen --tune" }.joined()
                summary += "  \(c.label): \(goal.title) \(TickFormat.significant(r.bestObjective, digits: 4)) (\(r.settings.count) settings, \(diverged) without a result\(edges))\n"
            }
        }
        if let report, let reportFormat {
            let text = reportFormat == "json" ? Self.reportJSON(results, tuned: tuned, surface: s, start: startPoint, stop: stop) : Self.reportCSV(results)
            if report == "-" { try Console.out(Array(text.utf8)) } else {
                try AtomicFile.write(Array(text.utf8), to: report)
                if !quiet { summary += "wrote \(report)\n" }
            }
        }
        if let out, let outputFormat {
            spec.optimizers = tuned.map(\.spec.description)
            spec.starts = [[startPoint.x, startPoint.y].prefix(s.dimension).map { $0 }]
            spec.steps = steps
            spec.seed = seed
            spec.seeds = seedCount
            spec.stopGrad = stopGrad
            spec.stopLoss = stopLoss
            spec.layout = .withLoss
            spec.title = title
            spec.size = try size.map { text throws(CommandError) in try Arguments.size(text) }
            (spec.style, spec.density) = try styleOptions.resolved()
            try text.apply(to: &spec)
            spec.subtitle = spec.subtitle ?? protocolText
            let job = try FigureJob(spec)
            let bytes: [UInt8]
            if layout == "sensitivity" {
                var figure = SensitivityFigure(results, labels: tuned.map(\.label), style: spec.style, title: title ?? "\(s.spec): sensitivity to \(ranges[0].key)")
                (figure.width, figure.height) = spec.size.map { (Double($0.width), Double($0.height)) } ?? SensitivityFigure.preferredSize
                guard figure.width >= SensitivityFigure.minimumSize.width, figure.height >= SensitivityFigure.minimumSize.height else {
                    throw CommandError.usage("\(Int(figure.width))×\(Int(figure.height)) is too small for the sensitivity layout; the smallest size that works is \(Int(SensitivityFigure.minimumSize.width))x\(Int(SensitivityFigure.minimumSize.height))")
                }
                figure.subtitle = spec.subtitle
                // The objective at the start: a setting scoring worse made no progress.
                if goal == .finalLoss || goal == .meanLoss { figure.ceiling = s.value(at: startPoint) - (s.globalMinimumValue ?? 0) }
                bytes = try job.render(figure.figure(), as: outputFormat)
            } else {
                try job.checkOutputSize([outputFormat])
                bytes = try job.render(as: [outputFormat])[0]
            }
            try AtomicFile.write(bytes, to: out)
            if !quiet { summary += "wrote \(out)\n" }
        }
        try Console.error(summary)
    }

    /// The protocol in a line: `tuned lr ∈ [0.0001, 1] (log), 100 settings each, by final loss
    /// after 500 steps`.
    static func protocolText(results: [TuningResult], steps: Int, seeds: Int) -> String {
        guard let t = results.first?.tuning else { return "" }
        let ranges = t.ranges.map { "\($0.key) ∈ [\(TickFormat.number($0.lower)), \(TickFormat.number($0.upper))]\($0.logarithmic ? " (log)" : "")" }
        return "tuned " + ranges.joined(separator: ", ") + ", \(t.budget) settings each, by \(t.objective.title) after \(steps) steps"
            + (seeds > 1 ? ", median of \(seeds) seeds" : "")
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

    /// The whole tuning as JSON: the protocol, and per optimizer its tuned spec and objective and
    /// every trial (objective `null` for +∞).
    static func reportJSON(_ results: [TuningResult], tuned: [OptimizerConfiguration], surface: Surface, start: Vector2, stop: StopRule) -> String {
        func number(_ v: Double) -> JSONValue { v.isFinite ? .number(v) : .null }
        let first = results.first?.tuning
        let document: JSONValue = .object([
            ("surface", .string(surface.spec.description)),
            ("start", .array([.number(start.x), .number(start.y)].prefix(surface.dimension).map { $0 })),
            ("steps", .number(Double(stop.maxSteps))),
            ("stop_grad", stop.gradientNorm.map(JSONValue.number) ?? .null),
            ("stop_loss", stop.loss.map(JSONValue.number) ?? .null),
            ("objective", .string(first?.objective.description ?? "")),
            ("budget", .number(Double(first?.budget ?? 0))),
            ("seeds", .number(Double(first?.seeds ?? 1))),
            ("ranges", .array((first?.ranges ?? []).map { .string($0.description) })),
            ("optimizers", .array(zip(results, tuned).map { r, c in
                .object([
                    ("optimizer", .string(r.tuning.optimizer.description)),
                    ("tuned", .string(c.spec.description)),
                    ("objective", number(r.bestObjective)),
                    ("trials", .array(r.trials.map { t in
                        .object([("setting", .number(Double(t.setting))),
                                 ("values", .array(t.values.map { .number($0) })),
                                 ("seed", .number(Double(t.seed))),
                                 ("objective", number(t.objective)),
                                 ("outcome", .string(t.end.outcome.rawValue)),
                                 ("steps", .number(Double(t.end.steps))),
                                 ("final_loss", number(t.end.loss)),
                                 ("distance", number(t.distance))])
                    })),
                ])
            })),
        ])
        return document.compactText() + "\n"
    }
}
