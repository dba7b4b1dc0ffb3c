import Foundation
import Testing

/// The docs' Swift cannot drift from the code: every Swift snippet of the README and the DocC
/// articles is in the example package (`Tests/Example`), word for word, whose tests
/// `./setup.sh test` builds and runs.
@Suite struct ReadmeSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Lines without their indentation, blank lines left out.
    static func normalized(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Every ```swift block of the README and of the DocC articles, but for the lines that name
    /// this package by its URL (a dependency line, which the example names by path).
    static func snippets() throws -> [String] {
        var blocks: [String] = []
        for document in DocsTests.documents {
            let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
            for block in DocsTests.blocks(text) where block.language == "swift" {
                let lines = block.lines.filter { !$0.contains(".package(url: \"\(packageURL)") }
                if lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) { blocks.append(lines.joined(separator: "\n")) }
            }
        }
        return blocks
    }

    /// Where the package is published; the README's dependency line names it.
    static let packageURL = "https://github.com/landscape-viz/landscape"

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
            #expect(sources.contains { Self.contains($0, run: lines) }, "docs snippet not in Tests/Example:\n\(block)")
        }
    }
}
