import Foundation
import Testing

@Suite struct TraceCommandTests {
    @Test func traceWritesTheDocumentedCSV() throws {
        let result = try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--steps", "3"])
        #expect(result.status == 0)
        #expect(result.stdout == "step,x,y,loss,grad_x,grad_y\n0,2.5,2.5,12.5,5,5\n1,2,2,8,4,4\n2,1.6,1.6,5.120000000000001,3.2,3.2\n3,1.28,1.28,3.2768,2.56,2.56\n")
    }

    @Test func surfaceSuggestionsFillMissingKeys() throws {
        let result = try run(["trace", "two-well", "--optimizer", "gd", "--steps", "0", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"optimizer\": \"gd:lr=0.05\""))
        let explicit = try run(["trace", "two-well", "--optimizer", "gd:lr=0.01", "--steps", "0", "--format", "json"])
        #expect(explicit.stdout.contains("\"optimizer\": \"gd:lr=0.01\""))
    }

    @Test func traceCheckRoundTripAndAPerturbedCopy() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let golden = dir.appendingPathComponent("golden.json").path
        let traced = try run(["trace", "two-well", "--optimizer", "momentum", "--stop-grad", "1e-8", "--out", golden])
        #expect(traced.status == 0 && traced.stdout.isEmpty)
        #expect(traced.stderr.contains("converged in 355 steps"))
        let check = try run(["check", golden])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.hasPrefix("match: steps 0–355"))

        // Perturb x at step 17 in a copy.
        var lines = try String(contentsOfFile: golden, encoding: .utf8).components(separatedBy: "\n")
        let k = try #require(lines.firstIndex { $0.hasPrefix("    {\"step\": 17,") })
        lines[k] = lines[k].replacingOccurrences(of: "\"x\": 0.2", with: "\"x\": 0.3")
        let bad = dir.appendingPathComponent("bad.json").path
        try lines.joined(separator: "\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let failed = try run(["check", bad])
        #expect(failed.status == 1)
        #expect(failed.stdout.hasPrefix("step 17: x drifts: expected 0.3"))
        let diff = try run(["diff", golden, bad])
        #expect(diff.status == 1 && diff.stdout.hasPrefix("step 17: x drifts"))
        #expect(try run(["diff", golden, golden]).status == 0)
    }

    @Test func aDivergedRunIsAFileThatStillRechecks() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("diverged.json").path
        let traced = try run(["trace", "ravine", "--optimizer", "gd:lr=0.05", "--steps", "100000", "--out", file])
        #expect(traced.status == 0)
        #expect(traced.stderr.contains("diverged at step"))
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"outcome\": \"diverged\""))
        #expect(try run(["check", file]).status == 0)
    }

    @Test func traceIsByteIdenticalAcrossRuns() throws {
        let a = try run(["trace", "sincos", "--optimizer", "sgd:lr=0.09,momentum=0.45", "--steps", "200", "--seed", "7", "--format", "json"])
        let b = try run(["trace", "sincos", "--optimizer", "sgd:lr=0.09,momentum=0.45", "--steps", "200", "--seed", "7", "--format", "json"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout.contains("\"bgrad_x\""))
    }

    @Test(arguments: [
        (["trace", "bowl", "--optimizer", "adma"], "unknown optimizer 'adma'; did you mean 'adam'?"),
        (["trace", "bowl", "--optimizer", "adam:bta1=0.5"], "unknown parameter 'bta1' for optimizer 'adam'; did you mean 'beta1'?"),
        (["trace", "bowl", "--optimizer", "gd", "--steps", "-1"], "--steps '-1': expected a whole number from 0 to 10000000"),
        (["trace", "bowl", "--optimizer", "gd", "--steps", "many"], "--steps 'many': expected a whole number from 0 to 10000000"),
        (["trace", "bowl", "--optimizer", "gd", "--stop-loss", "nan"], "--stop-loss 'nan': expected a finite number"),
        (["trace", "bowl", "--optimizer", "gd", "--stop-grad", "0"], "--stop-grad '0': expected a number > 0"),
        (["trace", "bowl", "--optimizer", "gd", "--start", "1,inf"], "--start '1,inf': coordinates must be finite"),
        (["trace", "bowl", "--optimizer", "gd", "--format", "jsn"], "unknown format 'jsn'; did you mean 'json'?"),
        (["trace", "bowl", "--optimizer", "sgd:batch=4"], "batch=4 needs a data surface (sincos or regression); 'bowl' has no samples"),
        (["check", "/nonexistent.json"], "cannot read '/nonexistent.json': No such file or directory"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: \(message)\n")
    }

    @Test func aFileThatIsNotATrajectory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.json").path
        try "{\"version\": 1,\n \"surface\": }".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try run(["check", file])
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: '\(file)': not a trajectory file: line 2, column 13: unexpected '}'; expected a value\n")
    }

    @Test func startOutsideTheDomainIsAllowedWithANote() throws {
        let result = try run(["trace", "bowl", "--optimizer", "gd:lr=0.1", "--start", "10,10", "--steps", "1"])
        #expect(result.status == 0 && result.stderr.contains("outside the default domain"))
    }
}
