/// The convex bowl f(x, y) = x² + y².
///
/// ∇f = (2x, 2y), ∇²f = 2I. The unique minimum is f(0, 0) = 0. Every gradient points straight
/// at the origin, so on the bowl all methods head for the minimum along the line from the start.
public struct Bowl: DifferentiableFunction {
    public init() {}

    @inlinable public func value(at p: Vector2) -> Double { p.x * p.x + p.y * p.y }
    @inlinable public func gradient(at p: Vector2) -> Vector2 { 2 * p }
    @inlinable public func hessian(at p: Vector2) -> Hessian { Hessian(xx: 2, xy: 0, yy: 2) }

    static let entry = SurfaceCatalog.Entry(name: "bowl", summary: "convex bowl w₁² + w₂²") { arguments throws(SpecError) in
        Surface(
            name: "bowl", parameters: arguments.parameters,
            formula: "f(w₁, w₂) = w₁² + w₂²",
            domain: .square(3),
            minima: [CriticalPoint([0, 0], value: 0, kind: .globalMinimum)],
            starts: [StartPoint([2.5, 2.5], note: "on the diagonal: every method heads straight for the minimum",
                                optimizers: ["gd:lr=0.1", "momentum:lr=0.05,momentum=0.8", "adam:lr=0.3"])],
            function: Bowl(), constantHessian: Bowl().hessian(at: .zero)
        )
    }
}
