import Foundation
import Testing

@Suite struct SurfaceCommandTests {
    @Test func evalPrintsValueGradientAndHessian() throws {
        let result = try run(["eval", "bowl", "--at", "1,2"])
        #expect(result.status == 0)
        #expect(result.stdout == "bowl at (1, 2)\nvalue     5\ngradient  (2, 4)\nhessian   [[2, 0], [0, 2]]\n")
    }

    @Test func evalJSONRoundTripsEveryDigit() throws {
        let result = try run(["eval", "ravine:kappa=100,angle=30", "--at", "1,-0.5", "--json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(object["surface"] as? String == "ravine:kappa=100,angle=30")
        let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
        let u = c * 1 + s * -0.5, v = -s * 1 + c * -0.5
        let value = object["value"] as! Double
        #expect(abs(value - 0.5 * (u * u + 100 * v * v)) <= 1e-13 * value)
    }

    @Test func evalOnACurveTakesOneNumber() throws {
        let result = try run(["eval", "wavy", "--at", "1.5"])
        #expect(result.status == 0)
        let t = 1.5
        #expect(result.stdout.contains("derivative         \(2 * t * sin(2 * t) + 2 * t * t * cos(2 * t))".replacingOccurrences(of: "-", with: "−")))
    }

    @Test func surfacesListsEverySurface() throws {
        let text = try run(["surfaces"])
        #expect(text.status == 0)
        for name in ["bowl", "ravine", "two-well", "sincos", "regression", "rosenbrock", "himmelblau", "beale", "rastrigin", "saddle", "parabola", "wavy"] {
            #expect(text.stdout.contains("\n\(name)  ") || text.stdout.hasPrefix("\(name)  "), "\(name)")
        }
        let json = try run(["surfaces", "--json"])
        let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(array.count == 12)
        let twoWell = array.first { $0["name"] as? String == "two-well" }!
        #expect((twoWell["minima"] as! [[String: Any]]).map { $0["kind"] as! String } == ["global", "local"])
        #expect(try run(["surfaces", "--json"]).stdout == json.stdout)
    }

    /// Bad input: one line on standard error naming the problem, exit status 2, nothing on standard output.
    @Test(arguments: [
        (["eval", "bowk", "--at", "1,2"], "unknown surface 'bowk'; did you mean 'bowl'?"),
        (["eval", "ravine:kapa=3", "--at", "1,2"], "unknown parameter 'kapa' for surface 'ravine'; did you mean 'kappa'?"),
        (["eval", "ravine:kappa=0", "--at", "1,2"], "bad value '0' for 'kappa' of surface 'ravine': expected a number > 0"),
        (["eval", "ravine:kappa=nan", "--at", "1,2"], "bad value 'nan' for 'kappa' of surface 'ravine': expected a number > 0"),
        (["eval", "ravine:angle=ten", "--at", "1,2"], "bad value 'ten' for 'angle' of surface 'ravine': expected a finite number"),
        (["eval", "bowl", "--at", "1"], "--at '1': expected two numbers X,Y for a 2-D surface"),
        (["eval", "bowl", "--at", "1,x"], "--at '1,x': 'x' is not a number"),
        (["eval", "bowl", "--at", "1,inf"], "--at '1,inf': coordinates must be finite"),
        (["eval", "wavy", "--at", "1,2"], "--at '1,2': expected one number X for a 1-D surface"),
        (["eval", "regression:data=/nonexistent.csv", "--at", "1,2"], "cannot read data file '/nonexistent.csv': No such file or directory"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: \(message)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func badDataFilesReportTheLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv").path
        try "x,y\n1,2\n2,3\n3;4\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try run(["eval", "regression:data=\(bad)", "--at", "0,0"])
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: data file '\(bad)' line 4: expected two numbers x,y, got '3;4'\n")
        let empty = dir.appendingPathComponent("empty.csv").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let second = try run(["eval", "regression:data=\(empty)", "--at", "0,0"])
        #expect(second.status == 2 && second.stderr.contains("has no data rows"))
        let good = dir.appendingPathComponent("good.csv").path
        try "0,1\n1,3\n2,5\n".write(toFile: good, atomically: true, encoding: .utf8)
        let third = try run(["eval", "regression:data=\(good)", "--at", "1,2"])
        #expect(third.status == 0 && third.stdout.contains("value     0\n"))
    }

    @Test func pointsOutsideTheDomainAreEvaluatedWithANote() throws {
        let result = try run(["eval", "bowl", "--at", "10,0"])
        #expect(result.status == 0 && result.stdout.contains("value     100"))
        #expect(result.stderr.contains("outside the default domain"))
    }
}
