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
