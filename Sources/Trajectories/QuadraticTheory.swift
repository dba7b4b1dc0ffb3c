import Landscapes

/// The momentum-SGD family as linear iterations: GD, heavy-ball momentum (with dampening and
/// weight decay) and Nesterov momentum, with constant hyperparameters.
///
/// On a quadratic with Hessian H, in the eigenbasis of H every coordinate evolves on its own. For
/// an eigenvalue λ (plus the weight decay ω, which adds ωI to H), PyTorch's update
///
///     b′ = μ·b + (1 − τ)·λθ,    θ′ = θ − γ·b′             (heavy ball)
///     b′ = μ·b + (1 − τ)·λθ,    θ′ = θ − γ·(λθ + μ·b′)    (Nesterov)
///
/// is the linear map (θ, b) ↦ M·(θ, b) with
///
///     heavy ball:  trace M = 1 + μ − γ(1 − τ)λ,        det M = μ
///     Nesterov:    trace M = 1 + μ − γλ(1 + μ(1 − τ)), det M = μ(1 − γλ)
///
/// (GD is μ = 0). The first step's b₁ = g changes the transient, not the rate.
public struct MomentumMethod: Sendable, Hashable {
    public var learningRate: Double
    public var momentum: Double
    public var dampening: Double
    public var weightDecay: Double
    public var nesterov: Bool

    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// The method a configuration runs, when it is one of `gd`, `sgd`, `momentum`, `nesterov` with
    /// a constant learning rate and no momentum annealing; nil otherwise.
    public init?(_ configuration: OptimizerConfiguration) {
        guard ["gd", "sgd", "momentum", "nesterov"].contains(configuration.name),
              configuration.schedule.kind == .constant, configuration.momentumSchedule.steps == 0 else { return nil }
        func number(_ key: String) -> Double {
            configuration.parameters.first { $0.name == key }?.value.number ?? 0
        }
        self.init(learningRate: configuration.learningRate, momentum: number("momentum"), dampening: number("dampening"),
                  weightDecay: number("weight_decay"), nesterov: configuration.name == "nesterov")
    }

    /// The hyperparameter keys the theory understands.
    public static let keys = ["lr", "momentum", "dampening", "weight_decay"]

    /// A copy with one key set, or nil for a key the theory does not model.
    public func with(_ key: String, _ value: Double) -> MomentumMethod? {
        var m = self
        switch key {
        case "lr": m.learningRate = value
        case "momentum": m.momentum = value
        case "dampening": m.dampening = value
        case "weight_decay": m.weightDecay = value
        default: return nil
        }
        return m
    }

    /// The sharpness at which the method stops being stable: the largest eigenvalue λ of H for
    /// which the iteration along its eigenvector still contracts (spectral radius below 1), for
    /// 0 ≤ μ < 1 and 0 ≤ τ < 1. It is the line an edge-of-stability figure draws under λmax:
    ///
    ///     heavy ball  λ* = 2(1 + μ)/(γ(1 − τ)) − ω      (GD, μ = 0: 2/γ − ω)
    ///     Nesterov    λ* = 2(1 + μ)/(γ(1 + μ(2 − τ))) − ω
    ///
    /// from the Schur–Cohn conditions |det| < 1 and |trace| < 1 + det of z² − trace·z + det: the
    /// root −1 is met first, where trace = −(1 + det); for μ < 1 the other conditions bind later.
    public var sharpnessThreshold: Double {
        let g = learningRate, mu = momentum, tau = dampening
        if nesterov { return 2 * (1 + mu) / (g * (1 + mu * (2 - tau))) - weightDecay }
        return 2 * (1 + mu) / (g * (1 - tau)) - weightDecay
    }

    /// Trace and determinant of the iteration matrix along an eigenvector of H with eigenvalue λ.
    public func iteration(eigenvalue lambda: Double) -> (trace: Double, determinant: Double) {
        let l = lambda + weightDecay, g = learningRate, mu = momentum, tau = dampening
        if nesterov {
            return (1 + mu - g * l * (1 + mu * (1 - tau)), mu * (1 - g * l))
        }
        return (1 + mu - g * (1 - tau) * l, mu)
    }
}

/// Convergence theory for ``MomentumMethod`` on a quadratic surface with a positive definite
/// Hessian H, eigenvalues 0 < λmin ≤ λmax and condition number κ = λmax/λmin.
///
/// The error shrinks like ρᵏ, where ρ is the largest spectral radius of the iteration matrices of
/// the two eigen-directions: the larger modulus of the roots of z² − (trace)·z + det = 0. The run
/// is stable when ρ < 1; for heavy ball with 0 ≤ μ < 1 that is 0 < γλ < 2(1 + μ) for every λ.
/// The best constant settings (Polyak) are
///
///     γ* = (2/(√λmin + √λmax))²,   μ* = ((√κ − 1)/(√κ + 1))²,   ρ* = √μ* = (√κ − 1)/(√κ + 1),
///
/// and for GD γ = 2/(λmin + λmax) with ρ = (κ − 1)/(κ + 1).
public struct QuadraticTheory: Sendable {
    public let lambdaMin: Double
    public let lambdaMax: Double

    public init?(hessian: Hessian) {
        guard hessian.isPositiveDefinite else { return nil }
        let e = hessian.eigenvalues
        lambdaMin = e.min
        lambdaMax = e.max
    }

    /// The theory of a quadratic surface with a positive definite Hessian; nil for any other.
    public init?(surface: Surface) {
        guard surface.dimension == 2, let h = surface.constantHessian else { return nil }
        self.init(hessian: h)
    }

    public var conditionNumber: Double { lambdaMax / lambdaMin }

    /// The larger modulus of the roots of z² − t·z + d = 0.
    public static func spectralRadius(trace t: Double, determinant d: Double) -> Double {
        let disc = t * t - 4 * d
        if disc >= 0 {
            return 0.5 * (abs(t) + disc.squareRoot())
        }
        return d.squareRoot()  // complex pair: |z|² = d
    }

    /// The asymptotic rate ρ of a method: the error after k steps is of order ρᵏ.
    public func rate(_ method: MomentumMethod) -> Double {
        let a = method.iteration(eigenvalue: lambdaMin), b = method.iteration(eigenvalue: lambdaMax)
        return max(Self.spectralRadius(trace: a.trace, determinant: a.determinant),
                   Self.spectralRadius(trace: b.trace, determinant: b.determinant))
    }

    /// The largest stable learning rate of heavy ball (no dampening, no weight decay) with
    /// momentum μ ∈ [0, 1): 2(1 + μ)/λmax.
    public func stabilityLimit(momentum mu: Double) -> Double { 2 * (1 + mu) / lambdaMax }

    /// Polyak's γ* = (2/(√λmin + √λmax))².
    public var optimalLearningRate: Double {
        let s = 2 / (lambdaMin.squareRoot() + lambdaMax.squareRoot())
        return s * s
    }

    /// Polyak's μ* = ((√κ − 1)/(√κ + 1))².
    public var optimalMomentum: Double {
        let r = optimalRate
        return r * r
    }

    /// The heavy-ball rate at (γ*, μ*): (√κ − 1)/(√κ + 1).
    public var optimalRate: Double {
        let k = conditionNumber.squareRoot()
        return (k - 1) / (k + 1)
    }

    /// GD's best learning rate 2/(λmin + λmax), with rate (κ − 1)/(κ + 1).
    public var gdOptimalLearningRate: Double { 2 / (lambdaMin + lambdaMax) }
}
