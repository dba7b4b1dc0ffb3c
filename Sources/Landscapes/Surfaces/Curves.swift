/// The parabola f(θ) = θ², a curve: f′ = 2θ, f″ = 2.
public struct Parabola: DifferentiableFunction {
    public init() {}
    public func value(at p: Vector2) -> Double { p.x * p.x }
    public func gradient(at p: Vector2) -> Vector2 { Vector2(2 * p.x, 0) }
    public func hessian(at p: Vector2) -> Hessian { Hessian(xx: 2, xy: 0, yy: 0) }

    static let entry = SurfaceCatalog.Entry(name: "parabola", summary: "the curve θ² (1-D)") { a throws(SpecError) in
        Surface(
            name: "parabola", parameters: a.parameters, formula: "f(θ) = θ²", dimension: 1,
            domain: Domain(xmin: -11, xmax: 11, ymin: -5, ymax: 121),
            minima: [CriticalPoint([0, 0], value: 0, kind: .globalMinimum)],
            starts: [StartPoint([10, 0], note: "momentum overshoots and oscillates; more momentum, more swing",
                                optimizers: ["gd:lr=0.1", "momentum:lr=0.1,momentum=0.5", "momentum:lr=0.1,momentum=0.9"])],
            function: Parabola())
    }
}

/// The wavy curve f(θ) = 2θ²·sin θ·cos θ = θ²·sin 2θ.
///
///     f′(θ) = 2θ·sin 2θ + 2θ²·cos 2θ
///     f″(θ) = 2·sin 2θ + 8θ·cos 2θ − 4θ²·sin 2θ
///
/// A widely read write-up of this example differentiated it wrongly; these are the true derivatives
/// (checked against finite differences in the tests). On [−3, 3] the curve has maxima at θ ≈ ±2.5435,
/// a shallow minimum at θ ≈ −1.1445 (f ≈ −0.986), a flat inflection at 0 and the deep minimum at
/// θ ≈ 2.5434 (f ≈ −6.021).
public struct Wavy: DifferentiableFunction {
    public init() {}
    public func value(at p: Vector2) -> Double { p.x * p.x * mathSin(2 * p.x) }
    public func gradient(at p: Vector2) -> Vector2 {
        let t = p.x
        return Vector2(2 * t * mathSin(2 * t) + 2 * t * t * mathCos(2 * t), 0)
    }
    public func hessian(at p: Vector2) -> Hessian {
        let t = p.x, s = mathSin(2 * t), c = mathCos(2 * t)
        return Hessian(xx: 2 * s + 8 * t * c - 4 * t * t * s, xy: 0, yy: 0)
    }

    static let entry = SurfaceCatalog.Entry(name: "wavy", summary: "the curve 2θ²·sin θ·cos θ (1-D)") { a throws(SpecError) in
        let f = Wavy()
        let found = [-1.14, 2.54].compactMap { refineCriticalPoint(of: f, from: [$0, 0], dimension: 1) }
        var minima = found.map { CriticalPoint($0, value: f.value(at: $0), kind: .localMinimum) }.sorted { $0.value < $1.value }
        minima[0].kind = .globalMinimum
        return Surface(
            name: "wavy", parameters: a.parameters, formula: "f(θ) = 2θ²·sin θ·cos θ", dimension: 1,
            domain: Domain(xmin: -3, xmax: 3, ymin: -7, ymax: 7),
            minima: minima,
            starts: [StartPoint([-2.4, 0], note: "GD stops in the shallow well; momentum 0.95 rolls over the hump into the deep one",
                                optimizers: ["gd:lr=0.02", "momentum:lr=0.02,momentum=0.95", "adam:lr=0.1"])],
            function: f)
    }
}
