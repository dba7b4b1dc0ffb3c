import Landscapes

/// A recorded optimizer run: every step from the start (step 0) to the last, with position, loss,
/// gradient and optimizer state, and how the run ended.
///
/// Storage is by column, so a million-step run is a few flat arrays.
public struct Trajectory: Sendable {
    /// The surface spec, e.g. `ravine:kappa=100`.
    public var surface: String
    /// The optimizer spec, e.g. `adam:lr=0.05` (for an optimizer value, its ``Optimizer/spec``).
    public var optimizer: String
    /// The optimizer's legend label, recorded for runs of an optimizer value (`Lion lr=0.0001`);
    /// nil for a catalog's runs, which their spec names.
    public var label: String?
    /// 1 for curves, 2 for surfaces.
    public var dimension: Int
    /// The seed of the run's random generator.
    public var seed: UInt64
    /// The stop rules the run was made with.
    public var stop: StopRule
    /// θ₀, θ₁, …
    public var positions: [Vector2] = []
    /// f(θ₀), f(θ₁), …
    public var losses: [Double] = []
    /// ∇f(θ₀), ∇f(θ₁), …
    public var gradients: [Vector2] = []
    /// Names of the optimizer state columns.
    public var stateNames: [String]
    /// Optimizer state after each step, `stateNames.count` values per step (zeros at step 0).
    public var state: [Double] = []
    /// How the run ended.
    public var outcome: Outcome = .maxSteps

    public init(surface: String, optimizer: String, dimension: Int, seed: UInt64, stop: StopRule, stateNames: [String]) {
        self.surface = surface
        self.optimizer = optimizer
        self.dimension = dimension
        self.seed = seed
        self.stop = stop
        self.stateNames = stateNames
    }

    /// A path recorded elsewhere (a network's projected points, a path read from a file): its
    /// positions and losses, gradients zero, no optimizer state; `steps` updates at most.
    public init(recorded positions: [Vector2], losses: [Double], surface: String, optimizer: String, seed: UInt64 = 0,
                steps: Int, outcome: Outcome) {
        precondition(positions.count == losses.count, "a recorded path has one loss per point")
        self.init(surface: surface, optimizer: optimizer, dimension: 2, seed: seed, stop: StopRule(maxSteps: Swift.max(0, steps)), stateNames: [])
        self.positions = positions
        self.losses = losses
        gradients = Array(repeating: .zero, count: positions.count)
        self.outcome = outcome
    }

    /// The number of updates made (the index of the last recorded step).
    public var stepCount: Int { positions.count - 1 }
    /// θ₀.
    public var start: Vector2 { positions[0] }
    /// The last recorded position.
    public var end: Vector2 { positions[positions.count - 1] }
    /// The last recorded loss.
    public var finalLoss: Double { losses[losses.count - 1] }

    /// Total length of the polyline θ₀θ₁…θₙ.
    public var pathLength: Double {
        var total = 0.0
        for k in positions.indices.dropFirst() { total += (positions[k] - positions[k - 1]).norm }
        return total
    }
}

/// How a run ended.
extension Trajectory {
    /// The sharpness along the path: the largest eigenvalue of the surface's exact Hessian at
    /// every recorded point (for a curve, f″). Beside ``MomentumMethod/sharpnessThreshold`` it
    /// says where a run is stable: GD on the ravine (κ = 50) at γ = 0.036 has λmax·γ = 1.8 < 2.
    public func sharpness(on surface: Surface) -> [Double] {
        positions.map { p in
            let h = surface.hessian(at: p)
            return surface.dimension == 1 ? h.xx : h.eigenvalues.max
        }
    }
}

public enum Outcome: String, Sendable, Hashable, CaseIterable {
    /// A stop rule (loss or gradient norm) was met.
    case converged
    /// The step limit was reached first.
    case maxSteps = "max-steps"
    /// A non-finite value appeared or the iterate left the divergence bound.
    case diverged
}

/// When a run stops.
public struct StopRule: Sendable, Hashable {
    /// The most updates to make.
    public var maxSteps: Int
    /// Stop once f(θ) < this value.
    public var loss: Double?
    /// Stop once ‖∇f(θ)‖ < this value.
    public var gradientNorm: Double?
    /// A run whose iterate has a coordinate of magnitude above this value has diverged.
    public var divergenceBound: Double

    public init(maxSteps: Int, loss: Double? = nil, gradientNorm: Double? = nil, divergenceBound: Double = 1e12) {
        precondition(maxSteps >= 0, "maxSteps must be ≥ 0")
        self.maxSteps = maxSteps
        self.loss = loss
        self.gradientNorm = gradientNorm
        self.divergenceBound = divergenceBound
    }
}
