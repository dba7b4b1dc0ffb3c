import Foundation
import Testing

@Suite(.serialized) struct ExpressionCommandTests {
    @Test func evalTraceCheckWithAFormula() throws {
        let e = try run(["eval", "--expr", "x^2 + 10*sin(y)", "--at", "1,0"])
        #expect(e.status == 0)
        #expect(e.stdout == "expr:x^2 + 10*sin(y) at (1, 0)\nvalue     1\ngradient  (2, 10)\nhessian   [[2, 0], [0, 0]]\n")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let golden = dir.appendingPathComponent("e.json").path
        let t = try run(["trace", "--expr", "(x - 1)^2 + 3*y^2", "--optimizer", "momentum:lr=0.05", "--steps", "80", "--start=2,1",
                         "--format", "json", "--out", golden])
        #expect(t.status == 0, "\(t.stderr)")
        let json = try String(contentsOfFile: golden, encoding: .utf8)
        #expect(json.contains("\"surface\": \"expr:(x - 1)^2 + 3*y^2\""))
        let c = try run(["check", golden])
        #expect(c.status == 0 && c.stdout.hasPrefix("match"), "\(c.stdout)\(c.stderr)")
    }

    @Test func contoursRenderAndSweepTakeFormulas() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try run(["contours", "--expr", "x*y", "--domain", "-1,1,-1,1", "--grid", "21", "--level", "0.25"])
        #expect(c.status == 0 && c.stdout.contains("\"domain\": [-1,1,-1,1]"))
        let png = dir.appendingPathComponent("f.png").path
        let r = try run(["render", "--expr", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2", "--domain", "-2,2,-2,2", "--optimizer", "gd:lr=0.05",
                         "--start=-1.5,-1.8", "--out", png, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let s = try run(["sweep", "--expr", "x^2 + 5*y^2", "--optimizer", "momentum", "--lr", "0.01:0.3", "--momentum", "0:0.9",
                         "--cells", "8x6", "--csv", "-", "--quiet", "--stop-loss", "1e-6", "--start=1,1"])
        #expect(s.status == 0 && s.stdout.split(separator: "\n").count == 49, "\(s.stderr)")
    }

    @Test func errorsShowTheExpressionWithACaret() throws {
        let r = try run(["eval", "--expr", "x^2 + )", "--at", "0,0"])
        #expect(r.status == 2)
        // One line for scripts; on a terminal the formula follows with a caret under the column.
        #expect(r.stderr == "landscape: unexpected ')' at column 7; expected a number, variable or '(' in 'x^2 + )'\n")
        let script = try execute(URL(fileURLWithPath: "/usr/bin/script"),
                                 ["-qec", "'\(try landscapeBinary().path)' eval --expr 'x^2 + )' --at 0,0 < /dev/null", "/dev/null"])
        let shown = script.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(shown == "landscape: unexpected ')' at column 7; expected a number, variable or '(' in 'x^2 + )'\n  x^2 + )\n        ^\n")
        let f = try run(["render", "--expr", "sinn(x)*y", "--out", "/tmp/never.png"])
        #expect(f.status == 2 && f.stderr.contains("unknown function 'sinn' at column 1; did you mean 'sin'?"))
        let both = try run(["eval", "bowl", "--expr", "x", "--at", "0,0"])
        #expect(both.status == 2 && both.stderr.contains("not both"))
        let domain = try run(["eval", "bowl", "--domain", "0,1,0,1", "--at", "0,0"])
        #expect(domain.status == 2 && domain.stderr.contains("--domain goes with --expr"))
        let badDomain = try run(["eval", "--expr", "x", "--domain", "1,0,0,1", "--at", "0,0"])
        #expect(badDomain.status == 2 && badDomain.stderr.contains("X0 < X1"))
    }

    @Test func sceneExpression() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scene = dir.appendingPathComponent("s.yaml")
        try """
            name: mine
            expression: (x - 1)^2 + 2*(y + 0.5)^2
            domain: [-2, 3, -2, 2]
            minimum: [1, -0.5]
            optimizers: [adam]
            formats: [svg]
            """.write(to: scene, atomically: true, encoding: .utf8)
        let r = try run(["render", "--scene", scene.path, "--out", dir.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: dir.appendingPathComponent("mine.svg").path, encoding: .utf8)
        #expect(svg.contains("viewBox"))
        try """
            name: mine
            expression: (x - 1)^2 + 2*(y + 0.5
            """.write(to: scene, atomically: true, encoding: .utf8)
        let bad = try run(["render", "--scene", scene.path, "--out", dir.path])
        #expect(bad.status == 2 && bad.stderr.contains("figure 'mine': 'expression': unexpected end of expression at column 23; expected ')' to close the '(' at column 15"), "\(bad.stderr)")
    }
}
