import Dispatch
import Landscapes

/// The Hessian's extreme eigenvalues on a lattice of a plane, as loss-landscape's Hessian figure
/// has them: `largest[i·x.count + j]` and `smallest[…]` at center + x[j]·d₁ + y[i]·d₂ (rows = y).
/// Their ratio λmin/λmax is negative where the loss is non-convex (a saddle or a ridge), near 0
/// where it is flat in some direction, and positive where it is locally convex.
///
/// Each point is a Lanczos run on the full-batch Hessian to a residual of `tolerance`·|λ|max,
/// points in parallel on every core.
public struct CurvatureGrid: Sendable {
    /// The most Hessian-vector products one point's Lanczos run takes (it stops sooner when it
    /// converges, which at a tolerance of 10⁻⁸ is usually within 100).
    public static let maxProducts = 300

    public var x: [Double]
    public var y: [Double]
    public var largest: [Double]
    public var smallest: [Double]

    public init(x: [Double], y: [Double], largest: [Double], smallest: [Double]) {
        self.x = x
        self.y = y
        self.largest = largest
        self.smallest = smallest
    }

    /// λmin/λmax at each point (NaN where λmax is 0 or a value is not finite).
    public var ratio: [Double] {
        zip(smallest, largest).map { s, l in l != 0 && s.isFinite && l.isFinite ? s / l : .nan }
    }

    public static func compute(model: MLP, data: Dataset, plane: Plane, x: [Double], y: [Double], seed: UInt64 = 0, tolerance: Double = 1e-8,
                               progress: (@Sendable (_ pointsDone: Int, _ points: Int) -> Void)? = nil) -> CurvatureGrid {
        let nx = x.count, count = x.count * y.count
        var largest = [Double](repeating: .nan, count: count), smallest = [Double](repeating: .nan, count: count)
        let done = Counter()
        largest.withUnsafeMutableBufferPointer { top in
            smallest.withUnsafeMutableBufferPointer { bottom in
                nonisolated(unsafe) let top = top, bottom = bottom
                DispatchQueue.concurrentPerform(iterations: count) { k in
                    var theta = plane.center
                    plane.point(x[k % nx], y[k / nx], into: &theta)
                    guard theta.allSatisfy(\.isFinite) else { return }
                    var hessian = NetworkHessian(model: model, data: data, theta: theta)
                    let r = Lanczos.extremeEigenpairs(of: &hessian, largest: 1, smallest: 1, seed: seed, maxIterations: maxProducts, tolerance: tolerance)
                    top[k] = r.largest.first?.value ?? .nan
                    bottom[k] = r.smallest.first?.value ?? .nan
                    if let progress { progress(done.add(1), count) }
                }
            }
        }
        return CurvatureGrid(x: x, y: y, largest: largest, smallest: smallest)
    }
}
