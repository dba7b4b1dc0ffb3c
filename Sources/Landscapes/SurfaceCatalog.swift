/// Every surface that can be named in a spec, with its parameters and how to build it.
///
/// ```swift
/// let surface = try SurfaceCatalog.standard.surface(for: Spec(parsing: "bowl"))
/// SurfaceCatalog.standard.names    // ["bowl", …]
/// ```
public struct SurfaceCatalog: Sendable {
    /// One entry of the catalog.
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var parameters: [ParameterInfo]
        public var build: @Sendable (ResolvedArguments) throws(SpecError) -> Surface

        public init(
            name: String, summary: String, parameters: [ParameterInfo] = [],
            build: @escaping @Sendable (ResolvedArguments) throws(SpecError) -> Surface
        ) {
            self.name = name
            self.summary = summary
            self.parameters = parameters
            self.build = build
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The built-in surfaces.
    public static let standard = SurfaceCatalog(entries: [
        Bowl.entry, Ravine.entry, TwoWell.entry, SinCos.entry, Regression.entry, Rosenbrock.entry,
        Himmelblau.entry, Beale.entry, Rastrigin.entry, Saddle.entry, Parabola.entry, Wavy.entry,
    ])

    public var names: [String] { entries.map(\.name) }

    /// Builds the surface a spec names, checking every key and value.
    public func surface(for spec: Spec) throws(SpecError) -> Surface {
        guard let entry = entries.first(where: { $0.name == spec.name }) else {
            throw SpecError.unknownName(kind: "surface", name: spec.name, known: names)
        }
        let arguments = try ResolvedArguments(kind: "surface", spec: spec, parameters: entry.parameters)
        return try entry.build(arguments)
    }
}

/// The declaration of a parameter: name, default, what values it takes.
public struct ParameterInfo: Sendable {
    public enum Constraint: Sendable {
        /// Any finite number.
        case finite
        /// A finite number > 0.
        case positive
        /// A finite number ≥ 0.
        case nonNegative
        /// Free text, such as a path.
        case text
        /// A whole number ≥ 0, such as a seed or a count.
        case count
        /// A number in [0, 1), such as a decay rate β.
        case fraction
        /// A number in [0, 1], such as a momentum coefficient μ.
        case unitInterval
        /// 0 or 1: a switch.
        case flag
    }

    public var name: String
    public var summary: String
    public var defaultValue: ParameterValue
    public var constraint: Constraint

    public init(name: String, summary: String, defaultValue: ParameterValue, constraint: Constraint = .finite) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.constraint = constraint
    }
}

/// A spec's arguments checked against a list of declared parameters: unknown keys are rejected
/// with a suggestion, numbers are parsed and must be finite and within their constraint.
public struct ResolvedArguments: Sendable {
    public let parameters: [Parameter]

    public init(kind: String, spec: Spec, parameters infos: [ParameterInfo]) throws(SpecError) {
        let known = infos.map(\.name)
        for argument in spec.arguments where !known.contains(argument.key) {
            throw SpecError.unknownKey(kind: kind, name: spec.name, key: argument.key, known: known)
        }
        var resolved: [Parameter] = []
        for info in infos {
            var value = info.defaultValue
            if let text = spec[info.name] {
                value = try Self.parse(text, info: info, kind: kind, name: spec.name)
            }
            resolved.append(Parameter(name: info.name, value: value, defaultValue: info.defaultValue, summary: info.summary))
        }
        self.parameters = resolved
    }

    static func parse(_ text: String, info: ParameterInfo, kind: String, name: String) throws(SpecError) -> ParameterValue {
        let expected: String
        switch info.constraint {
        case .text: return .text(text)
        case .finite: expected = "a finite number"
        case .positive: expected = "a number > 0"
        case .nonNegative: expected = "a number ≥ 0"
        case .count: expected = "a whole number ≥ 0"
        case .fraction: expected = "a number in [0, 1)"
        case .unitInterval: expected = "a number in [0, 1]"
        case .flag: expected = "0 or 1"
        }
        guard let v = Double(text), v.isFinite else {
            throw SpecError.badValue(kind: kind, name: name, key: info.name, value: text, expected: expected)
        }
        switch info.constraint {
        case .positive where !(v > 0), .nonNegative where !(v >= 0),
             .count where !(v >= 0 && v == v.rounded() && v < 9.007199254740992e15),
             .fraction where !(v >= 0 && v < 1), .unitInterval where !(v >= 0 && v <= 1), .flag where v != 0 && v != 1:
            throw SpecError.badValue(kind: kind, name: name, key: info.name, value: text, expected: expected)
        default:
            return .number(v)
        }
    }

    /// The number in force for `key`; the key must be a declared numeric parameter.
    public func number(_ key: String) -> Double {
        guard let v = parameters.first(where: { $0.name == key })?.value.number else {
            preconditionFailure("no numeric parameter '\(key)'")
        }
        return v
    }

    /// The number in force for `key`, or nil when no such numeric parameter is declared.
    public func optionalNumber(_ key: String) -> Double? {
        parameters.first(where: { $0.name == key })?.value.number
    }

    /// The text in force for `key`, if it is a text parameter.
    public func text(_ key: String) -> String? {
        if case let .text(s)? = parameters.first(where: { $0.name == key })?.value { return s }
        return nil
    }
}
