import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fuzzing harness for the whole command line: seeded argument vectors for every subcommand,
/// scene files in YAML and JSON, trajectory files and data CSVs, each built from a grammar of
/// valid and hostile values and then mutated. Every input runs the real binary as its own
/// process, and must end by `exit` (never a signal) with status 0, 1 or 2, with at most one line
/// on standard error when it fails (`landscape: …`), within a time and a memory bound, and must leave no
/// temporary file behind.
///
/// `CLIFuzzTests` runs a slice of it in the test suite; `Tests/Fuzz/run.sh cli N` runs N inputs
/// against the release binary.
struct CLIFuzzer {
    /// One generated case: the arguments, and the files to create in its directory first.
    struct Input {
        var arguments: [String]
        var files: [(name: String, bytes: [UInt8])] = []
    }

    /// How one case ended.
    struct Outcome {
        var status: Int32?
        var signal: Int32?
        var timedOut: Bool
        var seconds: Double
        var peakMegabytes: Double
        var stderr: String
        var leftovers: [String]
    }

    /// What a case did wrong, if anything.
    static func violation(_ o: Outcome, timeLimit: Double, memoryLimitMB: Double) -> String? {
        if o.timedOut { return "ran longer than \(timeLimit) s" }
        if let s = o.signal { return "killed by signal \(s)" }
        guard let status = o.status, [0, 1, 2].contains(status) else { return "exit status \(o.status.map(String.init) ?? "?")" }
        let lines = o.stderr.isEmpty ? [] : o.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(o.stderr.hasSuffix("\n") ? 1 : 0)
        if status != 0 {
            // A check that does not hold reports on standard output and says nothing here.
            guard lines.count <= 1, lines.allSatisfy({ $0.hasPrefix("landscape: ") }) else {
                return "status \(status) with \(lines.count) lines on standard error: \(o.stderr.prefix(400))"
            }
        }
        for marker in ["Fatal error", "crashed", "Backtracing", "Illegal instruction", "Usage:"] where o.stderr.contains(marker) {
            return "standard error mentions '\(marker)': \(o.stderr.prefix(400))"
        }
        if o.peakMegabytes > memoryLimitMB { return "peak memory \(Int(o.peakMegabytes)) MB" }
        if !o.leftovers.isEmpty { return "left temporary files: \(o.leftovers)" }
        return nil
    }

    // MARK: - Generation

    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    mutating func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }

    static let numbers = ["0", "1", "-1", "2", "-2.5", "0.5", "1e-300", "1e300", "-1e308", "1e400", "nan", "inf", "-inf", "", "abc",
                          "1,2", "-0", "1e6", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "0x10", "1_000",
                          " 3 ", "1.5", "4.9e-324", "2e-308", "10", "3", "7", "--", "-"]
    static let smallCounts = ["0", "1", "2", "5", "10", "50", "200"]
    static let hostileCounts = ["-1", "-5", "1e300", "1.0e+30", "10000001", "100000000", "1e10", "abc", "", "2.5", "nan", "inf",
                                "18446744073709551616", "-0", "1e-300"]
    static let points = ["1,2", "-1,2", "-2.5,1", "1", "0,0", "nan,1", "1e308,1e308", "1,2,3", "a,b", ",", "-1e-320,5e-324",
                         "2.5,2.5", "-1", "1e400,0", " 1 , 2 "]
    static let domains = ["-1,1,-1,1", "-3,3,-3,3", "1,-1,0,1", "-1e308,1e308,-1,1", "0,1e-300,0,1", "0,1,0,1", "1,1,1,1",
                          "a,b,c,d", "-2,2,-2,2,5", "1e300,1.0000001e300,0,1", "-5e-324,5e-324,-1,1", "0,1e-210,0,1e-210"]
    static let sizes = ["800x600", "100x100", "-100x100", "0x0", "99999x100", "300x200", "200X150", "1e3x100", "axb", "150x8000", "x", ""]
    static let cells = ["3x3", "2x2", "-2x2", "2000x2000", "5×4", "0x0", "10x1", "abc", "4x3"]
    static let ranges = ["0.001:0.1:log", "0:0.9", "0.01:0.1", "1e-300:1e300:log", "0.1:0.001", "0:0", "a:b", "0.001:0.1:lin",
                         "0.001:0.1:lg", "-1:1", "0:0.99:log", ":", "", "0.0999:0.1", "0:0.000001", "-1e308:1e308", "0:0.5:log:x"]
    static let surfaces = ["bowl", "ravine", "ravine:kappa=100,angle=30", "two-well", "sincos", "regression", "regression:samples=100000000",
                           "regression:samples=5", "regression:data=data.csv", "rosenbrock", "himmelblau", "beale", "rastrigin", "saddle",
                           "parabola", "wavy", "rosenbrok", "ravine:kappa=0", "ravine:kapa=3", "bowl:", "", ":", "ravine:kappa=1e308",
                           "ravine:angle=1e308", "sincos:seed=1e20", "regression:seed=18446744073709551615", "regression:data=missing.csv",
                           "regression:data=/dev/zero", "two-well:a=1", "ravine:kappa=1e-308"]
    static let optimizers = ["gd", "gd:lr=0.1", "sgd", "sgd:batch=8", "sgd:batch=100000", "momentum", "momentum:dampening=0.9", "nesterov",
                             "adagrad", "rmsprop", "adam", "adamw", "newton", "adam:lr=1e300", "gd:lr=1e-320", "gd:lr=-1", "adm",
                             "momentum:schedule=cosine", "gd:schedule=step,step_size=0", "gd:schedule=exp,gamma=1e300",
                             "momentum:momentum_from=0.5,anneal_steps=1e15", "sgd:batch=0", "adam:beta1=1", "gd:lr=1e308",
                             "nesterov:momentum=0", "rmsprop:centered=1", "adam:amsgrad=1", "gd:schedule=bogus", "", ":",
                             // A run's look (issue 27): good, bad and hostile values.
                             "gd:label=\"a, b\",color=#123456,dash=--,marker=s", "adam:start=(1,2)", "adam:start=(1e308,-1e308)",
                             "gd:start=(nan,1)", "gd:start=(1,2", "gd:label=\"open", "gd:color=#12", "gd:dash=dashd", "gd:marker=*",
                             "momentum:start=(0.5)", "gd:label=" + String(repeating: "é", count: 300), "gd:dash=-.,marker=x,start=(-1,-1)"]
    static let expressions = ["x^2+y^2", "-x^2 + y", "sin(x)*cos(y)", "1/x", "log(x)", "x^", "(((", "exp(1e3*x)", "x^1e308",
                              "-(-(-x))", "sqrt(-1)", "1e308*x*y", "0", "x*y", "max(x, y)", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2",
                              // Magnitudes at the ends of the doubles (issue 26's families).
                              "1.7e308*(1 - 2*exp(-100*(x^2+y^2)))", "1e-320*(x^2+y^2)", "sin(20*x)*cos(20*y)", "nan*x"]
    static let outs = ["a.png", "a.svg", "a.pdf", "z", "-", "/dev/null", "/dev/full", "missing/x.png", ".", "", "x.gif", "t.json",
                       "t.csv", "out", "a b.svg", "-x.svg", "é.svg", "/proc/x.png"]
    static let words = ["single", "with-loss", "side-by-side", "grid", "loss", "map", "theory", "paths", "3d", "3d+contour", "3D", "auto", "bogus", "viridis", "magma",
                        "virdis", "diverging", "png", "svg", "pdf", "csv", "json", "steps", "final-loss", "distance", "-foo", "", "é",
                        String(repeating: "w", count: 300)]

    /// A value for an option of the given kind.
    mutating func value(_ kind: String) -> String {
        if chance(0.08) { return pick(Self.numbers + Self.words) }
        switch kind {
        case "count": return chance(0.7) ? pick(Self.smallCounts) : pick(Self.hostileCounts)
        case "grid": return chance(0.7) ? pick(["2", "3", "10", "40", "60"]) : pick(Self.hostileCounts + ["1", "4001"])
        case "number": return pick(Self.numbers)
        case "point": return pick(Self.points)
        case "domain": return pick(Self.domains)
        case "size": return chance(0.6) ? pick(["480x400", "640x480", "100x100", "400x700"]) : pick(Self.sizes)
        case "cells": return pick(Self.cells)
        case "range": return pick(Self.ranges)
        case "surface": return pick(Self.surfaces)
        case "optimizer": return pick(Self.optimizers)
        case "expr": return pick(Self.expressions)
        case "out": return pick(Self.outs)
        default: return pick(Self.words)
        }
    }

    /// Options of each subcommand and the kind of value each takes ("" for a flag).
    static let grammar: [String: [(String, String)]] = [
        "eval": [("--at", "point"), ("--expr", "expr"), ("--domain", "domain"), ("--minimum", "point"), ("--json", "")],
        "trace": [("--optimizer", "optimizer"), ("--optimizer", "optimizer"), ("--start", "point"), ("--start", "point"), ("--steps", "count"), ("--seed", "count"), ("--stop-loss", "number"),
                  ("--stop-grad", "number"), ("--format", "word"), ("--out", "out"), ("--expr", "expr"), ("--domain", "domain")],
        "contours": [("--grid", "grid"), ("--levels", "count"), ("--level", "number"), ("--level", "number"), ("--domain", "domain"),
                     ("--out", "out"), ("--expr", "expr")],
        "render": [("--optimizer", "optimizer"), ("--optimizer", "optimizer"), ("--out", "out"), ("--format", "word"), ("--size", "size"),
                   ("--grid", "grid"), ("--levels", "count"), ("--colormap", "word"), ("--layout", "word"), ("--with-loss-panel", ""),
                   ("--start", "point"), ("--steps", "count"), ("--seed", "count"), ("--stop-loss", "number"), ("--stop-grad", "number"),
                   ("--seeds", "count"), ("--title", "word"), ("--quiet", ""), ("--expr", "expr"), ("--domain", "domain"), ("--minimum", "point"),
                   ("--azimuth", "number"), ("--elevation", "number"), ("--mesh", "count"), ("--z-range", "point"), ("--z-scale", "word"), ("--perspective", ""), ("--xray", ""), ("--drop-lines", ""),
                   ("--start", "point"), ("--color-scale", "word"), ("--banded", ""), ("--color-range", "point"), ("--contour-labels", ""),
                   ("--legend", "word"), ("--subtitle", "word")],
        "animate": [("--optimizer", "optimizer"), ("--out", "out"), ("--size", "size"), ("--grid", "grid"), ("--layout", "word"),
                    ("--start", "point"), ("--steps", "count"), ("--fps", "number"), ("--seconds", "number"), ("--frames", "count"),
                    ("--hold", "number"), ("--loop", "count"), ("--quiet", ""), ("--expr", "expr"), ("--azimuth", "number"), ("--mesh", "count"),
                    ("--orbit", "number")],
        "sweep": [("--optimizer", "optimizer"), ("--lr", "range"), ("--momentum", "range"), ("--beta1", "range"), ("--axis", "axis"),
                  ("--cells", "cells"), ("--metric", "word"), ("--layout", "word"), ("--pick", "point"), ("--start", "point"),
                  ("--steps", "count"), ("--stop-loss", "number"), ("--out", "out"), ("--csv", "out"), ("--size", "size"),
                  ("--colormap", "word"), ("--title", "word"), ("--quiet", ""), ("--expr", "expr"), ("--color-range", "point"),
                  ("--color-scale", "word"), ("--xlabel", "word")],
        "tune": [("--optimizer", "optimizer"), ("--optimizer", "optimizer"), ("--tune", "axis"), ("--budget", "count"), ("--objective", "word"),
                 ("--steps", "count"), ("--search-steps", "count"), ("--clip", "number"), ("--schedule", "word"), ("--protocol", "word"),
                 ("--seeds", "count"), ("--start", "point"), ("--layout", "word"), ("--report", "out"), ("--out", "out"), ("--size", "size"),
                 ("--stop-loss", "number"), ("--quiet", ""), ("--expr", "expr")],
        "check": [("--rtol", "number"), ("--atol", "number")],
        "diff": [("--rtol", "number"), ("--atol", "number")],
        "surfaces": [("--json", "")],
        "bench": [("--repeats", "hostile"), ("--json", "")],
        "gallery": [("--grid", "hostile"), ("--quiet", "")],
    ]

    /// The next input: an argument vector, perhaps with a scene, trajectory or data file.
    mutating func next() -> Input {
        var input = Input(arguments: [])
        // Every data surface reads data.csv from the case's directory.
        input.files.append(("data.csv", dataCSV()))
        let roll = rng.next() % 100
        if roll < 12 {
            // A scene file.
            let name = chance(0.5) ? "scene.yaml" : "scene.json"
            input.files.append((name, sceneFile(json: name.hasSuffix(".json"))))
            input.arguments = ["render", "--scene", name, "--out", chance(0.8) ? "figures" : value("out")]
            if chance(0.5) { input.arguments.append("--quiet") }
        } else if roll < 22 {
            // A trajectory file to check or compare.
            input.files.append(("golden.json", trajectoryFile()))
            input.files.append(("other.json", trajectoryFile()))
            input.arguments = chance(0.6) ? ["check", "golden.json"] : ["diff", "golden.json", "other.json"]
            if chance(0.4) { input.arguments += [pick(["--rtol", "--atol"]), value("number")] }
            if chance(0.1) { input.arguments[1] = pick(["/dev/zero", "missing.json", ".", "data.csv", ""]) }
        } else if roll < 27 {
            input.arguments = pick([["help", pick(["render", "nonexistent", "help", ""])], ["--help"], ["--version"], [pick(["galery", "rendr", "x", "-x", "--bogus"])],
                                    ["help"], [pick(["eval", "trace", "sweep"]), "--help"], ["surfaces", "--json"], ["surfaces"]])
        } else if roll < 32 {
            // Networks: a small training, or a run file (valid or damaged) drawn.
            if chance(0.5) {
                // Training, or tuning (a few small settings) with the same options.
                let tuning = chance(0.3)
                input.arguments = ["net", tuning ? "tune" : "train", "--data", chance(0.7) ? pick(["spirals:n=30", "moons:n=20,noise=0.1", "sine:n=12", "xor:n=16"])
                                                                          : pick(["spirals:n=" + value("count"), "blobs:classes=" + value("count"), "circles:factor=1"]),
                                   "--epochs", chance(0.7) ? pick(["1", "3", "5"]) : value("count"),
                                   "--optimizer", chance(0.7) ? pick(["adam:lr=0.01", "gd:lr=0.5", "sgd:lr=0.1", "newton"]) : value("optimizer"),
                                   "--out", chance(0.8) ? (tuning ? "t.svg" : "run.json") : value("out")]
                if tuning {
                    input.arguments += ["--budget", chance(0.8) ? pick(["1", "3"]) : value("count")]
                    // The tuned key is left out of the spec.
                    if let k = input.arguments.firstIndex(of: "--optimizer"), k + 1 < input.arguments.count {
                        input.arguments[k + 1] = String(input.arguments[k + 1].split(separator: ":").first ?? "adam")
                    }
                }
                let extra: [(String, String)] = [("--model", "model"), ("--batch", "count"), ("--record-every", "count"), ("--init-seed", "count"),
                                                 ("--seed", "count"), ("--optimizer", "optimizer"), ("--data-file", "out")]
                    + (tuning ? [("--objective", "word"), ("--tune", "axis"), ("--seeds", "count"), ("--run-out", "out"), ("--report", "out")] : [])
                for _ in 0..<int(0...3) {
                    let (option, kind) = pick(extra)
                    input.arguments += [option, kind == "model" ? pick(["mlp:hidden=4", "mlp:hidden=3x3,act=relu", "mlp:hidden=0", "mlp:act=swish", "mlp:hidden=none", "mlp:hidden=99999x99999"])
                                                : option == "--data-file" ? pick(["data.csv", "missing.csv", "/dev/zero"]) : value(kind)]
                }
            } else {
                var file = Array(Self.runFile.utf8)
                if chance(0.4) { mutateBytes(&file) }
                input.files.append(("run.json", file))
                let animate = chance(0.25)
                input.arguments = ["net", animate ? "animate" : "render", chance(0.9) ? "run.json" : pick(["missing.json", "/dev/zero", "."]),
                                   "--resolution", chance(0.7) ? pick(["3", "5", "9"]) : value("count"),
                                   "--out", chance(0.7) ? pick(animate ? ["n.gif", "n.png", "n.svg"] : ["n.png", "n.svg", "n.pdf"]) : value("out")]
                if animate { input.arguments += ["--frames", chance(0.8) ? pick(["2", "3", "5"]) : value("count")] }
                let extra: [(String, String)] = [("--plane", "plane"), ("--layout", "layout"), ("--run", "count"), ("--span", "number"),
                                                 ("--seed", "count"), ("--size", "size"), ("--grid-out", "out"), ("--title", "word")]
                for _ in 0..<int(0...3) {
                    let (option, kind) = pick(extra)
                    input.arguments += [option, kind == "plane" ? pick(["shared", "pca", "random", "interpolation", "slice", "pcaa"])
                                                : kind == "layout" ? pick(["single", "with-loss", "3d", "3d+contour", "side-by-side", "regions", "grid"])
                                                : kind == "out" && option == "--grid-out" && chance(0.6) ? pick(["g.json", "g.npz", "g.npy", "g.txt"]) : value(kind)]
                }
            }
        } else if roll < 37 {
            // A grid computed elsewhere, valid or damaged (loss-landscape HDF5, NumPy, CSV), drawn,
            // animated or contoured, with a path file.
            let ext = pick(["h5", "npz", "npy", "csv"])
            var file = ext == "h5" && chance(0.3) ? Self.testData("curve.h5") : Self.gridFile(ext)
            if chance(0.5) { mutateBytes(&file) }
            if chance(0.1) { file = Array(file.prefix(int(0...file.count))) }
            input.files.append(("g.\(ext)", file))
            var path = Self.testData("trajectory.h5")
            if chance(0.4) { mutateBytes(&path) }
            input.files.append(("p.h5", path))
            input.files.append(("p.csv", Array("x,y,loss\n0,0,1\n0.5,0.2,nan\n".utf8)))
            let sub = pick(["render", "render", "contours", "animate"])
            input.arguments = [sub, "--grid-file", chance(0.9) ? "g.\(ext)" : pick(["/dev/zero", "missing.h5", ".", "g.txt"])]
            if sub != "contours" {
                input.arguments += ["--out", pick(["f.png", "f.svg", sub == "animate" ? "f.gif" : "f.pdf"])]
                if sub == "animate" { input.arguments += ["--frames", pick(["2", "3"])] }
                for _ in 0..<int(0...2) { input.arguments += ["--path-file", pick(["p.h5", "p.csv", "g.\(ext)", "missing.csv"])] }
                if chance(0.3) { input.arguments += ["--label", value("word")] }
                if chance(0.4) { input.arguments += ["--layout", pick(["single", "with-loss", "3d", "3d+contour", "side-by-side"])] }
            } else if chance(0.5) {
                input.arguments += ["--grid-out", pick(["o.npz", "o.npy", "o.json", "o.txt"])]
            }
            if chance(0.3) { input.arguments += ["--surface-name", pick(["train_loss", "train_acc", "loss", "tain_loss", value("word")])] }
        } else {
            let sub = pick(["eval", "eval", "trace", "trace", "contours", "render", "render", "render", "animate", "sweep", "sweep", "tune", "surfaces", "bench", "gallery"])
            input.arguments = [sub]
            if ["eval", "trace", "contours", "render", "animate", "sweep", "tune"].contains(sub) && chance(0.85) {
                input.arguments.append(chance(0.8) ? pick(["bowl", "ravine", "two-well", "rosenbrock", "himmelblau", "saddle", "parabola", "sincos", "regression:data=data.csv"]) : value("surface"))
            }
            // Required options first, valid most of the time, then a few others.
            let required: [String: [(String, String)]] = ["eval": [("--at", "point")], "trace": [("--optimizer", "optimizer")],
                                                          "sweep": [("--optimizer", "optimizer"), ("--lr", "range"), ("--momentum", "range"), ("--cells", "cells")]]
            for (option, kind) in required[sub] ?? [] where chance(0.9) {
                input.arguments += [option, chance(0.7) ? validValue(option) : value(kind)]
            }
            if sub == "animate" {
                input.arguments += ["--out", chance(0.7) ? pick(["a.png", "a.apng", "a.gif", "a.svg"]) : value("out"), "--grid", value("grid")]
            }
            if sub == "render" || sub == "contours" || sub == "sweep" {
                input.arguments += ["--out", chance(0.7) ? pick(["a.png", "a.svg", "a.pdf", "t.json"]) : value("out")]
                if sub != "contours" { input.arguments += ["--size", value("size")] }
                if sub != "sweep" { input.arguments += ["--grid", value("grid")] }
                if sub == "sweep" { input.arguments += ["--steps", chance(0.7) ? pick(["10", "100", "300"]) : value("count")] }
            }
            let options = Self.grammar[sub] ?? []
            for _ in 0..<int(0...4) where !options.isEmpty {
                let (option, kind) = pick(options)
                // Formula options conflict with a named surface; mostly keep them apart.
                if ["--expr", "--domain", "--minimum"].contains(option), input.arguments.count > 1, !input.arguments[1].hasPrefix("-"), chance(0.85) { continue }
                input.arguments.append(option)
                if !kind.isEmpty {
                    let v = kind == "hostile" ? pick(Self.hostileCounts + ["1", "0"])
                        : kind == "axis" ? pick(["weight_decay", "dampening", "eps", "lr", "x", ""]) + "=" + value("range")
                        : chance(0.55) ? plausible(option, kind) : value(kind)
                    if chance(0.3) { input.arguments[input.arguments.count - 1] += "=" + v } else { input.arguments.append(v) }
                }
            }
            if sub == "sweep" && !input.arguments.contains("--out") && !input.arguments.contains("--csv") { input.arguments += ["--csv", "-"] }
            // A tuning: a small budget and few steps most of the time, so that an input stays short.
            if sub == "tune" {
                if chance(0.8) { input.arguments += ["--budget", pick(["1", "4", "12"]), "--steps", pick(["0", "5", "50"])] }
                if !input.arguments.contains("--out") && !input.arguments.contains("--report") { input.arguments += ["--report", "-"] }
            }
        }
        mutate(&input.arguments)
        // The gallery and the benchmark take seconds when their arguments are valid (and a
        // mutated vector that names no subcommand is the gallery): keep them to their checks.
        let first = input.arguments.first ?? ""
        if first == "gallery" || first == "bench" || first.hasPrefix("-") || first.isEmpty {
            input.arguments += first == "bench" ? ["--repeats", "0"] : ["--grid", "1"]
        }
        // Animations: a few frames at most, so that an input takes a fraction of a second.
        if first == "animate" { input.arguments += ["--frames", pick(["2", "3", "5"])] }
        return input
    }

    /// A small valid run file: a linear model (2 inputs, 2 classes) on 4 points, two runs of
    /// four recorded points each.
    /// A file of the grid-file test data (Tests/GridFilesTests/Data), or nothing when it is missing.
    static func testData(_ name: String) -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GridFilesTests/Data/" + name)
        return (try? [UInt8](Data(contentsOf: url))) ?? []
    }

    /// A valid grid file of each kind the reader takes.
    static func gridFile(_ ext: String) -> [UInt8] {
        switch ext {
        case "h5": return testData("surface.h5")
        case "npz": return testData("grid_deflated.npz")
        case "npy": return testData("grid_f4_be_F.npy")
        default: return Array("x,y,loss\n0,0,1\n1,0,2\n0,1,3\n1,1,nan\n".utf8)
        }
    }

    static let runFile = """
        {"version":1,"data":{"source":"fuzz","kind":"classification","x":[[0,1],[1,0],[1,1],[-1,-1]],"y":[0,1,1,0]},\
        "model":{"widths":[2,2],"activation":"tanh","loss":"cross-entropy"},"initial":[0.1,-0.2,0.3,0.4,0,0],"init_seed":0,\
        "options":{"epochs":3,"batch":null,"record_every":1,"seed":0},"runs":[\
        {"optimizer":"gd:lr=0.5","batch":null,"seed":0,"outcome":"max-steps","records":[\
        {"step":0,"loss":0.7,"accuracy":0.5,"parameters":[0.1,-0.2,0.3,0.4,0,0]},{"step":1,"loss":0.6,"accuracy":0.5,"parameters":[0.2,-0.25,0.2,0.5,0.01,-0.01]},\
        {"step":2,"loss":0.5,"accuracy":0.75,"parameters":[0.3,-0.2,0.15,0.6,0.02,-0.02]},{"step":3,"loss":0.45,"accuracy":1,"parameters":[0.35,-0.1,0.1,0.65,0.03,-0.03]}]},\
        {"optimizer":"adam:lr=0.1","batch":null,"seed":0,"outcome":"max-steps","records":[\
        {"step":0,"loss":0.7,"accuracy":0.5,"parameters":[0.1,-0.2,0.3,0.4,0,0]},{"step":1,"loss":0.62,"accuracy":0.5,"parameters":[0.2,-0.1,0.2,0.5,0.1,-0.1]},\
        {"step":2,"loss":0.55,"accuracy":0.75,"parameters":[0.25,0,0.1,0.6,0.15,-0.2]},{"step":3,"loss":0.5,"accuracy":1,"parameters":[0.3,0.1,0.05,0.65,0.2,-0.25]}]}]}

        """

    /// A value that the option accepts, mostly.
    mutating func plausible(_ option: String, _ kind: String) -> String {
        switch option {
        case "--start", "--pick": return pick(["1,1", "-1.5,0.5", "0.5", "2,-2", "0.05,0.5"])
        case "--steps": return pick(["10", "100", "1000", "0"])
        case "--seed", "--seeds": return pick(["0", "1", "3", "7"])
        case "--stop-loss", "--stop-grad": return pick(["1e-8", "1e-3", "-1", "0.5"])
        case "--format": return pick(["csv", "json", "svg", "png", "pdf"])
        case "--levels": return pick(["2", "5", "12", "30"])
        case "--level": return pick(["-1", "0.5", "4", "1e-3"])
        case "--colormap": return pick(["viridis", "magma", "cividis", "diverging"])
        case "--layout": return pick(["single", "with-loss", "side-by-side", "map", "theory", "paths", "3d", "3d+contour", "3d-side-by-side"])
        case "--azimuth": return pick(["-60", "255", "0", "90", "-720", "1e300", "1e308", "-1.7e308"])
        case "--elevation": return pick(["30", "60", "90", "-90", "-30", "0", "91"])
        case "--mesh": return pick(["2", "3", "12", "40", "401"])
        case "--z-range": return pick(["auto", "0,10", "-1,1", "5,1", "1e-300,1e300", "0,0", "-1e308,1e308", "-1.7e308,1.7e308", "0,1e-320"])
        case "--z-scale": return pick(["linear", "log", "lg"])
        case "--color-scale": return pick(["linear", "log", "symlog", "symlog:0.1", "symlog:0", "symlog:-1", "symlog:nan", "symlog:1e308", "symlog:1e-320", "symlog:5e-324", "symlg"])
        case "--metric": return pick(["steps", "final-loss", "distance"])
        case "--title": return pick(["T", "-foo", "a title", "é"])
        case "--domain": return pick(["-1,1,-1,1", "-2,3,-0.5,0.5"])
        case "--minimum": return pick(["0,0", "-0.1,0.1"])
        case "--rtol", "--atol": return pick(["0", "1e-6", "1"])
        case "--size": return pick(["480x400", "640x480", "100x100", "400x700", "900x300"])
        case "--grid": return pick(["2", "3", "20", "60"])
        default: return value(kind)
        }
    }

    mutating func validValue(_ option: String) -> String {
        switch option {
        case "--at": return pick(["1,2", "-1,2", "0.5,-0.5", "1"])
        case "--optimizer": return pick(["gd", "momentum", "adam:lr=0.05", "sgd:batch=8", "nesterov", "newton", "rmsprop"])
        case "--lr": return pick(["0.001:0.1:log", "0.01:0.2"])
        case "--momentum": return pick(["0:0.9", "0:0.99"])
        case "--cells": return pick(["3x3", "4x2", "6x5"])
        default: return "1"
        }
    }

    /// Drops, repeats, swaps or replaces tokens now and then.
    mutating func mutate(_ arguments: inout [String]) {
        guard chance(0.25), !arguments.isEmpty else { return }
        for _ in 0..<int(1...3) {
            let k = int(0...(arguments.count - 1))
            switch rng.next() % 6 {
            case 0 where arguments.count > 1: arguments.remove(at: k)
            case 1: arguments.insert(arguments[k], at: k)
            case 2: arguments.swapAt(k, int(0...(arguments.count - 1)))
            case 3: arguments[k] = pick(Self.numbers + Self.words + ["--", "--at", "--out", "--json", "-h", "--optimizer"])
            case 4: arguments.append(pick(["--quiet", "--json", "--bogus", "-1", "--steps", "--out"]))
            default: arguments[k] = String(arguments[k].prefix(int(0...max(0, arguments[k].count))))
            }
        }
    }

    // MARK: - Files

    mutating func dataCSV() -> [UInt8] {
        var text = chance(0.5) ? "x,y\n" : ""
        for _ in 0..<int(0...8) {
            text += chance(0.9) ? "\(int(-5...5)),\(int(-9...9))\n" : pick(["3;4\n", "1,nan\n", "1,2,3\n", "\n", "# c\n", "1e400,1\n", "a,b\n"])
        }
        return bytes(text)
    }

    /// A scene in YAML or JSON: a figure (or a list of them) with keys from the grammar.
    mutating func sceneFile(json: Bool) -> [UInt8] {
        var figures: [[(String, String)]] = []
        for k in 0..<(chance(0.8) ? 1 : int(2...3)) {
            var pairs: [(String, String)] = [("name", chance(0.85) ? "\"f\(k)\"" : pick(["\"\"", "\"../x\"", "\".h\"", "\"a\\u0000b\"", "\"a/b\"", "1", "[a]"]))]
            if chance(0.9) { pairs.append(("surface", "\"\(chance(0.8) ? pick(["bowl", "two-well", "ravine", "parabola"]) : value("surface"))\"")) }
            for _ in 0..<int(0...6) {
                switch rng.next() % 17 {
                case 0: pairs.append(("optimizers", "[\"\(value("optimizer"))\"]"))
                case 1: pairs.append(("steps", chance(0.6) ? pick(["10", "100"]) : pick(["1e300", "-5", "1.0e+30", "10000001", "2.5", "\"x\"", "null"])))
                case 2: pairs.append(("grid", chance(0.6) ? "20" : pick(["1.0e+30", "0", "-1", "4001", "1e-300", "true"])))
                case 3: pairs.append(("seeds", pick(["1", "3", "1.0e+100", "0", "1001"])))
                case 4: pairs.append(("size", pick(["[200, 150]", "[0, 0]", "[1e300, 1]", "[100]", "\"800x600\""])))
                case 5: pairs.append(("start", pick(["[1, 1]", "[-2.5, 1]", "[1e400, 0]", "[]", "\"abc\"", "[1, 2, 3]"])))
                case 6: pairs.append(("layout", "\"\(pick(["single", "with-loss", "side-by-side", "grid", "loss", "bogus", "map", "3d", "3d+contour", "3d-side-by-side", "3d-grid"]))\""))
                    if chance(0.5) {
                        pairs.append(("view", pick(["{\"azimuth\": 255, \"elevation\": 60, \"mesh\": 12}", "{\"elevation\": 100}", "{\"mesh\": 1e300}",
                                                    "{\"z_range\": [1, 0]}", "{\"z_range\": \"auto\", \"perspective\": true}", "{\"azimut\": 1}", "[]",
                                                    "{\"z_range\": [-1e308, 1e308], \"mesh\": 3}", "{\"z_scale\": \"log\", \"z_range\": [0, 1e-300]}", "{\"z_scale\": 1}", "{\"xray\": true, \"drop_lines\": true, \"mesh\": 8}", "{\"xray\": 1}"])))
                    }
                case 7: pairs.append(("formats", pick(["[\"svg\"]", "[\"png\"]", "[\"gif\"]", "[]", "\"pdf\""])))
                case 8: pairs.append(("seed", pick(["0", "1e300", "-1", "18446744073709551616"])))
                case 9: pairs.append(("stop_grad", pick(["1e-6", "null", "-1", "1e400"])))
                case 10: pairs.append(("sweep", pick(["{\"x\": \"lr=0.01:0.1\", \"y\": \"momentum=0:0.9\", \"cells\": [3, 3]}",
                                                      "{\"x\": \"lr=1e-300:1e300:log\", \"y\": \"momentum=0:0.9\", \"cells\": [2, 2], \"metric\": \"distance\"}",
                                                      "{\"x\": \"lr=0.01:0.1\", \"y\": \"lr=0:1\", \"cells\": [1e300, 3]}", "{\"cells\": [2000, 2000]}", "[]"])))
                case 11: pairs.append(("expression", "\"\(value("expr"))\""))
                case 12: pairs.append(("domain", pick(["[-1, 1, -1, 1]", "[-1e308, 1e308, -1, 1]", "[1, 0, 0, 1]", "[0, 1e-300, 0, 1]"])))
                case 13: pairs.append(("colormap", "\"\(pick(["viridis", "virdis", "magma"]))\""))
                case 14: pairs.append(("title", "\"\(pick(["T", "-foo", "é"]))\""))
                case 15 where chance(0.5):
                    pairs.append(("ewma", pick(["{\"values\": [5, 6, 4], \"betas\": [0.5]}", "{\"values\": []}", "{\"betas\": [1]}",
                                                "{\"values\": [1e308, -1e308, 1e308], \"betas\": [0.999999]}", "{\"valus\": [1]}", "[]",
                                                "{\"values\": [1, 2], \"betas\": [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]}"])))
                case 16 where chance(0.4):
                    pairs.append(("animate", pick(["{\"frames\": 3}", "{\"fps\": 0}", "{\"seconds\": 1e300}", "{\"frames\": 2, \"hold\": 30, \"loop\": 65535}",
                                                   "{\"frames\": 1e300}", "{\"frames\": 4, \"seconds\": 1}", "{\"fsp\": 2}", "[]", "{\"frames\": 2.5}",
                                                   "{\"frames\": 3, \"orbit\": 90}", "{\"orbit\": 1e9}"])))
                default: pairs.append((pick(["bogus", "nmae", "levels", "subtitle", "minimum"]), pick(["1", "\"x\"", "[1, 2]", "50"])))
                }
            }
            if !pairs.contains(where: { $0.0 == "grid" }) { pairs.append(("grid", "20")) }
            if !pairs.contains(where: { $0.0 == "formats" }) { pairs.append(("formats", "[\"svg\"]")) }
            if !pairs.contains(where: { $0.0 == "size" }) { pairs.append(("size", "[480, 400]")) }
            figures.append(pairs)
        }
        var text: String
        if json {
            let objects = figures.map { "{" + $0.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}" }
            text = objects.count == 1 ? objects[0] : "{\"figures\": [" + objects.joined(separator: ", ") + "]}"
        } else {
            // JSON is YAML; write block style most of the time.
            if figures.count == 1 {
                text = figures[0].map { "\($0.0): \($0.1)\n" }.joined()
            } else {
                text = "figures:\n" + figures.map { pairs in
                    pairs.enumerated().map { k, p in (k == 0 ? "  - " : "    ") + "\(p.0): \(p.1)\n" }.joined()
                }.joined()
            }
            if chance(0.1) { text = "\u{FEFF}" + text }
            if chance(0.08) { text += pick(["[a]: 1\n", "{b: 1}: 2\n", "x: &a [1, 2]\ny: [*a, *a]\n", "name: *nothing\n", "<<: {steps: 5}\n",
                                            "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
                                            String(repeating: "[", count: 2000)]) }
        }
        var data = bytes(text)
        mutateBytes(&data)
        return data
    }

    /// A trajectory file, sometimes with one field made hostile.
    mutating func trajectoryFile() -> [UInt8] {
        let two = chance(0.8)
        var fields: [String: String] = [
            "surface": two ? "\"\(pick(["bowl", "ravine", "two-well", "bowl", "rosenbrok", "regression:data=data.csv"]))\"" : "\"parabola\"",
            "optimizer": "\"\(pick(["gd:lr=0.1", "momentum:lr=0.01,momentum=0.9", "adam:lr=0.05", "adm", "gd:lr=-1"]))\"",
            "start": two ? "[2.5, 2.5]" : "[2.5]",
            "seed": "0",
            "stop": "{\"max_steps\": 2, \"loss\": null, \"grad\": null, \"bound\": 1000000000000}",
            "outcome": "\"max-steps\"",
            "steps": "2",
            "state_names": "[]",
            "version": "1",
        ]
        let point0 = two ? "{\"step\": 0, \"x\": 2.5, \"y\": 2.5, \"loss\": 12.5, \"grad\": [5, 5]}" : "{\"step\": 0, \"x\": 2.5, \"loss\": 6.25, \"grad\": [5]}"
        let point1 = two ? "{\"step\": 1, \"x\": 2, \"y\": 2, \"loss\": 8, \"grad\": [4, 4]}" : "{\"step\": 1, \"x\": 2, \"loss\": 4, \"grad\": [4]}"
        var points = "[\(point0), \(point1)]"
        if chance(0.6) {
            switch rng.next() % 9 {
            case 0: fields["stop"] = "{\"max_steps\": \(pick(["1e300", "-5", "10000000000", "2.5", "\"x\"", "9007199254740993", "10000001"]))}"
            case 1: fields["start"] = pick(["\"abc\"", "[1e400, 0]", "[]", "[1, 2, 3]", "[\"nan\", 1]", "[3, 3]"])
            case 2: fields["seed"] = pick(["1e300", "-1", "18446744073709551616", "1.5", "\"x\""])
            case 3: fields["version"] = pick(["2", "1e300", "\"1\""])
            case 4: points = pick(["[]", "[{}]", "[\(point0), \(point0)]", "\"x\"", "[" + String(repeating: "\(point0),", count: 5) + point0 + "]"])
            case 5: fields["outcome"] = pick(["\"diverged\"", "\"bogus\"", "1"])
            case 6: fields["stop"] = "{\"max_steps\": 2, \"loss\": \"nan\", \"grad\": -1, \"bound\": \"inf\"}"
            case 7: fields.removeValue(forKey: pick(Array(fields.keys).sorted()))
            default: fields["state_names"] = pick(["[\"a\"]", "1", "[1]"])
            }
        }
        let body = fields.keys.sorted().map { "\"\($0)\": \(fields[$0] ?? "null")" }.joined(separator: ",\n") + ",\n\"points\": " + points
        var data = bytes("{\n" + body + "\n}\n")
        mutateBytes(&data)
        return data
    }

    /// Flips, inserts, deletes or truncates a few bytes now and then.
    mutating func mutateBytes(_ data: inout [UInt8]) {
        guard chance(0.25), !data.isEmpty else { return }
        for _ in 0..<int(1...4) {
            let k = int(0...(data.count - 1))
            switch rng.next() % 5 {
            case 0: data[k] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            case 1: data.insert(pick(Array("[]{}:,\"-&*!#\n 0e9.\u{0}\u{FF}".utf8)), at: k)
            case 2: data.remove(at: k)
            case 3: data.removeLast(data.count - k)
            default: data.insert(contentsOf: data[k...].prefix(40), at: k)
            }
            if data.isEmpty { return }
        }
    }

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
}

/// The seeded generator of the examples in swift-argument-parser: SplitMix64.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs one case of the fuzzer as a process of its own in `directory`, with standard input from
/// /dev/null and both outputs to files, a time limit (then SIGKILL) and its peak memory from
/// wait4's resource usage.
func runCase(_ binary: String, _ input: CLIFuzzer.Input, in directory: String, timeLimit: Double) -> CLIFuzzer.Outcome {
    for file in input.files {
        _ = FileManager.default.createFile(atPath: directory + "/" + file.name, contents: Data(file.bytes))
    }
    let outPath = directory + "/.stdout", errPath = directory + "/.stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // env -C changes directory and then execs the binary in the same process, so wait4 below
    // reports the binary's own status and memory.
    let argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env", "-C", directory, binary] + input.arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ) == 0 else {
        return .init(status: nil, signal: nil, timedOut: false, seconds: 0, peakMegabytes: 0, stderr: "spawn failed", leftovers: [])
    }
    var status: Int32 = 0
    var usage = rusage()
    var timedOut = false
    while true {
        let r = wait4(pid, &status, WNOHANG, &usage)
        if r == pid { break }
        if r < 0 && errno != EINTR { break }
        if Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 > timeLimit && !timedOut {
            timedOut = true
            kill(pid, SIGKILL)
        }
        usleep(2000)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    let exited = status & 0x7f == 0
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var leftovers = names.filter { $0.contains(".tmp-") }
    if let sub = try? FileManager.default.contentsOfDirectory(atPath: directory + "/figures") {
        leftovers += sub.filter { $0.contains(".tmp-") }
    }
    return .init(status: exited ? (status >> 8) & 0xff : nil, signal: exited ? nil : status & 0x7f, timedOut: timedOut,
                 seconds: seconds, peakMegabytes: Double(usage.ru_maxrss) / 1024, stderr: stderr, leftovers: leftovers)
}
