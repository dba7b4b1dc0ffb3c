import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Networks
import Plotting
import Trajectories

/// `landscape net`: train small networks with the optimizers, and draw their loss landscapes.
struct NetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "net",
        abstract: "Train small neural networks and draw their loss landscapes (Li et al. 2018).",
        discussion: """
            'net train' trains one MLP with several optimizers from one initialization and writes a run \
            file (JSON: the data, the model, the initial parameters and every recorded parameter vector). \
            'net render' draws a run file's landscape on a plane through weight space, with the paths; \
            'net hessian' gives the curvature at a run's end; 'net tune' gives each optimizer its best \
            setting on the network.

            Examples:
              $ landscape net train --model mlp:hidden=16x16,act=tanh \\
                  --data spirals:n=300,noise=0.2,seed=0 --optimizer gd:lr=0.5 \\
                  --optimizer momentum:lr=0.1 --optimizer adam:lr=0.01 --epochs 300 \\
                  --out run.json
              $ landscape net render run.json --plane shared --out shared.svg
              $ landscape net render run.json --plane shared --layout 3d+contour \\
                  --size 1200x520 --out shared-3d.png
              $ landscape net render run.json --plane random --run 2 --span 1 \\
                  --resolution 101 --out random.png
              $ landscape net render run.json --plane interpolation \\
                  --grid-out curves.npz --out interpolation.svg
              $ landscape net render run.json --layout regions --out regions.png
              $ landscape net animate run.json --plane shared --layout 3d+contour \\
                  --out race.gif
              $ landscape net hessian run.json --top 3 --bottom 3 --trace
            """,
        subcommands: [NetTrainCommand.self, NetRenderCommand.self, NetAnimateCommand.self, NetHessianCommand.self, NetTuneCommand.self]
    )
}

struct NetTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP with each optimizer from the same initialization; write the run file.",
        discussion: """
            Data sets: spirals, moons, circles, blobs, xor (classes) and sine (1-D regression), each \
            with n, noise and seed keys; or --data-file with a CSV (x1,x2,label or x,y). Classes train \
            with cross-entropy, regression with mean squared error. Initialization is PyTorch's \
            nn.Linear default, from --init-seed. Optimizer specs are those of 'landscape render' \
            (Newton needs a Hessian and is refused).

            Examples:
              $ landscape net train --data spirals:n=300,noise=0.2 \\
                  --model mlp:hidden=16x16,act=tanh --epochs 300 --optimizer gd:lr=0.5 \\
                  --optimizer adam:lr=0.01 --out run.json
              $ landscape net train --data-file points.csv --model mlp:hidden=8 \\
                  --optimizer sgd:lr=0.05,batch=16 --epochs 50 --out points-run.json
            """
    )

    @Option(name: .long, parsing: .unconditional, help: "The model, e.g. mlp:hidden=16x16,act=tanh (act: tanh, relu, sigmoid, identity).")
    var model = "mlp:hidden=16x16,act=tanh"

    @Option(name: .long, parsing: .unconditional, help: "A data set spec, e.g. spirals:n=300,noise=0.2,seed=0.")
    var data: String?

    @Option(name: .customLong("data-file"), parsing: .unconditional, help: "A CSV file of data instead: x1,x2,…,label or x,y.")
    var dataFile: String?

    @Option(name: .long, parsing: .singleValue, help: "An optimizer spec; repeat for several (same initialization).", completion: Completions.optimizers)
    var optimizer: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Epochs (passes over the data).")
    var epochs = "300"

    @Option(name: .long, parsing: .unconditional, help: "Samples per step for optimizers whose spec names no batch (default: full batch; sgd: 1).")
    var batch: String?

    @Option(name: .customLong("record-every"), parsing: .unconditional, help: "Record the parameters every K steps (and the last).")
    var recordEvery = "1"

    @Option(name: .customLong("init-seed"), parsing: .unconditional, help: "Seed of the initial parameters.")
    var initSeed = "0"

    @Option(name: .long, parsing: .unconditional, help: "Seed of the mini-batch shuffles.")
    var seed = "0"

    @Option(name: .long, parsing: .unconditional, help: "Also measure the Hessian at every recorded step (Lanczos): max (λmax, the sharpness) or both (λmax and λmin); for net render --layout sharpness.")
    var curvature: String?

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The run file to write (.json).")
    var out: String

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    /// The most doubles a run file may hold (recorded parameters), checked before training: about
    /// 220 MB of JSON, which reads back within ``maxRunFileBytes``.
    static let maxRecordedValues = 10_000_000
    /// The largest run file `net render` reads (a device such as /dev/zero is cut off there).
    static let maxRunFileBytes = 256 << 20

    /// Trains a model spec with optimizer specs on a data set, after checking every spec and the
    /// work's limits (recorded values, multiply-adds): `net train` and scene files' `network:`.
    static func train(_ dataset: Dataset, model: String, optimizers specs: [String], options: TrainingOptions,
                      initSeed: UInt64, curvature: CurvatureRecording? = nil) throws(CommandError) -> (NetworkSession, [OptimizerConfiguration]) {
        let mlp: MLP
        do { mlp = try MLP(spec: model, for: dataset) } catch { throw CommandError.usage(error.description) }
        guard !specs.isEmpty else { throw CommandError.usage("a network needs at least one optimizer, e.g. --optimizer adam:lr=0.01") }
        var optimizers: [OptimizerConfiguration] = []
        for text in specs {
            let o: OptimizerConfiguration
            do { o = try OptimizerConfiguration(spec: text) } catch { throw CommandError.usage(error.description) }
            guard o.worksOnVectors else {
                throw CommandError.usage("optimizer '\(o.name)' needs a 2×2 Hessian and works only on surfaces; networks train with gd, sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw")
            }
            optimizers.append(o)
        }
        let runSteps = optimizers.map { Double(options.epochs) * Double(options.stepsPerEpoch($0, on: dataset)) }
        let steps = runSteps.max() ?? 0
        let values = runSteps.reduce(0) { $0 + ($1 / Double(options.recordEvery) + 2) } * Double(mlp.parameterCount)
        guard values <= Double(Self.maxRecordedValues) else {
            throw CommandError.usage("recording \(Limits.describeCount(steps)) steps of \(mlp.parameterCount) parameters for \(optimizers.count) optimizers is \(Limits.describeCount(values)) values; at most \(Limits.describeCount(Double(Self.maxRecordedValues))): record less often (--record-every)")
        }
        // Every step's batches add up to the data once per epoch; recorded steps add a full pass.
        let work = (Double(options.epochs) * Double(optimizers.count) + runSteps.reduce(0, +) / Double(options.recordEvery))
            * Double(dataset.count) * Double(mlp.parameterCount)
        guard work <= 1e13 else {
            throw CommandError.usage("training would take about \(Limits.describeCount(work)) multiply-adds; at most 1e13: fewer epochs, data or parameters")
        }
        if curvature != nil {
            // Each record's Lanczos takes at most n Hessian-vector products of about 8 passes each.
            let records = runSteps.reduce(0) { $0 + ($1 / Double(options.recordEvery) + 2) }
            let products = records * Double(Curvature.worstCaseProducts(parameters: mlp.parameterCount))
            let curvatureWork = products * 8 * Double(dataset.count) * Double(mlp.parameterCount)
            guard curvatureWork <= 1e13 else {
                throw CommandError.usage("measuring the curvature at \(Limits.describeCount(records)) recorded steps could take \(Limits.describeCount(curvatureWork)) multiply-adds; at most 1e13: record less often (--record-every)")
            }
        }
        let initial = mlp.initialParameters(seed: initSeed)
        var runs: [NetworkRun]
        do { runs = try Trainer(model: mlp, data: dataset).train(optimizers, from: initial, options: options) } catch {
            throw CommandError.usage(error.description)
        }
        if let curvature { runs = runs.map { $0.measuringCurvature(model: mlp, data: dataset, smallest: curvature == .both, seed: options.seed) } }
        return (NetworkSession(data: dataset, model: mlp, initial: initial, initSeed: initSeed, options: options, runs: runs), optimizers)
    }

    /// The data set of `--data SPEC` or `--data-file FILE.csv` (one of them).
    static func dataset(data: String?, dataFile: String?, command: String) throws(CommandError) -> Dataset {
        switch (data, dataFile) {
        case let (spec?, nil):
            do { return try Dataset(spec: spec) } catch { throw CommandError.usage(error.description) }
        case let (nil, path?):
            let text: String
            do { text = try readTextFile(path) } catch { throw CommandError.usage("cannot read '\(path)': \(error.message)") }
            do { return try Dataset(csv: text, source: path) } catch { throw CommandError.usage(error.description) }
        case (nil, nil): throw CommandError.usage("\(command) needs --data SPEC (e.g. spirals:n=300) or --data-file FILE.csv")
        default: throw CommandError.usage("give --data or --data-file, not both")
        }
    }

    func run() throws {
        let dataset = try Self.dataset(data: data, dataFile: dataFile, command: "net train")
        let epochCount = try Arguments.wholeNumber(epochs, option: "--epochs", in: 1...1_000_000)
        let every = try Arguments.wholeNumber(recordEvery, option: "--record-every", in: 1...1_000_000_000)
        let batchSize = try batch.map { b throws(CommandError) in try Arguments.wholeNumber(b, option: "--batch", in: 1...1_000_000_000) }
        let options = TrainingOptions(epochs: epochCount, batch: batchSize, recordEvery: every,
                                      seed: UInt64(try Arguments.wholeNumber(seed, option: "--seed", in: 0...Int(Int32.max))))
        let initSeedValue = UInt64(try Arguments.wholeNumber(initSeed, option: "--init-seed", in: 0...Int(Int32.max)))
        try AtomicFile.checkDirectory(of: out)
        let (session, optimizers) = try Self.train(dataset, model: model, optimizers: optimizer, options: options, initSeed: initSeedValue,
                                                   curvature: try curvature.map { c throws(CommandError) in try CurvatureRecording(c) })
        let runs = session.runs
        try AtomicFile.write(Array(session.json().utf8), to: out)
        if !quiet {
            for (o, run) in zip(optimizers, runs) {
                let last = run.records.last
                let accuracy = last?.accuracy.map { ", accuracy \(TickFormat.number(($0 * 1000).rounded() / 10))%" } ?? ""
                let sharpness = run.records.last(where: { $0.curvature != nil })?.curvature.map { ", λmax \(TickFormat.significant($0.largest, digits: 4))" } ?? ""
                try Console.line("\(o.label): \(run.outcome.rawValue) after \(last?.step ?? 0) steps, loss \(TickFormat.number(last?.loss ?? .nan))\(accuracy)\(sharpness)")
            }
            try Console.line("wrote \(out)")
        }
    }
}

/// `--curvature` (and scene files' `curvature:`): which eigenvalues to measure at each record.
enum CurvatureRecording: String, CaseIterable {
    case max, both

    init(_ text: String) throws(CommandError) {
        guard let value = Self(rawValue: text) else {
            throw CommandError.usage(Arguments.unknown("curvature", text, among: Self.allCases.map(\.rawValue)))
        }
        self = value
    }
}

struct NetRenderCommand: ParsableCommand {
    /// The most multiply-adds one figure's forward passes may take: grid points × samples ×
    /// parameters. About 20 s on two cores (the kernels run 2·10⁹ a second: a 201² plane of an
    /// MLP 2-16-16-2 on 300 points, 4·10⁹, takes 1.9 s).
    static let maximumWork = 4e10
    /// The most multiply-adds a curvature map may take, counting every Lanczos run at its cap.
    static let maximumCurvatureWork = 4e11

    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a run file's loss landscape on a plane through weight space, with the paths.",
        discussion: """
            Planes: shared (the principal plane of every run together, through the initialization: \
            one plane for all optimizers), pca (the principal plane of one run, through its end), random \
            (two filter-normalized random directions around one run's end). Lines (one curve per run, \
            loss and accuracy): interpolation (from the initialization to each run's end, α from −span \
            to 1 + span, span 0.5 by default) and slice (a filter-normalized random direction through \
            each run's end, α from −span to span). Layouts: single (the plane and each recorded point's \
            distance from it), with-loss, 3d, 3d+contour, side-by-side (each run's own PCA plane), and \
            regions (no plane: the data with each run's decision regions, or its fitted curve for \
            regression).

            Examples:
              $ landscape net render run.json --plane shared --out shared.svg
              $ landscape net render run.json --plane random --run 1 --span 1 \\
                  --resolution 101 --out random.png
              $ landscape net render run.json --plane interpolation --out lines.svg
              $ landscape net render run.json --layout regions --out regions.png
            """
    )

    @OptionGroup var options: NetFigureOptions

    @OptionGroup var styleOptions: StyleOptions

    @Option(name: .customLong("grid-out"), parsing: .unconditional, help: "Also write the plane's grid and directions, or the lines' curves (.json, .npz; .npy: the loss alone).")
    var gridOut: String?

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The figure to write (.png, .svg or .pdf).")
    var out: String

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    /// A network figure drawn: the plane and its grid (none for side by side, where every run has
    /// its own), and the plane's description for metadata.
    struct Drawn {
        var drawing: Figure
        var description: String
        var plane: Plane?
        var grid: PlaneGrid?
        var curves: [(line: WeightLine, curve: LineCurve)]?
        /// λmax and λmin on the plane's lattice (curvature-map).
        var curvature: CurvatureGrid?
    }

    /// Checks the grid's work and the size (before the grid is computed, as render checks its
    /// figures), then computes the grid and draws: `net render` and scene files' `network:`.
    /// Without a size, the one that suits the layout.
    static func draw(_ network: NetworkFigure, size: (width: Int, height: Int)?, context: String) throws(CommandError) -> Drawn {
        var figure = network
        let session = figure.session
        let runs = "\(session.runs.count) run\(session.runs.count == 1 ? "" : "s")"
        func sized(preferred: (width: Double, height: Double), minimum: (width: Double, height: Double),
                   fits: (Double, Double) -> Bool, what: String) throws(CommandError) {
            if let (w, h) = size {
                guard fits(Double(w), Double(h)) else {
                    throw CommandError.usage("\(w)×\(h) is too small for \(what) with \(runs); the smallest size that works is \(Int(minimum.width))x\(Int(minimum.height))")
                }
                (figure.width, figure.height) = (Double(w), Double(h))
            } else {
                (figure.width, figure.height) = preferred
            }
        }
        switch figure.view {
        case .plane:
            break
        case .curvatureMap:
            // Every point is a Lanczos run for λmax and λmin: at most 300 products of about 8 passes.
            let points = Double(figure.resolution * figure.resolution)
            let products = Double(Swift.min(session.model.parameterCount, CurvatureGrid.maxProducts))
            let work = points * products * 8 * Double(session.data.count) * Double(session.model.parameterCount)
            guard work <= NetRenderCommand.maximumCurvatureWork else {
                throw CommandError.usage("\(context): the curvature at \(figure.resolution)² points could take \(Limits.describeCount(work)) multiply-adds; at most 4·10¹¹ (a few minutes on two cores): lower the resolution")
            }
            let f = figure
            try sized(preferred: figure.curvatureMapPreferredSize, minimum: figure.curvatureMapMinimumSize,
                      fits: { f.curvatureMapFits(width: $0, height: $1) }, what: "the curvature-map layout")
            do {
                let p = try figure.makePlane()
                let grid = figure.grid(on: p)
                let curvature = figure.curvatureGrid(on: p)
                return Drawn(drawing: figure.curvatureMapFigure(plane: p, grid: grid, curvature: curvature),
                             description: figure.planeDescription(p, grid: grid) + " curvature=lambda_min/lambda_max", plane: p, grid: grid,
                             curvature: curvature)
            } catch { throw CommandError.usage("\(context): \(error.description)") }
        case .curves(let kind):
            let work = Double(figure.resolution * session.runs.count) * Double(session.data.count) * Double(session.model.parameterCount)
            guard work <= NetRenderCommand.maximumWork else {
                throw CommandError.usage("\(context): \(figure.resolution) points on \(runs) is about \(Limits.describeCount(work)) multiply-adds; at most 4·10¹⁰ (about 20 s on two cores): lower the resolution")
            }
            guard !session.runs.isEmpty else { throw CommandError.usage("\(context): the run file has no runs") }
            let f = figure
            try sized(preferred: figure.curvesPreferredSize, minimum: figure.curvesMinimumSize, fits: { f.curvesFit(width: $0, height: $1) },
                      what: "the \(kind.rawValue) curves")
            let curves = figure.curves(kind)
            return Drawn(drawing: figure.curvesFigure(kind, curves: curves), description: figure.curveDescription(kind), curves: curves)
        case .sharpness:
            guard !session.runs.isEmpty else { throw CommandError.usage("\(context): the run file has no runs") }
            if !figure.hasCurvature {
                // λmax where the run file has none: Lanczos at every record, at most n products each.
                let records = Double(session.runs.reduce(0) { $0 + $1.records.count })
                let work = records * Double(Curvature.worstCaseProducts(parameters: session.model.parameterCount)) * 8
                    * Double(session.data.count) * Double(session.model.parameterCount)
                guard work <= 1e13 else {
                    throw CommandError.usage("\(context): measuring λmax at \(Limits.describeCount(records)) recorded steps could take \(Limits.describeCount(work)) multiply-adds; at most 1e13: train with --curvature max and fewer records (--record-every)")
                }
                figure = figure.measuringMissingCurvature()
            }
            let f = figure
            try sized(preferred: figure.sharpnessPreferredSize, minimum: figure.sharpnessMinimumSize, fits: { f.sharpnessFits(width: $0, height: $1) },
                      what: "the sharpness layout")
            return Drawn(drawing: figure.sharpnessFigure(), description: "sharpness at every recorded step")
        case .spectrum:
            guard !session.runs.isEmpty else { throw CommandError.usage("\(context): the run file has no runs") }
            let products = Double(NetworkSpectrum.worstCaseProducts(model: session.model, probes: 8, steps: 60) * session.runs.count)
            let work = products * 8 * Double(session.data.count) * Double(session.model.parameterCount)
            guard work <= NetRenderCommand.maximumCurvatureWork else {
                throw CommandError.usage("\(context): the spectra of \(runs) could take \(Limits.describeCount(work)) multiply-adds; at most 4·10¹¹: use 'net hessian --density' on one run")
            }
            let f = figure
            try sized(preferred: figure.spectrumPreferredSize, minimum: figure.spectrumMinimumSize, fits: { f.spectrumFits(width: $0, height: $1) },
                      what: "the spectrum layout")
            return Drawn(drawing: figure.spectrumFigure(figure.spectra()), description: "Hessian spectrum at each run's end (8 probes, 60 steps, seed \(figure.seed))")
        case .learned:
            let work = Double(figure.resolution * figure.resolution * session.runs.count) * Double(session.model.parameterCount)
            guard work <= NetRenderCommand.maximumWork else {
                throw CommandError.usage("\(context): \(figure.resolution)² points on \(runs) is about \(Limits.describeCount(work)) multiply-adds; at most 4·10¹⁰ (about 20 s on two cores): lower the resolution")
            }
            let f = figure
            try sized(preferred: figure.learnedPreferredSize, minimum: figure.learnedMinimumSize, fits: { f.learnedFits(width: $0, height: $1) }, what: "the regions layout")
            do {
                return Drawn(drawing: try figure.learned(), description: "data space, resolution=\(figure.resolution)")
            } catch { throw CommandError.usage("\(context): \(error.description)") }
        }
        // One plane, or one per run side by side.
        let planes = figure.layout == .sideBySide ? Swift.max(1, session.runs.count) : 1
        let work = Double(figure.resolution * figure.resolution * planes) * Double(session.data.count) * Double(session.model.parameterCount)
        guard work <= NetRenderCommand.maximumWork else {
            throw CommandError.usage("\(context): a \(figure.resolution)² grid is about \(Limits.describeCount(work)) multiply-adds; at most 4·10¹⁰ (about 20 s on two cores): lower the resolution")
        }
        do {
            let p = try figure.makePlane()
            if let (w, h) = size {
                guard figure.fits(width: Double(w), height: Double(h), plane: p) else {
                    let minimum = figure.minimumSize(plane: p)
                    throw CommandError.usage("\(w)×\(h) is too small for the \(network.layout.rawValue) layout with \(session.runs.count) run\(session.runs.count == 1 ? "" : "s"); the smallest size that works is \(Int(minimum.width))x\(Int(minimum.height))")
                }
                (figure.width, figure.height) = (Double(w), Double(h))
            } else {
                (figure.width, figure.height) = figure.preferredSize(plane: p)
            }
            if figure.layout == .sideBySide {
                return Drawn(drawing: try figure.smallMultiples(), description: "one PCA plane per run, resolution=\(figure.resolution)")
            }
            let grid = figure.grid(on: p)
            return Drawn(drawing: figure.figure(plane: p, grid: grid), description: figure.planeDescription(p, grid: grid), plane: p, grid: grid)
        } catch let error as TrainingError {
            throw CommandError.usage("\(context): \(error.description)")
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError.failure(String(describing: error))
        }
    }

    func run() throws {
        try Renderer.checkFontOrFail()
        var figure = try options.figure()
        guard let format = ImageFormat(path: out) else { throw CommandError.usage("cannot tell the format of '\(out)': use a .png, .svg or .pdf extension") }
        let (style, density) = try styleOptions.resolved()
        figure.style = style
        if let legend = options.text.legend { try FigureTextOptions.setLegend(legend, in: &figure.style) }
        let gridFormat = try gridOut.map { path throws(CommandError) in try GridFileFormat(path: path, view: figure.view) }
        if gridOut != nil && figure.view == .plane && figure.layout == .sideBySide {
            throw CommandError.usage("--grid-out writes one plane's values; side-by-side draws a plane per run: draw one with --plane pca --run K")
        }
        let session = figure.session
        try AtomicFile.checkDirectory(of: out)
        if let gridOut { try AtomicFile.checkDirectory(of: gridOut) }
        // Sizes in output units; the figure is laid out at size ÷ spacing.
        let size = (try options.canvasSize() ?? style.size).map { FigureJob.layoutSize($0, spacing: style.spacing) }
        let made = try Self.draw(figure, size: size, context: options.runFile)
        let (drawing, description) = (made.drawing, made.description)
        try StyleFile.checkOutputSize((Int(drawing.width), Int(drawing.height)), style: style, density: density, formats: [format], context: "")
        if let gridOut, let gridFormat {
            try AtomicFile.write(try gridFormat.bytes(made), to: gridOut)
        }
        let bytes: [UInt8]
        do {
            bytes = try Renderer.render(drawing, format: format, metadata: .init(
                title: drawing.title, description: "\(figure.modelDescription) on \(session.data.source); \(description)",
                idPrefix: FilePath.stem(of: out).isEmpty ? "figure" : FilePath.stem(of: out)), density: density)
        } catch { throw CommandError.failure(error.description) }
        try AtomicFile.write(bytes, to: out)
        if !quiet { try Console.line("wrote \(out) (\(description))") }
    }
}

extension NetRenderCommand {
    /// The layouts a network figure takes (`regions` is not a plane but the data's own space;
    /// `sharpness` is curves against the step).
    static let layouts = ["single", "with-loss", "3d", "3d+contour", "side-by-side", "regions", "sharpness", "spectrum", "curvature-map"]
    /// Every `--plane`: planes, then lines.
    static let planes = Plane.Kind.allCases.map(\.rawValue) + WeightLine.Kind.allCases.map(\.rawValue)

    /// Grid points per axis when none are asked for: 51 on a plane, 31 for a curvature map (each
    /// point a Lanczos run), 201 along lines and in the data's space.
    static func defaultResolution(_ view: NetworkFigure.View) -> Int {
        switch view {
        case .plane: 51
        case .curvatureMap: 31
        default: 201
        }
    }

    /// What `--plane` and `--layout` ask for (`net render` and scene files' `network:`).
    static func view(plane: String, layout: String?, explicitLayout: Bool) throws(CommandError) -> (NetworkFigure.View, Plane.Kind, Comparison.Layout) {
        let layoutName = layout ?? "single"
        guard layouts.contains(layoutName) else { throw CommandError.usage(Arguments.unknown("layout", layoutName, among: layouts)) }
        if layoutName == "regions" { return (.learned, .shared, .single) }
        if layoutName == "sharpness" { return (.sharpness, .shared, .single) }
        if layoutName == "spectrum" { return (.spectrum, .shared, .single) }
        let chosen = Comparison.Layout(rawValue: layoutName) ?? .single
        if let kind = Plane.Kind(rawValue: plane) { return (layoutName == "curvature-map" ? .curvatureMap : .plane, kind, chosen) }
        if let line = WeightLine.Kind(rawValue: plane) {
            guard !explicitLayout || layoutName == "single" else {
                throw CommandError.usage("--plane \(plane) draws one curve per run, in one layout; give no --layout \(layoutName)")
            }
            return (.curves(line), .shared, .single)
        }
        throw CommandError.usage(Arguments.unknown("plane", plane, among: planes))
    }
}

/// `--grid-out`: a plane's grid and directions, or the lines' curves, as JSON, `.npz` (every array)
/// or `.npy` (the loss alone).
///
/// Planes: `x` and `y` (α and β), `loss` shaped (len(y), len(x)) with
/// `loss[i, j] = L(center + x[j]·d1 + y[i]·d2)`, `center`, `d1`, `d2`, and `accuracy` for classes;
/// a curvature map adds `curvature_x`, `curvature_y`, `lambda_max` and `lambda_min` (its lattice).
/// Lines: `x` (α), `loss` and `accuracy` shaped (runs, len(x)) with
/// `loss[r, j] = L(start[r] + x[j]·direction[r])`, and `start` and `direction` shaped (runs, parameters).
enum GridFileFormat {
    case json, npy, npz

    init(path: String, view: NetworkFigure.View) throws(CommandError) {
        try self.init(path: path)
        if view == .learned || view == .sharpness || view == .spectrum {
            throw CommandError.usage("--grid-out writes a plane's or a line's values; the \(view == .learned ? "regions" : view == .sharpness ? "sharpness" : "spectrum") layout has neither")
        }
    }

    init(path: String) throws(CommandError) {
        let ext = path.split(separator: "/").last.flatMap { name in name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } : nil } ?? ""
        switch ext {
        case "json": self = .json
        case "npy": self = .npy
        case "npz": self = .npz
        default: throw CommandError.usage("cannot tell the format of '\(path)': --grid-out takes .json, .npz or .npy")
        }
    }

    /// A surface's sampled grid: `x`, `y` and `loss` shaped (len(y), len(x)), as NumPy reads it
    /// (`loss[i, j]` at (x[j], y[i])); `.npy` holds the values alone.
    func bytes(_ grid: Grid) -> [UInt8] {
        let x = (0..<grid.nx).map { grid.x($0) }, y = (0..<grid.ny).map { grid.y($0) }
        let values = NumPyArray(shape: [grid.ny, grid.nx], values: grid.values)
        switch self {
        case .npy: return values.npyBytes()
        case .npz: return NumPyArray.npzBytes([("x", NumPyArray(x)), ("y", NumPyArray(y)), ("loss", values)])
        case .json:
            func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
            let rows: JSONValue = .array((0..<grid.ny).map { i in numbers(Array(grid.values[(i * grid.nx)..<((i + 1) * grid.nx)])) })
            return Array((JSONValue.object([("x", numbers(x)), ("y", numbers(y)), ("loss", rows)]).compactText() + "\n").utf8)
        }
    }

    func bytes(_ drawn: NetRenderCommand.Drawn) throws(CommandError) -> [UInt8] {
        if let plane = drawn.plane, let grid = drawn.grid {
            switch self {
            case .json: return Array(NetworkFigure.gridJSON(plane: plane, grid: grid, description: drawn.description, curvature: drawn.curvature).utf8)
            case .npy: return NumPyArray(shape: [grid.y.count, grid.x.count], values: grid.loss).npyBytes()
            case .npz:
                var arrays: [(name: String, array: NumPyArray)] = [
                    ("x", NumPyArray(grid.x)), ("y", NumPyArray(grid.y)), ("loss", NumPyArray(shape: [grid.y.count, grid.x.count], values: grid.loss)),
                    ("center", NumPyArray(plane.center)), ("d1", NumPyArray(plane.d1)), ("d2", NumPyArray(plane.d2)),
                ]
                if let a = grid.accuracy { arrays.append(("accuracy", NumPyArray(shape: [grid.y.count, grid.x.count], values: a))) }
                if let c = drawn.curvature {
                    arrays += [("curvature_x", NumPyArray(c.x)), ("curvature_y", NumPyArray(c.y)),
                               ("lambda_max", NumPyArray(shape: [c.y.count, c.x.count], values: c.largest)),
                               ("lambda_min", NumPyArray(shape: [c.y.count, c.x.count], values: c.smallest))]
                }
                return NumPyArray.npzBytes(arrays)
            }
        }
        guard let curves = drawn.curves, let first = curves.first else {
            throw CommandError.failure("no grid or curves to write")
        }
        let runs = curves.count, n = first.curve.alpha.count, p = first.line.start.count
        let loss = NumPyArray(shape: [runs, n], values: curves.flatMap(\.curve.loss))
        switch self {
        case .npy: return loss.npyBytes()
        case .npz:
            var arrays: [(name: String, array: NumPyArray)] = [("x", NumPyArray(first.curve.alpha)), ("loss", loss)]
            if curves.allSatisfy({ $0.curve.accuracy != nil }) {
                arrays.append(("accuracy", NumPyArray(shape: [runs, n], values: curves.flatMap { $0.curve.accuracy ?? [] })))
            }
            arrays.append(("start", NumPyArray(shape: [runs, p], values: curves.flatMap(\.line.start))))
            arrays.append(("direction", NumPyArray(shape: [runs, p], values: curves.flatMap(\.line.direction))))
            return NumPyArray.npzBytes(arrays)
        case .json:
            func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
            var pairs: [(String, JSONValue)] = [("line", .string(drawn.description)), ("x", numbers(first.curve.alpha)),
                                               ("loss", .array(curves.map { numbers($0.curve.loss) }))]
            if curves.allSatisfy({ $0.curve.accuracy != nil }) { pairs.append(("accuracy", .array(curves.map { numbers($0.curve.accuracy ?? []) }))) }
            pairs.append(("start", .array(curves.map { numbers($0.line.start) })))
            pairs.append(("direction", .array(curves.map { numbers($0.line.direction) })))
            return Array((JSONValue.object(pairs).compactText() + "\n").utf8)
        }
    }
}

struct NetAnimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "animate",
        abstract: "Animate a run file's paths growing on a plane through weight space.",
        discussion: """
            Takes the plane and layout options of 'net render' (planes only: shared, pca, random, hessian or saddle) and \
            the animation options of 'landscape animate'. Every run grows at the pace of its recorded \
            steps; the last frame is the still figure 'net render' draws.

            Examples:
              $ landscape net animate run.json --plane shared --out race.gif
              $ landscape net animate run.json --plane shared --layout 3d+contour \\
                  --out race.png
            """
    )

    @OptionGroup var options: NetFigureOptions
    @OptionGroup var animation: AnimationOptions
    @OptionGroup var styleOptions: StyleOptions

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The file to write: .gif, .png or .apng (an animated PNG), or .svg.")
    var out: String

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    func run() throws {
        try Renderer.checkFontOrFail()
        guard let format = AnimationFormat(path: out) else {
            throw CommandError.usage("cannot animate into '\(out)': use a .gif, .png (or .apng) or .svg name")
        }
        var figure = try options.figure()
        let (style, density) = try styleOptions.resolved()
        // An animation's frames are images at its size: drawn at spacing 1, one pixel a point.
        guard density == 1 else { throw CommandError.usage("--scale and --dpi set a still PNG's pixel density; an animation's pixels are its --size") }
        figure.style = style
        figure.style.spacing = 1
        if let legend = options.text.legend { try FigureTextOptions.setLegend(legend, in: &figure.style) }
        guard figure.view == .plane else {
            throw CommandError.usage("net animate grows the paths on a plane: use --plane shared, pca, random, hessian or saddle, and a layout other than regions, sharpness, spectrum or curvature-map")
        }
        let settings = try animation.settings(format: format, threeD: figure.layout == .threeD || figure.layout == .threeDContour)
        try AtomicFile.checkDirectory(of: out)
        let made = try NetRenderCommand.draw(figure, size: try options.canvasSize(), context: options.runFile)
        let race = settings.animation(of: made.drawing)
        try AnimationOptions.check(race, as: format)
        let bytes: [UInt8]
        do {
            bytes = try AnimationWriter.write(race, as: format, metadata: .init(
                title: made.drawing.title, description: "\(figure.modelDescription) on \(figure.session.data.source); \(made.description)",
                idPrefix: FilePath.stem(of: out).isEmpty ? "figure" : FilePath.stem(of: out)))
        } catch { throw CommandError.failure(error.description) }
        try AtomicFile.write(bytes, to: out)
        if !quiet { try Console.line("wrote \(out) (\(race.frameCount) frames; \(made.description))") }
    }
}

/// What `net render` and `net animate` share: the run file, and the plane or line and how to draw it.
struct NetFigureOptions: ParsableArguments {
    @Argument(help: "The run file written by 'landscape net train'.", completion: Completions.runFiles)
    var runFile: String

    @Option(name: .long, parsing: .unconditional, help: "shared, pca, random, hessian, saddle, interpolation or slice.")
    var plane = "shared"

    @Option(name: .customLong("run"), parsing: .unconditional, help: "The run (0, 1, …) for pca, random, hessian and saddle planes; default: the last.")
    var runNumber: String?

    @Option(name: .long, parsing: .unconditional, help: "Grid points per axis, 3 to 1001 (default: 51 for planes, 31 for curvature-map, 201 for lines and regions).")
    var resolution: String?

    @Option(name: .long, parsing: .unconditional, help: "Half the side of the (α, β) square; default: 1 for random, the paths' extent otherwise.")
    var span: String?

    @Option(name: .long, parsing: .unconditional, help: "Seed of the random directions.")
    var seed = "0"

    @Option(name: .long, parsing: .unconditional, help: "single, with-loss, 3d, 3d+contour, side-by-side, regions, sharpness, spectrum or curvature-map.", completion: Completions.networkLayouts)
    var layout: String?
    var layoutGiven: Bool { layout != nil }

    @Option(name: .long, parsing: .unconditional, help: "WIDTHxHEIGHT in pixels.")
    var size: String?

    @Option(name: .long, parsing: .unconditional, help: "A figure title instead of the automatic one.")
    var title: String?

    @OptionGroup var text: FigureTextOptions

    @OptionGroup var colorScaleOptions: ColorScaleOptions

    /// A run file written by `net train`, read within its size limit and checked.
    static func session(_ runFile: String) throws(CommandError) -> NetworkSession {
        do {
            let text = try readTextFile(runFile, limit: NetTrainCommand.maxRunFileBytes)
            return try NetworkSession(json: text, source: runFile)
        } catch let error as FileReadError {
            throw CommandError.usage("cannot read '\(runFile)': \(error.message)")
        } catch let error as RunFileError {
            throw CommandError.usage(error.description)
        } catch {
            throw CommandError.failure(String(describing: error))
        }
    }

    /// Reads the run file and makes the figure the options ask for (its size is set when drawn).
    func figure() throws(CommandError) -> NetworkFigure {
        let session = try Self.session(runFile)
        var figure = NetworkFigure(session: session)
        (figure.view, figure.plane, figure.layout) = try NetRenderCommand.view(plane: plane, layout: layout, explicitLayout: layoutGiven)
        figure.resolution = try resolution.map { r throws(CommandError) in try Arguments.wholeNumber(r, option: "--resolution", in: 3...1001) }
            ?? NetRenderCommand.defaultResolution(figure.view)
        figure.seed = UInt64(try Arguments.wholeNumber(seed, option: "--seed", in: 0...Int(Int32.max)))
        if let runNumber {
            figure.run = try Arguments.wholeNumber(runNumber, option: "--run", in: 0...Swift.max(0, session.runs.count - 1))
        }
        if let span {
            let s = try Arguments.positive(span, option: "--span")
            guard s >= 1e-9, s <= 1e6 else { throw CommandError.usage("--span '\(span)': expected a number from 1e-9 to 1e6") }
            figure.span = s
        }
        figure.title = title
        var spec = Scene.FigureSpec(name: "figure", surfaces: [])
        try text.apply(to: &spec)
        try colorScaleOptions.apply(to: &spec)
        FigureJob.configure(&figure, spec)
        if let legend = text.legend { try FigureTextOptions.setLegend(legend, in: &figure.style) }
        return figure
    }

    func canvasSize() throws(CommandError) -> (width: Int, height: Int)? {
        try size.map { s throws(CommandError) in try Arguments.size(s) }
    }
}
