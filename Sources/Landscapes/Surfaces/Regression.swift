/// Linear regression by least squares: the loss over the intercept θ₀ and slope θ₁,
///
///     f(θ₀, θ₁) = (1/2n)·Σᵢ (θ₀ + θ₁xᵢ − yᵢ)²
///     ∇f = (θ₀ + θ₁E[x] − E[y],  θ₀E[x] + θ₁E[x²] − E[xy])
///     ∇²f = [[1, E[x]], [E[x], E[x²]]]
///
/// the gradient and Hessian evaluated from the data moments, grid values from centred moments,
/// f = ½((θ₀ + θ₁E[x] − E[y])² + θ₁²·Var x − 2θ₁·Cov(x, y) + Var y), and single values by summing
/// the residuals (exact at a perfect fit). Per sample, ℓᵢ = ½(ŷᵢ − yᵢ)² with ŷᵢ = θ₀ + θ₁xᵢ, whose gradient
/// is (ŷᵢ − yᵢ, (ŷᵢ − yᵢ)·xᵢ). The unique minimum is the least-squares fit. The data are either
/// seeded synthetic (xᵢ uniform on [0, 2), yᵢ = 4 + 3xᵢ + N(0, 1)) or a CSV file of x,y rows.
public struct Regression: SampledFunction {
    public let data: SampleData

    public init(data: SampleData) { self.data = data }

    /// `n` seeded synthetic samples: x uniform on [0, 2), y = 4 + 3x + ε, ε ~ N(0, 1).
    public init(seed: UInt64, samples n: Int) {
        var normal = NormalGenerator(seed: seed)
        var uniform = SplitMix64(seed: seed ^ 0x5EED_DA7A)
        let x = (0..<n).map { _ in 2 * uniform.unit() }
        let y = x.map { 4 + 3 * $0 + normal.next() }
        data = SampleData(x: x, y: y)
    }

    public var sampleCount: Int { data.count }

    public func value(at p: Vector2) -> Double { value(at: p, batch: data.all) }

    public func gridValue(at p: Vector2) -> Double { 0.5 * data.meanSquaredResidual(slope: p.y, intercept: p.x) }

    public func gradient(at p: Vector2) -> Vector2 {
        Vector2(p.x + p.y * data.mx - data.my, p.x * data.mx + p.y * data.mxx - data.mxy)
    }

    public func hessian(at p: Vector2) -> Hessian { Hessian(xx: 1, xy: data.mx, yy: data.mxx) }

    public func value(at p: Vector2, batch: ArraySlice<Int>) -> Double {
        var sum = 0.0
        for i in batch {
            let r = p.x + p.y * data.x[i] - data.y[i]
            sum += r * r
        }
        return 0.5 * sum / Double(batch.count)
    }

    public func gradient(at p: Vector2, batch: ArraySlice<Int>) -> Vector2 {
        var g0 = 0.0, g1 = 0.0
        for i in batch {
            let r = p.x + p.y * data.x[i] - data.y[i]
            g0 += r
            g1 += r * data.x[i]
        }
        let n = Double(batch.count)
        return Vector2(g0 / n, g1 / n)
    }

    /// The least-squares solution (θ₀, θ₁).
    public var minimum: Vector2? { hessian(at: .zero).solve(Vector2(data.my, data.mxy)) }

    static let entry = SurfaceCatalog.Entry(
        name: "regression", summary: "least-squares loss of a line fit, on seeded data or data=PATH (CSV x,y)",
        parameters: [
            ParameterInfo(name: "data", summary: "CSV file of x,y rows (a header line is allowed)", defaultValue: .text(""), constraint: .text),
            ParameterInfo(name: "seed", summary: "seed of the synthetic data", defaultValue: .number(0), constraint: .count),
            ParameterInfo(name: "samples", summary: "number of synthetic samples", defaultValue: .number(100), constraint: .count),
        ]
    ) { a throws(SpecError) in
        let f: Regression
        if let path = a.text("data"), !path.isEmpty {
            f = Regression(data: try SampleData(csvAt: path))
        } else {
            let n = Int(a.number("samples"))
            guard n >= 2, n <= Limits.samples else {
                throw SpecError.badValue(kind: "surface", name: "regression", key: "samples", value: String(n),
                                         expected: "a whole number from 2 to \(Limits.samples)" + (n > Limits.samples ? " (\(Limits.describeCount(Double(n))) samples would need about \(Limits.describeBytes(n * 24)))" : ""))
            }
            f = Regression(seed: UInt64(a.number("seed")), samples: n)
        }
        let variance = f.data.mxx - f.data.mx * f.data.mx
        guard variance > 1e-12 * Swift.max(1, f.data.mxx), let best = f.minimum else {
            throw SpecError.invalid("regression data need at least two distinct x values")
        }
        // Show the sublevel set f − f* ≤ Var(y): half-widths √(2·Var(y)·(H⁻¹)ᵢᵢ).
        let h = f.hessian(at: best)
        let vy = Swift.max(f.data.myy - f.data.my * f.data.my, 1e-6)
        let det = h.determinant
        let hx = (2 * vy * h.yy / det).squareRoot(), hy = (2 * vy * h.xx / det).squareRoot()
        let (x0, x1) = Rounding.outward(best.x - hx, best.x + hx)
        let (y0, y1) = Rounding.outward(best.y - hy, best.y + hy)
        let domain = Domain(xmin: x0, xmax: x1, ymin: y0, ymax: y1)
        let start = Vector2(Rounding.significant(best.x - 0.8 * hx, digits: 2), Rounding.significant(best.y + 0.8 * hy, digits: 2))
        return Surface(
            name: "regression", parameters: a.parameters, formula: "f(θ₀, θ₁) = (1/2n)·Σ(θ₀ + θ₁xᵢ − yᵢ)²",
            domain: domain, minima: [CriticalPoint(best, value: f.value(at: best), kind: .globalMinimum)],
            starts: [StartPoint(start, note: "full-batch GD is smooth; per-sample SGD is noisy",
                                optimizers: ["gd:lr=0.5", "sgd:lr=0.05", "sgd:lr=0.05,batch=10"])],
            axisNames: ("θ₀", "θ₁"), function: f)
    }
}

extension SampleData {
    /// Reads a CSV of `x,y` rows. A first line that is not two numbers is taken as a header; blank
    /// lines and lines starting with `#` are skipped. Errors name the file and the line.
    public init(csvAt path: String) throws(SpecError) {
        let text: String
        do { text = try readTextFile(path) } catch { throw SpecError.invalid("cannot read data file '\(path)': \(error.message)") }
        var x: [Double] = [], y: [Double] = []
        var sawContent = false
        for (lineNumber, raw) in TextLines(text) {
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }
            let numbers = fields.compactMap { Double($0) }
            if !sawContent {
                sawContent = true
                if numbers.count != fields.count { continue }  // header
            }
            guard fields.count == 2, numbers.count == 2 else {
                throw SpecError.invalid("data file '\(path)' line \(lineNumber): expected two numbers x,y, got \(excerpt(line))")
            }
            guard numbers[0].isFinite, numbers[1].isFinite else {
                throw SpecError.invalid("data file '\(path)' line \(lineNumber): values must be finite, got \(excerpt(line))")
            }
            guard x.count < Limits.samples else {
                throw SpecError.invalid("data file '\(path)' has more than \(Limits.describeCount(Double(Limits.samples))) rows, the limit of samples")
            }
            x.append(numbers[0])
            y.append(numbers[1])
        }
        guard !x.isEmpty else { throw SpecError.invalid("data file '\(path)' has no data rows (expected lines of x,y)") }
        self.init(x: x, y: y)
    }
}
