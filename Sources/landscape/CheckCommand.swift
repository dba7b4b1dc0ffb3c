import ArgumentParser
import Foundation
import Landscapes
import Trajectories

/// Tolerance options shared by `check` and `diff`.
struct ToleranceOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Relative tolerance.")
    var rtol: String = "1e-9"

    @Option(name: .long, parsing: .unconditional, help: "Absolute tolerance.")
    var atol: String = "1e-12"

    /// The two tolerances, checked: finite and ≥ 0.
    func values() throws(CommandError) -> (rtol: Double, atol: Double) {
        (try Arguments.nonNegative(rtol, option: "--rtol"), try Arguments.nonNegative(atol, option: "--atol"))
    }
}

/// The runs of a trajectory JSON file: its one run, or each run of a file of several, labelled.
func readTrajectories(_ path: String) throws(CommandError) -> [(label: String?, trajectory: Trajectory)] {
    do { return try TrajectoryFile.read(runs: try readInput(path)) } catch let error as TrajectoryFileError {
        throw .usage("'\(path)': \(error.description)")
    } catch let error as CommandError { throw error } catch { throw .usage("'\(path)': \(error)") }
}

/// `landscape check`: re-run a golden trajectory file and compare.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-run the configuration in a trajectory JSON file and compare every step with it.",
        discussion: """
            Exits 0 when every value is within tolerance (|a − b| ≤ atol + rtol·max(|a|, |b|)) and \
            the run has the same length and outcome, 1 otherwise, naming the first step that drifts. \
            A file of several runs (trace with several optimizers or starts) is checked run by run.

            Examples:
              $ landscape trace ravine --optimizer momentum --steps 500 --out ravine.json
              $ landscape check ravine.json
              match: steps 0–500, 2505 values within rtol 1e-09, atol 1e-12; …
            """
    )

    @Argument(help: "The golden trajectory file (JSON, as written by 'landscape trace').")
    var golden: String

    @OptionGroup var tolerance: ToleranceOptions

    func run() throws {
        let (rtol, atol) = try tolerance.values()
        let runs = try readTrajectories(golden)
        for (_, expected) in runs { try Arguments.checkRerun(expected, path: golden) }
        var matches = true
        for (label, expected) in runs {
            let actual: Trajectory
            do { actual = try expected.rerun() } catch { throw CommandError.usage("'\(golden)': \(error.description)") }
            let report = TrajectoryComparison(expected: expected, actual: actual, rtol: rtol, atol: atol)
            try Console.out((runs.count > 1 ? "\(label ?? expected.optimizer): " : "") + report.description + "\n")
            matches = matches && report.matches
        }
        if !matches { throw ExitCode.failure }
    }
}

/// `landscape diff`: compare two trajectory files.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two trajectory JSON files step by step.",
        discussion: """
            Exits 0 when they match within tolerance, 1 otherwise.

            Example:
              $ landscape diff before.json after.json --rtol 1e-6
            """
    )

    @Argument(help: "The expected trajectory file.")
    var a: String

    @Argument(help: "The actual trajectory file.")
    var b: String

    @OptionGroup var tolerance: ToleranceOptions

    func run() throws {
        let (rtol, atol) = try tolerance.values()
        let expected = try readTrajectories(a), actual = try readTrajectories(b)
        guard expected.count == actual.count else {
            throw CommandError.usage("'\(a)' holds \(expected.count) run\(expected.count == 1 ? "" : "s") and '\(b)' \(actual.count); compare files of as many runs")
        }
        var matches = true
        for (e, r) in zip(expected, actual) {
            let report = TrajectoryComparison(expected: e.trajectory, actual: r.trajectory, rtol: rtol, atol: atol)
            try Console.out((expected.count > 1 ? "\(e.label ?? e.trajectory.optimizer): " : "") + report.description + "\n")
            matches = matches && report.matches
        }
        if !matches { throw ExitCode.failure }
    }
}

extension Arguments {
    /// A golden file names its own run; its step count is held to the command line's limit
    /// before the run starts.
    static func checkRerun(_ t: Trajectory, path: String) throws(CommandError) {
        _ = try steps(String(t.stop.maxSteps), option: "'\(path)': stop.max_steps")
    }
}
