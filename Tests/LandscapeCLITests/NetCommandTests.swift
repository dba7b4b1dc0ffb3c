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

    /// The 1-D lines and the data-space figure: deterministic, their curves exported as .npz
    /// (read back here: the archive's members, shapes and the endpoint values).
    @Test func linesAndRegionsDrawAndExport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        #expect(try run(["net", "train", "--data", "moons:n=60,seed=2", "--model", "mlp:hidden=6,act=tanh", "--optimizer", "gd:lr=0.5",
                         "--optimizer", "adam:lr=0.02", "--epochs", "30", "--out", runFile]).status == 0)
        for (plane, layout) in [("interpolation", "single"), ("slice", "single"), ("shared", "regions")] {
            let svg = dir.appendingPathComponent("\(plane)-\(layout).svg").path
            let arguments = ["net", "render", runFile, "--plane", plane, "--layout", layout, "--resolution", "31", "--out", svg]
            let rendered = try run(arguments)
            #expect(rendered.status == 0, "\(plane) \(layout): \(rendered.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: svg))
            #expect(try run(arguments).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: svg)) == bytes, "\(plane) \(layout) differs between runs")
        }
        let npz = dir.appendingPathComponent("interpolation.npz").path
        let made = try run(["net", "render", runFile, "--plane", "interpolation", "--span", "0", "--resolution", "3", "--grid-out", npz,
                            "--out", dir.appendingPathComponent("i.png").path])
        #expect(made.status == 2 && made.stderr.contains("--span"), "\(made.stderr)")
        let ok = try run(["net", "render", runFile, "--plane", "interpolation", "--span", "1e-9", "--resolution", "3", "--grid-out", npz,
                          "--out", dir.appendingPathComponent("i.png").path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let members = try zipMembers(Data(contentsOf: URL(fileURLWithPath: npz)))
        #expect(members.map(\.name) == ["x.npy", "loss.npy", "accuracy.npy", "start.npy", "direction.npy"])
        let header = String(decoding: members[1].body.prefix(128), as: UTF8.self)
        #expect(header.contains("'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), "\(header)")
        // The run file's last records: the curve passes through each run's end at α = 1 (+ 1e-9).
        let session = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: runFile))) as? [String: Any])
        let runs = try #require(session["runs"] as? [[String: Any]])
        let ends = try runs.map { r in try #require((r["records"] as? [[String: Any]])?.last?["loss"] as? Double) }
        let loss = npyValues(members[1].body)
        #expect(loss.count == 6)
        for (k, end) in ends.enumerated() { #expect(abs(loss[3 * k + 2] - end) <= 1e-6 * end, "run \(k): \(loss[3 * k + 2]) vs \(end)") }
    }

    /// `net animate`: the paths grow on the plane at the pace of their recorded steps (every
    /// fourth here), the last frame is the still figure; lines and regions are refused.
    @Test func animateGrowsThePathsOnThePlane() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        #expect(try run(["net", "train", "--data", "xor:n=40", "--model", "mlp:hidden=4", "--optimizer", "gd:lr=0.5", "--optimizer", "adam:lr=0.05",
                         "--epochs", "20", "--record-every", "4", "--out", runFile]).status == 0)
        let gif = dir.appendingPathComponent("race.gif").path
        let arguments = ["net", "animate", runFile, "--resolution", "15", "--frames", "5", "--out", gif]
        let made = try run(arguments)
        #expect(made.status == 0 && made.stderr.contains("5 frames"), "\(made.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gif))
        #expect(bytes.starts(with: Array("GIF89a".utf8)))
        #expect(try run(arguments).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: gif)) == bytes)
        let svg = try run(["net", "animate", runFile, "--resolution", "15", "--frames", "5", "--out", dir.appendingPathComponent("race.svg").path])
        #expect(svg.status == 0, "\(svg.stderr)")
        let text = try String(contentsOfFile: dir.appendingPathComponent("race.svg").path, encoding: .utf8)
        #expect(text.contains("@keyframes race-"))
        let line = try run(["net", "animate", runFile, "--plane", "slice", "--out", dir.appendingPathComponent("x.gif").path])
        #expect(line.status == 2 && line.stderr.contains("grows the paths on a plane"), "\(line.stderr)")
    }

    /// A scene file animates a network's plane as it animates a surface.
    @Test func sceneAnimatesANetwork() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = dir.appendingPathComponent("s.yaml").path
        try """
            name: xor-race
            network: {data: "xor:n=24", model: "mlp:hidden=3", epochs: 6, resolution: 9}
            optimizers:
              - gd:lr=0.5
              - adam:lr=0.05
            animate: {frames: 3}
            formats: [gif]
            """.write(toFile: scene, atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", scene, "--out", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let gif = try Data(contentsOf: dir.appendingPathComponent("xor-race.gif"))
        #expect(gif.starts(with: Array("GIF89a".utf8)))
    }

    /// What the lines and regions refuse, in one line each.
    @Test func linesAndRegionsRefuseWhatTheyCannotDraw() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runFile = dir.appendingPathComponent("run.json").path
        let csv = dir.appendingPathComponent("d.csv").path
        try "x1,x2,x3,label\n0,1,2,0\n1,0,2,1\n2,2,0,0\n0,0,1,1\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try run(["net", "train", "--data-file", csv, "--model", "mlp:hidden=3", "--optimizer", "adam", "--epochs", "3",
                         "--out", runFile]).status == 0)
        let out = dir.appendingPathComponent("x.png").path
        for (arguments, fragment) in [
            (["--layout", "regions"], "decision regions need data with two features; this data has 3"),
            (["--plane", "interpolation", "--layout", "3d"], "--plane interpolation draws one curve per run, in one layout"),
            (["--plane", "interpolaton"], "did you mean 'interpolation'?"),
            (["--grid-out", dir.appendingPathComponent("g.txt").path], "--grid-out takes .json, .npz or .npy"),
            (["--layout", "side-by-side", "--grid-out", dir.appendingPathComponent("g.npz").path], "side-by-side draws a plane per run"),
            (["--plane", "slice", "--size", "300x200"], "too small for the slice curves with 1 run"),
        ] {
            let result = try run(["net", "render", runFile] + arguments + ["--out", out])
            #expect(result.status == 2 && result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

/// The members of a zip archive stored without compression: names and bodies, from the central
/// directory (as unzip reads them).
func zipMembers(_ data: Data) throws -> [(name: String, body: [UInt8])] {
    let b = [UInt8](data)
    func le16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    func le32(_ i: Int) -> Int { le16(i) | le16(i + 2) << 16 }
    let end = try #require((0...(b.count - 22)).reversed().first { le32($0) == 0x0605_4B50 })
    var at = le32(end + 16)
    var members: [(name: String, body: [UInt8])] = []
    for _ in 0..<le16(end + 10) {
        #expect(le32(at) == 0x0201_4B50 && le16(at + 10) == 0)
        let size = le32(at + 24), nameLength = le16(at + 28), offset = le32(at + 42)
        let name = String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
        let local = offset + 30 + le16(offset + 26) + le16(offset + 28)
        members.append((name, Array(b[local..<(local + size)])))
        at += 46 + nameLength + le16(at + 30) + le16(at + 32)
    }
    return members
}

/// The float64 values of an .npy file in format 1.0.
func npyValues(_ bytes: [UInt8]) -> [Double] {
    let start = 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
    return stride(from: start, to: bytes.count, by: 8).map { i in
        Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << (8 * UInt64($1)) })
    }
}
