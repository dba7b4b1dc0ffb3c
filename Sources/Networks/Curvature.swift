import Dispatch
import Landscapes

/// The extreme eigenvalues of a loss's Hessian at one point: λmax, the sharpness that decides
/// whether gradient descent is stable there (lr·λmax < 2), and λmin, negative near a saddle.
public struct Curvature: Sendable, Equatable {
    public var largest: Double
    /// Nil where only λmax was measured.
    public var smallest: Double?

    public init(largest: Double, smallest: Double?) {
        self.largest = largest
        self.smallest = smallest
    }

    /// λmax (and with `smallest`, λmin) of the full-batch Hessian of `model` on `data` at θ, by
    /// Lanczos with full reorthogonalization
    /// (``Lanczos/extremeEigenpairs(of:largest:smallest:seed:maxIterations:tolerance:)``) until
    /// the wanted Ritz residuals are at most `tolerance`·|λ|max; each eigenvalue is then within
    /// that of the exact one (and usually within its square over the spectral gap). λmin takes
    /// about three times the products: it sits in the crowd of eigenvalues near 0.
    public init(model: MLP, data: Dataset, theta: [Double], smallest: Bool = true, seed: UInt64 = 0, tolerance: Double = 1e-10) {
        var hessian = NetworkHessian(model: model, data: data, theta: theta)
        let result = Lanczos.extremeEigenpairs(of: &hessian, largest: 1, smallest: smallest ? 1 : 0, seed: seed, tolerance: tolerance)
        self.init(largest: result.largest.first?.value ?? .nan, smallest: smallest ? result.smallest.first?.value ?? .nan : nil)
    }

    /// Hessian-vector products one measurement takes at most: Lanczos stops at n (where it is
    /// exact), and in practice far sooner; for work limits.
    public static func worstCaseProducts(parameters n: Int) -> Int { n }
}

extension NetworkRun {
    /// The run with ``NetworkRun/Record/curvature`` (λmax, and with `smallest` λmin) measured at
    /// every recorded step whose
    /// parameters are finite (a diverged run's last record has none), in parallel over the
    /// records; the same seed gives the same numbers on every machine.
    ///
    /// This is what Cohen et al. (2021) plot: under full-batch gradient descent the sharpness
    /// λmax rises until it reaches 2/lr, then hovers there ("the edge of stability").
    ///
    /// ```swift
    /// let data = try Dataset(spec: "spirals:n=200,noise=0.2")
    /// let model = try MLP(spec: "mlp:hidden=16x16,act=tanh,loss=mse", for: data)
    /// let gd = try OptimizerConfiguration(spec: "gd:lr=0.2")
    /// let run = try Trainer(model: model, data: data)
    ///     .train(gd, from: model.initialParameters(seed: 0), options: TrainingOptions(epochs: 3000, recordEvery: 100))
    ///     .measuringCurvature(model: model, data: data)
    /// run.records.last?.curvature?.largest   // ≈ 2 / 0.2
    /// ```
    public func measuringCurvature(model: MLP, data: Dataset, smallest: Bool = true, seed: UInt64 = 0, tolerance: Double = 1e-10) -> NetworkRun {
        var measured = self
        nonisolated(unsafe) var values = [Curvature?](repeating: nil, count: records.count)
        let records = self.records
        values.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let out = slots
            DispatchQueue.concurrentPerform(iterations: records.count) { k in
                let theta = records[k].parameters
                guard theta.allSatisfy(\.isFinite) else { return }
                out[k] = Curvature(model: model, data: data, theta: theta, smallest: smallest, seed: seed, tolerance: tolerance)
            }
        }
        for k in measured.records.indices { measured.records[k].curvature = values[k] }
        return measured
    }

    /// Whether every record with finite parameters has its curvature measured.
    public var hasCurvature: Bool {
        records.contains { $0.curvature != nil } && records.allSatisfy { $0.curvature != nil || !$0.parameters.allSatisfy(\.isFinite) }
    }
}

/// The curvature of a network at one point, for the spectrum figure: the spectral density of the
/// full-batch Hessian (stochastic Lanczos quadrature, as PyHessian) and, per layer, the extreme
/// eigenvalues of the Hessian's block of that layer's weights and bias.
public struct NetworkSpectrum: Sendable {
    public struct Layer: Sendable, Equatable {
        public var largest: Double
        public var smallest: Double
    }

    public var density: SpectralDensity
    public var layers: [Layer]

    /// The spectrum at θ: `probes` Rademacher probes of `steps` Lanczos steps each, and each
    /// layer's λmax and λmin by Lanczos to a residual of 10⁻¹⁰·|λ|max.
    public init(model: MLP, data: Dataset, theta: [Double], probes: Int = 8, steps: Int = 60, seed: UInt64 = 0) {
        var hessian = NetworkHessian(model: model, data: data, theta: theta)
        density = Lanczos.spectralDensity(of: &hessian, probes: probes, steps: steps, seed: seed)
        layers = (0..<model.layerCount).map { l in
            let (w, b) = model.layer(l)
            var block = NetworkHessian(model: model, data: data, theta: theta, block: w.lowerBound..<b.upperBound)
            let r = Lanczos.extremeEigenpairs(of: &block, largest: 1, smallest: 1, seed: seed, tolerance: 1e-10)
            return Layer(largest: r.largest.first?.value ?? .nan, smallest: r.smallest.first?.value ?? .nan)
        }
    }

    /// Hessian-vector products the spectrum takes at most (each layer's Lanczos stops at the
    /// layer's size).
    public static func worstCaseProducts(model: MLP, probes: Int, steps: Int) -> Int {
        probes * Swift.min(steps, model.parameterCount) + model.parameterCount
    }

    /// The Gaussian width PyHessian smooths with: σ² = 10⁻⁵·max(1, λ range).
    public var smoothingWidth: Double {
        let all = density.nodes.flatMap { $0 }
        let range = (all.max() ?? 0) - (all.min() ?? 0)
        return (1e-5 * Swift.max(1, range)).squareRoot()
    }
}
