import Foundation
import Testing

/// `render`, `animate` and `contours` on grids computed elsewhere; `--grid-out` on any surface.
@Suite struct GridFileCommandTests {
    /// The test data written by Tests/Reference/make_grid_files.py (h5py, NumPy, PyTorch).
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GridFilesTests/Data").path
    static func file(_ name: String) -> String { data + "/" + name }

    /// loss-landscape's surface file with its projected path, in every layout that draws paths,
    /// the same bytes twice; the grid exported again reads back with the same values.
    @Test func lossLandscapeFileDrawsInEveryLayout() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for layout in ["single", "with-loss", "3d", "3d+contour"] {
            let svg = dir.appendingPathComponent("\(layout).svg").path
            let arguments = ["render", "--grid-file", Self.file("surface.h5"), "--path-file", Self.file("trajectory.h5"), "--label", "SGD",
                             "--layout", layout, "--out", svg]
            let made = try run(arguments)
            #expect(made.status == 0, "\(layout): \(made.stderr)")
            let bytes = try Data(contentsOf: URL(fileURLWithPath: svg))
            #expect(try run(arguments).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: svg)) == bytes, "\(layout) differs between runs")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("<title>train_loss from surface.h5</title>"), "\(layout)")
        }
        let gif = dir.appendingPathComponent("race.gif").path
        let animated = try run(["animate", "--grid-file", Self.file("surface.h5"), "--path-file", Self.file("trajectory.h5"), "--frames", "3", "--out", gif])
        #expect(animated.status == 0, "\(animated.stderr)")
        let curve = try run(["render", "--grid-file", Self.file("curve.h5"), "--out", dir.appendingPathComponent("curve.svg").path])
        #expect(curve.status == 0, "\(curve.stderr)")
        let curve3D = try run(["render", "--grid-file", Self.file("curve.h5"), "--layout", "3d", "--out", dir.appendingPathComponent("c.svg").path])
        #expect(curve3D.status == 2 && curve3D.stderr.contains("curve.h5 is a curve (1-D): use layout single"), "\(curve3D.stderr)")
        let contours = try run(["contours", "--grid-file", Self.file("grid_deflated.npz"), "--level", "1"])
        #expect(contours.status == 0 && contours.stdout.contains("\"grid\": 7"), "\(contours.stderr)")
    }

    /// `--grid-out` writes what NumPy (and our reader) loads back: render a surface, export its grid,
    /// draw the export, and contour both the same.
    @Test func gridOutRoundTrips() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let npz = dir.appendingPathComponent("sincos.npz").path
        #expect(try run(["contours", "sincos", "--grid", "41", "--level", "5", "--grid-out", npz]).status == 0)
        let direct = try run(["contours", "sincos", "--grid", "41", "--level", "5"])
        let imported = try run(["contours", "--grid-file", npz, "--level", "5"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // The same lines from the same values (the domain, recomputed from x and y, to the last digit).
        let lines = { (s: String) in s.split(separator: "\n").filter { $0.contains("\"level\"") } }
        #expect(lines(direct.stdout) == lines(imported.stdout))
        let npy = dir.appendingPathComponent("bowl.npy").path
        #expect(try run(["render", "bowl", "--grid", "30", "--grid-out", npy, "--out", dir.appendingPathComponent("b.png").path]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: npy))
        #expect(String(decoding: bytes.prefix(80), as: UTF8.self).contains("'shape': (30, 30)"))
    }

    /// Our own trajectory files are paths too: a run traced on `bowl`, drawn over bowl's grid
    /// exported to .npz, with its loss from the file (so the legend does not say "read off").
    @Test func traceFilesArePaths() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let npz = dir.appendingPathComponent("bowl.npz").path, json = dir.appendingPathComponent("adam.json").path
        let csv = dir.appendingPathComponent("gd.csv").path
        #expect(try run(["contours", "bowl", "--grid", "61", "--level", "1", "--grid-out", npz]).status == 0)
        #expect(try run(["trace", "bowl", "--optimizer", "adam:lr=0.1", "--steps", "50", "--format", "json", "--out", json]).status == 0)
        #expect(try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--steps", "50", "--format", "csv", "--out", csv]).status == 0)
        let svg = dir.appendingPathComponent("b.svg").path
        let drawn = try run(["render", "--grid-file", npz, "--path-file", json, "--path-file", csv, "--layout", "with-loss", "--out", svg])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        // The description names a JSON path by the optimizer it records, a CSV one by its file.
        let desc = text.components(separatedBy: "<desc>").dropFirst().first?.components(separatedBy: "</desc>").first ?? ""
        #expect(desc.contains("Adam lr=0.1, gd from") && !desc.contains("read off the grid"), "\(desc)")
    }

    /// What cannot work with an imported grid says so in one line, exit 2.
    @Test(arguments: [
        (["trace", "--grid-file", "surface.h5", "--optimizer", "adam"], "trace runs an optimizer on a surface's gradients, and an imported grid has none"),
        (["sweep", "--grid-file", "surface.h5", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "5x5"], "sweep runs an optimizer"),
        (["render", "--grid-file", "surface.h5", "--optimizer", "adam", "--out", "x.png"], "an imported grid has no gradients to run optimizers on"),
        (["render", "bowl", "--surface-name", "train_loss", "--out", "x.png"], "--surface-name, --path-file and --label go with --grid-file"),
        (["render", "--grid-file", "surface.h5", "--surface-name", "tain_loss", "--out", "x.png"], "no grid 'tain_loss'; did you mean 'train_loss'?"),
        (["render", "--grid-file", "bad_transposed.h5", "--out", "x.png"], "is the grid transposed?"),
        (["render", "--grid-file", "grid_f8_le_C.npy", "--path-file", "grid_matrix.csv", "--out", "x.png"], "expected a header with columns x and y"),
        (["contours", "--grid-file", "surface.h5", "--grid", "30"], "an imported grid is drawn as it is"),
        (["render", "bowl", "--grid-out", "g.txt", "--out", "x.png"], "--grid-out takes .json, .npz or .npy"),
    ])
    func whatCannotWorkIsOneLine(_ arguments: [String], _ fragment: String) throws {
        let resolved = arguments.map { ["surface.h5", "bad_transposed.h5", "grid_f8_le_C.npy", "grid_matrix.csv"].contains($0) ? Self.file($0) : $0 }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try run(resolved, in: dir)
        #expect(result.status == 2 && result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(fragment), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.png").path))
    }

    /// A scene's grid_file and paths are found beside the scene file.
    @Test func sceneFilesFindTheirDataBesideThem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("scenes")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        for name in ["surface.h5", "trajectory.h5", "grid_long.csv"] {
            try FileManager.default.copyItem(atPath: Self.file(name), toPath: sub.appendingPathComponent(name).path)
        }
        try """
            figures:
              - name: ll
                grid_file: surface.h5
                surface_name: train_acc
                paths: [{file: trajectory.h5, label: SGD}]
              - name: csv
                grid_file: grid_long.csv
            """.write(to: sub.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", "scenes/s.yaml", "--out", "out"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/ll.svg").path))
        let svg = try String(contentsOfFile: dir.appendingPathComponent("out/csv.svg").path, encoding: .utf8)
        #expect(svg.contains("<title>loss from grid_long.csv</title>"))
    }

    /// The grids guide's PyTorch script (Tests/Reference/pytorch_grid.py), run where PyTorch is
    /// installed, and its file drawn.
    @Test(.enabled(if: Self.torchPython != nil)) func pytorchSnippetWritesAGridWeDraw() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let npz = dir.appendingPathComponent("grid.npz").path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Reference/pytorch_grid.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.torchPython ?? "/usr/bin/python3")
        process.arguments = [script, npz]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let drawn = try run(["render", "--grid-file", npz, "--layout", "3d+contour", "--out", dir.appendingPathComponent("g.png").path])
        #expect(drawn.status == 0, "\(drawn.stderr)")
    }

    /// A Python that imports torch: the benchmark's environment, or the system's.
    static let torchPython: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [root.appendingPathComponent(".venv-bench/bin/python").path, "/usr/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: candidate)
            p.arguments = ["-c", "import torch, numpy"]
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            guard (try? p.run()) != nil else { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return candidate }
        }
        return nil
    }()
}
