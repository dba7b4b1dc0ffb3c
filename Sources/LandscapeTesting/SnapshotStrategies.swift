import Foundation
import Plotting
import SnapshotTesting
import Trajectories

extension Snapshotting where Value == Trajectory, Format == String {
    /// A run as its trajectory file (JSON), compared with tolerances: every position, loss and
    /// gradient within `rtol`/`atol`, the same step count and outcome. The failure names the first
    /// drifting step, its field, both values and |Δ|.
    ///
    /// ```swift
    /// assertSnapshot(of: path, as: .trajectory(rtol: 1e-9, atol: 1e-12))
    /// ```
    public static func trajectory(rtol: Double = 1e-9, atol: Double = 1e-12) -> Snapshotting {
        Snapshotting(pathExtension: "json", diffing: .trajectory(rtol: rtol, atol: atol)) { TrajectoryFile.json($0) }
    }
}

extension Diffing where Value == String {
    /// Trajectory files compared value by value within tolerances (see
    /// ``Snapshotting/trajectory(rtol:atol:)``).
    public static func trajectory(rtol: Double, atol: Double) -> Diffing {
        Diffing.diff(toData: { Data($0.utf8) }, fromData: { String(decoding: $0, as: UTF8.self) }) { reference, new in
            let actual: Trajectory
            do { actual = try TrajectoryFile.read(json: new) } catch { return ("the new run is not a trajectory file: \(error)", []) }
            return Golden.compare(golden: reference, actual: actual, rtol: rtol, atol: atol).map { ($0, []) }
        }
    }
}

extension Snapshotting where Value == Figure, Format == String {
    /// A figure's drawing: its primitives in order, coordinates rounded to 1/8 unit, text measured
    /// with fixed metrics (``Golden/drawing(of:)``), so that the snapshot does not depend on fonts,
    /// Cairo or the machine. Compared line by line.
    ///
    /// ```swift
    /// assertSnapshot(of: comparison.figure(), as: .drawing)
    /// ```
    public static var drawing: Snapshotting {
        Snapshotting(pathExtension: "drawing.txt", diffing: .lines) { Golden.drawing(of: $0) }
    }
}
