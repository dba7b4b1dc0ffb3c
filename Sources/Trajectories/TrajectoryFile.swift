import Landscapes

/// Trajectory files: CSV for spreadsheets and plotting, JSON with everything needed to re-run the
/// trajectory (the path data that `landscape check` compares against).
///
/// CSV: a header `step,x,y,loss,grad_x,grad_y` (curves: `step,x,loss,grad_x`) and the optimizer's
/// state columns, then one row per step, step 0 first. JSON:
///
/// ```json
/// {
///   "surface": "bowl", "optimizer": "gd:lr=0.1", "start": [2.5, 2.5], "seed": 0,
///   "stop": {"max_steps": 100, "loss": null, "grad": 1e-06, "bound": 1000000000000},
///   "outcome": "converged", "steps": 57, "state_names": [],
///   "points": [{"step": 0, "x": 2.5, "y": 2.5, "loss": 12.5, "grad": [5, 5]}, …],
///   "version": 1
/// }
/// ```
/// Numbers are in Swift's shortest round-trip form, so reading a file back gives the same doubles
/// bit for bit; non-finite values are written as the strings "nan", "inf" and "-inf".
public enum TrajectoryFile {
    public static let version = 1

    // MARK: CSV

    public static func csv(_ t: Trajectory) -> String {
        let stateColumns = t.stateNames.indices.filter { t.dimension == 2 || !t.stateNames[$0].hasSuffix("_y") }
        var header = t.dimension == 1 ? ["step", "x", "loss", "grad_x"] : ["step", "x", "y", "loss", "grad_x", "grad_y"]
        header += stateColumns.map { t.stateNames[$0] }
        var out = header.joined(separator: ",") + "\n"
        out.reserveCapacity(out.utf8.count + t.positions.count * 80)
        let width = t.stateNames.count
        for k in t.positions.indices {
            let p = t.positions[k], g = t.gradients[k]
            var fields = [String(k), number(p.x)]
            if t.dimension == 2 { fields.append(number(p.y)) }
            fields.append(number(t.losses[k]))
            fields.append(number(g.x))
            if t.dimension == 2 { fields.append(number(g.y)) }
            for c in stateColumns { fields.append(number(t.state[k * width + c])) }
            out += fields.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Shortest round-trip text; integral values without ".0"; `nan`, `inf`, `-inf`.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return v.shortDescription
    }

    // MARK: JSON

    static func json(_ v: Double) -> JSONValue { v.isFinite ? .number(v) : .string(number(v)) }

    /// A trajectory's JSON file; a run of an optimizer value carries its `label` first.
    public static func json(_ t: Trajectory) -> String { json(t, label: t.label) }

    /// Several runs in one CSV file: a first column `run` with each run's label, then the
    /// columns of ``csv(_:)``; the state columns are every run's, in order of appearance, empty
    /// where a run has no such state.
    public static func csv(runs: [(label: String, trajectory: Trajectory)]) -> String {
        let dimension = runs.map(\.trajectory.dimension).max() ?? 2
        var names: [String] = []
        for (_, t) in runs {
            for n in t.stateNames where !names.contains(n) && (dimension == 2 || !n.hasSuffix("_y")) { names.append(n) }
        }
        var header = dimension == 1 ? ["run", "step", "x", "loss", "grad_x"] : ["run", "step", "x", "y", "loss", "grad_x", "grad_y"]
        header += names
        var out = header.joined(separator: ",") + "\n"
        for (label, t) in runs {
            let run = csvField(label), width = t.stateNames.count
            let columns = names.map { t.stateNames.firstIndex(of: $0) }
            for k in t.positions.indices {
                let p = t.positions[k], g = t.gradients[k]
                var fields = [run, String(k), number(p.x)]
                if dimension == 2 { fields.append(number(p.y)) }
                fields.append(number(t.losses[k]))
                fields.append(number(g.x))
                if dimension == 2 { fields.append(number(g.y)) }
                for c in columns { fields.append(c.map { number(t.state[k * width + $0]) } ?? "") }
                out += fields.joined(separator: ",")
                out += "\n"
            }
        }
        return out
    }

    /// A CSV field as RFC 4180 writes it: in double quotes (doubled inside) when it holds a
    /// comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }

    /// Several runs in one JSON file: `{"runs": [RUN, …], "version": 1}`, each run an object of
    /// ``json(_:)-(Trajectory)`` with its legend label first. ``read(runs:)`` reads it back.
    public static func json(runs: [(label: String, trajectory: Trajectory)]) -> String {
        var out = "{\n  \"runs\": [\n"
        for (k, run) in runs.enumerated() {
            let text = json(run.trajectory, label: run.label)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            out += lines.map { "    " + $0 }.joined(separator: "\n") + (k == runs.count - 1 ? "\n" : ",\n")
        }
        out += "  ],\n  \"version\": \(version)\n}\n"
        return out
    }

    static func stopJSON(_ stop: StopRule) -> JSONValue {
        .object([
            ("max_steps", .number(Double(stop.maxSteps))),
            ("loss", stop.loss.map(json) ?? .null),
            ("grad", stop.gradientNorm.map(json) ?? .null),
            ("bound", json(stop.divergenceBound)),
        ])
    }

    static func readStop(_ stopValue: JSONValue?) throws(TrajectoryFileError) -> StopRule {
        guard let stopValue, let maxStepsValue = stopValue["max_steps"] else { throw .missing("stop.max_steps") }
        // Whole numbers up to 2⁵³, where every whole number is a double.
        guard let maxSteps = maxStepsValue.number.flatMap({ Int(exactly: $0) }), (0...(1 << 53)).contains(maxSteps) else {
            throw .malformed("stop.max_steps \(maxStepsValue.excerptText) is not a whole number ≥ 0")
        }
        let bound = try stopValue["bound"].map { v throws(TrajectoryFileError) in try number(v, "stop.bound") } ?? 1e12
        return StopRule(
            maxSteps: maxSteps,
            loss: try optionalNumber(stopValue["loss"], "stop.loss"),
            gradientNorm: try optionalNumber(stopValue["grad"], "stop.grad"),
            divergenceBound: bound)
    }

    static func json(_ t: Trajectory, label: String?) -> String {
        let stop = stopJSON(t.stop)
        let header: [(String, JSONValue)] = (label.map { [("label", JSONValue.string($0))] } ?? []) + [
            ("surface", .string(t.surface)),
            ("optimizer", .string(t.optimizer)),
            ("start", t.dimension == 1 ? [json(t.start.x)] : [json(t.start.x), json(t.start.y)]),
            ("seed", .number(Double(t.seed))),
            ("stop", stop),
            ("outcome", .string(t.outcome.rawValue)),
            ("steps", .number(Double(t.stepCount))),
            ("state_names", .array(t.stateNames.map { .string($0) })),
        ]
        let width = t.stateNames.count
        return document(header: header, points: t.positions.count) { k in
            let p = t.positions[k], g = t.gradients[k]
            var fields: [(String, JSONValue)] = [("step", .number(Double(k))), ("x", json(p.x))]
            if t.dimension == 2 { fields.append(("y", json(p.y))) }
            fields.append(("loss", json(t.losses[k])))
            fields.append(("grad", t.dimension == 1 ? [json(g.x)] : [json(g.x), json(g.y)]))
            if width > 0 { fields.append(("state", .array((0..<width).map { json(t.state[k * width + $0]) }))) }
            return fields
        }
    }

    /// A run's JSON document: the header's keys one a line, then `points`, one object a line, and
    /// the version.
    static func document(header: [(String, JSONValue)], points count: Int, point: (Int) -> [(String, JSONValue)]) -> String {
        var out = "{\n"
        for (key, value) in header {
            out += "  " + JSONValue.string(key).compactText() + ": " + value.compactText().replacingCommas() + ",\n"
        }
        out += "  \"points\": [\n"
        for k in 0..<count {
            out += "    " + JSONValue.object(point(k)).compactText().replacingCommas() + (k == count - 1 ? "\n" : ",\n")
        }
        out += "  ],\n  \"version\": \(version)\n}\n"
        return out
    }

    /// Reads a trajectory from its JSON file text.
    public static func read(json text: String) throws(TrajectoryFileError) -> Trajectory {
        let root: JSONValue
        do { root = try JSONValue(parsing: text) } catch { throw .malformed(error.description) }
        if let runs = root["runs"]?.array {
            throw .malformed("it holds \(runs.count) runs, and one is needed here (TrajectoryFile.read(runs:) reads them all)")
        }
        return try read(root)
    }

    /// Reads the runs of a JSON file: those of a file of several runs (``json(runs:)``), with their
    /// labels, or the one run of a trajectory file (label nil).
    public static func read(runs text: String) throws(TrajectoryFileError) -> [(label: String?, trajectory: Trajectory)] {
        let root: JSONValue
        do { root = try JSONValue(parsing: text) } catch { throw .malformed(error.description) }
        guard let runs = root["runs"] else { return [(root["label"]?.string, try read(root))] }
        guard let version = root["version"]?.number else { throw .missing("version") }
        guard version == Double(Self.version) else { throw .malformed("version \(version.shortDescription) is not supported (expected \(Self.version))") }
        guard let list = runs.array, !list.isEmpty else { throw .malformed("'runs' is not a list of runs") }
        var out: [(label: String?, trajectory: Trajectory)] = []
        for (k, run) in list.enumerated() {
            do { out.append((run["label"]?.string, try read(run))) } catch {
                switch error {
                case let .malformed(why): throw .malformed("runs[\(k)]: \(why)")
                case let .missing(field): throw .missing("runs[\(k)].\(field)")
                }
            }
        }
        return out
    }

    static func read(_ root: JSONValue) throws(TrajectoryFileError) -> Trajectory {
        guard case .object = root else { throw .malformed("the top level is not an object") }
        guard let version = root["version"]?.number else { throw .missing("version") }
        guard version == Double(Self.version) else { throw .malformed("version \(version.shortDescription) is not supported (expected \(Self.version))") }
        guard let surface = root["surface"]?.string else { throw .missing("surface") }
        guard let optimizer = root["optimizer"]?.string else { throw .missing("optimizer") }
        guard let outcomeText = root["outcome"]?.string else { throw .missing("outcome") }
        guard let outcome = Outcome(rawValue: outcomeText) else { throw .malformed("unknown outcome \(excerpt(outcomeText))") }
        guard let seedValue = root["seed"] else { throw .missing("seed") }
        guard let seed = seedValue.number.flatMap({ UInt64(exactly: $0) }) else {
            throw .malformed("seed \(seedValue.excerptText) is not a whole number from 0 to 2⁶⁴ − 1")
        }
        let stop = try readStop(root["stop"])
        let maxSteps = stop.maxSteps
        let stateNames = (root["state_names"]?.array ?? []).compactMap(\.string)
        guard let points = root["points"]?.array, !points.isEmpty else { throw .missing("points") }
        let dimension = points[0]["y"] == nil ? 1 : 2
        guard points.count <= maxSteps + 1 else {
            throw .malformed("\(points.count) points, but stop.max_steps \(maxSteps) allows at most \(maxSteps + 1)")
        }
        guard let startValue = root["start"] else { throw .missing("start") }
        guard let start = startValue.array, start.count == dimension,
              let sx = start[0].number, let sy = dimension == 2 ? start[1].number : 0, sx.isFinite, sy.isFinite else {
            throw .malformed("start \(startValue.excerptText) is not a list of \(dimension == 1 ? "one finite number" : "two finite numbers")")
        }
        var t = Trajectory(surface: surface, optimizer: optimizer, dimension: dimension, seed: seed, stop: stop, stateNames: stateNames)
        t.label = root["label"]?.string
        t.outcome = outcome
        for (k, point) in points.enumerated() {
            guard point["step"]?.number == Double(k) else { throw .malformed("point \(k) has step \(point["step"].map { $0.excerptText } ?? "missing")") }
            let x = try number(point["x"], "points[\(k)].x")
            let y = dimension == 2 ? try number(point["y"], "points[\(k)].y") : 0
            let loss = try number(point["loss"], "points[\(k)].loss")
            guard let grad = point["grad"]?.array, grad.count == dimension else { throw .malformed("points[\(k)].grad needs \(dimension) numbers") }
            let gx = try number(grad[0], "points[\(k)].grad"), gy = dimension == 2 ? try number(grad[1], "points[\(k)].grad") : 0
            t.positions.append(Vector2(x, y))
            t.losses.append(loss)
            t.gradients.append(Vector2(gx, gy))
            let state = point["state"]?.array ?? []
            guard state.count == stateNames.count else { throw .malformed("points[\(k)].state needs \(stateNames.count) numbers") }
            for v in state { t.state.append(try number(v, "points[\(k)].state")) }
        }
        guard t.positions[0] == Vector2(sx, sy) else {
            throw .malformed("start \(startValue.excerptText) is not the first point (\(t.positions[0].x.shortDescription), \(t.positions[0].y.shortDescription))")
        }
        return t
    }

    // MARK: Vector runs

    /// A run over a parameter vector as JSON, the golden format of N-dimensional runs:
    ///
    /// ```json
    /// {
    ///   "label": "Adam lr=0.01", "optimizer": "adam:lr=0.01", "dimension": 3, "seed": 0, "batch": 0,
    ///   "stop": {"max_steps": 100, "loss": null, "grad": 1e-06, "bound": 1000000000000},
    ///   "outcome": "converged", "steps": 57,
    ///   "points": [{"step": 0, "loss": 4, "grad_norm": 2.8, "parameters": [1, 1, 1]}, …],
    ///   "version": 1
    /// }
    /// ```
    public static func json(_ t: VectorTrajectory) -> String {
        let header: [(String, JSONValue)] = (t.label.map { [("label", JSONValue.string($0))] } ?? []) + [
            ("optimizer", .string(t.optimizer)),
            ("dimension", .number(Double(t.dimension))),
            ("seed", .number(Double(t.seed))),
            ("batch", .number(Double(t.batchSize))),
            ("stop", stopJSON(t.stop)),
            ("outcome", .string(t.outcome.rawValue)),
            ("steps", .number(Double(t.stepCount))),
        ]
        return document(header: header, points: t.losses.count) { k in
            [("step", .number(Double(k))), ("loss", json(t.losses[k])), ("grad_norm", json(t.gradientNorms[k])),
             ("parameters", .array(t.parameters(at: k).map(json)))]
        }
    }

    /// Reads a run over a parameter vector from its JSON text (``json(_:)-(VectorTrajectory)``).
    public static func read(vectorJSON text: String) throws(TrajectoryFileError) -> VectorTrajectory {
        let root: JSONValue
        do { root = try JSONValue(parsing: text) } catch { throw .malformed(error.description) }
        guard case .object = root else { throw .malformed("the top level is not an object") }
        guard let version = root["version"]?.number else { throw .missing("version") }
        guard version == Double(Self.version) else { throw .malformed("version \(version.shortDescription) is not supported (expected \(Self.version))") }
        guard let optimizer = root["optimizer"]?.string else { throw .missing("optimizer") }
        guard let outcome = Outcome(rawValue: root["outcome"]?.string ?? "") else { throw .malformed("'outcome' must be converged, max-steps or diverged") }
        func whole(_ key: String, max: Double = 9.007199254740992e15) throws(TrajectoryFileError) -> Int {
            guard let v = root[key]?.number, v >= 0, v <= max, v == v.rounded() else { throw .malformed("'\(key)' is not a whole number ≥ 0") }
            return Int(v)
        }
        let dimension = try whole("dimension", max: Double(Limits.inputBytes))
        guard dimension >= 1 else { throw .malformed("'dimension' must be at least 1") }
        let stop = try readStop(root["stop"])
        guard let points = root["points"]?.array, !points.isEmpty else { throw .missing("points") }
        guard points.count <= stop.maxSteps + 1 else {
            throw .malformed("\(points.count) points, but stop.max_steps \(stop.maxSteps) allows at most \(stop.maxSteps + 1)")
        }
        var t = VectorTrajectory(optimizer: optimizer, label: root["label"]?.string, dimension: dimension,
                                 seed: UInt64(try whole("seed")), batchSize: try whole("batch"), stop: stop)
        t.outcome = outcome
        for (k, point) in points.enumerated() {
            guard point["step"]?.number == Double(k) else { throw .malformed("point \(k) has step \(point["step"].map { $0.excerptText } ?? "missing")") }
            t.losses.append(try number(point["loss"], "points[\(k)].loss"))
            t.gradientNorms.append(try number(point["grad_norm"], "points[\(k)].grad_norm"))
            guard let p = point["parameters"]?.array, p.count == dimension else { throw .malformed("points[\(k)].parameters needs \(dimension) numbers") }
            for v in p { t.parameters.append(try number(v, "points[\(k)].parameters")) }
        }
        return t
    }

    static func number(_ value: JSONValue?, _ field: String) throws(TrajectoryFileError) -> Double {
        switch value {
        case let .number(v)?: return v
        case .string("nan")?: return .nan
        case .string("inf")?: return .infinity
        case .string("-inf")?: return -.infinity
        case nil: throw .missing(field)
        default: throw .malformed("\(field) is not a number")
        }
    }

    static func optionalNumber(_ value: JSONValue?, _ field: String) throws(TrajectoryFileError) -> Double? {
        if value == nil || value == .null { return nil }
        return try number(value, field)
    }
}

/// Why a trajectory file could not be read.
public enum TrajectoryFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case missing(String)

    public var description: String {
        switch self {
        case let .malformed(why): return "not a trajectory file: \(why)"
        case let .missing(field): return "not a trajectory file: missing field '\(field)'"
        }
    }
}

extension String {
    /// `,"` → `, "` and `":` → `": ` outside strings, for one-line objects that read well.
    func replacingCommas() -> String {
        var out = ""
        out.reserveCapacity(utf8.count + 32)
        var inString = false, escaped = false
        for c in self {
            out.append(c)
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            if c == "\"" { inString = true } else if c == "," || c == ":" { out.append(" ") }
        }
        return out
    }
}
