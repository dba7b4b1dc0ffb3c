import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Plotting

/// `landscape render`: one figure from the command line, or every figure of a scene file.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw optimizer paths on a surface as PNG, SVG or PDF.",
        discussion: """
            Hyperparameters left out of an optimizer spec come from the surface's suggested settings \
            (see 'landscape surfaces'); with no --optimizer, the surface's suggested optimizers are used. \
            The format follows the --out extension (.png, .svg, .pdf); without --out the figure goes \
            to standard output in --format (png by default). Layouts: single, with-loss (the loss \
            per step beside the landscape), with-curvature (the loss and the sharpness λmax along each \
            path, with its stability threshold 2/η), side-by-side (a panel per optimizer), grid (with \
            --scene, surfaces × optimizers). --indefinite, --ellipses and --ellipse-at draw the \
            Hessian over the contours. Colormaps (see --colormap): matplotlib's perceptual and diverging ones, each reversed with _r.

            Examples:
              $ landscape render ravine --optimizer gd --optimizer momentum \\
                  --optimizer adam --out ravine.png
              $ landscape render two-well --optimizer gd:lr=0.05 --optimizer momentum \\
                  --with-loss-panel --out two-well.svg
              $ landscape render ravine --optimizer gd:lr=0.036 --optimizer adam:lr=0.1 \\
                  --layout with-curvature --ellipses 5 --out ravine-curvature.png
              $ landscape render rosenbrock --optimizer adam:lr=0.05 --steps 3000 \\
                  --size 1000x800 --colormap magma --out r.pdf
              $ landscape render --scene ravine.yaml --out figures/
              $ landscape render --expr '2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2' \\
                  --domain -2,2,-2,2 --optimizer gd:lr=0.05 --optimizer adam:lr=0.1 \\
                  --out camel.png
              $ landscape render --grid-file surface.h5 --surface-name train_loss \\
                  --path-file trajectory.h5 --label SGD --layout 3d+contour \\
                  --out resnet.svg
            """
    )

    @OptionGroup var figure: FigureOptions

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The file to write (.png, .svg or .pdf); with --scene, the directory (default: output).")
    var out: String?

    @Option(name: .long, parsing: .unconditional, help: "png, svg or pdf, for standard output.")
    var format: String?

    @Option(name: .long, parsing: .unconditional, help: "A scene file (.json, .yaml): every figure it describes.", completion: Completions.scenes)
    var scene: String?

    @Option(name: .customLong("grid-out"), parsing: .unconditional, help: "Also write the landscape's sampled grid: .npz (x, y, loss), .npy (the values) or .json.")
    var gridOut: String?

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    func run() throws {
        try Renderer.checkFontOrFail()
        if let scene {
            guard figure.surface == nil, figure.expression.expr == nil, figure.optimizer.isEmpty, figure.gridFile == nil, gridOut == nil else {
                throw CommandError.usage("give a surface or --scene, not both (--grid-out goes with a surface)")
            }
            let directory = out ?? "output"
            let loaded = try Scene.load(path: scene)
            try AtomicFile.prepareDirectory(directory)
            let jobs = try loaded.figures.map { spec throws(CommandError) in try FigureJob(spec) }
            let progress = Progress(files: jobs.reduce(0) { $0 + $1.formats.count }, quiet: quiet)
            _ = try FigureWriter.write(jobs, into: directory, progress: progress)
            try progress.finish()
            return
        }
        guard figure.surface != nil || figure.expression.expr != nil || figure.gridFile != nil else {
            throw CommandError.usage("render needs a surface (e.g. 'landscape render bowl'), --expr FORMULA, --grid-file FILE or --scene FILE")
        }
        let gridFormat = try gridOut.map { path throws(CommandError) in try GridFileFormat(path: path) }
        var job = try FigureJob(try figure.figureSpec(try figure.chosenSurface(), out: out))
        let outputFormat = try self.outputFormat()
        if let gridOut, let gridFormat {
            guard let c = job.comparisons.first, job.comparisons.count == 1 else {
                throw CommandError.usage("--grid-out writes one surface's grid; this figure has none")
            }
            guard c.surface.dimension == 2 else { throw CommandError.usage("--grid-out writes a 2-D surface's grid; '\(c.surface.name)' is a curve") }
            // Sampled once: the figure draws the same grid.
            let grid = c.sampledGrid
            job.comparisons[0].grid = grid
            try AtomicFile.checkDirectory(of: gridOut)
            try AtomicFile.write(gridFormat.bytes(grid), to: gridOut)
        }
        if let out, out != "-" {
            try AtomicFile.checkDirectory(of: out)
            try AtomicFile.write(try job.render(as: [outputFormat])[0], to: out)
            if !quiet { try Console.line("wrote \(out)") }
        } else {
            if outputFormat != .svg && isatty(STDOUT_FILENO) != 0 {
                throw CommandError.usage("not writing \(outputFormat.rawValue.uppercased()) to a terminal; give --out FILE or redirect standard output")
            }
            try Console.out(try job.render(as: [outputFormat])[0])
        }
    }

    func outputFormat() throws(CommandError) -> ImageFormat {
        if let format {
            guard let f = ImageFormat(rawValue: format) else {
                throw .usage("unknown format '\(format)'" + (closestMatch(to: format, in: ImageFormat.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? "; expected png, svg or pdf"))
            }
            return f
        }
        guard let out, out != "-" else { return .png }
        guard let f = ImageFormat(path: out) else {
            throw .usage("cannot tell the format of '\(out)': use a .png, .svg or .pdf extension")
        }
        return f
    }

}

/// What `render` and `animate` both take: the surface, its optimizers and runs, and how the
/// figure looks.
struct FigureOptions: ParsableArguments {
    @Argument(help: "The surface spec, e.g. ravine:kappa=100 (omit with --scene).", completion: Completions.surfaces)
    var surface: String?

    @OptionGroup var expression: ExpressionOptions
    @OptionGroup var domainOption: DomainOption

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "An optimizer spec; repeat for several.", completion: Completions.optimizers)
    var optimizer: [String] = []

    @Option(name: .customLong("grid-file"), parsing: .unconditional, help: "A grid computed elsewhere instead of a surface: loss-landscape's .h5, .npy, .npz or .csv.", completion: Completions.gridFiles)
    var gridFile: String?

    @Option(name: .customLong("surface-name"), parsing: .unconditional, help: "With --grid-file: the grid to draw (default: train_loss, or the file's first).")
    var surfaceName: String?

    @Option(name: .customLong("path-file"), parsing: .unconditionalSingleValue, help: "With --grid-file: a path to draw (loss-landscape's projected .h5, a trajectory .csv/.json, or a CSV of x,y[,loss]); repeat for several.", completion: Completions.pathFiles)
    var pathFile: [String] = []

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "With --grid-file: the legend label of each --path-file, in order.")
    var label: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Width x height in points (pixels in a PNG at --scale 1), e.g. 800x600; default: the style's size, else one that suits the layout, the surface's shape and the panel count.")
    var size: String?

    @Option(name: .long, parsing: .unconditional, help: "Points per axis of the contour grid (2 to 4000).")
    var grid: String = "400"

    @Option(name: .long, parsing: .unconditional, help: "About this many contour levels (2 to 200).")
    var levels: String = "24"

    @Option(name: .long, parsing: .unconditional, help: "viridis, plasma, inferno, magma, cividis, turbo, diverging, coolwarm, RdBu, RdYlBu, PuOr, BrBG, PiYG or Spectral; _r reverses any (default: viridis; diverging for saddles).", completion: Completions.colormaps)
    var colormap: String?

    @Option(name: .long, parsing: .unconditional, help: "single, with-loss, with-curvature (the loss and λmax along each path with its stability threshold), side-by-side, grid, 3d (the surface in 3-D), 3d+contour (3-D beside the contour plot) or 3d-side-by-side (a 3-D panel per optimizer).", completion: Completions.layouts)
    var layout: String = "single"

    @Option(name: .long, parsing: .unconditional, help: "With a 3-D layout: the view's azimuth in degrees, as matplotlib's view_init. (default: -60)")
    var azimuth: String?

    @Option(name: .long, parsing: .unconditional, help: "With a 3-D layout: the view's elevation in degrees, -90 to 90. (default: 30)")
    var elevation: String?

    @Option(name: .long, parsing: .unconditional, help: "With a 3-D layout: mesh cells a side, 2 to 400. (default: 50, as matplotlib's plot_surface)")
    var mesh: String?

    @Option(name: .customLong("z-range"), parsing: .unconditional, help: "With a 3-D layout: the heights shown, LO,HI, or auto (from the mesh, cutting blow-ups). (default: auto)")
    var zRange: String?

    @Option(name: .customLong("z-scale"), parsing: .unconditional, help: "With a 3-D layout: linear or log heights (default: log when the contour levels are, as for Rosenbrock).")
    var zScale: String?

    @Flag(name: .long, help: "With a 3-D layout: perspective instead of orthographic projection.")
    var perspective = false

    @Flag(name: .long, help: "With a 3-D layout: draw the parts of paths the surface hides, faintly dashed.")
    var xray = false

    @Flag(name: .customLong("drop-lines"), help: "With a 3-D layout: lines from the paths' step markers down to the floor.")
    var dropLines = false

    @Flag(name: .long, help: "With a 3-D layout: colour the mesh by contour band, as the contour plot, instead of continuously by height.")
    var banded = false

    @Flag(name: .customLong("with-loss-panel"), help: "Add the loss-per-step panel (the same as --layout with-loss).")
    var withLossPanel = false

    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, parsing: .unconditional, help: "Runs per stochastic optimizer (mini-batch SGD on sincos or regression), seeds S … S+K−1; the figure shows the median path and loss with the interquartile band.")
    var seeds: String = "1"

    @Option(name: .long, parsing: .unconditional, help: "The title (default: the surface's formula).")
    var title: String?

    @OptionGroup var text: FigureTextOptions

    @OptionGroup var colorScaleOptions: ColorScaleOptions

    @OptionGroup var curvatureOptions: CurvatureOptions

    @OptionGroup var styleOptions: StyleOptions

    /// The 3-D view from the command line, checked value by value.
    func viewSpec() throws(CommandError) -> Scene.ViewSpec {
        var view = Scene.ViewSpec()
        view.given = azimuth != nil || elevation != nil || mesh != nil || zRange != nil || zScale != nil || perspective || xray || dropLines || banded
        if let azimuth { view.azimuth = try Arguments.finite(azimuth, option: "--azimuth") }
        if let elevation {
            let e = try Arguments.finite(elevation, option: "--elevation")
            guard (-90...90).contains(e) else { throw .usage("--elevation '\(elevation)': expected degrees from -90 to 90") }
            view.elevation = e
        }
        if let mesh { view.mesh = try Arguments.wholeNumber(mesh, option: "--mesh", in: 2...Surface3DPanel.maximumMesh) }
        if let zRange, zRange != "auto" {
            let parts = zRange.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite, lo < hi else {
                throw .usage("--z-range '\(zRange)': expected LO,HI with LO < HI, or auto")
            }
            view.zRange = lo...hi
        }
        if let zScale {
            guard zScale == "linear" || zScale == "log" else {
                throw .usage("unknown z scale '\(zScale)'" + (closestMatch(to: zScale, in: ["linear", "log"]).map { "; did you mean '\($0)'?" } ?? "; expected linear or log"))
            }
            view.logZ = zScale == "log"
        }
        view.perspective = perspective
        view.xray = xray
        view.dropLines = dropLines
        view.banded = banded
        return view
    }

    /// The surface named on the command line, or nil for an imported grid (`--grid-file`); what
    /// goes with only one of them is refused.
    func chosenSurface() throws(CommandError) -> Surface? {
        guard gridFile != nil else {
            guard surfaceName == nil, pathFile.isEmpty, label.isEmpty else {
                throw .usage("--surface-name, --path-file and --label go with --grid-file")
            }
            return try expression.surface(surface, domain: domainOption.domain)
        }
        guard surface == nil, expression.expr == nil else { throw .usage("give a surface, --expr or --grid-file, not two of them") }
        guard label.count <= pathFile.count else { throw .usage("\(label.count) --label for \(pathFile.count) --path-file: give one label per path, in order") }
        return nil
    }

    /// The command line as a scene figure, checked value by value; `s` nil: the imported grid.
    func figureSpec(_ s: Surface?, out: String?) throws(CommandError) -> Scene.FigureSpec {
        var spec: Scene.FigureSpec
        if let s {
            spec = try expression.figureSpec(name: "figure", for: s)
        } else {
            spec = Scene.FigureSpec(name: "figure", surfaces: ["grid-file"])
            spec.gridFile = gridFile
            spec.surfaceName = surfaceName
            spec.paths = pathFile.enumerated().map { k, f in Scene.PathSpec(file: f, label: k < label.count ? label[k] : nil) }
        }
        if let out {
            let stem = FilePath.stem(of: out)
            spec.name = stem.isEmpty || out == "-" ? "figure" : stem
        }
        spec.optimizers = optimizer
        spec.starts = try s.map { s throws(CommandError) in try runOptions.startPoints(for: s).map { $0.dimensionPrefix(s.dimension) } } ?? []
        spec.steps = try runOptions.stepCount()
        spec.seed = try runOptions.seedValue()
        spec.seeds = try Arguments.wholeNumber(seeds, option: "--seeds", in: 1...1000)
        if let g = try runOptions.stopGradValue() { spec.stopGrad = g }  // otherwise the scene default, 1e-6
        spec.stopLoss = try runOptions.stopLossValue()
        spec.size = try size.map { text throws(CommandError) in try Arguments.size(text) }
        spec.grid = try Arguments.grid(grid)
        spec.levels = try Arguments.wholeNumber(levels, option: "--levels", in: 2...200)
        spec.colormap = try colormap.map { name throws(CommandError) in try Arguments.colormap(name) }
        try colorScaleOptions.apply(to: &spec)
        spec.curvature = try curvatureOptions.marks()
        if !spec.curvature.isEmpty && s == nil {
            throw .usage("--indefinite, --ellipses and --ellipse-at need a surface's exact Hessian; a grid from a file has none")
        }
        guard let chosen = FigureLayout(rawValue: layout) else {
            throw .usage(Arguments.unknown("layout", layout, among: Scene.layouts))
        }
        // (One surface from the command line: a grid is its row, side by side.)
        spec.layout = withLossPanel ? .withLoss : chosen == .grid ? .sideBySide : chosen == .threeDGrid ? .threeDSideBySide : chosen
        spec.view = try viewSpec()
        if spec.view.given && !spec.layout.isThreeD {
            throw .usage("--azimuth, --elevation, --mesh, --z-range, --z-scale, --perspective, --xray, --drop-lines and --banded go with --layout 3d, 3d+contour or 3d-side-by-side")
        }
        spec.title = title
        (spec.style, spec.density) = try styleOptions.resolved()
        try text.apply(to: &spec)
        return spec
    }
}

extension Vector2 {
    func dimensionPrefix(_ dimension: Int) -> [Double] { dimension == 1 ? [x] : [x, y] }
}

extension Arguments {
    /// `WxH` with whole numbers from 100 to 8000.
    static func size(_ text: String) throws(CommandError) -> (width: Int, height: Int) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
            throw .usage("--size '\(text)': expected WIDTHxHEIGHT, e.g. 800x600")
        }
        guard (100...8000).contains(w), (100...8000).contains(h) else {
            throw .usage("--size '\(text)': width and height must be from 100 to 8000")
        }
        return (w, h)
    }
}

extension Arguments {
    /// A colour scale from the command line or a scene, checked: levels that are finite and
    /// increase, a range LO < HI, linear, log or symlog[:T] spacing (log needs positive levels and range).
    static func colorScale(levels texts: [String], range: String?, spacing: String?, option: (levels: String, range: String, spacing: String) = ("--level", "--color-range", "--color-scale"))
        throws(CommandError) -> FieldStyle.Request {
        var request = FieldStyle.Request()
        if let spacing, spacing.hasPrefix("symlog:") {
            let t = String(spacing.dropFirst("symlog:".count))
            guard let v = Double(t), v.isFinite, v >= 1e-300, v <= 1e300 else {
                throw .usage("\(option.spacing) \(excerpt(spacing, limit: 40)): symlog:T needs a threshold T from 1e-300 to 1e300, e.g. symlog:0.1")
            }
            request.spacing = .symlog
            request.threshold = v
        } else if let spacing {
            guard let s = FieldStyle.Request.Spacing(rawValue: spacing) else {
                throw .usage(unknown(option.spacing.hasPrefix("--") ? "\(option.spacing) value" : "'\(option.spacing)'", spacing, among: FieldStyle.Request.Spacing.allCases.map(\.rawValue)))
            }
            request.spacing = s
        }
        if !texts.isEmpty {
            var levels: [Double] = []
            for text in texts { levels.append(try finite(text, option: option.levels)) }
            guard levels.count >= 2 else { throw .usage("\(option.levels): give at least two levels (one band lies between two)") }
            if let k = levels.indices.dropFirst().first(where: { levels[$0] <= levels[$0 - 1] }) {
                throw .usage("\(option.levels): the levels must increase (\(format(levels[k])) after \(format(levels[k - 1])))")
            }
            guard request.spacing != .log || levels[0] > 0 else { throw .usage("\(option.levels): log spacing needs levels above 0 (the first is \(format(levels[0])))") }
            request.levels = levels
        }
        if let range {
            let parts = range.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]), lo.isFinite, hi.isFinite else {
                throw .usage("\(option.range) \(excerpt(range, limit: 40)): expected LO,HI, two finite numbers")
            }
            guard lo < hi else { throw .usage("\(option.range) \(excerpt(range, limit: 40)): expected LO < HI") }
            guard request.spacing != .log || lo > 0 else { throw .usage("\(option.range) \(excerpt(range, limit: 40)): log spacing needs LO > 0") }
            guard request.levels == nil else { throw .usage("give \(option.levels) or \(option.range), not both (levels set the range)") }
            request.range = lo...hi
        }
        return request
    }
}
