import Contours
import Landscapes
import Plotting
import Trajectories

/// A comparison like the gallery's, small enough for fast tests.
func comparison(_ spec: String, _ optimizers: [String], layout: Comparison.Layout = .single, width: Double = 800, height: Double = 600,
                steps: Int = 300) throws -> Comparison {
    let surface = try Surface(spec: spec)
    var c = Comparison(surface: surface, optimizers: try optimizers.map { try OptimizerConfiguration(spec: $0) },
                       stop: StopRule(maxSteps: steps, gradientNorm: 1e-3))
    c.gridSize = 120
    c.layout = layout
    c.width = width
    c.height = height
    return c
}

func bowl(width: Double = 800, height: Double = 600) throws -> Comparison {
    try comparison("bowl", ["gd:lr=0.1", "momentum:lr=0.05,momentum=0.8", "adam:lr=0.3"], width: width, height: height)
}
