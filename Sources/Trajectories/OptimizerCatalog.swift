import Landscapes

/// An optimizer ready to run, and how its runs are named: a spec resolved by a catalog
/// (`OptimizerConfiguration(spec: "adam:lr=0.05")`, what the command line and scenes use), or an
/// ``Optimizer`` value of your own (`OptimizerConfiguration(Lion(lr: 1e-4))`).
///
/// It keeps a fresh copy of the optimizer (zero state) in the plane and, when the optimizer has
/// one, over flat vectors, so that every run starts from the same state. Figures and sweeps take
/// configurations; ``Runner`` and ``VectorRunner`` take either.
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
    /// The momentum coefficient μ and its annealing (momentum, Nesterov, SGD and RMSprop; 0 for
    /// the others).
    public let momentumSchedule: MomentumSchedule
    /// Samples per stochastic step on data surfaces; 0 for the full batch.
    public let batchSize: Int
    /// The largest gradient norm c a step uses (the `clip` key; 0: none): each step's gradient g
    /// is scaled by min(1, c / (‖g‖₂ + 10⁻⁶)) first, as `torch.nn.utils.clip_grad_norm_` does.
    public let clip: Double
    /// The legend label, e.g. `Momentum lr=0.1 β=0.9`.
    public var label: String {
        ownLabel ?? OptimizerCatalog.label(displayName: displayName, parameters: parameters, learningRate: schedule.base,
                                           made: plane.hyperparameters)
    }
    /// A value's own label; nil for a catalog's configuration, whose label is made from its keys
    /// when asked (sweeps make a configuration per cell and never ask).
    let ownLabel: String?
    /// The optimizer in the plane, with zero state.
    public let plane: any Optimizer<Vector2>
    /// The same optimizer over flat vectors (a network's parameters), with zero state; nil for
    /// one that works only in the plane (Newton, which needs the Hessian, or a value or catalog
    /// entry given without a vector form).
    public let vector: (any Optimizer<[Double]>)?

    /// Resolves a spec such as `"momentum:lr=0.1,momentum=0.5"` against a catalog: the standard
    /// one, or one with optimizers of your own added (``OptimizerCatalog/adding(_:)``).
    public init(spec text: String, catalog: OptimizerCatalog = .standard) throws(SpecError) {
        self = try catalog.configuration(for: Spec(parsing: text))
    }

    /// Resolves a spec for a surface: keys the spec leaves out are taken from the surface's
    /// suggested settings for an optimizer of the same name (see `Surface/starts`), as the
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

    /// An optimizer value of your own (or a built-in one), run as it is: its name, label,
    /// hyperparameters and learning rate are its own, and `batchSize` samples make each step on a
    /// data surface (0: all of them). Its spec (``Optimizer/spec``) names it in trajectory files.
    ///
    /// ```swift
    /// let momentum = OptimizerConfiguration(SGD(lr: 0.05, momentum: 0.9))
    /// momentum.label   // "Momentum lr=0.05 β=0.9"
    /// ```
    public init<O: Optimizer<Vector2>>(_ optimizer: O, batchSize: Int = 0) {
        self.init(value: optimizer, batchSize: batchSize, plane: optimizer, vector: nil)
    }

    /// One optimizer in both forms, for figures that race it in the plane and on a network:
    /// `OptimizerConfiguration(Lion<Vector2>(lr: 1e-4), Lion<[Double]>(lr: 1e-4))`. The names,
    /// hyperparameters and learning rate are the plane form's.
    public init<O: Optimizer<Vector2>, V: Optimizer<[Double]>>(_ plane: O, _ vector: V, batchSize: Int = 0) {
        self.init(value: plane, batchSize: batchSize, plane: plane, vector: vector)
    }

    private init(value: some Optimizer, batchSize: Int, plane: any Optimizer<Vector2>, vector: (any Optimizer<[Double]>)?) {
        let spec = value.spec
        name = spec.name
        displayName = value.name
        var parameters = [Parameter(name: "lr", value: .number(value.learningRate.base), defaultValue: .number(value.learningRate.base), summary: "learning rate γ")]
        parameters += value.hyperparameters.map {
            Parameter(name: $0.key, value: .number($0.value), defaultValue: .number($0.defaultValue), summary: $0.summary)
        }
        if batchSize > 0 { parameters.append(Parameter(name: "batch", value: .number(Double(batchSize)), defaultValue: .number(0), summary: "samples per step")) }
        self.parameters = parameters
        schedule = value.learningRate
        let momentum = value.hyperparameters.first { $0.key == "momentum" }?.value ?? 0
        momentumSchedule = MomentumSchedule(base: momentum)
        self.batchSize = batchSize
        clip = 0
        ownLabel = value.label
        self.plane = plane
        self.vector = vector
        ownSpec = batchSize > 0 ? Spec(name: spec.name, arguments: spec.arguments + [Spec.Argument(key: "batch", value: String(batchSize))]) : spec
    }

    init(name: String, displayName: String, parameters: [Parameter], schedule: LearningRateSchedule, momentumSchedule: MomentumSchedule,
         batchSize: Int, clip: Double, plane: any Optimizer<Vector2>, vector: (any Optimizer<[Double]>)?) {
        self.name = name
        self.displayName = displayName
        self.parameters = parameters
        self.schedule = schedule
        self.momentumSchedule = momentumSchedule
        self.batchSize = batchSize
        self.clip = clip
        self.plane = plane
        self.vector = vector
        ownLabel = nil
        ownSpec = nil
    }

    /// The base learning rate γ.
    public var learningRate: Double { schedule.base }
    /// The base momentum coefficient μ.
    public var momentum: Double { momentumSchedule.base }

    /// Whether ``vector`` is there.
    public var worksOnVectors: Bool { vector != nil }

    /// The spec that rebuilds this configuration: the name plus every value that differs from its default.
    public var spec: Spec {
        ownSpec ?? Spec(name: name, arguments: parameters.filter { $0.value != $0.defaultValue }.map {
            Spec.Argument(key: $0.name, value: $0.value.description)
        })
    }
    /// A value's own spec (``Optimizer/spec``, with its batch).
    let ownSpec: Spec?

    public var description: String { spec.description }
}

/// Every optimizer that can be named in a spec. Hyperparameter defaults are PyTorch's, except that
/// `momentum` and `nesterov` default to μ = 0.9 (their point is momentum). Every optimizer also
/// takes `batch`, the schedule keys and `clip`; the momentum family takes the annealing keys.
///
/// Each entry makes an ``Optimizer`` value from a spec's keys; the command line, scenes and sweeps
/// name optimizers through it. An optimizer of your own joins with its keys taken from a value
/// with its defaults:
///
/// ```swift
/// let catalog = OptimizerCatalog.standard.adding(OptimizerCatalog.Entry(
///     Lion<Vector2>(lr: 1e-4), summary: "Lion: the sign of an interpolated momentum",
///     make: { a in Lion(lr: a.learningRate.base, beta1: a.number("beta1"), beta2: a.number("beta2")) },
///     vector: { a in Lion(lr: a.learningRate.base, beta1: a.number("beta1"), beta2: a.number("beta2")) }))
/// let lion = try OptimizerConfiguration(spec: "lion:lr=3e-4,beta2=0.98", catalog: catalog)
/// ```
public struct OptimizerCatalog: Sendable {
    /// The keys of a spec checked against an entry's, with the learning-rate schedule they make:
    /// what an entry makes its optimizer from.
    public struct Arguments: Sendable {
        /// Every key with the value in force.
        public let resolved: ResolvedArguments
        /// The learning rate from `lr` and the schedule keys.
        public let learningRate: LearningRateSchedule
        /// The momentum from `momentum` (0 if the entry has none) and the annealing keys.
        public let momentum: MomentumSchedule

        /// The number in force for `key`; the key must be one of the entry's numeric keys.
        public func number(_ key: String) -> Double { resolved.number(key) }
        /// Whether a switch (`amsgrad`, `centered`) is on.
        public func flag(_ key: String) -> Bool { resolved.number(key) != 0 }
    }

    /// An optimizer that specs can name: its keys, and how to make the optimizer from their values.
    ///
    /// `lr` is required and, with the schedule keys, becomes the made optimizer's
    /// ``Optimizer/learningRate`` (the catalog sets it, so `make` need not); with `batch` the optimizer steps with mini-batches on data
    /// surfaces; `momentum` and the annealing keys become ``Arguments/momentum``.
    public struct Entry: Sendable {
        public var name: String
        public var displayName: String
        public var summary: String
        public var parameters: [ParameterInfo]
        var make: @Sendable (Arguments) -> any Optimizer<Vector2>
        var makeVector: (@Sendable (Arguments) -> any Optimizer<[Double]>)?

        /// An entry with its keys listed: `make` turns their values into the optimizer in the
        /// plane, `vector`, if given, into the same optimizer over flat vectors (for networks).
        public init(name: String, displayName: String, summary: String, parameters: [ParameterInfo],
                    make: @escaping @Sendable (Arguments) -> any Optimizer<Vector2>,
                    vector: (@Sendable (Arguments) -> any Optimizer<[Double]>)? = nil) {
            self.name = name
            self.displayName = displayName
            self.summary = summary
            self.parameters = parameters
            self.make = make
            self.makeVector = vector
        }

        /// An entry whose keys are those of `defaults`: `lr` with its learning rate, each of its
        /// ``Optimizer/hyperparameters`` with its default and constraint, `batch` (default
        /// `batch`; nil: no mini-batches), the schedule keys, `clip`, and the annealing keys if
        /// `annealing`. Its name is the name of the value's ``Optimizer/spec``.
        public init<O: Optimizer<Vector2>>(_ defaults: O, summary: String, batch: Int? = 0, annealing: Bool = false,
                                           make: @escaping @Sendable (Arguments) -> any Optimizer<Vector2>,
                                           vector: (@Sendable (Arguments) -> any Optimizer<[Double]>)? = nil) {
            var keys = [OptimizerCatalog.lr(defaults.learningRate.base)]
            keys += defaults.hyperparameters.map {
                ParameterInfo(name: $0.key, summary: $0.summary, defaultValue: .number($0.defaultValue), constraint: $0.constraint)
            }
            if let batch { keys.append(OptimizerCatalog.batch(Double(batch))) }
            keys += OptimizerCatalog.scheduleKeys + [OptimizerCatalog.clip] + (annealing ? OptimizerCatalog.annealKeys : [])
            self.init(name: defaults.spec.name, displayName: defaults.name, summary: summary, parameters: keys, make: make, vector: vector)
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
    /// The momentum coefficient μ, in [0, 1]; it becomes ``Arguments/momentum``.
    public static func momentum(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "momentum", summary: "momentum coefficient μ", defaultValue: .number(value), constraint: .unitInterval)
    }
    public static func eps(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "eps", summary: "ε added to the denominator", defaultValue: .number(value), constraint: .nonNegative)
    }
    /// Dampening τ in [0, 1] (τ = μ gives the EMA form of momentum).
    public static let dampening = ParameterInfo(name: "dampening", summary: "dampening τ (τ = μ gives the EMA form)", defaultValue: .number(0), constraint: .unitInterval)
    /// The Adam family's β₁ and β₂ in [0, 1), with PyTorch's defaults 0.9 and 0.999.
    public static let betas = [
        ParameterInfo(name: "beta1", summary: "first-moment decay β₁", defaultValue: .number(0.9), constraint: .fraction),
        ParameterInfo(name: "beta2", summary: "second-moment decay β₂", defaultValue: .number(0.999), constraint: .fraction),
    ]
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
    /// Gradient clipping by norm (``OptimizerConfiguration/clip``): every optimizer has it.
    public static let clip = ParameterInfo(name: "clip", summary: "largest gradient norm a step uses, as torch.nn.utils.clip_grad_norm_ (0 = none)",
                                           defaultValue: .number(0), constraint: .nonNegative)
    /// Momentum annealing's keys (`momentum_from`, `momentum_to`, `anneal_steps`).
    public static let annealKeys = [
        ParameterInfo(name: "momentum_from", summary: "annealed momentum at step 1", defaultValue: .number(0.5), constraint: .unitInterval),
        ParameterInfo(name: "momentum_to", summary: "annealed momentum from anneal_steps on", defaultValue: .number(0.9), constraint: .unitInterval),
        ParameterInfo(name: "anneal_steps", summary: "steps over which momentum is annealed (0 = no annealing)", defaultValue: .number(0), constraint: .count),
    ]
    static let amsgrad = ParameterInfo(name: "amsgrad", summary: "1 to use the running maximum of v (AMSGrad)", defaultValue: .number(0), constraint: .flag)

    static func sgd<P: ParameterVector>(_ a: Arguments, nesterov: Bool) -> SGD<P> {
        SGD(P.self, lr: a.learningRate.base, momentum: a.momentum.base, annealing: a.momentum.isAnnealed ? a.momentum : nil, dampening: a.resolved.optionalNumber("dampening") ?? 0, nesterov: nesterov,
            weightDecay: a.number("weight_decay"))
    }

    static func adam<P: ParameterVector>(_ a: Arguments) -> Adam<P> {
        Adam(P.self, lr: a.learningRate.base, beta1: a.number("beta1"), beta2: a.number("beta2"), epsilon: a.number("eps"),
             weightDecay: a.number("weight_decay"), amsgrad: a.flag("amsgrad"))
    }

    static func adamw<P: ParameterVector>(_ a: Arguments) -> AdamW<P> {
        AdamW(P.self, lr: a.learningRate.base, beta1: a.number("beta1"), beta2: a.number("beta2"), epsilon: a.number("eps"),
              weightDecay: a.number("weight_decay"), amsgrad: a.flag("amsgrad"))
    }

    static func adagrad<P: ParameterVector>(_ a: Arguments) -> Adagrad<P> {
        Adagrad(P.self, lr: a.learningRate.base, learningRateDecay: a.number("lr_decay"), epsilon: a.number("eps"),
                weightDecay: a.number("weight_decay"), initialAccumulator: a.number("initial_accumulator_value"))
    }

    static func rmsprop<P: ParameterVector>(_ a: Arguments) -> RMSprop<P> {
        RMSprop(P.self, lr: a.learningRate.base, alpha: a.number("alpha"), epsilon: a.number("eps"), weightDecay: a.number("weight_decay"),
                momentum: a.momentum.base, annealing: a.momentum.isAnnealed ? a.momentum : nil, centered: a.flag("centered"))
    }

    public static let standard = OptimizerCatalog(entries: [
        Entry(name: "gd", displayName: "GD", summary: "full-batch gradient descent θ ← θ − γ∇f",
              parameters: [lr(1e-3), weightDecay()] + scheduleKeys + [clip],
              make: { sgd($0, nesterov: false) as SGD<Vector2> }, vector: { sgd($0, nesterov: false) as SGD<[Double]> }),
        Entry(name: "sgd", displayName: "SGD", summary: "stochastic gradient descent, per sample on data surfaces (PyTorch SGD)",
              parameters: [lr(1e-3), momentum(0), dampening, weightDecay(), batch(1)] + scheduleKeys + [clip] + annealKeys,
              make: { sgd($0, nesterov: false) as SGD<Vector2> }, vector: { sgd($0, nesterov: false) as SGD<[Double]> }),
        Entry(name: "momentum", displayName: "Momentum", summary: "heavy-ball momentum v ← μv + γg, θ ← θ − v (PyTorch SGD with momentum)",
              parameters: [lr(1e-3), momentum(0.9), dampening, weightDecay(), batch(0)] + scheduleKeys + [clip] + annealKeys,
              make: { sgd($0, nesterov: false) as SGD<Vector2> }, vector: { sgd($0, nesterov: false) as SGD<[Double]> }),
        Entry(name: "nesterov", displayName: "Nesterov", summary: "Nesterov momentum (PyTorch SGD with nesterov=True)",
              parameters: [lr(1e-3), momentum(0.9), weightDecay(), batch(0)] + scheduleKeys + [clip] + annealKeys,
              make: { sgd($0, nesterov: true) as SGD<Vector2> }, vector: { sgd($0, nesterov: true) as SGD<[Double]> }),
        Entry(Adagrad<Vector2>(), summary: "Adagrad, per-coordinate rates from accumulated squared gradients",
              make: { adagrad($0) as Adagrad<Vector2> }, vector: { adagrad($0) as Adagrad<[Double]> }),
        Entry(RMSprop<Vector2>(), summary: "RMSprop, optionally centred and with momentum", annealing: true,
              make: { rmsprop($0) as RMSprop<Vector2> }, vector: { rmsprop($0) as RMSprop<[Double]> }),
        Entry(Adam<Vector2>(), summary: "Adam with bias correction (PyTorch Adam)",
              make: { adam($0) as Adam<Vector2> }, vector: { adam($0) as Adam<[Double]> }),
        Entry(AdamW<Vector2>(), summary: "Adam with decoupled weight decay (PyTorch AdamW)",
              make: { adamw($0) as AdamW<Vector2> }, vector: { adamw($0) as AdamW<[Double]> }),
        Entry(Newton(), summary: "damped Newton θ ← θ − γH⁻¹g, a gradient step where H is not positive definite", batch: nil,
              make: { a in Newton(lr: a.learningRate.base, fallbackRate: a.number("fallback")) }),
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

        let base = has("momentum") ? a.number("momentum") : 0
        var momentum = MomentumSchedule(base: base)
        if has("anneal_steps"), a.number("anneal_steps") > 0 {
            momentum = MomentumSchedule(base: base, from: a.number("momentum_from"), to: a.number("momentum_to"), steps: Int(a.number("anneal_steps")))
        }
        let batch = has("batch") ? Int(a.number("batch")) : 0
        let arguments = Arguments(resolved: a, learningRate: schedule, momentum: momentum)
        var plane = entry.make(arguments)
        plane.learningRate = schedule
        var vector = entry.makeVector?(arguments)
        vector?.learningRate = schedule
        return OptimizerConfiguration(name: entry.name, displayName: entry.displayName, parameters: a.parameters, schedule: schedule,
                                      momentumSchedule: momentum, batchSize: batch, clip: has("clip") ? a.number("clip") : 0, plane: plane, vector: vector)
    }

    /// A legend label: the entry's display name and the keys that matter, e.g.
    /// `Momentum lr=0.1 β=0.9`: the learning rate, those the made optimizer always shows
    /// (momentum's and Nesterov's β, RMSprop's α) and every other key set away from its default
    /// (the batch and schedule keys too), each with the optimizer's symbol for it.
    static func label(displayName: String, parameters: [Parameter], learningRate: Double, made: [Hyperparameter]) -> String {
        let shown = parameters.filter { p in
            p.name != "lr" && (p.value != p.defaultValue || made.contains { $0.key == p.name && $0.alwaysShown })
        }
        return Hyperparameter.label(name: displayName, learningRate: learningRate, parts: shown.map { p in
            (made.first { $0.key == p.name }?.symbol ?? Hyperparameter.symbol(for: p.name), p.value.description)
        })
    }
}
