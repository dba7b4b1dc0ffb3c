/// A double well with a global and a local minimum: f(w₁, w₂) = (w₁² − 1)² + 0.3·w₁ + w₂².
///
///     ∇f = (4w₁(w₁² − 1) + 0.3, 2w₂),   ∇²f = [[12w₁² − 4, 0], [0, 2]]
///
/// The minima solve 4w₁³ − 4w₁ + 0.3 = 0 (w₂ = 0): w₁ ≈ −1.0356 (global) and w₁ ≈ 0.9601 (local),
/// with a maximum in between at w₁ ≈ 0.0754. From (1.9, 1.2), gradient descent settles in the local
/// well; momentum carries over the ridge into the global one.
public struct TwoWell: DifferentiableFunction {
    public init() {}
    public func value(at p: Vector2) -> Double {
        let a = p.x * p.x - 1
        return a * a + 0.3 * p.x + p.y * p.y
    }
    public func gradient(at p: Vector2) -> Vector2 { Vector2(4 * p.x * (p.x * p.x - 1) + 0.3, 2 * p.y) }
    public func hessian(at p: Vector2) -> Hessian { Hessian(xx: 12 * p.x * p.x - 4, xy: 0, yy: 2) }

    static let entry = SurfaceCatalog.Entry(name: "two-well", summary: "double well with a global and a local minimum") { a throws(SpecError) in
        let f = TwoWell()
        let minima = [Vector2(-1.04, 0), Vector2(0.96, 0)].compactMap { refineCriticalPoint(of: f, from: $0) }
        return Surface(
            name: "two-well", parameters: a.parameters, formula: "f(w₁, w₂) = (w₁² − 1)² + 0.3·w₁ + w₂²",
            domain: Domain(xmin: -2, xmax: 2, ymin: -1.5, ymax: 1.5),
            minima: [CriticalPoint(minima[0], value: f.value(at: minima[0]), kind: .globalMinimum),
                     CriticalPoint(minima[1], value: f.value(at: minima[1]), kind: .localMinimum)],
            starts: [StartPoint([1.9, 1.2], note: "GD stops in the local well; momentum 0.9 reaches the global one",
                                optimizers: ["gd:lr=0.05", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"])],
            function: f)
    }
}
