import Foundation
import Testing
@testable import Landscapes

@Suite struct SurfaceTests {
    static let all = SurfaceCatalog.standard.names + ["ravine:kappa=100,angle=30", "ravine:angle=-75", "rosenbrock:a=2,b=10", "rastrigin:A=3", "sincos:seed=5"]

    /// Every surface's gradient and Hessian agree with central differences at 100 seeded points of
    /// its domain: relative error ≤ 1e-6, or absolute ≤ 1e-6 near zero.
    @Test(arguments: all)
    func derivativesMatchFiniteDifferences(_ spec: String) throws {
        let surface = try Surface(spec: spec)
        var rng = SplitMix64(seed: 7)
        let d = surface.domain
        for _ in 0..<100 {
            let p = Vector2(rng.uniform(in: d.xmin...d.xmax), surface.dimension == 1 ? 0 : rng.uniform(in: d.ymin...d.ymax))
            let h = 1e-5 * max(1, p.norm)
            let g = surface.gradient(at: p)
            let fd = numericGradient(surface.value, at: p, h: h)
            let atol = 1e-6 * max(1, 1e-4 * abs(surface.value(at: p)))  // round-off of the differences grows with |f|
            #expect(close(g.x, fd.x, rtol: 1e-6, atol: atol), "∂f/∂x of \(spec) at \(p): \(g.x) vs \(fd.x)")
            #expect(close(g.y, fd.y, rtol: 1e-6, atol: atol), "∂f/∂y of \(spec) at \(p): \(g.y) vs \(fd.y)")
            let hess = surface.hessian(at: p)
            let gx = numericGradient({ surface.gradient(at: $0).x }, at: p, h: h)
            let gy = numericGradient({ surface.gradient(at: $0).y }, at: p, h: h)
            let hatol = 1e-6 * max(1, 1e-4 * g.norm)
            #expect(close(hess.xx, gx.x, rtol: 1e-6, atol: hatol), "Hxx of \(spec) at \(p)")
            #expect(close(hess.xy, gx.y, rtol: 1e-6, atol: hatol), "Hxy of \(spec) at \(p)")
            #expect(close(hess.xy, gy.x, rtol: 1e-6, atol: hatol), "Hyx of \(spec) at \(p)")
            #expect(close(hess.yy, gy.y, rtol: 1e-6, atol: hatol), "Hyy of \(spec) at \(p)")
        }
    }

    /// Known minima are stationary with a positive-definite Hessian (f″ > 0 for curves); the
    /// saddle's critical point has eigenvalues of both signs.
    @Test(arguments: all)
    func knownMinimaAreStationaryAndPositiveDefinite(_ spec: String) throws {
        let surface = try Surface(spec: spec)
        #expect(!surface.minima.isEmpty)
        #expect(surface.minima.contains { $0.kind == .globalMinimum || $0.kind == .saddle })
        for m in surface.minima {
            #expect(surface.gradient(at: m.point).norm < 1e-9, "gradient at \(m.point)")
            #expect(close(surface.value(at: m.point), m.value, rtol: 1e-12, atol: 1e-12))
            #expect(surface.domain.contains(m.point))
            let h = surface.hessian(at: m.point)
            switch (m.kind, surface.dimension) {
            case (.saddle, _): #expect(h.eigenvalues.min < 0 && h.eigenvalues.max > 0)
            case (_, 1): #expect(h.xx > 0)
            default: #expect(h.isPositiveDefinite)
            }
        }
        if let global = surface.globalMinimumValue {
            #expect(surface.minima.allSatisfy { $0.value >= global - 1e-12 })
        }
        for start in surface.starts {
            #expect(start.point.isFinite)
            if surface.dimension == 1 { #expect(start.point.y == 0) }
        }
    }

    @Test func bowlByHand() throws {
        let bowl = try Surface(spec: "bowl")
        #expect(bowl.value(at: [1, 2]) == 5)
        #expect(bowl.gradient(at: [1, -2]) == [2, -4])
        #expect(bowl.hessian(at: [3, 4]) == Hessian(xx: 2, xy: 0, yy: 2))
        #expect(bowl.defaultStart == [2.5, 2.5])
        #expect(bowl.spec.description == "bowl")
    }

    @Test func ravineByHand() throws {
        let flat = try Surface(spec: "ravine:kappa=100")
        #expect(flat.hessian(at: .zero) == Hessian(xx: 1, xy: 0, yy: 100))
        #expect(flat.value(at: [2, 0.5]) == 0.5 * (4 + 100 * 0.25))
        #expect(flat.gradient(at: [2, 0.5]) == [2, 50])
        #expect(flat.spec.description == "ravine:kappa=100")
        // Turned by 90°: the steep direction is x.
        #expect(try Surface(spec: "ravine:kappa=100,angle=90").hessian(at: .zero) == Hessian(xx: 100, xy: -0.0, yy: 1))
        // Turned by 30°: H = R·diag(1, κ)·Rᵀ, eigenvalues 1 and κ, and f is ½(u² + κv²) in turned coordinates.
        let turned = try Surface(spec: "ravine:kappa=100,angle=30")
        let h = turned.hessian(at: .zero)
        #expect(close(h.eigenvalues.min, 1, rtol: 1e-12) && close(h.eigenvalues.max, 100, rtol: 1e-12))
        let c = cos(Double.pi / 6), s = sin(Double.pi / 6)
        let w = Vector2(1.3, -0.7)
        let u = c * w.x + s * w.y, v = -s * w.x + c * w.y
        #expect(close(turned.value(at: w), 0.5 * (u * u + 100 * v * v), rtol: 1e-12))
        #expect(close(h.xy, (1 - 100) * c * s, rtol: 1e-12))
    }

    /// The two-well minima solve 4x³ − 4x + 0.3 = 0; by the trigonometric formula for a depressed
    /// cubic x³ + px + q = 0 (p = −1, q = 0.075): xₖ = 2√(1/3)·cos(⅓·acos((3q/2p)·√3) − 2πk/3).
    @Test func twoWellMinimaByHand() throws {
        let surface = try Surface(spec: "two-well")
        let r = 2 * (1.0 / 3).squareRoot()
        let phi = acos((3 * 0.075 / (2 * -1.0)) * 3.0.squareRoot()) / 3
        let roots = (0..<3).map { r * cos(phi - 2 * Double.pi * Double($0) / 3) }.sorted()
        let global = try #require(surface.minima.first { $0.kind == .globalMinimum })
        let local = try #require(surface.minima.first { $0.kind == .localMinimum })
        #expect(abs(global.point.x - roots[0]) < 1e-9 && global.point.y == 0)
        #expect(abs(local.point.x - roots[2]) < 1e-9 && local.point.y == 0)
        func f(_ x: Double) -> Double { (x * x - 1) * (x * x - 1) + 0.3 * x }
        #expect(abs(global.value - f(roots[0])) < 1e-9 && abs(local.value - f(roots[2])) < 1e-9)
        #expect(global.value < local.value)
        #expect(abs(global.point.x - -1.0355787) < 1e-7 && abs(local.point.x - 0.9601496) < 1e-7)
    }

    @Test func classicMinimaByHand() throws {
        #expect(try Surface(spec: "rosenbrock").minima.map(\.point) == [[1, 1]])
        #expect(try Surface(spec: "rosenbrock:a=2").minima.map(\.point) == [[2, 4]])
        #expect(try Surface(spec: "beale").value(at: [3, 0.5]) == 0)
        let himmelblau = try Surface(spec: "himmelblau")
        #expect(himmelblau.minima.count == 4 && himmelblau.minima.allSatisfy { $0.value < 1e-20 })
        #expect(himmelblau.minima.contains { $0.point == [3, 2] })
        let rastrigin = try Surface(spec: "rastrigin")
        #expect(rastrigin.minima.count == 25 && rastrigin.minima[0].point == [0, 0])
        #expect(try Surface(spec: "saddle").minima == [CriticalPoint([0, 0], value: 0, kind: .saddle)])
    }

    /// The wavy curve's derivative is 2θ·sin 2θ + 2θ²·cos 2θ, not what the well-known write-up used.
    @Test func wavyDerivative() throws {
        let wavy = try Surface(spec: "wavy")
        for t in [-2.7, -1.0, 0.3, 1.9] {
            #expect(close(wavy.gradient(at: [t, 0]).x, 2 * t * sin(2 * t) + 2 * t * t * cos(2 * t), rtol: 1e-15))
        }
        #expect(wavy.dimension == 1 && wavy.axisNames.x == "θ")
        let global = try #require(wavy.minima.first)
        #expect(abs(global.point.x - 2.5434) < 1e-4 && abs(global.value - -6.0207) < 1e-4)
    }
}

@Suite struct DataSurfaceTests {
    /// Stopping a seed's descent once it has settled in a minimum's bowl finds the minima the
    /// full 400-step descent finds, on sincos with several data seeds.
    @Test(arguments: 0..<6) func settledDescentFindsTheSameMinima(_ seed: Int) {
        let f = SinCos(seed: UInt64(seed))
        let domain = Domain(xmin: -4, xmax: 8, ymin: -4, ymax: 8)
        let settled = findMinima(of: f, in: domain, learningRate: 0.02)
        let full = findMinima(of: f, in: domain, learningRate: 0.02, settledGradient: 0)
        #expect(settled.count == full.count && !full.isEmpty)
        for (a, b) in zip(settled, full) {
            #expect((a.point - b.point).norm < 1e-12 && abs(a.value - b.value) < 1e-12 && a.kind == b.kind, "seed \(seed): \(a) against \(b)")
        }
    }

    @Test func sincosDataFollowTheRecipe() throws {
        let f = SinCos(seed: 0)
        #expect(f.data.count == 200)
        #expect(f.data.x.first == -2 && f.data.x.last == 2)
        #expect(close(f.data.x[1] - f.data.x[0], 4.0 / 199, rtol: 1e-12))
        let residuals = zip(f.data.x, f.data.y).map { $1 - (3 * $0 + 2) }
        let mean = residuals.reduce(0, +) / 200
        let sd = (residuals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 199).squareRoot()
        #expect(abs(mean) < 4 * 0.5 / 200.0.squareRoot())
        #expect(abs(sd - 0.5) < 0.1)
        #expect(SinCos(seed: 0).data == f.data && SinCos(seed: 1).data != f.data)
    }

    /// The closed form equals the direct mean of the per-sample losses, for value and gradient.
    @Test(arguments: ["sincos", "regression", "regression:seed=3,samples=17"])
    func closedFormEqualsTheMeanOverSamples(_ spec: String) throws {
        let surface = try Surface(spec: spec)
        let f = try #require(surface.sampled)
        let all = Array(0..<f.sampleCount)[...]
        var rng = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let d = surface.domain
            let p = Vector2(rng.uniform(in: d.xmin...d.xmax), rng.uniform(in: d.ymin...d.ymax))
            #expect(close(f.value(at: p), f.value(at: p, batch: all), rtol: 1e-15))
            #expect(close(f.gridValue(at: p), f.value(at: p), rtol: 1e-12, atol: 1e-12))
            let g = f.gradient(at: p), gb = f.gradient(at: p, batch: all)
            #expect(close(g.x, gb.x, rtol: 1e-11, atol: 1e-11) && close(g.y, gb.y, rtol: 1e-11, atol: 1e-11))
        }
    }

    /// A mini-batch gradient is the mean of the per-sample gradients, and agrees with finite
    /// differences of the mini-batch loss.
    @Test func miniBatchGradients() throws {
        let f = try #require(try Surface(spec: "sincos").sampled)
        let batch = [3, 17, 150, 42][...]
        let p = Vector2(1.3, -0.4)
        let fd = numericGradient({ f.value(at: $0, batch: batch) }, at: p, h: 1e-6)
        let g = f.gradient(at: p, batch: batch)
        #expect(close(g.x, fd.x, rtol: 1e-7, atol: 1e-7) && close(g.y, fd.y, rtol: 1e-7, atol: 1e-7))
        let singles = batch.map { f.gradient(at: p, batch: [$0][...]) }
        let mean = singles.reduce(Vector2.zero, +) / 4
        #expect(close(g.x, mean.x, rtol: 1e-13) && close(g.y, mean.y, rtol: 1e-13))
        // Regression's per-sample gradient is (ŷ − y, (ŷ − y)·x).
        let r = Regression(data: SampleData(x: [2], y: [5]))
        #expect(r.gradient(at: [1, 1], batch: [0]) == [-2, -4])
    }

    @Test func regressionMinimumIsTheLeastSquaresFit() throws {
        // y = 1 + 2x exactly: the fit is (1, 2) with loss 0.
        let r = Regression(data: SampleData(x: [0, 1, 2, 3], y: [1, 3, 5, 7]))
        let m = try #require(r.minimum)
        #expect(close(m.x, 1, rtol: 1e-12) && close(m.y, 2, rtol: 1e-12))
        #expect(r.value(at: [1, 2]) == 0)
        let synthetic = try Surface(spec: "regression")
        let best = synthetic.minima[0].point
        #expect(abs(best.x - 4) < 0.6 && abs(best.y - 3) < 0.6)  // y = 4 + 3x + noise
        #expect(synthetic.axisNames == ("θ₀", "θ₁") || (synthetic.axisNames.x == "θ₀" && synthetic.axisNames.y == "θ₁"))
        #expect(synthetic.domain.contains(synthetic.defaultStart))
    }

    @Test func dataFilesLoadWithHeadersAndComments() throws {
        let path = try temporaryFile("x,y\n# a comment\n0,1\n\n1, 3\n2,5\n")
        let surface = try Surface(spec: "regression:data=\(path)")
        #expect(surface.sampled?.sampleCount == 3)
        #expect(close(surface.minima[0].point.x, 1, rtol: 1e-12) && close(surface.minima[0].point.y, 2, rtol: 1e-12))
    }

    @Test func badDataFilesSayWhereAndWhy() throws {
        func message(_ spec: String) -> String { errorText { _ = try Surface(spec: spec) } }
        #expect(message("regression:data=/nonexistent/d.csv") == "cannot read data file '/nonexistent/d.csv': No such file or directory")
        let empty = try temporaryFile("x,y\n\n")
        #expect(message("regression:data=\(empty)") == "data file '\(empty)' has no data rows (expected lines of x,y)")
        let bad = try temporaryFile("x,y\n1,2\n3,four\n")
        #expect(message("regression:data=\(bad)") == "data file '\(bad)' line 3: expected two numbers x,y, got '3,four'")
        let inf = try temporaryFile("1,2\n3,inf\n")
        #expect(message("regression:data=\(inf)") == "data file '\(inf)' line 2: values must be finite, got '3,inf'")
        let flat = try temporaryFile("1,2\n1,3\n")
        #expect(message("regression:data=\(flat)") == "regression data need at least two distinct x values")
    }

    @Test func badParameters() {
        func message(_ spec: String) -> String { errorText { _ = try Surface(spec: spec) } }
        #expect(message("ravine:kappa=0") == "bad value '0' for 'kappa' of surface 'ravine': expected a number > 0")
        #expect(message("ravine:kappa=-3") == "bad value '-3' for 'kappa' of surface 'ravine': expected a number > 0")
        #expect(message("ravine:kappa=inf") == "bad value 'inf' for 'kappa' of surface 'ravine': expected a number > 0")
        #expect(message("ravine:angle=abc") == "bad value 'abc' for 'angle' of surface 'ravine': expected a finite number")
        #expect(message("ravine:kapa=3") == "unknown parameter 'kapa' for surface 'ravine'; did you mean 'kappa'?")
        #expect(message("sincos:seed=1.5") == "bad value '1.5' for 'seed' of surface 'sincos': expected a whole number ≥ 0")
        #expect(message("rosenbrok") == "unknown surface 'rosenbrok'; did you mean 'rosenbrock'?")
    }
}

@Suite struct GeneratorTests {
    @Test func normalVariatesHaveTheRightMoments() {
        var normal = NormalGenerator(seed: 2024)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0, beyondTwo = 0
        for _ in 0..<n {
            let z = normal.next()
            sum += z
            sumSquares += z * z
            if abs(z) > 2 { beyondTwo += 1 }
        }
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        // 5 standard errors: mean ± 5/√n, variance ± 5·√(2/n).
        #expect(abs(mean) < 5 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 5 * (2 / Double(n)).squareRoot())
        // P(|Z| > 2) = 0.0455.
        #expect(abs(Double(beyondTwo) / Double(n) - 0.0455) < 0.004)
    }

    @Test func sameSeedSameNumbers() {
        var a = NormalGenerator(seed: 9), b = NormalGenerator(seed: 9)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test func portableLogIsAccurate() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<10_000 {
            let x = [rng.unit() * 4 + 1e-300, rng.unit() * 1e-200, 1 + rng.unit() * 1e10][Int(rng.next() % 3)]
            #expect(close(portableLog(x), log(x), rtol: 2.3e-16, atol: 1e-300))
        }
        #expect(portableLog(1) == 0)
        #expect(close(portableLog(2), 0.6931471805599453, rtol: 1e-16))
    }
}

func temporaryFile(_ contents: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-\(UUID().uuidString).csv").path
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The Hessian's eigenvectors: H·v = λ·v for both, unit and orthogonal, for random symmetric
/// matrices, diagonal ones (either order), tiny off-diagonals and the identity.
@Suite struct HessianEigenvectorTests {
    @Test func eigenvectorsSatisfyTheEigenEquation() {
        var random = SplitMix64(seed: 11)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) * 20 - 10 }
        var cases = (0..<500).map { _ in Hessian(xx: uniform(), xy: uniform(), yy: uniform()) }
        cases += [Hessian(xx: 3, xy: 0, yy: -1), Hessian(xx: -1, xy: 0, yy: 3), Hessian(xx: 2, xy: 1e-300, yy: 2),
                  Hessian(xx: 1, xy: 0, yy: 1), Hessian(xx: 50, xy: 1e-14, yy: 1), Hessian(xx: 0, xy: 0, yy: 0)]
        for h in cases {
            let (lo, hi) = h.eigenvalues
            let (vLo, vHi) = h.eigenvectors
            let scale = max(abs(lo), abs(hi), 1e-300)
            for (v, l) in [(vLo, lo), (vHi, hi)] {
                #expect(abs(v.norm - 1) <= 1e-14, "\(h): ‖v‖ = \(v.norm)")
                let r = h.applied(to: v) - Vector2(l * v.x, l * v.y)
                #expect(r.norm <= 1e-13 * scale, "\(h): residual \(r.norm) for λ = \(l)")
            }
            #expect(abs(vLo.x * vHi.x + vLo.y * vHi.y) <= 1e-14)
        }
        // The ravine turned by 30°: its flat direction is (cos 30°, sin 30°) up to sign.
        let turned = Hessian(xx: 0.75 * 1 + 0.25 * 100, xy: (1 - 100) * 0.5 * 0.75.squareRoot(), yy: 0.25 * 1 + 0.75 * 100)
        let flat = turned.eigenvectors.min
        #expect(abs(abs(flat.x) - 0.75.squareRoot()) <= 1e-12 && abs(abs(flat.y) - 0.5) <= 1e-12)
    }
}
