/// A point or a direction in the plane: `(x, y)`, or `(w₁, w₂)` for a model's weights.
///
/// One-dimensional surfaces use `x` only and keep `y` at zero.
public typealias Vector2 = SIMD2<Double>

extension SIMD2 where Scalar == Double {
    /// The Euclidean norm √(x² + y²), computed without undue overflow.
    @inlinable public var norm: Double {
        let ax = abs(x), ay = abs(y)
        let big = Swift.max(ax, ay)
        guard big > 0, big.isFinite else { return big.isNaN ? .nan : big }
        let a = ax / big, b = ay / big
        return big * (a * a + b * b).squareRoot()
    }

    /// Whether both components are finite.
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// A symmetric 2×2 matrix: the Hessian ∇²f = [[xx, xy], [xy, yy]].
public struct Hessian: Hashable, Sendable, CustomStringConvertible {
    public var xx: Double
    public var xy: Double
    public var yy: Double

    @inlinable public init(xx: Double, xy: Double, yy: Double) {
        self.xx = xx
        self.xy = xy
        self.yy = yy
    }

    /// The zero matrix.
    public static let zero = Hessian(xx: 0, xy: 0, yy: 0)

    /// The determinant xx·yy − xy².
    @inlinable public var determinant: Double { xx * yy - xy * xy }

    /// The two eigenvalues, smallest first. Exact for a symmetric matrix:
    /// λ = (xx + yy)/2 ∓ √(((xx − yy)/2)² + xy²).
    public var eigenvalues: (min: Double, max: Double) {
        let mean = 0.5 * (xx + yy)
        let half = 0.5 * (xx - yy)
        let radius = (half * half + xy * xy).squareRoot()
        return (mean - radius, mean + radius)
    }

    /// The unit eigenvectors of the smallest and the largest eigenvalue (orthogonal; for a
    /// multiple of the identity, the axes). For λ = λmax, (λ − yy, xy) is one when xy ≠ 0.
    public var eigenvectors: (min: Vector2, max: Vector2) {
        let (_, top) = eigenvalues
        var v: Vector2
        if xy != 0 {
            // Of (λ − yy, xy) and (xy, λ − xx), the longer, for accuracy when xy is tiny.
            let a = Vector2(top - yy, xy), b = Vector2(xy, top - xx)
            v = a.norm >= b.norm ? a : b
        } else {
            v = xx >= yy ? Vector2(1, 0) : Vector2(0, 1)
        }
        let n = v.norm
        v = n > 0 && n.isFinite ? Vector2(v.x / n, v.y / n) : Vector2(1, 0)
        return (Vector2(-v.y, v.x), v)
    }

    /// Whether both eigenvalues are strictly positive (Sylvester: xx > 0 and det > 0).
    @inlinable public var isPositiveDefinite: Bool { xx > 0 && determinant > 0 }

    /// The product H·v.
    @inlinable public func applied(to v: Vector2) -> Vector2 {
        Vector2(xx * v.x + xy * v.y, xy * v.x + yy * v.y)
    }

    /// Solves H·d = b by Cramer's rule; nil where H is singular.
    @inlinable public func solve(_ b: Vector2) -> Vector2? {
        let det = determinant
        guard det != 0, det.isFinite else { return nil }
        return Vector2((yy * b.x - xy * b.y) / det, (xx * b.y - xy * b.x) / det)
    }

    public var description: String { "[[\(xx), \(xy)], [\(xy), \(yy)]]" }
}
