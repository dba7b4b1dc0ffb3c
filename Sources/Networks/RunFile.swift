import Landscapes
import Trajectories

/// Everything `landscape net train` made, and all that a figure needs: the data, the model, the
/// initial parameters, the options, and every run's recorded points. The run file is its JSON.
///
/// Layout (stable; other tools read it):
///
///     { "version": 1,
///       "data": { "source": "spirals:…", "kind": "classification" | "regression",
///                 "x": [[x₁, x₂], …], "y": [label or value, …] },
///       "model": { "widths": [2, 16, 16, 2], "activation": "tanh", "loss": "cross-entropy" | "mse" },
///       "initial": [θ₀ …], "init_seed": 0,
///       "options": { "epochs": 300, "batch": null, "record_every": 1, "seed": 0 },
///       "runs": [ { "optimizer": "adam:lr=0.01", "batch": null, "seed": 0, "outcome": "max-steps",
///                   "records": [ { "step": 0, "loss": …, "accuracy": …, "parameters": [θ …],
///                                  "lambda_max": …, "lambda_min": … }, … ] } ] }
///
/// `lambda_max` (and `lambda_min`), the full-batch Hessian's extreme eigenvalues at the record
/// (``Curvature``), are there when the run was trained with `--curvature max` (`--curvature both`).
///
/// Parameters are flat, in PyTorch's order (see ``MLP``).
public struct NetworkSession: Sendable, Equatable {
    public var data: Dataset
    public var model: MLP
    public var initial: [Double]
    public var initSeed: UInt64
    public var options: TrainingOptions
    public var runs: [NetworkRun]

    public init(data: Dataset, model: MLP, initial: [Double], initSeed: UInt64, options: TrainingOptions, runs: [NetworkRun]) {
        self.data = data
        self.model = model
        self.initial = initial
        self.initSeed = initSeed
        self.options = options
        self.runs = runs
    }

    public static let version = 1

    /// The run file's JSON text.
    public func json() -> String {
        func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .number($0) }) }
        let x: JSONValue = .array((0..<data.count).map { i in numbers(Array(data.row(i))) })
        let y: JSONValue = data.kind == .classification ? .array(data.labels.map { .number(Double($0)) }) : numbers(data.targets)
        let runs: [JSONValue] = self.runs.map { run in
            .object((run.label.map { [("label", JSONValue.string($0))] } ?? []) + [
                ("optimizer", .string(run.optimizer)),
                ("batch", run.batch.map { .number(Double($0)) } ?? .null),
                ("seed", .number(Double(run.seed))),
                ("outcome", .string(run.outcome.rawValue)),
                ("records", .array(run.records.map { r in
                    .object([("step", .number(Double(r.step))), ("loss", .number(r.loss)),
                             ("accuracy", r.accuracy.map { .number($0) } ?? .null), ("parameters", numbers(r.parameters))]
                            + (r.curvature.map { c in [("lambda_max", .number(c.largest))] + (c.smallest.map { [("lambda_min", .number($0))] } ?? []) } ?? []))
                })),
            ])
        }
        let document: JSONValue = .object([
            ("version", .number(Double(Self.version))),
            ("data", .object([("source", .string(data.source)), ("kind", .string(data.kind.rawValue)), ("x", x), ("y", y)])),
            ("model", .object([("widths", .array(model.widths.map { .number(Double($0)) })),
                               ("activation", .string(model.activation.rawValue)), ("loss", .string(model.loss.rawValue))])),
            ("initial", numbers(initial)),
            ("init_seed", .number(Double(initSeed))),
            ("options", .object([("epochs", .number(Double(options.epochs))), ("batch", options.batch.map { .number(Double($0)) } ?? .null),
                                 ("record_every", .number(Double(options.recordEvery))), ("seed", .number(Double(options.seed)))])),
            ("runs", .array(runs)),
        ])
        return document.compactText() + "\n"
    }

    /// Reads a run file's text; every value is checked, and errors say where.
    public init(json text: String, source: String) throws(RunFileError) {
        func fail(_ message: String) -> RunFileError { RunFileError(source: source, message: message) }
        let root: JSONValue
        do { root = try JSONValue(parsing: text) } catch { throw fail("not JSON (\(error.description))") }
        guard root["version"]?.number == Double(Self.version) else {
            throw fail("not a run file of version \(Self.version) ('version' is \(root["version"].map { $0.excerptText } ?? "missing"))")
        }
        func number(_ v: JSONValue?, _ key: String) throws(RunFileError) -> Double {
            guard let n = v?.number, n.isFinite else { throw fail("'\(key)' must be a finite number") }
            return n
        }
        func count(_ v: JSONValue?, _ key: String, max: Double = 1e9) throws(RunFileError) -> Int {
            let n = try number(v, key)
            guard n >= 0, n == n.rounded(), n <= max else { throw fail("'\(key)' must be a whole number from 0 to \(Int(max))") }
            return Int(n)
        }
        func vector(_ v: JSONValue?, _ key: String, finite: Bool = true) throws(RunFileError) -> [Double] {
            guard let a = v?.array else { throw fail("'\(key)' must be a list of numbers") }
            var out: [Double] = []
            out.reserveCapacity(a.count)
            for (k, e) in a.enumerated() {
                if !finite && e == .null { out.append(.nan); continue }   // JSON has no NaN or ∞
                guard let n = e.number, !finite || n.isFinite else { throw fail("'\(key)[\(k)]' must be a finite number") }
                out.append(n)
            }
            return out
        }
        // Model.
        guard let m = root["model"] else { throw fail("'model' is missing") }
        guard let widthValues = m["widths"]?.array, widthValues.count >= 2 else { throw fail("'model.widths' must list at least inputs and outputs") }
        var widths: [Int] = []
        for k in widthValues.indices { widths.append(try count(widthValues[k], "model.widths[\(k)]", max: Double(MLP.maxWidth))) }
        guard widths.allSatisfy({ $0 >= 1 }) else { throw fail("'model.widths' must all be ≥ 1") }
        guard let activation = Activation(rawValue: m["activation"]?.string ?? "") else {
            throw fail("'model.activation' must be one of " + Activation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let loss = LossFunction(rawValue: m["loss"]?.string ?? "") else { throw fail("'model.loss' must be cross-entropy or mse") }
        let model = MLP(widths: widths, activation: activation, loss: loss)
        guard model.parameterCount <= MLP.maxParameters else { throw fail("the model has more than \(MLP.maxParameters) parameters") }
        // Data.
        guard let d = root["data"], let rows = d["x"]?.array, !rows.isEmpty else { throw fail("'data.x' must be a list of input rows") }
        var inputs: [Double] = []
        for (i, row) in rows.enumerated() {
            let r = try vector(row, "data.x[\(i)]")
            guard r.count == widths[0] else { throw fail("'data.x[\(i)]' has \(r.count) values; the model takes \(widths[0])") }
            inputs += r
        }
        let y = try vector(d["y"], "data.y")
        guard y.count == rows.count else { throw fail("'data.y' has \(y.count) values for \(rows.count) rows") }
        let dataSource = d["source"]?.string ?? source
        let data: Dataset
        let kind = d["kind"]?.string.flatMap(Dataset.Kind.init(rawValue:)) ?? (loss == .crossEntropy ? .classification : .regression)
        if kind == .classification {
            guard y.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < Double(widths.last ?? 0) }) else {
                throw fail("'data.y' must hold class labels from 0 to \((widths.last ?? 1) - 1)")
            }
            data = Dataset(inputs: inputs, featureCount: widths[0], labels: y.map { Int($0) }, source: dataSource)
        } else {
            guard loss == .meanSquaredError else { throw fail("'model.loss' must be mse for regression") }
            guard widths.last == 1 else { throw fail("'model.widths' must end in 1 for regression") }
            data = Dataset(inputs: inputs, featureCount: widths[0], targets: y, source: dataSource)
        }
        let initial = try vector(root["initial"], "initial")
        guard initial.count == model.parameterCount else { throw fail("'initial' has \(initial.count) values; the model has \(model.parameterCount)") }
        guard let o = root["options"] else { throw fail("'options' is missing") }
        let epochs = try count(o["epochs"], "options.epochs")
        let every = try count(o["record_every"], "options.record_every")
        guard epochs >= 1, every >= 1 else { throw fail("'options.epochs' and 'options.record_every' must be ≥ 1") }
        let batch: Int? = o["batch"] == nil || o["batch"] == .null ? nil : try count(o["batch"], "options.batch")
        let options = TrainingOptions(epochs: epochs, batch: batch, recordEvery: every, seed: UInt64(try count(o["seed"], "options.seed", max: 9.007199254740992e15)))
        var runs: [NetworkRun] = []
        guard let runValues = root["runs"]?.array else { throw fail("'runs' must be a list") }
        for (k, r) in runValues.enumerated() {
            guard let spec = r["optimizer"]?.string else { throw fail("'runs[\(k)].optimizer' must be a spec") }
            guard let outcome = Outcome(rawValue: r["outcome"]?.string ?? "") else { throw fail("'runs[\(k)].outcome' must be converged, max-steps or diverged") }
            guard let recordValues = r["records"]?.array, !recordValues.isEmpty else { throw fail("'runs[\(k)].records' must be a non-empty list") }
            var records: [NetworkRun.Record] = []
            for (j, e) in recordValues.enumerated() {
                let key = "runs[\(k)].records[\(j)]"
                let p = try vector(e["parameters"], key + ".parameters", finite: outcome != .diverged)
                guard p.count == model.parameterCount else { throw fail("'\(key).parameters' has \(p.count) values; the model has \(model.parameterCount)") }
                guard let lossValue = e["loss"]?.number ?? (e["loss"] == .null ? Double.nan : nil) else { throw fail("'\(key).loss' must be a number") }
                var curvature: Curvature?
                if e["lambda_max"] != nil || e["lambda_min"] != nil {
                    let smallest = e["lambda_min"] == nil ? nil : try number(e["lambda_min"], key + ".lambda_min")
                    curvature = Curvature(largest: try number(e["lambda_max"], key + ".lambda_max"), smallest: smallest)
                }
                records.append(.init(step: try count(e["step"], key + ".step"), loss: lossValue, accuracy: e["accuracy"]?.number, parameters: p,
                                     curvature: curvature))
            }
            let runBatch: Int? = r["batch"] == nil || r["batch"] == .null ? nil : try count(r["batch"], "runs[\(k)].batch")
            var run = NetworkRun(optimizer: spec, batch: runBatch, seed: UInt64(try count(r["seed"], "runs[\(k)].seed", max: 9.007199254740992e15)),
                                 records: records, outcome: outcome)
            run.label = r["label"]?.string
            runs.append(run)
        }
        self.init(data: data, model: model, initial: initial, initSeed: UInt64(try count(root["init_seed"], "init_seed", max: 9.007199254740992e15)),
                  options: options, runs: runs)
    }
}

/// A run file that cannot be used.
public struct RunFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}
