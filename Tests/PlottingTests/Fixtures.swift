import Contours
import Landscapes
import Plotting
import Trajectories

/// The gallery's bowl comparison, small enough for fast tests.
func bowlFigure(width: Double = 800, height: Double = 600, grid resolution: Int = 120) throws -> LandscapeFigure {
    let bowl = try Surface(spec: "bowl")
    let grid = Grid(surface: bowl, domain: bowl.domain, resolution: resolution)
    let specs = ["gd:lr=0.1", "momentum:lr=0.05,momentum=0.8", "adam:lr=0.3"]
    let series = try specs.enumerated().map { k, spec in
        let optimizer = try OptimizerConfiguration(spec: spec)
        let path = Runner(surface: bowl, optimizer: optimizer).run(from: bowl.defaultStart, stop: StopRule(maxSteps: 300, gradientNorm: 1e-3))
        return PathSeries(trajectory: path, configuration: optimizer, color: Palette.path(k))
    }
    var figure = LandscapeFigure(title: bowl.formula, subtitle: "bowl", surface: bowl, grid: grid,
                                 levels: LevelPicker.nice(20).levels(for: grid), series: series)
    figure.width = width
    figure.height = height
    return figure
}
