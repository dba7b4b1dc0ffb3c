import Landscapes
import Plotting
import Testing
import Trajectories
@testable import GridFiles

/// An imported grid and its paths become a figure in one call, as the command line draws them.
@Suite struct GridFigureTests {
    static func path(_ name: String) -> String { GridFilesTests.path(name) }

    @Test func gridAndPathsInOneCall() throws {
        let grid = try ImportedGrid(path: Self.path("surface.h5"))
        let projection = try ImportedPath(path: Self.path("trajectory.h5"))
        var figure = try Comparison(importing: grid, paths: [projection], labels: ["SGD"])
        let (surface, values) = try grid.surface()
        #expect(figure.surface.name == surface.name && figure.grid?.values == values.values)
        #expect(figure.recordedRuns.count == 1 && figure.recordedRuns[0].label == "SGD (loss read off the grid)")
        #expect(figure.recordedRuns[0].runs[0].positions == projection.points)
        #expect(figure.subtitle == "\(values.nx) × \(values.ny) values of \(surface.name) from surface.h5, with a path from a file; a path's loss is read off the grid where its file has none")
        figure.width = 800
        figure.height = 600
        let canvas = RecordingCanvas(width: 800, height: 600)
        figure.figure().draw(on: canvas)
        #expect(canvas.texts.contains { $0.string.hasPrefix("SGD (loss read off the grid)") })
        // Without paths: no "from (0, 0)" anywhere.
        let alone = try Comparison(importing: grid)
        #expect(alone.recordedRuns.isEmpty && alone.subtitle == "\(values.nx) × \(values.ny) values of \(surface.name) from surface.h5")
        #expect(!alone.defaultSubtitle.contains(" from ("))
    }

    @Test func curvesAndRefusals() throws {
        let curve = try Comparison(importing: try ImportedGrid(path: Self.path("curve.h5")))
        #expect(curve.surface.dimension == 1 && curve.subtitle?.hasSuffix("from curve.h5") == true)
        #expect(throws: GridFileError.self) {
            try Comparison(importing: try ImportedGrid(path: Self.path("curve.h5")), paths: [ImportedPath(path: "p.csv", points: [.zero], losses: nil)])
        }
        #expect(throws: GridFileError.self) { try Comparison(importing: try ImportedGrid(path: Self.path("surface.h5")), named: "no_such_grid") }
    }
}
