import Landscapes
import Networks
import Plotting
import Trajectories

#if canImport(Testing)
import Testing
#endif
#if canImport(XCTest)
import XCTest
#endif

/// Checks a run against its golden trajectory file beside the test, and fails the test once,
/// with the first drifting step (its field, both values, |Δ| and the tolerances), under Swift
/// Testing or XCTest. A missing golden is recorded and the test fails with "re-run" (see
/// ``Golden``).
///
/// ```swift
/// @Test func heavyBallOnTwoWell() throws {
///     let path = Runner(surface: try Surface(spec: "two-well"), optimizer: heavyBall)
///         .run(from: [1.9, 1.2], stop: StopRule(maxSteps: 300))
///     assertTrajectory(path, matchesGolden: "heavy-ball-two-well")
/// }
/// ```
public func assertTrajectory(_ trajectory: Trajectory, matchesGolden name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Golden.Recording = .fromEnvironment,
                             fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(trajectory, named: name, rtol: rtol, atol: atol, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

/// Checks a run over a parameter vector against its golden beside the test, and fails the test
/// once with the first step and parameter that drifted (see ``Golden/check(_:named:rtol:atol:recording:filePath:)-(VectorTrajectory,_,_,_,_,_)``).
public func assertTrajectory(_ run: VectorTrajectory, matchesGolden name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Golden.Recording = .fromEnvironment,
                             fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(run, named: name, rtol: rtol, atol: atol, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

/// Checks a network session (every run's recorded steps, losses and parameters) against its
/// golden run file beside the test, and fails the test once naming the run, step and parameter
/// that drifted first.
///
/// ```swift
/// let session = NetworkSession(data: data, model: model, initial: initial, initSeed: 0, options: options,
///                              runs: try trainer.train(optimizers, from: initial, options: options))
/// assertSession(session, matchesGolden: "spirals-adam-vs-sgd", rtol: 1e-7)
/// ```
public func assertSession(_ session: NetworkSession, matchesGolden name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                          recording: Golden.Recording = .fromEnvironment,
                          fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(session, named: name, rtol: rtol, atol: atol, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

/// Checks a sweep's cells (outcome and steps exactly, final loss and distance within the
/// tolerances) against its golden CSV beside the test; a failure names the first cell by its
/// swept values.
public func assertSweep(_ sweep: SweepResult, matchesGolden name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                        recording: Golden.Recording = .fromEnvironment,
                        fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(sweep, named: name, rtol: rtol, atol: atol, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

/// Checks a grid of values (a surface sampled, an imported grid, a network's plane) against its
/// golden `.npz` beside the test, which NumPy reads: every value within the tolerances; a
/// failure names the first value that drifted by its coordinates, and how many did.
public func assertGrid(_ grid: Grid, matchesGolden name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                       recording: Golden.Recording = .fromEnvironment,
                       fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(grid, named: name, rtol: rtol, atol: atol, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

/// Checks a figure's drawing (its primitives in order, rounded; no pixels, no fonts) against
/// its golden text beside the test (see ``Golden/drawing(of:)``).
public func assertDrawing(of figure: Figure, matchesGolden name: String, recording: Golden.Recording = .fromEnvironment,
                          fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(drawing: figure, named: name, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

/// Checks a figure's PNG against its golden PNG beside the test: RMS difference at most
/// `tolerance` levels of 255 (see ``Golden/rms(_:_:)``).
/// A failure writes the expected, actual and difference images (see ``Golden``) and names them.
public func assertPixels(of figure: Figure, matchesGolden name: String, tolerance: Double = 2, recording: Golden.Recording = .fromEnvironment,
                         fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    if let failure = Golden.check(pixels: figure, named: name, tolerance: tolerance, recording: recording, filePath: "\(filePath)") {
        recordFailure(failure, fileID: fileID, filePath: filePath, line: line, column: column)
    }
}

@available(*, deprecated, renamed: "assertPixels(of:matchesGolden:tolerance:recording:fileID:filePath:line:column:)")
public func assertPixels(of figure: Figure, matchGolden name: String, tolerance: Double = 2, recording: Golden.Recording = .fromEnvironment,
                         fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
    assertPixels(of: figure, matchesGolden: name, tolerance: tolerance, recording: recording, fileID: fileID, filePath: filePath, line: line, column: column)
}

/// Fails the running test with `message`, once: as a Swift Testing issue inside a `@Test`,
/// otherwise as an XCTest failure.
public func recordFailure(_ message: String, fileID: StaticString = #fileID, filePath: StaticString = #filePath,
                          line: UInt = #line, column: UInt = #column) {
    #if canImport(Testing)
    if Test.current != nil {
        Issue.record(Comment(rawValue: message),
                     sourceLocation: SourceLocation(fileID: "\(fileID)", filePath: "\(filePath)", line: Int(line), column: Int(column)))
        return
    }
    #endif
    #if canImport(XCTest)
    XCTFail(message, file: filePath, line: line)
    #else
    fatalError(message)
    #endif
}
