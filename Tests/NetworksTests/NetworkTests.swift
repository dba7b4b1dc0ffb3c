import Foundation
import Landscapes
import Testing
import Trajectories
@testable import Networks

@Suite struct NetworkTests {
    /// Every generator: shape, labels, and the same points from the same seed (different from another).
    @Test(arguments: ["spirals", "moons", "circles", "blobs", "xor", "sine"])
    func datasetsHaveTheirShapeAndAreSeeded(_ name: String) throws {
        let a = try Dataset(spec: "\(name):n=50,seed=4"), b = try Dataset(spec: "\(name):n=50,seed=4"), c = try Dataset(spec: "\(name):n=50,seed=5")
        #expect(a == b && a.inputs != c.inputs)
        #expect(a.count == 50)
        if name == "sine" {
            #expect(a.kind == .regression && a.featureCount == 1 && a.targets.count == 50)
        } else {
            #expect(a.kind == .classification && a.featureCount == 2 && a.labels.count == 50)
            #expect(a.classCount == (name == "blobs" ? 3 : 2))
        }
        #expect(a.inputs.allSatisfy { $0.isFinite })
    }

    @Test func csvErrorsNameTheLine() {
        #expect(throws: DatasetError(source: "d.csv", line: 3, message: "'x' in column 'x2' is not a finite number")) {
            try Dataset(csv: "x1,x2,label\n1,2,0\n1,x,1\n", source: "d.csv")
        }
        #expect(throws: DatasetError(source: "d.csv", line: 2, message: "label '0.5' is not a whole number from 0 to 999")) {
            try Dataset(csv: "x1,x2,label\n1,2,0.5\n1,3,1\n", source: "d.csv")
        }
        let regression = try? Dataset(csv: "x,y\n1,2\n3,4\n", source: "r.csv")
        #expect(regression?.kind == .regression && regression?.targets == [2, 4])
    }

    /// Li et al.'s filter normalization: each neuron's incoming weights in a direction have the
    /// norm of the same neuron's weights at the center; bias directions are zero.
    @Test func filterNormalizationMatchesEachNeuronsNorm() throws {
        let data = try Dataset(spec: "spirals:n=20")
        let model = try MLP(spec: "mlp:hidden=7x5,act=relu", for: data)
        let center = model.initialParameters(seed: 9)
        let plane = Plane.random(around: center, model: model, seed: 2)
        for d in [plane.d1, plane.d2] {
            for l in 0..<model.layerCount {
                let (w, b) = model.layer(l)
                let nIn = model.widths[l]
                for row in 0..<model.widths[l + 1] {
                    let r = (w.lowerBound + row * nIn)..<(w.lowerBound + (row + 1) * nIn)
                    let dn = r.map { d[$0] * d[$0] }.reduce(0, +).squareRoot()
                    let tn = r.map { center[$0] * center[$0] }.reduce(0, +).squareRoot()
                    #expect(abs(dn - tn) <= 1e-9 * tn)
                }
                #expect(b.allSatisfy { d[$0] == 0 })
            }
        }
        #expect(plane.d1 != plane.d2)
        #expect(Plane.random(around: center, model: model, seed: 2) == plane)
    }

    /// Points in the plane come back with their coordinates and no distance; others with theirs.
    /// Interpolation runs from θ₀ (α = 0) to θ* (α = 1); a slice's direction is the random
    /// plane's d₁ with the same seed; both curves are the loss at those points.
    @Test func linesPassThroughTheirEndsAndMatchThePlane() throws {
        let data = try Dataset(spec: "moons:n=40,seed=1")
        let model = try MLP(spec: "mlp:hidden=5,act=tanh", for: data)
        let start = model.initialParameters(seed: 1), end = model.initialParameters(seed: 2)
        let line = WeightLine.interpolation(from: start, to: end)
        let curve = LineCurve.compute(model: model, data: data, line: line, alpha: [0, 0.5, 1])
        var workspace = MLP.Workspace()
        #expect(curve.loss[0] == model.evaluate(start, on: data, workspace: &workspace).loss)
        #expect(abs(curve.loss[2] - model.evaluate(end, on: data, workspace: &workspace).loss) <= 1e-14)
        let mid = zip(start, end).map { $0 + 0.5 * ($1 - $0) }
        #expect(abs(curve.loss[1] - model.evaluate(mid, on: data, workspace: &workspace).loss) <= 1e-14)
        #expect(curve.accuracy?.count == 3)
        let slice = WeightLine.slice(around: end, model: model, seed: 4)
        #expect(slice.direction == Plane.random(around: end, model: model, seed: 4).d1 && slice.normalization == "filter")
    }

    /// The class with the largest logit has the only positive margin; two classes' margins are
    /// opposite.
    @Test func classMarginsPickTheLargestLogit() throws {
        let data = try Dataset(spec: "blobs:n=30")
        let model = try MLP(spec: "mlp:hidden=4,act=relu", for: data)
        let theta = model.initialParameters(seed: 3)
        let x = [-2.0, 0, 1.5], y = [-1.0, 2]
        let margins = model.classMargins(theta, x: x, y: y)
        var workspace = MLP.Workspace()
        for i in y.indices {
            for j in x.indices {
                let z = model.outputs(theta, inputs: [x[j], y[i]], workspace: &workspace)
                let best = z.indices.max { z[$0] < z[$1] } ?? 0
                for k in z.indices { #expect((margins[k][i * x.count + j] > 0) == (k == best)) }
            }
        }
        let binary = try MLP(spec: "mlp:hidden=3", for: try Dataset(spec: "xor:n=8"))
        let m = binary.classMargins(binary.initialParameters(seed: 0), x: x, y: y)
        #expect(zip(m[0], m[1]).allSatisfy { $0 == -$1 })
    }

    @Test func projectionFindsCoordinatesAndDistance() {
        let plane = Plane(kind: .random, center: [1, 0, 0, 0], d1: [1, 1, 0, 0], d2: [0, 1, 0, 0], normalization: "none")
        let p = plane.coordinates(of: [1 + 2, 2 - 3, 0, 4])
        #expect(abs(p.alpha - 2) < 1e-15 && abs(p.beta + 3) < 1e-15 && abs(p.distance - 4) < 1e-15)
        #expect(abs(plane.captured([[1 + 2, 2 - 3, 0, 4]]) - 5.0 / 21.0) < 1e-15)
    }

    /// Central differences agree with backpropagation for every activation.
    @Test(arguments: Activation.allCases)
    func gradientsMatchFiniteDifferences(_ activation: Activation) throws {
        for spec in ["blobs:n=12,classes=3", "sine:n=9"] {
            let data = try Dataset(spec: spec)
            let model = try MLP(spec: "mlp:hidden=5x4,act=\(activation.rawValue)", for: data)
            let theta = model.initialParameters(seed: 1)
            var workspace = MLP.Workspace()
            var g: [Double] = []
            model.lossAndGradient(theta, on: data, gradient: &g, workspace: &workspace)
            for i in stride(from: 0, to: theta.count, by: 3) {
                var up = theta, down = theta
                let h = 1e-6
                up[i] += h
                down[i] -= h
                let numeric = (model.evaluate(up, on: data, workspace: &workspace).loss - model.evaluate(down, on: data, workspace: &workspace).loss) / (2 * h)
                #expect(abs(numeric - g[i]) <= 1e-6 * max(1, abs(g[i])), "\(activation) \(spec) θ[\(i)]: \(numeric) vs \(g[i])")
            }
        }
    }

    /// Mini-batches: every sample once per epoch, and the same run from the same seed.
    @Test func miniBatchTrainingIsSeeded() throws {
        let data = try Dataset(spec: "moons:n=50")
        let model = try MLP(spec: "mlp:hidden=6", for: data)
        let trainer = Trainer(model: model, data: data)
        let options = TrainingOptions(epochs: 3, batch: 16, recordEvery: 2, seed: 7)
        let a = try trainer.train(OptimizerConfiguration(spec: "sgd:lr=0.1"), from: model.initialParameters(seed: 0), options: options)
        let b = try trainer.train(OptimizerConfiguration(spec: "sgd:lr=0.1"), from: model.initialParameters(seed: 0), options: options)
        #expect(a == b)
        #expect(a.records.map(\.step) == [0, 2, 4, 6, 8, 10, 12] && a.batch == 16)
        let c = try trainer.train(OptimizerConfiguration(spec: "sgd:lr=0.1"), from: model.initialParameters(seed: 0),
                                  options: TrainingOptions(epochs: 3, batch: 16, recordEvery: 2, seed: 8))
        #expect(c.records.last?.parameters != a.records.last?.parameters)
    }

    /// A spec's own batch wins over --batch, which wins over the optimizer's default.
    @Test func batchSizesFollowSpecThenOptionThenDefault() throws {
        let data = try Dataset(spec: "moons:n=50")
        func batch(_ spec: String, _ option: Int?) throws -> Int? {
            TrainingOptions(epochs: 1, batch: option).batch(for: try OptimizerConfiguration(spec: spec), on: data)
        }
        #expect(try batch("sgd:lr=0.1", nil) == 1)
        #expect(try batch("gd:lr=0.1", nil) == nil)
        #expect(try batch("sgd:lr=0.1,batch=16", 8) == 16)
        #expect(try batch("adam", 8) == 8)
        #expect(try batch("adam", 50) == nil)
        #expect(TrainingOptions(epochs: 1).stepsPerEpoch(try OptimizerConfiguration(spec: "sgd:batch=16"), on: data) == 4)
    }

    /// The built-in optimizers as values train exactly as the catalog's: every recorded loss and
    /// parameter bit for bit, full batch and mini-batches; a value's run records its label.
    @Test func valuesTrainAsTheCatalog() throws {
        let data = try Dataset(spec: "moons:n=60")
        let model = try MLP(spec: "mlp:hidden=6x4", for: data)
        let trainer = Trainer(model: model, data: data)
        let initial = model.initialParameters(seed: 2)
        let options = TrainingOptions(epochs: 8, recordEvery: 3, seed: 5)
        let pairs: [(any Optimizer<[Double]>, String, Int?)] = [
            (SGD<[Double]>(lr: 0.2), "gd:lr=0.2", nil),
            (SGD<[Double]>(lr: 0.05, momentum: 0.9), "momentum:lr=0.05", nil),
            (SGD<[Double]>(lr: 0.05, momentum: 0.9, nesterov: true), "nesterov:lr=0.05,batch=16", 16),
            (Adagrad<[Double]>(lr: 0.1), "adagrad:lr=0.1", nil),
            (RMSprop<[Double]>(lr: 0.01, momentum: 0.5, centered: true), "rmsprop:lr=0.01,momentum=0.5,centered=1", nil),
            (Adam<[Double]>(lr: 0.02, amsgrad: true), "adam:lr=0.02,amsgrad=1,batch=16", 16),
            (AdamW<[Double]>(lr: 0.02, weightDecay: 0.1), "adamw:lr=0.02,weight_decay=0.1", nil),
        ]
        for (value, spec, batch) in pairs {
            func train(_ o: some Optimizer<[Double]>) throws -> NetworkRun { try trainer.train(o, batch: batch, from: initial, options: options) }
            let a = try train(value)
            let b = try trainer.train(OptimizerConfiguration(spec: spec), from: initial, options: options)
            #expect(a.records == b.records && a.outcome == b.outcome && a.batch == b.batch, "\(spec)")
            #expect(a.label == (try OptimizerConfiguration(spec: spec)).label || batch != nil, "\(spec): \(a.label ?? "-")")
        }
    }

    /// A run file survives writing and reading unchanged.
    @Test func runFileRoundTrips() throws {
        let data = try Dataset(spec: "xor:n=30")
        let model = try MLP(spec: "mlp:hidden=4,act=sigmoid", for: data)
        let initial = model.initialParameters(seed: 3)
        let options = TrainingOptions(epochs: 5, recordEvery: 2)
        let runs = try Trainer(model: model, data: data).train([OptimizerConfiguration(spec: "adam:lr=0.1"), OptimizerConfiguration(spec: "nesterov:lr=0.1")],
                                                              from: initial, options: options)
        let session = NetworkSession(data: data, model: model, initial: initial, initSeed: 3, options: options, runs: runs)
        let back = try NetworkSession(json: session.json(), source: "run.json")
        #expect(back == session)
        // A value's run keeps its label through the file.
        var labelled = session
        labelled.runs[0].label = "Adam, tuned"
        #expect(try NetworkSession(json: labelled.json(), source: "run.json").runs[0].label == "Adam, tuned")
        #expect(back.json() == session.json())
    }
}

@Suite struct KernelTests {
    /// The vector tanh against the C library's, over the range that matters and its edges (values
    /// go in pairs that share a division, so the row's length is odd here: the last goes alone).
    @Test func tanhRowMatchesTheCLibrary() {
        var xs: [Double] = (0..<20_001).map { -25 + Double($0) * 0.0025 }
        xs += [0, -0.0, 1e-300, -Double.leastNonzeroMagnitude, 1e-8, 19.99, 20, 20.01, 40, 1e300, -1e300, .infinity, -.infinity, 0.5]
        var ys = xs
        ys.withUnsafeMutableBufferPointer { tanhRow($0.baseAddress!, count: $0.count) }
        var worst = 0.0
        for (x, y) in zip(xs, ys) { worst = max(worst, abs(y - tanh(x))) }
        #expect(ys.count % 2 == 1 && worst <= 4e-16, "largest difference \(worst)")
        var nan = [Double](repeating: .nan, count: 9)
        nan.withUnsafeMutableBufferPointer { tanhRow($0.baseAddress!, count: $0.count) }
        #expect(nan.allSatisfy { $0.isNaN })
    }

    /// The vector affine row against the scalar sum, at widths that use every lane path.
    @Test(arguments: [1, 2, 3, 7, 8, 9, 16, 17, 33])
    func affineRowMatchesTheScalarSum(_ n: Int) {
        let nIn = 5
        let a = (0..<nIn).map { Double($0) * 0.37 - 0.5 }
        let wt = (0..<(nIn * n)).map { sin(Double($0)) }
        let bias = (0..<n).map { cos(Double($0)) }
        var out = [Double](repeating: .nan, count: n)
        out.withUnsafeMutableBufferPointer { o in affineRow(a, count: nIn, weightsT: wt, bias: bias, outputs: n, into: o.baseAddress!) }
        for j in 0..<n {
            var s = 0.0
            for k in 0..<nIn { s += wt[k * n + j] * a[k] }
            #expect(out[j] == s + bias[j])
        }
    }
}
