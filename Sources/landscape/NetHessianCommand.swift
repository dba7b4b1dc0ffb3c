import ArgumentParser
import Foundation
import Landscapes
import Networks
import Trajectories

/// `landscape net hessian`: the curvature of a trained network at a run's end.
struct NetHessianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "Print the Hessian's extreme eigenvalues and trace at the end of a run.",
        discussion: """
            The Hessian of the training loss over all the data, at a run's last recorded \
            parameters, from exact Hessian-vector products (Pearlmutter's R-operator): the \
            largest and the most negative eigenvalues by Lanczos with full \
            reorthogonalization, the trace by Hutchinson's estimator with its standard error, \
            and the spectral density by stochastic Lanczos quadrature. --layer takes one \
            layer's block (its weights and bias).

            Examples:
              $ landscape net train --data spirals:n=300,noise=0.2 --optimizer gd:lr=0.5 \\
                  --optimizer adam:lr=0.01 --epochs 100 --out run.json
              $ landscape net hessian run.json --top 3 --bottom 3 --trace
              $ landscape net hessian run.json --run 0 --layer 1 --density --json
            """
    )

    @Argument(help: "The run file written by 'landscape net train'.", completion: Completions.runFiles)
    var runFile: String

    @Option(name: .customLong("run"), parsing: .unconditional, help: "The run (0, 1, …); default: the last.")
    var runNumber: String?

    @Option(name: .long, parsing: .unconditional, help: "How many of the largest eigenvalues (default 5).")
    var top: String = "5"

    @Option(name: .long, parsing: .unconditional, help: "How many of the smallest (most negative) eigenvalues (default 0).")
    var bottom: String = "0"

    @Flag(name: .long, help: "Also estimate the trace (Hutchinson, with its standard error).")
    var trace = false

    @Option(name: .long, parsing: .unconditional, help: "Rademacher samples for --trace (default 100).")
    var samples: String = "100"

    @Flag(name: .long, help: "Also estimate the spectral density (stochastic Lanczos quadrature): its moments, and its nodes and weights with --json.")
    var density = false

    @Option(name: .long, parsing: .unconditional, help: "Probe vectors for --density (default 10).")
    var probes: String = "10"

    @Option(name: .long, parsing: .unconditional, help: "Lanczos steps per probe for --density (default 80, at most the parameter count).")
    var steps: String = "80"

    @Option(name: .long, parsing: .unconditional, help: "One layer's block: 0 for the first layer's weights and bias, 1 for the next, …")
    var layer: String?

    @Option(name: .long, parsing: .unconditional, help: "Seed of the Lanczos start vector and of the trace's samples.")
    var seed: String = "0"

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    /// The Lanczos basis is held whole: at most this many doubles (1 GiB).
    static let maxBasisValues = 1 << 27
    /// At most this many arithmetic operations: about a minute on one core.
    static let maxOperations = 1e11

    func run() throws {
        let session = try NetFigureOptions.session(runFile)
        guard !session.runs.isEmpty else { throw CommandError.usage("'\(runFile)' holds no runs") }
        let model = session.model
        let index = try runNumber.map { r throws(CommandError) in try Arguments.wholeNumber(r, option: "--run", in: 0...(session.runs.count - 1)) }
            ?? session.runs.count - 1
        let run = session.runs[index]
        guard let end = run.records.last else { throw CommandError.usage("run \(index) of '\(runFile)' has no recorded parameters") }
        guard end.parameters.allSatisfy(\.isFinite) else {
            throw CommandError.usage("run \(index) (\(run.label ?? run.optimizer)) diverged: its last parameters are not finite, so they have no Hessian")
        }
        var block: Range<Int>?, layerIndex: Int?
        if let layer {
            let l = try Arguments.wholeNumber(layer, option: "--layer", in: 0...1_000_000)
            layerIndex = l
            guard l < model.layerCount else {
                throw CommandError.usage("--layer \(l): the model has \(model.layerCount) layers (0 to \(model.layerCount - 1))")
            }
            block = model.layer(l).weights.lowerBound..<model.layer(l).bias.upperBound
        }
        let n = block?.count ?? model.parameterCount
        let top = try Arguments.wholeNumber(self.top, option: "--top", in: 0...1_000_000_000)
        let bottom = try Arguments.wholeNumber(self.bottom, option: "--bottom", in: 0...1_000_000_000)
        for (count, option) in [(top, "--top"), (bottom, "--bottom")] where count > n {
            throw CommandError.usage("\(option) \(count): the \(block == nil ? "Hessian" : "layer's block") has \(n) eigenvalues")
        }
        guard top + bottom > 0 || trace || density else {
            throw CommandError.usage("nothing to compute: give --top or --bottom above 0, --trace or --density")
        }
        let probes = try Arguments.wholeNumber(self.probes, option: "--probes", in: 1...10_000)
        let steps = Swift.min(n, try Arguments.wholeNumber(self.steps, option: "--steps", in: 1...1000))
        let samples = try Arguments.wholeNumber(self.samples, option: "--samples", in: 2...100_000)
        let seed = UInt64(try Arguments.wholeNumber(self.seed, option: "--seed", in: 0...Int(Int32.max)))
        // Lanczos converges on a few extreme eigenvalues in far fewer products than n; it is
        // exact at n, which small networks reach.
        let iterations = Swift.min(n, 1000, Swift.max(200, 40 * (top + bottom)))
        guard Double(iterations) * Double(n) <= Double(Self.maxBasisValues) else {
            throw CommandError.usage("the Lanczos basis of \(n) parameters would need \(Limits.describeBytes(iterations * n * 8)); take a layer's block with --layer")
        }

        // Each product is a forward and backward pass and their R-versions over every sample:
        // about 8 operations per parameter and sample. The work is bounded before it starts.
        let products = Double(top + bottom > 0 ? iterations : 0) + Double(trace ? samples : 0) + Double(density ? probes * steps : 0)
        let operations = products * 8 * Double(model.parameterCount) * Double(session.data.count)
        guard operations <= Self.maxOperations else {
            throw CommandError.usage("that is \(Int(products)) Hessian-vector products over \(session.data.count) samples and \(model.parameterCount) parameters (about \(Limits.describeCount(operations)) operations, more than \(Limits.describeCount(Self.maxOperations))): lower --samples, --probes or --steps")
        }
        var hessian = NetworkHessian(model: model, data: session.data, theta: end.parameters, block: block)
        let result = top + bottom > 0 ? Lanczos.extremeEigenpairs(of: &hessian, largest: top, smallest: bottom, seed: seed, maxIterations: iterations) : nil
        let estimate = trace ? Lanczos.trace(of: &hessian, samples: samples, seed: seed) : nil
        let spectrum = density ? Lanczos.spectralDensity(of: &hessian, probes: probes, steps: steps, seed: seed) : nil
        let f = Arguments.format
        let name = run.label ?? (try? OptimizerConfiguration(spec: run.optimizer))?.label ?? run.optimizer
        if json {
            var fields: [(String, JSONValue)] = [
                ("file", .string(runFile)), ("run", .number(Double(index))), ("optimizer", .string(run.optimizer)), ("label", .string(name)),
                ("outcome", .string(run.outcome.rawValue)), ("step", .number(Double(end.step))), ("loss", .number(end.loss)),
                ("layer", layerIndex.map { .number(Double($0)) } ?? .null),
                ("parameters", .number(Double(n))), ("samples_of_data", .number(Double(session.data.count))),
            ]
            if let result {
                fields.append(("largest", .array(result.largest.map { .number($0.value) })))
                fields.append(("smallest", .array(result.smallest.map { .number($0.value) })))
                fields.append(("products", .number(Double(result.iterations))))
            }
            if let estimate {
                fields.append(("trace", .object([("value", .number(estimate.value)), ("standard_error", .number(estimate.standardError)),
                                                 ("samples", .number(Double(samples)))])))
            }
            if let spectrum {
                let moments: [JSONValue] = (1...4).map { p in
                    let (value, error) = spectrum.moment(p)
                    return .object([("power", .number(Double(p))), ("value", .number(value)), ("standard_error", .number(error))])
                }
                fields.append(("density", .object([
                    ("probes", .number(Double(probes))), ("steps", .number(Double(steps))), ("moments", .array(moments)),
                    ("nodes", .array(spectrum.nodes.map { .array($0.map { .number($0) }) })),
                    ("weights", .array(spectrum.weights.map { .array($0.map { .number($0) }) })),
                ])))
            }
            try Console.out(JSONValue.object(fields).text())
            return
        }
        var text = "Hessian at the end of run \(index) (\(name), \(run.outcome.rawValue)), step \(end.step), loss \(f(end.loss)): "
        text += (layerIndex.map { "layer \($0)'s block, " } ?? "") + "\(n) parameters, \(session.data.count) samples\n"
        if let result {
            if !result.largest.isEmpty { text += "largest   " + result.largest.map { f($0.value) }.joined(separator: "  ") + "\n" }
            if !result.smallest.isEmpty { text += "smallest  " + result.smallest.map { f($0.value) }.joined(separator: "  ") + "\n" }
            text += "(Lanczos, \(result.iterations) Hessian-vector products)\n"
        }
        if let estimate {
            text += "trace     \(f(estimate.value)) ± \(f(estimate.standardError)) (Hutchinson, \(samples) samples; ± one standard error)\n"
        }
        if let spectrum {
            let mean = spectrum.moment(1), square = spectrum.moment(2)
            text += "density   mean λ \(f(mean.value)) ± \(f(mean.standardError)), mean λ² \(f(square.value)) ± \(f(square.standardError)) "
            text += "(stochastic Lanczos quadrature, \(probes) probes × \(steps) steps; --json for its nodes and weights)\n"
        }
        try Console.out(text)
    }
}
