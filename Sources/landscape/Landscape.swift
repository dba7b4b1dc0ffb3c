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
        subcommands: [Gallery.self, ScenesCommand.self, SurfacesCommand.self, StylesCommand.self, EvalCommand.self, TraceCommand.self, CheckCommand.self, DiffCommand.self, ContoursCommand.self, RenderCommand.self, AnimateCommand.self, SweepCommand.self, TuneCommand.self, NetCommand.self, BenchCommand.self],
        defaultSubcommand: Gallery.self
    )

    /// Runs the command and exits: 0 success, 1 failure, 2 bad usage or input.
    static func main() {
        Console.prepare()
        Foundation.exit(execute(Array(CommandLine.arguments.dropFirst())))
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    /// Every error is one line on standard error; help and version go to standard output, checked.
    static func execute(_ arguments: [String]) -> Int32 {
        do {
            try checkArgumentCount(arguments)
            try checkSubcommand(arguments)
            try checkOptionValues(arguments)
            try checkRepeatedOptions(arguments)
            var command = try parseAsRoot(arguments)
            try command.run()
            try Console.flushNotes()
            return 0
        } catch let error as CommandError {
            Console.report(error.message, detail: error.detail)
            return error.status
        } catch let error as ExitCode {
            // A check that does not hold has printed its report already.
            return error.rawValue == 0 ? 0 : 1
        } catch {
            let message = fullMessage(for: error)
            if exitCode(for: error) == .success {
                // --help, --version, help SUBCOMMAND.
                let text = examplesLast(message)
                do { try Console.out(text.hasSuffix("\n") ? text : text + "\n") } catch {
                    Console.report(error.message)
                    return 1
                }
                return 0
            }
            Console.report(oneLine(message, arguments: arguments))
            return 2
        }
    }

    /// ArgumentParser's error text (an `Error:` line, then help and usage lines) as one line that
    /// points at the subcommand's help.
    static func oneLine(_ message: String, arguments: [String]) -> String {
        var first = message.split(separator: "\n").first.map(String.init) ?? "bad usage"
        if first.hasPrefix("Error: ") { first.removeFirst("Error: ".count) }
        let sub = arguments.first.flatMap { subcommandNames.contains($0) ? $0 + " " : nil } ?? ""
        return first + "; see 'landscape \(sub)--help'"
    }

    /// Help with its `Examples:` paragraph moved from the discussion to the end, after USAGE and
    /// the options, where a reader who has seen the options looks for them (as man pages do).
    static func examplesLast(_ help: String) -> String {
        var lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0 == "Examples:" || $0 == "Example:" }),
              let usage = lines.firstIndex(where: { $0.hasPrefix("USAGE:") }), start < usage else { return help }
        var end = start + 1
        while end < usage, !lines[end].isEmpty { end += 1 }
        let block = Array(lines[start..<end])
        lines.removeSubrange(start..<min(end + 1, usage))
        while lines.last?.isEmpty == true { lines.removeLast() }
        return (lines + [""] + block).joined(separator: "\n") + "\n"
    }

    static var subcommandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }
}

extension Landscape {
    /// Options that take a value are given as `--name VALUE` or `--name=VALUE`, and the value may
    /// start with a minus (`--at -1,2`, `--expr '-x^2 + y'`, `--title -foo`): every option parses
    /// its value unconditionally (a test checks this against the parser's own description).
    ///
    /// An option given no value, followed by another option (`--at --json`), is named as such:
    /// otherwise the option would take `--json` as its value. To pass a value that starts with
    /// `--`, write `--name=--value`.
    static func checkOptionValues(_ arguments: [String]) throws(CommandError) {
        var known: Set<String>?
        for (k, token) in arguments.enumerated() where token.hasPrefix("--") {
            if token == "--" { return }
            guard !token.contains("="), k + 1 < arguments.count else { continue }
            let next = arguments[k + 1]
            guard next.hasPrefix("--"), next.dropFirst(2).first?.isLetter == true else { continue }
            let options = known ?? valueOptions(of: arguments.first.flatMap { subcommandNames.contains($0) ? $0 : nil } ?? "gallery")
            known = options
            if options.contains(token) {
                let name = next.split(separator: "=").first.map(String.init) ?? next
                throw .usage("\(token) needs a value, but the option \(name) follows it; to pass a value that starts with '--', write \(token)=\(next)")
            }
        }
    }

    /// The value options a subcommand takes more than once (each value adds one more).
    static func repeatableOptions(of subcommand: String) -> Set<String> {
        switch subcommand {
        case "render", "animate": ["--optimizer", "--path-file", "--label", "--level", "--start", "--ellipse-at"]
        case "trace": ["--optimizer", "--start"]
        case "tune": ["--optimizer", "--tune", "--start"]
        case "sweep": ["--axis", "--pick", "--level", "--optimizer"]
        case "contours": ["--level"]
        case "net": ["--optimizer", "--level", "--tune"]
        default: []
        }
    }

    /// A single-valued option given twice is refused, naming both values, rather than keeping
    /// the last one silently (`--start A --start B` drew only B).
    static func checkRepeatedOptions(_ arguments: [String]) throws(CommandError) {
        let subcommand = arguments.first.flatMap { subcommandNames.contains($0) ? $0 : nil } ?? "gallery"
        let single = valueOptions(of: subcommand).subtracting(repeatableOptions(of: subcommand))
        var seen: [String: String] = [:]
        var k = 0
        while k < arguments.count {
            let token = arguments[k]
            if token == "--" { return }
            guard token.hasPrefix("--") else { k += 1; continue }
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard single.contains(name) else { k += 1; continue }
            let value = parts.count == 2 ? String(parts[1]) : (k + 1 < arguments.count ? arguments[k + 1] : "")
            if let first = seen[name] {
                throw .usage("\(name) given twice (\(excerpt(first, limit: 30)) and \(excerpt(value, limit: 30))); it takes one value")
            }
            seen[name] = value
            k += parts.count == 2 ? 1 : 2
        }
    }

    /// The most arguments a command line may have. The parser's work grows faster than the
    /// argument count (20,000 `--level` values took 35 s before a refusal); no command needs
    /// more than a few hundred, and a scene file holds long lists.
    static let maxArguments = 2_000

    /// Refuses a command line longer than ``maxArguments`` before it is parsed.
    static func checkArgumentCount(_ arguments: [String]) throws(CommandError) {
        guard arguments.count <= maxArguments else {
            throw .usage("\(arguments.count) arguments; at most \(maxArguments) (a command needs a few hundred at most)")
        }
    }

    /// The long options of a subcommand that take a value. A test checks this table against the
    /// parser's own description (`--experimental-dump-help`); asking the parser at run time cost a
    /// quarter of a small render's time.
    static func valueOptions(of subcommand: String) -> Set<String> {
        switch subcommand {
        case "gallery": ["--grid", "--out"]
        case "eval": ["--at", "--domain", "--expr", "--grid-file", "--minimum"]
        case "trace": ["--domain", "--expr", "--format", "--grid-file", "--minimum", "--optimizer", "--out", "--seed", "--start", "--steps", "--stop-grad", "--stop-loss"]
        case "check", "diff": ["--atol", "--rtol"]
        case "contours": ["--domain", "--expr", "--grid", "--grid-file", "--grid-out", "--level", "--levels", "--minimum", "--out", "--surface-name"]
        case "render": ["--azimuth", "--colormap", "--domain", "--elevation", "--expr", "--format", "--grid", "--grid-file", "--grid-out", "--label",
                        "--layout", "--levels", "--mesh", "--minimum", "--optimizer", "--out", "--path-file", "--scene", "--seed", "--seeds", "--size",
                        "--start", "--steps", "--stop-grad", "--stop-loss", "--surface-name", "--title", "--z-range", "--z-scale",
                        "--style", "--scale", "--dpi", "--subtitle", "--xlabel", "--ylabel", "--colorbar-label", "--legend",
                        "--level", "--color-range", "--color-scale", "--ellipses", "--ellipse-at"]
        case "animate": ["--azimuth", "--colormap", "--domain", "--elevation", "--expr", "--fps", "--frames", "--grid", "--grid-file", "--hold", "--label",
                         "--layout", "--levels", "--loop", "--mesh", "--minimum", "--optimizer", "--orbit", "--out", "--path-file", "--seconds", "--seed",
                         "--seeds", "--size", "--start", "--steps", "--stop-grad", "--stop-loss", "--surface-name", "--title", "--z-range", "--z-scale",
                         "--style", "--scale", "--dpi", "--subtitle", "--xlabel", "--ylabel", "--colorbar-label", "--legend",
                        "--level", "--color-range", "--color-scale", "--ellipses", "--ellipse-at"]
        case "sweep": ["--alpha", "--axis", "--beta1", "--beta2", "--cells", "--colormap", "--csv", "--dampening", "--domain", "--eps", "--expr", "--grid-file",
                       "--layout", "--lr", "--metric", "--minimum", "--momentum", "--optimizer", "--out", "--pick", "--seed", "--size", "--start",
                       "--steps", "--stop-grad", "--stop-loss", "--title", "--weight-decay", "--style", "--scale", "--dpi",
                       "--subtitle", "--xlabel", "--ylabel", "--colorbar-label", "--legend", "--level", "--color-range", "--color-scale"]
        case "tune": ["--budget", "--colorbar-label", "--domain", "--dpi", "--expr", "--layout", "--legend", "--minimum", "--objective", "--optimizer",
                      "--out", "--report", "--scale", "--seed", "--seeds", "--size", "--start", "--steps", "--stop-grad", "--stop-loss", "--style",
                      "--subtitle", "--title", "--tune", "--xlabel", "--ylabel", "--search-steps", "--clip", "--schedule", "--protocol"]
        case "bench": ["--repeats"]
        case "net": ["--batch", "--curvature", "--data", "--data-file", "--epochs", "--fps", "--frames", "--grid-out", "--hold", "--init-seed", "--layout", "--loop",
                     "--model", "--optimizer", "--orbit", "--out", "--plane", "--record-every", "--resolution", "--run", "--seconds", "--seed", "--size",
                     "--span", "--title", "--style", "--scale", "--dpi",
                     "--subtitle", "--xlabel", "--ylabel", "--colorbar-label", "--legend", "--level", "--color-range", "--color-scale",
                     "--tune", "--budget", "--objective", "--seeds", "--run-out", "--report"]
        default: []
        }
    }

    /// With `gallery` as the default subcommand, a misspelt subcommand would otherwise be taken
    /// as gallery's arguments; name it and suggest the closest one instead. `help NAME` with an
    /// unknown name is refused the same way.
    static func checkSubcommand(_ arguments: [String]) throws(CommandError) {
        guard let first = arguments.first, !first.hasPrefix("-") else { return }
        let names = subcommandNames
        func unknown(_ word: String, among known: [String]) -> CommandError {
            let hint = closestMatch(to: word, in: known).map { "; did you mean '\($0)'?" } ?? "; known: " + known.joined(separator: ", ")
            return .usage("unknown subcommand '\(word)'\(hint)")
        }
        if first == "help" {
            if let topic = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }), !names.contains(topic) {
                throw unknown(topic, among: names)
            }
            return
        }
        guard names.contains(first) else { throw unknown(first, among: names + ["help"]) }
    }
}

/// A failure with a one-line message and an exit status: 2 for bad usage or input, 1 otherwise.
///
/// `detail` is shown under the message only when standard error is a terminal (a caret under the
/// offending character of a formula), so that scripts always read one line.
struct CommandError: Error {
    var message: String
    var status: Int32
    var detail: String?

    static func usage(_ message: String) -> CommandError { CommandError(message: message, status: 2) }
    static func failure(_ message: String) -> CommandError { CommandError(message: message, status: 1) }

    /// A formula that does not parse: the message and column on one line, the caret as detail.
    static func expression(_ error: ExpressionError) -> CommandError {
        let lines = error.description.split(separator: "\n", maxSplits: 1)
        return CommandError(message: "\(error.message) in \(excerpt(error.expression, limit: 80))", status: 2,
                            detail: lines.count > 1 ? String(lines[1]) : nil)
    }
}
