import Landscapes

/// Adagrad (Duchi, Hazan & Singer, 2011), exactly as PyTorch's `torch.optim.Adagrad`, over the
/// plane (`Adagrad()`) or a flat parameter vector (`Adagrad<[Double]>()`).
///
/// With learning rate γ, decay η (`lr_decay`), ε and weight decay λ, starting from s₀ = s_init:
///
///     g  ← ∇f(θₜ) + λ·θₜ
///     γₜ ← γ / (1 + (t − 1)·η)
///     sₜ ← sₜ₋₁ + g²
///     θₜ₊₁ ← θₜ − γₜ · g / (√sₜ + ε)
///
/// ```swift
/// var adagrad = Adagrad(lr: 0.1)
/// var theta: Vector2 = [1, 1]
/// adagrad.step(&theta, gradient: [2, -4], context: StepContext(t: 1, learningRate: 0.1))
/// theta   // ≈ (0.9, 1.1): the first step has length γ in every coordinate
/// ```
public struct Adagrad<Parameters: ParameterVector>: Optimizer {
    /// γ (PyTorch's default 10⁻²).
    public var learningRate: LearningRateSchedule
    public var learningRateDecay: Double
    public var epsilon: Double
    public var weightDecay: Double
    public var initialAccumulator: Double
    /// The accumulated squared gradients s.
    public private(set) var sum: Parameters

    public init(_ parameters: Parameters.Type = Parameters.self, lr: Double = 1e-2, learningRateDecay: Double = 0,
                epsilon: Double = 1e-10, weightDecay: Double = 0, initialAccumulator: Double = 0) {
        self.learningRate = LearningRateSchedule(base: lr)
        self.learningRateDecay = learningRateDecay
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.initialAccumulator = initialAccumulator
        self.sum = Parameters().filled(with: initialAccumulator)
    }

    public var name: String { "Adagrad" }
    public var hyperparameters: [Hyperparameter] {
        [Hyperparameter("lr_decay", learningRateDecay, default: 0, constraint: .nonNegative, summary: "learning-rate decay η"),
         Hyperparameter("initial_accumulator_value", initialAccumulator, default: 0, constraint: .nonNegative,
                        summary: "initial value s₀ of the accumulator"),
         .eps(epsilon, default: 1e-10), .weightDecay(weightDecay)]
    }
    public var stateNames: [String] { Self.stateNames(["sum"]) }
    @_specialize(where Parameters == Vector2)
    public func appendState(to values: inout [Double]) { Self.append(sum, to: &values) }

    @_specialize(where Parameters == [Double])
    @_specialize(where Parameters == Vector2)
    public mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
        let clr = context.learningRate / (1 + Double(context.t - 1) * learningRateDecay)
        let (epsilon, weightDecay) = (epsilon, weightDecay)
        sum = sum.sized(like: theta, value: initialAccumulator)
        for i in 0..<theta.scalarCount {
            var g = gradient[i]
            if weightDecay != 0 { g = g + weightDecay * theta[i] }
            let s = sum[i] + g * g
            sum[i] = s
            theta[i] = theta[i] + (-clr) * (g / (s.squareRoot() + epsilon))
        }
    }
}

extension Adagrad where Parameters == Vector2 {
    /// Adagrad in the plane.
    public init(lr: Double = 1e-2, learningRateDecay: Double = 0, epsilon: Double = 1e-10, weightDecay: Double = 0,
                initialAccumulator: Double = 0) {
        self.init(Vector2.self, lr: lr, learningRateDecay: learningRateDecay, epsilon: epsilon, weightDecay: weightDecay,
                  initialAccumulator: initialAccumulator)
    }
}
