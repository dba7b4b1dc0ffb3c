import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes

/// `landscape scenes`: the gallery's scene files, listed and printed, so that a figure can be
/// copied and edited without the source tree.
struct ScenesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenes",
        abstract: "List the gallery's scene files, or print one to copy and edit.",
        usage: """
            landscape scenes
            landscape scenes show <name>
            """,
        discussion: """
            Every figure of 'landscape gallery' is drawn from a scene file (YAML) installed with the \
            tool. 'landscape scenes' lists them with what each shows; 'landscape scenes show NAME' \
            prints one, ready to save, edit and draw with 'landscape render --scene FILE'. NAME is \
            the scene's name as listed (ravine), its file name (02-ravine) or the name of a figure \
            it draws.

            Examples:
              $ landscape scenes
              $ landscape scenes show ravine > ravine.yaml
              $ landscape render --scene ravine.yaml --out figures/
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    /// A gallery scene: its name (the file's without the order prefix), file and first comment.
    struct Entry {
        var name: String
        var path: String
        var summary: String
        var figures: [String]
    }

    /// Every gallery scene, in gallery order.
    static func entries() throws(CommandError) -> [Entry] {
        try Gallery.sceneFiles().map { path throws(CommandError) in
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            var summary: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("#") else { break }
                summary.append(line.dropFirst().trimmingCharacters(in: .whitespaces))
            }
            let figures = try Scene.load(path: path).figures.map(\.name)
            return Entry(name: sceneName(of: path), path: path, summary: summary.joined(separator: " "), figures: figures)
        }
    }

    /// A gallery scene's name: its file's name without `.yaml` and the order prefix
    /// (`02-ravine.yaml` → `ravine`).
    static func sceneName(of path: String) -> String {
        let stem = String(FilePath.name(of: path).dropLast(".yaml".count))
        let name = String(stem.drop { $0.isNumber }.drop { $0 == "-" })
        return name.isEmpty ? stem : name
    }

    /// The scene named `name`: by its name, its file name (with or without `.yaml`) or the name of
    /// a figure it draws; a one-line error with a suggestion otherwise.
    static func entry(named name: String) throws(CommandError) -> Entry {
        let all = try entries()
        let wanted = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        if let e = all.first(where: { $0.name == wanted || FilePath.name(of: $0.path) == wanted + ".yaml" })
            ?? all.first(where: { $0.figures.contains(wanted) }) {
            return e
        }
        let suggestion = closestMatch(to: wanted, in: all.map(\.name) + all.flatMap(\.figures)).map { "; did you mean '\($0)'?" }
            ?? "; 'landscape scenes' lists them"
        throw .usage("unknown scene '\(name)'\(suggestion)")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the gallery's scenes: name, what it shows, the figures it draws.",
            discussion: """
                Examples:
                  $ landscape scenes
                  $ landscape scenes show ravine > ravine.yaml
                  $ landscape render --scene ravine.yaml --out figures/
                """)

        func run() throws {
            let all = try ScenesCommand.entries()
            let width = all.map(\.name.count).max() ?? 0
            var out = "The gallery's scenes ('landscape scenes show NAME' prints one; 'landscape render --scene FILE' draws it):\n"
            for e in all {
                out += "  " + e.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + e.summary
                if e.figures != [e.name] { out += " [figures: " + e.figures.joined(separator: ", ") + "]" }
                out += "\n"
            }
            try Console.out(out)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a gallery scene file, ready to copy, edit and render.",
            discussion: """
                Examples:
                  $ landscape scenes show two-well
                  $ landscape scenes show ravine > ravine.yaml
                  $ landscape render --scene ravine.yaml --out figures/
                """)

        @Argument(help: "The scene: its name as 'landscape scenes' lists it, its file name, or a figure it draws.")
        var name: String

        func run() throws {
            let entry = try ScenesCommand.entry(named: name)
            guard let text = try? String(contentsOfFile: entry.path, encoding: .utf8) else {
                throw CommandError.failure("cannot read the scene file \(entry.path)")
            }
            try Console.out(text)
        }
    }
}
