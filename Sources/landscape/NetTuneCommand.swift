import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Networks
import Plotting
import Trajectories

/// `landscape net tune`: every optimizer at its best setting on a network, by the training loss
/// or accuracy after some epochs, with the sensitivity curves and, trained at the tuned
/// settings, a run file for `net render`.
struct NetTuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Tune each optimizer's hyperparameters on a network.",
        discussion: """
            For each optimizer, the search of 'landscape tune' (--budget settings: half on an even \
            grid, the rest by successive halving; a pattern search with several --tune keys) trains \
            the model from one initialization for --epochs at each setting, once per seed of the \
            mini-batch shuffles (--seeds K: the median counts), every setting's training in \
            parallel over the cores. --objective loss scores the training loss after the last \
            epoch, accuracy 1 − the training accuracy (classes). --out draws the objective against \
            the first tuned key; --run-out trains every optimizer at its tuned setting and writes \
            a run file, which 'net render' races on a plane; --report writes every trial. The same \
            inputs give the same bytes on any number of cores.

            Examples:
              $ landscape net tune --data spirals:n=200,noise=0.2,seed=0 \\
                  --optimizer gd --optimizer momentum --optimizer adam --epochs 100 \\
                  --out spirals-tuned.svg --run-out tuned.json
              $ landscape net render tuned.json --plane shared --out race.svg
              $ landscape net tune --data xor:n=200 --model mlp:hidden=4 \\
                  --optimizer adam --tune lr=1e-3:1:log --tune beta1=0:0.99 \\
                  --objective accuracy --budget 60 --report trials.csv
            """
    )

    @Option(name: .long, parsing: .unconditional, help: "The model, e.g. mlp:hidden=16x16,act=tanh.")
    var model = "mlp:hidden=16x16,act=tanh"

    @Option(name: .long, parsing: .unconditional, help: "A data set spec, e.g. spirals:n=300,noise=0.2,seed=0.")
    var data: String?

    @Option(name: .customLong("data-file"), parsing: .unconditional, help: "A CSV file of data instead: x1,x2,…,label or x,y.")
    var dataFile: String?

    @Option(name: .long, parsing: .singleValue, help: "An optimizer spec without the tuned keys; repeat for several.", completion: Completions.optimizers)
    var optimizer: [String] = []

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "A key to tune and its range, KEY=A:B or KEY=A:B:log; repeat for several (default: lr=1e-4:1:log).")
    var tune: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Settings to try per optimizer (each trained once per seed).")
    var budget = "40"

    @Option(name: .long, parsing: .unconditional, help: "loss or accuracy.")
    var objective = "loss"

    @Option(name: .long, parsing: .unconditional, help: "Epochs of each training.")
    var epochs = "100"

    @Option(name: .long, parsing: .unconditional, help: "Samples per step for optimizers whose spec names no batch (default: full batch; sgd: 1).")
    var batch: String?

    @Option(name: .long, parsing: .unconditional, help: "Seeds of the shuffles per setting; the median counts.")
    var seeds = "1"

    @Option(name: .long, parsing: .unconditional, help: "The first seed of the mini-batch shuffles.")
    var seed = "0"

    @Option(name: .customLong("init-seed"), parsing: .unconditional, help: "Seed of the initial parameters.")
    var initSeed = "0"

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The sensitivity figure to write (.png, .svg or .pdf).")
    var out: String?

    @Option(name: .customLong("run-out"), parsing: .unconditional, help: "Train every optimizer at its tuned setting and write the run file (.json) for net render.")
    var runOut: String?

    @Option(name: .long, parsing: .unconditional, help: "Every trial: optimizer, setting, values, seed, objective, loss, accuracy, outcome (.csv or .json; - for standard output as CSV).")
    var report: String?

    @Option(name: .long, parsing: .unconditional, help: "Width x height in points (default 900x560).")
    var size: String?

    @Option(name: .long, parsing: .unconditional, help: "The title.")
    var title: String?

    @OptionGroup var styleOptions: StyleOptions

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    /// The most multiply-adds one tuning's trainings may take, counted as a training pass over
    /// the data per epoch: about two minutes on two cores (spirals, n = 200, an MLP 2-16-16-2:
    /// 8.6·10⁸ in 1.1 s).
    static let maximumWork = 1e11

    func run() throws {
        guard out != nil || runOut != nil || report != nil else {
            throw CommandError.usage("give --out FILE for the figure, --run-out FILE.json for the tuned runs, --report FILE for the trials, or any of them")
        }
        guard !optimizer.isEmpty else { throw CommandError.usage("give the optimizers to tune with --optimizer, e.g. --optimizer gd --optimizer adam") }
        let outputFormat: ImageFormat? = try out.map { path throws(CommandError) in
            guard let f = ImageFormat(path: path) else { throw .usage("cannot tell the format of '\(path)': use a .png, .svg or .pdf extension") }
            return f
        }
        if outputFormat != nil { try Renderer.checkFontOrFail() }
        let reportFormat = try TuneOutput.reportFormat(report)
        let dataset = try NetTrainCommand.dataset(data: data, dataFile: dataFile, command: "net tune")
        let mlp: MLP
        do { mlp = try MLP(spec: model, for: dataset) } catch { throw CommandError.usage(error.description) }
        guard let goal = NetTuningObjective(rawValue: objective) else {
            throw CommandError.usage(Arguments.unknown("objective", objective, among: NetTuningObjective.allCases.map(\.rawValue)))
        }
        let epochCount = try Arguments.wholeNumber(epochs, option: "--epochs", in: 1...1_000_000)
        let budgetCount = try Arguments.wholeNumber(budget, option: "--budget", in: 1...Tuning.maximumBudget)
        let seedCount = try Arguments.wholeNumber(seeds, option: "--seeds", in: 1...1000)
        let batchSize = try batch.map { b throws(CommandError) in try Arguments.wholeNumber(b, option: "--batch", in: 1...1_000_000_000) }
        let firstSeed = UInt64(try Arguments.wholeNumber(seed, option: "--seed", in: 0...Int(Int32.max)))
        let initSeedValue = UInt64(try Arguments.wholeNumber(initSeed, option: "--init-seed", in: 0...Int(Int32.max)))
        var ranges: [TuningRange] = []
        for t in tune.isEmpty ? ["lr=1e-4:1:log"] : tune {
            do { ranges.append(try TuningRange(parsing: t)) } catch { throw CommandError.usage("--tune: \(error.description)") }
        }
        var tunings: [NetTuning] = []
        for text in optimizer {
            do {
                tunings.append(try NetTuning(model: mlp, data: dataset, optimizer: try Spec(parsing: text), ranges: ranges, objective: goal,
                                             budget: budgetCount, epochs: epochCount, batch: batchSize, seeds: seedCount, seed: firstSeed,
                                             initSeed: initSeedValue))
            } catch { throw CommandError.usage(error.description) }
        }
        // Every epoch's batches add up to the data once; each run's last step is evaluated once more.
        let work = Double(tunings.count * budgetCount * seedCount) * Double(epochCount + 1) * Double(dataset.count) * Double(mlp.parameterCount)
        guard work <= Self.maximumWork else {
            throw CommandError.usage("\(tunings.count) optimizer\(tunings.count == 1 ? "" : "s") × \(budgetCount) settings × \(seedCount) seed\(seedCount == 1 ? "" : "s") × \(epochCount) epochs is about \(Limits.describeCount(work)) multiply-adds; at most \(Limits.describeCount(Self.maximumWork)): lower --budget, --seeds or --epochs")
        }
        var style = Style.default, density = 1.0
        if outputFormat != nil { (style, density) = try styleOptions.resolved() }
        let figureSize = try size.map { text throws(CommandError) in try Arguments.size(text) }
            ?? (Int(SensitivityFigure.preferredSize.width), Int(SensitivityFigure.preferredSize.height))
        let layoutSize = FigureJob.layoutSize(figureSize, spacing: style.spacing)
        guard Double(layoutSize.width) >= SensitivityFigure.minimumSize.width, Double(layoutSize.height) >= SensitivityFigure.minimumSize.height else {
            throw CommandError.usage("\(FigureJob.shown(layoutSize, style.spacing)) is too small for the sensitivity figure; the smallest size that works is \(FigureJob.shownMinimum(SensitivityFigure.minimumSize, style.spacing))")
        }
        if let out { try AtomicFile.checkDirectory(of: out) }
        if let runOut { try AtomicFile.checkDirectory(of: runOut) }
        if let report, report != "-" { try AtomicFile.checkDirectory(of: report) }

        let started = DispatchTime.now().uptimeNanoseconds
        let results = tunings.map { $0.run() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var tuned: [OptimizerConfiguration] = []
        for r in results {
            do { tuned.append(try r.configuration()) } catch { throw CommandError.failure(error.description) }
        }
        var summary = ""
        if !quiet {
            summary += "tuned \(results.count) optimizer\(results.count == 1 ? "" : "s") in \(results.reduce(0) { $0 + $1.trials.count }) trainings, \(String(format: "%.2f", seconds)) s\n"
            for (r, c) in zip(results, tuned) {
                let edges = zip(r.tuning.ranges, r.bestValues).filter { $0.1 == $0.0.lower || $0.1 == $0.0.upper }
                    .map { "; \($0.0.key) is at the \($0.1 == $0.0.lower ? "lower" : "upper") end of its range: widen --tune" }.joined()
                summary += "  \(c.label): \(goal.title) \(TickFormat.significant(r.bestObjective, digits: 4)) after \(epochCount) epochs (\(r.settings.count) settings, \(r.scores.filter { !$0.isFinite }.count) diverged\(edges))\n"
            }
        }
        if let report, let reportFormat {
            let text = reportFormat == "json" ? Self.reportJSON(results, tuned: tuned) : Self.reportCSV(results)
            try TuneOutput.write(Array(text.utf8), to: report, quiet: quiet, summary: &summary)
        }
        if let runOut {
            let options = TrainingOptions(epochs: epochCount, batch: batchSize, recordEvery: 1, seed: firstSeed)
            let (session, _) = try NetTrainCommand.train(dataset, model: model, optimizers: tuned.map(\.spec.description), options: options,
                                                         initSeed: initSeedValue)
            try TuneOutput.write(Array(session.json().utf8), to: runOut, quiet: quiet, summary: &summary)
        }
        if let out, let outputFormat {
            let key = ranges[0].key
            var figure = SensitivityFigure(results, labels: tuned.map(\.label), style: style,
                                           title: title ?? "\(mlp.spec) on \(dataset.source): sensitivity to \(key)")
            (figure.width, figure.height) = (Double(layoutSize.width), Double(layoutSize.height))
            figure.subtitle = "tuned " + ranges.map(TuneSetup.rangeText).joined(separator: ", ")
                + ", \(budgetCount) settings each, by the \(goal.title) after \(epochCount) epochs" + (seedCount > 1 ? "; median of \(seedCount) seeds" : "")
            let bytes: [UInt8]
            do throws(RenderError) {
                bytes = try Renderer.render(width: layoutSize.width, height: layoutSize.height, format: outputFormat,
                                            metadata: .init(title: figure.title, description: figure.subtitle ?? "", idPrefix: FilePath.stem(of: out)),
                                            scale: Renderer.Scale(spacing: style.spacing, density: density)) { canvas in
                    figure.figure().draw(on: canvas)
                }
            } catch { throw CommandError.failure(error.description) }
            try TuneOutput.write(bytes, to: out, quiet: quiet, summary: &summary)
        }
        try Console.error(summary)
    }

    /// One row per training: optimizer, setting, each tuned key, seed, objective, loss, accuracy,
    /// outcome, steps; `inf` for +∞, empty for no accuracy.
    static func reportCSV(_ results: [NetTuningResult]) -> String {
        guard let keys = results.first?.tuning.ranges.map(\.key) else { return "" }
        var out = "optimizer,setting," + keys.joined(separator: ",") + ",seed,objective,loss,accuracy,outcome,steps\n"
        for r in results {
            for t in r.trials {
                out += "\"\(r.tuning.optimizer)\",\(t.setting)," + t.values.map(\.shortDescription).joined(separator: ",") + ",\(t.seed),"
                out += (t.objective.isFinite ? t.objective.shortDescription : "inf") + "," + t.loss.shortDescription + ","
                out += (t.accuracy?.shortDescription ?? "") + ",\(t.outcome.rawValue),\(t.steps)\n"
            }
        }
        return out
    }

    /// The whole tuning as JSON: per optimizer its tuned spec, objective and every trial.
    static func reportJSON(_ results: [NetTuningResult], tuned: [OptimizerConfiguration]) -> String {
        func number(_ v: Double) -> JSONValue { v.isFinite ? .number(v) : .null }
        let first = results.first?.tuning
        let document: JSONValue = .object([
            ("data", .string(first?.data.source ?? "")),
            ("model", .string(first?.model.spec ?? "")),
            ("epochs", .number(Double(first?.epochs ?? 0))),
            ("objective", .string(first?.objective.rawValue ?? "")),
            ("budget", .number(Double(first?.budget ?? 0))),
            ("seeds", .number(Double(first?.seeds ?? 1))),
            ("optimizers", .array(zip(results, tuned).map { r, c in
                .object([
                    ("optimizer", .string(r.tuning.optimizer.description)),
                    ("ranges", .array(r.tuning.ranges.map { .string($0.description) })),
                    ("tuned", .string(c.spec.description)),
                    ("objective", number(r.bestObjective)),
                    ("erratic", number(r.erratic)),
                    ("trials", .array(r.trials.map { t in
                        .object([("setting", .number(Double(t.setting))), ("values", .array(t.values.map { .number($0) })),
                                 ("seed", .number(Double(t.seed))), ("objective", number(t.objective)), ("loss", number(t.loss)),
                                 ("accuracy", t.accuracy.map(number) ?? .null), ("outcome", .string(t.outcome.rawValue)),
                                 ("steps", .number(Double(t.steps)))])
                    })),
                ])
            })),
        ])
        return document.compactText() + "\n"
    }
}
