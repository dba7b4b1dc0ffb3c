/// A twice-differentiable function of the plane with analytic derivatives.
///
/// Conformers give exact formulas, never finite differences; the tests check each one against
/// central differences. One-dimensional functions ignore `p.y` and return zero for every
/// derivative that involves it.
public protocol DifferentiableFunction: Sendable {
    /// f(p).
    func value(at p: Vector2) -> Double
    /// ∇f(p) = (∂f/∂x, ∂f/∂y).
    func gradient(at p: Vector2) -> Vector2
    /// ∇²f(p).
    func hessian(at p: Vector2) -> Hessian
    /// f(p) for sampling a grid: the same function, possibly by a faster formula that agrees with
    /// `value(at:)` to round-off (data surfaces use a closed form in data moments here).
    func gridValue(at p: Vector2) -> Double
    /// Fills `rows` of a lattice: `out[(j − rows.lowerBound)·xs.count + i] = gridValue(xᵢ, yⱼ)`.
    /// Surfaces with separable terms (sin w₁·cos w₂, cos 2πx + cos 2πy) override this to compute
    /// each such term once per column and once per row.
    func fillGrid(xs: [Double], ys: [Double], rows: Range<Int>, into out: UnsafeMutablePointer<Double>)
}

extension DifferentiableFunction {
    public func gridValue(at p: Vector2) -> Double { value(at: p) }

    public func fillGrid(xs: [Double], ys: [Double], rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        var k = 0
        for j in rows {
            let y = ys[j]
            for x in xs {
                out[k] = gridValue(at: Vector2(x, y))
                k += 1
            }
        }
    }
}
