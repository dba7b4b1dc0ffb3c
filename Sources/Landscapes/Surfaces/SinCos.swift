/// The non-convex sin·cos surface: the mean squared error of a line fit plus a wavy term,
///
///     f(w₁, w₂) = (1/n)·Σᵢ (w₁xᵢ + w₂ − yᵢ)² + 5·sin w₁·cos w₂
///
/// with n = 200 points xᵢ evenly spaced on [−2, 2] and yᵢ = 3xᵢ + 2 + εᵢ, εᵢ ~ N(0, 0.5²) from the
/// seeded ``NormalGenerator``. The per-sample loss is ℓᵢ = (w₁xᵢ + w₂ − yᵢ)² + 5·sin w₁·cos w₂, so the
/// mean of the ℓᵢ is f. Grids evaluate the mean in closed form from centred data moments,
///
///     f  = (w₁E[x] + w₂ − E[y])² + w₁²·Var x − 2w₁·Cov(x, y) + Var y + 5·sin w₁·cos w₂
///     ∇f = (2(w₁E[x²] + w₂E[x] − E[xy]) + 5·cos w₁·cos w₂,  2(w₁E[x] + w₂ − E[y]) − 5·sin w₁·sin w₂)
///     ∇²f = [[2E[x²] − 5·sin w₁·cos w₂, 2E[x] − 5·cos w₁·sin w₂], [·, 2 − 5·sin w₁·cos w₂]]
public struct SinCos: SampledFunction {
    public let data: SampleData

    public init(seed: UInt64, samples n: Int = 200) {
        var normal = NormalGenerator(seed: seed)
        let x = (0..<n).map { Grid.coordinate($0, count: n, from: -2, to: 2) }
        let y = x.map { 3 * $0 + 2 + normal.next(mean: 0, standardDeviation: 0.5) }
        data = SampleData(x: x, y: y)
    }

    public var sampleCount: Int { data.count }

    public func value(at p: Vector2) -> Double { value(at: p, batch: data.all) }

    public func gridValue(at p: Vector2) -> Double {
        data.meanSquaredResidual(slope: p.x, intercept: p.y) + 5 * mathSin(p.x) * mathCos(p.y)
    }

    public func gradient(at p: Vector2) -> Vector2 {
        let d = data
        let s0 = mathSin(p.x), c0 = mathCos(p.x), s1 = mathSin(p.y), c1 = mathCos(p.y)
        return Vector2(2 * (p.x * d.mxx + p.y * d.mx - d.mxy) + 5 * c0 * c1, 2 * (p.x * d.mx + p.y - d.my) - 5 * s0 * s1)
    }

    public func fillGrid(xs: [Double], ys: [Double], rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        let sines = xs.map { 5 * mathSin($0) }
        var k = 0
        for j in rows {
            let y = ys[j], c = mathCos(y)
            for (i, x) in xs.enumerated() {
                out[k] = data.meanSquaredResidual(slope: x, intercept: y) + sines[i] * c
                k += 1
            }
        }
    }

    public func hessian(at p: Vector2) -> Hessian {
        let s0 = mathSin(p.x), c0 = mathCos(p.x), s1 = mathSin(p.y), c1 = mathCos(p.y)
        return Hessian(xx: 2 * data.mxx - 5 * s0 * c1, xy: 2 * data.mx - 5 * c0 * s1, yy: 2 - 5 * s0 * c1)
    }

    public func value(at p: Vector2, batch: ArraySlice<Int>) -> Double {
        var sum = 0.0
        for i in batch {
            let r = p.x * data.x[i] + p.y - data.y[i]
            sum += r * r
        }
        return sum / Double(batch.count) + 5 * mathSin(p.x) * mathCos(p.y)
    }

    public func gradient(at p: Vector2, batch: ArraySlice<Int>) -> Vector2 {
        var gx = 0.0, gy = 0.0
        for i in batch {
            let r = p.x * data.x[i] + p.y - data.y[i]
            gx += 2 * r * data.x[i]
            gy += 2 * r
        }
        let n = Double(batch.count)
        return Vector2(gx / n + 5 * mathCos(p.x) * mathCos(p.y), gy / n - 5 * mathSin(p.x) * mathSin(p.y))
    }

    static let entry = SurfaceCatalog.Entry(
        name: "sincos", summary: "line-fit MSE plus 5·sin w₁·cos w₂ on seeded data (non-convex)",
        parameters: [ParameterInfo(name: "seed", summary: "seed of the data's noise", defaultValue: .number(0), constraint: .count)]
    ) { a throws(SpecError) in
        let f = SinCos(seed: UInt64(a.number("seed")))
        let domain = Domain(xmin: -4, xmax: 8, ymin: -4, ymax: 8)
        return Surface(
            name: "sincos", parameters: a.parameters,
            formula: "f(w₁, w₂) = (1/n)·Σ(w₁xᵢ + w₂ − yᵢ)² + 5·sin w₁·cos w₂",
            domain: domain, minima: findMinima(of: f, in: domain, learningRate: 0.02),
            starts: [StartPoint([6, -3], note: "per-sample SGD wanders; momentum SGD gets further in one epoch",
                                optimizers: ["sgd:lr=0.09", "sgd:lr=0.09,momentum=0.45"])],
            function: f)
    }
}
