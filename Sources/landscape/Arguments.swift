import Landscapes
import Plotting

/// Turning command-line text into library values, with one-line errors that exit with status 2.
enum Arguments {
    static func surface(_ text: String) throws(CommandError) -> Surface {
        do { return try Surface(spec: text) } catch { throw .usage(error.description) }
    }

    /// A point `X,Y` (or `X` for a curve), finite numbers only.
    static func point(_ text: String, option: String, dimension: Int) throws(CommandError) -> Vector2 {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = dimension == 1 ? "one number X" : "two numbers X,Y"
        guard parts.count == dimension else {
            throw .usage("\(option) '\(text)': expected \(expected) for a \(dimension)-D surface")
        }
        var values: [Double] = []
        for part in parts {
            guard let v = Double(part) else { throw .usage("\(option) '\(text)': '\(part)' is not a number") }
            guard v.isFinite else { throw .usage("\(option) '\(text)': coordinates must be finite") }
            values.append(v)
        }
        return Vector2(values[0], dimension == 1 ? 0 : values[1])
    }

    /// A number as people read it: shortest round-trip digits, Unicode minus.
    static func format(_ v: Double) -> String { TickFormat.number(v) }
}

import Foundation
