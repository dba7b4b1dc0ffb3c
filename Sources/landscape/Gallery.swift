import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Plotting
import Trajectories

/// `landscape gallery`: the default figures, each as PNG and SVG.
struct Gallery: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the default gallery of figures (PNG and SVG).",
        discussion: """
            Example:
              $ landscape gallery --out output
              wrote output/bowl.png
              wrote output/bowl.svg
            """
    )

    @Option(name: .long, help: "The directory to write into (made if missing).")
    var out: String = "output"

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    func run() throws {
        try Renderer.checkFontOrFail()
        try AtomicFile.makeDirectory(out)
        for figure in try Self.figures() {
            let model = figure.makeFigure()
            for format in [ImageFormat.png, .svg] {
                let path = (out as NSString).appendingPathComponent("\(figure.name).\(format.rawValue)")
                let bytes: [UInt8]
                do { bytes = try figure.render(model, as: format) } catch { throw CommandError.failure(error.description) }
                try AtomicFile.write(bytes, to: path)
                if !quiet { FileHandle.standardError.write(Data("wrote \(path)\n".utf8)) }
            }
        }
    }

    /// The gallery's figures.
    static func figures() throws -> [ComparisonFigure] {
        let bowl = try Surface(spec: "bowl")
        return [
            ComparisonFigure(
                name: "bowl", surface: bowl,
                optimizers: [
                    try OptimizerConfiguration(spec: "gd:lr=0.1"),
                    try OptimizerConfiguration(spec: "momentum:lr=0.05,momentum=0.8"),
                    try OptimizerConfiguration(spec: "adam:lr=0.3"),
                ],
                start: bowl.defaultStart,
                stop: StopRule(maxSteps: 300, gradientNorm: 1e-3))
        ]
    }
}

extension Renderer {
    static func checkFontOrFail() throws(CommandError) {
        do { try checkFont() } catch { throw .failure(error.description) }
    }
}
