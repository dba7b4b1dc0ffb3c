import ArgumentParser
import Foundation
import Landscapes
import Trajectories

/// `landscape trace`: run one optimizer and write every step as CSV or JSON.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run an optimizer on a surface and write every step (CSV or JSON).",
        discussion: """
            Keys you leave out of the optimizer spec are taken from the surface's suggested settings \
            for that optimizer (see 'landscape surfaces'), then from PyTorch's defaults. The JSON file \
            records the resolved spec, start, seed and stop rules, so 'landscape check' can re-run it.

            Examples:
              $ landscape trace bowl --optimizer gd:lr=0.1 --steps 3
              step,x,y,loss,grad_x,grad_y
              0,2.5,2.5,12.5,5,5
              1,2,2,8,4,4
              2,1.6,1.6,5.120000000000001,3.2,3.2
              3,1.28,1.28,3.2768,2.56,2.56
              $ landscape trace two-well --optimizer momentum --stop-grad 1e-8 --out golden.json
              $ landscape trace sincos --optimizer sgd:lr=0.09,momentum=0.45 --steps 200 --seed 7
              $ landscape trace --expr '(x - 1)^2 + 3*y^2' --optimizer adam:lr=0.1 --start=2,1 --format json --out mine.json
            """
    )

    @Argument(help: "The surface spec, e.g. ravine:kappa=100.")
    var surface: String?

    @OptionGroup var expression: ExpressionOptions
    @OptionGroup var domainOption: DomainOption

    @Option(name: .long, help: "The optimizer spec, e.g. adam:lr=0.05,beta2=0.99.")
    var optimizer: String

    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, help: "csv or json; default: from the --out extension, else csv.")
    var format: String?

    @Option(name: .long, help: "The file to write; default: standard output.")
    var out: String?

    func run() throws {
        let s = try expression.surface(surface, domain: domainOption.domain)
        let o = try Arguments.optimizer(optimizer, for: s)
        let startPoint = try runOptions.startPoint(for: s) ?? s.defaultStart
        let stop = StopRule(maxSteps: try runOptions.stepCount(), loss: try runOptions.stopLossValue(), gradientNorm: try runOptions.stopGradValue())
        let fileFormat = try Arguments.dataFormat(format, out: out)
        let path = Runner(surface: s, optimizer: o, seed: try runOptions.seedValue()).run(from: startPoint, stop: stop)
        try emit(fileFormat == "json" ? TrajectoryFile.json(path) : TrajectoryFile.csv(path), to: out)
        if out != nil {
            FileHandle.standardError.write(Data("\(o.label): \(TrajectorySummary(path, on: s).description)\n".utf8))
        }
    }
}

extension Arguments {
    /// A whole number ≥ 0.
    static func count(_ text: String, option: String) throws(CommandError) -> Int {
        guard let v = Int(text.trimmingCharacters(in: .whitespaces)), v >= 0 else {
            throw .usage("\(option) '\(text)': expected a whole number ≥ 0")
        }
        return v
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
