/// Rosenbrock's banana valley, f(x, y) = (a − x)² + b·(y − x²)².
///
///     ∇f = (−2(a − x) − 4bx(y − x²), 2b(y − x²))
///     ∇²f = [[2 − 4b(y − x²) + 8bx², −4bx], [−4bx, 2b]]
///
/// The minimum f(a, a²) = 0 lies at the end of a long curved valley.
public struct Rosenbrock: DifferentiableFunction {
    public let a: Double, b: Double
    public init(a: Double = 1, b: Double = 100) {
        self.a = a
        self.b = b
    }
    public func value(at p: Vector2) -> Double {
        let u = a - p.x, v = p.y - p.x * p.x
        return u * u + b * v * v
    }
    public func gradient(at p: Vector2) -> Vector2 {
        let v = p.y - p.x * p.x
        return Vector2(-2 * (a - p.x) - 4 * b * p.x * v, 2 * b * v)
    }
    public func hessian(at p: Vector2) -> Hessian {
        Hessian(xx: 2 - 4 * b * (p.y - p.x * p.x) + 8 * b * p.x * p.x, xy: -4 * b * p.x, yy: 2 * b)
    }

    static let entry = SurfaceCatalog.Entry(
        name: "rosenbrock", summary: "Rosenbrock's curved valley (a − x)² + b(y − x²)²",
        parameters: [ParameterInfo(name: "a", summary: "the minimum is at (a, a²)", defaultValue: .number(1)),
                     ParameterInfo(name: "b", summary: "steepness of the valley walls", defaultValue: .number(100), constraint: .positive)]
    ) { args throws(SpecError) in
        let a = args.number("a"), b = args.number("b")
        let f = Rosenbrock(a: a, b: b)
        let formula = "f(x, y) = (\(a.shortDescription) − x)² + \(b.shortDescription)·(y − x²)²"
        let cx = a, cy = a * a
        return Surface(
            name: "rosenbrock", parameters: args.parameters, formula: formula,
            domain: Domain(xmin: cx - 3, xmax: cx + 1.5, ymin: cy - 2, ymax: cy + 2.5),
            minima: [CriticalPoint([a, a * a], value: 0, kind: .globalMinimum)],
            starts: [StartPoint([Rounding.significant(cx - 2.2), cy], note: "the valley is easy to find and slow to follow",
                                optimizers: ["gd:lr=0.001", "momentum:lr=0.0002,momentum=0.9", "adam:lr=0.05"])],
            axisNames: ("x", "y"), function: f)
    }
}

/// Himmelblau's function, f(x, y) = (x² + y − 11)² + (x + y² − 7)², with four global minima of value 0.
///
///     A = x² + y − 11,  B = x + y² − 7
///     ∇f = (4xA + 2B, 2A + 4yB)
///     ∇²f = [[4A + 8x² + 2, 4x + 4y], [4x + 4y, 4B + 8y² + 2]]
public struct Himmelblau: DifferentiableFunction {
    public init() {}
    public func value(at p: Vector2) -> Double {
        let a = p.x * p.x + p.y - 11, b = p.x + p.y * p.y - 7
        return a * a + b * b
    }
    public func gradient(at p: Vector2) -> Vector2 {
        let a = p.x * p.x + p.y - 11, b = p.x + p.y * p.y - 7
        return Vector2(4 * p.x * a + 2 * b, 2 * a + 4 * p.y * b)
    }
    public func hessian(at p: Vector2) -> Hessian {
        let a = p.x * p.x + p.y - 11, b = p.x + p.y * p.y - 7
        return Hessian(xx: 4 * a + 8 * p.x * p.x + 2, xy: 4 * p.x + 4 * p.y, yy: 4 * b + 8 * p.y * p.y + 2)
    }

    static let entry = SurfaceCatalog.Entry(name: "himmelblau", summary: "Himmelblau's function, four global minima") { a throws(SpecError) in
        let f = Himmelblau()
        let seeds: [Vector2] = [[3, 2], [-2.805, 3.131], [-3.779, -3.283], [3.584, -1.848]]
        let minima = seeds.compactMap { refineCriticalPoint(of: f, from: $0) }
            .map { CriticalPoint($0, value: f.value(at: $0), kind: .globalMinimum) }
        return Surface(
            name: "himmelblau", parameters: a.parameters, formula: "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
            domain: .square(5), minima: minima,
            starts: [StartPoint([-0.5, -0.5], note: "which of the four minima a method reaches depends on its path",
                                optimizers: ["gd:lr=0.01", "momentum:lr=0.002,momentum=0.9", "adam:lr=0.1"])],
            axisNames: ("x", "y"), function: f)
    }
}

/// Beale's function, f(x, y) = Σᵢ (cᵢ − x + x·yⁱ)², c = (1.5, 2.25, 2.625), minimum f(3, 0.5) = 0.
///
///     tᵢ = cᵢ − x + x·yⁱ,   ∇tᵢ = (yⁱ − 1, i·x·yⁱ⁻¹)
///     ∇f = Σ 2tᵢ∇tᵢ,   ∇²f = Σ 2(∇tᵢ∇tᵢᵀ + tᵢ∇²tᵢ),   ∇²tᵢ = [[0, i·yⁱ⁻¹], [i·yⁱ⁻¹, i(i − 1)·x·yⁱ⁻²]]
public struct Beale: DifferentiableFunction {
    static let c = (1.5, 2.25, 2.625)
    public init() {}

    @inline(__always) func terms(_ p: Vector2) -> (t: (Double, Double, Double), y: (Double, Double, Double)) {
        let y1 = p.y, y2 = p.y * p.y, y3 = y2 * p.y
        return ((Self.c.0 - p.x + p.x * y1, Self.c.1 - p.x + p.x * y2, Self.c.2 - p.x + p.x * y3), (y1, y2, y3))
    }

    public func value(at p: Vector2) -> Double {
        let t = terms(p).t
        return t.0 * t.0 + t.1 * t.1 + t.2 * t.2
    }

    public func gradient(at p: Vector2) -> Vector2 {
        let (t, y) = terms(p)
        let x = p.x
        let gx = 2 * (t.0 * (y.0 - 1) + t.1 * (y.1 - 1) + t.2 * (y.2 - 1))
        let gy = 2 * (t.0 * x + t.1 * 2 * x * y.0 + t.2 * 3 * x * y.1)
        return Vector2(gx, gy)
    }

    public func hessian(at p: Vector2) -> Hessian {
        let (t, y) = terms(p)
        let x = p.x
        // ∇tᵢ = (aᵢ, bᵢ)
        let a = (y.0 - 1, y.1 - 1, y.2 - 1)
        let b = (x, 2 * x * y.0, 3 * x * y.1)
        let xx = 2 * (a.0 * a.0 + a.1 * a.1 + a.2 * a.2)
        let xy = 2 * (a.0 * b.0 + a.1 * b.1 + a.2 * b.2) + 2 * (t.0 * 1 + t.1 * 2 * y.0 + t.2 * 3 * y.1)
        let yy = 2 * (b.0 * b.0 + b.1 * b.1 + b.2 * b.2) + 2 * (t.1 * 2 * x + t.2 * 6 * x * y.0)
        return Hessian(xx: xx, xy: xy, yy: yy)
    }

    static let entry = SurfaceCatalog.Entry(name: "beale", summary: "Beale's function, flat plateaus and sharp ridges") { a throws(SpecError) in
        Surface(
            name: "beale", parameters: a.parameters,
            formula: "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            domain: Domain(xmin: -4.5, xmax: 4.5, ymin: -4.5, ymax: 4.5),
            minima: [CriticalPoint([3, 0.5], value: 0, kind: .globalMinimum)],
            starts: [StartPoint([1, 1.5], note: "a plateau where plain gradient steps stall",
                                optimizers: ["gd:lr=0.001", "momentum:lr=0.0005,momentum=0.9", "adam:lr=0.05"])],
            axisNames: ("x", "y"), function: Beale())
    }
}

/// Rastrigin's function in two dimensions, f(x, y) = 2A + x² − A·cos 2πx + y² − A·cos 2πy.
///
///     ∇f = (2x + 2πA·sin 2πx, 2y + 2πA·sin 2πy)
///     ∇²f = diag(2 + 4π²A·cos 2πx, 2 + 4π²A·cos 2πy)
///
/// The global minimum f(0, 0) = 0 is surrounded by a lattice of local minima near the integers.
public struct Rastrigin: DifferentiableFunction {
    public let amplitude: Double
    public init(amplitude: Double = 10) { self.amplitude = amplitude }
    public func value(at p: Vector2) -> Double {
        let twoPi = 2 * Double.pi
        return 2 * amplitude + p.x * p.x - amplitude * mathCos(twoPi * p.x) + p.y * p.y - amplitude * mathCos(twoPi * p.y)
    }
    public func gradient(at p: Vector2) -> Vector2 {
        let twoPi = 2 * Double.pi
        return Vector2(2 * p.x + twoPi * amplitude * mathSin(twoPi * p.x), 2 * p.y + twoPi * amplitude * mathSin(twoPi * p.y))
    }
    public func fillGrid(xs: [Double], ys: [Double], rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        let twoPi = 2 * Double.pi
        let columns = xs.map { $0 * $0 - amplitude * mathCos(twoPi * $0) }
        var k = 0
        for j in rows {
            let y = ys[j], row = 2 * amplitude + (y * y - amplitude * mathCos(twoPi * y))
            for column in columns {
                out[k] = row + column
                k += 1
            }
        }
    }

    public func hessian(at p: Vector2) -> Hessian {
        let twoPi = 2 * Double.pi
        let k = twoPi * twoPi * amplitude
        return Hessian(xx: 2 + k * mathCos(twoPi * p.x), xy: 0, yy: 2 + k * mathCos(twoPi * p.y))
    }

    static let entry = SurfaceCatalog.Entry(
        name: "rastrigin", summary: "Rastrigin's function, a lattice of local minima",
        parameters: [ParameterInfo(name: "A", summary: "amplitude of the ripples", defaultValue: .number(10), constraint: .positive)]
    ) { args throws(SpecError) in
        let amplitude = args.number("A")
        let f = Rastrigin(amplitude: amplitude)
        var minima = [CriticalPoint([0, 0], value: 0, kind: .globalMinimum)]
        // The local minima near the integer points of the view, nearest the centre first.
        var lattice: [(Int, Int)] = []
        for i in -2...2 {
            for j in -2...2 where i != 0 || j != 0 { lattice.append((i, j)) }
        }
        lattice.sort { a, b in
            let ra = a.0 * a.0 + a.1 * a.1, rb = b.0 * b.0 + b.1 * b.1
            return ra != rb ? ra < rb : (a.0, a.1) < (b.0, b.1)
        }
        for (i, j) in lattice {
            if let p = refineCriticalPoint(of: f, from: Vector2(Double(i), Double(j)) * 0.995), f.hessian(at: p).isPositiveDefinite {
                minima.append(CriticalPoint(p, value: f.value(at: p), kind: .localMinimum))
            }
        }
        let a = amplitude.shortDescription
        return Surface(
            name: "rastrigin", parameters: args.parameters,
            formula: "f(x, y) = \((2 * amplitude).shortDescription) + x² − \(a)·cos 2πx + y² − \(a)·cos 2πy",
            domain: .square(2.5), minima: minima,
            starts: [StartPoint([2.1, 1.6], note: "every method stops in some local minimum; few reach the centre",
                                optimizers: ["gd:lr=0.002", "momentum:lr=0.002,momentum=0.9", "adam:lr=0.1"])],
            axisNames: ("x", "y"), function: f)
    }
}

/// The saddle f(x, y) = x² − y²: a critical point at the origin that is no minimum.
///
///     ∇f = (2x, −2y),   ∇²f = diag(2, −2)
public struct Saddle: DifferentiableFunction {
    public init() {}
    public func value(at p: Vector2) -> Double { p.x * p.x - p.y * p.y }
    public func gradient(at p: Vector2) -> Vector2 { Vector2(2 * p.x, -2 * p.y) }
    public func hessian(at p: Vector2) -> Hessian { Hessian(xx: 2, xy: 0, yy: -2) }

    static let entry = SurfaceCatalog.Entry(name: "saddle", summary: "the saddle x² − y²") { a throws(SpecError) in
        Surface(
            name: "saddle", parameters: a.parameters, formula: "f(x, y) = x² − y²",
            domain: .square(2),
            minima: [CriticalPoint([0, 0], value: 0, kind: .saddle)],
            starts: [StartPoint([1.8, 0.05], note: "gradient descent slows near the saddle before it escapes along y",
                                optimizers: ["gd:lr=0.05", "momentum:lr=0.02,momentum=0.9", "adam:lr=0.05"])],
            axisNames: ("x", "y"), function: Saddle(), constantHessian: Saddle().hessian(at: .zero))
    }
}
