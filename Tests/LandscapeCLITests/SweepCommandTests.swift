import Foundation
import Testing

@Suite(.serialized) struct SweepCommandTests {
    let ravine = ["sweep", "ravine", "--optimizer", "momentum", "--lr", "0.002:0.1:log", "--momentum", "0:0.98",
                  "--cells", "30x25", "--steps", "500", "--stop-loss", "1e-8", "--start=-2.5,1"]

    @Test func csvIsByteIdenticalAndComplete() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        let first = try run(ravine + ["--csv", a])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("swept 750 runs"))
        let second = try run(ravine + ["--csv", b, "--quiet"])
        #expect(second.status == 0 && second.stderr.isEmpty)
        let textA = try String(contentsOfFile: a, encoding: .utf8), textB = try String(contentsOfFile: b, encoding: .utf8)
        #expect(textA == textB)
        let lines = textA.split(separator: "\n")
        #expect(lines.count == 751)
        #expect(lines[0] == "lr,momentum,outcome,steps,final_loss,distance")
        #expect(lines[1] == lines[1].split(separator: ",").joined(separator: ","))
        let outcomes = Set(lines.dropFirst().map { $0.split(separator: ",")[2] })
        #expect(outcomes == ["converged", "max-steps", "diverged"])
        // To standard output with -.
        let piped = try run(ravine + ["--csv", "-", "--quiet"])
        #expect(piped.status == 0 && piped.stdout == textA)
    }

    /// A sweep of 10⁴ cells runs on every core.
    @Test func largeSweepUsesEveryCore() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["sweep", "ravine", "--optimizer", "momentum", "--lr", "0.001:0.2:log", "--momentum", "0:0.99",
                         "--cells", "100x100", "--steps", "500", "--csv", dir.appendingPathComponent("t.csv").path])
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(r.status == 0 && r.stderr.contains("swept 10000 runs") && r.stderr.contains("on \(cores) thread"), "\(r.stderr)")
    }

    @Test func everyLayoutRendersInEveryFormat() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (layout, ext) in [("map", "png"), ("theory", "svg"), ("paths", "pdf")] {
            let path = dir.appendingPathComponent("\(layout).\(ext)").path
            let r = try run(ravine + ["--layout", layout, "--out", path, "--quiet"])
            #expect(r.status == 0, "\(layout): \(r.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.count > 20_000, "\(layout)")
        }
        let svg = try String(contentsOfFile: dir.appendingPathComponent("theory.svg").path, encoding: .utf8)
        #expect(svg.contains("<title>Sweep of momentum on ravine: measured and theoretical rates</title>"))
        // The same figure twice is the same bytes.
        let sub = dir.appendingPathComponent("again")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let again = sub.appendingPathComponent("theory.svg").path
        _ = try run(ravine + ["--layout", "theory", "--out", again, "--quiet"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: dir.appendingPathComponent("theory.svg").path)))
    }

    /// One swept key: every value for each optimizer, one row per run, the curves figure; the
    /// best value is the one the table shows best.
    @Test func oneKeyDrawsSensitivityCurves() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("lr.svg").path
        let r = try run(["sweep", "ravine", "--optimizer", "gd", "--optimizer", "adam", "--lr", "1e-3:1:log", "--cells", "40", "--steps", "200",
                         "--metric", "final-loss", "--csv", "-", "--out", svg])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.first == "optimizer,setting,lr,seed,objective,outcome,steps,final_loss,distance" && rows.count == 81)
        #expect(rows.filter { $0.hasPrefix("\"gd\"") }.count == 40 && rows.contains { $0.contains(",inf,diverged,") })
        #expect(r.stderr.contains("swept 80 runs in") && r.stderr.contains("  GD: best final loss"))
        let figure = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(figure.contains("40 values of lr ∈ [0.001, 1] (log), 200 steps each. GD: final loss"))
    }

    @Test func badInputIsOneLineWithASuggestion() throws {
        func failure(_ arguments: [String], status: Int32 = 2, _ expected: String) throws {
            let r = try run(arguments)
            #expect(r.status == status, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(expected), "\(arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
        }
        let base = ["sweep", "ravine", "--optimizer", "momentum", "--cells", "10x10", "--csv", "-"]
        try failure(base + ["--lr", "0.01:0.1"], "--cells '10x10': with one swept key, give how many values, 2 to 2000 (e.g. 200)")
        try failure(base + ["--lr", "0.01:0.1", "--momentum", "0:0.9", "--alpha", "0:1"], "a sweep needs one or two swept keys")
        try failure(base + ["--lr", "0.01:0.1", "--momentum", "0:0.9", "--optimizer", "gd"], "a sweep of two keys maps one optimizer; got 2 --optimizer values")
        try failure(base + ["--lr", "0.01:0.1", "--axis", "momentun=0:0.9"], "did you mean 'momentum'?")
        try failure(base + ["--lr", "0:0.1:log", "--momentum", "0:0.9"], "log sweep range for 'lr' must be positive")
        try failure(base + ["--lr", "0.1:0.01", "--momentum", "0:0.9"], "from a smaller to a larger")
        try failure(base + ["--lr", "0.01:0.1", "--momentum", "0:1.5"], "bad value '1.5' for 'momentum'")
        try failure(["sweep", "ravine", "--optimizer", "momentum:lr=0.1", "--cells", "10x10", "--csv", "-", "--lr", "0.01:0.1", "--momentum", "0:0.9"], "leave it out")
        try failure(["sweep", "ravine", "--optimizer", "momentum", "--cells", "10by10", "--csv", "-", "--lr", "0.01:0.1", "--momentum", "0:0.9"], "expected NxM")
        try failure(base + ["--lr", "0.01:0.1", "--momentum", "0:0.9", "--metric", "stpes"], "did you mean 'steps'?")
        try failure(["sweep", "rosenbrock", "--optimizer", "momentum", "--cells", "10x10", "--out", "/tmp/x.png", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--layout", "theory"], "quadratic surface")
        try failure(["sweep", "saddle", "--optimizer", "gd", "--cells", "10x10", "--csv", "-", "--lr", "0.01:0.1", "--weight-decay", "0:0.9", "--metric", "distance"], "has none")
        try failure(["sweep", "wavy", "--optimizer", "gd", "--cells", "10x10", "--csv", "-", "--lr", "0.01:0.1", "--weight-decay", "0:0.9"], "curve")
        try failure(["sweep", "ravine", "--optimizer", "momentum", "--cells", "10x10", "--lr", "0.01:0.1", "--momentum", "0:0.9"], "--out FILE")
        try failure(base + ["--lr", "0.01:0.1", "--momentum", "0:0.9", "--out", "/no/such/dir/map.png"], status: 1, "does not exist")
    }

    @Test func sceneFileSweeps() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = dir.appendingPathComponent("scene.yaml")
        try """
            name: m
            surface: bowl
            optimizers: [momentum]
            steps: 200
            sweep:
              x: lr=0.01:0.9:log
              y: momentum=0:0.9
              cells: [20, 10]
              metric: final-loss
              picks: [[0.1, 0.5], [0.8, 0.9]]
            layout: paths
            formats: [svg]
            """.write(to: scene, atomically: true, encoding: .utf8)
        let r = try run(["render", "--scene", scene.path, "--out", dir.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: dir.appendingPathComponent("m.svg").path, encoding: .utf8)
        #expect(svg.contains("Sweep of momentum on bowl"))

        try """
            name: m
            surface: bowl
            optimizers: [momentum]
            sweep:
              x: lr=0.01:0.9:log
              y: momentum=0:0.9
              cels: [20, 10]
            """.write(to: scene, atomically: true, encoding: .utf8)
        let bad = try run(["render", "--scene", scene.path, "--out", dir.path])
        #expect(bad.status == 2 && bad.stderr.contains("unknown key 'sweep.cels'; did you mean 'cells'?"), "\(bad.stderr)")

        try """
            name: m
            surface: bowl
            optimizers: [momentum, adam]
            sweep: {x: "lr=0.01:0.9", y: "momentum=0:0.9", cells: [4, 4]}
            """.write(to: scene, atomically: true, encoding: .utf8)
        let two = try run(["render", "--scene", scene.path, "--out", dir.path])
        #expect(two.status == 2 && two.stderr.contains("one optimizer"), "\(two.stderr)")
    }

    /// Seeds change a figure only through its stochastic optimizers.
    @Test func seedsRepeatOnlyStochasticRuns() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func render(_ optimizers: [String], seeds: Int, _ name: String) throws -> Data {
            let sub = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let path = sub.appendingPathComponent("f.svg").path
            let r = try run(["render", "sincos", "--steps", "100", "--seeds", "\(seeds)", "--with-loss-panel", "--out", path, "--quiet"]
                            + optimizers.flatMap { ["--optimizer", $0] })
            #expect(r.status == 0, "\(r.stderr)")
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        #expect(try render(["gd:lr=0.05"], seeds: 1, "a") == render(["gd:lr=0.05"], seeds: 8, "b"))
        let one = try render(["sgd:lr=0.09"], seeds: 1, "c"), eight = try render(["sgd:lr=0.09"], seeds: 8, "d")
        #expect(one != eight)
        #expect(eight == (try render(["sgd:lr=0.09"], seeds: 8, "e")))
        let bad = try run(["render", "sincos", "--optimizer", "sgd", "--seeds", "0", "--out", dir.appendingPathComponent("x.svg").path])
        #expect(bad.status == 2 && bad.stderr == "landscape: --seeds '0': expected a whole number from 1 to 1000\n")
    }
}
