/// A function that is the mean of per-sample losses over a data set, f(w) = (1/n)·Σᵢ ℓᵢ(w), so that
/// stochastic and mini-batch gradients are real: the gradient of a batch B is (1/|B|)·Σ_{i∈B} ∇ℓᵢ(w).
///
/// `gridValue(at:)` and `gradient(at:)` of the whole data set use a closed form (a linear model's
/// mean squared error is a quadratic in w whose coefficients are data moments), so sampling a grid
/// costs the same whatever n is; `value(at:)` sums the residuals, which stays exact near a perfect fit.
public protocol SampledFunction: DifferentiableFunction {
    /// The number of samples n.
    var sampleCount: Int { get }
    /// (1/|B|)·Σ_{i∈B} ℓᵢ(w) for the sample indices in `batch`.
    func value(at p: Vector2, batch: ArraySlice<Int>) -> Double
    /// (1/|B|)·Σ_{i∈B} ∇ℓᵢ(w) for the sample indices in `batch`.
    func gradient(at p: Vector2, batch: ArraySlice<Int>) -> Vector2
}

/// A data set of (x, y) pairs and the moments a least-squares closed form needs.
public struct SampleData: Sendable, Hashable {
    public let x: [Double]
    public let y: [Double]
    /// Means of x, y, x², x·y and y².
    public let mx: Double, my: Double, mxx: Double, mxy: Double, myy: Double
    /// Centred moments (two-pass): Var x, Cov(x, y), Var y, each with divisor n.
    public let varX: Double, covXY: Double, varY: Double
    /// 0, 1, …, n − 1: the whole data set as a batch.
    public let all: ArraySlice<Int>

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && !x.isEmpty, "a data set needs as many x as y, at least one")
        self.x = x
        self.y = y
        let n = Double(x.count)
        var sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in x.indices {
            sx += x[i]
            sy += y[i]
            sxx += x[i] * x[i]
            sxy += x[i] * y[i]
            syy += y[i] * y[i]
        }
        mx = sx / n
        my = sy / n
        mxx = sxx / n
        mxy = sxy / n
        myy = syy / n
        var vx = 0.0, cxy = 0.0, vy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            vx += dx * dx
            cxy += dx * dy
            vy += dy * dy
        }
        varX = vx / n
        covXY = cxy / n
        varY = vy / n
        all = Array(x.indices)[...]
    }

    /// mean((a·x + b − y)²) = (a·E[x] + b − E[y])² + a²·Var x − 2a·Cov(x, y) + Var y.
    @inlinable public func meanSquaredResidual(slope a: Double, intercept b: Double) -> Double {
        let m = a * mx + b - my
        return m * m + a * a * varX - 2 * a * covXY + varY
    }

    public var count: Int { x.count }
}
