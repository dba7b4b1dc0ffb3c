@testable import landscape
import Landscapes
import Testing
import Yams

/// Scene files type plain scalars by hand (`YAMLScalar`) instead of through Yams's regular
/// expressions; they must mean what Yams's default resolver makes of them.
@Suite struct YAMLScalarTests {
    static let samples = [
        "", "~", "null", "Null", "NULL", "nul", "none",
        "yes", "Yes", "YES", "no", "NO", "on", "Off", "true", "False", "TRUE", "y", "n", "tRue",
        "0", "-0", "+0", "7", "-7", "+12", "1_000", "010", "017", "08", "0b101", "-0b11", "0b", "0x1F", "0xff_ff", "-0x10", "0x",
        "1:30", "-1:30:15", "1:60", "1:5", "0:30",
        "1.5", "-2.25", "+3.", "1.", ".5", "-.5", "+.5", "1e5", "1e+5", "1E-3", "1.5e-3", "2.5E+10", "1_0.5", "1.0_5", ".", "+", "e5", ".e5", ".5e3", ".5e-3", "-1.5e3", "0o", "0o18", "0b_", "0_",
        ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "nan", "inf", "Infinity",
        "1:30.5", "90:00.25",
        "rosenbrock", "gd:lr=0.1", "3d+contour", "0.1.2", "1-2", "12abc", "0x1G", "0o17",
    ]

    @Test func plainScalarsMeanWhatYamsDefaultResolverMakesOfThem() throws {
        for text in Self.samples {
            let ours = YAMLScalar.value(text)
            // Yams's default resolver, as scene files were read before.
            let node = try #require(try Yams.compose(yaml: "v: \(text)")?["v"])
            let theirs: JSONValue
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: theirs = .null
            case .bool: theirs = node.bool.map(JSONValue.bool) ?? .string(text)
            case .int:
                if let v = node.int { theirs = .number(Double(v)) } else {
                    theirs = Double(text.replacingOccurrences(of: "_", with: "")).map(JSONValue.number) ?? .string(text)
                }
            case .float: theirs = node.float.map(JSONValue.number) ?? .string(text)
            default: theirs = .string(text)
            }
            if case let .number(a) = ours, case let .number(b) = theirs, a.isNaN, b.isNaN { continue }
            #expect(ours == theirs, "'\(text)': ours \(ours), Yams \(theirs)")
        }
    }
}
