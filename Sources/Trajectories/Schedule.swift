import Landscapes

/// How the learning rate changes over a run. Step t counts from 1; each schedule gives γₜ from the
/// base rate γ, like PyTorch's schedulers stepped once per optimizer step:
///
///     constant  γₜ = γ
///     step      γₜ = γ·gamma^⌊(t − 1)/step_size⌋                           (StepLR)
///     exp       γₜ = γ·gamma^(t − 1)                                       (ExponentialLR)
///     cosine    γₜ = η_min + (γ − η_min)·(1 + cos(π·(t − 1)/T))/2, T = t_max (CosineAnnealingLR)
///     inverse   γₜ = γ / (1 + decay·(t − 1))                               (inverse time decay)
public struct LearningRateSchedule: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case constant, step, exp, cosine, inverse
    }

    public var kind: Kind
    public var base: Double
    public var stepSize: Int = 10
    public var gamma: Double = 0.1
    /// The cosine period; 0 means the run's step limit.
    public var tMax: Int = 0
    public var etaMin: Double = 0
    public var decay: Double = 0.01

    public init(kind: Kind = .constant, base: Double) {
        self.kind = kind
        self.base = base
    }

    /// γₜ for step t ≥ 1 of a run of at most `totalSteps` steps.
    public func rate(at t: Int, totalSteps: Int) -> Double {
        let k = Double(t - 1)
        switch kind {
        case .constant: return base
        case .step: return base * cPow(gamma, Double((t - 1) / max(1, stepSize)))
        case .exp: return base * cPow(gamma, k)
        case .cosine:
            let period = Double(tMax > 0 ? tMax : max(1, totalSteps))
            return etaMin + (base - etaMin) * (1 + cCos(Double.pi * k / period)) / 2
        case .inverse: return base / (1 + decay * k)
        }
    }
}

/// Momentum annealing: μ rises (or falls) linearly from `from` to `to` over the first `steps` steps
/// and stays at `to` after, μₜ = from + (to − from)·min(1, (t − 1)/steps); with `steps` = 0 it is the
/// constant `base`.
public struct MomentumSchedule: Sendable, Hashable {
    public var base: Double
    public var from: Double
    public var to: Double
    public var steps: Int

    public init(base: Double, from: Double = 0.5, to: Double = 0.9, steps: Int = 0) {
        self.base = base
        self.from = from
        self.to = to
        self.steps = steps
    }

    public func value(at t: Int) -> Double {
        guard steps > 0 else { return base }
        return from + (to - from) * min(1, Double(t - 1) / Double(steps))
    }
}
