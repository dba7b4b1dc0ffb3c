/// An ill-conditioned quadratic, ½(u² + κ·v²) in coordinates (u, v) turned by `angle` degrees:
/// "pathological curvature".
///
/// With R the rotation by θ = angle, the Hessian is the constant H = R·diag(1, κ)·Rᵀ:
///
///     H = [[c² + κs², (1 − κ)cs], [(1 − κ)cs, s² + κc²]],   c = cos θ, s = sin θ
///     f(w) = ½·wᵀHw,   ∇f = H·w
///
/// Gradient descent converges only for γ < 2/κ and then crawls along the valley at rate 1 − γ.
public struct Ravine: DifferentiableFunction {
    public let kappa: Double
    public let angle: Double
    public let h: Hessian

    public init(kappa: Double, angle: Double) {
        self.kappa = kappa
        self.angle = angle
        // Reduced to (−360°, 360°) first (exactly), so that a huge angle stays finite in radians.
        let theta = angle.truncatingRemainder(dividingBy: 360) * Double.pi / 180
        let c = Self.cosine(theta), s = Self.sine(theta)
        h = Hessian(xx: c * c + kappa * s * s, xy: (1 - kappa) * c * s, yy: s * s + kappa * c * c)
    }

    public func value(at p: Vector2) -> Double { 0.5 * (p.x * (h.xx * p.x + h.xy * p.y) + p.y * (h.xy * p.x + h.yy * p.y)) }
    public func gradient(at p: Vector2) -> Vector2 { h.applied(to: p) }
    public func hessian(at p: Vector2) -> Hessian { h }

    /// cos and sin that are exact at multiples of 90°, so `angle=0` gives exactly diag(1, κ).
    static func cosine(_ t: Double) -> Double { exactQuarterTurn(t)?.c ?? mathCos(t) }
    static func sine(_ t: Double) -> Double { exactQuarterTurn(t)?.s ?? mathSin(t) }
    static func exactQuarterTurn(_ t: Double) -> (c: Double, s: Double)? {
        let quarter = t / (Double.pi / 2)
        guard quarter == quarter.rounded() else { return nil }
        switch ((Int(quarter) % 4) + 4) % 4 {
        case 0: return (1, 0)
        case 1: return (0, 1)
        case 2: return (-1, 0)
        default: return (0, -1)
        }
    }

    static let entry = SurfaceCatalog.Entry(
        name: "ravine", summary: "ill-conditioned quadratic ½(u² + κv²) turned by angle degrees",
        parameters: [
            ParameterInfo(name: "kappa", summary: "condition number κ (ratio of the curvatures)", defaultValue: .number(50), constraint: .positive),
            ParameterInfo(name: "angle", summary: "rotation of the valley, degrees", defaultValue: .number(0)),
        ]
    ) { a throws(SpecError) in
        let kappa = a.number("kappa"), angle = a.number("angle")
        let f = Ravine(kappa: kappa, angle: angle)
        let k = kappa.shortDescription
        let formula = angle == 0
            ? "f(w₁, w₂) = ½(w₁² + \(k)·w₂²)"
            : "f = ½(u² + \(k)·v²), (u, v) = w turned by \(angle.shortDescription)°"
        // Reduced to (−360°, 360°) first (exactly), so that a huge angle stays finite in radians.
        let theta = angle.truncatingRemainder(dividingBy: 360) * Double.pi / 180
        let c = cosine(theta), s = sine(theta)
        let start = Vector2(-2.5 * c - 1 * s, -2.5 * s + 1 * c)
        let lr = Rounding.significant(1.8 / max(kappa, 1), digits: 2)
        return Surface(
            name: "ravine", parameters: a.parameters, formula: formula,
            domain: angle == 0 ? Domain(xmin: -3, xmax: 3, ymin: -1.5, ymax: 1.5) : .square(3),
            minima: [CriticalPoint([0, 0], value: 0, kind: .globalMinimum)],
            starts: [StartPoint(start, note: "GD zig-zags across the valley and crawls along it; momentum and Adam do not",
                                optimizers: ["gd:lr=\(lr.shortDescription)", "momentum:lr=\(Rounding.significant(lr / 4, digits: 2).shortDescription),momentum=0.9", "adam:lr=0.1"])],
            function: f, constantHessian: f.hessian(at: .zero))
    }
}
