import Landscapes

/// An optimizer named by a spec, with its hyperparameters resolved: what a runner needs to make
/// fresh optimizer state and drive it.
///
/// ```swift
/// let adam = try OptimizerConfiguration(spec: "adam:lr=0.05")
/// adam.label      // "Adam lr=0.05"
/// ```
public struct OptimizerConfiguration: Sendable, CustomStringConvertible {
    /// The catalog name, e.g. `momentum`.
    public let name: String
    /// The name for legends, e.g. `Momentum`.
    public let displayName: String
    /// Every hyperparameter with the value in force.
    public let parameters: [Parameter]
    /// The learning rate γ and how it changes.
    public let schedule: LearningRateSchedule
    /// The momentum coefficient (μ, or β₁ for the Adam family; 0 otherwise) and its annealing.
    public let momentumSchedule: MomentumSchedule
    /// Samples per stochastic step on data surfaces; 0 for the full batch.
    public let batchSize: Int
    let make: @Sendable (_ dimension: Int) -> any Optimizer
    let makeVector: (@Sendable () -> any UpdateRule<[Double]>)?

    /// Resolves a spec such as `"momentum:lr=0.1,momentum=0.5"` against a catalog: the standard
    /// one, or one with optimizers of your own added (``OptimizerCatalog/adding(_:)``).
    public init(spec text: String, catalog: OptimizerCatalog = .standard) throws(SpecError) {
        self = try catalog.configuration(for: Spec(parsing: text))
    }

    /// Resolves a spec for a surface: keys the spec leaves out are taken from the surface's
    /// suggested settings for an optimizer of the same name (see ``Surface/starts``), as the
    /// command line does, so that `gd` on `two-well` uses the learning rate that shows its
    /// point. The configuration is checked against the surface (a batch size needs data).
    ///
    /// ```swift
    /// let twoWell = try Surface(spec: "two-well")
    /// let gd = try OptimizerConfiguration(spec: "gd", for: twoWell)
    /// gd.learningRate   // 0.05, where OptimizerConfiguration(spec: "gd") has PyTorch's 0.001
    /// ```
    public init(spec text: String, for surface: Surface, catalog: OptimizerCatalog = .standard) throws(SpecError) {
        var spec = try Spec(parsing: text)
        let suggestions = surface.starts.first?.optimizers.compactMap { try? Spec(parsing: $0) } ?? []
        if let suggested = suggestions.first(where: { $0.name == spec.name }) {
            for argument in suggested.arguments where spec[argument.key] == nil { spec.arguments.append(argument) }
        }
        self = try catalog.configuration(for: spec)
        try validate(for: surface)
    }

    init(name: String, displayName: String, parameters: [Parameter], schedule: LearningRateSchedule,
         momentumSchedule: MomentumSchedule, batchSize: Int, make: @escaping @Sendable (Int) -> any Optimizer,
         makeVector: (@Sendable () -> any UpdateRule<[Double]>)?) {
        self.name = name
        self.displayName = displayName
        self.parameters = parameters
        self.schedule = schedule
        self.momentumSchedule = momentumSchedule
        self.batchSize = batchSize
        self.make = make
        self.makeVector = makeVector
    }

    /// The base learning rate γ.
    public var learningRate: Double { schedule.base }
    /// The base momentum coefficient.
    public var momentum: Double { momentumSchedule.base }

    /// A fresh optimizer with zero state, for a surface of the given dimension.
    public func makeOptimizer(dimension: Int = 2) -> any Optimizer { make(dimension) }

    /// A fresh rule with zero state for a flat parameter vector of any length (a network's), or nil
    /// for an optimizer that only works in the plane (Newton, which needs the Hessian, or a catalog
    /// entry added without a vector form).
    public func makeVectorRule() -> (any UpdateRule<[Double]>)? { makeVector?() }

    /// Whether ``makeVectorRule()`` gives a rule.
    public var worksOnVectors: Bool { makeVector != nil }

    /// The spec that rebuilds this configuration: the name plus every value that differs from its default.
    public var spec: Spec {
        Spec(name: name, arguments: parameters.filter { $0.value != $0.defaultValue }.map {
            Spec.Argument(key: $0.name, value: $0.value.description)
        })
    }

    /// A legend label: the display name and the hyperparameters that matter, e.g.
    /// `Momentum lr=0.1 β=0.9`: the learning rate, the optimizer's defining one whatever its
    /// value (momentum's and Nesterov's β, RMSprop's α), and every other one set away from its
    /// default (RMSprop's momentum only when it is not 0).
    public var label: String {
        let defining: Set<String> = name == "momentum" || name == "nesterov" ? ["momentum"] : name == "rmsprop" ? ["alpha"] : []
        var parts = [displayName, "lr=\(learningRate.shortDescription)"]
        for p in parameters where p.name != "lr" && (p.value != p.defaultValue || defining.contains(p.name)) {
            parts.append("\(Self.symbol(p.name))=\(p.value)")
        }
        return parts.joined(separator: " ")
    }

    static func symbol(_ key: String) -> String {
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

    public var description: String { spec.description }
}

/// Every optimizer that can be named in a spec. Hyperparameter defaults are PyTorch's, except that
/// `momentum` and `nesterov` default to μ = 0.9 (their point is momentum). Every optimizer also
/// takes `batch` and the schedule keys; the momentum family takes the annealing keys.
public struct OptimizerCatalog: Sendable {
    /// An optimizer that specs can name: its keys, and how to make its state from their values.
    ///
    /// ```swift
    /// let heavyBall = OptimizerCatalog.Entry(
    ///     name: "heavy-ball", displayName: "Heavy ball", summary: "v ← μv + g, θ ← θ − γv",
    ///     parameters: [OptimizerCatalog.lr(0.01), OptimizerCatalog.momentum(0.9)] + OptimizerCatalog.scheduleKeys,
    ///     make: { arguments in
    ///         let mu = arguments.number("momentum")
    ///         return { _ in HeavyBall(mu: mu) }   // your type conforming to Optimizer
    ///     })
    /// let catalog = OptimizerCatalog.standard.adding(heavyBall)
    /// let optimizer = try OptimizerConfiguration(spec: "heavy-ball:lr=0.05", catalog: catalog)
    /// ```
    ///
    /// `lr` is required; with `momentum` (or `beta1`) the runner's momentum schedule is its value,
    /// with `batch` the optimizer steps with mini-batches on data surfaces, and with
    /// ``scheduleKeys`` the learning rate follows a schedule. The step's rate and momentum reach
    /// ``Optimizer/step(_:gradient:context:)`` in its context.
    public struct Entry: Sendable {
        public var name: String
        public var displayName: String
        public var summary: String
        public var parameters: [ParameterInfo]
        var make: @Sendable (ResolvedArguments) -> @Sendable (Int) -> any Optimizer
        var makeVector: @Sendable (ResolvedArguments) -> (@Sendable () -> any UpdateRule<[Double]>)?

        /// `make` turns the resolved keys into a maker of fresh state for a surface's dimension;
        /// `vector`, if given, into a maker of the same rule over flat parameter vectors (for
        /// networks).
        public init(name: String, displayName: String, summary: String, parameters: [ParameterInfo],
                    make: @escaping @Sendable (ResolvedArguments) -> @Sendable (_ dimension: Int) -> any Optimizer,
                    vector: (@Sendable (ResolvedArguments) -> @Sendable () -> any UpdateRule<[Double]>)? = nil) {
            self.name = name
            self.displayName = displayName
            self.summary = summary
            self.parameters = parameters
            self.make = make
            self.makeVector = { a in vector?(a) }
        }

        /// A standard entry: one rule, made in the plane and (except Newton's) over vectors from
        /// the same resolved values.
        init(name: String, displayName: String, summary: String, parameters: [ParameterInfo],
             rule: @escaping @Sendable (ResolvedArguments) -> StandardRule) {
            self.init(name: name, displayName: displayName, summary: summary, parameters: parameters,
                      make: { a in let r = rule(a); return { dimension in r.plane(dimension: dimension) } })
            makeVector = { a in rule(a).vector }
        }
    }

    public var entries: [Entry]
    public var names: [String] { entries.map(\.name) }

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// This catalog with `entry` added, or put in place of the entry of the same name.
    public func adding(_ entry: Entry) -> OptimizerCatalog {
        var copy = self
        if let k = copy.entries.firstIndex(where: { $0.name == entry.name }) {
            copy.entries[k] = entry
        } else {
            copy.entries.append(entry)
        }
        return copy
    }

    // MARK: Keys

    /// The learning rate γ, with its default: every optimizer has it.
    public static func lr(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "lr", summary: "learning rate γ", defaultValue: .number(value), constraint: .positive)
    }
    public static func weightDecay(_ value: Double = 0) -> ParameterInfo {
        ParameterInfo(name: "weight_decay", summary: "weight decay λ", defaultValue: .number(value), constraint: .nonNegative)
    }
    /// The momentum coefficient μ, in [0, 1]; it becomes the runner's momentum schedule.
    public static func momentum(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "momentum", summary: "momentum coefficient μ", defaultValue: .number(value), constraint: .nonNegative)
    }
    public static func eps(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "eps", summary: "ε added to the denominator", defaultValue: .number(value), constraint: .nonNegative)
    }
    static let dampening = ParameterInfo(name: "dampening", summary: "dampening τ (τ = μ gives the EMA form)", defaultValue: .number(0), constraint: .nonNegative)
    static let betas = [
        ParameterInfo(name: "beta1", summary: "first-moment decay β₁", defaultValue: .number(0.9), constraint: .nonNegative),
        ParameterInfo(name: "beta2", summary: "second-moment decay β₂", defaultValue: .number(0.999), constraint: .nonNegative),
    ]
    static let amsgrad = ParameterInfo(name: "amsgrad", summary: "1 to use the running maximum of v (AMSGrad)", defaultValue: .number(0), constraint: .count)
    /// Samples per step on data surfaces (0: all of them).
    public static func batch(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "batch", summary: "samples per step on data surfaces (0 = all)", defaultValue: .number(value), constraint: .count)
    }
    /// The learning-rate schedule's keys (`schedule`, `step_size`, `gamma`, `t_max`, `eta_min`,
    /// `decay`).
    public static let scheduleKeys = [
        ParameterInfo(name: "schedule", summary: "learning-rate schedule: constant, step, exp, cosine or inverse", defaultValue: .text("constant"), constraint: .text),
        ParameterInfo(name: "step_size", summary: "steps between decays (schedule=step)", defaultValue: .number(10), constraint: .count),
        ParameterInfo(name: "gamma", summary: "decay factor (schedule=step, exp)", defaultValue: .number(0.1), constraint: .positive),
        ParameterInfo(name: "t_max", summary: "cosine period in steps, 0 = the run's length (schedule=cosine)", defaultValue: .number(0), constraint: .count),
        ParameterInfo(name: "eta_min", summary: "smallest rate (schedule=cosine)", defaultValue: .number(0), constraint: .nonNegative),
        ParameterInfo(name: "decay", summary: "decay rate (schedule=inverse)", defaultValue: .number(0.01), constraint: .nonNegative),
    ]
    /// Momentum annealing's keys (`momentum_from`, `momentum_to`, `anneal_steps`).
    public static let annealKeys = [
        ParameterInfo(name: "momentum_from", summary: "annealed momentum at step 1", defaultValue: .number(0.5), constraint: .nonNegative),
        ParameterInfo(name: "momentum_to", summary: "annealed momentum from anneal_steps on", defaultValue: .number(0.9), constraint: .nonNegative),
        ParameterInfo(name: "anneal_steps", summary: "steps over which momentum is annealed (0 = no annealing)", defaultValue: .number(0), constraint: .count),
    ]

    static func sgdFamily(_ a: ResolvedArguments, nesterov: Bool) -> StandardRule {
        let mu = a.optionalNumber("momentum") ?? 0, tau = a.optionalNumber("dampening") ?? 0, wd = a.number("weight_decay")
        let anneal = (a.optionalNumber("anneal_steps") ?? 0) > 0
        return .sgd(momentum: anneal ? 1 : mu, dampening: tau, nesterov: nesterov, weightDecay: wd)
    }

    static func adamFamily(_ a: ResolvedArguments, decoupled: Bool) -> StandardRule {
        let b1 = a.number("beta1"), b2 = a.number("beta2"), e = a.number("eps"), wd = a.number("weight_decay"), ams = a.number("amsgrad") != 0
        return .firstOrder(decoupled ? .adamw(beta1: b1, beta2: b2, epsilon: e, weightDecay: wd, amsgrad: ams)
                                     : .adam(beta1: b1, beta2: b2, epsilon: e, weightDecay: wd, amsgrad: ams))
    }

    public static let standard = OptimizerCatalog(entries: [
        Entry(name: "gd", displayName: "GD", summary: "full-batch gradient descent θ ← θ − γ∇f",
              parameters: [lr(1e-3), weightDecay()] + scheduleKeys,
              rule: { a in sgdFamily(a, nesterov: false) }),
        Entry(name: "sgd", displayName: "SGD", summary: "stochastic gradient descent, per sample on data surfaces (PyTorch SGD)",
              parameters: [lr(1e-3), momentum(0), dampening, weightDecay(), batch(1)] + scheduleKeys + annealKeys,
              rule: { a in sgdFamily(a, nesterov: false) }),
        Entry(name: "momentum", displayName: "Momentum", summary: "heavy-ball momentum v ← μv + γg, θ ← θ − v (PyTorch SGD with momentum)",
              parameters: [lr(1e-3), momentum(0.9), dampening, weightDecay(), batch(0)] + scheduleKeys + annealKeys,
              rule: { a in sgdFamily(a, nesterov: false) }),
        Entry(name: "nesterov", displayName: "Nesterov", summary: "Nesterov momentum (PyTorch SGD with nesterov=True)",
              parameters: [lr(1e-3), momentum(0.9), weightDecay(), batch(0)] + scheduleKeys + annealKeys,
              rule: { a in sgdFamily(a, nesterov: true) }),
        Entry(name: "adagrad", displayName: "Adagrad", summary: "Adagrad, per-coordinate rates from accumulated squared gradients",
              parameters: [lr(1e-2),
                           ParameterInfo(name: "lr_decay", summary: "learning-rate decay η", defaultValue: .number(0), constraint: .nonNegative),
                           ParameterInfo(name: "initial_accumulator_value", summary: "initial value s₀ of the accumulator", defaultValue: .number(0), constraint: .nonNegative),
                           eps(1e-10), weightDecay(), batch(0)] + scheduleKeys,
              rule: { a in
                  .firstOrder(.adagrad(learningRateDecay: a.number("lr_decay"), epsilon: a.number("eps"), weightDecay: a.number("weight_decay"),
                           initialAccumulator: a.number("initial_accumulator_value")))
              }),
        Entry(name: "rmsprop", displayName: "RMSprop", summary: "RMSprop, optionally centred and with momentum",
              parameters: [lr(1e-2),
                           ParameterInfo(name: "alpha", summary: "smoothing constant α", defaultValue: .number(0.99), constraint: .nonNegative),
                           eps(1e-8), weightDecay(), momentum(0),
                           ParameterInfo(name: "centered", summary: "1 to normalise by the variance estimate", defaultValue: .number(0), constraint: .count),
                           batch(0)] + scheduleKeys + annealKeys,
              rule: { a in
                  .firstOrder(.rmsprop(alpha: a.number("alpha"), epsilon: a.number("eps"), weightDecay: a.number("weight_decay"),
                           momentum: a.number("anneal_steps") > 0 ? 1 : a.number("momentum"), centered: a.number("centered") != 0))
              }),
        Entry(name: "adam", displayName: "Adam", summary: "Adam with bias correction (PyTorch Adam)",
              parameters: [lr(1e-3)] + betas + [eps(1e-8), weightDecay(), amsgrad, batch(0)] + scheduleKeys,
              rule: { a in adamFamily(a, decoupled: false) }),
        Entry(name: "adamw", displayName: "AdamW", summary: "Adam with decoupled weight decay (PyTorch AdamW)",
              parameters: [lr(1e-3)] + betas + [eps(1e-8), weightDecay(1e-2), amsgrad, batch(0)] + scheduleKeys,
              rule: { a in adamFamily(a, decoupled: true) }),
        Entry(name: "newton", displayName: "Newton", summary: "damped Newton θ ← θ − γH⁻¹g, a gradient step where H is not positive definite",
              parameters: [lr(1),
                           ParameterInfo(name: "fallback", summary: "gradient step size where H is not positive definite", defaultValue: .number(0.01), constraint: .positive)]
                  + scheduleKeys,
              rule: { a in .newton(fallbackRate: a.number("fallback")) }),
    ])

    /// Resolves a spec, checking every key and value.
    public func configuration(for spec: Spec) throws(SpecError) -> OptimizerConfiguration {
        guard let entry = entries.first(where: { $0.name == spec.name }) else {
            throw SpecError.unknownName(kind: "optimizer", name: spec.name, known: names)
        }
        let a = try ResolvedArguments(kind: "optimizer", spec: spec, parameters: entry.parameters)
        func has(_ key: String) -> Bool { entry.parameters.contains { $0.name == key } }
        func bad(_ key: String, _ expected: String) -> SpecError {
            .badValue(kind: "optimizer", name: spec.name, key: key, value: spec[key] ?? "", expected: expected)
        }
        for key in ["beta1", "beta2", "alpha"] where has(key) && !(a.number(key) < 1) { throw bad(key, "a number in [0, 1)") }
        for key in ["momentum", "dampening", "momentum_from", "momentum_to"] where has(key) && a.number(key) > 1 {
            throw bad(key, "a number in [0, 1]")
        }
        for key in ["amsgrad", "centered"] where has(key) && a.number(key) > 1 { throw bad(key, "0 or 1") }
        // SGD is the stochastic one: a batch of 0 (all samples) would make it GD in disguise.
        if entry.name == "sgd" && has("batch") && a.number("batch") == 0 {
            throw bad("batch", "a whole number ≥ 1 for sgd (samples per step; for the full batch use gd)")
        }
        if entry.name == "nesterov" && a.number("momentum") == 0 && !(a.number("anneal_steps") > 0) {
            throw bad("momentum", "a number in (0, 1]: Nesterov momentum needs a momentum")
        }

        let kindText = a.text("schedule") ?? "constant"
        guard let kind = LearningRateSchedule.Kind(rawValue: kindText) else {
            throw SpecError.badValue(kind: "optimizer", name: spec.name, key: "schedule", value: kindText,
                                     expected: "one of " + LearningRateSchedule.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                                         + (closestMatch(to: kindText, in: LearningRateSchedule.Kind.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        if kind == .exp && spec["gamma"] == nil {
            throw SpecError.invalid("schedule=exp for optimizer '\(spec.name)' needs gamma, the factor per step (e.g. gamma=0.99)")
        }
        var schedule = LearningRateSchedule(kind: kind, base: a.number("lr"))
        schedule.stepSize = Int(a.number("step_size"))
        schedule.gamma = a.number("gamma")
        schedule.tMax = Int(a.number("t_max"))
        schedule.etaMin = a.number("eta_min")
        schedule.decay = a.number("decay")
        if kind == .step && schedule.stepSize == 0 { throw bad("step_size", "a whole number ≥ 1") }

        let base = has("momentum") ? a.number("momentum") : has("beta1") ? a.number("beta1") : 0
        var momentum = MomentumSchedule(base: base)
        if has("anneal_steps"), a.number("anneal_steps") > 0 {
            momentum = MomentumSchedule(base: base, from: a.number("momentum_from"), to: a.number("momentum_to"), steps: Int(a.number("anneal_steps")))
        }
        let batch = has("batch") ? Int(a.number("batch")) : 0
        return OptimizerConfiguration(name: entry.name, displayName: entry.displayName, parameters: a.parameters,
                                      schedule: schedule, momentumSchedule: momentum, batchSize: batch, make: entry.make(a),
                                      makeVector: entry.makeVector(a))
    }
}

/// The standard catalog's rules with their resolved values: made once per run, in the plane or
/// over a flat vector, from the same numbers.
enum StandardRule: Sendable {
    case firstOrder(FirstOrderRule)
    case newton(fallbackRate: Double)

    static func sgd(momentum: Double, dampening: Double, nesterov: Bool, weightDecay: Double) -> StandardRule {
        .firstOrder(.sgd(momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: weightDecay))
    }

    /// The rule in the plane, with its recorded state.
    func plane(dimension: Int) -> any Optimizer {
        switch self {
        case let .firstOrder(rule): rule.plane()
        case let .newton(fallback): Newton(fallbackRate: fallback, dimension: dimension)
        }
    }

    /// The rule over flat vectors; nil for Newton, which needs a 2×2 Hessian.
    var vector: (@Sendable () -> any UpdateRule<[Double]>)? {
        guard case let .firstOrder(rule) = self else { return nil }
        return { rule.make([Double].self) }
    }
}

/// A rule that needs only gradients, so that one definition serves every parameter vector.
enum FirstOrderRule: Sendable {
    case sgd(momentum: Double, dampening: Double, nesterov: Bool, weightDecay: Double)
    case adagrad(learningRateDecay: Double, epsilon: Double, weightDecay: Double, initialAccumulator: Double)
    case rmsprop(alpha: Double, epsilon: Double, weightDecay: Double, momentum: Double, centered: Bool)
    case adam(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, amsgrad: Bool)
    case adamw(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, amsgrad: Bool)

    func make<P: ParameterVector>(_ type: P.Type) -> any UpdateRule<P> {
        switch self {
        case let .sgd(mu, tau, nesterov, wd): SGD(P.self, momentum: mu, dampening: tau, nesterov: nesterov, weightDecay: wd)
        case let .adagrad(decay, e, wd, s0): Adagrad(P.self, learningRateDecay: decay, epsilon: e, weightDecay: wd, initialAccumulator: s0)
        case let .rmsprop(alpha, e, wd, mu, centered): RMSprop(P.self, alpha: alpha, epsilon: e, weightDecay: wd, momentum: mu, centered: centered)
        case let .adam(b1, b2, e, wd, ams): Adam(P.self, beta1: b1, beta2: b2, epsilon: e, weightDecay: wd, amsgrad: ams)
        case let .adamw(b1, b2, e, wd, ams): AdamW(P.self, beta1: b1, beta2: b2, epsilon: e, weightDecay: wd, amsgrad: ams)
        }
    }

    /// The same rule in the plane, as an ``Optimizer`` whose state is recorded.
    func plane() -> any Optimizer {
        switch self {
        case let .sgd(mu, tau, nesterov, wd): SGD(momentum: mu, dampening: tau, nesterov: nesterov, weightDecay: wd)
        case let .adagrad(decay, e, wd, s0): Adagrad(learningRateDecay: decay, epsilon: e, weightDecay: wd, initialAccumulator: s0)
        case let .rmsprop(alpha, e, wd, mu, centered): RMSprop(alpha: alpha, epsilon: e, weightDecay: wd, momentum: mu, centered: centered)
        case let .adam(b1, b2, e, wd, ams): Adam(beta1: b1, beta2: b2, epsilon: e, weightDecay: wd, amsgrad: ams)
        case let .adamw(b1, b2, e, wd, ams): AdamW(beta1: b1, beta2: b2, epsilon: e, weightDecay: wd, amsgrad: ams)
        }
    }
}
