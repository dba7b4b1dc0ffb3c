import Foundation
import Testing

@Suite struct ContoursCommandTests {
    @Test func writesTheDocumentedGeometry() throws {
        let result = try run(["contours", "bowl", "--grid", "101", "--level", "1", "--level", "4"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["grid"] as? Int == 101)
        #expect(json["domain"] as? [Double] == [-3, 3, -3, 3])
        let levels = json["levels"] as! [[String: Any]]
        #expect(levels.map { $0["level"] as! Double } == [1, 4])
        for entry in levels {
            let level = entry["level"] as! Double
            let lines = entry["lines"] as! [[[Double]]]
            #expect(lines.count == 1)
            let ring = lines[0]
            #expect(ring.first! == ring.last!)  // closed rings repeat their first point
            // On the bowl the level-c line is the circle of radius √c (to grid accuracy).
            #expect(ring.allSatisfy { abs(($0[0] * $0[0] + $0[1] * $0[1]).squareRoot() - level.squareRoot()) < 2e-3 })
        }
        #expect(try run(["contours", "bowl", "--grid", "101", "--level", "1", "--level", "4"]).stdout == result.stdout)
    }

    @Test func defaultLevelsAndDomain() throws {
        let result = try run(["contours", "rosenbrock", "--grid", "80", "--levels", "8", "--domain", "-2,2,-1,3"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["domain"] as? [Double] == [-2, 2, -1, 3])
        let levels = (json["levels"] as! [[String: Any]]).map { $0["level"] as! Double }
        #expect(levels.count == 8)
        #expect(levels.last! / levels.first! > 1e3)  // log-spaced on the banana valley
    }

    @Test(arguments: [
        (["contours", "wavy"], "contours need a 2-D surface; 'wavy' is a curve"),
        (["contours", "bowl", "--grid", "1"], "--grid '1': expected a whole number from 2 to 4000"),
        (["contours", "bowl", "--grid", "100000"], "--grid '100000': expected a whole number from 2 to 4000 (a 10⁵×10⁵ grid would need about 480 GB)"),
        (["contours", "bowl", "--domain", "1,0,0,1"], "--domain '1,0,0,1': expected X0 < X1 and Y0 < Y1"),
        (["contours", "bowl", "--domain", "0,1,0"], "--domain '0,1,0': expected four finite numbers X0,X1,Y0,Y1"),
        (["contours", "bowl", "--level", "nan"], "--level 'nan': expected a finite number"),
        (["contours", "bowl", "--levels", "3", "--level", "1"], "give --levels or --level, not both"),
    ])
    func badInput(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: \(message)\n")
    }
}
