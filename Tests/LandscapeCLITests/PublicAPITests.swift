import Foundation
import Testing

/// The library's surface as its users meet it: every name that the README's snippets and the
/// example package (`Tests/Example`, an outside package) use and that landscape's sources
/// declare, each of them public. The list is kept in `public-api-used.txt` beside this file,
/// so that a renamed or removed name shows in review; `SNAPSHOT_TESTING_RECORD=all` rewrites it.
@Suite struct PublicAPITests {
    static let root = ReadmeSnippetTests.root

    /// The type names (capitalised) and member names (after a `.`) in Swift text, comments and
    /// strings left out: what a user's code names of a library. Argument labels are left out.
    static func identifiers(in text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(separator: "\n") {
            var code = line.trimmingCharacters(in: .whitespaces)
            if code.hasPrefix("//") { continue }
            if let comment = code.range(of: " //") { code = String(code[..<comment.lowerBound]) }
            // Drop string literals.
            var plain = "", inString = false
            for c in code {
                if c == "\"" { inString.toggle(); continue }
                if !inString { plain.append(c) }
            }
            var current = "", afterDot = false, previous: Character = " "
            for c in plain + " " {
                if c.isLetter || c.isNumber || c == "_" {
                    if current.isEmpty { afterDot = previous == "." }
                    current.append(c)
                } else {
                    if let first = current.first, first.isUppercase || (afterDot && first.isLetter) { out.insert(current) }
                    current = ""
                }
                previous = c
            }
        }
        return out
    }

    /// Declarations in the libraries' sources: name → whether any declaration of it is public.
    static func declarations() throws -> [String: Bool] {
        var out: [String: Bool] = [:]
        let sources = root.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"^\s*((?:@\w+(?:\([^)]*\))?\s+)*)((?:public|open|internal|private|fileprivate|static|final|mutating|nonisolated|override|indirect|private\(set\)|public\(set\)|\s)*)\b(struct|enum|protocol|class|actor|func|var|let|case|typealias|associatedtype)\s+`?([A-Za-z_][A-Za-z0-9_]*)"#)
        let libraries = ["Landscapes", "Trajectories", "Networks", "Contours", "Plotting", "CairoRenderer", "GridFiles", "LandscapeTesting"]
        for library in libraries {
            let folder = sources.appendingPathComponent(library)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                var publicExtension = false
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    let s = String(line)
                    if s.hasPrefix("extension ") || s.hasPrefix("public extension ") { publicExtension = s.hasPrefix("public extension ") }
                    let range = NSRange(s.startIndex..., in: s)
                    // Declarations of types and their members; locals (indented deeper) are not API.
                    guard s.prefix(while: { $0 == " " }).count <= 8 else { continue }
                    guard let m = pattern.firstMatch(in: s, range: range), let nameRange = Range(m.range(at: 4), in: s),
                          let modifiers = Range(m.range(at: 2), in: s) else { continue }
                    let name = String(s[nameRange])
                    // Enum cases and associated types are as public as their enum or protocol.
                    let kind = Range(m.range(at: 3), in: s).map { String(s[$0]) } ?? ""
                    let isPublic = s[modifiers].contains("public") || s[modifiers].contains("open") || publicExtension
                        || kind == "case" || kind == "associatedtype"
                    out[name] = (out[name] ?? false) || isPublic
                }
            }
        }
        return out
    }

    @Test func everyNameTheExampleAndReadmeUseIsPublic() throws {
        let example = Self.root.appendingPathComponent("Tests/Example")
        var text = try ReadmeSnippetTests.snippets().joined(separator: "\n")
        for file in ["Sources/HeavyBall/HeavyBall.swift", "Tests/HeavyBallTests/HeavyBallTests.swift"] {
            text += "\n" + (try String(contentsOf: example.appendingPathComponent(file), encoding: .utf8))
        }
        let declared = try Self.declarations()
        // Names the example declares itself (its optimizers, its surface, its tests) are its own.
        let own = try Self.declarationsIn(example.appendingPathComponent("Sources/HeavyBall/HeavyBall.swift"))
            .union(try Self.declarationsIn(example.appendingPathComponent("Tests/HeavyBallTests/HeavyBallTests.swift")))
        // The standard library's and Foundation's names that landscape also declares somewhere.
        let standard: Set = ["utf8", "count", "contains", "append", "x", "y", "last"]
        let used = Self.identifiers(in: text).filter { declared[$0] != nil && !own.contains($0) && !standard.contains($0) }.sorted()
        #expect(used.count >= 60, "names used: \(used.count)")
        let internalOnes = used.filter { declared[$0] == false }
        #expect(internalOnes.isEmpty, "used by the README or the example but not public: \(internalOnes)")

        let listPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("public-api-used.txt")
        let list = used.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["SNAPSHOT_TESTING_RECORD"] == "all" { try list.write(to: listPath, atomically: true, encoding: .utf8) }
        let recorded = try String(contentsOf: listPath, encoding: .utf8)
        let old = Set(recorded.split(separator: "\n").map(String.init)), new = Set(used)
        #expect(recorded == list, "the public names the README and example use changed: added \(new.subtracting(old).sorted()), gone \(old.subtracting(new).sorted()); review, then SNAPSHOT_TESTING_RECORD=all")
    }

    static func declarationsIn(_ file: URL) throws -> Set<String> {
        let text = try String(contentsOf: file, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\b(struct|enum|protocol|class|func|let|var)\s+([A-Za-z_][A-Za-z0-9_]*)"#)
        var out = Set<String>()
        for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if let r = Range(m.range(at: 2), in: text) { out.insert(String(text[r])) }
        }
        return out
    }
}
