import Landscapes
import Synchronization
import Plotting
import Trajectories

/// Turning command-line text into library values, with one-line errors that exit with status 2.
enum Arguments {
    /// The surface a spec names. Surfaces are immutable and some take milliseconds to build (their
    /// minima are found numerically), so each spec text is built once per process and shared.
    ///
    /// `expr:FORMULA` is a formula; `domain` and `minimum` apply to formulas only.
    static func surface(_ text: String, domain: Domain? = nil, minimum: Vector2? = nil) throws(CommandError) -> Surface {
        let key = "\(text)|\(domain.map { "\($0)" } ?? "")|\(minimum.map { "\($0)" } ?? "")"
        if let cached = surfaceCache.withLock({ $0[key] }) { return cached }
        let surface: Surface
        if text.hasPrefix(Surface.expressionPrefix) {
            do { surface = try Surface(expression: String(text.dropFirst(Surface.expressionPrefix.count)), domain: domain, minimum: minimum) } catch {
                throw .expression(error)
            }
        } else {
            do { surface = try Surface(spec: text) } catch { throw .usage(error.description) }
        }
        surfaceCache.withLock { $0[key] = surface }
        return surface
    }

    private static let surfaceCache = Mutex<[String: Surface]>([:])

    /// An optimizer spec resolved for a surface. Keys the user leaves out are taken from the
    /// surface's suggested settings for an optimizer of the same name, so that
    /// `--optimizer gd` on `two-well` uses the learning rate that shows its point.
    static func optimizer(_ text: String, for surface: Surface) throws(CommandError) -> OptimizerConfiguration {
        let spec: Spec
        do { spec = try Spec(parsing: text) } catch { throw .usage(error.description) }
        return try optimizer(spec, for: surface)
    }

    /// An optimizer spec with a run's look (`label=`, `color=`, `dash=`, `marker=`, `start=`)
    /// resolved as `optimizer(_:for:)` does, the look checked (a start must fit the surface).
    static func run(_ text: String, for surface: Surface) throws(CommandError) -> (optimizer: OptimizerConfiguration, look: RunLook) {
        let (parsed, spec, look): (Spec, Spec, RunLook)
        do {
            parsed = try Spec(parsing: text)
            (spec, look) = try RunLook.split(parsed)
        } catch { throw .usage(error.description) }
        if let p = look.start, p.count != surface.dimension {
            throw .usage("optimizer '\(spec.name)': start=\(excerpt(parsed["start"] ?? "", limit: 40)) needs \(surface.dimension == 1 ? "one number, x," : "two numbers, (x,y),") on \(surface.name)")
        }
        return (try optimizer(spec, for: surface), look)
    }

    static func optimizer(_ given: Spec, for surface: Surface) throws(CommandError) -> OptimizerConfiguration {
        do {
            var spec = given
            let suggestions = surface.starts.first?.optimizers.compactMap { try? Spec(parsing: $0) } ?? []
            if let suggested = suggestions.first(where: { $0.name == spec.name }) {
                for argument in suggested.arguments where spec[argument.key] == nil {
                    spec.arguments.append(argument)
                }
            } else if spec["lr"] == nil, let lr = Self.familyLearningRate(spec, suggestions: suggestions, surface: surface) {
                spec.arguments.insert(Spec.Argument(key: "lr", value: "\(lr)"), at: 0)
            }
            let configuration = try OptimizerCatalog.standard.configuration(for: spec)
            try configuration.validate(for: surface)
            return configuration
        } catch { throw .usage(error.description) }
    }

    /// The learning rate of an optimizer the surface suggests nothing for (PyTorch's defaults
    /// crawl or overshoot on most surfaces: Nesterov at 0.001, Adagrad at 0.01), from a
    /// suggested relative: GD and SGD take GD's or SGD's rate η, or a momentum rate scaled back
    /// to η = lr/(1 − β); momentum and Nesterov take η(1 − β), the same terminal step; Adam,
    /// AdamW and Adagrad take a suggested adaptive rate as it is (each moves about lr a step at
    /// first), RMSprop that rate times √(1 − α). Without a relative, from the curvature at the
    /// start: η = 1/λ (GD is stable below 2/λ, λ the Hessian's largest |eigenvalue|), and an
    /// adaptive rate of a fiftieth of the view's longer side. Newton keeps its own (1). Rounded
    /// to 2 digits.
    static func familyLearningRate(_ spec: Spec, suggestions: [Spec], surface: Surface) -> Double? {
        let plain: Set = ["gd", "sgd"], heavy: Set = ["momentum", "nesterov"], adaptive: Set = ["adam", "adamw", "rmsprop", "adagrad"]
        /// A positive finite value of a key (a value that is not one is skipped).
        func value(_ s: Spec, _ key: String) -> Double? { s[key].flatMap(Double.init).flatMap { $0.isFinite && $0 > 0 ? $0 : nil } }
        func beta(_ s: Spec) -> Double {
            s["momentum"].flatMap(Double.init) ?? ((try? OptimizerCatalog.standard.configuration(for: Spec(name: s.name)))?.momentum ?? 0.9)
        }
        let own = heavy.contains(spec.name) ? beta(spec) : 0
        var eta: Double?
        if plain.contains(spec.name) || heavy.contains(spec.name) {
            for s in suggestions {
                guard let lr = value(s, "lr") else { continue }
                if plain.contains(s.name) { eta = lr; break }
                if heavy.contains(s.name) { eta = lr / Swift.max(1e-3, 1 - beta(s)); break }
            }
            if eta == nil, surface.dimension == 2 {
                let h = surface.hessian(at: surface.defaultStart)
                let lambda = Swift.max(abs(h.eigenvalues.min), abs(h.eigenvalues.max))
                if lambda.isFinite && lambda > 0 { eta = Swift.min(1, 1 / lambda) }
            }
            guard let eta else { return nil }
            return Rounding.significant(eta * (heavy.contains(spec.name) ? 1 - own : 1), digits: 2)
        }
        if adaptive.contains(spec.name) {
            // RMSprop has no bias correction: its first steps are 1/√(1 − α) times lr (10 at
            // α = 0.99), so it takes the rate times √(1 − α).
            let alpha = spec["alpha"].flatMap(Double.init) ?? 0.99
            let scale = spec.name == "rmsprop" ? (1 - Swift.min(Swift.max(alpha, 0), 0.999999)).squareRoot() : 1
            if let s = suggestions.first(where: { adaptive.contains($0.name) }), let lr = value(s, "lr") {
                return Rounding.significant(lr * scale * (s.name == "rmsprop" ? 10 : 1), digits: 2)
            }
            return Rounding.significant(Swift.max(surface.domain.width, surface.domain.height) / 50 * scale, digits: 2)
        }
        return nil
    }

    /// A point `X,Y` (or `X` for a curve), finite numbers only.
    static func point(_ text: String, option: String, dimension: Int) throws(CommandError) -> Vector2 {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = dimension == 1 ? "one number X" : "two numbers X,Y"
        guard parts.count == dimension else {
            throw .usage("\(option) '\(text)': expected \(expected) for a \(dimension)-D surface")
        }
        var values: [Double] = []
        for part in parts {
            guard let v = Double(part) else { throw .usage("\(option) '\(text)': '\(part)' is not a number") }
            guard v.isFinite else { throw .usage("\(option) '\(text)': coordinates must be finite") }
            values.append(v)
        }
        return Vector2(values[0], dimension == 1 ? 0 : values[1])
    }

    /// A number as people read it: shortest round-trip digits, Unicode minus.
    static func format(_ v: Double) -> String { TickFormat.number(v) }
}

import Foundation

/// Reading input files: a missing, unreadable or oversized file is bad input (status 2).
func readInput(_ path: String) throws(CommandError) -> String {
    do { return try readTextFile(path, limit: Limits.inputBytes) } catch {
        throw .usage("cannot read '\(path)': \(error.message)")
    }
}

/// Writing command output: to a file atomically, or to standard output when `path` is nil or `-`.
func emit(_ text: String, to path: String?) throws(CommandError) {
    if let path, path != "-" {
        try AtomicFile.write(Array(text.utf8), to: path)
    } else {
        try Console.out(text)
    }
}

extension Arguments {
    /// `KEY=A:B` or `KEY=A:B:log` split at the `=`; nil when there is none.
    static func axis(_ text: String) -> (key: String, range: String)? {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { return nil }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }

    /// A sweep, checked: the optimizer spec, both axes and every value on them.
    static func sweep(surface: Surface, optimizer: String, x: (key: String, range: String), y: (key: String, range: String),
                      cells: (Int, Int), start: Vector2, stop: StopRule, seed: UInt64, context: String? = nil) throws(CommandError) -> Sweep {
        let prefix = context.map { "\($0): " } ?? ""
        guard surface.dimension == 2 else { throw .usage("\(prefix)a sweep needs a surface over the plane; \(surface.name) is a curve") }
        do {
            let spec = try Spec(parsing: optimizer)
            return try Sweep(surface: surface, optimizer: spec,
                             x: try SweepAxis(key: x.key, range: x.range, count: cells.0),
                             y: try SweepAxis(key: y.key, range: y.range, count: cells.1),
                             start: start, stop: stop, seed: seed)
        } catch { throw .usage(prefix + error.description) }
    }
}

extension Arguments {
    /// `unknown colormap 'virdis'; did you mean 'viridis'?`, or the list of choices when none is close.
    /// A colormap name, checked.
    static func colormap(_ name: String) throws(CommandError) -> Colormap {
        guard let map = Colormap.named(name) else { throw .usage(unknownColormap(name)) }
        return map
    }

    /// `unknown colormap 'jet'; expected one of viridis, …, Spectral (any reversed with _r)`.
    static func unknownColormap(_ name: String) -> String {
        if let near = closestMatch(to: name, in: Colormap.names) { return "unknown colormap '\(name)'; did you mean '\(near)'?" }
        return "unknown colormap '\(name)'; expected one of " + Colormap.all.map(\.name).joined(separator: ", ") + " (any reversed with _r)"
    }

    static func unknown(_ kind: String, _ word: String, among names: [String]) -> String {
        "unknown \(kind) '\(word)'" + (closestMatch(to: word, in: names).map { "; did you mean '\($0)'?" } ?? "; expected one of " + names.joined(separator: ", "))
    }
}
