import Foundation
import Testing

/// The README's library section cannot drift from the code: every Swift snippet in it is in the
/// example package (`Tests/Example`), word for word, whose tests `./setup.sh test` builds and runs.
@Suite struct ReadmeSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Lines without their indentation, blank lines left out.
    static func normalized(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The ```swift blocks between `## Using the libraries` and the next `## ` heading.
    static func snippets() throws -> [String] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "\n## Using the libraries\n") else { return [] }
        let rest = readme[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var blocks: [String] = []
        var current: [Substring]?
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```swift") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// Whether `lines` occur one after another in `source`.
    static func contains(_ source: [String], run lines: [String]) -> Bool {
        guard !lines.isEmpty, source.count >= lines.count else { return lines.isEmpty }
        for start in 0...(source.count - lines.count) where Array(source[start..<(start + lines.count)]) == lines { return true }
        return false
    }

    @Test func everySnippetIsInTheExamplePackage() throws {
        let example = Self.root.appendingPathComponent("Tests/Example")
        let files = ["Package.swift", "Sources/HeavyBall/HeavyBall.swift", "Tests/HeavyBallTests/HeavyBallTests.swift"]
        let sources = try files.map { Self.normalized(try String(contentsOf: example.appendingPathComponent($0), encoding: .utf8)) }
        let blocks = try Self.snippets()
        #expect(blocks.count >= 7, "the library section's snippets: \(blocks.count)")
        for block in blocks {
            let lines = Self.normalized(block)
            #expect(sources.contains { Self.contains($0, run: lines) }, "README snippet not in Tests/Example:\n\(block)")
        }
    }
}
