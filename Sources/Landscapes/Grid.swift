import Dispatch

/// Values of a surface sampled on a regular lattice.
///
/// `nx` points per row and `ny` rows, both ends of the domain included:
/// xᵢ = xmin + i·(xmax − xmin)/(nx − 1), yⱼ = ymin + j·(ymax − ymin)/(ny − 1).
/// Values are stored row by row (row j holds y = yⱼ), `values[j * nx + i] = f(xᵢ, yⱼ)`.
/// Non-finite values are kept as they are; contouring masks them.
///
/// ```swift
/// let grid = Grid(surface: try Surface(spec: "bowl"), domain: .square(2), resolution: 201)
/// grid[0, 0]      // f(-2, -2) = 8
/// ```
public struct Grid: Sendable {
    public let domain: Domain
    public let nx: Int
    public let ny: Int
    public private(set) var values: [Double]

    /// A grid with explicit values, row-major with rows = y.
    public init(domain: Domain, nx: Int, ny: Int, values: [Double]) {
        precondition(nx >= 2 && ny >= 2, "a grid has at least 2 points per axis")
        precondition(values.count == nx * ny, "a grid needs nx·ny values")
        self.domain = domain
        self.nx = nx
        self.ny = ny
        self.values = values
    }

    /// Samples `surface` with `resolution` points per axis, rows evaluated in parallel.
    public init(surface: Surface, domain: Domain, resolution: Int) {
        self.init(function: surface.function, domain: domain, nx: resolution, ny: resolution)
    }

    /// Samples any function on an `nx × ny` lattice, rows evaluated in parallel.
    public init(function: any DifferentiableFunction, domain: Domain, nx: Int, ny: Int) {
        precondition(nx >= 2 && ny >= 2, "a grid has at least 2 points per axis")
        let xs = (0..<nx).map { Grid.coordinate($0, count: nx, from: domain.xmin, to: domain.xmax) }
        let ys = (0..<ny).map { Grid.coordinate($0, count: ny, from: domain.ymin, to: domain.ymax) }
        let values = [Double](unsafeUninitializedCapacity: nx * ny) { buffer, count in
            nonisolated(unsafe) let base = buffer.baseAddress!
            let chunks = Swift.min(ny, ProcessInfoCores.count * 4)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let rows = (ny * chunk / chunks)..<(ny * (chunk + 1) / chunks)
                function.fillGrid(xs: xs, ys: ys, rows: rows, into: base + rows.lowerBound * nx)
            }
            count = nx * ny
        }
        self.init(domain: domain, nx: nx, ny: ny, values: values)
    }

    /// The x coordinate of column i: xmin + i·(xmax − xmin)/(nx − 1), exactly xmax at the end.
    @inlinable public func x(_ i: Int) -> Double { Grid.coordinate(i, count: nx, from: domain.xmin, to: domain.xmax) }

    /// The y coordinate of row j.
    @inlinable public func y(_ j: Int) -> Double { Grid.coordinate(j, count: ny, from: domain.ymin, to: domain.ymax) }

    /// The one formula for lattice coordinates, used for sampling and for reporting.
    @usableFromInline static func coordinate(_ k: Int, count: Int, from lo: Double, to hi: Double) -> Double {
        k == count - 1 ? hi : lo + Double(k) * (hi - lo) / Double(count - 1)
    }

    /// The value at column i, row j.
    @inlinable public subscript(i: Int, j: Int) -> Double { values[j * nx + i] }

    /// The smallest and largest finite values, or nil when none is finite.
    public var finiteRange: (min: Double, max: Double)? {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        return lo <= hi ? (lo, hi) : nil
    }
}

/// The number of cores available for parallel work.
public enum ProcessInfoCores {
    public static let count: Int = {
        #if canImport(Glibc)
        return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 4
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#endif

extension Grid {
    /// The grid at `nx × ny` points over the same domain, each value the mean of the finite
    /// values of the block of this grid's points nearest it (NaN where none is finite): a box
    /// filter, so that noise finer than the new spacing averages out instead of aliasing.
    /// Rows are computed in parallel; the cost is one pass over this grid.
    ///
    /// ```swift
    /// let coarse = fine.resampled(nx: 800, ny: 600)   // for drawing on an 800 × 600 canvas
    /// ```
    public func resampled(nx newNx: Int, ny newNy: Int) -> Grid {
        precondition(newNx >= 2 && newNy >= 2, "a grid has at least 2 points per axis")
        if newNx == nx && newNy == ny { return self }
        /// The source indices that output index k covers: those nearer to it than to its neighbours.
        func blocks(_ n: Int, _ m: Int) -> [Range<Int>] {
            (0..<m).map { k in
                let scale = Double(n - 1) / Double(m - 1)
                let lo = Swift.max(0, Int(((Double(k) - 0.5) * scale).rounded(.up)))
                let hi = Swift.min(n - 1, Int(((Double(k) + 0.5) * scale).rounded(.up)) - 1)
                let centre = Swift.min(n - 1, Int((Double(k) * scale).rounded()))
                return lo <= hi ? lo..<(hi + 1) : centre..<(centre + 1)
            }
        }
        let columns = blocks(nx, newNx), rows = blocks(ny, newNy)
        let source = values, width = nx
        let out = [Double](unsafeUninitializedCapacity: newNx * newNy) { buffer, count in
            nonisolated(unsafe) let base = buffer.baseAddress!
            let chunks = Swift.min(newNy, ProcessInfoCores.count * 4)
            source.withUnsafeBufferPointer { v in
                nonisolated(unsafe) let v = v
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    for j in (newNy * chunk / chunks)..<(newNy * (chunk + 1) / chunks) {
                        for i in 0..<newNx {
                            var sum = 0.0, n = 0
                            for r in rows[j] {
                                for c in columns[i] where v[r * width + c].isFinite {
                                    sum += v[r * width + c]
                                    n += 1
                                }
                            }
                            // Means of huge values are taken at half size, so they cannot overflow.
                            var mean = n > 0 ? sum / Double(n) : .nan
                            if n > 0, !mean.isFinite {
                                sum = 0
                                for r in rows[j] { for c in columns[i] where v[r * width + c].isFinite { sum += v[r * width + c] / Double(n) } }
                                mean = sum
                            }
                            (base + j * newNx + i).initialize(to: mean)
                        }
                    }
                }
            }
            count = newNx * newNy
        }
        return Grid(domain: domain, nx: newNx, ny: newNy, values: out)
    }
}
