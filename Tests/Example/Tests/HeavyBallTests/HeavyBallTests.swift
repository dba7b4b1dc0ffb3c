import CairoRenderer
import Foundation
import HeavyBall
import LandscapeTesting
import Landscapes
import Plotting
import SnapshotTesting
import Testing
import Trajectories

/// The README's first example, as it stands there.
@Test func readmeRunsAdamOnTheBowl() throws {
    let bowl = try Surface(spec: "bowl")
    let adam = try OptimizerConfiguration(spec: "adam:lr=0.3")
    let path = Runner(surface: bowl, optimizer: adam)
        .run(from: [2.5, 2.5], stop: StopRule(maxSteps: 300, gradientNorm: 1e-3))
    print(path.outcome, path.stepCount, path.finalLoss)   // converged 87 …
    #expect(path.outcome == .converged && path.stepCount == 87)
}

/// What a user of the library does: run their optimizer, check it against a golden, draw it.
@Suite struct HeavyBallTests {
    let twoWell: Surface
    init() throws { twoWell = try Surface(spec: "two-well") }

    func run(momentum: Double) throws -> Trajectory {
        let optimizer = try OptimizerConfiguration(spec: "heavy-ball:lr=0.05,momentum=\(momentum)", catalog: .withHeavyBall)
        return Runner(surface: twoWell, optimizer: optimizer)
            .run(from: [1.9, 1.2], stop: StopRule(maxSteps: 300, gradientNorm: 1e-6))
    }

    /// The golden beside this file (`__Goldens__/HeavyBallTests/heavy-ball-two-well.json`).
    @Test func matchesItsGolden() throws {
        assertTrajectory(try run(momentum: 0.9), matchesGolden: "heavy-ball-two-well")
    }

    /// Changing the momentum from 0.9 to 0.9001 fails the golden check with one message that
    /// names the first drifting step.
    @Test func aDriftFailsOnce() throws {
        let failure = try #require(Golden.check(try run(momentum: 0.9001), named: "heavy-ball-two-well", recording: .never, filePath: #filePath))
        #expect(failure.contains("step 2: x drifts: expected"), "\(failure)")
        #expect(failure.components(separatedBy: "drifts").count == 2)
        withKnownIssue {
            assertTrajectory(try run(momentum: 0.9001), matchesGolden: "heavy-ball-two-well", recording: .never)
        }
    }

    /// Record mode writes a missing golden, and the check fails asking for a re-run.
    @Test func recordModeWritesAMissingGolden() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heavy-ball-\(UUID().uuidString)").path
        let testFile = directory + "/SomeTests.swift"
        let message = try #require(Golden.check(try run(momentum: 0.9), named: "new", recording: .missing, filePath: testFile))
        #expect(message.contains("recorded a new golden") && message.contains("re-run"))
        #expect(FileManager.default.fileExists(atPath: directory + "/__Goldens__/SomeTests/new.json"))
        #expect(Golden.check(try run(momentum: 0.9), named: "new", recording: .never, filePath: testFile) == nil)
    }

    /// The same rule as the built-in momentum, bit for bit.
    @Test func equalsTheBuiltInMomentum() throws {
        let builtIn = Runner(surface: twoWell, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.05,momentum=0.9"))
            .run(from: [1.9, 1.2], stop: StopRule(maxSteps: 300, gradientNorm: 1e-6))
        let mine = try run(momentum: 0.9)
        #expect(mine.positions == builtIn.positions && mine.losses == builtIn.losses && mine.outcome == builtIn.outcome)
    }

    /// The run beside GD and Adam in one figure, written to SVG; its file re-runs through the catalog.
    @Test func drawnBesideTheBuiltIns() throws {
        var comparison = Comparison(surface: twoWell, optimizers: [
            try OptimizerConfiguration(spec: "gd", for: twoWell),
            try OptimizerConfiguration(spec: "adam", for: twoWell),
        ], start: [1.9, 1.2])
        comparison.recordedRuns = [.init(label: "Heavy ball lr=0.05 β=0.9", trajectory: try run(momentum: 0.9))]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("heavy-ball-\(UUID().uuidString).svg").path
        try Renderer.write(comparison.figure(), to: path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("Heavy ball lr=0.05"))
        #expect(try run(momentum: 0.9).rerun(catalog: .withHeavyBall).positions == run(momentum: 0.9).positions)
    }

    /// The same race as an animated PNG: the runs grow step by step to the still figure.
    @Test func raceAsAnAnimatedPNG() throws {
        var comparison = Comparison(surface: twoWell, optimizers: [try OptimizerConfiguration(spec: "gd", for: twoWell)], start: [1.9, 1.2])
        comparison.recordedRuns = [.init(label: "Heavy ball lr=0.05 β=0.9", trajectory: try run(momentum: 0.9))]
        comparison.gridSize = 120
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID().uuidString).png").path
        let race = Animation(figure: comparison.figure(), fps: 24, hold: 1.5)
        try AtomicFile.write(try AnimationWriter.apng(race), to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 10_000 && race.frameCount == 108)
        #expect(String(decoding: bytes[37..<41], as: UTF8.self) == "acTL")
        let gifPath = String(path.dropLast(4)) + ".gif"
        try AtomicFile.write(try AnimationWriter.write(race, as: .gif), to: gifPath)
        #expect(try Data(contentsOf: URL(fileURLWithPath: gifPath)).starts(with: Array("GIF89a".utf8)))
        #expect(AnimationFormat(path: "race.svg") == .svg && AnimationFormat(path: "race.apng") == .png)
    }

    /// A pixel failure, expected here: it leaves the expected, actual and difference images in
    /// the artifacts folder and names them.
    @Test func pixelFailureLeavesItsImages() throws {
        let testFile = FileManager.default.temporaryDirectory.appendingPathComponent("heavy-ball-\(UUID().uuidString)/PixelTests.swift").path
        func figure(momentum: Double) throws -> Figure {
            var comparison = Comparison(surface: twoWell, optimizers: [], start: [1.9, 1.2])
            comparison.recordedRuns = [.init(label: "Heavy ball", trajectory: try run(momentum: momentum))]
            comparison.gridSize = 60
            comparison.width = 480
            comparison.height = 360
            return comparison.figure()
        }
        _ = Golden.check(pixels: try figure(momentum: 0.9), named: "race", recording: .missing, filePath: testFile)
        let failure = try #require(Golden.check(pixels: try figure(momentum: 0.5), named: "race", tolerance: 0.5, recording: .never, filePath: testFile))
        for kind in ["expected", "actual", "diff"] {
            let image = Golden.artifactsDirectory(for: testFile) + "/race.\(kind).png"
            #expect(failure.contains(image) && FileManager.default.fileExists(atPath: image), "\(failure)")
        }
        let diff = try PNGFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: Golden.artifactsDirectory(for: testFile) + "/race.diff.png"))))
        #expect(diff.width == 480 && diff.height == 360)
    }

    /// For teams on swift-snapshot-testing: the same golden as a snapshot strategy.
    @Test func snapshotStrategy() throws {
        assertSnapshot(of: try run(momentum: 0.9), as: .trajectory(rtol: 1e-9, atol: 1e-12))
    }
}
