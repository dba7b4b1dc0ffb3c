import ArgumentParser
import Foundation
import Landscapes

/// The `landscape` command: figures of optimizers on loss surfaces, and the path data behind them.
@main
struct Landscape: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "Show how optimizers move over loss surfaces.",
        discussion: """
            With no subcommand, writes the default gallery into output/ (the same as \
            'landscape gallery --out output').
            """,
        version: "0.1.0",
        subcommands: [Gallery.self, SurfacesCommand.self, EvalCommand.self, TraceCommand.self, CheckCommand.self, DiffCommand.self, ContoursCommand.self, RenderCommand.self, SweepCommand.self, BenchCommand.self],
        defaultSubcommand: Gallery.self
    )

    /// Runs the command; usage errors exit with status 2 (not ArgumentParser's 64), failures with 1.
    static func main() {
        do {
            try checkSubcommand(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandError {
            FileHandle.standardError.write(Data("landscape: \(error.message)\n".utf8))
            Foundation.exit(error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data("\(fullMessage(for: error))\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension Landscape {
    /// With `gallery` as the default subcommand, a misspelt subcommand would otherwise be taken
    /// as gallery's arguments; name it and suggest the closest one instead.
    static func checkSubcommand(_ arguments: [String]) throws(CommandError) {
        guard let first = arguments.first, !first.hasPrefix("-") else { return }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return }
        let hint = closestMatch(to: first, in: names).map { "; did you mean '\($0)'?" } ?? "; known: " + names.joined(separator: ", ")
        throw .usage("unknown subcommand '\(first)'\(hint)")
    }
}

/// A failure with a one-line message and an exit status: 2 for bad usage or input, 1 otherwise.
struct CommandError: Error {
    var message: String
    var status: Int32

    static func usage(_ message: String) -> CommandError { CommandError(message: message, status: 2) }
    static func failure(_ message: String) -> CommandError { CommandError(message: message, status: 1) }
}
