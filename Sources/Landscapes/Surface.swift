/// A loss surface: a named, parameterised function with exact derivatives and what is known
/// about it (domain to view, minima, good start points).
///
/// Surfaces are values. Make one from a spec:
/// ```swift
/// let bowl = try Surface(spec: "bowl")
/// bowl.value(at: [1, 2])       // 5
/// bowl.gradient(at: [1, 2])    // (2, 4)
/// ```
public struct Surface: Sendable, CustomStringConvertible {
    /// The catalog name, e.g. `ravine`.
    public let name: String
    /// The parameters with the values in force, in catalog order.
    public let parameters: [Parameter]
    /// The formula as Unicode text, for titles and captions, e.g. `f(x, y) = x² + y²`.
    public let formula: String
    /// 2 for surfaces over the plane, 1 for curves f(θ).
    public let dimension: Int
    /// The rectangle a figure shows by default.
    public var domain: Domain
    /// Known critical points worth marking, global minima first.
    public let minima: [CriticalPoint]
    /// Suggested start points, the first being the default.
    public let starts: [StartPoint]
    /// Names of the two axes for labels: `w₁`, `w₂` for model weights, `x`, `y` for the classic
    /// test functions, `θ` and `f(θ)` for curves.
    public var axisNames: (x: String, y: String)
    /// The function itself.
    public let function: any DifferentiableFunction
    /// For a quadratic surface (`bowl`, `ravine`, `saddle`), its Hessian, the same everywhere;
    /// nil otherwise. Convergence theory for GD and momentum needs it.
    public let constantHessian: Hessian?
    /// For a surface typed as a formula, the formula as it parses back (see `init(expression:)`).
    public let expression: String?

    public init(
        name: String, parameters: [Parameter] = [], formula: String, dimension: Int = 2,
        domain: Domain, minima: [CriticalPoint], starts: [StartPoint], axisNames: (x: String, y: String)? = nil,
        function: any DifferentiableFunction, constantHessian: Hessian? = nil, expression: String? = nil
    ) {
        precondition(dimension == 1 || dimension == 2, "a surface has dimension 1 or 2")
        self.name = name
        self.parameters = parameters
        self.formula = formula
        self.dimension = dimension
        self.domain = domain
        self.minima = minima
        self.starts = starts
        self.axisNames = axisNames ?? (dimension == 1 ? ("θ", "f(θ)") : ("w₁", "w₂"))
        self.function = function
        self.constantHessian = constantHessian
        self.expression = expression
    }

    /// Resolves a spec such as `"ravine:kappa=100"` against ``SurfaceCatalog``.
    /// `expr:FORMULA` makes a surface from a formula (see `init(expression:)`).
    public init(spec text: String) throws(SpecError) {
        if text.hasPrefix(Self.expressionPrefix) {
            do { self = try Surface(expression: String(text.dropFirst(Self.expressionPrefix.count))) } catch {
                throw .invalid(error.description)
            }
            return
        }
        self = try SurfaceCatalog.standard.surface(for: Spec(parsing: text))
    }

    /// The function as a mean over samples, for data-driven surfaces (`sincos`, `regression`).
    public var sampled: (any SampledFunction)? { function as? any SampledFunction }

    @inlinable public func value(at p: Vector2) -> Double { function.value(at: p) }
    @inlinable public func gradient(at p: Vector2) -> Vector2 { function.gradient(at: p) }
    @inlinable public func hessian(at p: Vector2) -> Hessian { function.hessian(at: p) }

    /// The spec that rebuilds this surface: the name plus every parameter that differs from its default.
    public var spec: Spec {
        if let expression { return Spec(name: Self.expressionPrefix + expression) }
        return Spec(name: name, arguments: parameters.filter { $0.value != $0.defaultValue }.map {
            Spec.Argument(key: $0.name, value: $0.value.description)
        })
    }

    /// The smallest known value, if any minimum is known.
    public var globalMinimumValue: Double? {
        minima.filter { $0.kind == .globalMinimum }.map(\.value).min()
    }

    /// The default start point.
    public var defaultStart: Vector2 { starts.first?.point ?? Vector2(domain.xmax, domain.ymax) }

    public var description: String { spec.description }
}

/// A parameter of a surface, with the value in force and its default.
public struct Parameter: Hashable, Sendable {
    public var name: String
    public var value: ParameterValue
    public var defaultValue: ParameterValue
    public var summary: String

    public init(name: String, value: ParameterValue, defaultValue: ParameterValue, summary: String) {
        self.name = name
        self.value = value
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// A parameter's value: a number, or text such as a file path.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var number: Double? { if case let .number(v) = self { v } else { nil } }

    public var description: String {
        switch self {
        case let .number(v): return v.shortDescription
        case let .text(s): return s
        }
    }
}

/// A point where the gradient vanishes, and what kind of point it is.
public struct CriticalPoint: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case globalMinimum = "global"
        case localMinimum = "local"
        case saddle
    }

    public var point: Vector2
    public var value: Double
    public var kind: Kind

    public init(_ point: Vector2, value: Double, kind: Kind) {
        self.point = point
        self.value = value
        self.kind = kind
    }
}

/// A suggested start point, with the optimizer settings that show what the surface is for.
public struct StartPoint: Hashable, Sendable {
    public var point: Vector2
    /// What a run from here shows.
    public var note: String
    /// Optimizer specs that make the point, e.g. `["gd:lr=0.05", "momentum:lr=0.05,momentum=0.9"]`.
    public var optimizers: [String]

    public init(_ point: Vector2, note: String = "", optimizers: [String] = []) {
        self.point = point
        self.note = note
        self.optimizers = optimizers
    }
}

extension Double {
    /// Swift's shortest round-trip form, with integral values written without a trailing ".0"
    /// (`2`, `0.1`, `1e-08`).
    public var shortDescription: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return description
    }
}
