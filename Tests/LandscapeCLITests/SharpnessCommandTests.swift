import Foundation
import Testing

/// Curvature along training from the command line: `net train --curvature`, `net render --layout
/// sharpness`, and the gallery's edge-of-stability figure reproducing Cohen et al. (2021).
@Suite struct SharpnessCommandTests {
    static let gallery = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/landscape/Gallery/43-edge-of-stability.yaml")

    /// The gallery's network, data and learning rates: full-batch GD with the mean squared error
    /// on one-hot spiral classes. For each η, λmax starts well below 2/η, reaches 90% of it, and
    /// from then on every recorded λmax stays within 10% of 2/η (the edge of stability), while
    /// the loss at the end is below where it was when the edge was reached.
    @Test func edgeOfStabilityIsReproduced() throws {
        let scene = try String(contentsOf: Self.gallery, encoding: .utf8)
        let data = "spirals:n=200,noise=0.2,seed=0", model = "mlp:hidden=16x16,act=tanh,loss=mse"
        let rates = [0.2, 0.25, 0.3]
        for needle in ["data: \(data)", "model: \(model)", "epochs: 8000", "record_every: 25", "curvature: max"] + rates.map({ "- gd:lr=\($0)" }) {
            #expect(scene.contains(needle), "the gallery scene no longer has '\(needle)'")
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("eos.json").path
        let r = try execute(try installedBinary(), ["net", "train", "--data", data, "--model", model, "--epochs", "8000", "--record-every", "25",
                                                    "--curvature", "max", "--out", file, "--quiet"] + rates.flatMap { ["--optimizer", "gd:lr=\($0)"] })
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(runs.count == 3)
        for (run, lr) in zip(runs, rates) {
            let records = try #require(run["records"] as? [[String: Any]])
            let sharpness = try records.map { try #require($0["lambda_max"] as? Double) }
            let losses = try records.map { try #require($0["loss"] as? Double) }
            #expect(records.allSatisfy { $0["lambda_min"] == nil })
            let edge = 2 / lr
            #expect(sharpness[0] < 0.5 * edge, "η = \(lr): λmax starts at \(sharpness[0])")
            let reached = try #require(sharpness.firstIndex { $0 >= 0.9 * edge }, "η = \(lr): λmax never reaches 0.9 · 2/η (max \(sharpness.max() ?? 0))")
            let after = sharpness[reached...]
            #expect(after.allSatisfy { abs($0 - edge) <= 0.1 * edge },
                    "η = \(lr): after step \(reached * 25), λmax ranges over \(after.min() ?? 0)…\(after.max() ?? 0), 2/η = \(edge)")
            #expect(sharpness.count - reached >= 40, "η = \(lr): at the edge for only \(sharpness.count - reached) records")
            #expect(losses.last! < losses[reached])
        }
    }

    /// A run file without curvature gets λmax measured for the figure; with `--curvature both`
    /// the figure has a λmin panel; the SVG is the same twice. (What the panels hold is
    /// PlottingTests' SharpnessFigureTests.)
    @Test func sharpnessLayout() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.json").path, both = dir.appendingPathComponent("both.json").path
        let common = ["net", "train", "--data", "moons:n=40", "--model", "mlp:hidden=4,loss=mse", "--optimizer", "gd:lr=0.5",
                      "--optimizer", "momentum:lr=0.1,momentum=0.9", "--optimizer", "adam:lr=0.01", "--epochs", "60", "--record-every", "5", "--quiet"]
        #expect(try run(common + ["--out", plain]).status == 0)
        let trained = try run(common.dropLast() + ["--curvature", "both", "--out", both])
        #expect(trained.status == 0 && trained.stderr.contains("λmax"), "\(trained.stderr)")
        let a = dir.appendingPathComponent("a.svg").path, b = dir.appendingPathComponent("b.svg").path
        let drawn = try run(["net", "render", plain, "--layout", "sharpness", "--out", a])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        // Two panels (loss, λmax) at 1100 × 480; with λmin, three at 1500 × 500.
        let svg = try String(contentsOfFile: a, encoding: .utf8)
        #expect(svg.contains("width=\"1100px\" height=\"480px\"") && svg.contains("sharpness at every recorded step"))
        #expect(try run(["net", "render", both, "--layout", "sharpness", "--out", b]).status == 0)
        let withMin = try String(contentsOfFile: b, encoding: .utf8)
        #expect(withMin.contains("width=\"1500px\" height=\"500px\""))
        let again = dir.appendingPathComponent("again")
        try FileManager.default.createDirectory(at: again, withIntermediateDirectories: true)
        #expect(try run(["net", "render", both, "--layout", "sharpness", "--out", again.appendingPathComponent("b.svg").path]).status == 0)
        #expect(try String(contentsOfFile: again.appendingPathComponent("b.svg").path, encoding: .utf8) == withMin)
        // Bad input: one line, exit 2.
        for (arguments, message) in [
            (common.dropLast() + ["--curvature", "maxx", "--out", plain], "unknown curvature 'maxx'; did you mean 'max'?"),
            (["net", "render", plain, "--layout", "sharpness", "--grid-out", dir.appendingPathComponent("g.json").path, "--out", a],
             "--grid-out writes a plane's or a line's values; the sharpness layout has neither"),
            (["net", "render", plain, "--layout", "sharpness", "--size", "500x200", "--out", a],
             "500×200 is too small for the sharpness layout with 3 runs; the smallest size that works is 620x300"),
            (["net", "train", "--data", "sine:n=20", "--model", "mlp:loss=cross-entropy", "--optimizer", "gd", "--out", plain],
             "bad value 'cross-entropy' for 'loss' of model 'mlp': expected auto or mse (regression has no classes for cross-entropy)"),
        ] {
            let r = try run(Array(arguments))
            #expect(r.status == 2 && r.stderr == "landscape: \(message)\n", "\(arguments): \(r.stderr)")
        }
    }
}

/// `net render --plane hessian|saddle` and `--layout curvature-map` from the command line.
@Suite struct CurvatureMapCommandTests {
    @Test func hessianPlanesAndCurvatureMaps() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.json").path
        #expect(try run(["net", "train", "--data", "xor:n=60,noise=0.1", "--model", "mlp:hidden=2", "--optimizer", "gd:lr=0.05",
                         "--optimizer", "adam:lr=0.01", "--epochs", "40", "--out", file, "--quiet"]).status == 0)
        // The plane's eigenvalues are the Hessian's at the run's end, as net hessian gives them.
        let spectrum = try NetHessianCommandTests.json(["net", "hessian", file, "--run", "0", "--top", "2", "--bottom", "1"])
        let top = try #require(spectrum["largest"] as? [Double]), bottom = try #require(spectrum["smallest"] as? [Double])
        for (plane, expected) in [("hessian", [top[0], top[1]]), ("saddle", [top[0], bottom[0]])] {
            let grid = dir.appendingPathComponent("\(plane).json").path
            let r = try run(["net", "render", file, "--plane", plane, "--run", "0", "--resolution", "9", "--grid-out", grid,
                             "--out", dir.appendingPathComponent("\(plane).svg").path])
            #expect(r.status == 0, "\(r.stderr)")
            let description = try #require(r.stderr.split(separator: "eigenvalues=").last?.split(separator: " ").first)
            let values = description.split(separator: ",").compactMap { Double($0) }
            #expect(values.count == 2)
            for (a, b) in zip(values, expected) { #expect(abs(a - b) <= 1e-9 * abs(top[0])) }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: grid))) as? [String: Any])
            #expect((json["x"] as? [Double])?.count == 9 && json["lambda_max"] == nil)
        }
        // A curvature map writes λmax and λmin on its lattice; the same twice.
        let npz = dir.appendingPathComponent("map.npz").path, json = dir.appendingPathComponent("map.json").path
        let a = dir.appendingPathComponent("map.png").path
        var r = try run(["net", "render", file, "--plane", "saddle", "--run", "0", "--layout", "curvature-map", "--resolution", "7",
                         "--grid-out", json, "--out", a])
        #expect(r.status == 0 && r.stderr.contains("curvature=lambda_min/lambda_max"), "\(r.stderr)")
        let map = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let largest = try #require(map["lambda_max"] as? [[Double]]), smallest = try #require(map["lambda_min"] as? [[Double]])
        #expect(largest.count == 7 && largest.allSatisfy { $0.count == 7 } && smallest.count == 7)
        #expect(abs(largest[3][3] - top[0]) <= 1e-7 * abs(top[0]) && abs(smallest[3][3] - bottom[0]) <= 1e-7 * abs(top[0]))
        r = try run(["net", "render", file, "--plane", "saddle", "--run", "0", "--layout", "curvature-map", "--resolution", "7",
                     "--grid-out", npz, "--out", a])
        #expect(r.status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: npz))
        for name in ["lambda_max.npy", "lambda_min.npy", "curvature_x.npy", "loss.npy"] { #expect(bytes.range(of: Data(name.utf8)) != nil, "\(name)") }
        // The spectrum layout: the same twice, no grid to write.
        let s1 = dir.appendingPathComponent("s.svg").path
        r = try run(["net", "render", file, "--layout", "spectrum", "--out", s1])
        #expect(r.status == 0 && r.stderr.contains("Hessian spectrum at each run's end"), "\(r.stderr)")
        let first = try String(contentsOfFile: s1, encoding: .utf8)
        #expect(try run(["net", "render", file, "--layout", "spectrum", "--out", s1]).status == 0)
        #expect(try String(contentsOfFile: s1, encoding: .utf8) == first)
        // Bad input: one line, exit 2, before any work.
        for (arguments, message) in [
            (["net", "render", file, "--layout", "spectrum", "--grid-out", npz, "--out", a],
             "--grid-out writes a plane's or a line's values; the spectrum layout has neither"),
            (["net", "render", file, "--plane", "interpolation", "--layout", "curvature-map", "--out", a],
             "--plane interpolation draws one curve per run, in one layout; give no --layout curvature-map"),
            (["net", "render", file, "--plane", "sadle", "--out", a], "unknown plane 'sadle'; did you mean 'saddle'?"),
            (["net", "animate", file, "--plane", "saddle", "--layout", "curvature-map", "--out", dir.appendingPathComponent("x.gif").path],
             "net animate grows the paths on a plane: use --plane shared, pca, random, hessian or saddle, and a layout other than regions, sharpness, spectrum or curvature-map"),
            (["net", "render", file, "--layout", "curvature-map", "--size", "700x300", "--out", a],
             "700×300 is too small for the curvature-map layout with 2 runs; the smallest size that works is 760x340"),
        ] {
            let r = try run(arguments)
            #expect(r.status == 2 && r.stderr == "landscape: \(message)\n", "\(arguments): \(r.stderr)")
        }
    }

    /// A curvature map's work is bounded before it starts: every point a Lanczos run.
    @Test func curvatureWorkIsBounded() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.json").path
        #expect(try run(["net", "train", "--data", "spirals:n=2000", "--model", "mlp:hidden=64x64", "--optimizer", "adam",
                         "--epochs", "1", "--out", file, "--quiet"]).status == 0)
        let r = try run(["net", "render", file, "--layout", "curvature-map", "--resolution", "101", "--out", dir.appendingPathComponent("m.png").path])
        #expect(r.status == 2 && r.stderr.hasPrefix("landscape: \(file): the curvature at 101² points could take ") && r.stderr.hasSuffix("lower the resolution\n"), "\(r.stderr)")
    }
}

/// `render --layout with-curvature`, `--indefinite`, `--ellipses`, `--ellipse-at` and the scene's
/// `curvature:` key.
@Suite struct SurfaceCurvatureCommandTests {
    @Test func curvatureMarksFromTheCommandLineAndScenes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.svg").path
        var r = try run(["render", "two-well", "--layout", "with-curvature", "--indefinite", "--ellipses", "3", "--ellipse-at", "0,0.5", "--grid", "80", "--out", a])
        #expect(r.status == 0, "\(r.stderr)")
        // The scene with the same marks draws the same figure.
        let scene = dir.appendingPathComponent("s.yaml")
        try """
            name: a
            surface: two-well
            layout: with-curvature
            grid: 80
            formats: [svg]
            curvature:
              indefinite: true
              ellipses: 3
              at: [[0, 0.5]]
            """.write(to: scene, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("scene")
        r = try run(["render", "--scene", scene.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: a, encoding: .utf8) == String(contentsOfFile: out.appendingPathComponent("a.svg").path, encoding: .utf8))
        // A curve takes the layout (f″ along the path).
        #expect(try run(["render", "parabola", "--layout", "with-curvature", "--out", dir.appendingPathComponent("p.png").path]).status == 0)
        for (arguments, message) in [
            (["render", "ravine", "--ellipses", "-1", "--out", a], "--ellipses '-1': expected a whole number from 0 to 100"),
            (["render", "ravine", "--ellipse-at", "1", "--out", a], "--ellipse-at '1': expected X,Y, two finite numbers"),
            (["render", "ravine", "--ellipse-at", "nan,1", "--out", a], "--ellipse-at 'nan,1': expected X,Y, two finite numbers"),
            (["render", "ravine", "--layout", "3d", "--indefinite", "--out", a],
             "figure 'a': 'curvature' marks go on a 2-D surface's contour plot: not on a curve or in a 3-D layout"),
            (["render", "parabola", "--ellipses", "2", "--out", a],
             "figure 'a': 'curvature' marks go on a 2-D surface's contour plot: not on a curve or in a 3-D layout"),
            (["render", "ravine", "--layout", "with-curvatur", "--out", a], "unknown layout 'with-curvatur'; did you mean 'with-curvature'?"),
        ] {
            let r = try run(arguments)
            #expect(r.status == 2 && r.stderr == "landscape: \(message)\n", "\(arguments): \(r.stderr)")
        }
        for (body, message) in [
            ("curvature: {ellipse: 3}", "unknown key 'curvature.ellipse'; did you mean 'ellipses'?"),
            ("curvature: {ellipses: 1000}", "'curvature.ellipses' must be a whole number from 0 to 100"),
            ("curvature: {at: [[1]]}", "'curvature.at[0]' must be a point of two finite numbers, e.g. [1, -0.5]"),
            ("curvature: {indefinite: yes please}", "'curvature.indefinite' must be true or false"),
        ] {
            try "name: b\nsurface: ravine\n\(body)\n".write(to: scene, atomically: true, encoding: .utf8)
            let r = try run(["render", "--scene", scene.path, "--out", out.path])
            #expect(r.status == 2 && r.stderr.hasSuffix("\(message)\n"), "\(body): \(r.stderr)")
        }
    }
}

/// `landscape tune`: the report and the figures are the same bytes on every run and on one
/// core; diverged trials are rows; bad requests get one line.
@Suite struct TuneCommandTests {
    /// The search against exhaustive grids, on every built-in surface of the plane with six
    /// optimizers at the default budget (200 settings) and objective (final loss): within 5% of
    /// the best an exhaustive 1000-point grid of the same range finds, wherever that best is the
    /// optimizer's and not the grid's, that is, wherever grids of 997 and 1003 points find it
    /// within 5% too. Where they do not (chaotic runs: the best of the 1000 is one isolated
    /// setting, and GD on Rastrigin scores 7.96, 3.34 or 1.69 by the grid's points alone), no
    /// search of fewer settings can promise it; those cases are listed, so that a change to
    /// them shows. Objectives below the stop rule's noise floor count as equal.
    @Test func searchReachesTheExhaustiveGrid() throws {
        let binary = try installedBinary()
        let optimizers = ["gd", "momentum", "nesterov", "rmsprop", "adam", "adamw"]
        let surfaces = ["bowl", "ravine", "two-well", "sincos", "regression", "rosenbrock", "himmelblau", "beale", "rastrigin"]
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var gridBound: [String] = []
        var compared = 0
        for surface in surfaces {
            let report = dir.appendingPathComponent("\(surface).json").path
            let chosen = optimizers.flatMap { ["--optimizer", $0] }
            let tuned = try execute(binary, ["tune", surface] + chosen + ["--report", report, "--quiet"])
            #expect(tuned.status == 0, "\(surface): \(tuned.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
            let entries = try #require(json["optimizers"] as? [[String: Any]])
            // The best of each exhaustive grid, per optimizer.
            var exhaustive: [[Double]] = Array(repeating: [], count: optimizers.count)
            for cells in [997, 1000, 1003] {
                let sweep = try execute(binary, ["sweep", surface] + chosen + ["--lr", "1e-4:1:log", "--cells", "\(cells)", "--metric", "final-loss", "--csv", "-", "--quiet"])
                #expect(sweep.status == 0, "\(surface): \(sweep.stderr)")
                var best = Array(repeating: Double.infinity, count: optimizers.count)
                for line in sweep.stdout.split(separator: "\n").dropFirst() {
                    let fields = line.split(separator: ",")
                    guard fields.count == 9, let k = optimizers.firstIndex(of: String(fields[0].dropFirst().dropLast())) else { continue }
                    best[k] = Swift.min(best[k], Double(fields[4]) ?? .infinity)
                }
                for k in optimizers.indices { exhaustive[k].append(best[k]) }
            }
            for (k, name) in optimizers.enumerated() {
                let entry = entries[k]
                let floor = try #require(entry["floor"] as? Double)
                let ours = Swift.max((entry["objective"] as? Double) ?? .infinity, floor)
                let grids = exhaustive[k].map { Swift.max($0, floor) }
                #expect(grids.count == 3 && grids.allSatisfy(\.isFinite), "\(surface) \(name): \(grids)")
                guard let low = grids.min(), let high = grids.max(), high <= 1.05 * low else {
                    gridBound.append("\(surface) \(name)")
                    continue
                }
                compared += 1
                #expect(ours <= 1.05 * grids[1], "\(surface) \(name): the search's best \(ours) is more than 5% above the exhaustive grid's \(grids[1])")
            }
        }
        #expect(compared == 48)
        #expect(gridBound == ["regression adamw", "rosenbrock rmsprop", "rastrigin gd", "rastrigin momentum", "rastrigin nesterov", "rastrigin rmsprop"])
    }

    @Test func reportsAndFiguresAreReproducible() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["tune", "ravine", "--optimizer", "gd", "--optimizer", "momentum", "--optimizer", "adam", "--steps", "300", "--budget", "40"]
        var outputs: [[Data]] = []
        for (k, prefix) in [[], [], ["taskset", "-c", "0"]].enumerated() {
            if !prefix.isEmpty && !FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") { continue }
            let sub = dir.appendingPathComponent("run\(k)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let files = ["t.csv", "t.json", "race.svg", "sensitivity.svg"].map { sub.appendingPathComponent($0).path }
            let binary = try landscapeBinary().path
            for (extra, out) in [(["--report", files[0], "--out", files[2]], 0), (["--report", files[1], "--layout", "sensitivity", "--out", files[3]], 1)] {
                let command = prefix.isEmpty ? try execute(try landscapeBinary(), args + extra)
                    : try execute(URL(fileURLWithPath: "/usr/bin/taskset"), ["-c", "0", binary] + args + extra)
                #expect(command.status == 0, "\(out): \(command.stderr)")
            }
            // The same names in every run (an SVG's ids come from its file name).
            outputs.append(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) })
        }
        #expect(outputs.count >= 2 && outputs.dropFirst().allSatisfy { $0 == outputs[0] })
        let csv = String(decoding: outputs[0][0], as: UTF8.self)
        #expect(csv.hasPrefix("optimizer,setting,lr,seed,objective,outcome,steps,final_loss,distance\n"))
        #expect(csv.contains(",inf,diverged,"))
        let json = try #require(try JSONSerialization.jsonObject(with: outputs[0][1]) as? [String: Any])
        let optimizers = try #require(json["optimizers"] as? [[String: Any]])
        #expect(optimizers.map { $0["optimizer"] as? String } == ["gd", "momentum", "adam"])
        #expect((optimizers[0]["tuned"] as? String)?.hasPrefix("gd:lr=0.03") == true)
        #expect(json["objective"] as? String == "final-loss" && json["budget"] as? Int == 40)
    }

    @Test func badRequestsGetOneLine() throws {
        for (arguments, message) in [
            (["tune", "ravine", "--out", "x.png", "--budget", "0"], "--budget '0': expected a whole number from 1 to 100000"),
            (["tune", "ravine", "--out", "x.png", "--objective", "final_loss"], "unknown objective 'final_loss'; did you mean 'final-loss'?"),
            (["tune", "ravine", "--out", "x.png", "--optimizer", "gd:lr=0.1"], "'lr' is tuned, so leave it out of the optimizer spec 'gd:lr=0.1'"),
            (["tune", "ravine", "--out", "x.png", "--tune", "lr=1:0.1:log"], "--tune: sweep range for 'lr' must go from a smaller to a larger finite number, got 1:0.1"),
            (["tune", "ravine", "--out", "x.png", "--layout", "sensitivty"], "unknown layout 'sensitivty'; did you mean 'sensitivity'?"),
            (["tune", "ravine"], "give --out FILE for the figure, --report FILE for the trials, or both"),
            (["tune", "ravine", "--report", "x.txt"], "cannot tell the format of 'x.txt': --report takes .csv or .json"),
            (["tune", "ravine", "--out", "x.png", "--budget", "100000", "--steps", "100000", "--seeds", "3"],
             "3 optimizers × 100000 settings × 3 seeds × 100000 steps is 9·10¹⁰ steps; at most 2·10⁸: lower --budget, --seeds or --search-steps"),
            (["tune", "sincos", "--out", "x.png", "--optimizer", "sgd", "--budget", "1000", "--steps", "100000"],
             "1 optimizer × 1000 settings × 100000 steps is 10⁸ steps; at most 4·10⁷ with a stochastic optimizer: lower --budget, --seeds or --search-steps"),
            (["tune", "rosenbrock", "--out", "x.png", "--protocol", "pytorch-optimzer"], "unknown protocol 'pytorch-optimzer'; did you mean 'pytorch-optimizer'?"),
            (["tune", "ravine", "--out", "x.png", "--protocol", "pytorch-optimizer"], "the pytorch-optimizer protocol is defined on rosenbrock and rastrigin with their default parameters, not on ravine"),
            (["tune", "rosenbrock", "--out", "x.png", "--protocol", "pytorch-optimizer", "--steps", "100"], "--protocol pytorch-optimizer fixes --steps; leave it out, or drop --protocol to choose it yourself"),
            (["tune", "rosenbrock", "--out", "x.png", "--clip", "0"], "--clip '0': expected a number > 0"),
            (["tune", "rosenbrock", "--out", "x.png", "--optimizer", "gd", "--schedule", "cosin"],
             "bad value 'cosin' for 'schedule' of optimizer 'gd': expected one of constant, step, exp, cosine, inverse (did you mean 'cosine'?)"),
            (["tune", "rosenbrock", "--out", "x.png", "--optimizer", "adam:clip=2", "--clip", "1"], "--clip sets clip, and so does 'adam:clip=2'; give it once"),
        ] {
            let r = try run(arguments)
            #expect(r.status == 2 && r.stderr == "landscape: \(message)\n", "\(arguments): \(r.stderr)")
        }
    }
}

/// `net tune`: every optimizer at its best on a network, the same bytes on one core or two, the
/// tuned runs as a run file `net render` draws, and one-line refusals.
@Suite struct NetTuneCommandTests {
    static let base = ["net", "tune", "--data", "spirals:n=60,noise=0.2,seed=0", "--model", "mlp:hidden=4,act=tanh", "--epochs", "20",
                       "--budget", "8", "--optimizer", "gd", "--optimizer", "adam"]

    @Test func reproducibleAndRenderable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var reports: [String] = []
        for (k, prefix) in [[], ["/usr/bin/taskset", "-c", "0"]].enumerated() {
            if !prefix.isEmpty && !FileManager.default.isExecutableFile(atPath: prefix[0]) { continue }
            let files = ["t\(k).csv", "f\(k).svg", "r\(k).json"].map { dir.appendingPathComponent($0).path }
            let arguments = Self.base + ["--report", files[0], "--out", files[1], "--run-out", files[2]]
            let r = prefix.isEmpty ? try run(arguments)
                : try execute(URL(fileURLWithPath: prefix[0]), Array(prefix.dropFirst()) + [try landscapeBinary().path] + arguments)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("tuned 2 optimizers in 16 trainings") && r.stderr.contains("  Adam lr="))
            reports.append(try String(contentsOfFile: files[0], encoding: .utf8))
        }
        #expect(reports.count >= 1 && reports.allSatisfy { $0 == reports[0] })
        let rows = reports[0].split(separator: "\n")
        #expect(rows.first == "optimizer,setting,lr,seed,objective,loss,accuracy,outcome,steps" && rows.count == 17)
        // The run file trains each optimizer at its tuned setting, and net render races them.
        let runFile = try String(contentsOfFile: dir.appendingPathComponent("r0.json").path, encoding: .utf8)
        #expect(runFile.contains("\"gd:lr=") && runFile.contains("\"adam:lr="))
        let render = try run(["net", "render", dir.appendingPathComponent("r0.json").path, "--plane", "shared", "--resolution", "11",
                              "--out", dir.appendingPathComponent("race.svg").path, "--quiet"])
        #expect(render.status == 0, "\(render.stderr)")
    }

    @Test func badRequestsGetOneLine() throws {
        for (extra, message) in [
            (["--objective", "acuracy", "--report", "-"], "unknown objective 'acuracy'; did you mean 'accuracy'?"),
            ([String](), "give --out FILE for the figure, --run-out FILE.json for the tuned runs, --report FILE for the trials, or any of them"),
            (["--report", "-", "--tune", "lr=1:0.1"], "--tune: sweep range for 'lr' must go from a smaller to a larger finite number, got 1:0.1"),
            (["--report", "-", "--optimizer", "newton"], "optimizer 'newton' works only on surfaces; networks train with first-order optimizers"),
        ] {
            let r = try run(Self.base + extra)
            #expect(r.status == 2 && r.stderr.hasPrefix("landscape: ") && r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1,
                    "\(extra): \(r.stderr)")
        }
        let huge = try run(["net", "tune", "--data", "spirals:n=1000", "--optimizer", "adam", "--budget", "100000", "--epochs", "100000", "--report", "-"])
        #expect(huge.status == 2 && huge.stderr.hasSuffix("at most 10¹¹: lower --budget, --seeds or --epochs\n"), "\(huge.stderr)")
        let regression = try run(["net", "tune", "--data", "sine:n=40", "--optimizer", "adam", "--objective", "accuracy", "--report", "-"])
        #expect(regression.status == 2 && regression.stderr.contains("objective accuracy needs classes"), "\(regression.stderr)")
    }
}
