import ArgumentParser
import CairoRenderer
import Contours
import Dispatch
import Foundation
import GridFiles
import Landscapes
import Networks
import Plotting
import Trajectories

/// `landscape bench`: times each stage of making a figure, in process, as medians over repeats.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time each stage of making figures (medians over repeats) on this machine.",
        discussion: """
            Stages: grid evaluation, contouring (30 levels of a 1000×1000 grid), drawing a landscape \
            figure in 2-D and in 3-D, PNG encoding, SVG writing, optimizer steps per second (Adam on bowl, recording \
            every step), Adam on a vector of 10⁶ parameters against the memory's bandwidth (STREAM's triad), a \
            network's plane grid, a sweep, and the cost bound by the canvas: a figure of a 10⁷-step run and one \
            of an imported 4000×4000 grid. For the whole-process comparison with matplotlib, run \
            Tests/Benchmarks/compare.py. With the default 7 repeats it takes about half a minute \
            (26 s on 2 cores).

            Examples:
              $ landscape bench
              $ landscape bench --json > bench.json
            """
    )

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Repeats per stage (the median is reported).")
    var repeats: String = "7"

    struct Measurement {
        var name: String
        var seconds: Double
        var note: String
    }

    func run() throws {
        let repeats = try Arguments.wholeNumber(self.repeats, option: "--repeats", in: 1...1000)
        try Renderer.checkFontOrFail()
        var results: [Measurement] = []
        func measure(_ name: String, note: String = "", heavy: Bool = false, _ body: () throws -> Void) rethrows {
            var times: [Double] = []
            // A heavy stage (seconds each) runs at most three times, without a warm-up.
            if !heavy { try body() }  // warm-up
            for _ in 0..<(heavy ? Swift.min(repeats, 3) : repeats) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            }
            times.sort()
            results.append(Measurement(name: name, seconds: times[times.count / 2], note: note))
        }
        let bowl = try Arguments.surface("bowl"), sincos = try Arguments.surface("sincos")
        for n in [400, 1600] {
            measure("grid bowl \(n)×\(n)") { _ = Grid(surface: bowl, domain: bowl.domain, resolution: n) }
            measure("grid sincos \(n)×\(n)", note: "mean over 200 samples, closed form") { _ = Grid(surface: sincos, domain: sincos.domain, resolution: n) }
        }
        let typed = try Arguments.surface("expr:x^2 + 10*sin(y)")
        measure("grid x^2 + 10*sin(y) 1600×1600", note: "typed expression, compiled; cf. bowl") {
            _ = Grid(surface: typed, domain: typed.domain, resolution: 1600)
        }
        let big = Grid(surface: try Arguments.surface("himmelblau"), domain: .square(5), resolution: 1000)
        let levels = LevelPicker.linear(30).levels(for: big)
        measure("contour lines, 30 levels, 1000×1000", note: "himmelblau, one pass for all levels") {
            _ = ContourGenerator(grid: big).lines(atLevels: levels)
        }
        measure("contour lines, 30 levels, 1000×1000", note: "one pass per level") {
            let generator = ContourGenerator(grid: big)
            for level in levels { _ = generator.lines(at: level) }
        }
        measure("filled contours, 30 levels, 1000×1000", note: "himmelblau, superlevel sets, one pass for all levels") {
            let generator = ContourGenerator(grid: big)
            let segments = generator.segments(forLevels: levels)
            for k in levels.indices { _ = generator.filled(lower: levels[k], upper: .infinity, lowerSegments: segments[k], upperSegments: []) }
        }
        var comparison = Comparison(surface: try Arguments.surface("two-well"),
                                    optimizers: try ["gd:lr=0.05", "momentum:lr=0.05", "adam:lr=0.1"].map { text throws(CommandError) in try Arguments.optimizer(text, for: try Arguments.surface("two-well")) },
                                    stop: StopRule(maxSteps: 200))
        comparison.levelCount = 30
        measure("figure model, 800×600, grid 400", note: "runs, grid, levels") { _ = comparison.figure() }
        let figure = comparison.figure()
        var png: [UInt8] = []
        try measure("draw + encode PNG 800×600", note: "Cairo raster, our PNG encoder") {
            png = try Renderer.render(width: 800, height: 600, format: .png, metadata: .init(title: "", description: "", idPrefix: "b")) { figure.draw(on: $0) }
        }
        var svg: [UInt8] = []
        try measure("draw + write SVG 800×600") {
            svg = try Renderer.render(width: 800, height: 600, format: .svg, metadata: .init(title: "", description: "", idPrefix: "b")) { figure.draw(on: $0) }
        }
        var solid = comparison
        solid.layout = .threeD
        solid.width = 800
        solid.height = 600
        solid.camera = Camera3D(azimuth: -110, elevation: 45)
        let solidFigure = solid.figure()
        try measure("draw + encode 3-D PNG 800×600", note: "two-well, mesh 50, three 200-step paths") {
            _ = try Renderer.render(width: 800, height: 600, format: .png, metadata: .init(title: "", description: "", idPrefix: "b")) { solidFigure.draw(on: $0) }
        }
        try measure("draw + write 3-D SVG 800×600") {
            _ = try Renderer.render(width: 800, height: 600, format: .svg, metadata: .init(title: "", description: "", idPrefix: "b")) { solidFigure.draw(on: $0) }
        }
        var race = comparison
        race.optimizers = try ["gd:lr=0.05", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"].map { text throws(CommandError) in
            try Arguments.optimizer(text, for: try Arguments.surface("two-well"))
        }
        race.stop = StopRule(maxSteps: 300)
        let raceAnimation = Animation(figure: race.figure(), frames: 120, fps: 24)
        var apngBytes = 0, gifBytes = 0, svgBytes = 0
        try measure("animate APNG 800×600, 120 frames", note: "two-well race, 300 steps; frames drawn, diffed, rasterized, compressed") {
            do { apngBytes = try AnimationWriter.apng(raceAnimation).count } catch { throw CommandError.failure("\(error)") }
        }
        try measure("animate GIF 800×600, 120 frames", note: "the same race; palette, changed rectangles, LZW") {
            do { gifBytes = try AnimationWriter.gif(raceAnimation).count } catch { throw CommandError.failure("\(error)") }
        }
        try measure("animate SVG 800×600, 120 frames", note: "the same race; frames matched against the still figure, keyframes") {
            do { svgBytes = try AnimationWriter.svg(raceAnimation).count } catch { throw CommandError.failure("\(error)") }
        }
        let adam = try OptimizerConfiguration(spec: "adam:lr=0.001")
        let steps = 1_000_000
        measure("Adam on bowl, \(steps) steps recorded") {
            _ = Runner(surface: bowl, optimizer: adam).run(from: [2.5, 2.5], stop: StopRule(maxSteps: steps))
        }
        let adamSeconds = results.last!.seconds
        measure("Adam(lr: 0.001) as a value on bowl, \(steps) steps recorded", note: "Runner(surface:optimizer:) with the value, no spec") {
            _ = Runner(surface: bowl, optimizer: Adam(lr: 0.001)).run(from: [2.5, 2.5], stop: StopRule(maxSteps: steps))
        }
        let adamValueSeconds = results.last!.seconds
        // N-D Adam against what memory can deliver: a step reads θ, g, m, v and writes θ, m, v,
        // 56 bytes a parameter; STREAM's triad moves 24 bytes an element (plus the write's
        // allocation, which it does not count).
        let parameters = 1_000_000, adamRepeats = 10
        var theta = (0..<parameters).map { Double($0 % 1000) * 1e-3 }
        let gradient = theta.map { 0.5 * $0 + 0.1 }
        var vectorAdam = Adam<[Double]>()
        var t = 0
        measure("Adam on 10⁶ parameters, \(adamRepeats) steps", note: "Adam<[Double]>, 56 bytes a parameter a step") {
            for _ in 0..<adamRepeats {
                t += 1
                vectorAdam.step(&theta, gradient: gradient, context: StepContext(t: t, learningRate: 1e-3))
            }
        }
        let vectorAdamSeconds = results.last!.seconds / Double(adamRepeats)
        let triadCount = 4_000_000
        let b = [Double](repeating: 1, count: triadCount), c = [Double](repeating: 2, count: triadCount)
        var a = [Double](repeating: 0, count: triadCount)
        measure("memory triad a = b + s·c, 4·10⁶ doubles", note: "STREAM's triad, one thread, 24 bytes an element") {
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeBufferPointer { c in
                        for i in 0..<triadCount { a[i] = b[i] + 3 * c[i] }
                    }
                }
            }
        }
        let triadBandwidth = 24 * Double(triadCount) / results.last!.seconds
        let adamBandwidth = 56 * Double(parameters) / vectorAdamSeconds
        // A network's plane: the loss at 51² points, each a forward pass over the data.
        let spirals = try Dataset(spec: "spirals:n=300,noise=0.2,seed=0")
        let mlp = try MLP(spec: "mlp:hidden=16x16,act=tanh", for: spirals)
        let netPlane = Plane.random(around: mlp.initialParameters(seed: 0), model: mlp, seed: 0)
        let axis = PlaneGrid.linspace(-1, 1, 51)
        measure("network plane grid 51×51", note: "MLP 2-16-16-2 tanh on 300 spiral points, every core") {
            _ = PlaneGrid.compute(model: mlp, data: spirals, plane: netPlane, x: axis, y: axis)
        }
        // Curvature: a Hessian-vector product against a gradient of the same network and data.
        let netTheta = mlp.initialParameters(seed: 0)
        var netGradient: [Double] = [], netWorkspace = MLP.Workspace()
        measure("network gradient", note: "the same MLP, all 300 points, one thread") {
            _ = mlp.lossAndGradient(netTheta, on: spirals, gradient: &netGradient, workspace: &netWorkspace)
        }
        let gradientSeconds = results.last!.seconds
        var direction = SplitMix64(seed: 1)
        let netV = netTheta.map { _ in direction.unit() - 0.5 }
        var netHV: [Double] = [], curvatureWorkspace = MLP.CurvatureWorkspace()
        measure("network Hessian-vector product", note: "the same; exact (R-operator); target ≤ 3 gradients") {
            _ = mlp.hessianVectorProduct(netTheta, netV, on: spirals, into: &netHV, workspace: &curvatureWorkspace)
        }
        let hvpSeconds = results.last!.seconds
        let sweep = try Arguments.sweep(surface: try Arguments.surface("ravine"), optimizer: "momentum",
                                        x: ("lr", "0.001:0.1:log"), y: ("momentum", "0:0.99"), cells: (100, 100),
                                        start: [-2.5, 1], stop: StopRule(maxSteps: 500), seed: 0)
        var workers = 0, sweepSteps = 0
        measure("sweep 100×100 momentum on ravine", note: "10⁴ runs of up to 500 steps, every core") {
            let r = sweep.run()
            workers = r.workers
            sweepSteps = r.cells.reduce(0) { $0 + $1.end.steps }
        }
        let sweepSeconds = results.last!.seconds
        // Cost bounded by the canvas: ten million recorded steps, and a grid of 16 million values,
        // each drawn as a whole figure (runs or file read, figure model, PNG).
        var long = comparison
        long.optimizers = [try Arguments.optimizer("adam:lr=0.1", for: try Arguments.surface("two-well"))]
        long.stop = StopRule(maxSteps: 10_000_000, gradientNorm: 1e-300)
        long.layout = .withLoss
        long.width = 1100
        long.height = 500
        try measure("render a 10⁷-step run, PNG 1100×500", note: "Adam on two-well with its loss panel; run, reduce, draw", heavy: true) {
            let f = long.figure()
            _ = try Renderer.render(width: 1100, height: 500, format: .png, metadata: .init(title: "", description: "", idPrefix: "b")) { f.draw(on: $0) }
        }
        let gridPath = NSTemporaryDirectory() + "landscape-bench-\(getpid()).npy"
        defer { unlink(gridPath) }
        let side = 4000
        let himmelblau = try Arguments.surface("himmelblau")
        var noise = SplitMix64(seed: 4000)
        let fine = Grid(surface: himmelblau, domain: .square(5), resolution: side)
        try AtomicFile.write(NumPyArray(shape: [side, side], values: fine.values.map { $0 + 1e-3 * noise.unit() }).npyBytes(), to: gridPath)
        try measure("render an imported 4000² grid, PNG 800×600", note: "a 128 MB .npy read, resampled to the canvas, contoured, drawn", heavy: true) {
            let imported = try FigureJob.readGridFile(gridPath)
            let (surface, grid) = try FigureJob.importedSurface(imported, name: nil)
            var c = Comparison(surface: surface, optimizers: [])
            c.grid = grid
            let f = c.figure()
            _ = try Renderer.render(width: 800, height: 600, format: .png, metadata: .init(title: "", description: "", idPrefix: "b")) { f.draw(on: $0) }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if json {
            var fields: [(String, JSONValue)] = [("cores", .number(Double(cores))), ("repeats", .number(Double(repeats)))]
            fields.append(("stages", .array(results.map { .object([("name", .string($0.name)), ("median_seconds", .number($0.seconds)), ("note", .string($0.note))]) })))
            fields.append(("adam_steps_per_second", .number((Double(steps) / adamSeconds).rounded())))
            fields.append(("adam_value_steps_per_second", .number((Double(steps) / adamValueSeconds).rounded())))
            fields.append(("adam_1e6_parameter_updates_per_second", .number((Double(parameters) / vectorAdamSeconds).rounded())))
            fields.append(("adam_1e6_bytes_per_second", .number(adamBandwidth.rounded())))
            fields.append(("triad_bytes_per_second", .number(triadBandwidth.rounded())))
            fields.append(("hvp_over_gradient", .number((hvpSeconds / gradientSeconds * 1000).rounded() / 1000)))
            fields.append(("sweep_steps", .number(Double(sweepSteps))))
            fields.append(("sweep_steps_per_second", .number((Double(sweepSteps) / sweepSeconds).rounded())))
            fields.append(("sweep_workers", .number(Double(workers))))
            fields.append(("png_bytes", .number(Double(png.count))))
            fields.append(("svg_bytes", .number(Double(svg.count))))
            try Console.out(JSONValue.object(fields).text())
        } else {
            var text = "landscape bench: \(cores) cores, median of \(repeats) repeats\n"
            for r in results {
                let ms = String(format: "%10.2f ms", r.seconds * 1000)
                text += "\(r.name.padding(toLength: 42, withPad: " ", startingAt: 0))\(ms)  \(r.note)\n"
            }
            text += String(format: "Adam steps per second: %.3g\n", Double(steps) / adamSeconds)
            text += String(format: "Adam on 10⁶ parameters: %.3g parameter updates per second, %.3g GB/s at 56 bytes each; memory triad %.3g GB/s (%.0f%%)\n",
                           Double(parameters) / vectorAdamSeconds, adamBandwidth / 1e9, triadBandwidth / 1e9, 100 * adamBandwidth / triadBandwidth)
            text += String(format: "Hessian-vector product: %.2f gradients\n", hvpSeconds / gradientSeconds)
            text += String(format: "sweep: %d steps (diverged runs stop early), %.3g steps per second on %d threads\n", sweepSteps, Double(sweepSteps) / sweepSeconds, workers)
            text += "PNG \(png.count) bytes, SVG \(svg.count) bytes (800×600, grid 400, 30 levels, three 200-step paths); APNG \(apngBytes), GIF \(gifBytes) and SVG \(svgBytes) bytes (120 frames)\n"
            try Console.out(text)
        }
    }
}
