import Landscapes

/// Statistics across the runs of one optimizer with different seeds, step by step.
///
/// Runs may have different lengths (a run that stops early); step k uses the runs that reach it.
/// Non-finite values (a diverged run) count as +∞, larger than every finite value.
///
/// ```swift
/// let runs = (0..<20).map { Runner(surface: s, optimizer: sgd, seed: UInt64($0)).run(from: p, stop: stop) }
/// let band = Ensemble.quartiles(runs.map(\.losses))   // lower, median, upper per step
/// let path = Ensemble.medianPath(runs.map(\.positions))
/// ```
public enum Ensemble {
    /// The p-quantile of sorted values, interpolated linearly between order statistics (type 7 of
    /// Hyndman and Fan, numpy's default): h = (n − 1)·p, q = v⌊h⌋ + (h − ⌊h⌋)·(v⌊h⌋₊₁ − v⌊h⌋).
    public static func quantile(sorted v: [Double], _ p: Double) -> Double {
        precondition(!v.isEmpty, "the quantile of no values")
        let h = Double(v.count - 1) * p
        let k = Int(h.rounded(.down))
        guard k + 1 < v.count else { return v[v.count - 1] }
        let t = h - Double(k)
        if t == 0 { return v[k] }
        if v[k + 1] == .infinity { return t == 0 ? v[k] : .infinity }
        return v[k] + t * (v[k + 1] - v[k])
    }

    /// The quartiles (25%, 50%, 75%) of the runs' values at every step up to the longest run.
    public static func quartiles(_ runs: [[Double]]) -> (lower: [Double], median: [Double], upper: [Double]) {
        let steps = runs.map(\.count).max() ?? 0
        var lower: [Double] = [], median: [Double] = [], upper: [Double] = []
        lower.reserveCapacity(steps)
        median.reserveCapacity(steps)
        upper.reserveCapacity(steps)
        var column: [Double] = []
        for k in 0..<steps {
            column.removeAll(keepingCapacity: true)
            for run in runs where k < run.count { column.append(run[k].isFinite ? run[k] : .infinity) }
            column.sort()
            lower.append(quantile(sorted: column, 0.25))
            median.append(quantile(sorted: column, 0.5))
            upper.append(quantile(sorted: column, 0.75))
        }
        return (lower, median, upper)
    }

    /// The median path by step: at step k, the median of x and the median of y over the runs that
    /// reach step k with a finite point.
    public static func medianPath(_ runs: [[Vector2]]) -> [Vector2] {
        let steps = runs.map(\.count).max() ?? 0
        var path: [Vector2] = []
        path.reserveCapacity(steps)
        var xs: [Double] = [], ys: [Double] = []
        for k in 0..<steps {
            xs.removeAll(keepingCapacity: true)
            ys.removeAll(keepingCapacity: true)
            for run in runs where k < run.count && run[k].isFinite {
                xs.append(run[k].x)
                ys.append(run[k].y)
            }
            guard !xs.isEmpty else { break }
            xs.sort()
            ys.sort()
            path.append(Vector2(quantile(sorted: xs, 0.5), quantile(sorted: ys, 0.5)))
        }
        return path
    }
}
