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
    /// The learning rate γ.
    public let learningRate: Double
    /// The momentum coefficient (μ or β₁ where it applies; 0 otherwise).
    public let momentum: Double
    let make: @Sendable () -> any Optimizer

    /// Resolves a spec such as `"momentum:lr=0.1,momentum=0.5"` against ``OptimizerCatalog``.
    public init(spec text: String) throws(SpecError) {
        self = try OptimizerCatalog.standard.configuration(for: Spec(parsing: text))
    }

    init(name: String, displayName: String, parameters: [Parameter], learningRate: Double, momentum: Double,
         make: @escaping @Sendable () -> any Optimizer) {
        self.name = name
        self.displayName = displayName
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.make = make
    }

    /// A fresh optimizer with zero state.
    public func makeOptimizer() -> any Optimizer { make() }

    /// The spec that rebuilds this configuration: the name plus every value that differs from its default.
    public var spec: Spec {
        Spec(name: name, arguments: parameters.filter { $0.value != $0.defaultValue }.map {
            Spec.Argument(key: $0.name, value: $0.value.description)
        })
    }

    /// A legend label: the display name and the hyperparameters that matter most, e.g.
    /// `Momentum lr=0.1 β=0.9`.
    public var label: String {
        var parts = [displayName, "lr=\(learningRate.shortDescription)"]
        for p in parameters where p.name != "lr" && (p.value != p.defaultValue || p.name == "momentum") {
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
        case "weight_decay": return "λ"
        default: return key
        }
    }

    public var description: String { spec.description }
}

/// Every optimizer that can be named in a spec. Defaults are PyTorch's, except that each
/// optimizer named for momentum defaults to μ = 0.9.
public struct OptimizerCatalog: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var displayName: String
        public var summary: String
        public var parameters: [ParameterInfo]
        var make: @Sendable (ResolvedArguments) -> @Sendable () -> any Optimizer
    }

    public var entries: [Entry]

    public static let standard = OptimizerCatalog(entries: [
        Entry(
            name: "gd", displayName: "GD", summary: "full-batch gradient descent θ ← θ − γ∇f",
            parameters: [lr, weightDecay],
            make: { a in
                let wd = a.number("weight_decay")
                return { SGD(weightDecay: wd) }
            }),
        Entry(
            name: "momentum", displayName: "Momentum",
            summary: "heavy-ball momentum v ← μv + γg, θ ← θ − v (PyTorch SGD with momentum)",
            parameters: [lr, ParameterInfo(name: "momentum", summary: "momentum coefficient μ", defaultValue: .number(0.9), constraint: .nonNegative),
                         ParameterInfo(name: "dampening", summary: "dampening τ (τ = μ gives the EMA form)", defaultValue: .number(0), constraint: .nonNegative),
                         weightDecay],
            make: { a in
                let mu = a.number("momentum"), tau = a.number("dampening"), wd = a.number("weight_decay")
                return { SGD(momentum: mu, dampening: tau, weightDecay: wd) }
            }),
        Entry(
            name: "adam", displayName: "Adam", summary: "Adam with bias correction (PyTorch Adam)",
            parameters: [lr,
                         ParameterInfo(name: "beta1", summary: "first-moment decay β₁", defaultValue: .number(0.9), constraint: .nonNegative),
                         ParameterInfo(name: "beta2", summary: "second-moment decay β₂", defaultValue: .number(0.999), constraint: .nonNegative),
                         ParameterInfo(name: "eps", summary: "ε added to the denominator", defaultValue: .number(1e-8), constraint: .nonNegative),
                         weightDecay],
            make: { a in
                let b1 = a.number("beta1"), b2 = a.number("beta2"), eps = a.number("eps"), wd = a.number("weight_decay")
                return { Adam(beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd) }
            }),
    ])

    static let lr = ParameterInfo(name: "lr", summary: "learning rate γ", defaultValue: .number(1e-3), constraint: .positive)
    static let weightDecay = ParameterInfo(name: "weight_decay", summary: "L2 weight decay λ", defaultValue: .number(0), constraint: .nonNegative)

    public var names: [String] { entries.map(\.name) }

    /// Resolves a spec, checking every key and value.
    public func configuration(for spec: Spec) throws(SpecError) -> OptimizerConfiguration {
        guard let entry = entries.first(where: { $0.name == spec.name }) else {
            throw SpecError.unknownName(kind: "optimizer", name: spec.name, known: names)
        }
        let arguments = try ResolvedArguments(kind: "optimizer", spec: spec, parameters: entry.parameters)
        for key in ["beta1", "beta2"] where entry.parameters.contains(where: { $0.name == key }) {
            let b = arguments.number(key)
            guard b < 1 else {
                throw SpecError.badValue(kind: "optimizer", name: spec.name, key: key, value: b.shortDescription, expected: "a number in [0, 1)")
            }
        }
        let momentum = entry.parameters.contains { $0.name == "momentum" } ? arguments.number("momentum")
            : entry.parameters.contains { $0.name == "beta1" } ? arguments.number("beta1") : 0
        return OptimizerConfiguration(
            name: entry.name, displayName: entry.displayName, parameters: arguments.parameters,
            learningRate: arguments.number("lr"), momentum: momentum, make: entry.make(arguments))
    }
}
