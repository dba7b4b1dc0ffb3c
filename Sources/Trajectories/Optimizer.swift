import Landscapes

/// An optimizer: a value that holds its hyperparameters and state and turns the gradient at θₜ
/// into θₜ₊₁, over the plane (`Adam<Vector2>`, what ``Runner`` drives) or a flat parameter vector
/// (`Adam<[Double]>`, what ``VectorRunner`` and a network's trainer drive).
///
/// The runner owns the loop; an optimizer sees one step at a time, with the step's learning rate
/// from its own ``learningRate`` schedule in the context. The built-in optimizers (``SGD``,
/// ``Adagrad``, ``RMSprop``, ``Adam``, ``AdamW``, ``Newton``) write their update rule in their doc
/// comment as equations and follow PyTorch's `torch.optim` operation by operation, so that results
/// agree to round-off.
///
/// An optimizer of your own needs a learning rate and a step; its name, hyperparameters and state
/// make its legend label, its trajectory files and its state columns:
///
/// ```swift
/// /// Lion (Chen et al., 2023): c ← β₁m + (1 − β₁)g, θ ← θ − γ·sign(c), m ← β₂m + (1 − β₂)g.
/// struct Lion<Parameters: ParameterVector>: Optimizer {
///     var learningRate: LearningRateSchedule
///     var beta1 = 0.9, beta2 = 0.99
///     var m = Parameters()
///
///     init(lr: Double = 1e-4, beta1: Double = 0.9, beta2: Double = 0.99) {
///         learningRate = LearningRateSchedule(base: lr)
///         (self.beta1, self.beta2) = (beta1, beta2)
///     }
///
///     var name: String { "Lion" }
///     var hyperparameters: [Hyperparameter] {
///         [.init("beta1", beta1, default: 0.9, symbol: "β₁", constraint: .fraction),
///          .init("beta2", beta2, default: 0.99, symbol: "β₂", constraint: .fraction)]
///     }
///     var stateNames: [String] { Self.stateNames(["m"]) }
///     func appendState(to values: inout [Double]) { Self.append(m, to: &values) }
///
///     mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext) {
///         m = m.sized(like: theta)
///         for i in 0..<theta.scalarCount {
///             let c = beta1 * m[i] + (1 - beta1) * gradient[i]
///             theta[i] -= context.learningRate * (c > 0 ? 1 : c < 0 ? -1 : 0)
///             m[i] = beta2 * m[i] + (1 - beta2) * gradient[i]
///         }
///     }
/// }
///
/// let path = Runner(surface: try Surface(spec: "bowl"), optimizer: Lion(lr: 0.01))
///     .run(from: [2.5, 2.5], stop: StopRule(maxSteps: 500))
/// path.label       // "Lion lr=0.01"
/// path.optimizer   // "lion:lr=0.01", the spec a catalog with Lion added re-runs
/// ```
public protocol Optimizer<Parameters>: Sendable {
    /// What the optimizer moves: `Vector2` in the plane, `[Double]` for vectors of any length.
    associatedtype Parameters: ParameterVector

    /// The learning rate γₜ: a constant (`LearningRateSchedule(base: 0.05)`, or a literal) or a
    /// schedule (see ``scheduled(_:)``). The runner evaluates it each step and passes γₜ in
    /// ``StepContext/learningRate``.
    var learningRate: LearningRateSchedule { get set }
    /// The name in legends, e.g. `Adam`. Default: the type's name.
    var name: String { get }
    /// The hyperparameters besides the learning rate, in the order labels and specs list them.
    /// Default: none.
    var hyperparameters: [Hyperparameter] { get }
    /// Whether `step` needs the Hessian in its context (Newton's method). Default: false.
    var needsHessian: Bool { get }
    /// Names of the state values recorded after each step in the plane, e.g.
    /// `["m_x", "m_y", "v_x", "v_y"]`; see ``stateNames(_:)``. Default: none.
    var stateNames: [String] { get }
    /// Appends the current state values, in the order of `stateNames`. Default: nothing.
    func appendState(to values: inout [Double])
    /// Moves `theta` given the gradient g = ∇f(θ) at the current point.
    mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext)
}

extension Optimizer {
    public var name: String {
        let full = String(describing: Self.self)
        return full.firstIndex(of: "<").map { String(full[..<$0]) } ?? full
    }
    public var hyperparameters: [Hyperparameter] { [] }
    public var needsHessian: Bool { false }
    public var stateNames: [String] { [] }
    public func appendState(to values: inout [Double]) {}

    /// A copy whose learning rate follows `schedule`:
    /// `Adam(lr: 0.1).scheduled(LearningRateSchedule(kind: .cosine, base: 0.1))`.
    public func scheduled(_ schedule: LearningRateSchedule) -> Self {
        var copy = self
        copy.learningRate = schedule
        return copy
    }

    /// The spec that names this optimizer in a catalog: its name in lower case with spaces as
    /// hyphens, the learning rate (and schedule keys when it is not constant), and every
    /// hyperparameter that differs from its default, e.g. `adam:lr=0.05,beta2=0.99`.
    public var spec: Spec {
        var arguments = [Spec.Argument(key: "lr", value: learningRate.base.shortDescription)]
        arguments += learningRate.specArguments
        for h in hyperparameters where h.value != h.defaultValue {
            arguments.append(Spec.Argument(key: h.key, value: h.value.shortDescription))
        }
        return Spec(name: Self.specName(name), arguments: arguments)
    }

    /// A legend label: the name, the learning rate, and each hyperparameter that differs from its
    /// default or is always shown, with its symbol, e.g. `Momentum lr=0.1 β=0.9`.
    public var label: String {
        Hyperparameter.label(name: name, learningRate: learningRate.base,
                             parts: hyperparameters.filter { $0.alwaysShown || $0.value != $0.defaultValue }.map { ($0.symbol, $0.value.shortDescription) })
    }

    static func specName(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    /// State columns for the buffers named `buffers` in the plane: `["m", "v"]` gives
    /// `["m_x", "m_y", "v_x", "v_y"]`. Over `[Double]` state is not recorded and the list is empty.
    public static func stateNames(_ buffers: [String]) -> [String] {
        buffers.flatMap { buffer in Parameters.coordinateNames.map { buffer + "_" + $0 } }
    }

    /// Appends a state buffer coordinate by coordinate, in the order of ``stateNames(_:)``
    /// (`Self.append(m, to: &values)`, then the next buffer); nothing over `[Double]`.
    @inlinable public static func append(_ buffer: Parameters, to values: inout [Double]) {
        for i in 0..<Parameters.recordedCount { values.append(i < buffer.scalarCount ? buffer[i] : 0) }
    }
}

/// One hyperparameter of an optimizer: its spec key, value and default, how labels write it, and
/// the values a spec may give it (so that a catalog entry made from the optimizer checks them).
public struct Hyperparameter: Sendable, Hashable {
    /// The key in specs and trajectory files, e.g. `beta1`.
    public var key: String
    public var value: Double
    /// The value that specs leave out and labels do not show.
    public var defaultValue: Double
    /// How labels write the key, e.g. `β₁`.
    public var symbol: String
    /// Whether labels show it even at its default (momentum's β: its point).
    public var alwaysShown: Bool
    /// The values a spec may give it.
    public var constraint: ParameterInfo.Constraint
    /// A line for `landscape optimizers` and catalog listings.
    public var summary: String

    public init(_ key: String, _ value: Double, default defaultValue: Double, symbol: String? = nil,
                constraint: ParameterInfo.Constraint = .finite, alwaysShown: Bool = false, summary: String = "") {
        self.key = key
        self.value = value
        self.defaultValue = defaultValue
        self.symbol = symbol ?? Self.symbol(for: key)
        self.constraint = constraint
        self.alwaysShown = alwaysShown
        self.summary = summary.isEmpty ? key : summary
    }

    /// Decoupled or L2 weight decay λ ≥ 0.
    public static func weightDecay(_ value: Double, default defaultValue: Double = 0) -> Hyperparameter {
        Hyperparameter("weight_decay", value, default: defaultValue, constraint: .nonNegative, summary: "weight decay λ")
    }

    /// ε added to a denominator.
    public static func eps(_ value: Double, default defaultValue: Double) -> Hyperparameter {
        Hyperparameter("eps", value, default: defaultValue, constraint: .nonNegative, summary: "ε added to the denominator")
    }

    /// The first- and second-moment decays β₁ and β₂ of the Adam family, in [0, 1).
    public static func betas(_ beta1: Double, _ beta2: Double, defaults: (Double, Double) = (0.9, 0.999)) -> [Hyperparameter] {
        [Hyperparameter("beta1", beta1, default: defaults.0, constraint: .fraction, summary: "first-moment decay β₁"),
         Hyperparameter("beta2", beta2, default: defaults.1, constraint: .fraction, summary: "second-moment decay β₂")]
    }

    /// A switch, 0 or 1.
    public static func flag(_ key: String, _ on: Bool, summary: String) -> Hyperparameter {
        Hyperparameter(key, on ? 1 : 0, default: 0, constraint: .flag, summary: summary)
    }

    /// The key as a label writes it.
    static func symbol(for key: String) -> String {
        switch key {
        case "momentum": return "β"
        case "beta1": return "β₁"
        case "beta2": return "β₂"
        case "eps": return "ε"
        case "alpha": return "α"
        case "weight_decay": return "λ"
        default: return key
        }
    }

    /// `NAME lr=γ SYMBOL=VALUE …`: the label of an optimizer and of a catalog configuration.
    static func label(name: String, learningRate: Double, parts: [(String, String)]) -> String {
        ([name, "lr=\(learningRate.shortDescription)"] + parts.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
    }
}

/// What a single step may depend on besides the gradient.
public struct StepContext: Sendable {
    /// The step number t, starting at 1 for the first update (PyTorch's `step` count).
    public var t: Int
    /// The learning rate γₜ in force for this step.
    public var learningRate: Double
    /// The Hessian at θₜ, present when the optimizer asks for it.
    public var hessian: Hessian?
    /// The number of coordinates that move: 1 on a curve (whose y stays 0), 2 on a surface, the
    /// vector's length for `[Double]`.
    public var dimension: Int

    public init(t: Int, learningRate: Double, hessian: Hessian? = nil, dimension: Int = 2) {
        self.t = t
        self.learningRate = learningRate
        self.hessian = hessian
        self.dimension = dimension
    }
}

/// Gradient clipping by norm, as `torch.nn.utils.clip_grad_norm_(parameters, c)` does before a
/// step: g ← g · min(1, c / (‖g‖₂ + 10⁻⁶)). Every optimizer takes it (the `clip` key,
/// ``OptimizerConfiguration/clip``); the runners apply it to the gradient each step uses.
public enum GradientClipping {
    /// The factor the gradient is scaled by: min(1, c / (‖g‖₂ + 10⁻⁶)) (1 for a NaN norm, whose
    /// run diverges anyway).
    @inlinable public static func factor(norm: Double, limit c: Double) -> Double {
        let coefficient = c / (norm + 1e-6)
        return coefficient < 1 ? coefficient : 1
    }

    /// Clips a gradient in the plane to norm `c`. The norm is PyTorch's to the last bit:
    /// √(fma(y, y, x·x)), as its vector norm reduces a two-element tensor.
    @inlinable public static func clipped(_ g: Vector2, limit c: Double) -> Vector2 {
        let f = factor(norm: (g.x * g.x).addingProduct(g.y, g.y).squareRoot(), limit: c)
        return f < 1 ? Vector2(g.x * f, g.y * f) : g
    }

    /// Clips a gradient over a parameter vector to norm `c`, in place.
    @inlinable public static func clip(_ g: inout [Double], limit c: Double) {
        var squares = 0.0
        for v in g { squares = squares.addingProduct(v, v) }
        let f = factor(norm: squares.squareRoot(), limit: c)
        guard f < 1 else { return }
        for i in g.indices { g[i] *= f }
    }
}
