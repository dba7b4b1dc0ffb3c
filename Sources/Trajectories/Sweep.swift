import Dispatch
import Landscapes
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One swept hyperparameter: `count` values from `lower` to `upper`, both included, evenly spaced
/// or (logarithmic) evenly spaced in log. Values are rounded to 12 significant digits (6 on a log
/// axis), so that they print short and a cell's spec rebuilds the same run.
public struct SweepAxis: Sendable, Hashable {
    public var key: String
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var logarithmic: Bool

    public init(key: String, lower: Double, upper: Double, count: Int, logarithmic: Bool = false) throws(SpecError) {
        guard lower.isFinite, upper.isFinite, lower < upper, (upper - lower).isFinite else {
            throw .invalid("sweep range for '\(key)' must go from a smaller to a larger finite number, got \(lower.shortDescription):\(upper.shortDescription)")
        }
        guard !logarithmic || lower > 0 else {
            throw .invalid("log sweep range for '\(key)' must be positive, got \(lower.shortDescription):\(upper.shortDescription)")
        }
        guard count >= 2, count <= 2000 else { throw .invalid("a sweep axis needs 2 to 2000 cells, got \(count) for '\(key)'") }
        self.key = key
        self.lower = lower
        self.upper = upper
        self.count = count
        self.logarithmic = logarithmic
    }

    /// Parses `A:B` or `A:B:lin` (evenly spaced), or `A:B:log` (evenly spaced in log).
    public init(key: String, range text: String, count: Int) throws(SpecError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let expected = "expected A:B, A:B:lin or A:B:log, e.g. 0.001:0.1:log"
        guard parts.count == 2 || parts.count == 3 else { throw .invalid("bad sweep range '\(text)' for '\(key)': \(expected)") }
        if parts.count == 3, parts[2] != "log", parts[2] != "lin" {
            let hint = closestMatch(to: parts[2], in: ["lin", "log"]).map { "; did you mean '\($0)'?" } ?? "; \(expected)"
            throw .invalid("unknown spacing '\(parts[2])' in sweep range '\(text)' for '\(key)'\(hint)")
        }
        guard let lo = Double(parts[0]), let hi = Double(parts[1]) else {
            throw .invalid("bad sweep range '\(text)' for '\(key)': \(expected)")
        }
        try self.init(key: key, lower: lo, upper: hi, count: count, logarithmic: parts.count == 3 && parts[2] == "log")
    }

    /// The value of cell `i` (0 ..< count).
    public func value(_ i: Int) -> Double {
        if i == 0 { return lower }
        if i == count - 1 { return upper }
        let t = Double(i) / Double(count - 1)
        // In log space, so that ranges such as 1e-300:1e300 (whose ratio overflows) work.
        if logarithmic { return Rounding.significant(cExp(cLog(lower) + t * (cLog(upper) - cLog(lower))), digits: 6) }
        return Rounding.significant(lower + t * (upper - lower), digits: 12)
    }

    public var values: [Double] { (0..<count).map(value) }

    /// The edges of cell `i` for drawing: halfway to its neighbours (in log for a log axis), and
    /// half a step beyond the ends.
    public func edges(_ i: Int) -> (Double, Double) {
        func t(_ v: Double) -> Double { logarithmic ? cLog(v) : v }
        func u(_ v: Double) -> Double { logarithmic ? cExp(v) : v }
        let step = (t(upper) - t(lower)) / Double(count - 1)
        let centre = t(lower) + Double(i) * step
        return (u(centre - step / 2), u(centre + step / 2))
    }

    /// The axis's extent for drawing: from the first cell's lower edge to the last cell's upper.
    public var extent: (Double, Double) { (edges(0).0, edges(count - 1).1) }

    /// `lr=0.001:0.1:log ×40`.
    public var description: String {
        "\(key)=\(lower.shortDescription):\(upper.shortDescription)\(logarithmic ? ":log" : "") ×\(count)"
    }
}

/// What a sweep map shows per cell.
public enum SweepMetric: String, Sendable, CaseIterable {
    /// Steps until the stop rule held (cells that never converged have none).
    case steps
    /// The loss at the last step.
    case finalLoss = "final-loss"
    /// The distance from the last point to the nearest global minimum.
    case distance

    public var title: String {
        switch self {
        case .steps: return "steps to converge"
        case .finalLoss: return "final loss"
        case .distance: return "distance to the minimum"
        }
    }
}

/// One cell of a sweep: its hyperparameter values and how its run ended.
public struct SweepCell: Sendable, Equatable {
    /// Column (x axis) and row (y axis).
    public var i: Int
    public var j: Int
    public var x: Double
    public var y: Double
    public var end: RunEnd
    /// From the last point to the nearest global minimum (NaN when none is known).
    public var distance: Double
}

/// Runs one optimizer for every pair of values of two hyperparameters, from one start, in parallel
/// over the cores, and keeps how each run ended.
///
/// ```swift
/// let sweep = try Sweep(surface: try Surface(spec: "ravine"), optimizer: try Spec(parsing: "momentum"),
///                       x: try SweepAxis(key: "lr", range: "0.001:0.1:log", count: 40),
///                       y: try SweepAxis(key: "momentum", range: "0:0.99", count: 40),
///                       start: [-2.5, 1], stop: StopRule(maxSteps: 500, loss: 1e-8))
/// let result = sweep.run()
/// result.best(.steps)       // the fastest cell
/// ```
public struct Sweep: Sendable {
    public let surface: Surface
    public let optimizer: Spec
    public let x: SweepAxis
    public let y: SweepAxis
    public let start: Vector2
    public let stop: StopRule
    public let seed: UInt64
    /// The base configuration (the spec with the axes at their lower ends).
    public let base: OptimizerConfiguration

    /// Checks everything before any run: the keys are distinct numeric parameters of the optimizer
    /// that its spec does not set, and every value of each axis is a valid setting (each key's
    /// constraints concern that key alone, so every cell is then valid too).
    public init(surface: Surface, optimizer: Spec, x: SweepAxis, y: SweepAxis, start: Vector2, stop: StopRule, seed: UInt64 = 0) throws(SpecError) {
        guard x.key != y.key else { throw .invalid("both sweep axes are '\(x.key)'; sweep two different keys") }
        for axis in [x, y] where optimizer[axis.key] != nil {
            throw .invalid("'\(axis.key)' is swept, so leave it out of the optimizer spec '\(optimizer)'")
        }
        guard let entry = OptimizerCatalog.standard.entries.first(where: { $0.name == optimizer.name }) else {
            throw .unknownName(kind: "optimizer", name: optimizer.name, known: OptimizerCatalog.standard.names)
        }
        for axis in [x, y] {
            guard let info = entry.parameters.first(where: { $0.name == axis.key }) else {
                throw .unknownKey(kind: "optimizer", name: optimizer.name, key: axis.key, known: entry.parameters.map(\.name))
            }
            if case .text = info.defaultValue { throw .invalid("'\(axis.key)' of optimizer '\(optimizer.name)' is not a number and cannot be swept") }
        }
        self.surface = surface
        self.optimizer = optimizer
        self.x = x
        self.y = y
        self.start = start
        self.stop = stop
        self.seed = seed
        base = try Self.configuration(optimizer, x, x.lower, y, y.lower)
        _ = try Self.configuration(optimizer, x, x.upper, y, y.upper)
        for a in x.values { _ = try Self.configuration(optimizer, x, a, y, y.lower) }
        for b in y.values { _ = try Self.configuration(optimizer, x, x.lower, y, b) }
        try base.validate(for: surface)
    }

    static func configuration(_ spec: Spec, _ x: SweepAxis, _ a: Double, _ y: SweepAxis, _ b: Double) throws(SpecError) -> OptimizerConfiguration {
        var s = spec
        s.arguments.append(Spec.Argument(key: x.key, value: a.shortDescription))
        s.arguments.append(Spec.Argument(key: y.key, value: b.shortDescription))
        return try OptimizerCatalog.standard.configuration(for: s)
    }

    /// The configuration of cell (i, j).
    public func configuration(_ i: Int, _ j: Int) throws(SpecError) -> OptimizerConfiguration {
        try Self.configuration(optimizer, x, x.value(i), y, y.value(j))
    }

    /// The full recorded run of cell (i, j), for drawing its path.
    public func trajectory(_ i: Int, _ j: Int) throws(SpecError) -> Trajectory {
        Runner(surface: surface, optimizer: try configuration(i, j), seed: seed).run(from: start, stop: stop)
    }

    public var cellCount: Int { x.count * y.count }

    /// Runs every cell, in parallel over the cores (contiguous blocks of cells, several per core
    /// so that fast and slow regions balance). Cells are in row order: index j·(x.count) + i.
    public func run() -> SweepResult {
        let n = cellCount
        let nx = x.count
        let globals = surface.minima.filter { $0.kind == .globalMinimum }.map(\.point)
        let cells = UnsafeMutableBufferPointer<SweepCell>.allocate(capacity: n)
        defer { cells.deallocate() }
        nonisolated(unsafe) let slots = cells.baseAddress!
        let threads = Mutex<Set<UInt>>([])
        let blocks = Swift.min(n, ProcessInfoCores.count * 16)
        let surface = self.surface, start = self.start, stop = self.stop, seed = self.seed
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            threads.withLock { _ = $0.insert(Self.threadID()) }
            for k in (n * b / blocks)..<(n * (b + 1) / blocks) {
                let i = k % nx, j = k / nx
                // Every axis value resolved in init, so every cell does; a cell that did not would
                // count as diverged at its start rather than stop the sweep.
                let end: RunEnd
                if let configuration = try? self.configuration(i, j) {
                    end = Runner(surface: surface, optimizer: configuration, seed: seed).end(from: start, stop: stop)
                } else {
                    end = RunEnd(steps: 0, outcome: .diverged, point: start, loss: .nan, gradient: Vector2(.nan, .nan))
                }
                var distance = Double.nan
                for m in globals { distance = Swift.min(distance.isNaN ? .infinity : distance, (end.point - m).norm) }
                (slots + k).initialize(to: SweepCell(i: i, j: j, x: x.value(i), y: y.value(j), end: end, distance: distance))
            }
        }
        return SweepResult(sweep: self, cells: Array(cells), workers: threads.withLock { $0.count })
    }

    static func threadID() -> UInt {
        #if canImport(Glibc)
        return UInt(pthread_self())
        #else
        return 0
        #endif
    }
}

/// The cells of a finished sweep.
public struct SweepResult: Sendable {
    public let sweep: Sweep
    /// Row order: index j·(x.count) + i.
    public let cells: [SweepCell]
    /// How many threads ran cells.
    public let workers: Int

    public func cell(_ i: Int, _ j: Int) -> SweepCell { cells[j * sweep.x.count + i] }

    /// The metric of a cell, or nil when it has none: a diverged run, or (for `steps`) a run that
    /// never met its stop rule. `final-loss` is f − f* when the minimum value is known.
    public func value(_ cell: SweepCell, _ metric: SweepMetric) -> Double? {
        guard cell.end.outcome != .diverged else { return nil }
        switch metric {
        case .steps: return cell.end.outcome == .converged ? Double(cell.end.steps) : nil
        case .finalLoss: return cell.end.loss - (sweep.surface.globalMinimumValue ?? 0)
        case .distance: return cell.distance.isNaN ? nil : cell.distance
        }
    }

    /// The cell with the smallest metric; ties go to the lower final loss, then to the first cell.
    public func best(_ metric: SweepMetric) -> SweepCell? {
        var best: (SweepCell, Double)?
        for c in cells {
            guard let v = value(c, metric) else { continue }
            if let (b, bv) = best, !(v < bv || (v == bv && c.end.loss < b.end.loss)) { continue }
            best = (c, v)
        }
        return best?.0
    }

    /// How many cells ended each way.
    public func count(_ outcome: Outcome) -> Int { cells.reduce(0) { $0 + ($1.end.outcome == outcome ? 1 : 0) } }

    /// One row per cell in row order: the two swept values, outcome, steps, final loss and distance,
    /// numbers in shortest round-trip form.
    public func csv() -> String {
        var out = "\(sweep.x.key),\(sweep.y.key),outcome,steps,final_loss,distance\n"
        out.reserveCapacity(cells.count * 64)
        for c in cells {
            out += c.x.shortDescription + "," + c.y.shortDescription + "," + c.end.outcome.rawValue + ","
            out += String(c.end.steps) + "," + c.end.loss.shortDescription + "," + c.distance.shortDescription + "\n"
        }
        return out
    }
}
