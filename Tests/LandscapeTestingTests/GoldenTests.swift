import CairoRenderer
import Foundation
import GridFiles
import LandscapeTesting
import Landscapes
import Networks
import Plotting
import SnapshotTesting
import Testing
import Trajectories

/// Goldens as another package's tests use them: recorded when missing, matched within
/// tolerances, and one clear failure when an optimizer drifts.
@Suite struct GoldenTests {
    /// A test file path in a fresh directory, so that goldens land beside it.
    func scratchTestFile() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("HeavyBallTests.swift").path
    }

    func run(momentum: Double) throws -> Trajectory {
        let surface = try Surface(spec: "two-well")
        return Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.05,momentum=\(momentum)"))
            .run(from: [1.9, 1.2], stop: StopRule(maxSteps: 300, gradientNorm: 1e-6))
    }

    /// f(θ) = Σ (i + 1)·θᵢ², an N-dimensional bowl.
    struct Bowl: Objective {
        let dimension: Int
        func value(at theta: [Double], gradient: inout [Double]) -> Double {
            var f = 0.0
            for i in 0..<dimension {
                f += Double(i + 1) * theta[i] * theta[i]
                gradient[i] = 2 * Double(i + 1) * theta[i]
            }
            return f
        }
    }

    /// N-D runs: recorded, matched, and a drift names the step and the parameter.
    @Test func vectorGoldenNamesTheParameter() throws {
        let testFile = try scratchTestFile()
        func run(beta2: Double) -> VectorTrajectory {
            VectorRunner(objective: Bowl(dimension: 12), optimizer: Adam<[Double]>(lr: 0.05, beta2: beta2))
                .run(from: [Double](repeating: 1, count: 12), stop: StopRule(maxSteps: 80))
        }
        #expect(Golden.check(run(beta2: 0.999), named: "bowl-12", recording: .missing, filePath: testFile)?.contains("recorded") == true)
        #expect(Golden.check(run(beta2: 0.999), named: "bowl-12", recording: .never, filePath: testFile) == nil)
        let failure = try #require(Golden.check(run(beta2: 0.99), named: "bowl-12", recording: .never, filePath: testFile))
        #expect(failure.contains("step 2: θ[0] drifts"), "\(failure)")
        #expect(failure.components(separatedBy: "drifts").count == 2, "\(failure)")
    }

    /// Network sessions: a drift names the run by its label, the training step and the parameter.
    @Test func networkGoldenNamesRunStepAndParameter() throws {
        let testFile = try scratchTestFile()
        let data = try Dataset(spec: "xor:n=40")
        let model = try MLP(spec: "mlp:hidden=5", for: data)
        let initial = model.initialParameters(seed: 1)
        let options = TrainingOptions(epochs: 30, recordEvery: 5)
        func session(lr: Double) throws -> NetworkSession {
            let trainer = Trainer(model: model, data: data)
            let runs = [try trainer.train(OptimizerConfiguration(spec: "gd:lr=0.5"), from: initial, options: options),
                        try trainer.train(Adam<[Double]>(lr: lr), from: initial, options: options)]
            return NetworkSession(data: data, model: model, initial: initial, initSeed: 1, options: options, runs: runs)
        }
        #expect(Golden.check(try session(lr: 0.05), named: "xor", recording: .missing, filePath: testFile)?.contains("recorded") == true)
        #expect(Golden.check(try session(lr: 0.05), named: "xor", recording: .never, filePath: testFile) == nil)
        let failure = try #require(Golden.check(try session(lr: 0.0501), named: "xor", rtol: 1e-7, recording: .never, filePath: testFile))
        #expect(failure.contains("run 2 (Adam lr=0.0501), step 5: θ["), "\(failure)")
    }

    /// Sweep maps: a changed cell is named by its swept values.
    @Test func sweepGoldenNamesTheCell() throws {
        let testFile = try scratchTestFile()
        let ravine = try Surface(spec: "ravine:kappa=20")
        func sweep(stepLimit: Int) throws -> SweepResult {
            try Sweep(surface: ravine, optimizer: Spec(parsing: "momentum"), x: SweepAxis(key: "lr", lower: 0.01, upper: 0.2, count: 6),
                      y: SweepAxis(key: "momentum", lower: 0, upper: 0.9, count: 4), start: ravine.defaultStart,
                      stop: StopRule(maxSteps: stepLimit, gradientNorm: 1e-6)).run()
        }
        #expect(Golden.check(try sweep(stepLimit: 300), named: "ravine-sweep", recording: .missing, filePath: testFile)?.contains("recorded") == true)
        #expect(Golden.check(try sweep(stepLimit: 300), named: "ravine-sweep", recording: .never, filePath: testFile) == nil)
        let failure = try #require(Golden.check(try sweep(stepLimit: 100), named: "ravine-sweep", recording: .never, filePath: testFile))
        #expect(failure.contains("cell lr=0.01, momentum=0: outcome: expected converged, got max-steps")
                    || failure.contains("cell lr=0.01, momentum=0: steps:"), "\(failure)")
    }

    /// Grids as `.npz` goldens NumPy reads: a drift names the value's place and counts the rest.
    @Test func gridGoldenNamesTheValue() throws {
        let testFile = try scratchTestFile()
        let bowl = try Surface(spec: "bowl"), twoWell = try Surface(spec: "two-well")
        let grid = Grid(surface: bowl, domain: bowl.domain, resolution: 30)
        #expect(Golden.check(grid, named: "bowl", recording: .missing, filePath: testFile)?.contains("recorded") == true)
        #expect(Golden.check(grid, named: "bowl", recording: .never, filePath: testFile) == nil)
        var changed = grid.values
        changed[31 * 1 + 0] += 1e-3
        changed[100] = .nan
        let drifted = Grid(domain: grid.domain, nx: grid.nx, ny: grid.ny, values: changed)
        let failure = try #require(Golden.check(drifted, named: "bowl", recording: .never, filePath: testFile))
        #expect(failure.contains("(i 1, j 1) drifts") && failure.contains("2 of 900 values differ"), "\(failure)")
        let other = try #require(Golden.check(Grid(surface: twoWell, domain: bowl.domain, resolution: 20), named: "bowl", recording: .never, filePath: testFile))
        #expect(other.contains("shape: expected 30 × 30, got 20 × 20"), "\(other)")
        // The golden is an ordinary .npz.
        let members = try NumPyArray.members(npz: Array(try Data(contentsOf: URL(fileURLWithPath: Golden.path(named: "bowl", extension: "npz", beside: testFile)))))
        #expect(members.map(\.name) == ["x", "y", "values"] && members[2].array.shape == [30, 30])
    }

    /// Missing: recorded, and the check fails with "re-run"; then it matches; a momentum of 0.9001
    /// instead of 0.9 fails once, naming the first drifting step; `never` fails on a missing
    /// golden; `all` re-records.
    @Test func trajectoryGoldenLifecycle() throws {
        let testFile = try scratchTestFile()
        let golden = try run(momentum: 0.9)
        let first = try #require(Golden.check(golden, named: "two-well", recording: .missing, filePath: testFile))
        #expect(first.contains("recorded a new golden") && first.contains("re-run"))
        let path = Golden.path(named: "two-well", extension: "json", beside: testFile)
        #expect(path.hasSuffix("/__Goldens__/HeavyBallTests/two-well.json"))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(Golden.check(golden, named: "two-well", recording: .missing, filePath: testFile) == nil)
        #expect(Golden.check(golden, named: "two-well", recording: .never, filePath: testFile) == nil)

        let drifted = try #require(Golden.check(try run(momentum: 0.9001), named: "two-well", recording: .missing, filePath: testFile))
        #expect(drifted.contains("does not match the golden"))
        #expect(drifted.contains("step 2: x drifts: expected"), "\(drifted)")
        #expect(drifted.components(separatedBy: "drifts").count == 2, "one drifting value is named")

        #expect(Golden.check(golden, named: "elsewhere", recording: .never, filePath: testFile)?.contains("no golden") == true)
        #expect(Golden.check(try run(momentum: 0.9001), named: "two-well", recording: .all, filePath: testFile)?.contains("re-recorded") == true)
        #expect(Golden.check(try run(momentum: 0.9001), named: "two-well", recording: .never, filePath: testFile) == nil)
    }

    /// Under Swift Testing, a failing assertion records exactly one issue.
    @Test func assertionRecordsOneIssue() throws {
        let testFile = try scratchTestFile()
        _ = Golden.check(try run(momentum: 0.9), named: "once", recording: .missing, filePath: testFile)
        let drifted = try run(momentum: 0.9001)
        let message = try #require(Golden.check(drifted, named: "once", recording: .never, filePath: testFile))
        withKnownIssue {
            recordFailure(message)
        } matching: { issue in
            issue.description.contains("drifts")
        }
    }

    /// A drawing golden is text: one primitive a line; a change shows as the first differing line.
    @Test func drawingGolden() throws {
        let testFile = try scratchTestFile()
        func figure(_ spec: String) throws -> Figure {
            var c = Comparison(surface: try Surface(spec: "bowl"), optimizers: [try OptimizerConfiguration(spec: spec)], stop: StopRule(maxSteps: 30))
            c.gridSize = 60
            return c.figure()
        }
        let text = Golden.drawing(of: try figure("gd:lr=0.1"))
        #expect(text.hasPrefix("fill #ffffff nonzero M0,0 L800,0 L800,600 L0,600 Z\n"))
        #expect(text.contains("\ntext ") && text.contains("\nclip "))
        #expect(Golden.check(drawing: try figure("gd:lr=0.1"), named: "bowl", recording: .missing, filePath: testFile)?.contains("recorded") == true)
        #expect(Golden.check(drawing: try figure("gd:lr=0.1"), named: "bowl", recording: .never, filePath: testFile) == nil)
        let changed = try #require(Golden.check(drawing: try figure("gd:lr=0.11"), named: "bowl", recording: .never, filePath: testFile))
        #expect(changed.contains("differs") && changed.contains("golden:") && changed.contains("now:"))
        // It names what changed first: the path's white casing, under the path itself.
        #expect(changed.contains("in panel 1 (LandscapePanel), the casing of the path of 'GD lr=0.11': line "), "\(changed)")
    }

    /// RMS pixel differences, in levels of 255: none for the same image, more for another.
    /// GD on the bowl at learning rate `lr`, drawn small.
    func bowlFigure(_ lr: String, width: Double = 400, height: Double = 320, grid: Int = 60) throws -> Figure {
        var c = Comparison(surface: try Surface(spec: "bowl"), optimizers: [try OptimizerConfiguration(spec: "gd:lr=\(lr)")], stop: StopRule(maxSteps: 30))
        c.gridSize = grid
        c.width = width
        c.height = height
        return c.figure()
    }

    @Test func pixelGolden() throws {
        let testFile = try scratchTestFile()
        func figure(_ lr: String) throws -> Figure { try bowlFigure(lr) }
        #expect(Golden.check(pixels: try figure("0.1"), named: "bowl", recording: .missing, filePath: testFile)?.contains("recorded") == true)
        #expect(Golden.check(pixels: try figure("0.1"), named: "bowl", recording: .never, filePath: testFile) == nil)
        let moved = try #require(Golden.check(pixels: try figure("0.45"), named: "bowl", tolerance: 0.5, recording: .never, filePath: testFile))
        #expect(moved.contains("RMS"))
        let a = try Renderer.render(try figure("0.1"), format: .png), b = try Renderer.render(try figure("0.45"), format: .png)
        #expect(try Golden.rms(a, a) == 0)
        #expect(try Golden.rms(a, b) > 0.5)
    }

    /// A pixel failure leaves expected, actual and difference images in the artifacts folder
    /// (SNAPSHOT_ARTIFACTS, else the temporary directory), names them, and the difference image
    /// marks in red exactly the pixels that differ.
    @Test func pixelFailureWritesItsImages() throws {
        let testFile = try scratchTestFile()
        func figure(_ lr: String) throws -> Figure { try bowlFigure(lr, width: 360, height: 300, grid: 40) }
        _ = Golden.check(pixels: try figure("0.1"), named: "moved", recording: .missing, filePath: testFile)
        let message = try #require(Golden.check(pixels: try figure("0.45"), named: "moved", tolerance: 0.5, recording: .never, filePath: testFile))
        let directory = Golden.artifactsDirectory(for: testFile)
        #expect(directory.hasSuffix("/HeavyBallTests"))
        let paths = ["expected", "actual", "diff"].map { "\(directory)/moved.\($0).png" }
        for path in paths {
            #expect(message.contains(path), "\(message)")
            #expect(FileManager.default.fileExists(atPath: path))
        }
        let expected = try PNGFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: paths[0]))))
        let actual = try PNGFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: paths[1]))))
        let diff = try PNGFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: paths[2]))))
        #expect(diff.width == 360 && diff.height == 300)
        var marked = 0, differing = 0
        for k in Swift.stride(from: 0, to: diff.rgba.count, by: 4) {
            let differs = (0..<3).contains { expected.rgba[k + $0] != actual.rgba[k + $0] }
            let red = Int(diff.rgba[k]) > Int(diff.rgba[k + 1]) + 40
            if differs { differing += 1 }
            if red { marked += 1 }
            #expect(!red || differs)
        }
        #expect(differing > 100 && marked > differing / 2, "\(marked) of \(differing)")
        // Images of different sizes: expected and actual, no difference image.
        var other = try figure("0.1")
        other.width = 380
        let sized = try #require(Golden.check(pixels: other, named: "moved", recording: .never, filePath: testFile))
        #expect(sized.contains("the sizes differ") && sized.contains("moved.actual.png") && !sized.contains("moved.diff.png"))
    }

    /// One record switch: `failed` re-records only what failed (and fails); swift-snapshot-testing's
    /// `withSnapshotTesting(record:)` sets our goldens' mode too.
    @Test func recordModes() throws {
        let testFile = try scratchTestFile()
        let golden = try run(momentum: 0.9), drifted = try run(momentum: 0.9001)
        _ = Golden.check(golden, named: "modes", recording: .missing, filePath: testFile)
        #expect(Golden.check(golden, named: "modes", recording: .failed, filePath: testFile) == nil)
        let rerecorded = try #require(Golden.check(drifted, named: "modes", recording: .failed, filePath: testFile))
        #expect(rerecorded.contains("re-recorded") && rerecorded.contains("record mode failed") && rerecorded.contains("drifts"))
        #expect(Golden.check(drifted, named: "modes", recording: .never, filePath: testFile) == nil)
        #expect(withSnapshotTesting(record: .all) { Golden.Recording.fromEnvironment } == .all)
        #expect(withSnapshotTesting(record: .failed) { Golden.Recording.fromEnvironment } == .failed)
        #expect(withSnapshotTesting(record: .never) { Golden.Recording.fromEnvironment } == .never)
    }

    /// The public PNG writer: opaque pixels as RGB, others as RGBA, read back exactly.
    @Test func pngFileRoundTrips() throws {
        var pixels: [UInt8] = []
        for y in 0..<37 { for x in 0..<53 { pixels += [UInt8(x * 4), UInt8(y * 6), UInt8((x * y) % 256), 255] } }
        let opaque = try PNGFile.encode(rgba: pixels, width: 53, height: 37)
        #expect(opaque[25] == 2, "colour type RGB")
        #expect(try PNGFile.decode(opaque).rgba == pixels)
        var translucent = pixels
        for k in Swift.stride(from: 3, to: translucent.count, by: 4) { translucent[k] = 255 }
        translucent[3] = 0
        translucent[0...2] = [0, 0, 0]
        let withAlpha = try PNGFile.encode(rgba: translucent, width: 53, height: 37)
        #expect(withAlpha[25] == 6, "colour type RGBA")
        #expect(try PNGFile.decode(withAlpha).rgba == translucent)
        #expect(throws: RenderError.self) { try PNGFile.encode(rgba: [0, 0, 0], width: 1, height: 1) }
    }

    /// The swift-snapshot-testing strategies: a run's file within tolerances, and a drawing.
    @Test func snapshotStrategies() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-snapshots-\(UUID().uuidString)").path
        let golden = try run(momentum: 0.9)
        let recorded = verifySnapshot(of: golden, as: .trajectory(), named: "two-well", record: .missing, snapshotDirectory: directory)
        #expect(recorded?.contains("No reference was found") == true || recorded?.contains("Record") == true, "\(recorded ?? "nil")")
        #expect(verifySnapshot(of: golden, as: .trajectory(), named: "two-well", record: .never, snapshotDirectory: directory) == nil)
        // Within the tolerance, a tiny change matches; beyond it, the drifting step is named.
        let drifted = try run(momentum: 0.9001)
        let failure = verifySnapshot(of: drifted, as: .trajectory(), named: "two-well", record: .never, snapshotDirectory: directory)
        #expect(failure?.contains("drifts") == true, "\(failure ?? "nil")")
        // A figure's drawing as a snapshot: recorded, then matched.
        var c = Comparison(surface: try Surface(spec: "bowl"), optimizers: [try OptimizerConfiguration(spec: "gd:lr=0.1")], stop: StopRule(maxSteps: 20))
        c.gridSize = 40
        _ = verifySnapshot(of: c.figure(), as: .drawing, named: "bowl", record: .missing, snapshotDirectory: directory)
        #expect(verifySnapshot(of: c.figure(), as: .drawing, named: "bowl", record: .never, snapshotDirectory: directory) == nil)
        c.optimizers = [try OptimizerConfiguration(spec: "gd:lr=0.2")]
        #expect(verifySnapshot(of: c.figure(), as: .drawing, named: "bowl", record: .never, snapshotDirectory: directory) != nil)
        var nudged = golden
        nudged.losses[5] *= 1 + 1e-12
        #expect(verifySnapshot(of: nudged, as: .trajectory(), named: "two-well", record: .never, snapshotDirectory: directory) == nil)
        #expect(verifySnapshot(of: nudged, as: .trajectory(rtol: 1e-14, atol: 0), named: "two-well", record: .never, snapshotDirectory: directory) != nil)
    }
}
