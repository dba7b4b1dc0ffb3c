import Foundation
import Synchronization
import Testing

/// The docs are tested as code: every command in the README and the DocC articles runs, console
/// examples print what they show, every scene and style block renders, the command-line reference
/// is the parser's own, and the scene reference names every key the scene reader takes.
@Suite struct DocsTests {
    static let root = ReadmeSnippetTests.root

    /// The README and every article of every DocC catalog, relative to the package root.
    static let documents: [String] = {
        var docs = ["README.md"]
        let sources = root.appendingPathComponent("Sources")
        let modules = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        for module in modules.sorted() {
            let catalog = "Sources/\(module)/\(module).docc"
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(catalog).path)) ?? []
            docs += files.filter { $0.hasSuffix(".md") }.sorted().map { "\(catalog)/\($0)" }
        }
        return docs
    }()

    struct Block {
        var language: String
        var lines: [String]
        /// The line of the opening fence, from 1.
        var line: Int
    }

    /// The fenced code blocks of a Markdown text.
    static func blocks(_ text: String) -> [Block] {
        var result: [Block] = [], current: Block?
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed.hasPrefix("```") {
                current = Block(language: String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces), lines: [], line: i + 1)
            } else if current != nil, trimmed == "```" {
                result.append(current!)
                current = nil
            } else {
                current?.lines.append(String(line))
            }
        }
        return result
    }

    /// Lines with their continuations (`\` at the end) joined, indentation removed.
    static func logicalLines(_ lines: [String]) -> [String] {
        var out: [String] = [], pending = ""
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasSuffix("\\") {
                pending += t.dropLast() + " "
            } else {
                out.append(pending + t)
                pending = ""
            }
        }
        if !pending.isEmpty { out.append(pending) }
        return out
    }

    /// A shell line the docs show: what runs, the output a console block shows after it (nil in
    /// a `sh` block), and where it is.
    struct Command {
        var text: String
        var expected: [String]?
        var line: Int
    }

    /// Programs a docs block may show that the test does not run: set-up, other languages'
    /// tools, and the manual.
    static let notRun = ["./setup.sh", "swift ", "python", "pip ", "mpirun", "sudo ", "man ", "cp ", "source ", "cd "]

    static func isRun(_ line: String) -> Bool {
        !line.isEmpty && !line.hasPrefix("#") && !notRun.contains { line.hasPrefix($0) }
    }

    static func commands(in block: Block) -> [Command] {
        switch block.language {
        case "sh", "bash", "shell":
            return logicalLines(block.lines).filter(isRun).map { Command(text: $0, expected: nil, line: block.line) }
        case "console":
            var result: [Command] = []
            for line in logicalLines(block.lines) {
                if line.hasPrefix("$ ") {
                    let text = String(line.dropFirst(2))
                    result.append(Command(text: text, expected: isRun(text) ? [] : nil, line: block.line))
                } else if !result.isEmpty {
                    result[result.count - 1].expected?.append(line)
                }
            }
            return result.filter { isRun($0.text) }
        default:
            return []
        }
    }

    /// The code spans outside fenced blocks that are whole commands: they start with
    /// `landscape ` and name an `--out` file (a span may run over a line break).
    static func inlineCommands(_ text: String) -> [String] {
        var prose: [Substring] = [], fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { fenced.toggle(); continue }
            if !fenced { prose.append(line) }
        }
        let spans = prose.joined(separator: "\n").split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: spans.count, by: 2).compactMap { i -> String? in
            let span = spans[i].split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return span.hasPrefix("landscape ") && span.contains(" --out ") && !span.contains("…") && !span.contains("FILE") ? span : nil
        }
    }

    /// Whether an output line matches the line the docs show, where `…` stands for anything.
    static func matches(_ actual: String, _ expected: String) -> Bool {
        let parts = expected.components(separatedBy: "…")
        guard parts.count > 1 else { return actual == expected }
        var rest = Substring(actual)
        for (i, part) in parts.enumerated() {
            if i == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if i == parts.count - 1 {
                return part.isEmpty || rest.hasSuffix(part)
            } else if !part.isEmpty {
                guard let r = rest.range(of: part) else { return false }
                rest = rest[r.upperBound...]
            }
        }
        return true
    }

    /// Files the docs' commands read, as a user would have them: loss-landscape's surface file
    /// and its projected path, a NumPy grid, a scene, a data set of two classes (`points.csv`),
    /// and a regression data file with a bad line 4 (`bad.csv`).
    static func stageFixtures(in dir: URL) throws {
        var points = "x1,x2,label\n"
        var generator = (state: UInt64(7), unused: 0)
        func next() -> Double {
            generator.state = generator.state &* 6364136223846793005 &+ 1442695040888963407
            return Double(generator.state >> 11) / Double(1 << 53) * 4 - 2
        }
        for _ in 0..<64 {
            let a = next(), b = next()
            points += "\(a),\(b),\(a * b > 0 ? 1 : 0)\n"
        }
        try Data(points.utf8).write(to: dir.appendingPathComponent("points.csv"))
        try Data("x,y\n1,2\n2,3\n3;4\n".utf8).write(to: dir.appendingPathComponent("bad.csv"))
        let ravine = try run(["scenes", "show", "ravine"])
        try Data(ravine.stdout.utf8).write(to: dir.appendingPathComponent("ravine.yaml"))
        let data = root.appendingPathComponent("Tests/GridFilesTests/Data")
        for (from, to) in [("surface.h5", "surface.h5"), ("trajectory.h5", "trajectory.h5"), ("grid_stored.npz", "grid.npz")] {
            try FileManager.default.copyItem(at: data.appendingPathComponent(from), to: dir.appendingPathComponent(to))
        }
    }

    /// The `landscape` the docs' commands run: the release build when `./setup.sh test` names it
    /// (it runs the docs' trainings, sweeps and animations in a tenth of the time), else the
    /// debug build beside the tests.
    static func docsBinary() throws -> URL { try installedBinary() }

    /// Runs a shell line in `dir` with the `landscape` under test first on the PATH; standard
    /// error goes where standard output goes, as on a terminal.
    static func shell(_ text: String, in dir: URL) throws -> Execution {
        let bin = try docsBinary().deletingLastPathComponent().path
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try execute(URL(fileURLWithPath: "/bin/sh"), ["-c", "{ \(text)\n} 2>&1"], environment: ["PATH": path, "COLUMNS": "80"], in: dir)
    }

    @Test(arguments: documents)
    func everyCommandAndBlockRuns(_ document: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(document), encoding: .utf8)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.stageFixtures(in: dir)
        var ran = 0
        for (n, block) in Self.blocks(text).enumerated() {
            let place = "\(document):\(block.line)"
            if block.language.isEmpty {
                #expect(!block.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("landscape ") },
                        "\(place): a block with commands needs a language: sh (run), console (run, output checked) or text (not run)")
                continue
            }
            if block.language == "yaml" {
                let yaml = block.lines.joined(separator: "\n") + "\n"
                let file = "block\(n).yaml"
                try Data(yaml.utf8).write(to: dir.appendingPathComponent(file))
                let isStyle = block.lines.contains { $0.hasPrefix("base:") }
                let isScene = block.lines.contains { $0.hasPrefix("name:") || $0.hasPrefix("figures:") }
                #expect(isStyle || isScene, "\(place): a yaml block that is neither a scene (name:, figures:) nor a style (base:)")
                let command = isStyle ? "landscape render bowl --style \(file) --out block\(n).png" : "landscape render --scene \(file) --out figures\(n)"
                let r = try Self.shell(command, in: dir)
                #expect(r.status == 0, "\(place): `\(command)` exits \(r.status): \(r.stdout)")
                ran += 1
                continue
            }
            for command in Self.commands(in: block) {
                let r = try Self.shell(command.text, in: dir)
                ran += 1
                let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let output = lines.last == "" ? Array(lines.dropLast()) : lines
                // A console line shown without output claims only that it succeeds.
                guard let expected = command.expected, !expected.isEmpty else {
                    #expect(r.status == 0, "\(place): `\(command.text)` exits \(r.status): \(r.stdout.prefix(600))")
                    if document == "README.md" { try Self.expectGalleryFigure(of: command.text, in: dir, place: place) }
                    continue
                }
                let failing = expected.contains { $0.hasPrefix("landscape: ") }
                #expect((r.status == 0) != failing, "\(place): `\(command.text)` exits \(r.status): \(r.stdout.prefix(600))")
                // A console example shows the whole output, or its start when it ends in `…`.
                let shown = expected.last == "…" ? Array(expected.dropLast()) : expected
                let compared = expected.last == "…" ? Array(output.prefix(shown.count)) : output
                let agree = compared.count == shown.count && zip(compared, shown).allSatisfy { Self.matches($0, $1) }
                #expect(agree, "\(place): `\(command.text)` prints\n\(output.joined(separator: "\n"))\nwhere the docs show\n\(expected.joined(separator: "\n"))")
            }
        }
        // Whole commands in the prose too: a code span that starts with `landscape ` and writes a
        // file (`--out`), as `landscape render rosenbrock --domain -0.5,1.5,-0.5,1.5 --out zoom.png`.
        for span in Self.inlineCommands(text) {
            let r = try Self.shell(span, in: dir)
            ran += 1
            #expect(r.status == 0, "\(document): `\(span)` exits \(r.status): \(r.stdout.prefix(600))")
        }
        if document == "README.md" {
            #expect(ran >= 10, "README: \(ran) commands and blocks ran")
            let checked = Self.galleryFiguresChecked.withLock { $0 }
            #expect(checked.count >= 6, "README recipes checked against the gallery: \(checked.sorted())")
        }
    }

    /// A README recipe whose `--out` file is named as a gallery figure makes that figure, byte
    /// for byte: the figure under the recipe is what its command writes.
    static func expectGalleryFigure(of command: String, in dir: URL, place: String) throws {
        let words = command.split(separator: " ")
        guard let i = words.lastIndex(where: { $0 == "--out" }), i + 1 < words.count else { return }
        let name = URL(fileURLWithPath: String(words[i + 1])).lastPathComponent
        let gallery = root.appendingPathComponent("output").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: gallery.path) else { return }
        let made = try Data(contentsOf: dir.appendingPathComponent(String(words[i + 1])))
        #expect(made == (try Data(contentsOf: gallery)), "\(place): `\(command)` does not make output/\(name), the figure the README shows")
        _ = galleryFiguresChecked.withLock { $0.insert(name) }
    }

    static let galleryFiguresChecked = Mutex<Set<String>>([])

    // MARK: The references against the parsers

    /// `CommandLineReference.md`, made from the parser's own description of every subcommand
    /// (`landscape --experimental-dump-help`): usage, every option with its help, and the
    /// examples. A new option changes it, and the test below fails until it is written again.
    static func commandLineReference() throws -> String {
        let dump = try run(["--experimental-dump-help"])
        guard dump.status == 0, let json = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any],
              let top = json["command"] as? [String: Any] else { throw CLIError("no help dump") }
        var out = """
        # Command-line reference

        Every subcommand of `landscape`, with every option, made from the parser itself.

        ## Overview

        This page is written by the test `DocsTests.commandLineReferenceIsTheParsers` from
        `landscape --experimental-dump-help` (run the tests with `SNAPSHOT_TESTING_RECORD=all` to write it
        again), so it lists exactly what the parser takes. `landscape help SUBCOMMAND` prints the same
        on a terminal. The examples run in the docs test.

        """
        func section(_ command: [String: Any], path: [String]) {
            let name = (path + [command["commandName"] as? String ?? ""]).joined(separator: " ")
            guard command["shouldDisplay"] as? Bool ?? true else { return }
            let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { ($0["commandName"] as? String) != "help" }
            out += "\n## \(name)\n\n"
            if let abstract = command["abstract"] as? String { out += abstract + "\n" }
            let discussion = command["discussion"] as? String ?? ""
            let parts = discussion.components(separatedBy: "Examples:\n")
            let prose = parts[0].trimmingCharacters(in: .whitespacesAndNewlines)
            if !prose.isEmpty { out += "\n```text\n" + prose + "\n```\n" }
            let arguments = (command["arguments"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool ?? true }
            if !arguments.isEmpty { out += "\n" }
            for argument in arguments {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { n -> String? in
                    guard let kind = n["kind"] as? String, let name = n["name"] as? String else { return nil }
                    return kind == "short" ? "-" + name : "--" + name
                }
                let value = (argument["valueName"] as? String).map { $0.uppercased() } ?? ""
                var term: String
                switch argument["kind"] as? String {
                case "positional": term = value
                case "flag": term = names.joined(separator: ", ")
                default: term = names.joined(separator: ", ") + " " + value
                }
                if argument["isRepeating"] as? Bool == true { term += " …" }
                var line = "- `\(term)`"
                if let abstract = argument["abstract"] as? String, !abstract.isEmpty { line += ": " + abstract }
                if let more = argument["discussion"] as? String, !more.isEmpty { line += " " + more }
                if let d = argument["defaultValue"] as? String, !d.isEmpty, argument["kind"] as? String != "flag" { line += " (default: `\(d)`)" }
                out += line.replacingOccurrences(of: "\n", with: " ") + "\n"
            }
            if parts.count > 1 {
                let examples = parts[1].split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : String($0) }
                out += "\nExamples:\n\n```console\n" + examples.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n```\n"
            }
            for sub in subcommands { section(sub, path: path + [command["commandName"] as? String ?? ""]) }
        }
        section(top, path: [])
        return out
    }

    @Test func commandLineReferenceIsTheParsers() throws {
        let file = Self.root.appendingPathComponent("Sources/landscape/landscape.docc/CommandLineReference.md")
        let made = try Self.commandLineReference()
        if ProcessInfo.processInfo.environment["SNAPSHOT_TESTING_RECORD"] == "all" {
            try Data(made.utf8).write(to: file)
            return
        }
        let written = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let madeLines = made.split(separator: "\n", omittingEmptySubsequences: false), writtenLines = written.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(madeLines, writtenLines).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(made == written, """
            the command-line reference is not the parser's\(first.map { " (line \($0.offset + 1): the parser gives '\($0.element.0)')" } ?? ""); \
            write it again with SNAPSHOT_TESTING_RECORD=all swift test --filter commandLineReferenceIsTheParsers
            """)
    }

    /// Every key the scene reader takes (the lists in `Scene.swift`) has its row in the scene
    /// reference, and every row names a key the reader takes.
    @Test func sceneReferenceNamesEveryKey() throws {
        let source = try String(contentsOf: Self.root.appendingPathComponent("Sources/landscape/Scene.swift"), encoding: .utf8)
        func list(_ name: String) throws -> [String] {
            guard let start = source.range(of: "static let \(name) = ["), let end = source[start.upperBound...].range(of: "]") else {
                throw CLIError("Scene.\(name) not found")
            }
            return source[start.upperBound..<end.lowerBound].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        var keys = try list("keys")
        for (prefix, name) in [("view", "viewKeys"), ("network", "networkKeys"), ("sweep", "sweepKeys"), ("animate", "animateKeys"), ("curvature", "curvatureKeys"), ("tune", "tuneKeys")] {
            keys += try list(name).map { "\(prefix).\($0)" }
        }
        keys += ["ewma.values", "ewma.betas"]
        #expect(keys.count > 60)
        let reference = try String(contentsOf: Self.root.appendingPathComponent("Sources/landscape/landscape.docc/SceneFiles.md"), encoding: .utf8)
        var rows = Set<String>()
        for line in reference.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            for key in cell.split(separator: ",") { rows.insert(key.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))) }
        }
        let missing = keys.filter { !rows.contains($0) }, unknown = rows.subtracting(keys)
        #expect(missing.isEmpty, "scene keys without a row in SceneFiles.md: \(missing)")
        #expect(unknown.isEmpty, "rows in SceneFiles.md for keys the scene reader does not take: \(unknown.sorted())")
    }
}
