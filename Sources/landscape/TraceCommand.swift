import ArgumentParser
import Foundation
import Landscapes
import Plotting
import Trajectories

/// `landscape trace`: run optimizers and write every step as CSV or JSON.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run optimizers on a surface and write every step (CSV or JSON).",
        discussion: """
            Keys you leave out of the optimizer spec are taken from the surface's suggested settings \
            for that optimizer (see 'landscape surfaces'), then from PyTorch's defaults. The JSON file \
            records the resolved spec, start, seed and stop rules, so 'landscape check' can re-run it. \
            With several --optimizer or --start values every optimizer runs from every start, and the \
            file holds every run: CSV with a first column 'run' (the run's label), JSON as \
            {"runs": [...]}, each run labelled (label= in a spec names it).

            Examples:
              $ landscape trace bowl --optimizer gd:lr=0.1 --steps 3
              step,x,y,loss,grad_x,grad_y
              0,2.5,2.5,12.5,5,5
              1,2,2,8,4,4
              2,1.6,1.6,5.120000000000001,3.2,3.2
              3,1.28,1.28,3.2768,2.56,2.56
              $ landscape trace two-well --optimizer momentum --stop-grad 1e-8 \\
                  --out golden.json
              $ landscape trace sincos --optimizer sgd:lr=0.09,momentum=0.45 --steps 200 \\
                  --seed 7
              $ landscape trace --expr '(x - 1)^2 + 3*y^2' --optimizer adam:lr=0.1 \\
                  --start=2,1 --format json --out mine.json
              $ landscape trace ravine --optimizer gd --optimizer momentum \\
                  --optimizer adam --steps 300 --out race.csv
            """
    )

    @Argument(help: "The surface spec, e.g. ravine:kappa=100.", completion: Completions.surfaces)
    var surface: String?

    @OptionGroup var expression: ExpressionOptions
    @OptionGroup var domainOption: DomainOption

    @Option(name: .long, parsing: .unconditionalSingleValue, help: "An optimizer spec, e.g. adam:lr=0.05,beta2=0.99; repeat for several.", completion: Completions.optimizers)
    var optimizer: [String] = []

    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, parsing: .unconditional, help: "csv or json; default: from the --out extension, else csv.")
    var format: String?

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The file to write; default: standard output.")
    var out: String?

    @Option(name: .customLong("grid-file"), parsing: .unconditional, help: .hidden)
    var gridFile: String?

    func run() throws {
        guard gridFile == nil else {
            throw CommandError.usage("trace runs an optimizer on a surface's gradients, and an imported grid has none: draw paths computed elsewhere over it with 'landscape render --grid-file FILE --path-file PATH'")
        }
        guard !optimizer.isEmpty else { throw CommandError.usage("trace needs an optimizer, e.g. --optimizer gd:lr=0.1") }
        let s = try expression.surface(surface, domain: domainOption.domain, hasView: false)
        let runs = try optimizer.map { text throws(CommandError) in try Arguments.run(text, for: s) }
        let starts = try runOptions.startPoints(for: s)
        let stop = StopRule(maxSteps: try runOptions.stepCount(), loss: try runOptions.stopLossValue(), gradientNorm: try runOptions.stopGradValue())
        try Arguments.checkRecordedSteps(runs: runs.count * Swift.max(1, starts.count), steps: stop.maxSteps, what: "trace")
        let fileFormat = try Arguments.dataFormat(format, out: out)
        let seed = try runOptions.seedValue()
        var traced: [(label: String, trajectory: Trajectory)] = []
        for (o, look) in runs {
            // A run with a start of its own (start= in its spec) runs from there only.
            for start in starts.isEmpty || look.start != nil ? [nil] : starts.map(Optional.some) {
                let from = look.start.map { Vector2($0[0], $0.count > 1 ? $0[1] : 0) } ?? start ?? s.defaultStart
                let path = Runner(surface: s, optimizer: o, seed: seed).run(from: from, stop: stop)
                let at = starts.count > 1 && look.start == nil ? " from " + (s.dimension == 1 ? TickFormat.number(from.x) : "(\(TickFormat.number(from.x)), \(TickFormat.number(from.y)))") : ""
                traced.append(((look.label ?? o.label) + at, path))
            }
        }
        // Labels name the runs in the file: each once.
        for k in traced.indices where traced[..<k].contains(where: { $0.label == traced[k].label }) { traced[k].label += " (\(k + 1))" }
        if traced.count == 1 {
            try emit(fileFormat == "json" ? TrajectoryFile.json(traced[0].trajectory) : TrajectoryFile.csv(traced[0].trajectory), to: out)
        } else {
            try emit(fileFormat == "json" ? TrajectoryFile.json(runs: traced) : TrajectoryFile.csv(runs: traced), to: out)
        }
        if out != nil && out != "-" {
            for (label, path) in traced { try Console.line("\(label): \(TrajectorySummary(path, on: s).description)") }
        }
    }
}

extension Arguments {
    /// A whole number within `range`, typed as digits (`400`) or in exponent form (`1e6`).
    ///
    /// A number beyond the range is named with `cost`, what it would need: `--steps 1e9:
    /// expected a whole number from 0 to 10000000 (a run of 10⁹ recorded steps would need about 100 GB)`.
    static func wholeNumber(_ text: String, option: String, in range: ClosedRange<Int>,
                            cost: ((Double) -> String)? = nil) throws(CommandError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expected = "expected a whole number from \(range.lowerBound) to \(range.upperBound)"
        let value: Double
        if let n = Int(trimmed) {
            if range.contains(n) { return n }
            value = Double(n)
        } else {
            guard let v = Double(trimmed), v.isFinite, v == v.rounded() else { throw .usage("\(option) '\(text)': \(expected)") }
            if abs(v) < 9e15, range.contains(Int(v)) { return Int(v) }
            value = v
        }
        let extra = value > Double(range.upperBound) ? cost.map { " (\($0(value)))" } ?? "" : ""
        throw .usage("\(option) '\(text)': \(expected)\(extra)")
    }

    static func finite(_ text: String, option: String) throws(CommandError) -> Double {
        guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            throw .usage("\(option) '\(text)': expected a finite number")
        }
        return v
    }

    static func positive(_ text: String, option: String) throws(CommandError) -> Double {
        let v = try finite(text, option: option)
        guard v > 0 else { throw .usage("\(option) '\(text)': expected a number > 0") }
        return v
    }

    static func nonNegative(_ text: String, option: String) throws(CommandError) -> Double {
        let v = try finite(text, option: option)
        guard v >= 0 else { throw .usage("\(option) '\(text)': expected a number ≥ 0") }
        return v
    }

    /// The steps of one run, at most `Limits/steps`.
    static func steps(_ text: String, option: String = "--steps") throws(CommandError) -> Int {
        try wholeNumber(text, option: option, in: 0...Limits.steps, cost: runCost)
    }

    /// What a run of `n` recorded steps would need, for messages.
    static func runCost(_ n: Double) -> String {
        "a run of \(Limits.describeCount(n)) recorded steps would need about \(recordedBytes(n))"
    }

    /// The memory `n` recorded steps take, as text; clamped so that no count overflows.
    static func recordedBytes(_ n: Double) -> String {
        Limits.describeBytes(Int(min(n, 1e15)) * Limits.bytesPerRecordedStep)
    }

    /// Checks the steps a figure or command will record over all its runs.
    static func checkRecordedSteps(runs: Int, steps: Int, what: String) throws(CommandError) {
        let total = Double(runs) * Double(steps)
        guard total <= Double(Limits.recordedSteps) else {
            throw .usage("\(what): \(runs) runs × \(steps) steps = \(Limits.describeCount(total)) recorded steps, over the limit of \(Limits.describeCount(Double(Limits.recordedSteps))) (they would need about \(recordedBytes(total)))")
        }
    }

    /// `--grid N`: 2 to 4000, with the memory a larger grid would need.
    static func grid(_ text: String, option: String = "--grid") throws(CommandError) -> Int {
        try wholeNumber(text, option: option, in: 2...4000) { n in
            "a \(Limits.describeCount(n))×\(Limits.describeCount(n)) grid would need about \(Limits.describeBytes(Int(min(n * n * 48, 1e18))))"
        }
    }

    /// `csv` or `json`, from --format, else the --out extension, else csv.
    static func dataFormat(_ format: String?, out: String?) throws(CommandError) -> String {
        let known = ["csv", "json"]
        if let format {
            guard known.contains(format) else {
                throw .usage("unknown format '\(format)'" + (closestMatch(to: format, in: known).map { "; did you mean '\($0)'?" } ?? "; expected csv or json"))
            }
            return format
        }
        if let out, out.lowercased().hasSuffix(".json") { return "json" }
        return "csv"
    }
}
