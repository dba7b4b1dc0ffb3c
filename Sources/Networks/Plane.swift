import Dispatch
import Landscapes
import Trajectories

/// A plane (or a line) through weight space: θ(α, β) = center + α·d₁ + β·d₂.
///
/// Three kinds after Li et al., *Visualizing the Loss Landscape of Neural Nets* (2018), and two
/// after Böttcher & Wheeler, *Visualizing high-dimensional loss landscapes with Hessian
/// directions* (2022):
/// - ``Kind/random``: two Gaussian directions with **filter normalization**: in each direction,
///   every neuron's incoming weights are scaled to the norm of the same neuron's weights in the
///   center, d ← d·‖θᵢ‖/‖dᵢ‖ per row of each weight matrix, and bias directions are zero.
/// - ``Kind/pca``: the first two principal directions of one run's recorded points {θₜ − θ*},
///   centred as scikit-learn's PCA (which loss-landscape uses) centres them, through θ*.
/// - ``Kind/shared``: one plane for several runs from the same initialization θ₀: the two
///   directions that best fit every run's {θₜ − θ₀} together (uncentred, so that the plane
///   passes through θ₀), through θ₀.
/// - ``Kind/hessian``: the eigenvectors of the two largest eigenvalues of the full-batch Hessian
///   at a run's end θ*, through θ*: the plane where the loss curves up fastest.
/// - ``Kind/saddle``: the eigenvectors of the largest and the smallest (most negative)
///   eigenvalues at θ*: a saddle shows as a saddle here, where random directions, which mostly see
///   the mean curvature, would show it as a minimum or a maximum.
///
/// Points are placed by least squares, (α, β) = argmin ‖θ − center − αd₁ − βd₂‖, and the
/// residual is their distance from the plane.
public struct Plane: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case random, pca, shared, hessian, saddle
    }

    public var kind: Kind
    public var center: [Double]
    public var d1: [Double]
    public var d2: [Double]
    /// The share of the recorded points' variance along d₁ and d₂ (pca, shared).
    public var explained: [Double]?
    /// The directions' seed (random, and the Lanczos start of hessian and saddle).
    public var seed: UInt64?
    /// The Hessian's eigenvalues along d₁ and d₂ (hessian, saddle).
    public var eigenvalues: [Double]?
    /// `filter` for filter-normalized random directions, `orthonormal` for principal ones.
    public var normalization: String

    public init(kind: Kind, center: [Double], d1: [Double], d2: [Double], explained: [Double]? = nil, seed: UInt64? = nil, normalization: String) {
        precondition(center.count == d1.count && center.count == d2.count, "a plane's center and directions have one length")
        self.kind = kind
        self.center = center
        self.d1 = d1
        self.d2 = d2
        self.explained = explained
        self.seed = seed
        self.normalization = normalization
    }

    /// θ(α, β) into `out` (the parameter count long).
    @inlinable public func point(_ alpha: Double, _ beta: Double, into out: inout [Double]) {
        for i in center.indices { out[i] = center[i] + alpha * d1[i] + beta * d2[i] }
    }

    /// Where θ lies on the plane, and how far from it.
    public func coordinates(of theta: [Double]) -> (alpha: Double, beta: Double, distance: Double) {
        var a11 = 0.0, a12 = 0.0, a22 = 0.0, b1 = 0.0, b2 = 0.0
        for i in center.indices {
            let r = theta[i] - center[i]
            a11 += d1[i] * d1[i]; a12 += d1[i] * d2[i]; a22 += d2[i] * d2[i]
            b1 += d1[i] * r; b2 += d2[i] * r
        }
        let det = a11 * a22 - a12 * a12
        guard det > 0, det.isFinite else { return (.nan, .nan, .nan) }
        let alpha = (a22 * b1 - a12 * b2) / det, beta = (a11 * b2 - a12 * b1) / det
        var residual = 0.0
        for i in center.indices {
            let e = theta[i] - center[i] - alpha * d1[i] - beta * d2[i]
            residual += e * e
        }
        return (alpha, beta, residual.squareRoot())
    }

    // MARK: Making planes

    /// The Hessian plane at θ (a run's end): unit eigenvectors of the full-batch Hessian for its two
    /// largest eigenvalues, or with `saddle` for its largest and its smallest, by Lanczos with full
    /// reorthogonalization to a residual of 10⁻¹⁰·|λ|max. Signs make `start` (the initialization)
    /// lie at α, β ≤ 0.
    public static func hessian(at theta: [Double], model: MLP, data: Dataset, saddle: Bool, start: [Double]? = nil, seed: UInt64 = 0) throws(TrainingError) -> Plane {
        guard model.parameterCount >= 2 else { throw TrainingError("a Hessian plane needs at least 2 parameters; the model has \(model.parameterCount)") }
        guard theta.allSatisfy(\.isFinite) else { throw TrainingError("the run's end is not finite: no Hessian there") }
        var hessian = NetworkHessian(model: model, data: data, theta: theta)
        let result = Lanczos.extremeEigenpairs(of: &hessian, largest: saddle ? 1 : 2, smallest: saddle ? 1 : 0, seed: seed, tolerance: 1e-10)
        let pairs = saddle ? [result.largest[0], result.smallest[0]] : Array(result.largest.prefix(2))
        var plane = Plane(kind: saddle ? .saddle : .hessian, center: theta, d1: pairs[0].vector, d2: pairs[1].vector, seed: seed, normalization: "orthonormal")
        plane.eigenvalues = pairs.map(\.value)
        plane.orient(start: start ?? theta)
        return plane
    }

    /// Two filter-normalized Gaussian directions around `center`, from `seed`.
    public static func random(around center: [Double], model: MLP, seed: UInt64) -> Plane {
        var normal = NormalGenerator(seed: seed)
        let d1 = filterNormalizedDirection(around: center, model: model, normal: &normal)
        let d2 = filterNormalizedDirection(around: center, model: model, normal: &normal)
        return Plane(kind: .random, center: center, d1: d1, d2: d2, seed: seed, normalization: "filter")
    }

    /// A Gaussian direction, each weight row scaled to the center's row norm, biases zero.
    public static func filterNormalizedDirection(around center: [Double], model: MLP, normal: inout NormalGenerator) -> [Double] {
        var d = [Double](repeating: 0, count: center.count)
        for l in 0..<model.layerCount {
            let (w, _) = model.layer(l)
            let nIn = model.widths[l]
            for row in 0..<model.widths[l + 1] {
                let range = (w.lowerBound + row * nIn)..<(w.lowerBound + (row + 1) * nIn)
                var dn = 0.0, tn = 0.0
                for i in range {
                    d[i] = normal.next()
                    dn += d[i] * d[i]
                    tn += center[i] * center[i]
                }
                let scale = tn.squareRoot() / (dn.squareRoot() + 1e-10)
                for i in range { d[i] *= scale }
            }
        }
        return d
    }

    /// Points a plane is fitted to: a diverged run's points past the divergence bound (10¹², as in
    /// the plane) are left out, as figures leave out a path where it leaves the view.
    public static func fitted(_ points: [[Double]]) -> [[Double]] {
        let bound = StopRule(maxSteps: 0).divergenceBound
        return points.filter { p in p.allSatisfy { abs($0) <= bound } }
    }

    /// The first two principal directions of one run's points {θₜ − θ*}, through θ* (the last
    /// point inside the divergence bound).
    public static func pca(of allPoints: [[Double]]) throws(TrainingError) -> Plane {
        let points = fitted(allPoints)
        guard points.count >= 3, let last = points.last else {
            throw TrainingError("a PCA plane needs at least 3 recorded points; record more often (--record-every)")
        }
        let rows = points.map { p in zip(p, last).map { $0 - $1 } }
        let (directions, explained) = try principalDirections(rows, centred: true)
        var plane = Plane(kind: .pca, center: last, d1: directions[0], d2: directions[1], explained: explained, normalization: "orthonormal")
        plane.orient(start: points[0])
        return plane
    }

    /// The two directions that best fit several runs' points from one start θ₀, through θ₀.
    public static func shared(from start: [Double], runs: [[[Double]]]) throws(TrainingError) -> Plane {
        let rows = runs.flatMap { fitted($0).map { p in zip(p, start).map { $0 - $1 } } }
        guard rows.count >= 3 else {
            throw TrainingError("a shared plane needs at least 3 recorded points; record more often (--record-every)")
        }
        let (directions, explained) = try principalDirections(rows, centred: false)
        var plane = Plane(kind: .shared, center: start, d1: directions[0], d2: directions[1], explained: explained, normalization: "orthonormal")
        if let end = runs.first?.last { plane.orient(end: end) }
        return plane
    }

    /// Signs that make figures read the same way: the path starts at α, β ≤ 0 (pca), or the
    /// first run ends at α, β ≥ 0 (shared).
    mutating func orient(start: [Double]? = nil, end: [Double]? = nil) {
        let target = start ?? end ?? center
        let (a, b, _) = coordinates(of: target)
        let sign = start != nil ? -1.0 : 1.0
        if a * sign < 0 { d1 = d1.map { -$0 } }
        if b * sign < 0 { d2 = d2.map { -$0 } }
    }

    /// The share of each run's displacement {θₜ − center} that lies in the plane:
    /// Σₜ‖P(θₜ − c)‖² / Σₜ‖θₜ − c‖² (1 for a path inside the plane).
    public func captured(_ points: [[Double]]) -> Double {
        var inPlane = 0.0, total = 0.0
        for p in points {
            let distance = coordinates(of: p).distance
            var r2 = 0.0
            for i in center.indices { r2 += (p[i] - center[i]) * (p[i] - center[i]) }
            total += r2
            inPlane += Swift.max(0, r2 - distance * distance)
        }
        return total > 0 ? inPlane / total : 1
    }
}

/// The top two right singular vectors of the rows (after subtracting their mean, when `centred`),
/// unit length, with their share of Σ s². Subspace iteration with Rayleigh–Ritz on 8 vectors,
/// so that it costs O(rows × length) per pass whatever the sizes.
func principalDirections(_ rows: [[Double]], centred: Bool) throws(TrainingError) -> (directions: [[Double]], explained: [Double]) {
    let n = rows[0].count
    var m = rows
    if centred {
        var mean = [Double](repeating: 0, count: n)
        for r in rows { for i in 0..<n { mean[i] += r[i] } }
        for i in 0..<n { mean[i] /= Double(rows.count) }
        for k in m.indices { for i in 0..<n { m[k][i] -= mean[i] } }
    }
    var total = 0.0
    for r in m { for v in r { total += v * v } }
    guard total > 0, total.isFinite else {
        throw TrainingError("the recorded points do not move (or are not finite): no plane fits them")
    }
    let p = Swift.min(8, m.count, n)
    guard p >= 2 else { throw TrainingError("a plane needs points that span two directions") }
    var normal = NormalGenerator(seed: 0x5EED)
    var q = (0..<p).map { _ in (0..<n).map { _ in normal.next() } }
    orthonormalize(&q)
    var values = [Double](repeating: 0, count: p)
    var previous = [Double](repeating: -1, count: 2)
    for iteration in 0..<1000 {
        // Y = Mᵀ(M Q): one pass over the rows for every column of Q.
        let projections = q.map { column in m.map { dot($0, column) } }
        var y = q.map { _ in [Double](repeating: 0, count: n) }
        for j in 0..<p {
            for (k, row) in m.enumerated() {
                let c = projections[j][k]
                if c != 0 { for i in 0..<n { y[j][i] += c * row[i] } }
            }
        }
        // Rayleigh–Ritz: eigenvectors of Qᵀ Mᵀ M Q = Qᵀ Y rotate Q toward the singular vectors.
        var b = (0..<p).map { i in (0..<p).map { j in dot(q[i], y[j]) } }
        let vectors = jacobiEigen(&b)
        values = (0..<p).map { b[$0][$0] }
        let order = (0..<p).sorted { values[$0] > values[$1] }
        values = order.map { values[$0] }
        var rotated = q.map { _ in [Double](repeating: 0, count: n) }
        for (slot, j) in order.enumerated() {
            for k in 0..<p { let c = vectors[k][j]; if c != 0 { for i in 0..<n { rotated[slot][i] += c * y[k][i] } } }
        }
        let old = [q[0], q[1]]
        q = rotated
        orthonormalize(&q)
        // Converged when the top two directions stop turning (and their values stop changing).
        let turn = Swift.max(1 - abs(dot(old[0], q[0])), 1 - abs(dot(old[1], q[1])))
        let converged = turn <= 1e-15 && abs(values[1] - previous[1]) <= 1e-14 * values[0]
        previous = [values[0], values[1]]
        if converged && iteration > 2 { break }
    }
    guard values[1] > 0 else { throw TrainingError("the recorded points lie on a line: no second direction") }
    return ([q[0], q[1]], [values[0] / total, values[1] / total])
}

@inlinable func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

/// Modified Gram–Schmidt, twice, for vectors that are nearly dependent.
func orthonormalize(_ q: inout [[Double]]) {
    for _ in 0..<2 {
        for j in q.indices {
            for k in 0..<j {
                let c = dot(q[j], q[k])
                for i in q[j].indices { q[j][i] -= c * q[k][i] }
            }
            let norm = dot(q[j], q[j]).squareRoot()
            if norm > 0 { for i in q[j].indices { q[j][i] /= norm } }
        }
    }
}

/// Cyclic Jacobi on a small symmetric matrix: diagonalizes `a` in place and returns the
/// eigenvectors as columns (v[k][j] is component k of eigenvector j).
func jacobiEigen(_ a: inout [[Double]]) -> [[Double]] {
    let n = a.count
    var v = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<n { for j in (i + 1)..<n { off += a[i][j] * a[i][j] } }
        if off == 0 || !off.isFinite { break }
        for p in 0..<n {
            for q in (p + 1)..<n where a[p][q] != 0 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let vkp = v[k][p], vkq = v[k][q]
                    v[k][p] = c * vkp - s * vkq
                    v[k][q] = s * vkp + c * vkq
                }
            }
        }
    }
    return v
}
