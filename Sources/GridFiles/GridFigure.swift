import Landscapes
import Plotting
import Trajectories

extension Comparison {
    /// A figure of a grid computed elsewhere with paths from files, as `landscape render
    /// --grid-file FILE --path-file PATH` draws it: the grid `name` of the file (default:
    /// `train_loss`, else the first), drawn as given, and each path with its own loss, or with
    /// the loss read off the grid (bilinear) where its file has none, and marked so in the
    /// legend. A 1-D file is drawn as its curve. Labels are `labels[k]`, else the path's
    /// optimizer, else its file's name; the subtitle says what was read.
    ///
    /// ```swift
    /// let grid = try ImportedGrid(path: "surface.h5")
    /// var figure = try Comparison(importing: grid, paths: [try ImportedPath(path: "projection.h5")], labels: ["SGD"])
    /// figure.layout = .threeDContour
    /// try Renderer.write(figure.figure(), to: "landscape.svg")
    /// ```
    public init(importing imported: ImportedGrid, named name: String? = nil, paths: [ImportedPath] = [], labels: [String] = []) throws(GridFileError) {
        let fileName = imported.fileName
        let chosen = try imported.pick(name)
        if imported.y == nil {
            guard paths.isEmpty else { throw GridFileError(imported.path, "a curve (1-D): paths go over 2-D grids") }
            let curve = try imported.curveSurface(named: chosen)
            self.init(surface: curve, optimizers: [], start: Vector2(curve.domain.xmin, 0))
            subtitle = "\((curve.function as? SampledCurve)?.x.count ?? 0) values of \(chosen) from \(fileName)"
            return
        }
        let (surface, grid) = try imported.surface(named: chosen)
        var runs: [RecordedRun] = []
        for (k, path) in paths.enumerated() {
            let stem = Self.stem(of: path.path)
            let t = Trajectory(recorded: path.points, losses: path.losses ?? path.points.map { surface.value(at: $0) }, surface: chosen,
                               optimizer: path.optimizer ?? stem, steps: path.points.count - 1, outcome: .maxSteps)
            let named = k < labels.count ? labels[k] : path.optimizer.map { (try? OptimizerConfiguration(spec: $0).label) ?? $0 } ?? stem
            runs.append(RecordedRun(label: named + (path.losses == nil ? " (loss read off the grid)" : ""), trajectory: t))
        }
        let d = grid.domain
        self.init(surface: surface, optimizers: [], start: runs.first?.runs.first?.positions.first ?? Vector2((d.xmin + d.xmax) / 2, (d.ymin + d.ymax) / 2))
        self.grid = grid
        recordedRuns = runs
        subtitle = "\(grid.nx) × \(grid.ny) values of \(chosen) from \(fileName)"
            + (runs.isEmpty ? "" : runs.count == 1 ? ", with a path from a file" : ", with \(runs.count) paths from files")
            + (paths.contains { $0.losses == nil } ? "; a path's loss is read off the grid where its file has none" : "")
    }

    /// A file's name without its folder and extension (a path's default label).
    static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return name }
        return String(name[..<dot])
    }
}

extension ImportedGrid {
    /// The file's name without its folder.
    var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The 2-D grid `name` (default: `train_loss`, else the first) and a surface that draws it:
    /// bilinear between the values, no minima marked, named after the grid.
    public func surface(named name: String? = nil) throws(GridFileError) -> (surface: Surface, grid: Grid) {
        let chosen = try pick(name)
        let grid = try grid(named: chosen)
        return (Surface(grid: grid, name: chosen, formula: "\(chosen) from \(fileName)", axisNames: ("x", "y")), grid)
    }

    /// The 1-D curve `name` of a file of x coordinates only, as a surface over the line.
    public func curveSurface(named name: String? = nil) throws(GridFileError) -> Surface {
        let chosen = try pick(name)
        let (x, values) = try curve(named: chosen)
        return Surface(curve: x, values: values, name: chosen, formula: "\(chosen) from \(fileName)", axisNames: ("x", chosen))
    }
}
