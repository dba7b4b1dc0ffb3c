import Contours
import Dispatch
import Landscapes
import Trajectories

/// What a landscape panel shows of its surface's curvature: the regions where the Hessian is
/// indefinite (det ∇²f < 0: the surface curves up one way and down the other, as at a saddle),
/// shaded with their boundary dashed, and curvature ellipses.
///
/// A curvature ellipse at p is a level set of the quadratic model ½·cᵀ∇²f(p)·c: its axes lie
/// along the Hessian's eigenvectors and its semi-axes are s/√|λᵢ| (one s for every ellipse of the
/// figure), so a long axis is a flat direction and a short one a steep one: the shape of the
/// contour lines near p, and the ravine a zig-zagging GD bounces across. Where an eigenvalue is
/// negative, its axis and the ellipse are dashed.
public struct CurvatureOverlay: Sendable {
    /// The indefinite region as closed rings (nonzero fill), and its boundary det ∇²f = 0.
    public var indefinite: [Polyline] = []
    public var boundary: [Polyline] = []
    public var ellipses: [Ellipse] = []
    /// The scale s of the semi-axes s/√|λ|, in data units.
    public var scale: Double = 1
    /// The longest semi-axis drawn, in data units (a flat direction's would be unbounded).
    public var longest: Double = 1

    public struct Ellipse: Sendable {
        public var center: Vector2
        public var hessian: Hessian
        /// The run's colour, or nil for the figure's text colour (ellipses at given points).
        public var color: Color?
        public init(center: Vector2, hessian: Hessian, color: Color? = nil) {
            self.center = center
            self.hessian = hessian
            self.color = color
        }
    }

    public init() {}

    /// The indefinite regions' veil: white at 40%, so the colours beneath still read.
    public static let veil = Color(hex: 0xFFFFFF, alpha: 0.4)

    /// The overlay of `surface` over `domain`: with `indefinite`, the regions where det ∇²f < 0,
    /// found on a `resolution`² lattice of exact Hessians and contoured at 0; ellipses at the
    /// given points inside the domain, sized so that the median ellipse's long semi-axis is 8% of the domain's
    /// shorter side, and none is longer than 15% of it.
    public init(surface: Surface, domain: Domain, indefinite: Bool, ellipses: [Ellipse], resolution: Int = 201) {
        if indefinite {
            let nx = resolution, ny = resolution
            let xs = (0..<nx).map { domain.xmin + Double($0) * domain.width / Double(nx - 1) }
            let ys = (0..<ny).map { domain.ymin + Double($0) * domain.height / Double(ny - 1) }
            var values = [Double](repeating: .nan, count: nx * ny)
            values.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: ny) { j in
                    for i in 0..<nx { out[j * nx + i] = -surface.hessian(at: Vector2(xs[i], ys[j])).determinant }
                }
            }
            let grid = Grid(domain: domain, nx: nx, ny: ny, values: values)
            if let range = grid.finiteRange, range.max > 0 {
                // {−det ≥ 0}: the superlevel set of level 0 between two levels outside the range.
                let geometry = FieldGeometry(grid: grid, style: FieldStyle(levels: [Swift.min(range.min, 0) - 1, 0, range.max + 1]))
                self.indefinite = geometry.layers.count > 1 ? geometry.layers[1] : []
                self.boundary = geometry.lineLevels.count > 1 ? geometry.lineLevels[1] : []
            }
        }
        let shorter = Swift.min(domain.width, domain.height)
        let kept = ellipses.filter { e in
            let (lo, hi) = e.hessian.eigenvalues
            // Ellipses centred outside the view are left out (their outline would not show, and
            // far-off coordinates must never reach the canvas).
            return e.center.isFinite && domain.contains(e.center) && lo.isFinite && hi.isFinite && (lo != 0 || hi != 0)
        }
        self.ellipses = kept
        let factors = kept.map { e -> Double in
            let (lo, hi) = e.hessian.eigenvalues
            let small = Swift.min(abs(lo), abs(hi))
            return small > 0 ? 1 / small.squareRoot() : .infinity
        }.sorted()
        longest = 0.15 * shorter
        if let median = factors.isEmpty ? nil : factors[factors.count / 2], median.isFinite, median > 0 {
            scale = 0.08 * shorter / median
        } else {
            // Every ellipse has a flat direction: size by the steep one instead.
            let steep = kept.map { e in 1 / Swift.max(abs(e.hessian.eigenvalues.min), abs(e.hessian.eigenvalues.max)).squareRoot() }.sorted()
            scale = steep.isEmpty ? 1 : 0.08 * shorter / steep[steep.count / 2]
        }
    }

    /// The ellipse's outline in data coordinates (72 points) and its two principal axes, each
    /// with whether its eigenvalue is negative.
    public func outline(of e: Ellipse) -> (points: [Vector2], axes: [(from: Vector2, to: Vector2, negative: Bool)]) {
        let (lo, hi) = e.hessian.eigenvalues
        let (vLo, vHi) = e.hessian.eigenvectors
        func radius(_ l: Double) -> Double { l == 0 ? longest : Swift.min(longest, scale / abs(l).squareRoot()) }
        let rHi = radius(hi), rLo = radius(lo)
        let points = (0..<72).map { k -> Vector2 in
            let t = Double(k) * 2 * Double.pi / 72
            let a = rHi * cos(t), b = rLo * sin(t)
            return Vector2(e.center.x + a * vHi.x + b * vLo.x, e.center.y + a * vHi.y + b * vLo.y)
        }
        func axis(_ v: Vector2, _ r: Double, _ l: Double) -> (Vector2, Vector2, Bool) {
            (Vector2(e.center.x - r * v.x, e.center.y - r * v.y), Vector2(e.center.x + r * v.x, e.center.y + r * v.y), l < 0)
        }
        return (points, [axis(vHi, rHi, hi), axis(vLo, rLo, lo)])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
