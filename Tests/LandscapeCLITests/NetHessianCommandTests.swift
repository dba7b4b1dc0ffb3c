import Foundation
import Testing

/// `landscape net hessian`: the spectrum at a run's end agrees with itself every way it can be
/// taken (all eigenvalues, the extremes, a layer's block, the trace), and bad input gets one line.
@Suite struct NetHessianCommandTests {
    /// A 2-3-2 network (17 parameters) trained by GD and Adam.
    static func trained(in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("run.json").path
        let r = try run(["net", "train", "--data", "moons:n=40", "--model", "mlp:hidden=3", "--optimizer", "gd:lr=0.5",
                         "--optimizer", "adam:lr=0.02", "--epochs", "30", "--out", file, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return file
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let r = try run(arguments + ["--json"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func spectrumAgreesWithItself() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.trained(in: dir)
        // Every eigenvalue, from the largest down.
        let all = try #require(try Self.json(["net", "hessian", file, "--top", "17"])["largest"] as? [Double])
        #expect(all.count == 17 && zip(all, all.dropFirst()).allSatisfy { $0 >= $1 })
        // The extremes are the ends of the whole spectrum.
        let ends = try Self.json(["net", "hessian", file, "--top", "3", "--bottom", "2"])
        let largest = try #require(ends["largest"] as? [Double]), smallest = try #require(ends["smallest"] as? [Double])
        let scale = abs(all[0]) + abs(all[16])
        for (a, b) in zip(largest, all.prefix(3)) { #expect(abs(a - b) <= 1e-9 * scale) }
        for (a, b) in zip(smallest, all.suffix(2).reversed()) { #expect(abs(a - b) <= 1e-9 * scale) }
        #expect(ends["label"] as? String == "Adam lr=0.02" && ends["run"] as? Int == 1 && ends["parameters"] as? Int == 17)
        // Hutchinson's interval covers the sum of the eigenvalues.
        let trace = try #require(try Self.json(["net", "hessian", file, "--trace", "--samples", "2000", "--top", "0"])["trace"] as? [String: Any])
        let value = try #require(trace["value"] as? Double), error = try #require(trace["standard_error"] as? Double)
        let exact = all.reduce(0, +)
        #expect(abs(value - exact) <= 3 * error && error < 0.1 * abs(exact), "\(value) ± \(error) against \(exact)")
        // The density's mean is within three standard errors of the eigenvalues' mean.
        let density = try #require(try Self.json(["net", "hessian", file, "--top", "0", "--density", "--probes", "400", "--steps", "17"])["density"] as? [String: Any])
        let moments = try #require(density["moments"] as? [[String: Any]])
        let mean = try #require(moments.first?["value"] as? Double), meanError = try #require(moments.first?["standard_error"] as? Double)
        #expect(abs(mean - exact / 17) <= 3 * meanError, "\(mean) ± \(meanError) against \(exact / 17)")
        #expect((density["nodes"] as? [[Double]])?.count == 400)
        // A layer's block has as many eigenvalues as the layer has parameters.
        let first = try #require(try Self.json(["net", "hessian", file, "--layer", "0", "--top", "9", "--run", "0"])["largest"] as? [Double])
        #expect(first.count == 9)
        // The text form names the run and its outcome, and is the same twice.
        let text = try run(["net", "hessian", file, "--top", "2", "--trace"])
        #expect(text.status == 0 && text.stdout.hasPrefix("Hessian at the end of run 1 (Adam lr=0.02, max-steps), step 30"), "\(text.stdout)")
        let again = try run(["net", "hessian", file, "--top", "2", "--trace"])
        #expect(text.stdout.contains("trace") && again.stdout == text.stdout)
    }

    /// Work past the bound is refused before it starts, with what it would take.
    @Test func workIsBoundedBeforeItStarts() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("wide.json").path
        #expect(try run(["net", "train", "--data", "moons:n=200", "--model", "mlp:hidden=64x64", "--optimizer", "adam",
                         "--epochs", "1", "--out", file, "--quiet"]).status == 0)
        let started = Date()
        let r = try run(["net", "hessian", file, "--trace", "--samples", "100000"])
        #expect(r.status == 2 && r.stderr.contains("100200 Hessian-vector products over 200 samples and 4482 parameters")
                && r.stderr.contains("lower --samples, --probes or --steps"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func badInputIsOneLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.trained(in: dir)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        object["model"] = nil
        let noModel = dir.appendingPathComponent("no-model.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: noModel))
        for (arguments, message) in [
            (["net", "hessian", file, "--top", "18"], "--top 18: the Hessian has 17 eigenvalues"),
            (["net", "hessian", file, "--bottom", "18"], "--bottom 18: the Hessian has 17 eigenvalues"),
            (["net", "hessian", file, "--layer", "2"], "--layer 2: the model has 2 layers (0 to 1)"),
            (["net", "hessian", file, "--layer", "1", "--top", "9"], "--top 9: the layer's block has 8 eigenvalues"),
            (["net", "hessian", file, "--run", "2"], "--run '2'"),
            (["net", "hessian", file, "--top", "-1"], "--top '-1'"),
            (["net", "hessian", file, "--top", "0"], "nothing to compute"),
            (["net", "hessian", file, "--density", "--probes", "0"], "--probes '0'"),
            (["net", "hessian", file, "--density", "--steps", "1e9"], "--steps '1e9'"),
            (["net", "hessian", file, "--trace", "--samples", "1"], "--samples '1'"),
            (["net", "hessian", noModel], "'model' is missing"),
            (["net", "hessian", dir.appendingPathComponent("none.json").path], "cannot read"),
        ] {
            let r = try run(arguments)
            #expect(r.status == 2, "\(arguments): \(r.status)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.hasPrefix("landscape: ") && r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(r.stderr)")
        }
    }
}
