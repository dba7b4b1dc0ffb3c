import Foundation
import Testing

@Suite struct NetCommandTests {
    /// Train, render every plane and layout, and get the same bytes twice.
    @Test func trainAndRenderAreDeterministic() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        let train = ["net", "train", "--data", "spirals:n=80,noise=0.2,seed=1", "--model", "mlp:hidden=8x8,act=tanh",
                     "--optimizer", "gd:lr=0.5", "--optimizer", "momentum:lr=0.1", "--optimizer", "adam:lr=0.01", "--epochs", "40", "--out", runFile]
        let trained = try run(train)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stderr.contains("Adam lr=0.01: max-steps after 40 steps"))
        let first = try Data(contentsOf: URL(fileURLWithPath: runFile))
        #expect(try run(train).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: runFile)) == first)

        for (plane, layout) in [("shared", "single"), ("pca", "3d+contour"), ("random", "with-loss"), ("shared", "side-by-side")] {
            let svg = dir.appendingPathComponent("\(plane)-\(layout).svg").path
            let arguments = ["net", "render", runFile, "--plane", plane, "--layout", layout, "--resolution", "21", "--out", svg]
            let rendered = try run(arguments)
            #expect(rendered.status == 0, "\(plane) \(layout): \(rendered.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: svg))
            #expect(try run(arguments).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: svg)) == bytes, "\(plane) \(layout) differs between runs")
            if layout != "side-by-side" { #expect(rendered.stderr.contains("plane=\(plane)") && rendered.stderr.contains("resolution=21")) }
        }
        let gridFile = dir.appendingPathComponent("grid.json").path
        #expect(try run(["net", "render", runFile, "--plane", "random", "--seed", "3", "--resolution", "5", "--grid-out", gridFile,
                         "--out", dir.appendingPathComponent("g.png").path]).status == 0)
        let grid = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: gridFile))) as? [String: Any])
        #expect((grid["loss"] as? [[Double]])?.count == 5 && (grid["d1"] as? [Double])?.count == 8 * 2 + 8 + 8 * 8 + 8 + 8 * 2 + 2)
        #expect((grid["plane"] as? String)?.contains("seed=3") == true)
    }

    /// Malformed requests: one line, exit 2.
    @Test(arguments: [
        (["net", "train", "--data", "spirals", "--model", "mlp:act=swish", "--optimizer", "adam", "--out", "r.json"], "act"),
        (["net", "train", "--data", "spirals", "--model", "mlp:hidden=16x0", "--optimizer", "adam", "--out", "r.json"], "hidden"),
        (["net", "train", "--data", "spirls", "--optimizer", "adam", "--out", "r.json"], "did you mean 'spirals'"),
        (["net", "train", "--data-file", "/nonexistent.csv", "--optimizer", "adam", "--out", "r.json"], "cannot read"),
        (["net", "train", "--data", "moons", "--optimizer", "newton", "--out", "r.json"], "Hessian"),
        (["net", "train", "--data", "moons", "--optimizer", "adam", "--epochs", "0", "--out", "r.json"], "--epochs"),
        (["net", "train", "--data", "moons", "--out", "r.json"], "--optimizer"),
        (["net", "render", "/nonexistent.json", "--out", "x.png"], "cannot read"),
    ])
    func badRequestsAreOneLineErrors(_ arguments: [String], _ fragment: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try run(arguments, in: dir)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(fragment), "\(result.stderr)")
    }

    /// A run file with one recorded point cannot make a principal plane; a broken one names its fault.
    @Test func runFileProblemsNameTheirCause() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        #expect(try run(["net", "train", "--data", "xor:n=40", "--model", "mlp:hidden=4", "--optimizer", "adam", "--epochs", "1",
                         "--out", runFile]).status == 0)
        let pca = try run(["net", "render", runFile, "--plane", "pca", "--out", dir.appendingPathComponent("p.png").path])
        #expect(pca.status == 2 && pca.stderr.contains("at least 3 recorded points"), "\(pca.stderr)")
        var text = try String(contentsOfFile: runFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"widths\":[2,4,2]", with: "\"widths\":[2,5,2]")
        try text.write(toFile: runFile, atomically: true, encoding: .utf8)
        let broken = try run(["net", "render", runFile, "--plane", "random", "--out", dir.appendingPathComponent("b.png").path])
        #expect(broken.status == 2 && broken.stderr.contains("'initial' has 22 values; the model has 27"), "\(broken.stderr)")
    }

    /// A run that blows up is data: it ends as diverged at the plane's bound (10¹²), and the
    /// shared plane is fitted to the points inside it, so the other runs still get their figure.
    @Test func aDivergedRunStillDraws() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        let trained = try run(["net", "train", "--data", "spirals:n=50", "--optimizer", "adam:lr=1e300", "--optimizer", "gd:lr=0.1",
                               "--epochs", "5", "--out", runFile])
        #expect(trained.status == 0 && trained.stderr.contains("Adam lr=1e+300: diverged after 1 steps"), "\(trained.stderr)")
        let rendered = try run(["net", "render", runFile, "--plane", "shared", "--out", dir.appendingPathComponent("s.svg").path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        // The ranges come from the points inside the bound, not from the blown-up ones.
        #expect(!rendered.stderr.contains("e+"), "\(rendered.stderr)")
    }

    /// Sizes are checked as render checks them, before the grid; spans too small to show are refused.
    @Test func sizesAndSpansAreChecked() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        #expect(try run(["net", "train", "--data", "moons:n=40", "--model", "mlp:hidden=4", "--optimizer", "adam", "--epochs", "5",
                         "--out", runFile]).status == 0)
        let small = try run(["net", "render", runFile, "--size", "500x400", "--out", dir.appendingPathComponent("a.png").path])
        #expect(small.status == 2 && small.stderr.contains("too small for the single layout with 1 run; the smallest size that works is"), "\(small.stderr)")
        let tiny = try run(["net", "render", runFile, "--span", "5e-324", "--out", dir.appendingPathComponent("b.png").path])
        #expect(tiny.status == 2 && tiny.stderr.contains("expected a number from 1e-9 to 1e6"), "\(tiny.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.png").path))
    }
}
