import Foundation
import Testing

/// Runs your way at the command line: look keys in optimizer specs, several --start, `trace`
/// with several runs (CSV with a run column, JSON with a list) read back by `check` and `diff`,
/// the symlog colour scale and the banded 3-D mesh, in render and in scenes.
@Suite struct RunLookCommandTests {
    @Test func looksAndStartsInRender() throws {
        let directory = try temporaryDirectory()
        let result = try run(["render", "bowl", "--grid", "40", "--optimizer", #"gd:lr=0.1,label="GD, mine",color=#000000,dash=dotted,marker=star"#,
                              "--optimizer", "adam:lr=0.3,start=(-2,1)", "--start", "2,2", "--start", "-2,-2", "--format", "svg"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // (The SVG's text is drawn as glyph outlines; its description names every run.)
        #expect(result.stdout.contains("GD, mine from (2, 2), GD, mine from (−2, −2), Adam lr=0.3."), "\(result.stdout.prefix(800))")
        let scene = """
            figures:
              - name: starts
                surface: two-well
                optimizers: ["gd:label=Plain", "momentum:dash=dash-dot"]
                start: [[1.2, 1], [-1.2, 1]]
                steps: 50
                grid: 40
                color_scale: symlog
                layout: 3d+contour
                view: {banded: true}
                formats: [svg]
            """
        try scene.write(to: directory.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let rendered = try run(["render", "--scene", "s.yaml", "--out", "out", "--quiet"], in: directory)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let svg = try String(contentsOf: directory.appendingPathComponent("out/starts.svg"), encoding: .utf8)
        #expect(svg.contains("Plain from (1.2, 1), Plain from (−1.2, 1), Momentum"))
    }

    @Test func badLooksAreOneLine() throws {
        let directory = try temporaryDirectory()
        let cases: [([String], String)] = [
            (["render", "bowl", "--optimizer", "gd:dash=dashd", "--format", "svg"], "did you mean 'dashed'?"),
            (["render", "bowl", "--optimizer", "gd:start=1", "--format", "svg"], "start='1' needs two numbers, (x,y), on bowl"),
            (["render", "bowl", "--start", "1,1", "--start", "1,1", "--format", "svg"], "--start '1,1' is given twice"),
            (["render", "bowl", "--color-scale", "symlog:-1", "--format", "svg"], "symlog:T needs a threshold T from 1e-300 to 1e300"),
            (["render", "bowl", "--color-scale", "symlog:1e-320", "--format", "svg"], "symlog:T needs a threshold T from 1e-300 to 1e300"),
            (["render", "bowl", "--color-scale", "symlg", "--format", "svg"], "did you mean 'symlog'?"),
            (["sweep", "bowl", "--optimizer", "gd", "--axis", "lr=0.01:0.5:log", "--axis", "momentum=0:0.9", "--cells", "4x4", "--start", "1,1", "--start", "2,2", "--out", "s.png"], "--start given twice ('1,1' and '2,2'); it takes one value"),
        ]
        for (arguments, message) in cases {
            let result = try run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    /// Every optimizer from every start, in one file: CSV with a run column (state columns of
    /// every run, empty where a run has none); JSON with a list of labelled runs, which `check`
    /// re-runs run by run and `diff` compares run by run.
    @Test func traceOfSeveralRuns() throws {
        let directory = try temporaryDirectory()
        let csv = try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--optimizer", #"adam:lr=0.3,label="A, fast""#, "--steps", "2"], in: directory)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "run,step,x,y,loss,grad_x,grad_y,m_x,m_y,v_x,v_y")
        #expect(lines[1] == "GD lr=0.1,0,2.5,2.5,12.5,5,5,,,,")
        #expect(lines[4].hasPrefix(#""A, fast",0,2.5,2.5,12.5,5,5,0,0,0,0"#))
        #expect(lines.count == 7)
        let json = try run(["trace", "ravine", "--optimizer", "gd", "--optimizer", "momentum", "--start", "2,1", "--start", "-2,1", "--steps", "40", "--out", "runs.json"], in: directory)
        #expect(json.status == 0, "\(json.stderr)")
        let text = try String(contentsOf: directory.appendingPathComponent("runs.json"), encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"runs\": [\n    {\n      \"label\": \"GD lr=0.036 from (2, 1)\""))
        let check = try run(["check", "runs.json"], in: directory)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").count == 4 && check.stdout.contains("Momentum lr=0.009 β=0.9 from (−2, 1): match"))
        let one = try run(["trace", "ravine", "--optimizer", "gd", "--steps", "40", "--out", "one.json"], in: directory)
        #expect(one.status == 0)
        let diff = try run(["diff", "runs.json", "one.json"], in: directory)
        #expect(diff.status == 2 && diff.stderr.contains("holds 4 runs and 'one.json' 1"), "\(diff.stderr)")
    }

    /// The text and colour-scale options in sweep and net render (and net animate), as in render;
    /// what a sweep's map cannot show is refused in one line.
    @Test func textAndColourOptionsEverywhere() throws {
        let directory = try temporaryDirectory()
        let sweep = ["sweep", "ravine", "--optimizer", "momentum", "--lr", "0.002:0.1:log", "--momentum", "0:0.99", "--cells", "8x6", "--steps", "200",
                     "--stop-loss", "1e-6", "--subtitle", "mine", "--xlabel", "step size", "--ylabel", "μ", "--colorbar-label", "steps",
                     "--color-range", "10,200", "--color-scale", "linear", "--out", "s.svg", "--quiet"]
        let swept = try run(sweep, in: directory)
        #expect(swept.status == 0, "\(swept.stderr)")
        let refused = try run(["sweep", "ravine", "--optimizer", "momentum", "--lr", "0.01:0.1", "--momentum", "0:0.9", "--cells", "4x4",
                               "--color-scale", "symlog", "--out", "t.svg"], in: directory)
        #expect(refused.status == 2 && refused.stderr.contains("not levels, symlog or contour labels"), "\(refused.stderr)")
        let train = try run(["net", "train", "--data", "spirals:n=40,noise=0.2,seed=1", "--model", "mlp:hidden=6,act=tanh", "--optimizer", "gd:lr=0.5",
                             "--optimizer", "adam:lr=0.01", "--epochs", "20", "--out", "r.json", "--quiet"], in: directory)
        #expect(train.status == 0, "\(train.stderr)")
        for extra in [["--color-scale", "log", "--contour-labels", "--legend", "upper-left"], ["--layout", "side-by-side", "--color-range", "0.3,0.9"],
                      ["--level", "0.5", "--level", "0.6", "--level", "0.7", "--xlabel", "a", "--ylabel", "b", "--colorbar-label", "L"]] {
            let drawn = try run(["net", "render", "r.json", "--resolution", "9", "--subtitle", "mine", "--out", "n.png", "--quiet"] + extra, in: directory)
            #expect(drawn.status == 0, "\(extra): \(drawn.stderr)")
        }
        let animated = try run(["net", "animate", "r.json", "--resolution", "9", "--frames", "4", "--style", "dark", "--subtitle", "mine",
                                "--color-scale", "log", "--out", "n.gif", "--quiet"], in: directory)
        #expect(animated.status == 0, "\(animated.stderr)")
        let dense = try run(["net", "animate", "r.json", "--frames", "4", "--scale", "2", "--out", "n.gif"], in: directory)
        #expect(dense.status == 2 && dense.stderr.contains("an animation's pixels are its --size"), "\(dense.stderr)")
        let bad = try run(["net", "render", "r.json", "--color-range", "2,1", "--out", "n.png"], in: directory)
        #expect(bad.status == 2 && bad.stderr == "landscape: --color-range '2,1': expected LO < HI\n", "\(bad.stderr)")
    }
}
