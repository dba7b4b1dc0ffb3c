import Foundation
import Landscapes
@testable import Networks
import Testing
import Trajectories

/// Curvature along training: λmax and λmin at every step of a full-batch GD run, against
/// PyTorch's (`gd_sharpness` in Tests/Reference/make_hessian_reference.py: eigvalsh of the full
/// Hessian at each iterate, float64, MSE on one-hot classes).
@Suite struct CurvatureAlongTrainingTests {
    struct Reference {
        var model: MLP
        var data: Dataset
        var theta: [Double]
        var lr: Double
        var steps: Int
        var losses: [Double]
        var lambdaMax: [Double]
        var lambdaMin: [Double]
    }

    static let reference: Reference? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/torch-hessian.json")
        guard let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let r = json["gd_sharpness"] as? [String: Any], let widths = r["widths"] as? [Int], let inputs = r["inputs"] as? [Double],
              let labels = r["labels"] as? [Int], let theta = r["theta"] as? [Double], let lr = r["lr"] as? Double,
              let steps = r["steps"] as? Int, let losses = r["losses"] as? [Double],
              let lmax = r["lambda_max"] as? [Double], let lmin = r["lambda_min"] as? [Double] else { return nil }
        let dataset = Dataset(inputs: inputs, featureCount: widths[0], labels: labels)
        let model = MLP(widths: widths, activation: .tanh, loss: .meanSquaredError)
        return Reference(model: model, data: dataset, theta: theta, lr: lr, steps: steps, losses: losses, lambdaMax: lmax, lambdaMin: lmin)
    }()

    /// Our GD run with λmax and λmin measured at each record: the losses within 1e-12 and both
    /// eigenvalues within 1e-9 relative of PyTorch's at every step, including the steps where
    /// lr·λmax passes 2.
    @Test func gdSharpnessPerStepIsPyTorchs() throws {
        let r = try #require(Self.reference)
        let gd = try OptimizerConfiguration(spec: "gd:lr=\(r.lr)")
        let run = try Trainer(model: r.model, data: r.data).train(gd, from: r.theta, options: TrainingOptions(epochs: r.steps))
            .measuringCurvature(model: r.model, data: r.data, smallest: true, seed: 3)
        #expect(run.records.count == r.steps + 1)
        #expect(run.hasCurvature)
        let radius = r.lambdaMax.map(abs).max() ?? 1
        for (k, record) in run.records.enumerated() {
            let c = try #require(record.curvature)
            #expect(abs(record.loss - r.losses[k]) <= 1e-12 * r.losses[k], "step \(k): loss \(record.loss) against \(r.losses[k])")
            #expect(abs(c.largest - r.lambdaMax[k]) <= 1e-9 * abs(r.lambdaMax[k]), "step \(k): λmax \(c.largest) against \(r.lambdaMax[k])")
            let smallest = try #require(c.smallest)
            #expect(abs(smallest - r.lambdaMin[k]) <= 1e-9 * max(abs(r.lambdaMin[k]), 1e-3 * radius), "step \(k): λmin \(smallest) against \(r.lambdaMin[k])")
        }
        // The run crosses the edge: lr·λmax goes above 2 and comes back below it.
        let ratios = r.lambdaMax.map { r.lr * $0 / 2 }
        #expect(ratios.contains { $0 > 1 } && ratios.contains { $0 < 1 })
    }

    /// λmax alone costs fewer products and is the same number.
    @Test func largestAloneIsTheSame() throws {
        let r = try #require(Self.reference)
        let both = Curvature(model: r.model, data: r.data, theta: r.theta, smallest: true)
        let alone = Curvature(model: r.model, data: r.data, theta: r.theta, smallest: false)
        #expect(alone.smallest == nil)
        #expect(abs(alone.largest - both.largest) <= 1e-10 * both.largest)
        #expect(abs(alone.largest - r.lambdaMax[0]) <= 1e-9 * r.lambdaMax[0])
    }

    /// The run file keeps the curvature: lambda_max and lambda_min in each record, read back
    /// exactly; a file without them reads as before, and bad values are refused with the place.
    @Test func runFileRoundTrip() throws {
        let r = try #require(Self.reference)
        let gd = try OptimizerConfiguration(spec: "gd:lr=0.1")
        var runs = [try Trainer(model: r.model, data: r.data).train(gd, from: r.theta, options: TrainingOptions(epochs: 4, recordEvery: 2))]
        runs.append(runs[0].measuringCurvature(model: r.model, data: r.data, smallest: false))
        runs.append(runs[0].measuringCurvature(model: r.model, data: r.data, smallest: true))
        let session = NetworkSession(data: r.data, model: r.model, initial: r.theta, initSeed: 0, options: TrainingOptions(epochs: 4, recordEvery: 2), runs: runs)
        let text = session.json()
        let back = try NetworkSession(json: text, source: "run.json")
        #expect(back == session)
        #expect(back.model.loss == .meanSquaredError && back.data.kind == .classification)
        #expect(!back.runs[0].hasCurvature && back.runs[1].hasCurvature && back.runs[2].records[0].curvature?.smallest != nil)
        let broken = text.replacingOccurrences(of: "\"lambda_max\":", with: "\"lambda_max\":\"x\",\"_\":")
        #expect(throws: RunFileError.self) { try NetworkSession(json: broken, source: "run.json") }
        do {
            _ = try NetworkSession(json: broken, source: "run.json")
        } catch {
            #expect(error.message == "'runs[1].records[0].lambda_max' must be a finite number")
        }
    }

    /// Cross-entropy on regression data is refused; mse on classes trains on one-hot targets and
    /// reports the accuracy.
    @Test func mseOnClasses() throws {
        let data = try Dataset(spec: "spirals:n=60,seed=2")
        let model = try MLP(spec: "mlp:hidden=4,loss=mse", for: data)
        #expect(model.loss == .meanSquaredError && model.widths == [2, 4, 2])
        #expect(model.spec == "mlp:hidden=4,act=tanh,loss=mse")
        var workspace = MLP.Workspace()
        let theta = model.initialParameters(seed: 1)
        let evaluation = model.evaluate(theta, on: data, workspace: &workspace)
        let outputs = (0..<data.count).map { i in model.outputs(theta, inputs: Array(data.row(i)), workspace: &workspace) }
        var total = 0.0, correct = 0
        for (i, out) in outputs.enumerated() {
            for c in 0..<2 { total += (out[c] - (c == data.labels[i] ? 1 : 0)) * (out[c] - (c == data.labels[i] ? 1 : 0)) }
            if (out[1] > out[0] ? 1 : 0) == data.labels[i] { correct += 1 }
        }
        #expect(abs(evaluation.loss - total / Double(2 * data.count)) <= 1e-14)
        #expect(evaluation.accuracy == Double(correct) / Double(data.count))
        let sine = try Dataset(spec: "sine:n=20")
        #expect(throws: SpecError.self) { try MLP(spec: "mlp:loss=cross-entropy", for: sine) }
        #expect(throws: SpecError.self) { try MLP(spec: "mlp:loss=hinge", for: data) }
    }
}

/// Hessian planes and curvature maps against PyTorch's eigenvalues (the reference cases of
/// HessianTests).
@Suite struct HessianPlaneTests {
    /// The hessian plane's directions are unit eigenvectors of the two largest eigenvalues, the
    /// saddle plane's of the largest and the smallest, with eigvalsh's eigenvalues to 1e-9.
    @Test(arguments: 0..<4) func planesAreEigenvectors(_ index: Int) throws {
        let c = try #require(HessianTests.cases.indices.contains(index) ? HessianTests.cases[index] : nil)
        let radius = max(abs(c.eigenvalues.first!), abs(c.eigenvalues.last!))
        for saddle in [false, true] {
            let plane = try Plane.hessian(at: c.theta, model: c.model, data: c.data, saddle: saddle, seed: 4)
            #expect(plane.kind == (saddle ? .saddle : .hessian) && plane.center == c.theta)
            let exact = saddle ? [c.eigenvalues.last!, c.eigenvalues.first!] : Array(c.eigenvalues.suffix(2).reversed())
            let values = try #require(plane.eigenvalues)
            for (ours, theirs) in zip(values, exact) {
                #expect(abs(ours - theirs) <= 1e-9 * max(abs(theirs), 1e-4 * radius), "\(c.name) saddle=\(saddle): \(ours) against \(theirs)")
            }
            var hessian = NetworkHessian(model: c.model, data: c.data, theta: c.theta)
            var hd = [Double](repeating: 0, count: hessian.dimension)
            for (d, lambda) in zip([plane.d1, plane.d2], values) {
                #expect(abs(Lanczos.dot(d, d) - 1) <= 1e-12)
                hessian.apply(d, into: &hd)
                let residual = zip(hd, d).map { ($0 - lambda * $1) * ($0 - lambda * $1) }.reduce(0, +).squareRoot()
                #expect(residual <= 1e-8 * radius, "\(c.name): residual \(residual)")
            }
            #expect(abs(Lanczos.dot(plane.d1, plane.d2)) <= 1e-9)
        }
    }

    /// A curvature map's point at the plane's centre has the centre's extreme eigenvalues, and
    /// the ratio is λmin/λmax; the map is the same twice.
    @Test func curvatureGridAtTheCentreIsTheSpectrumsEnds() throws {
        let c = try #require(HessianTests.cases.first)
        let radius = max(abs(c.eigenvalues.first!), abs(c.eigenvalues.last!))
        let plane = try Plane.hessian(at: c.theta, model: c.model, data: c.data, saddle: true)
        let grid = CurvatureGrid.compute(model: c.model, data: c.data, plane: plane, x: [-0.5, 0, 0.5], y: [-1, 0, 1], seed: 2)
        #expect(grid.largest.count == 9 && grid.smallest.count == 9)
        #expect(abs(grid.largest[4] - c.eigenvalues.last!) <= 1e-8 * radius)
        #expect(abs(grid.smallest[4] - c.eigenvalues.first!) <= 1e-8 * radius)
        for (r, (s, l)) in zip(grid.ratio, zip(grid.smallest, grid.largest)) { #expect(r == s / l) }
        // Point (x[2], y[0]) is centre + 0.5·d₁ − 1·d₂: λmax there is the Hessian's there.
        var theta = c.theta
        plane.point(0.5, -1, into: &theta)
        let there = Curvature(model: c.model, data: c.data, theta: theta)
        #expect(abs(grid.largest[2] - there.largest) <= 1e-8 * radius && abs(grid.smallest[2] - there.smallest!) <= 1e-8 * radius)
        let again = CurvatureGrid.compute(model: c.model, data: c.data, plane: plane, x: [-0.5, 0, 0.5], y: [-1, 0, 1], seed: 2)
        #expect(again.largest == grid.largest && again.smallest == grid.smallest)
    }
}
