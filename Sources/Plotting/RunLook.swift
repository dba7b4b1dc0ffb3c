import Landscapes
import Trajectories

/// How one run is drawn and where it starts, where it differs from the figure's defaults: its
/// legend label, colour, dash, step marker and start. Nil parts keep the defaults (the
/// optimizer's label, the style's colour, dash and marker for the run's place, and the
/// comparison's start).
///
/// In a spec these are keys beside the optimizer's own:
/// `adam:lr=0.1,label="Adam, fast",color=#d62728,dash=dashed,marker=square,start=(-1,2)`.
///
/// ```swift
/// var c = Comparison(surface: try Surface(spec: "ravine"),
///                    optimizers: [try OptimizerConfiguration(spec: "gd:lr=0.03")])
/// c.looks = [RunLook(label: "GD", color: Color(hex: 0x222222), dash: .dashed)]
/// ```
public struct RunLook: Sendable, Hashable {
    public var label: String?
    public var color: Color?
    public var dash: LineDash?
    public var marker: Marker?
    /// Where the run starts (x, and y on a surface over the plane); nil: the comparison's start.
    public var start: [Double]?

    public init(label: String? = nil, color: Color? = nil, dash: LineDash? = nil, marker: Marker? = nil, start: [Double]? = nil) {
        self.label = label
        self.color = color
        self.dash = dash
        self.marker = marker
        self.start = start
    }

    /// The spec keys of a run's look, which an optimizer spec may carry beside its own.
    public static let keys = ["label", "color", "dash", "marker", "start"]

    /// The step markers by name: matplotlib's names and its one-letter codes.
    public static let markers: [(names: [String], marker: Marker)] = [
        (["circle", "o"], .circle), (["square", "s"], .square), (["triangle", "^"], .triangle),
        (["diamond", "D"], .diamond), (["star", "*"], .star), (["cross", "x"], .cross),
    ]

    /// Splits a spec into the optimizer's spec and the run's look, each look value checked.
    ///
    /// ```swift
    /// let (spec, look) = try RunLook.split(try Spec(parsing: "adam:lr=0.1,label=Adam,dash=dotted"))
    /// spec.description   // "adam:lr=0.1"
    /// look.dash          // .dotted
    /// ```
    public static func split(_ spec: Spec) throws(SpecError) -> (optimizer: Spec, look: RunLook) {
        var look = RunLook(), rest = spec
        rest.arguments = spec.arguments.filter { !keys.contains($0.key) }
        func bad(_ key: String, _ value: String, _ expected: String) -> SpecError {
            .badValue(kind: "optimizer", name: spec.name, key: key, value: value, expected: expected)
        }
        if let label = spec["label"] {
            guard label.count <= 200, !label.contains(where: \.isNewline) else { throw bad("label", label, "one line of at most 200 characters") }
            look.label = label
        }
        if let text = spec["color"] {
            guard let color = Color(parsing: text) else { throw bad("color", text, "#RGB, #RRGGBB or #RRGGBBAA") }
            look.color = color
        }
        if let text = spec["dash"] {
            guard let dash = LineDash(name: text) else {
                throw bad("dash", text, LineDash.allCases.map(\.rawValue).joined(separator: ", ") + (closestMatch(to: text, in: LineDash.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? ""))
            }
            look.dash = dash
        }
        if let text = spec["marker"] {
            guard let marker = markers.first(where: { $0.names.contains(text) })?.marker else {
                let names = markers.map { $0.names[0] }
                throw bad("marker", text, names.joined(separator: ", ") + (closestMatch(to: text, in: names).map { " (did you mean '\($0)'?)" } ?? ""))
            }
            look.marker = marker
        }
        if let text = spec["start"] {
            var inner = Substring(text)
            if inner.first == "(" && inner.last == ")" { inner = inner.dropFirst().dropLast() }
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            let numbers = parts.compactMap { Double($0) }
            guard (1...2).contains(parts.count), numbers.count == parts.count, numbers.allSatisfy(\.isFinite) else {
                throw bad("start", text, "(x,y) with finite numbers, or x on a curve")
            }
            look.start = numbers
        }
        return (rest, look)
    }
}

/// A line's dash: matplotlib's four line styles, by name or by its symbol (`-`, `--`, `:`, `-.`).
public enum LineDash: String, Sendable, Hashable, CaseIterable {
    case solid
    case dashed
    case dotted
    case dashDot = "dash-dot"

    public init?(name: String) {
        switch name {
        case "solid", "-": self = .solid
        case "dashed", "--": self = .dashed
        case "dotted", ":": self = .dotted
        case "dash-dot", "dashdot", "-.": self = .dashDot
        default: return nil
        }
    }

    /// The on-off lengths at the default style's line width (empty: solid).
    var basePattern: [Double] {
        switch self {
        case .solid: return []
        case .dashed: return [7, 4]
        case .dotted: return [1.5, 3.5]
        case .dashDot: return [7, 3, 1.5, 3]
        }
    }
}
