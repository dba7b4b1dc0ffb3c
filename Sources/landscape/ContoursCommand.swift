import ArgumentParser
import Contours
import Foundation
import Landscapes
import Plotting

/// `landscape contours`: contour lines of a surface as JSON geometry in data coordinates.
struct ContoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contours",
        abstract: "Write the contour lines of a surface as JSON (data coordinates).",
        discussion: """
            Output: {"grid": N, "domain": [x0, x1, y0, y1], "levels": [{"level": v, "lines": [[[x, y], …], …]}, …]}. \
            A closed ring repeats its first point at the end. Levels default to the figure's choice for \
            the surface (round values, log-spaced for valleys such as rosenbrock).

            Examples:
              $ landscape contours bowl --grid 101 --level 1 --level 4
              $ landscape contours rosenbrock --levels 12 --domain -2,2,-1,3 \\
                  --out rosenbrock-contours.json
              $ landscape contours --expr 'x*y' --domain -1,1,-1,1 --level 0.25
              $ landscape contours --grid-file surface.h5 --surface-name train_loss \\
                  --levels 20
              $ landscape contours sincos --grid 201 --grid-out sincos.npz \\
                  --out sincos-contours.json
            """
    )

    @Argument(help: "The surface spec (2-D).", completion: Completions.surfaces)
    var surface: String?

    @OptionGroup var expression: ExpressionOptions

    @Option(name: .long, parsing: .unconditional, help: "Points per axis of the sampling grid (2 to 4000). (default: 400)")
    var grid: String?

    @Option(name: .long, parsing: .unconditional, help: "About this many levels.")
    var levels: String?

    @Option(name: .customLong("level"), parsing: .unconditionalSingleValue, help: "An explicit level (repeat for several).")
    var explicitLevels: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "The domain X0,X1,Y0,Y1; default: the surface's.")
    var domain: String?

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The file to write; default: standard output.")
    var out: String?

    @Option(name: .customLong("grid-file"), parsing: .unconditional, help: "A grid computed elsewhere instead of a surface: loss-landscape's .h5, .npy, .npz or .csv.", completion: Completions.gridFiles)
    var gridFile: String?

    @Option(name: .customLong("surface-name"), parsing: .unconditional, help: "With --grid-file: the grid to contour (default: train_loss, or the file's first).")
    var surfaceName: String?

    @Option(name: .customLong("grid-out"), parsing: .unconditional, help: "Also write the sampled grid: .npz (x, y, loss), .npy (the values) or .json.")
    var gridOut: String?

    func run() throws {
        let s: Surface, sampled: Grid, grid: Int
        if levels != nil && !explicitLevels.isEmpty { throw CommandError.usage("give --levels or --level, not both") }
        let levels = try levels.map { text throws(CommandError) in try Arguments.wholeNumber(text, option: "--levels", in: 1...1000) }
        if explicitLevels.count > 1000 { throw CommandError.usage("--level: at most 1000 levels, got \(explicitLevels.count)") }
        let gridFormat = try gridOut.map { path throws(CommandError) in try GridFileFormat(path: path) }
        if let gridFile {
            guard surface == nil, expression.expr == nil else { throw CommandError.usage("give a surface, --expr or --grid-file, not two of them") }
            guard domain == nil, self.grid == nil else { throw CommandError.usage("--grid and --domain sample a surface; an imported grid is drawn as it is") }
            (s, sampled) = try FigureJob.importedSurface(try FigureJob.readGridFile(gridFile), name: surfaceName)
            grid = sampled.nx
        } else {
            guard surfaceName == nil else { throw CommandError.usage("--surface-name goes with --grid-file") }
            s = try expression.surface(surface, domain: domain)
            guard s.dimension == 2 else { throw CommandError.usage("contours need a 2-D surface; '\(s.name)' is a curve") }
            grid = try Arguments.grid(self.grid ?? "400")
            let view = try domain.map { text throws(CommandError) in try Arguments.domain(text) } ?? s.domain
            sampled = Grid(surface: s, domain: view, resolution: grid)
        }
        let view = sampled.domain
        if let gridOut, let gridFormat {
            try AtomicFile.checkDirectory(of: gridOut)
            try AtomicFile.write(gridFormat.bytes(sampled), to: gridOut)
        }
        let chosen: [Double]
        if !explicitLevels.isEmpty {
            chosen = try explicitLevels.map { text throws(CommandError) in try Arguments.finite(text, option: "--level") }
        } else {
            let style = FieldStyle.automatic(for: s, grid: sampled, count: levels ?? 24)
            chosen = style.logScale ? style.levels.map { $0 + style.offset } : style.levels
        }
        let generator = ContourGenerator(grid: sampled)
        let entries: [JSONValue] = LevelPicker.explicit(chosen).levels(for: sampled).map { level in
            let lines: [JSONValue] = generator.lines(at: level).map { line in
                var points = line.points.map { JSONValue.array([.number($0.x), .number($0.y)]) }
                if line.isClosed, let first = points.first { points.append(first) }
                return .array(points)
            }
            return .object([("level", .number(level)), ("lines", .array(lines))])
        }
        var text = "{\n  \"grid\": \(grid),\n  \"domain\": "
        text += JSONValue.array([.number(view.xmin), .number(view.xmax), .number(view.ymin), .number(view.ymax)]).compactText()
        text += ",\n  \"levels\": [\n"
        text += entries.map { "    " + $0.compactText() }.joined(separator: ",\n")
        text += "\n  ]\n}\n"
        try emit(text, to: out)
    }
}

extension Arguments {
    /// `X0,X1,Y0,Y1` with finite numbers, X0 < X1 and Y0 < Y1.
    static func domain(_ text: String) throws(CommandError) -> Domain {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw .usage("--domain '\(text)': expected four finite numbers X0,X1,Y0,Y1")
        }
        let d = Domain(xmin: parts[0]!, xmax: parts[1]!, ymin: parts[2]!, ymax: parts[3]!)
        guard d.xmin < d.xmax, d.ymin < d.ymax else { throw .usage("--domain '\(text)': expected X0 < X1 and Y0 < Y1") }
        guard d.isValid else {
            throw .usage("--domain '\(text)': the width and height must be finite, at least 1e-200, and at least 1e-9 of the largest coordinate")
        }
        return d
    }
}
