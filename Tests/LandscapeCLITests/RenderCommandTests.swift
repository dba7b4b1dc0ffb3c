import Foundation
import Testing

@Suite struct RenderCommandTests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let pngEnd: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    @Test func rendersEachFormatByExtensionAndRepeatsByteForByte() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["png", "svg", "pdf"] {
            let path = dir.appendingPathComponent("two-well.\(ext)").path
            let result = try run(["render", "two-well", "--optimizer", "gd", "--optimizer", "momentum", "--grid", "80", "--out", path])
            #expect(result.status == 0, "\(result.stderr)")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            switch ext {
            case "png": #expect(Array(bytes.prefix(8)) == Self.pngSignature && Array(bytes.suffix(12)) == Self.pngEnd)
            case "svg": #expect(String(decoding: bytes, as: UTF8.self).contains("<title>two-well: "))
            default: #expect(String(decoding: bytes.prefix(5), as: UTF8.self) == "%PDF-")
            }
        }
        let svg = dir.appendingPathComponent("two-well.svg").path
        let first = try Data(contentsOf: URL(fileURLWithPath: svg))
        #expect(try run(["render", "two-well", "--optimizer", "gd", "--optimizer", "momentum", "--grid", "80", "--out", svg, "--quiet"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: svg)) == first)
        #expect(String(decoding: first, as: UTF8.self).contains("id=\"two-well-"))
    }

    /// With no hyperparameters the surface's suggestions apply, and without --out the figure goes to
    /// standard output.
    @Test func perSurfaceDefaultsAndStandardOutput() throws {
        let result = try run(["render", "ravine", "--optimizer", "gd", "--optimizer", "momentum", "--optimizer", "adam", "--grid", "60", "--format", "svg"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("GD lr=0.036") && result.stdout.contains("Momentum lr=0.009"))
        let png = try run(["render", "bowl", "--grid", "40", "--size", "480x400"])
        #expect(png.status == 0 && Array(png.stdoutBytes.prefix(8)) == Self.pngSignature && Array(png.stdoutBytes.suffix(12)) == Self.pngEnd)
    }

    @Test(arguments: [
        (["render", "bowl", "--colormap", "virdis"], "unknown colormap 'virdis'; did you mean 'viridis'?"),
        (["render", "bowl", "--layout", "side-by-sid"], "unknown layout 'side-by-sid'; did you mean 'side-by-side'?"),
        (["render", "bowl", "--format", "jpg"], "unknown format 'jpg'; expected png, svg or pdf"),
        (["render", "bowl", "--out", "figure.jpg"], "cannot tell the format of 'figure.jpg': use a .png, .svg or .pdf extension"),
        (["render", "bowl", "--size", "0x0"], "--size '0x0': width and height must be from 100 to 8000"),
        (["render", "bowl", "--size", "big"], "--size 'big': expected WIDTHxHEIGHT, e.g. 800x600"),
        (["render", "bowl", "--grid", "1"], "--grid '1': expected a whole number from 2 to 4000"),
        (["render", "bowl", "--grid", "100000"], "--grid '100000': expected a whole number from 2 to 4000 (a 10⁵×10⁵ grid would need about 480 GB)"),
        (["render", "bowl", "--steps", "-1"], "--steps '-1': expected a whole number from 0 to 10000000"),
        (["render", "bowl", "--start", "nan,1"], "--start 'nan,1': coordinates must be finite"),
        (["render", "bowl", "--optimizer", "adma"], "unknown optimizer 'adma'; did you mean 'adam'?"),
        (["render", "bowlx"], "unknown surface 'bowlx'; did you mean 'bowl'?"),
        (["render"], "render needs a surface (e.g. 'landscape render bowl'), --expr FORMULA, --grid-file FILE or --scene FILE"),
        (["render", "--scene", "/nonexistent.yaml"], "cannot read '/nonexistent.yaml': No such file or directory"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr == "landscape: \(message)\n")
    }

    @Test func unwritablePlacesFailWithStatus1AndLeaveNothing() throws {
        let missing = try run(["render", "bowl", "--grid", "20", "--out", "/nonexistent-dir/x.png"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "landscape: cannot write '/nonexistent-dir/x.png': the directory '/nonexistent-dir' does not exist\n")
        let proc = try run(["render", "bowl", "--grid", "20", "--out", "/proc/landscape-test.png"])
        #expect(proc.status == 1 && proc.stderr.hasPrefix("landscape: cannot write '/proc/landscape-test.png': "))
        #expect(proc.stderr.split(separator: "\n").count == 1)
        // A device or a directory is never replaced.
        let full = try run(["trace", "bowl", "--optimizer", "gd", "--steps", "1", "--out", "/dev/full"])
        #expect(full.status == 1 && full.stderr == "landscape: cannot write '/dev/full': No space left on device\n")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: "/dev/full", isDirectory: &isDirectory))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("x.svg")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(try run(["render", "bowl", "--grid", "20", "--out", sub.path]).status == 1)
    }
}

@Suite(.serialized) struct SceneTests {
    @Test func yamlAndJSONScenesDrawEveryFigure() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("scene.yaml").path
        try """
            figures:
              - name: a
                surface: ravine:kappa=20
                optimizers:
                  - gd
                  - momentum:lr=0.01,momentum=0.9
                grid: 60
                layout: with-loss
                size: [900, 400]
                formats: [svg]
              - name: b
                surfaces: [bowl, saddle]
                optimizers: [gd, adam]
                grid: 40
                steps: 50
                layout: grid
                size: [900, 700]
                formats: [png, pdf]
            """.write(toFile: yaml, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("figures").path
        let result = try run(["render", "--scene", yaml, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a.svg", "b.pdf", "b.png"])

        let json = dir.appendingPathComponent("scene.json").path
        try """
            {"name": "c", "surface": "wavy", "optimizers": ["gd", "momentum"], "start": [-2.4], "formats": ["svg"]}
            """.write(toFile: json, atomically: true, encoding: .utf8)
        #expect(try run(["render", "--scene", json, "--out", out, "--quiet"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/c.svg"))
    }

    /// `tune:` tunes each optimizer, then races them at their best (or draws the sensitivity
    /// curves); the scene's own numbers must not contradict a protocol, and bad keys get one line.
    @Test func tuneScenes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("tune.yaml").path
        try """
            figures:
              - name: race
                surface: ravine
                optimizers: [gd, adam]
                steps: 200
                tune: {budget: 30, objective: mean-loss, clip: 10, schedule: cosine}
                formats: [svg]
              - name: curves
                surface: rosenbrock
                optimizers: [gd, momentum]
                tune: {protocol: pytorch-optimizer, objective: final-loss, search_steps: 500}
                layout: sensitivity
                formats: [svg]
            """.write(toFile: yaml, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("figures").path
        let result = try run(["render", "--scene", yaml, "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let race = try String(contentsOfFile: out + "/race.svg", encoding: .utf8)
        #expect(race.contains("tuned lr ∈ [0.0001, 1] (log), 30 settings each, by the mean loss over 200 steps; gradients clipped at 10"))
        #expect(race.contains("schedule=cosine") || race.contains("clip=10"))
        let curves = try String(contentsOfFile: out + "/curves.svg", encoding: .utf8)
        #expect(curves.contains("pytorch-optimizer protocol: tuned lr ∈ [0.000335463, 0.367879] (log), 200 settings each, by final loss after 500 steps; gradients clipped at 1"))
        for (body, message) in [
            ("surface: ravine\ntune: {budgt: 3}", "unknown key 'tune.budgt'; did you mean 'budget'?"),
            ("surface: ravine\ntune: {budget: 0}", "'tune.budget' must be a whole number from 1 to 100000"),
            ("surface: rosenbrock\nsteps: 300\ntune: {protocol: pytorch-optimizer}", "'tune.protocol' fixes 'steps'; leave it out"),
            ("surface: rosenbrock\ntune: {protocol: pytorch-optimizer, budget: 20}", "'tune.protocol' fixes 'tune.budget'; leave it out"),
            ("surface: rosenbrock\ntune: {protocol: pytorch}", "'tune.protocol': unknown protocol 'pytorch'"),
            ("surface: ravine\ntune: {objective: final_loss}", "'tune.objective': unknown objective 'final_loss'; did you mean 'final-loss'?"),
            ("surface: ravine\noptimizers: [gd:lr=0.1]\ntune: {}", "figure 'x': 'lr' is tuned, so leave it out of the optimizer spec 'gd:lr=0.1'"),
            ("surface: ravine\nlayout: sensitivity", "unknown layout 'sensitivity'"),
        ] {
            let bad = dir.appendingPathComponent("bad.yaml").path
            try "name: x\n\(body)\n".write(toFile: bad, atomically: true, encoding: .utf8)
            let r = try run(["render", "--scene", bad, "--out", out])
            #expect(r.status == 2 && r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(body): \(r.stderr)")
        }
    }

    @Test func lossLayoutAndNullValues() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("loss.yaml").path
        try """
            name: losses
            surfaces: [bowl, ravine, two-well]
            optimizers:
              - gd
              - adam
            steps: 100
            stop_grad: null
            layout: loss
            formats: [svg]
            """.write(toFile: yaml, atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", yaml, "--out", dir.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: dir.appendingPathComponent("losses.svg").path, encoding: .utf8)
        #expect(svg.contains("<title>Optimizers on bowl, ravine, two-well</title>"))
    }

    @Test func syntaxErrorsNameFileLineAndColumn() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("bad.yaml").path
        try "name: a\nsurface: bowl\noptimizers: [gd, adam\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let y = try run(["render", "--scene", yaml])
        #expect(y.status == 2)
        #expect(y.stderr.hasPrefix("landscape: \(yaml):4:1: "), "\(y.stderr)")
        let json = dir.appendingPathComponent("bad.json").path
        try "{\n  \"name\": \"a\",\n  \"surface\": bowl\n}\n".write(toFile: json, atomically: true, encoding: .utf8)
        let j = try run(["render", "--scene", json])
        #expect(j.status == 2)
        #expect(j.stderr == "landscape: \(json):3:14: unexpected 'b'; expected a value\n")
    }

    @Test(arguments: [
        ("name: a\nsurface: bowl\noptimisers: [gd]\n", "figure 'a': unknown key 'optimisers'; did you mean 'optimizers'?"),
        ("name: a\nsurface: bowl\nlayout: gird\n", "figure 'a': unknown layout 'gird'; did you mean 'grid'?"),
        ("name: a\nsurface: bowl\nsize: [0, 0]\n", "figure 'a': 'size' must be [width, height], whole numbers from 100 to 8000"),
        ("name: a\nsurface: bowl\ngrid: 1\n", "figure 'a': 'grid' must be a whole number from 2 to 4000"),
        ("surface: bowl\n", "figure 1: needs a 'name' (the output file name)"),
        ("name: a\nsurfaces: [bowl, saddle]\n", "figure 'a': several surfaces need layout grid, 3d-grid or loss"),
        ("name: a\nsurface: bowl\ncolormap: jet\n", "figure 'a': unknown colormap 'jet'; expected one of viridis, plasma, inferno, magma, cividis, turbo, diverging, coolwarm, RdBu, RdYlBu, PuOr, BrBG, PiYG, Spectral (any reversed with _r)"),
        ("name: a\newma: {values: []}\n", "figure 'a': 'ewma.values' must be a list of 1 to 1000000 finite numbers"),
        ("name: a\newma: {betas: [1]}\n", "figure 'a': 'ewma.betas' must be from 0 to below 1"),
        ("name: a\newma: {valus: [1]}\n", "figure 'a': unknown key 'ewma.valus'; did you mean 'values'?"),
        ("name: a\nsurface: bowl\nlayout: 3d\nview: {mesh: 1}\n", "figure 'a': 'view.mesh' must be a whole number from 2 to 400"),
        ("name: a\nsurface: bowl\nlayout: 3d\nview: {elevation: 95}\n", "figure 'a': 'view.elevation' must be from -90 to 90 degrees, got 95"),
        ("name: a\nnetwork: {}\n", "figure 'a': a 'network' needs 'optimizers' to train it, e.g. [gd:lr=0.5, momentum:lr=0.1, adam:lr=0.01]"),
        ("name: a\nnetwork: {plane: pcaa}\noptimizers: [adam]\n", "figure 'a': 'network.plane': unknown plane 'pcaa'; did you mean 'pca'?"),
        ("name: a\nnetwork: {epoch: 3}\noptimizers: [adam]\n", "figure 'a': unknown key 'network.epoch'; did you mean 'epochs'?"),
        ("name: a\nnetwork: {}\noptimizers: [adam]\nlayout: grid\n", "figure 'a': unknown network layout 'grid'; expected one of single, with-loss, 3d, 3d+contour, side-by-side, regions, sharpness, spectrum, curvature-map"),
        ("name: a\nnetwork: {plane: interpolation}\noptimizers: [adam]\nanimate: {frames: 3}\n",
         "figure 'a': 'animate' grows the paths on a plane: a network's 'plane' must be shared, pca, random, hessian or saddle, and its layout not regions, sharpness, spectrum or curvature-map"),
        ("name: a\nsurface: bowl\nnetwork: {}\noptimizers: [adam]\n", "figure 'a': 'network' draws a network's own plane: give no 'surface', 'expression', 'ewma' or 'sweep'"),
    ])
    func semanticErrorsNameTheFigureAndKey(_ text: String, _ message: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", path])
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: \(path): \(message)\n")
    }
}

@Suite(.serialized) struct GalleryTests {
    @Test func indexPageShowsEveryFigure() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The installed build: the gallery trains networks (the edge of stability, 24 000 steps
        // with Lanczos at every 25th), which a debug build takes a minute over.
        #expect(try execute(try installedBinary(), ["gallery", "--out", dir.path, "--grid", "30", "--quiet"]).status == 0)
        let html = try String(contentsOfFile: dir.appendingPathComponent("index.html").path, encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let names = files.filter { $0.hasSuffix(".svg") } + ["two-well-turntable.gif"]
        // 46 still figures (8 of them networks, 1 a loss-landscape file, 6 the styles, 1 from
        // several starts, 2 a surface's curvature, 3 tuned), 2 animated races, and the turntable
        // (a GIF alone).
        #expect(names.count == 49 && files.contains("two-well-turntable.gif"))
        for name in names { #expect(html.contains("<img src=\"\(name)\"")) }
        // Each figure with its description and the scene that draws it; captions differ.
        #expect(html.contains("<code>landscape scenes show two-well-starts &gt; two-well-starts.yaml</code><br><code>landscape render --scene two-well-starts.yaml --out figures/</code>"))
        #expect(html.contains("<summary>The scene file two-well-starts.yaml</summary>"))
        #expect(html.contains("Sweep of momentum on ravine: measured and theoretical rates"))
        #expect(!html.contains("train_loss: train_loss"))
        #expect(html.contains("box-sizing: border-box"))
    }

    /// Killing the process mid-gallery leaves every figure file complete (old or new); the next run
    /// removes the temporary files the killed one left. Each run is killed as soon as it has
    /// reported its 1st, 25th and 60th file written, while the others are being written (the
    /// figures are written in parallel), whatever the machine's speed.
    @Test func killedGalleriesLeaveOnlyCompleteFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for writes in [1, 25, 60] {
            let process = Process()
            process.executableURL = try installedBinary()
            process.arguments = ["gallery", "--out", dir.path, "--grid", "120"]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            var seen = 0, pending = "", ended = false
            while seen < writes {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { ended = true; break }  // the run ended first
                pending += String(decoding: chunk, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    if pending[..<newline].hasPrefix("wrote ") { seen += 1 }
                    pending = String(pending[pending.index(after: newline)...])
                }
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // (One read may bring several lines: the kill comes at or just after the writes-th.)
            #expect(!ended && seen >= writes, "the gallery ended after \(seen) files")
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where !name.hasPrefix(".") {
                let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
                if name.hasSuffix(".png") { #expect(Array(bytes.suffix(12)) == RenderCommandTests.pngEnd, "\(name) is cut short") }
                if name.hasSuffix(".svg") { #expect(String(decoding: bytes.suffix(8), as: UTF8.self).contains("</svg>"), "\(name) is cut short") }
                if name.hasSuffix(".html") { #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("</html>\n")) }
            }
        }
        #expect(try execute(try installedBinary(), ["gallery", "--out", dir.path, "--quiet", "--grid", "30"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(".") })
    }
}
