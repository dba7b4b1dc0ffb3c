import Contours
import Landscapes

/// A grid reduced to what a canvas can show, before any panel contours it: the cost of a figure
/// follows its canvas, not the size of the grid it was given.
///
/// Two bounds, applied in order:
/// - **resolution**: no more points a side than twice the canvas's longer side in device units
///   (a plot is smaller than its canvas; twice, for a PNG drawn at twice the density), by block
///   means (`Grid/resampled(nx:ny:)`);
/// - **contour work**: while the contours at the style's levels would cross more than
///   ``crossingBudget`` cells (a noisy grid, or hundreds of levels over fine detail), the
///   resolution is halved. Counting costs one pass; contouring costs about 1 µs a crossing
///   and 150 bytes of geometry.
/// The figure says so: ``note`` describes what was drawn, for the subtitle.
///
/// ```swift
/// let drawn = CanvasGrid(grid, style: style, width: 800, height: 600)
/// drawn.grid      // at most 1600 points a side, fewer where its contours would cost too much
/// drawn.note      // "contoured at 1600 × 1600 (block means of 4000 × 4000 values)"
/// ```
public struct CanvasGrid: Sendable {
    public var grid: Grid
    /// What was reduced, in words; nil when the grid is drawn as given.
    public var note: String?

    /// The most points a side a canvas of this size is drawn from: twice its longer side.
    public static func side(width: Double, height: Double) -> Int {
        Swift.max(2, Int(Swift.min(1e6, Swift.max(2, (2 * Swift.max(width, height)).rounded(.up)))))
    }

    /// The most (cell, level) crossings contoured for one figure.
    public static let crossingBudget = 3_000_000

    public init(_ full: Grid, style: FieldStyle, width: Double, height: Double) {
        let levels = style.logScale ? style.levels.map { $0 + style.offset } : style.levels
        let side = Self.side(width: width, height: height)
        var nx = Swift.min(full.nx, side), ny = Swift.min(full.ny, side)
        var grid = full.resampled(nx: nx, ny: ny)
        while nx > 8 || ny > 8, ContourGenerator.crossingCount(grid, levels: levels, rowStride: grid.ny > 512 ? 4 : 1) > Self.crossingBudget {
            nx = Swift.max(2, nx / 2)
            ny = Swift.max(2, ny / 2)
            grid = full.resampled(nx: nx, ny: ny)
        }
        self.grid = grid
        note = grid.nx == full.nx && grid.ny == full.ny ? nil
            : "contoured at \(grid.nx) × \(grid.ny) (block means of \(full.nx) × \(full.ny) values)"
    }
}
