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
            lr=1e-4:1:log) tries --budget settings (default 200): half on an even grid (in log \
            for log ranges), the rest by successive halving of the most promising intervals. \
            Each setting runs from the start for --search-steps steps (default: --steps) under \
            the stop rules, once per seed (--seeds K: the median counts); the setting with the \
            smallest --objective wins (final-loss: f − f* at the end; distance: to the nearest \
            global minimum; steps-to=L: steps until the loss is below L; mean-loss: f − f* \
            averaged over every step; steps: until a stop rule held). --clip C clips every \
            gradient to norm C; --schedule gives every optimizer a learning-rate schedule. \
            --protocol pytorch-optimizer reruns that project's protocol (its starts, 100-step \
            search, clipping at 1, distance, 200 settings, lr ranges; race 500 steps). Diverged \
            runs are data: +∞, marked in the report and on the figure. Layouts: race (the tuned \
            runs with the loss per step; the subtitle states the protocol) or sensitivity (the \
            objective against the first tuned key for each optimizer, tuned settings starred, \
            diverged ones on the top edge). --report writes every trial (.csv or .json). The \
            same inputs give the same bytes on any number of cores.

            Examples:
              $ landscape tune rosenbrock --optimizer gd --optimizer momentum \\
                  --optimizer adam --start -2,2 --steps 500 --objective mean-loss \\
                  --out rosenbrock-tuned.png
              $ landscape tune ravine --optimizer gd --optimizer adam \\
                  --layout sensitivity --out ravine-sensitivity.svg --report trials.csv
              $ landscape tune rastrigin --protocol pytorch-optimizer --optimizer gd \\
                  --optimizer adam --objective final-loss --search-steps 500 --out r.png
              $ landscape tune rastrigin --optimizer adam --tune lr=1e-3:1:log \\
                  --tune beta1=0:0.99 --budget 200 --objective distance --out a.png
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

    @Option(name: .long, parsing: .unconditional, help: "Settings to try per optimizer (each run once per seed; default 200).")
    var budget: String?

    @Option(name: .long, parsing: .unconditional, help: "final-loss, distance, steps-to=L, mean-loss or steps (default final-loss).")
    var objective: String?

    @Option(name: .customLong("search-steps"), parsing: .unconditional, help: "Steps of each search run (default: --steps).")
    var searchSteps: String?

    @Option(name: .long, parsing: .unconditional, help: "Clip every gradient to this norm before the step, as torch.nn.utils.clip_grad_norm_.")
    var clip: String?

    @Option(name: .long, parsing: .unconditional, help: "A learning-rate schedule for every optimizer: KIND[:KEY=VALUE,…], e.g. cosine or step:step_size=100,gamma=0.5.")
    var schedule: String?

    @Option(name: .long, parsing: .unconditional, help: "Reproduce a published protocol: pytorch-optimizer (its start, steps, clipping, budget, lr ranges and objective; --objective and --search-steps may replace the last two).")
    var `protocol`: String?

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

    static let layouts = ["race", "sensitivity"]

    func run() throws {
        guard out != nil || report != nil else { throw CommandError.usage("give --out FILE for the figure, --report FILE for the trials, or both") }
        guard Self.layouts.contains(layout) else { throw CommandError.usage(Arguments.unknown("layout", layout, among: Self.layouts)) }
        let outputFormat: ImageFormat? = try out.map { path throws(CommandError) in
            guard let f = ImageFormat(path: path) else { throw .usage("cannot tell the format of '\(path)': use a .png, .svg or .pdf extension") }
            return f
        }
        if outputFormat != nil { try Renderer.checkFontOrFail() }
        let reportFormat = try TuneOutput.reportFormat(report)
        if let name = `protocol` {
            // What the protocol fixes is not also given: one source for every number.
            let fixed: [(String, Bool)] = [("--start", !runOptions.start.isEmpty), ("--steps", runOptions.steps != nil),
                                           ("--clip", clip != nil), ("--budget", budget != nil), ("--tune", !tune.isEmpty), ("--stop-loss", runOptions.stopLoss != nil),
                                           ("--stop-grad", runOptions.stopGrad != nil), ("--seeds", seeds != "1")]
            if let given = fixed.first(where: \.1) {
                throw CommandError.usage("--protocol \(name) fixes \(given.0); leave it out, or drop --protocol to choose it yourself")
            }
        }
        let s = try expression.surface(surface, domain: domainOption.domain)
        var spec = try expression.figureSpec(name: out.map { FilePath.stem(of: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "tune", for: s)
        if domainOption.domain == nil && s.expression == nil { spec.viewDomain = nil }  // a protocol's view, else the surface's own
        spec.optimizers = optimizer
        try runOptions.applyOneStart(to: &spec, surface: s, command: "a tuning")
        spec.seeds = try Arguments.wholeNumber(seeds, option: "--seeds", in: 1...1000)
        var t = Scene.TuneSpec()
        t.ranges = tune
        t.budget = try Arguments.wholeNumber(budget ?? "200", option: "--budget", in: 1...Tuning.maximumBudget)
        if let objective {
            do { t.objective = try TuningObjective(parsing: objective) } catch { throw CommandError.usage(error.description) }
        }
        // The default stop (gradient norm below 1e-6) only when no stop rule is given; a
        // steps-to objective stops each run at its level, which a gradient stop would pre-empt.
        var stepsTo = false
        if case .stepsTo = t.objective { stepsTo = true }
        spec.stopGrad = try runOptions.stopGradValue() ?? (spec.stopLoss == nil && !stepsTo ? 1e-6 : nil)
        t.searchSteps = try searchSteps.map { text throws(CommandError) in try Arguments.steps(text, option: "--search-steps") }
        t.clip = try clip.map { text throws(CommandError) in try Arguments.positive(text, option: "--clip") }
        t.schedule = schedule
        t.protocolName = `protocol`
        t.sensitivity = layout == "sensitivity"
        spec.tune = t
        spec.commandLine = true
        spec.layout = .withLoss
        spec.title = title
        spec.size = try size.map { text throws(CommandError) in try Arguments.size(text) }
        (spec.style, spec.density) = try styleOptions.resolved()
        try text.apply(to: &spec)
        if let out { try AtomicFile.checkDirectory(of: out) }
        if let report, report != "-" { try AtomicFile.checkDirectory(of: report) }

        let job = try FigureJob(spec)
        guard let outcome = job.tuning else { throw CommandError.failure("the tuning was not set up") }
        var summary = ""
        if !quiet {
            let runs = outcome.results.reduce(0) { $0 + $1.trials.count }
            summary += "tuned \(outcome.results.count) optimizer\(outcome.results.count == 1 ? "" : "s") in \(runs) runs, \(String(format: "%.2f", outcome.seconds)) s\n"
            for ((r, label), end) in zip(zip(outcome.results, outcome.labels), outcome.raceEnds) {
                let diverged = r.scores.filter { !$0.isFinite }.count
                let race = r.tuning.stop.maxSteps == outcome.stop.maxSteps ? ""
                    : "; the race's \(outcome.stop.maxSteps) steps end at loss \(TickFormat.significant(end.loss - (outcome.surface.globalMinimumValue ?? 0), digits: 4))"
                // A best setting at the end of its range may lie beyond it.
                let widen = `protocol` == nil ? ": widen --tune" : " (the protocol's)"
                let edges = zip(r.tuning.ranges, r.bestValues).filter { $0.1 == $0.0.lower || $0.1 == $0.0.upper }
                    .map { "; \($0.0.key) is at the \($0.1 == $0.0.lower ? "lower" : "upper") end of its range\(widen)" }.joined()
                summary += "  \(label): \(r.tuning.objective.title) \(TickFormat.significant(r.bestObjective, digits: 4)) (\(r.settings.count) settings, \(diverged) without a result\(edges))\(race)\n"
                if r.isErratic {
                    summary += "    erratic: \(Int((r.erratic * 100).rounded()))% of the grid's settings score far from both neighbours: good settings are isolated, and another grid may find a better or a worse best; raise --budget to search more finely\n"
                }
            }
        }
        if let report, let reportFormat {
            let text = reportFormat == "json" ? Self.reportJSON(outcome) : TuneSetup.reportCSV(outcome.results)
            try TuneOutput.write(Array(text.utf8), to: report, quiet: quiet, summary: &summary)
        }
        if let out, let outputFormat {
            try job.checkOutputSize([outputFormat])
            try TuneOutput.write(try job.render(as: [outputFormat])[0], to: out, quiet: quiet, summary: &summary)
        }
        try Console.error(summary)
    }

    /// The whole tuning as JSON: the protocol, and per optimizer its tuned spec and objective and
    /// every trial (objective `null` for +∞).
    static func reportJSON(_ outcome: TuneOutcome) -> String {
        let (results, tuned, surface, start) = (outcome.results, outcome.tuned, outcome.surface, outcome.start)
        let stop = results.first?.tuning.stop ?? outcome.stop
        func number(_ v: Double) -> JSONValue { v.isFinite ? .number(v) : .null }
        let first = results.first?.tuning
        let document: JSONValue = .object([
            ("surface", .string(surface.spec.description)),
            ("start", .array([.number(start.x), .number(start.y)].prefix(surface.dimension).map { $0 })),
            ("protocol", .string(outcome.protocolText)),
            ("search_steps", .number(Double(stop.maxSteps))),
            ("race_steps", .number(Double(outcome.stop.maxSteps))),
            ("stop_grad", stop.gradientNorm.map(JSONValue.number) ?? .null),
            ("stop_loss", stop.loss.map(JSONValue.number) ?? .null),
            ("objective", .string(first?.objective.description ?? "")),
            ("budget", .number(Double(first?.budget ?? 0))),
            ("seeds", .number(Double(first?.seeds ?? 1))),
            ("optimizers", .array(zip(zip(results, tuned), outcome.raceEnds).map { pair, end in
                let (r, c) = pair
                return .object([
                    ("optimizer", .string(r.tuning.optimizer.description)),
                    ("ranges", .array(r.tuning.ranges.map { .string($0.description) })),
                    ("tuned", .string(c.spec.description)),
                    ("objective", number(r.bestObjective)),
                    ("floor", number(r.tuning.floor)),
                    ("erratic", number(r.erratic)),
                    ("race", .object([("outcome", .string(end.outcome.rawValue)), ("steps", .number(Double(end.steps))),
                                      ("final_loss", number(end.loss)), ("point", .array([number(end.point.x), number(end.point.y)].prefix(surface.dimension).map { $0 }))])),
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
