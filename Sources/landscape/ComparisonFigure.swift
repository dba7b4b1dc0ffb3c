import CairoRenderer
import Contours
import Landscapes
import Plotting
import Trajectories

/// A figure comparing optimizers on one surface: what the gallery and `render` are made of.
struct ComparisonFigure {
    var name: String
    var surface: Surface
    var optimizers: [OptimizerConfiguration]
    var start: Vector2
    var stop: StopRule
    var gridSize: Int = 400
    var levels: LevelPicker = .nice(20)
    var colormap: Colormap = .viridis
    var size: (width: Int, height: Int) = (800, 600)

    /// Runs every optimizer and lays out the figure.
    func makeFigure() -> LandscapeFigure {
        let grid = Grid(surface: surface, domain: surface.domain, resolution: gridSize)
        let series = optimizers.enumerated().map { k, optimizer in
            let path = Runner(surface: surface, optimizer: optimizer).run(from: start, stop: stop)
            return PathSeries(trajectory: path, configuration: optimizer, color: Palette.path(k))
        }
        var figure = LandscapeFigure(
            title: surface.formula, subtitle: subtitle, surface: surface, grid: grid,
            levels: levels.levels(for: grid), series: series)
        figure.width = Double(size.width)
        figure.height = Double(size.height)
        figure.colormap = colormap
        return figure
    }

    var subtitle: String {
        let names = optimizers.map(\.displayName)
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return "\(surface.name): \(list) from (\(format(start.x)), \(format(start.y)))"
    }

    var description: String {
        "Contour plot of \(surface.name), \(surface.formula), with the paths of "
            + optimizers.map(\.label).joined(separator: ", ") + " from (\(format(start.x)), \(format(start.y)))."
    }

    func format(_ v: Double) -> String { TickFormat.number(v) }

    /// Renders the figure in `format`.
    func render(_ figure: LandscapeFigure, as format: ImageFormat) throws(RenderError) -> [UInt8] {
        try Renderer.render(
            width: size.width, height: size.height, format: format,
            metadata: .init(title: "\(surface.name): \(surface.formula)", description: description, idPrefix: name)
        ) { canvas in
            figure.draw(on: canvas)
        }
    }
}
