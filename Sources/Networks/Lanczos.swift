import Landscapes

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A symmetric linear map y = A·x on ℝⁿ, given only by its products: a network's Hessian
/// (``NetworkHessian``), a block of it, or a matrix (``SymmetricMatrix``, for 2-D surfaces' exact
/// Hessians and for tests).
public protocol SymmetricOperator {
    /// n, the length of x and y.
    var dimension: Int { get }
    /// y = A·x; `y` has `dimension` values on entry.
    mutating func apply(_ x: [Double], into y: inout [Double])
}

/// A dense symmetric matrix as an operator.
public struct SymmetricMatrix: SymmetricOperator, Sendable {
    /// Row-major, n × n.
    public var values: [Double]
    public let dimension: Int

    public init(rows: [[Double]]) {
        precondition(rows.allSatisfy { $0.count == rows.count }, "a square matrix")
        dimension = rows.count
        values = rows.flatMap { $0 }
    }

    /// A surface's exact Hessian at a point.
    public init(_ h: Hessian) {
        self.init(rows: [[h.xx, h.xy], [h.xy, h.yy]])
    }

    public func apply(_ x: [Double], into y: inout [Double]) {
        for i in 0..<dimension {
            var s = 0.0
            for j in 0..<dimension { s += values[i * dimension + j] * x[j] }
            y[i] = s
        }
    }
}

/// The Hessian of a network's loss at θ, over all its data or a batch of rows, as an operator;
/// with `block`, the square block of the parameters in that range (a layer's weights and bias,
/// see ``MLP/layer(_:)``), for per-layer spectra.
public struct NetworkHessian: SymmetricOperator, Sendable {
    public let model: MLP
    public let data: Dataset
    public let theta: [Double]
    public let rows: [Int]?
    public let block: Range<Int>
    var workspace = MLP.CurvatureWorkspace()
    var v: [Double]
    var hv: [Double] = []

    public init(model: MLP, data: Dataset, theta: [Double], rows: [Int]? = nil, block: Range<Int>? = nil) {
        precondition(theta.count == model.parameterCount, "θ needs \(model.parameterCount) values")
        self.model = model
        self.data = data
        self.theta = theta
        self.rows = rows
        self.block = block ?? 0..<model.parameterCount
        precondition(self.block.lowerBound >= 0 && self.block.upperBound <= model.parameterCount && !self.block.isEmpty,
                     "a block inside the \(model.parameterCount) parameters")
        v = [Double](repeating: 0, count: model.parameterCount)
    }

    public var dimension: Int { block.count }

    public mutating func apply(_ x: [Double], into y: inout [Double]) {
        for (k, i) in block.enumerated() { v[i] = x[k] }
        model.hessianVectorProduct(theta, v, on: data, rows: rows.map { $0[...] }, into: &hv, workspace: &workspace)
        for (k, i) in block.enumerated() { y[k] = hv[i] }
    }
}

/// An eigenvalue with its unit eigenvector.
public struct Eigenpair: Sendable, Equatable {
    public var value: Double
    public var vector: [Double]
}

/// Extreme eigenpairs of a symmetric operator by the Lanczos iteration with full
/// reorthogonalization, and stochastic estimates of its trace and spectral density.
///
/// From a seeded Gaussian start q₁, each step takes w = A·qⱼ, αⱼ = qⱼᵀw, w ← w − αⱼqⱼ − βⱼ₋₁qⱼ₋₁,
/// orthogonalizes w against every earlier q twice (classical Gram–Schmidt, repeated: "twice is
/// enough"), and sets βⱼ = ‖w‖, qⱼ₊₁ = w/βⱼ. The eigenvalues θᵢ of the tridiagonal Tⱼ (α on the
/// diagonal, β beside it) are the Ritz values; with Tⱼsᵢ = θᵢsᵢ, the Ritz vector Qⱼsᵢ has the
/// residual ‖A·Qⱼsᵢ − θᵢQⱼsᵢ‖ = βⱼ·|sᵢ[j]|, which decides convergence. When βⱼ vanishes (an
/// invariant subspace: a repeated eigenvalue seen once), the iteration restarts from a new
/// random vector orthogonal to all before, so that multiplicities are found too. After n steps
/// Tₙ is similar to A and every eigenvalue is exact to round-off.
public enum Lanczos {
    /// The `largest` greatest and `smallest` least (most negative) eigenpairs, each list from
    /// the extreme inwards, and the number of products taken.
    public struct Result: Sendable {
        public var largest: [Eigenpair]
        public var smallest: [Eigenpair]
        public var iterations: Int
    }

    /// Runs until each wanted Ritz pair's residual is at most `tolerance` times the largest
    /// |Ritz value|, or after `maxIterations` products (default: n, which is exact).
    public static func extremeEigenpairs<A: SymmetricOperator>(of op: inout A, largest: Int, smallest: Int = 0, seed: UInt64 = 0,
                                                              maxIterations: Int? = nil, tolerance: Double = 1e-12) -> Result {
        let n = op.dimension
        let wanted = Swift.min(n, Swift.max(largest, smallest))
        let limit = Swift.min(n, Swift.max(maxIterations ?? n, wanted))
        var normal = NormalGenerator(seed: seed)
        var basis: [[Double]] = []
        var alpha: [Double] = [], beta: [Double] = []
        var q = unitRandom(n, orthogonalTo: basis, &normal)
        var w = [Double](repeating: 0, count: n)
        var decomposition: (values: [Double], vectors: [[Double]]) = ([], [])
        while basis.count < limit {
            basis.append(q)
            op.apply(q, into: &w)
            let a = dot(q, w)
            alpha.append(a)
            let j = basis.count - 1
            for i in 0..<n { w[i] -= a * q[i] }
            if j > 0 { let b = beta[j - 1]; let previous = basis[j - 1]; for i in 0..<n { w[i] -= b * previous[i] } }
            orthogonalize(&w, against: basis)
            let b = dot(w, w).squareRoot()
            let scale = alpha.reduce(0) { Swift.max($0, abs($1)) } + beta.reduce(0) { Swift.max($0, abs($1)) }
            let steps = basis.count
            // An invariant subspace holds each eigenvalue once: a repeated one is missing until
            // the restart below finds its other copies, so convergence is not judged there.
            let exhausted = b <= 1e-13 * Swift.max(scale, 1e-300) && steps < n
            if (steps == limit || steps % 5 == 0) && !exhausted && steps >= wanted {
                decomposition = tridiagonalEigen(alpha, beta)
                let values = decomposition.values
                let top = values.map(abs).max() ?? 0
                let order = values.indices.sorted { values[$0] < values[$1] }
                let idx = Array(order.suffix(Swift.min(largest, steps))) + Array(order.prefix(Swift.min(smallest, steps)))
                let converged = idx.allSatisfy { abs(b * decomposition.vectors[$0][steps - 1]) <= tolerance * Swift.max(top, 1e-300) }
                if converged || steps == limit { break }
            }
            if exhausted {
                // An invariant subspace: restart orthogonally, with Tⱼ split there.
                beta.append(0)
                q = unitRandom(n, orthogonalTo: basis, &normal)
            } else {
                beta.append(b)
                q = w.map { $0 / b }
            }
        }
        if decomposition.values.count != basis.count { decomposition = tridiagonalEigen(alpha, Array(beta.prefix(basis.count - 1))) }
        let values = decomposition.values
        let order = values.indices.sorted { values[$0] < values[$1] }
        func pair(_ k: Int) -> Eigenpair {
            var x = [Double](repeating: 0, count: n)
            for (j, u) in basis.enumerated() {
                let c = decomposition.vectors[k][j]
                for i in 0..<n { x[i] += c * u[i] }
            }
            let norm = dot(x, x).squareRoot()
            return Eigenpair(value: values[k], vector: x.map { $0 / norm })
        }
        return Result(largest: order.suffix(Swift.min(largest, order.count)).reversed().map(pair),
                      smallest: order.prefix(Swift.min(smallest, order.count)).map(pair),
                      iterations: basis.count)
    }

    /// tr(A) by Hutchinson's estimator: the mean of zᵀAz over `samples` Rademacher vectors z
    /// (entries ±1 from the seeded generator), with its standard error s/√K (s the samples'
    /// standard deviation). E[zᵀAz] = tr(A) exactly; the interval value ± 2·standardError covers
    /// the trace in about 95% of seeds.
    public static func trace<A: SymmetricOperator>(of op: inout A, samples: Int, seed: UInt64 = 0) -> (value: Double, standardError: Double) {
        precondition(samples >= 2, "at least two samples, for a standard error")
        let n = op.dimension
        var random = SplitMix64(seed: seed)
        var z = [Double](repeating: 0, count: n), y = z
        var estimates: [Double] = []
        for _ in 0..<samples {
            for i in 0..<n { z[i] = random.next() >> 63 == 0 ? 1 : -1 }
            op.apply(z, into: &y)
            estimates.append(dot(z, y))
        }
        let mean = estimates.reduce(0, +) / Double(samples)
        let variance = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples - 1)
        return (mean, (variance / Double(samples)).squareRoot())
    }

    /// The spectral density by stochastic Lanczos quadrature (Ubaru, Chen & Saad 2017; as
    /// PyHessian computes it): for each of `probes` Rademacher vectors z, `steps` Lanczos steps
    /// from q₁ = z/‖z‖ give Tₘ = SΘSᵀ, and the nodes θⱼ with weights τⱼ = S[0, j]² make a Gauss
    /// quadrature of q₁ᵀf(A)q₁ = Σⱼ τⱼf(θⱼ), exact for polynomials of degree up to 2m − 1. Since
    /// E[q₁ᵀf(A)q₁] = tr f(A)/n, the average over probes estimates the density of the
    /// eigenvalues, (1/n)Σᵢ δ(t − λᵢ), and its moments.
    public static func spectralDensity<A: SymmetricOperator>(of op: inout A, probes: Int, steps: Int, seed: UInt64 = 0) -> SpectralDensity {
        precondition(probes >= 1 && steps >= 1, "at least one probe and one step")
        let n = op.dimension
        var random = SplitMix64(seed: seed)
        var nodes: [[Double]] = [], weights: [[Double]] = []
        for _ in 0..<probes {
            let start = (0..<n).map { _ in random.next() >> 63 == 0 ? 1 / Double(n).squareRoot() : -1 / Double(n).squareRoot() }
            let (alpha, beta) = tridiagonalize(&op, from: start, steps: Swift.min(steps, n))
            let (values, vectors) = tridiagonalEigen(alpha, beta)
            nodes.append(values)
            weights.append(vectors.map { $0[0] * $0[0] })
        }
        return SpectralDensity(nodes: nodes, weights: weights)
    }

    /// Up to `steps` Lanczos steps with full reorthogonalization from the unit vector `start`:
    /// the tridiagonal's diagonal and off-diagonal. It stops early at an invariant subspace,
    /// where the quadrature is already exact.
    static func tridiagonalize<A: SymmetricOperator>(_ op: inout A, from start: [Double], steps: Int) -> (alpha: [Double], beta: [Double]) {
        let n = op.dimension
        var basis: [[Double]] = [], alpha: [Double] = [], beta: [Double] = []
        var q = start, w = [Double](repeating: 0, count: n)
        while basis.count < steps {
            basis.append(q)
            op.apply(q, into: &w)
            let a = dot(q, w)
            alpha.append(a)
            orthogonalize(&w, against: basis)
            let b = dot(w, w).squareRoot()
            let scale = alpha.reduce(0) { Swift.max($0, abs($1)) } + beta.reduce(0) { Swift.max($0, abs($1)) }
            guard basis.count < steps, b > 1e-13 * Swift.max(scale, 1e-300) else { break }
            beta.append(b)
            q = w.map { $0 / b }
        }
        return (alpha, beta)
    }

    /// w minus its components along the unit vectors `basis`, twice (classical Gram–Schmidt
    /// repeated: "twice is enough").
    static func orthogonalize(_ w: inout [Double], against basis: [[Double]]) {
        for _ in 0..<2 {
            for u in basis {
                let c = dot(u, w)
                for i in w.indices { w[i] -= c * u[i] }
            }
        }
    }

    // MARK: Helpers

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    /// A unit vector from the normal generator, orthogonal to the unit vectors `basis`.
    static func unitRandom(_ n: Int, orthogonalTo basis: [[Double]], _ normal: inout NormalGenerator) -> [Double] {
        while true {
            var x = (0..<n).map { _ in normal.next() }
            orthogonalize(&x, against: basis)
            let norm = dot(x, x).squareRoot()
            if norm > 1e-8 { return x.map { $0 / norm } }
        }
    }

    /// Eigenvalues and eigenvectors of the symmetric tridiagonal matrix with `diagonal` and
    /// `offDiagonal` (one shorter), by the implicit QL algorithm with Wilkinson shifts (as
    /// EISPACK's tql2). `vectors[k]` is the unit eigenvector of `values[k]`.
    public static func tridiagonalEigen(_ diagonal: [Double], _ offDiagonal: [Double]) -> (values: [Double], vectors: [[Double]]) {
        let n = diagonal.count
        precondition(offDiagonal.count == Swift.max(0, n - 1), "the off-diagonal has n − 1 values")
        var d = diagonal, e = offDiagonal + [0]
        // z[i][k]: component i of eigenvector k.
        var z = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let dd = abs(d[m]) + abs(d[m + 1])
                    if abs(e[m]) <= Double.ulpOfOne * dd { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                if iterations > 60 { break }
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = hypot(g, 1)
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? abs(r) : -abs(r)))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var underflow = false
                while i >= l {
                    var f = s * e[i]
                    let b = c * e[i]
                    r = hypot(f, g)
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        underflow = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    for k in 0..<n {
                        f = z[k][i + 1]
                        z[k][i + 1] = s * z[k][i] + c * f
                        z[k][i] = c * z[k][i] - s * f
                    }
                    i -= 1
                }
                if underflow { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
        let vectors = (0..<n).map { k in (0..<n).map { z[$0][k] } }
        return (d, vectors)
    }

    static func hypot(_ a: Double, _ b: Double) -> Double {
        let x = abs(a), y = abs(b)
        let big = Swift.max(x, y), small = Swift.min(x, y)
        guard big > 0 else { return 0 }
        let t = small / big
        return big * (1 + t * t).squareRoot()
    }
}

/// An estimate of a symmetric operator's eigenvalue density, (1/n)Σᵢ δ(t − λᵢ): for each probe,
/// Gauss quadrature nodes and weights (the weights of a probe add up to 1).
public struct SpectralDensity: Sendable, Equatable {
    public var nodes: [[Double]]
    public var weights: [[Double]]

    public init(nodes: [[Double]], weights: [[Double]]) {
        self.nodes = nodes
        self.weights = weights
    }

    /// Each probe's estimate of the p-th moment, (1/n)tr(Aᵖ): Σⱼ τⱼθⱼᵖ.
    public func probeMoments(_ p: Int) -> [Double] {
        zip(nodes, weights).map { x, w in zip(x, w).reduce(0) { $0 + $1.1 * pow($1.0, Double(p)) } }
    }

    /// The p-th moment: the probes' mean, and its standard error (0 for one probe).
    public func moment(_ p: Int) -> (value: Double, standardError: Double) {
        let m = probeMoments(p)
        let mean = m.reduce(0, +) / Double(m.count)
        guard m.count > 1 else { return (mean, 0) }
        let variance = m.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m.count - 1)
        return (mean, (variance / Double(m.count)).squareRoot())
    }

    /// The density smoothed by a Gaussian of standard deviation `width`, at each of `points`
    /// (it integrates to 1 over the real line).
    public func smoothed(at points: [Double], width: Double) -> [Double] {
        precondition(width > 0, "a positive width")
        let norm = 1 / (width * (2 * Double.pi).squareRoot() * Double(nodes.count))
        return points.map { t in
            var s = 0.0
            for (x, w) in zip(nodes, weights) {
                for (node, weight) in zip(x, w) {
                    let u = (t - node) / width
                    s += weight * exp(-0.5 * u * u)
                }
            }
            return s * norm
        }
    }
}
