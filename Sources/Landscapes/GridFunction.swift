/// A surface known only at the points of a ``Grid`` (a network's loss on a plane, a grid read from
/// a file), between them the bilinear interpolant:
///
///     f(x, y) = (1−u)(1−v)·f₀₀ + u(1−v)·f₁₀ + (1−u)v·f₀₁ + uv·f₁₁
///
/// in the cell that holds (x, y), with u, v its fractional position; points outside the grid take
/// the value at the nearest edge. Its gradient and Hessian are those of the interpolant (the
/// Hessian has only the cross term). On the grid's own lattice it gives the grid's values
/// exactly, so a figure drawn from it contours the values as given.
public struct GridFunction: DifferentiableFunction {
    public let grid: Grid

    public init(grid: Grid) { self.grid = grid }

    /// The cell (i, j) and the fractions (u, v) for a point, clamped to the grid.
    @inlinable func locate(_ p: Vector2) -> (i: Int, j: Int, u: Double, v: Double) {
        func axis(_ t: Double, _ lo: Double, _ hi: Double, _ n: Int) -> (Int, Double) {
            guard t.isFinite, hi > lo else { return (0, 0) }
            let s = Swift.min(Swift.max((t - lo) / (hi - lo), 0), 1) * Double(n - 1)
            let k = Swift.min(Int(s), n - 2)
            return (k, s - Double(k))
        }
        let (i, u) = axis(p.x, grid.domain.xmin, grid.domain.xmax, grid.nx)
        let (j, v) = axis(p.y, grid.domain.ymin, grid.domain.ymax, grid.ny)
        return (i, j, u, v)
    }

    public func value(at p: Vector2) -> Double {
        let (i, j, u, v) = locate(p)
        let f00 = grid[i, j], f10 = grid[i + 1, j], f01 = grid[i, j + 1], f11 = grid[i + 1, j + 1]
        // On a lattice point, the sample itself, even beside a masked (non-finite) neighbour.
        if u == 0 && v == 0 { return f00 }
        return (1 - u) * (1 - v) * f00 + u * (1 - v) * f10 + (1 - u) * v * f01 + u * v * f11
    }

    public func gradient(at p: Vector2) -> Vector2 {
        let (i, j, u, v) = locate(p)
        let f00 = grid[i, j], f10 = grid[i + 1, j], f01 = grid[i, j + 1], f11 = grid[i + 1, j + 1]
        let hx = (grid.domain.xmax - grid.domain.xmin) / Double(grid.nx - 1)
        let hy = (grid.domain.ymax - grid.domain.ymin) / Double(grid.ny - 1)
        return Vector2(((1 - v) * (f10 - f00) + v * (f11 - f01)) / hx, ((1 - u) * (f01 - f00) + u * (f11 - f10)) / hy)
    }

    public func hessian(at p: Vector2) -> Hessian {
        let (i, j, _, _) = locate(p)
        let hx = (grid.domain.xmax - grid.domain.xmin) / Double(grid.nx - 1)
        let hy = (grid.domain.ymax - grid.domain.ymin) / Double(grid.ny - 1)
        let cross = (grid[i + 1, j + 1] - grid[i + 1, j] - grid[i, j + 1] + grid[i, j]) / (hx * hy)
        return Hessian(xx: 0, xy: cross, yy: 0)
    }
}

extension Surface {
    /// A surface drawn from sampled values: its domain is the grid's, its function the grid's
    /// bilinear interpolant (``GridFunction``). It marks no minima: the samples do not locate one.
    public init(grid: Grid, name: String, formula: String, axisNames: (x: String, y: String)) {
        self.init(name: name, formula: formula, domain: grid.domain, minima: [], starts: [], axisNames: axisNames,
                  function: GridFunction(grid: grid))
    }
}

/// A curve known only at samples x₀ < x₁ < … (a 1-D loss-landscape file), between them the
/// straight line through its neighbours; outside them, the value at the nearest end. Its
/// derivative is the segment's slope, its second derivative zero.
public struct SampledCurve: DifferentiableFunction {
    public let x: [Double]
    public let values: [Double]

    public init(x: [Double], values: [Double]) {
        precondition(x.count == values.count && x.count >= 2, "a sampled curve has at least two samples, one value each")
        self.x = x
        self.values = values
    }

    /// The segment k (x[k] ≤ t ≤ x[k+1]) and the fraction along it, clamped to the samples.
    @inlinable func locate(_ t: Double) -> (Int, Double) {
        guard t.isFinite else { return (0, 0) }
        if t <= x[0] { return (0, 0) }
        if t >= x[x.count - 1] { return (x.count - 2, 1) }
        var lo = 0, hi = x.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if x[mid] <= t { lo = mid } else { hi = mid }
        }
        return (lo, (t - x[lo]) / (x[lo + 1] - x[lo]))
    }

    public func value(at p: Vector2) -> Double {
        let (k, u) = locate(p.x)
        if u == 0 { return values[k] }
        if u == 1 { return values[k + 1] }
        return values[k] + u * (values[k + 1] - values[k])
    }

    public func gradient(at p: Vector2) -> Vector2 {
        let (k, _) = locate(p.x)
        return Vector2((values[k + 1] - values[k]) / (x[k + 1] - x[k]), 0)
    }

    public func hessian(at p: Vector2) -> Hessian { Hessian(xx: 0, xy: 0, yy: 0) }
}

extension Surface {
    /// A curve drawn from samples (``SampledCurve``): its domain spans the samples, and the
    /// finite values with a twentieth of their range above and below. It marks no minima.
    public init(curve x: [Double], values: [Double], name: String, formula: String, axisNames: (x: String, y: String)) {
        let finite = values.filter(\.isFinite)
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if !(hi > lo) { (lo, hi) = (lo - 0.5, hi + 0.5) }
        let pad = 0.05 * (hi - lo)
        self.init(name: name, formula: formula, dimension: 1,
                  domain: Domain(xmin: x[0], xmax: x[x.count - 1], ymin: lo - pad, ymax: hi + pad),
                  minima: [], starts: [], axisNames: axisNames, function: SampledCurve(x: x, values: values))
    }
}
