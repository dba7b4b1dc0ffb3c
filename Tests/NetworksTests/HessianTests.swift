import Foundation
import Landscapes
@testable import Networks
import Testing

/// Exact curvature: Hessian-vector products against PyTorch's double backward, Lanczos against
/// the full Hessian's eigenvalues (`torch.linalg.eigvalsh`), Hutchinson's trace against the exact
/// trace, all from Tests/Reference/make_hessian_reference.py (float64).
@Suite struct HessianTests {
    struct Case {
        var name: String
        var model: MLP
        var data: Dataset
        var theta: [Double]
        var rows: [Int]
        var hvps: [(v: [Double], rows: Bool, hv: [Double])]
        var eigenvalues: [Double]
        var trace: Double
        var loss: Double
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/torch-hessian.json")
        guard let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = json["cases"] as? [[String: Any]] else { return [] }
        return cases.map { c in
            let widths = c["widths"] as! [Int]
            let inputs = c["inputs"] as! [Double]
            let dataset = (c["labels"] as? [Int]).map { Dataset(inputs: inputs, featureCount: widths[0], labels: $0) }
                ?? Dataset(inputs: inputs, featureCount: widths[0], targets: c["targets"] as! [Double])
            let model = MLP(widths: widths, activation: Activation(rawValue: c["activation"] as! String)!,
                            loss: LossFunction(rawValue: c["loss"] as! String)!)
            let hvps = (c["hvps"] as! [[String: Any]]).map { ($0["v"] as! [Double], $0["rows"] as! Bool, $0["hv"] as! [Double]) }
            return Case(name: c["name"] as! String, model: model, data: dataset, theta: c["theta"] as! [Double],
                        rows: c["batch_rows"] as! [Int], hvps: hvps, eigenvalues: c["eigenvalues"] as! [Double],
                        trace: c["trace"] as! Double, loss: c["loss_value"] as! Double)
        }
    }()

    static func relative(_ a: [Double], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 0
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? .infinity
    }

    @Test func referenceIsThere() {
        #expect(Self.cases.map(\.name) == ["tanh-ce", "sigmoid-mse", "relu-ce", "identity-mse"])
    }

    /// H·v over all the data and over a batch, for three directions, within 1e-12 of PyTorch.
    @Test(arguments: 0..<4) func hessianVectorProductsArePyTorchs(_ index: Int) throws {
        let c = try #require(Self.cases.indices.contains(index) ? Self.cases[index] : nil)
        var workspace = MLP.CurvatureWorkspace()
        var hv: [Double] = []
        for (k, p) in c.hvps.enumerated() {
            let loss = c.model.hessianVectorProduct(c.theta, p.v, on: c.data, rows: p.rows ? c.rows[...] : nil, into: &hv, workspace: &workspace)
            let error = Self.relative(hv, p.hv)
            #expect(error <= 1e-12, "\(c.name) product \(k) (\(p.rows ? "batch" : "all rows")): relative error \(error)")
            if !p.rows { #expect(abs(loss - c.loss) <= 1e-13 * abs(c.loss)) }
        }
    }

    /// The five greatest and five least eigenvalues, within 1e-9 relative of eigvalsh (relative
    /// to the spectral radius for the zero eigenvalues of the ReLU and linear networks).
    @Test(arguments: 0..<4) func extremeEigenvaluesAreTheFullHessians(_ index: Int) throws {
        let c = try #require(Self.cases.indices.contains(index) ? Self.cases[index] : nil)
        var hessian = NetworkHessian(model: c.model, data: c.data, theta: c.theta)
        let result = Lanczos.extremeEigenpairs(of: &hessian, largest: 5, smallest: 5, seed: 1)
        let top = Array(c.eigenvalues.suffix(5).reversed()), bottom = Array(c.eigenvalues.prefix(5))
        let radius = max(abs(c.eigenvalues.first!), abs(c.eigenvalues.last!))
        for (ours, exact) in zip(result.largest.map(\.value) + result.smallest.map(\.value), top + bottom) {
            #expect(abs(ours - exact) <= 1e-9 * max(abs(exact), 1e-4 * radius), "\(c.name): \(ours) against \(exact) (\(result.iterations) products)")
        }
        // Each is an eigenpair: ‖Hx − λx‖ small, x a unit vector.
        var hx = [Double](repeating: 0, count: hessian.dimension)
        for pair in result.largest + result.smallest {
            hessian.apply(pair.vector, into: &hx)
            let residual = zip(hx, pair.vector).map { ($0 - pair.value * $1) * ($0 - pair.value * $1) }.reduce(0, +).squareRoot()
            #expect(residual <= 1e-8 * (abs(c.eigenvalues.first!) + abs(c.eigenvalues.last!)), "\(c.name): residual \(residual)")
        }
    }

    /// Hutchinson's estimate with its standard error: the interval ±3 SE covers the exact trace,
    /// and 400 samples give a standard error about √4 = 2 times smaller than 100.
    @Test(arguments: 0..<4) func traceIntervalCoversTheExactTrace(_ index: Int) throws {
        let c = try #require(Self.cases.indices.contains(index) ? Self.cases[index] : nil)
        var hessian = NetworkHessian(model: c.model, data: c.data, theta: c.theta)
        let few = Lanczos.trace(of: &hessian, samples: 100, seed: 7)
        let many = Lanczos.trace(of: &hessian, samples: 400, seed: 7)
        for estimate in [few, many] {
            #expect(abs(estimate.value - c.trace) <= 3 * estimate.standardError,
                    "\(c.name): \(estimate.value) ± \(estimate.standardError) against \(c.trace)")
        }
        let ratio = few.standardError / many.standardError
        #expect(ratio > 1.5 && ratio < 2.7, "\(c.name): standard errors \(few.standardError), \(many.standardError)")
    }

    /// Stochastic Lanczos quadrature: each probe's quadrature is exact for moments up to
    /// 2m − 1 (checked against q₁ᵀHᵖq₁ by repeated products), and the probes' mean moments
    /// cover the exact spectrum's (the mean of λᵖ over eigvalsh's eigenvalues) within three
    /// standard errors.
    @Test(arguments: 0..<4) func densityMomentsAreTheSpectrums(_ index: Int) throws {
        let c = try #require(Self.cases.indices.contains(index) ? Self.cases[index] : nil)
        var hessian = NetworkHessian(model: c.model, data: c.data, theta: c.theta)
        let n = hessian.dimension, steps = 8
        let density = Lanczos.spectralDensity(of: &hessian, probes: 200, steps: steps, seed: 5)
        for w in density.weights { #expect(abs(w.reduce(0, +) - 1) <= 1e-12) }
        // The first probe's start, as the estimator draws it.
        var random = SplitMix64(seed: 5)
        var q = (0..<n).map { _ in random.next() >> 63 == 0 ? 1 / Double(n).squareRoot() : -1 / Double(n).squareRoot() }
        let start = q
        var next = [Double](repeating: 0, count: n)
        for p in 1...(2 * steps - 1) {
            hessian.apply(q, into: &next)
            q = next
            let exact = Lanczos.dot(start, q), quadrature = density.probeMoments(p)[0]
            #expect(abs(quadrature - exact) <= 1e-10 * max(abs(exact), pow(c.eigenvalues.map(abs).max()!, Double(p)) * 1e-3),
                    "\(c.name) moment \(p): \(quadrature) against \(exact)")
        }
        for p in 1...4 {
            let exact = c.eigenvalues.reduce(0) { $0 + pow($1, Double(p)) } / Double(n)
            let (value, error) = density.moment(p)
            #expect(abs(value - exact) <= 3 * error + 1e-12 * abs(exact), "\(c.name) moment \(p): \(value) ± \(error) against \(exact)")
        }
        // The smoothed density integrates to 1.
        let lo = c.eigenvalues.first! - 1, hi = c.eigenvalues.last! + 1
        let grid = (0...4000).map { lo + (hi - lo) * Double($0) / 4000 }
        let mass = density.smoothed(at: grid, width: 0.05).reduce(0, +) * (hi - lo) / 4000
        #expect(abs(mass - 1) <= 1e-3, "\(c.name): mass \(mass)")
    }

    /// A layer's block of the Hessian is the full Hessian's rows and columns of that layer.
    @Test func layerBlocksAreTheFullHessiansBlocks() throws {
        let c = try #require(Self.cases.first)
        var full = NetworkHessian(model: c.model, data: c.data, theta: c.theta)
        let n = full.dimension
        var columns: [[Double]] = []
        var y = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            full.apply(e, into: &y)
            columns.append(y)
        }
        for l in 0..<c.model.layerCount {
            let range = c.model.layer(l).weights.lowerBound..<c.model.layer(l).bias.upperBound
            var block = NetworkHessian(model: c.model, data: c.data, theta: c.theta, block: range)
            let dense = SymmetricMatrix(rows: range.map { i in range.map { j in columns[j][i] } })
            var a = block, b = dense
            let fromBlock = Lanczos.extremeEigenpairs(of: &a, largest: 3, smallest: 3, seed: 2)
            let fromDense = Lanczos.extremeEigenpairs(of: &b, largest: 3, smallest: 3, seed: 3)
            for (x, z) in zip(fromBlock.largest + fromBlock.smallest, fromDense.largest + fromDense.smallest) {
                #expect(abs(x.value - z.value) <= 1e-10 * max(1, abs(z.value)), "layer \(l): \(x.value) against \(z.value)")
            }
            block.apply([Double](repeating: 1, count: range.count), into: &y)
            #expect(block.dimension == range.count)
        }
    }

    /// The tridiagonal solver on the second-difference matrix, whose eigenvalues are
    /// 2 − 2cos(kπ/(n + 1)).
    @Test func tridiagonalEigenvaluesInClosedForm() {
        let n = 40
        let (values, vectors) = Lanczos.tridiagonalEigen([Double](repeating: 2, count: n), [Double](repeating: -1, count: n - 1))
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }
        for (a, b) in zip(values.sorted(), exact) { #expect(abs(a - b) <= 1e-13, "\(a) against \(b)") }
        for v in vectors { #expect(abs(Lanczos.dot(v, v) - 1) <= 1e-12) }
    }

    /// A repeated eigenvalue is found as often as it occurs: the iteration restarts when it
    /// meets an invariant subspace.
    @Test func multiplicitiesAreFound() {
        var diagonal = SymmetricMatrix(rows: (0..<6).map { i in (0..<6).map { j in i == j ? [3, 3, 3, 1, 0, -2][i] : 0 } })
        let result = Lanczos.extremeEigenpairs(of: &diagonal, largest: 3, smallest: 1, seed: 4)
        #expect(result.largest.map(\.value).allSatisfy { abs($0 - 3) <= 1e-12 }, "\(result.largest.map(\.value))")
        #expect(abs(result.smallest[0].value + 2) <= 1e-12)
        let v = result.largest.map(\.vector)
        #expect(abs(Lanczos.dot(v[0], v[1])) <= 1e-10 && abs(Lanczos.dot(v[1], v[2])) <= 1e-10)
    }

    /// On a 2-D surface the operator is the exact Hessian: λmax of the rotated ravine is κ.
    @Test func surfaceHessianTopEigenvalue() throws {
        let ravine = try Surface(spec: "ravine:kappa=50,angle=30")
        for point in [Vector2(1, -0.5), Vector2(-2, 2)] {
            let h = ravine.hessian(at: point)
            var matrix = SymmetricMatrix(h)
            let top = Lanczos.extremeEigenpairs(of: &matrix, largest: 1, smallest: 1).largest[0].value
            let closed = (h.xx + h.yy) / 2 + (((h.xx - h.yy) / 2) * ((h.xx - h.yy) / 2) + h.xy * h.xy).squareRoot()
            #expect(abs(top - closed) <= 1e-12 * closed && abs(top - 50) <= 1e-9)
        }
    }

    /// The same seed gives the same eigenpairs, bit for bit.
    @Test func deterministic() throws {
        let c = try #require(Self.cases.last)
        var a = NetworkHessian(model: c.model, data: c.data, theta: c.theta), b = a
        let x = Lanczos.extremeEigenpairs(of: &a, largest: 2, smallest: 2, seed: 9)
        let y = Lanczos.extremeEigenpairs(of: &b, largest: 2, smallest: 2, seed: 9)
        #expect(x.largest == y.largest && x.smallest == y.smallest)
        #expect(Lanczos.trace(of: &a, samples: 10, seed: 3) == Lanczos.trace(of: &b, samples: 10, seed: 3))
    }
}
