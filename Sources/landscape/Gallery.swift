import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Plotting
import Trajectories

/// `landscape gallery`: the default figures, each as PNG and SVG.
struct Gallery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Write the default gallery of figures (PNG and SVG).",
        discussion: """
            Example:
              $ landscape gallery --out output
              wrote output/bowl.png
              wrote output/bowl.svg
              …
            """
    )

    @Option(name: .long, help: "The directory to write into (made if missing).")
    var out: String = "output"

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    @Option(name: .long, help: "Sample every landscape on an N×N grid instead of each figure's own (smaller is faster).")
    var grid: Int?

    func validate() throws {
        if let grid, !(2...4000).contains(grid) {
            throw ValidationError("--grid \(grid): expected a whole number from 2 to 4000")
        }
    }

    func run() throws {
        try Renderer.checkFontOrFail()
        try AtomicFile.makeDirectory(out)
        for (name, original) in try Self.figures() {
            var comparison = original
            if let grid { comparison.gridSize = grid }
            let figure = name == "overview" ? try Self.overview(grid: grid) : comparison.figure()
            for format in [ImageFormat.png, .svg] {
                let path = (out as NSString).appendingPathComponent("\(name).\(format.rawValue)")
                let bytes = try render(figure, comparison: comparison, name: name, as: format)
                try AtomicFile.write(bytes, to: path)
                if !quiet { FileHandle.standardError.write(Data("wrote \(path)\n".utf8)) }
            }
        }
    }

    /// The gallery's figures: each surface of the mission with the settings its start suggests.
    static func figures() throws(CommandError) -> [(String, Comparison)] {
        func comparison(_ spec: String, layout: Comparison.Layout = .single, steps: Int = 1000,
                        optimizers: [String]? = nil, width: Double = 800, height: Double = 600) throws(CommandError) -> Comparison {
            let surface = try Arguments.surface(spec)
            let specs = optimizers ?? surface.starts[0].optimizers
            var c = Comparison(surface: surface, optimizers: try specs.map { text throws(CommandError) in try Arguments.optimizer(text, for: surface) },
                               stop: StopRule(maxSteps: steps, gradientNorm: 1e-6))
            c.layout = layout
            c.width = width
            c.height = height
            return c
        }
        return [
            ("bowl", try comparison("bowl", optimizers: ["gd:lr=0.1", "momentum:lr=0.05,momentum=0.8", "adam:lr=0.3"])),
            ("ravine", try comparison("ravine", layout: .withLoss, steps: 300, width: 1200, height: 470)),
            ("ravine-side-by-side", try comparison("ravine", layout: .sideBySide, steps: 300, width: 1500, height: 370)),
            ("two-well", try comparison("two-well")),
            ("overview", try comparison("bowl")),
            ("rosenbrock", try comparison("rosenbrock", steps: 3000)),
            ("saddle", try comparison("saddle", steps: 200)),
            ("wavy", try comparison("wavy", layout: .withLoss, steps: 1000, width: 1100, height: 520)),
            ("parabola-momentum", try comparison("parabola", layout: .withLoss, steps: 100,
                                                 optimizers: ["momentum:lr=0.1,momentum=0.9", "momentum:lr=0.1,momentum=0.7",
                                                              "momentum:lr=0.1,momentum=0.5", "momentum:lr=0.1,momentum=0.2"],
                                                 width: 1100, height: 520)
                .titled(subtitle: "parabola: heavy-ball momentum, γ = 0.1, from θ = 10; β = 0.9, 0.7, 0.5 and 0.2")),
        ]
    }

    /// Surfaces × optimizers: GD, momentum and Adam on the bowl, the ravine and the two-well surface.
    static func overview(grid: Int?) throws(CommandError) -> Figure {
        let rows = try ["bowl", "ravine", "two-well"].map { spec throws(CommandError) -> Comparison in
            let surface = try Arguments.surface(spec)
            let specs = spec == "bowl" ? ["gd:lr=0.1", "momentum:lr=0.05,momentum=0.8", "adam:lr=0.3"] : surface.starts[0].optimizers
            var c = Comparison(surface: surface, optimizers: try specs.map { text throws(CommandError) in try Arguments.optimizer(text, for: surface) },
                               stop: StopRule(maxSteps: 300, gradientNorm: 1e-6))
            c.gridSize = grid ?? 300
            return c
        }
        return Comparison.grid(rows, width: 1500, height: 1150, title: "GD, momentum and Adam on three surfaces",
                               subtitle: "rows: bowl, ravine (κ = 50), two-well; each from its suggested start, at most 300 steps")
    }

    func render(_ figure: Figure, comparison: Comparison, name: String, as format: ImageFormat) throws(CommandError) -> [UInt8] {
        do {
            return try Renderer.render(
                width: Int(figure.width), height: Int(figure.height), format: format,
                metadata: .init(title: "\(comparison.surface.spec): \(comparison.surface.formula)", description: comparison.summary, idPrefix: name)
            ) { canvas in
                figure.draw(on: canvas)
            }
        } catch { throw .failure(error.description) }
    }
}

extension Renderer {
    static func checkFontOrFail() throws(CommandError) {
        do { try checkFont() } catch { throw .failure(error.description) }
    }
}

extension Comparison {
    func titled(subtitle: String) -> Comparison {
        var c = self
        c.subtitle = subtitle
        return c
    }
}
