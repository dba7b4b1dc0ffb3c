import CairoRenderer
import Foundation
import GridFiles
import HeavyBall
import LandscapeTesting
import Landscapes
import Networks
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

    /// An optimizer is a value you can run: no catalog, no spec. Its trajectory records its label
    /// and a spec that a catalog knowing it re-runs; the catalog's entry, built on the same
    /// value, runs bit for bit the same.
    @Test func lionRunsAsAValue() throws {
        let surface = StyblinskiTang.surface
        let stop = StopRule(maxSteps: 400, gradientNorm: 1e-6)
        let path = Runner(surface: surface, optimizer: Lion(lr: 0.02)).run(from: [4, 4.5], stop: stop)
        #expect(path.label == "Lion lr=0.02" && path.optimizer == "lion:lr=0.02")
        #expect(path.stateNames == ["m_x", "m_y"])
        assertTrajectory(path, matchesGolden: "lion-styblinski-tang")
        let named = Runner(surface: surface, optimizer: try OptimizerConfiguration(spec: "lion:lr=0.02", catalog: .withHeavyBall))
            .run(from: [4, 4.5], stop: stop)
        #expect(named.positions == path.positions && named.state == path.state && named.outcome == path.outcome)
    }

    /// Runs over vectors of any length: the same value, generic over its parameters, on the
    /// 8-dimensional Rosenbrock function, with a golden that names the parameter that drifts.
    @Test func vectorRunMatchesItsGolden() throws {
        func run(lr: Double) -> VectorTrajectory {
            VectorRunner(objective: Rosenbrock(dimension: 8), optimizer: Lion<[Double]>(lr: lr))
                .run(from: [Double](repeating: -1, count: 8), stop: StopRule(maxSteps: 500))
        }
        assertTrajectory(run(lr: 1e-3), matchesGolden: "lion-rosenbrock-8")
        withKnownIssue {
            assertTrajectory(run(lr: 1.001e-3), matchesGolden: "lion-rosenbrock-8", recording: .never)
        }
        let failure = try #require(Golden.check(run(lr: 1.001e-3), named: "lion-rosenbrock-8", recording: .never, filePath: #filePath))
        #expect(failure.contains("step 1: θ[0] drifts"), "\(failure)")
    }

    /// A network trained by an optimizer value beside a catalog's, as a golden run file: a
    /// drift names the run, the training step and the parameter. Its figure labels the value's
    /// run with the value's own label.
    @Test func networkSessionMatchesItsGolden() throws {
        let data = try Dataset(spec: "moons:n=80")
        let model = try MLP(spec: "mlp:hidden=8", for: data)
        let initial = model.initialParameters(seed: 4)
        let options = TrainingOptions(epochs: 40, recordEvery: 4)
        func session(lr: Double) throws -> NetworkSession {
            let trainer = Trainer(model: model, data: data)
            let runs = [try trainer.train(OptimizerConfiguration(spec: "adam:lr=0.02"), from: initial, options: options),
                        try trainer.train(Lion<[Double]>(lr: lr), from: initial, options: options)]
            return NetworkSession(data: data, model: model, initial: initial, initSeed: 4, options: options, runs: runs)
        }
        let trained = try session(lr: 0.003)
        assertSession(trained, matchesGolden: "moons-adam-lion", rtol: 1e-9)
        let failure = try #require(Golden.check(try session(lr: 0.0031), named: "moons-adam-lion", recording: .never, filePath: #filePath))
        #expect(failure.contains("run 2 (Lion lr=0.0031), step 4: θ["), "\(failure)")
        let figure = NetworkFigure(session: trained)
        #expect(figure.labels == ["Adam lr=0.02", "Lion lr=0.003"])
    }

    /// The Networks guide's curvature snippet: the sharpness at every record and the saddle plane
    /// at the end, through the public API.
    @Test func curvatureAlongTraining() throws {
        let xor = try Dataset(spec: "xor:n=120,noise=0.1")
        let small = try MLP(spec: "mlp:hidden=2,loss=mse", for: xor)
        let gd = try Trainer(model: small, data: xor)
            .train(OptimizerConfiguration(spec: "gd:lr=0.5"), from: small.initialParameters(seed: 0),
                   options: TrainingOptions(epochs: 200, recordEvery: 20))
            .measuringCurvature(model: small, data: xor)
        let sharpness = gd.records.compactMap { $0.curvature?.largest }
        let saddle = try Plane.hessian(at: gd.records.last!.parameters, model: small, data: xor, saddle: true)
        let extremes = saddle.eigenvalues  // [λmax, λmin]
        #expect(sharpness.count == gd.records.count && sharpness.allSatisfy { $0 > 0 })
        let values = try #require(extremes)
        #expect(abs(values[0] - sharpness.last!) <= 1e-9 * sharpness.last! && values[1] <= values[0])
        #expect(gd.records.allSatisfy { ($0.curvature?.smallest ?? .infinity) <= $0.curvature!.largest })
    }

    /// A grid computed elsewhere (here a CSV of x, y and the loss), drawn in 3-D beside its
    /// contours, with our run of the same function on top; both as any figure is drawn.
    @Test func gridFromElsewhereIsDrawn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "x,y,loss\n"
        for i in 0...40 {
            for j in 0...40 {
                let x = -2 + Double(j) / 10, y = -2 + Double(i) / 10
                csv += "\(x),\(y),\(twoWell.value(at: Vector2(x, y)))\n"
            }
        }
        let file = dir.appendingPathComponent("loss.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
        let svg = dir.appendingPathComponent("loss.svg").path
        let grid = try ImportedGrid(path: file)
        var figure = try Comparison(importing: grid)
        figure.layout = .threeDContour
        try Renderer.write(figure.figure(), to: svg)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("<title>loss from loss.csv</title>"))
        #expect(try grid.grid().values.count == 41 * 41)
    }

    /// For teams on swift-snapshot-testing: the same golden as a snapshot strategy.
    @Test func snapshotStrategy() throws {
        assertSnapshot(of: try run(momentum: 0.9), as: .trajectory(rtol: 1e-9, atol: 1e-12))
    }
}
