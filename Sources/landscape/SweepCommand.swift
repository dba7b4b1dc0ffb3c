import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Plotting
import Trajectories

/// `landscape sweep`: one optimizer over a grid of two hyperparameters, as a map and a table; or
/// one hyperparameter for one or more optimizers, as sensitivity curves.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Map how an optimizer's result depends on one or two hyperparameters.",
        discussion: """
            Runs the optimizer from one start for every cell of a grid over two of its numeric keys \
            (in parallel over the cores) and draws a heat map of the metric, with diverged cells \
            hatched, cells that never met the stop rule in grey, and the best cell starred. Give \
            the two keys with --lr, --momentum, --beta1, --beta2, --weight-decay, --dampening, \
            --eps, --alpha (A:B, or A:B:log for log spacing) or --axis KEY=A:B[:log]; the first \
            in that order is the x axis. On bowl and ravine, for gd, sgd, momentum and nesterov, \
            the theory is drawn over the map: the stability limit ρ = 1, contours of the rate ρ \
            (the spectral radius of the iteration) and Polyak's optimum. Layouts: map; theory \
            (the measured map beside the theoretical rate map); paths (the map beside the \
            landscape with the paths of a fast, a slow, an oscillating and a diverging cell, or \
            of the cells given with --pick). --csv writes one row per cell: the two values, \
            outcome (converged, max-steps, diverged), steps, final loss, distance.

            With one swept key, --cells N values of it run for each --optimizer (repeat it to \
            compare several) and the figure is their sensitivity curves: the metric against the \
            key, each optimizer's best value starred, diverged values on the top edge. Metrics \
            there: steps, final-loss, distance, mean-loss or steps-to=L; --csv writes one row per \
            run: optimizer, index, value, seed, metric, outcome, steps, final loss, distance.

            Examples:
              $ landscape sweep ravine --optimizer momentum --lr 0.002:0.1:log \\
                  --momentum 0:0.99 --cells 60x50 --out ravine-sweep.png
              $ landscape sweep ravine --optimizer momentum --lr 0.002:0.1:log \\
                  --momentum 0:0.99 --cells 60x50 --layout theory --out theory.svg
              $ landscape sweep --expr 'x^2 + 5*y^2' --optimizer momentum --lr 0.01:0.3 \\
                  --momentum 0:0.9 --cells 30x30 --out mine.png
              $ landscape sweep rosenbrock --optimizer adam --lr 0.001:0.5:log \\
                  --beta1 0:0.99 --cells 40x40 --steps 2000 --stop-loss 1e-8 \\
                  --csv adam.csv
              $ landscape sweep ravine --optimizer gd --optimizer momentum \\
                  --optimizer adam --lr 1e-4:1:log --cells 200 --metric final-loss \\
                  --out ravine-lr.svg
            """
    )

    @Argument(help: "The surface spec, e.g. ravine:kappa=100.", completion: Completions.surfaces)
    var surface: String?

    @OptionGroup var expression: ExpressionOptions
    @OptionGroup var domainOption: DomainOption

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "The optimizer spec, without the swept keys (with one swept key: repeat for several).", completion: Completions.optimizers)
    var optimizer: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Learning-rate range A:B or A:B:log.")
    var lr: String?
    @Option(name: .long, parsing: .unconditional, help: "Momentum range.")
    var momentum: String?
    @Option(name: .long, parsing: .unconditional, help: "β₁ range.")
    var beta1: String?
    @Option(name: .long, parsing: .unconditional, help: "β₂ range.")
    var beta2: String?
    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "Weight-decay range.")
    var weightDecay: String?
    @Option(name: .long, parsing: .unconditional, help: "Dampening range.")
    var dampening: String?
    @Option(name: .long, parsing: .unconditional, help: "ε range.")
    var eps: String?
    @Option(name: .long, parsing: .unconditional, help: "α range (rmsprop).")
    var alpha: String?
    @Option(name: .long, parsing: .unconditionalSingleValue, help: "Any numeric key: KEY=A:B or KEY=A:B:log; repeatable.")
    var axis: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Cells along x and y, e.g. 60x50 (2 to 2000 each); with one swept key, N values (2 to 2000).")
    var cells: String

    @Option(name: .long, parsing: .unconditional, help: "steps, final-loss or distance (one swept key: also mean-loss and steps-to=L).")
    var metric: String = "steps"

    @Option(name: .long, parsing: .unconditional, help: "map, theory or paths.", completion: Completions.sweepLayouts)
    var layout: String = "map"

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "For layout paths: a cell X,Y whose path to show; repeatable.")
    var pick: [String] = []

    @OptionGroup var runOptions: RunOptions

    @OptionGroup var text: FigureTextOptions

    @OptionGroup var colorScaleOptions: ColorScaleOptions

    @OptionGroup var styleOptions: StyleOptions

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The figure to write (.png, .svg or .pdf).")
    var out: String?

    @Option(name: .long, parsing: .unconditional, help: "The table to write, one row per cell (- for standard output).")
    var csv: String?

    @Option(name: .long, parsing: .unconditional, help: "Width x height in device units (default: 900x680 for map, 1400x640 for theory and paths).")
    var size: String?

    @Option(name: .long, parsing: .unconditional, help: "A colormap: viridis, plasma, inferno, magma, cividis, turbo, diverging, coolwarm, RdBu, RdYlBu, PuOr, BrBG, PiYG, Spectral; any reversed with _r.", completion: Completions.colormaps)
    var colormap: String?

    @Option(name: .long, parsing: .unconditional, help: "The title.")
    var title: String?

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    /// The swept axes in x-then-y order.
    func axes() throws(CommandError) -> [(key: String, range: String)] {
        var list: [(key: String, range: String)] = []
        for (key, value) in [("lr", lr), ("momentum", momentum), ("beta1", beta1), ("beta2", beta2), ("weight_decay", weightDecay),
                             ("dampening", dampening), ("eps", eps), ("alpha", alpha)] {
            if let value { list.append((key, value)) }
        }
        for text in axis {
            guard let parsed = Arguments.axis(text) else { throw .usage("--axis '\(text)': expected KEY=A:B or KEY=A:B:log, e.g. momentum=0:0.99") }
            list.append(parsed)
        }
        guard list.count == 1 || list.count == 2 else {
            throw .usage("a sweep needs one or two swept keys (e.g. --lr 0.001:0.1:log --momentum 0:0.99); got \(list.count)")
        }
        return list
    }

    @Option(name: .customLong("grid-file"), parsing: .unconditional, help: .hidden)
    var gridFile: String?

    func run() throws {
        guard gridFile == nil else {
            throw CommandError.usage("sweep runs an optimizer on a surface's gradients, and an imported grid has none: draw paths computed elsewhere over it with 'landscape render --grid-file FILE --path-file PATH'")
        }
        guard out != nil || csv != nil else { throw CommandError.usage("give --out FILE for the map, --csv FILE for the table, or both") }
        let outputFormat: ImageFormat? = try out.map { path throws(CommandError) in
            if path == "-" { return .png }
            guard let f = ImageFormat(path: path) else { throw .usage("cannot tell the format of '\(path)': use a .png, .svg or .pdf extension") }
            return f
        }
        if outputFormat != nil { try Renderer.checkFontOrFail() }
        let axes = try axes()
        guard !optimizer.isEmpty else { throw CommandError.usage("give the optimizer to sweep with --optimizer, e.g. --optimizer momentum") }
        if axes.count == 1 { return try runOneKey(axes[0], outputFormat: outputFormat) }
        guard optimizer.count == 1 else {
            throw CommandError.usage("a sweep of two keys maps one optimizer; got \(optimizer.count) --optimizer values (sweep one key to compare several)")
        }
        let cellCounts = try Arguments.cells(cells)
        let s = try expression.surface(surface, domain: domainOption.domain)
        var spec = try expression.figureSpec(name: out.map { FilePath.stem(of: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "sweep", for: s)
        spec.optimizers = optimizer
        try runOptions.applyOneStart(to: &spec, surface: s, command: "a sweep")
        // The default stop (gradient norm below 1e-6) only when no stop rule is given.
        if let g = try runOptions.stopGradValue() { spec.stopGrad = g } else if spec.stopLoss != nil { spec.stopGrad = nil }
        spec.size = try size.map { text throws(CommandError) in try Arguments.size(text) }  // otherwise the layout's own
        spec.title = title
        spec.colormap = try colormap.map { name throws(CommandError) in try Arguments.colormap(name) }
        guard let metric = SweepMetric(rawValue: metric) else {
            let names = SweepMetric.allCases.map(\.rawValue)
            throw CommandError.usage("unknown metric '\(self.metric)'" + (closestMatch(to: self.metric, in: names).map { "; did you mean '\($0)'?" } ?? "; expected one of " + names.joined(separator: ", ")))
        }
        guard let sweepLayout = SweepFigure.Layout(rawValue: layout) else {
            throw CommandError.usage(Arguments.unknown("layout", layout, among: Scene.sweepLayouts))
        }
        spec.sweepLayout = sweepLayout
        var sweepSpec = Scene.SweepSpec(x: axes[0], y: axes[1], cells: cellCounts, metric: metric)
        if !pick.isEmpty {
            sweepSpec.picks = try pick.map { text throws(CommandError) in try Arguments.point(text, option: "--pick", dimension: 2) }
        }
        spec.sweep = sweepSpec
        (spec.style, spec.density) = try styleOptions.resolved()
        try text.apply(to: &spec)
        try colorScaleOptions.apply(to: &spec)
        let job = try FigureJob(spec)
        if let outputFormat { try job.checkOutputSize([outputFormat]) }
        guard let sweep = job.sweep else { throw CommandError.failure("the sweep was not set up") }
        if let out, out != "-" { try AtomicFile.checkDirectory(of: out) }
        if out == "-" && csv == "-" { throw CommandError.usage("--out - and --csv - would both write to standard output; give one of them a file") }
        if let csv, csv != "-" { try AtomicFile.checkDirectory(of: csv) }

        let started = DispatchTime.now().uptimeNanoseconds
        let result = sweep.run()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var summary = ""
        if !quiet {
            summary = "swept \(sweep.cellCount) runs in \(String(format: "%.2f", seconds)) s on \(result.workers) thread\(result.workers == 1 ? "" : "s"): "
                + "\(result.count(.converged)) converged, \(result.count(.maxSteps)) max-steps, \(result.count(.diverged)) diverged\n"
        }
        if let csv { try emit(result.csv(), to: csv == "-" ? nil : csv) }
        if let out, let outputFormat {
            try TuneOutput.write(try job.render(job.sweepFigure(result), as: outputFormat), to: out, quiet: quiet, summary: &summary)
        }
        // The summary once every output is written, so that a failure prints one line only.
        try Console.error(summary)
    }
}

extension SweepCommand {
    /// One swept key: every value of it for each optimizer (an exhaustive tuning on its grid),
    /// drawn as sensitivity curves, with one table row per run.
    func runOneKey(_ axis: (key: String, range: String), outputFormat: ImageFormat?) throws {
        guard layout == "map" else {
            throw CommandError.usage("layout \(layout) needs two swept keys; one swept key draws sensitivity curves (leave --layout out)")
        }
        guard pick.isEmpty else { throw CommandError.usage("--pick goes with the paths layout of a two-key sweep") }
        guard let count = Int(cells), (2...2000).contains(count) else {
            throw CommandError.usage("--cells \(excerpt(cells, limit: 30)): with one swept key, give how many values, 2 to 2000 (e.g. 200)")
        }
        let s = try expression.surface(surface, domain: domainOption.domain)
        var spec = try expression.figureSpec(name: out.map { FilePath.stem(of: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "sweep", for: s)
        spec.optimizers = optimizer
        try runOptions.applyOneStart(to: &spec, surface: s, command: "a sweep")
        var t = Scene.TuneSpec()
        t.ranges = ["\(axis.key)=\(axis.range)"]
        t.budget = count
        do { t.objective = try TuningObjective(parsing: metric) } catch { throw CommandError.usage(error.description) }
        var stepsTo = false
        if case .stepsTo = t.objective { stepsTo = true }
        spec.stopGrad = try runOptions.stopGradValue() ?? (spec.stopLoss == nil && !stepsTo ? 1e-6 : nil)
        t.exhaustive = true
        t.sensitivity = true
        spec.tune = t
        spec.commandLine = true
        spec.title = title
        spec.size = try size.map { text throws(CommandError) in try Arguments.size(text) }
        (spec.style, spec.density) = try styleOptions.resolved()
        try text.apply(to: &spec)
        if colorScaleOptions.isGiven || colormap != nil {
            throw CommandError.usage("a one-key sweep draws curves: colours, colour ranges and levels go with a two-key sweep's map")
        }
        if let out, out != "-" { try AtomicFile.checkDirectory(of: out) }
        if out == "-" && csv == "-" { throw CommandError.usage("--out - and --csv - would both write to standard output; give one of them a file") }
        if let csv, csv != "-" { try AtomicFile.checkDirectory(of: csv) }

        let job = try FigureJob(spec)
        guard let outcome = job.tuning else { throw CommandError.failure("the sweep was not set up") }
        if let outputFormat { try job.checkOutputSize([outputFormat]) }
        var summary = ""
        if !quiet {
            summary = "swept \(outcome.results.count * count) runs in \(String(format: "%.2f", outcome.seconds)) s\n"
            for (r, label) in zip(outcome.results, outcome.labels) {
                let best = r.bestObjective.isFinite ? "best \(r.tuning.objective.title) \(TickFormat.significant(r.bestObjective, digits: 4)) at \(axis.key)=\(r.bestValues[0].shortDescription)" : "no value reached a result"
                summary += "  \(label): \(best) (\(r.scores.filter { !$0.isFinite }.count) of \(count) without a result)\n"
            }
        }
        if let csv { try emit(TuneSetup.reportCSV(outcome.results), to: csv == "-" ? nil : csv) }
        if let out, let outputFormat { try TuneOutput.write(try job.render(as: [outputFormat])[0], to: out, quiet: quiet, summary: &summary) }
        try Console.error(summary)
    }
}

extension Arguments {
    /// `NxM` (also `N×M`), whole numbers from 2 to 2000.
    static func cells(_ text: String) throws(CommandError) -> (Int, Int) {
        let parts = text.lowercased().replacingOccurrences(of: "×", with: "x").split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else {
            throw .usage("--cells '\(text)': expected NxM, e.g. 60x50")
        }
        guard (2...2000).contains(a), (2...2000).contains(b) else {
            throw .usage("--cells '\(text)': each count must be from 2 to 2000")
        }
        return (a, b)
    }
}
