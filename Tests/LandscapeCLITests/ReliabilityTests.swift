import Foundation
import Testing

/// Runs the binary through `/bin/sh` so that a test can point a standard stream at /dev/full or
/// close it: `redirect` is appended to the command, e.g. `> /dev/full` or `>&-`.
func runRedirected(_ arguments: [String], _ redirect: String, in directory: URL? = nil) throws -> Execution {
    let quoted = try ([landscapeBinary().path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    return try execute(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec " + quoted.joined(separator: " ") + " " + redirect], in: directory)
}

/// Issue 13: no input crashes the command line or runs away, and values are typed as people type
/// them. Each example of the issue is here with its exact error line.
@Suite struct ReliabilityTests {
    // MARK: Values as people type them

    /// Every option that takes numbers or formulas accepts a leading minus, as `--opt -v` and as
    /// `--opt=-v`.
    @Test(arguments: [
        (["eval", "bowl"], "--at", "-1,2", "bowl at (−1, 2)\nvalue     5\n"),
        (["eval", "--at", "1,2"], "--expr", "-x^2 + y", "value     1\n"),
        (["eval", "--expr", "x^2 + y^2", "--at", "0,0"], "--domain", "-1,1,-1,1", "value     0\n"),
        (["eval", "--expr", "x^2 + y^2", "--at", "0,0"], "--minimum", "-0.1,0.1", "value     0\n"),
        (["trace", "bowl", "--optimizer", "gd:lr=0.1", "--steps", "1"], "--start", "-2.5,1", "0,-2.5,1,7.25,-5,2\n"),
        (["trace", "bowl", "--optimizer", "gd:lr=0.1", "--steps", "1"], "--stop-loss", "-1", "1,2,2,8,4,4\n"),
        (["contours", "--expr", "x*y", "--domain", "-1,1,-1,1", "--grid", "11"], "--level", "-0.25", "{\"level\":-0.25,"),
        (["contours", "bowl", "--grid", "11", "--level", "1"], "--domain", "-1,1,-2,2", "\"domain\": [-1,1,-2,2]"),
        (["render", "bowl", "--grid", "10", "--format", "svg"], "--title", "-foo", "<svg"),
        (["render", "bowl", "--grid", "10", "--format", "svg"], "--start", "-1.5,1", "<svg"),
        (["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "2x2", "--steps", "5", "--csv", "-"],
         "--start", "-2,1", "lr,momentum,outcome"),
        (["check", "/nonexistent.json"], "--rtol", "-0", "cannot read '/nonexistent.json'"),
    ])
    func negativeValuesWithAndWithoutEquals(_ base: [String], _ option: String, _ value: String, _ expected: String) throws {
        for arguments in [base + [option, value], base + ["\(option)=\(value)"]] {
            let result = try run(arguments)
            let output = result.stdout + result.stderr
            #expect(output.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"), "\(arguments)")
        }
    }

    /// Numbers out of range get our one-line error, never a usage dump.
    @Test(arguments: [
        (["render", "bowl", "--size", "-100x100"], "--size '-100x100': width and height must be from 100 to 8000"),
        (["render", "bowl", "--grid", "-5"], "--grid '-5': expected a whole number from 2 to 4000"),
        (["render", "bowl", "--levels", "-1"], "--levels '-1': expected a whole number from 2 to 200"),
        (["render", "bowl", "--seeds", "-1"], "--seeds '-1': expected a whole number from 1 to 1000"),
        (["render", "bowl", "--seed", "-1"], "--seed '-1': expected a whole number from 0 to 9223372036854775807"),
        (["gallery", "--grid", "-3"], "--grid '-3': expected a whole number from 2 to 4000"),
        (["gallery", "--grid", "1"], "--grid '1': expected a whole number from 2 to 4000"),
        (["bench", "--repeats", "-1"], "--repeats '-1': expected a whole number from 1 to 1000"),
        (["check", "x.json", "--rtol=-1"], "--rtol '-1': expected a number ≥ 0"),
        (["diff", "a.json", "b.json", "--atol", "nan"], "--atol 'nan': expected a finite number"),
        (["contours", "bowl", "--levels", "-1"], "--levels '-1': expected a whole number from 1 to 1000"),
        (["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "-2x2", "--csv", "-"],
         "--cells '-2x2': each count must be from 2 to 2000"),
        (["render", "bowl", "--grid", "abc"], "--grid 'abc': expected a whole number from 2 to 4000"),
        (["trace", "bowl", "--optimizer", "gd", "--steps", "1e6", "--stop-grad", "-1"], "--stop-grad '-1': expected a number > 0"),
        // A value that is really a misspelt flag.
        (["eval", "bowl", "--at", "--json"], "--at needs a value, but the option --json follows it; to pass a value that starts with '--', write --at=--json"),
        (["render", "bowl", "--title", "--out", "x.svg"], "--title needs a value, but the option --out follows it; to pass a value that starts with '--', write --title=--out"),
        (["eval", "bowl", "--at"], "Missing value for '--at <at>'; see 'landscape eval --help'"),
        // The 3-D view's settings.
        (["render", "bowl", "--layout", "3d", "--elevation", "100", "--out", "e.png"], "--elevation '100': expected degrees from -90 to 90"),
        (["render", "bowl", "--layout", "3d", "--mesh", "1", "--out", "e.png"], "--mesh '1': expected a whole number from 2 to 400"),
        (["render", "bowl", "--layout", "3d", "--mesh", "500", "--out", "e.png"], "--mesh '500': expected a whole number from 2 to 400"),
        (["render", "bowl", "--azimuth", "30", "--out", "e.png"], "--azimuth, --elevation, --mesh, --z-range, --z-scale, --perspective, --xray, --drop-lines and --banded go with --layout 3d, 3d+contour or 3d-side-by-side"),
        (["render", "bowl", "--layout", "3d", "--z-range", "5,1", "--out", "e.png"], "--z-range '5,1': expected LO,HI with LO < HI, or auto"),
        (["render", "parabola", "--layout", "3d", "--out", "e.png"], "figure 'e': parabola is a curve; use layout single, with-loss or with-curvature"),
        (["render", "bowl", "--layout", "3D", "--out", "e.png"], "unknown layout '3D'; did you mean '3d'?"),
        (["render", "bowl", "--layout", "3d", "--z-scale", "lg", "--out", "e.png"], "unknown z scale 'lg'; did you mean 'log'?"),
        (["bench", "--bogus", "--repeats", "2"], "Unknown option '--bogus'; see 'landscape bench --help'"),
    ])
    func rangeErrorsAreOneLine(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr == "landscape: \(message)\n", "\(arguments)")
    }

    /// A size too small for a layout is refused, naming the smallest that works; that size works.
    @Test func sizesTooSmallAreRefusedWithTheSmallestThatWorks() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sweep = ["sweep", "ravine", "--optimizer", "momentum", "--lr", "0.001:0.1:log", "--momentum", "0:0.9", "--cells", "4x4", "--steps", "50", "--quiet"]
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        try "figures:\n  - name: g\n    surfaces: [bowl, ravine]\n    optimizers: [gd, adam]\n    layout: grid\n    size: [400, 300]\n"
            .write(to: dir.appendingPathComponent("grid.yaml"), atomically: true, encoding: .utf8)
        let cases: [([String], String, [String])] = [
            (["render", "ravine", "--size", "300x200", "--out", "x.png"],
             "figure 'x': 300×200 is too small for the single layout with 3 optimizers; the smallest size that works is 440x340", ["--size", "440x340"]),
            (sweep + ["--size", "300x200", "--out", "s.png"],
             "figure 's': 300×200 is too small for the sweep map layout; the smallest size that works is 360x420", ["--size", "360x420"]),
            (["render", "--scene", "grid.yaml", "--out", "out"],
             "figure 'g': 400×300 is too small for a grid of 2 × 2 panels; the smallest size that works is 540x440", []),
        ]
        for (arguments, message, fix) in cases {
            let refused = try run(arguments, in: dir)
            #expect(refused.status == 2 && refused.stderr == "landscape: \(message)\n", "\(arguments): \(refused.stderr)")
            guard !fix.isEmpty, let at = arguments.firstIndex(of: "--size") else { continue }
            var fixed = arguments
            fixed.replaceSubrange(at...(at + 1), with: fix)
            let result = try run(fixed + ["--quiet"], in: dir)
            #expect(result.status == 0, "\(fixed): \(result.stderr)")
        }
    }

    /// Every option of every subcommand parses its value unconditionally, so a leading minus is a
    /// value; the flags are the ones `checkOptionValues` knows take none.
    @Test func everyOptionTakesValuesThatStartWithAMinus() throws {
        let dump = try run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        var options = 0
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            for argument in sub["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option" {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(argument["parsingStrategy"] as? String == "unconditional", "\(sub["commandName"] ?? "") --\(names)")
                options += 1
            }
        }
        #expect(options > 70)
    }

    /// `checkOptionValues` knows which options take a value from a table; the table must name
    /// exactly the parser's value options: each one given no value is named, and no flag is.
    @Test func theValueOptionTableMatchesTheParser() throws {
        let dump = try run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        var checked = 0
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            let name = try #require(sub["commandName"] as? String)
            for argument in sub["arguments"] as? [[String: Any]] ?? [] {
                let kind = argument["kind"] as? String
                guard kind == "option" || kind == "flag" else { continue }
                for long in (argument["names"] as? [[String: Any]] ?? []) where long["kind"] as? String == "long" {
                    let option = "--" + (long["name"] as? String ?? "")
                    guard option != "--help", option != "--version" else { continue }
                    let result = try run([name, option, "--zz-next"])
                    let named = result.stderr.hasPrefix("landscape: \(option) needs a value, but the option --zz-next follows it")
                    #expect(named == (kind == "option"), "\(name) \(option): \(result.stderr)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 80)
    }

    // MARK: Crashes

    /// The 3-D view at extreme settings draws (a z range of 0…5e-324 trapped in tick labels).
    @Test(arguments: [["--z-range", "0,5e-324"], ["--z-range", "-1e300,1e300"], ["--z-range", "5e-324,1e300", "--z-scale", "log"],
                      ["--azimuth", "1e300", "--elevation", "5e-324"], ["--elevation", "-90", "--perspective", "--xray", "--drop-lines"],
                      ["--mesh", "2", "--z-range", "1e-300,2e-300"]])
    func threeDAtExtremes(_ options: [String]) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["svg", "png"] {
            let result = try run(["render", "bowl", "--layout", "3d", "--grid", "20", "--steps", "20", "--out", "e.\(format)", "--quiet"] + options, in: dir)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(options): \(result.status) \(result.stderr)")
        }
    }

    /// `--out -` is standard output; a one-character file name is a file name.
    @Test func oneCharacterOutputNames() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trace = try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--out", "-", "--steps", "1"])
        #expect(trace.status == 0 && trace.stdout == "step,x,y,loss,grad_x,grad_y\n0,2.5,2.5,12.5,5,5\n1,2,2,8,4,4\n" && trace.stderr.isEmpty)
        let contours = try run(["contours", "bowl", "--grid", "5", "--level", "1", "--out", "z"], in: dir)
        #expect(contours.status == 0 && contours.stderr.isEmpty)
        #expect(try String(contentsOf: dir.appendingPathComponent("z"), encoding: .utf8).hasPrefix("{\n  \"grid\": 5,"))
        let render = try run(["render", "bowl", "--grid", "5", "--out", "z"], in: dir)
        #expect(render.status == 2 && render.stderr == "landscape: cannot tell the format of 'z': use a .png, .svg or .pdf extension\n")
        let svg = try run(["render", "bowl", "--grid", "5", "--format", "svg", "--out", "-"], in: dir)
        #expect(svg.status == 0 && svg.stdout.hasPrefix("<?xml"))
        let sweep = try run(["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "2x2", "--steps", "5",
                             "--csv", "c", "--quiet"], in: dir)
        #expect(sweep.status == 0 && sweep.stderr.isEmpty)
        #expect(try String(contentsOf: dir.appendingPathComponent("c"), encoding: .utf8).hasPrefix("lr,momentum,outcome"))
        let both = try run(["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "2x2", "--out", "-", "--csv", "-"])
        #expect(both.status == 2 && both.stderr == "landscape: --out - and --csv - would both write to standard output; give one of them a file\n")
        // Devices are written in place: /dev/null takes anything, /dev/full fails with its reason.
        #expect(try run(["trace", "bowl", "--optimizer", "gd", "--steps", "3", "--out", "/dev/null"]).status == 0)
    }

    /// A write that fails on standard output or standard error exits 1 with one line, if standard
    /// error can take it.
    @Test(arguments: [
        ["contours", "bowl", "--grid", "5"], ["surfaces"], ["surfaces", "--json"], ["eval", "bowl", "--at", "1,1"],
        ["trace", "bowl", "--optimizer", "gd", "--steps", "2"], ["render", "bowl", "--grid", "5", "--format", "svg"],
        ["--help"], ["--version"], ["help", "render"],
        ["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "2x2", "--steps", "5", "--csv", "-", "--quiet"],
    ])
    func failedWritesToStandardOutput(_ arguments: [String]) throws {
        let full = try runRedirected(arguments, "> /dev/full")
        #expect(full.status == 1 && full.stderr == "landscape: cannot write to standard output: No space left on device\n", "\(arguments) \(full.stderr)")
        let closed = try runRedirected(arguments, ">&-")
        #expect(closed.status == 1 && closed.stderr == "landscape: cannot write to standard output: Bad file descriptor\n", "\(arguments) \(closed.stderr)")
    }

    @Test func failedWritesToStandardErrorAfterASuccessfulOut() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for redirect in ["2> /dev/full", "2>&-"] {
            let trace = try runRedirected(["trace", "bowl", "--optimizer", "gd", "--steps", "2", "--out", "t.json"], redirect, in: dir)
            #expect(trace.status == 1, "\(redirect)")
            let render = try runRedirected(["render", "bowl", "--grid", "5", "--out", "r.svg"], redirect, in: dir)
            #expect(render.status == 1, "\(redirect)")
            let note = try runRedirected(["eval", "bowl", "--at", "9,9"], redirect, in: dir)
            #expect(note.status == 1 && note.stdout.hasPrefix("bowl at (9, 9)"), "\(redirect)")
        }
        // The files themselves were written, whole.
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.json").path))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.sorted() == ["r.svg", "t.json"])
    }

    /// Out-of-range numbers in trajectory files, scene files (YAML and JSON), keys that are not
    /// text, extreme domains, and a sweep whose best cell lies at a subnormal value.
    @Test(arguments: [
        ("big.json", "trajectory:max_steps=1e300", ["check", "big.json"], "'big.json': not a trajectory file: stop.max_steps 1e+300 is not a whole number ≥ 0"),
        ("neg.json", "trajectory:max_steps=-5", ["diff", "neg.json", "neg.json"], "'neg.json': not a trajectory file: stop.max_steps -5 is not a whole number ≥ 0"),
        ("huge.json", "trajectory:max_steps=10000000000", ["check", "huge.json"],
         "'huge.json': stop.max_steps '10000000000': expected a whole number from 0 to 10000000 (a run of 10¹⁰ recorded steps would need about 1000 GB)"),
        ("seed.json", "trajectory:seed=1e300", ["check", "seed.json"], "'seed.json': not a trajectory file: seed 1e+300 is not a whole number from 0 to 2⁶⁴ − 1"),
        ("start.json", "trajectory:start=\"abc\"", ["check", "start.json"], "'start.json': not a trajectory file: start \"abc\" is not a list of two finite numbers"),
        ("moved.json", "trajectory:start=[1, 1]", ["check", "moved.json"], "'moved.json': not a trajectory file: start [1,1] is not the first point (2.5, 2.5)"),
        ("s.yaml", "name: a\nsurface: bowl\nsteps: 1e300\n", ["render", "--scene", "s.yaml"],
         "s.yaml: figure 'a': 'steps' must be a whole number from 0 to 10000000 (a run of 10³⁰⁰ recorded steps would need about 100000000 GB)"),
        ("s.json", "{\"name\": \"a\", \"surface\": \"bowl\", \"grid\": 1.0e+30}", ["render", "--scene", "s.json"],
         "s.json: figure 'a': 'grid' must be a whole number from 2 to 4000"),
        ("s.yaml", "name: a\nsurface: bowl\nseeds: 1.0e+100\n", ["render", "--scene", "s.yaml"], "s.yaml: figure 'a': 'seeds' must be a whole number from 1 to 1000"),
        ("s.yaml", "name: a\nsurface: bowl\nseed: 1e300\n", ["render", "--scene", "s.yaml"],
         "s.yaml: figure 'a': 'seed' must be a whole number from 0 to 9223372036854775807"),
        ("s.yaml", "[a]: 1\n", ["render", "--scene", "s.yaml"], "s.yaml:1:1: a key must be text, not a list"),
        ("s.yaml", "{a: 1}: 1\n", ["render", "--scene", "s.yaml"], "s.yaml:1:1: a key must be text, not a mapping"),
        ("s.yaml", "name: a\nsurface: bowl\nsize: [1e300, 100]\n", ["render", "--scene", "s.yaml"],
         "s.yaml: figure 'a': 'size' must be [width, height], whole numbers from 100 to 8000"),
        ("s.yaml", "name: a\nexpression: x^2\ndomain: [-1e308, 1e308, -1, 1]\n", ["render", "--scene", "s.yaml"],
         "s.yaml: figure 'a': 'domain': the width and height must be finite, at least 1e-200, and at least 1e-9 of the largest coordinate"),
        ("", "", ["render", "--expr", "x^2+y^2", "--domain=-1e308,1e308,-1,1", "--out", "d.svg"],
         "--domain '-1e308,1e308,-1,1': the width and height must be finite, at least 1e-200, and at least 1e-9 of the largest coordinate"),
        ("", "", ["eval", "ravine:angle=1e308", "--at", "1,1"], ""),
    ])
    func outOfRangeNumbersFromFiles(_ name: String, _ content: String, _ arguments: [String], _ message: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        if !name.isEmpty {
            var text = content
            if content.hasPrefix("trajectory:") {
                let traced = try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--steps", "2", "--format", "json"])
                let edit = content.dropFirst("trajectory:".count).split(separator: "=", maxSplits: 1).map(String.init)
                text = traced.stdout
                switch edit[0] {
                case "max_steps": text = text.replacingOccurrences(of: "\"max_steps\": 2", with: "\"max_steps\": \(edit[1])")
                case "seed": text = text.replacingOccurrences(of: "\"seed\": 0", with: "\"seed\": \(edit[1])")
                default: text = text.replacingOccurrences(of: "\"start\": [2.5, 2.5]", with: "\"start\": \(edit[1])")
                }
                #expect(text != traced.stdout)
            }
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let result = try run(arguments, in: dir)
        if message.isEmpty {
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        } else {
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr == "landscape: \(message)\n", "\(arguments)")
        }
    }

    @Test func aSweepWhoseBestCellIsSubnormal() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try run(["sweep", "bowl", "--optimizer", "gd", "--lr", "0.0999:0.1", "--axis", "weight_decay=0:0.000001", "--cells", "3x3",
                              "--metric", "final-loss", "--steps", "1634", "--stop-loss", "-1", "--out", "sub.svg", "--csv", "sub.csv"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasSuffix("wrote sub.svg\n"))
        let csv = try String(contentsOf: dir.appendingPathComponent("sub.csv"), encoding: .utf8)
        #expect(csv.contains("e-3"))  // final losses far below the smallest normal double
    }

    // MARK: Runaway inputs

    @Test(arguments: [
        (["trace", "bowl", "--optimizer", "gd", "--steps", "100000000"],
         "--steps '100000000': expected a whole number from 0 to 10000000 (a run of 10⁸ recorded steps would need about 10 GB)"),
        (["render", "sincos", "--optimizer", "sgd:batch=8", "--seeds", "1000", "--steps", "10000000", "--out", "x.png"],
         "figure 'x': 1000 runs × 10000000 steps = 10¹⁰ recorded steps, over the limit of 2·10⁷ (they would need about 1000 GB)"),
        (["render", "bowl", "--optimizer", "gd", "--optimizer", "adam", "--optimizer", "momentum", "--steps", "10000000", "--out", "x.png"],
         "figure 'x': 3 runs × 10000000 steps = 3·10⁷ recorded steps, over the limit of 2·10⁷ (they would need about 3 GB)"),
        (["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "2000x2000", "--steps", "10", "--csv", "-"],
         "figure 'sweep': 2000×2000 = 4·10⁶ cells, over the sweep limit of 10⁶ (they would need about 1 GB); use fewer cells"),
        (["sweep", "bowl", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "1000x1000", "--steps", "10000", "--csv", "-"],
         "figure 'sweep': 1000×1000 cells × 10000 steps = 10¹⁰ steps, over the sweep limit of 2·10⁸ (about 20 s on two cores); use fewer cells or steps"),
        (["eval", "regression:samples=100000000", "--at", "0,0"],
         "bad value '100000000' for 'samples' of surface 'regression': expected a whole number from 2 to 1000000 (10⁸ samples would need about 2.4 GB)"),
        (["check", "/dev/zero"], "cannot read '/dev/zero': it is larger than the limit of 64 MiB"),
        (["eval", "regression:data=/dev/zero", "--at", "0,0"], "cannot read data file '/dev/zero': it is larger than the limit of 64 MiB"),
    ])
    func limitsAreCheckedBeforeTheWork(_ arguments: [String], _ message: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = Date()
        let result = try run(arguments, in: dir)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stderr == "landscape: \(message)\n", "\(arguments)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// A 350-byte scene whose aliases expand to 10⁹ values, and a scene that is a link to
    /// /dev/zero, are refused in well under a second each, without filling memory.
    @Test func aliasBombsAndEndlessScenes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (k, name) in "bcdefghi".enumerated() {
            let previous = Array("abcdefgh")[k]
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        try bomb.write(to: dir.appendingPathComponent("bomb.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", "bomb.yaml"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: bomb.yaml: the scene expands to more than 10⁶ values (YAML aliases repeat what they name); write it out or use fewer aliases\n")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("zero.yaml").path, withDestinationPath: "/dev/zero")
        let zero = try run(["render", "--scene", "zero.yaml"], in: dir)
        #expect(zero.status == 2 && zero.stderr == "landscape: cannot read 'zero.yaml': it is larger than the limit of 64 MiB\n")
        // Aliases within the budget still work, and merge keys too.
        let fine = "base: &base {surface: bowl, grid: 10, formats: [svg], size: [480, 400]}\nfigures:\n  - {<<: *base, name: one}\n  - {<<: *base, name: two, grid: 12}\n"
        try fine.write(to: dir.appendingPathComponent("fine.yaml"), atomically: true, encoding: .utf8)
        let ok = try run(["render", "--scene", "fine.yaml", "--out", "figs", "--quiet"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("figs").path).sorted() == ["one.svg", "two.svg"])
    }

    // MARK: Smaller things

    @Test func aKilledWriteLeavesNoTemporaryFileForLong() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A process that no longer runs left this behind (pid 2³⁰ − 1 is never a live process here).
        let stale = dir.appendingPathComponent(".t.json.tmp-1073741823-1")
        try "partial".write(to: stale, atomically: false, encoding: .utf8)
        let other = dir.appendingPathComponent(".other.json.tmp-1073741823-1")
        try "partial".write(to: other, atomically: false, encoding: .utf8)
        let result = try run(["trace", "bowl", "--optimizer", "gd", "--steps", "2", "--out", "t.json"], in: dir)
        #expect(result.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == [".other.json.tmp-1073741823-1", "t.json"])
    }

    @Test func sceneNamesAndByteOrderMarks() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "name: \"a\\0b\"\nsurface: bowl\n".write(to: dir.appendingPathComponent("nul.yaml"), atomically: true, encoding: .utf8)
        let nul = try run(["render", "--scene", "nul.yaml"], in: dir)
        #expect(nul.stderr == "landscape: nul.yaml: figure 'a\\0b': 'name' must be a plain file name: no '/', no control characters, not starting with '.', at most 200 bytes\n")
        try Data([0xEF, 0xBB, 0xBF] + Array("name: bom\nsurface: bowl\ngrid: 10\nformats: [svg]\nsize: [480, 400]\n".utf8))
            .write(to: dir.appendingPathComponent("bom.yaml"))
        let bom = try run(["render", "--scene", "bom.yaml", "--out", "figs", "--quiet"], in: dir)
        #expect(bom.status == 0, "\(bom.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("figs/bom.svg").path))
    }

    @Test func sweepSpacingsAndExtremeLogRanges() throws {
        let base = ["sweep", "bowl", "--optimizer", "momentum", "--momentum", "0:0.9", "--cells", "3x2", "--steps", "5", "--csv", "-", "--quiet"]
        let linear = try run(base + ["--lr", "0.001:0.1:lin"])
        let plain = try run(base + ["--lr", "0.001:0.1"])
        #expect(linear.status == 0 && linear.stdout == plain.stdout && linear.stdout.contains("\n0.0505,0,"))
        let typo = try run(base + ["--lr", "0.001:0.1:lni"])
        #expect(typo.status == 2 && typo.stderr == "landscape: figure 'sweep': unknown spacing 'lni' in sweep range '0.001:0.1:lni' for 'lr'; did you mean 'lin'?\n")
        let wide = try run(base + ["--lr", "1e-300:1e300:log"])
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stdout.contains("\n1e-300,0,") && wide.stdout.contains("\n1,0,") && wide.stdout.contains("\n1e+300,0,"))
    }

    @Test func helpForAnUnknownSubcommand() throws {
        let result = try run(["help", "nonexistent"])
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: unknown subcommand 'nonexistent'; known: gallery, scenes, surfaces, styles, eval, trace, check, diff, contours, render, animate, sweep, tune, net, bench\n")
        let typo = try run(["help", "rendr"])
        #expect(typo.status == 2 && typo.stderr == "landscape: unknown subcommand 'rendr'; did you mean 'render'?\n")
        #expect(try run(["help", "render"]).stdout.hasPrefix("OVERVIEW: Draw optimizer paths"))
    }

    @Test func summaryLinesRoundTinyDistances() throws {
        let exact = try run(["trace", "bowl", "--optimizer", "gd:lr=0.5", "--steps", "3", "--out", "/dev/null"])
        #expect(exact.stderr == "GD lr=0.5: stopped after 3 steps; final loss 0; 0 from the global minimum at (0, 0); path length 3.536; oscillations x 0, y 0\n")
        let tiny = try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--steps", "1000", "--out", "/dev/null"])
        #expect(tiny.stderr.contains("; 4.35e-97 from the global minimum"), "\(tiny.stderr)")
    }

    /// No `try!`, no `print` and no `FileHandle` writes in the command line's sources: every write
    /// goes through `Console` or `AtomicFile`, and no Foundation path method that traps.
    @Test func theCommandLineUsesOnlyCheckedWrites() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                #expect(!code.contains("try!"), "\(file):\(n + 1)")
                #expect(!code.contains(" as! "), "\(file):\(n + 1)")
                if file.hasPrefix("landscape/") {
                    #expect(!code.contains("print("), "\(file):\(n + 1)")
                    #expect(!code.contains("FileHandle.standard"), "\(file):\(n + 1)")
                    #expect(!code.contains("NSString"), "\(file):\(n + 1)")
                }
            }
        }
    }
}
