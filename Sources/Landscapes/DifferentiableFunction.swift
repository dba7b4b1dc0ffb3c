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
}
