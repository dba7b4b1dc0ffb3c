import Landscapes
import Trajectories

/// Heavy-ball momentum, in PyTorch's buffer form: b ← g on the first step, then b ← μb + g,
/// and θ ← θ − γb, over the plane (`HeavyBall(lr: 0.05)`) or a vector (`HeavyBall<[Double]>`).
public struct HeavyBall<Parameters: ParameterVector>: Optimizer {
    public var learningRate: LearningRateSchedule
    public var momentum: Double
    var buffer = Parameters()

    public init(lr: Double = 0.01, momentum: Double = 0.9) {
        learningRate = LearningRateSchedule(base: lr)
        self.momentum = momentum
    }

    public var name: String { "Heavy ball" }
    public var hyperparameters: [Hyperparameter] {
        [Hyperparameter("momentum", momentum, default: 0.9, constraint: .unitInterval, alwaysShown: true)]
    }
    public var stateNames: [String] { Self.stateNames(["buf"]) }
    public func appendState(to values: inout [Double]) { Self.append(buffer, to: &values) }

    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        buffer = buffer.sized(like: theta)
        for i in 0..<theta.scalarCount {
            buffer[i] = context.t == 1 ? gradient[i] : momentum * buffer[i] + gradient[i]
            theta[i] -= context.learningRate * buffer[i]
        }
    }
}

/// Lion (Chen et al., 2023), as the paper's Algorithm 2 with decoupled weight decay λ:
///
///     c ← β₁m + (1 − β₁)g
///     θ ← θ − γ·(sign(c) + λθ)
///     m ← β₂m + (1 − β₂)g
public struct Lion<Parameters: ParameterVector>: Optimizer {
    public var learningRate: LearningRateSchedule
    public var beta1: Double, beta2: Double, weightDecay: Double
    var m = Parameters()

    public init(lr: Double = 1e-4, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 0) {
        learningRate = LearningRateSchedule(base: lr)
        (self.beta1, self.beta2, self.weightDecay) = (beta1, beta2, weightDecay)
    }

    public var name: String { "Lion" }
    public var hyperparameters: [Hyperparameter] {
        Hyperparameter.betas(beta1, beta2, defaults: (0.9, 0.99)) + [.weightDecay(weightDecay)]
    }
    public var stateNames: [String] { Self.stateNames(["m"]) }
    public func appendState(to values: inout [Double]) { Self.append(m, to: &values) }

    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        m = m.sized(like: theta)
        for i in 0..<theta.scalarCount {
            let c = beta1 * m[i] + (1 - beta1) * gradient[i]
            let sign: Double = c > 0 ? 1 : c < 0 ? -1 : 0
            theta[i] -= context.learningRate * (sign + weightDecay * theta[i])
            m[i] = beta2 * m[i] + (1 - beta2) * gradient[i]
        }
    }
}

extension OptimizerCatalog {
    /// The standard optimizers, `heavy-ball` and `lion`, which specs and trajectory files can now
    /// name. Each entry's keys come from a value with its defaults.
    public static let withHeavyBall = OptimizerCatalog.standard
        .adding(Entry(HeavyBall<Vector2>(), summary: "b ← μb + g, θ ← θ − γb",
                      make: { a in HeavyBall<Vector2>(momentum: a.number("momentum")) },
                      vector: { a in HeavyBall<[Double]>(momentum: a.number("momentum")) }))
        .adding(Entry(Lion<Vector2>(), summary: "Lion: the sign of an interpolated momentum",
                      make: { a in Lion<Vector2>(beta1: a.number("beta1"), beta2: a.number("beta2"), weightDecay: a.number("weight_decay")) },
                      vector: { a in Lion<[Double]>(beta1: a.number("beta1"), beta2: a.number("beta2"), weightDecay: a.number("weight_decay")) }))
}

/// A surface of one's own: the Styblinski–Tang function ½Σ(wᵢ⁴ − 16wᵢ² + 5wᵢ) in the plane, four
/// minima, the global one near (−2.9035, −2.9035).
public struct StyblinskiTang: DifferentiableFunction {
    public init() {}
    public func value(at p: Vector2) -> Double {
        0.5 * (p.x * p.x * p.x * p.x - 16 * p.x * p.x + 5 * p.x + p.y * p.y * p.y * p.y - 16 * p.y * p.y + 5 * p.y)
    }
    public func gradient(at p: Vector2) -> Vector2 {
        Vector2(2 * p.x * p.x * p.x - 16 * p.x + 2.5, 2 * p.y * p.y * p.y - 16 * p.y + 2.5)
    }
    public func hessian(at p: Vector2) -> Hessian {
        Hessian(xx: 6 * p.x * p.x - 16, xy: 0, yy: 6 * p.y * p.y - 16)
    }

    /// The surface, ready for runners and figures.
    public static var surface: Surface {
        let m = -2.903534
        return Surface(name: "styblinski-tang", formula: "½Σ(wᵢ⁴ − 16wᵢ² + 5wᵢ)", domain: Domain(xmin: -5, xmax: 5, ymin: -5, ymax: 5),
                       minima: [CriticalPoint([m, m], value: StyblinskiTang().value(at: [m, m]), kind: .globalMinimum)],
                       starts: [StartPoint([4, 4.5])], function: StyblinskiTang())
    }
}

/// The N-dimensional Rosenbrock function Σ 100(θᵢ₊₁ − θᵢ²)² + (1 − θᵢ)², for runs over vectors.
public struct Rosenbrock: Objective {
    public let dimension: Int
    public init(dimension: Int) { self.dimension = dimension }
    public func value(at theta: [Double], gradient: inout [Double]) -> Double {
        var f = 0.0
        for i in 0..<dimension { gradient[i] = 0 }
        for i in 0..<(dimension - 1) {
            let a = theta[i + 1] - theta[i] * theta[i], b = 1 - theta[i]
            f += 100 * a * a + b * b
            gradient[i] += -400 * theta[i] * a - 2 * b
            gradient[i + 1] += 200 * a
        }
        return f
    }
}
