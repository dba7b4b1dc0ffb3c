import Landscapes

/// How the learning rate changes over a run. Step t counts from 1; each schedule gives γₜ from the
/// base rate γ, like PyTorch's schedulers stepped once per optimizer step:
///
///     constant  γₜ = γ
///     step      γₜ = γ·gamma^⌊(t − 1)/step_size⌋                           (StepLR)
///     exp       γₜ = γ·gamma^(t − 1)                                       (ExponentialLR)
///     cosine    γₜ = η_min + (γ − η_min)·(1 + cos(π·(t − 1)/T))/2, T = t_max (CosineAnnealingLR)
///     inverse   γₜ = γ / (1 + decay·(t − 1))                               (inverse time decay)
///
/// A number is a constant rate: `Adam(lr: 0.05)`; `LearningRateSchedule(kind: .cosine, base: 0.1)`
/// anneals it.
public struct LearningRateSchedule: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
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

    public init(floatLiteral value: Double) { self.init(base: value) }
    public init(integerLiteral value: Int) { self.init(base: Double(value)) }

    /// The spec keys besides `lr` that rebuild this schedule: none for a constant rate, else
    /// `schedule` and each of its keys that differs from the catalog's default.
    public var specArguments: [Spec.Argument] {
        guard kind != .constant else { return [] }
        let defaults = LearningRateSchedule(kind: kind, base: base)
        var out = [Spec.Argument(key: "schedule", value: kind.rawValue)]
        switch kind {
        case .constant: break
        case .step:
            if stepSize != defaults.stepSize { out.append(Spec.Argument(key: "step_size", value: String(stepSize))) }
            if gamma != defaults.gamma { out.append(Spec.Argument(key: "gamma", value: gamma.shortDescription)) }
        case .exp: out.append(Spec.Argument(key: "gamma", value: gamma.shortDescription))
        case .cosine:
            if tMax != defaults.tMax { out.append(Spec.Argument(key: "t_max", value: String(tMax))) }
            if etaMin != defaults.etaMin { out.append(Spec.Argument(key: "eta_min", value: etaMin.shortDescription)) }
        case .inverse:
            if decay != defaults.decay { out.append(Spec.Argument(key: "decay", value: decay.shortDescription)) }
        }
        return out
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
/// constant `base`. `SGD(lr: 0.1, annealing: .annealed(from: 0.5, to: 0.99, steps: 100))` anneals
/// momentum.
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

    /// Momentum that rises (or falls) linearly from `from` to `to` over `steps` steps.
    public static func annealed(from: Double, to: Double, steps: Int) -> MomentumSchedule {
        MomentumSchedule(base: to, from: from, to: to, steps: steps)
    }

    /// Whether μ changes over the run.
    public var isAnnealed: Bool { steps > 0 }

    @inlinable public func value(at t: Int) -> Double {
        guard steps > 0 else { return base }
        return from + (to - from) * min(1, Double(t - 1) / Double(steps))
    }
}
