import CairoRenderer
import GridFiles
import Landscapes
import Plotting
import Trajectories

extension FigureJob {
    /// A grid file read, its errors in one line.
    static func readGridFile(_ file: String) throws(CommandError) -> ImportedGrid {
        do { return try ImportedGrid(path: file) } catch { throw .usage(error.description) }
    }

    /// A 1-D grid file's named curve as a surface (nil for a 2-D file).
    static func importedCurve(_ imported: ImportedGrid, name: String?) throws(CommandError) -> Surface? {
        guard imported.y == nil else { return nil }
        do {
            let chosen = try imported.pick(name)
            let (x, values) = try imported.curve(named: chosen)
            let fileName = imported.path.split(separator: "/").last.map(String.init) ?? imported.path
            return Surface(curve: x, values: values, name: chosen, formula: "\(chosen) from \(fileName)", axisNames: ("x", chosen))
        } catch { throw .usage(error.description) }
    }

    /// A grid file's named grid (default: the first) and the surface that draws it (bilinear
    /// between the values, no minima marked).
    static func importedSurface(_ imported: ImportedGrid, name: String?) throws(CommandError) -> (Surface, Grid) {
        do {
            let chosen = try imported.pick(name)
            let grid = try imported.grid(named: chosen)
            let fileName = imported.path.split(separator: "/").last.map(String.init) ?? imported.path
            return (Surface(grid: grid, name: chosen, formula: "\(chosen) from \(fileName)", axisNames: ("x", "y")), grid)
        } catch { throw .usage(error.description) }
    }

    /// A figure of a grid computed elsewhere (`--grid-file`, `grid_file:`) with paths from files:
    /// the grid drawn as given (contours, 3-D, every layout), each path with its loss from its file,
    /// or read off the grid (bilinear) and marked so in the legend.
    static func importedComparison(_ file: String, spec: Scene.FigureSpec, stop: StopRule, gridOverride: Int?,
                                   colormap: Colormap?) throws(CommandError) -> Comparison {
        let context = "figure '\(spec.name)'"
        guard spec.optimizers.isEmpty else {
            throw .usage("\(context): an imported grid has no gradients to run optimizers on; draw paths computed elsewhere with --path-file (or 'paths:')")
        }
        let fileName = file.split(separator: "/").last.map(String.init) ?? file
        let imported = try readGridFile(file)
        if let curve = try importedCurve(imported, name: spec.surfaceName) {
            // A 1-D file (loss-landscape's xcoordinates only): the curve, as plot_1D.py draws it.
            guard spec.paths.isEmpty else { throw .usage("\(context): \(fileName) is a curve (1-D); paths go over 2-D grids") }
            guard spec.layout == .single else { throw .usage("\(context): \(fileName) is a curve (1-D): use layout single") }
            var c = Comparison(surface: curve, optimizers: [], start: Vector2(curve.domain.xmin, 0), stop: stop)
            try configure(&c, spec: spec, gridOverride: gridOverride, colormap: colormap, runCount: 0)
            c.subtitle = spec.subtitle ?? "\((curve.function as? SampledCurve)?.x.count ?? 0) values of \(curve.name) from \(fileName)"
            return c
        }
        let (surface, grid) = try importedSurface(imported, name: spec.surfaceName)
        let name = surface.name
        var runs: [Comparison.RecordedRun] = []
        for p in spec.paths {
            let path: ImportedPath
            do { path = try ImportedPath(path: p.file) } catch { throw .usage(error.description) }
            let stem = FilePath.stem(of: p.file)
            let t = Trajectory(recorded: path.points, losses: path.losses ?? path.points.map { surface.value(at: $0) }, surface: name,
                               optimizer: path.optimizer ?? stem, steps: path.points.count - 1, outcome: .maxSteps)
            let named = p.label ?? path.optimizer.map { (try? OptimizerConfiguration(spec: $0).label) ?? $0 } ?? stem
            runs.append(Comparison.RecordedRun(label: named + (path.losses == nil ? " (loss read off the grid)" : ""), trajectory: t))
        }
        let d = grid.domain
        var c = Comparison(surface: surface, optimizers: [], start: runs.first?.runs.first?.positions.first ?? Vector2((d.xmin + d.xmax) / 2, (d.ymin + d.ymax) / 2),
                           stop: stop)
        c.grid = grid
        c.recordedRuns = runs
        try configure(&c, spec: spec, gridOverride: gridOverride, colormap: colormap, runCount: runs.count)
        let read = runs.contains { $0.label.hasSuffix(" (loss read off the grid)") }
        c.subtitle = spec.subtitle ?? "\(grid.nx) × \(grid.ny) values of \(name) from \(fileName)"
            + (runs.isEmpty ? "" : runs.count == 1 ? ", with a path from a file" : ", with \(runs.count) paths from files")
            + (read ? "; a path's loss is read off the grid where its file has none" : "")
        return c
    }
}
