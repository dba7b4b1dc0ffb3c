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

    /// A grid file's named grid (default: the first) and the surface that draws it (bilinear
    /// between the values, no minima marked).
    static func importedSurface(_ imported: ImportedGrid, name: String?) throws(CommandError) -> (Surface, Grid) {
        do { return try imported.surface(named: name) } catch { throw .usage(error.description) }
    }

    /// A figure of a grid computed elsewhere (`--grid-file`, `grid_file:`) with paths from files
    /// (`Comparison/init(importing:named:paths:labels:)`), with the figure spec's settings.
    static func importedComparison(_ file: String, spec: Scene.FigureSpec, stop: StopRule, gridOverride: Int?,
                                   colormap: Colormap?) throws(CommandError) -> Comparison {
        let context = "figure '\(spec.name)'"
        guard spec.optimizers.isEmpty else {
            throw .usage("\(context): an imported grid has no gradients to run optimizers on; draw paths computed elsewhere with --path-file (or 'paths:')")
        }
        let fileName = file.split(separator: "/").last.map(String.init) ?? file
        let imported = try readGridFile(file)
        if imported.y == nil {
            guard spec.paths.isEmpty else { throw .usage("\(context): \(fileName) is a curve (1-D); paths go over 2-D grids") }
            guard spec.layout == .single else { throw .usage("\(context): \(fileName) is a curve (1-D): use layout single") }
        }
        var paths: [ImportedPath] = []
        for p in spec.paths {
            do { paths.append(try ImportedPath(path: p.file)) } catch { throw .usage(error.description) }
        }
        // A path without a label of its own is named by its file (its optimizer, else its name).
        let labels = zip(spec.paths, paths).map { p, path in
            p.label ?? path.optimizer.map { (try? OptimizerConfiguration(spec: $0).label) ?? $0 } ?? FilePath.stem(of: p.file)
        }
        var c: Comparison
        do { c = try Comparison(importing: imported, named: spec.surfaceName, paths: paths, labels: labels) } catch { throw .usage(error.description) }
        c.stop = stop
        let made = c.subtitle
        try configure(&c, spec: spec, gridOverride: gridOverride, colormap: colormap, runCount: c.recordedRuns.count)
        c.subtitle = spec.subtitle ?? made
        return c
    }
}
