/// A name with optional `key=value` arguments: the one syntax for surfaces and optimizers.
///
/// ```swift
/// let spec = try Spec(parsing: "adam:lr=0.05,beta2=0.99")
/// spec.name            // "adam"
/// spec.arguments       // [("lr", "0.05"), ("beta2", "0.99")]
/// ```
/// Keys are unique; values are kept as text and typed by whoever resolves the spec.
public struct Spec: Hashable, Sendable, CustomStringConvertible {
    public struct Argument: Hashable, Sendable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public var name: String
    public var arguments: [Argument]

    public init(name: String, arguments: [Argument] = []) {
        self.name = name
        self.arguments = arguments
    }

    /// Parses `name[:key=value,key=value…]`. White space around names, keys and values is ignored.
    /// A value may hold commas inside parentheses (`start=(-1.5,2)`) or quotes
    /// (`label="Adam, fast"`; the quotes are not part of the value).
    public init(parsing text: String) throws(SpecError) {
        let trimmed = text.trimmingWhitespace
        let nameEnd = trimmed.firstIndex(of: ":") ?? trimmed.endIndex
        let name = String(trimmed[..<nameEnd]).trimmingWhitespace
        guard !name.isEmpty else { throw SpecError.malformed(text, "it has no name before ':'") }
        var arguments: [Argument] = []
        if nameEnd < trimmed.endIndex {
            let rest = trimmed[trimmed.index(after: nameEnd)...]
            for part in try Self.split(rest, text) {
                guard let eq = part.firstIndex(of: "=") else {
                    throw SpecError.malformed(text, "'\(part.trimmingWhitespace)' is not key=value")
                }
                let key = String(part[..<eq]).trimmingWhitespace
                var value = String(part[part.index(after: eq)...]).trimmingWhitespace
                if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
                guard !key.isEmpty else { throw SpecError.malformed(text, "an argument has no key") }
                guard !value.isEmpty else { throw SpecError.malformed(text, "'\(key)' has no value") }
                guard !arguments.contains(where: { $0.key == key }) else {
                    throw SpecError.malformed(text, "'\(key)' is given twice")
                }
                arguments.append(Argument(key: key, value: value))
            }
        }
        self.init(name: name, arguments: arguments)
    }

    /// The arguments' texts: `rest` split at the commas outside parentheses and quotes.
    static func split(_ rest: Substring, _ text: String) throws(SpecError) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0, quote: Character?, begin = rest.startIndex
        for i in rest.indices {
            let c = rest[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                guard depth > 0 else { throw SpecError.malformed(text, "a ')' closes no '('") }
                depth -= 1
            } else if c == ",", depth == 0 {
                parts.append(rest[begin..<i])
                begin = rest.index(after: i)
            }
        }
        guard quote == nil else { throw SpecError.malformed(text, "a quote is not closed") }
        guard depth == 0 else { throw SpecError.malformed(text, "a '(' is not closed") }
        parts.append(rest[begin...])
        return parts
    }

    /// The value given for `key`, if any.
    public subscript(key: String) -> String? {
        arguments.first { $0.key == key }?.value
    }

    /// The canonical text: `name` or `name:key=value,…` in the order given.
    public var description: String {
        arguments.isEmpty ? name : name + ":" + arguments.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(separator: ",")
    }

    /// A value as a spec writes it: in quotes when a comma in it would end it.
    static func quoted(_ value: String) -> String {
        guard value.contains(",") || value.contains("(") || value.contains(")") else { return value }
        if (try? split(Substring(value), value)).map({ $0.count == 1 }) == true { return value }
        return value.contains("\"") ? "'\(value)'" : "\"\(value)\""
    }
}

/// Why a spec could not be understood. Each case reads as one line, with a suggestion where one exists.
public enum SpecError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String, String)
    case unknownName(kind: String, name: String, known: [String])
    case unknownKey(kind: String, name: String, key: String, known: [String])
    case badValue(kind: String, name: String, key: String, value: String, expected: String)
    case invalid(String)

    public var description: String {
        switch self {
        // Names and values may come from a file: quoted by excerpt (escaped, cut at 60).
        case let .malformed(text, why):
            return "malformed spec \(excerpt(text)): \(why); expected name[:key=value,…]"
        case let .unknownName(kind, name, known):
            return "unknown \(kind) \(excerpt(name))" + suggestion(for: name, among: known, listing: true)
        case let .unknownKey(kind, name, key, known):
            if known.isEmpty { return "\(kind) \(excerpt(name)) takes no parameters, but \(excerpt(key)) was given" }
            return "unknown parameter \(excerpt(key)) for \(kind) \(excerpt(name))" + suggestion(for: key, among: known, listing: true)
        case let .badValue(kind, name, key, value, expected):
            return "bad value \(excerpt(value)) for \(excerpt(key)) of \(kind) \(excerpt(name)): expected \(expected)"
        case let .invalid(message):
            return message
        }
    }
}

/// "; did you mean 'x'?" when a candidate is close, else (optionally) "; known: a, b, c".
func suggestion(for word: String, among candidates: [String], listing: Bool) -> String {
    if let best = closestMatch(to: word, in: candidates) { return "; did you mean '\(best)'?" }
    return listing && !candidates.isEmpty ? "; known: " + candidates.joined(separator: ", ") : ""
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo
/// (at most a third of the word's length, and at least one edit allowed).
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    // A long word is no typo of a short name (and edit distance costs its length squared).
    guard word.count <= 64 else { return nil }
    let lowered = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(lowered, candidate.lowercased())
        if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, distance) = best else { return nil }
    let allowed = max(1, min(word.count, candidate.count) / 3)
    let isPrefix = candidate.lowercased().hasPrefix(lowered) && lowered.count >= 2
    return distance <= allowed || isPrefix ? candidate : nil
}

/// Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions
/// and transpositions of neighbours each cost one.
public func editDistance(_ a: String, _ b: String) -> Int {
    let s = Array(a), t = Array(b)
    if s.isEmpty { return t.count }
    if t.isEmpty { return s.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
    for i in 0...s.count { d[i][0] = i }
    for j in 0...t.count { d[0][j] = j }
    for i in 1...s.count {
        for j in 1...t.count {
            let cost = s[i - 1] == t[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[s.count][t.count]
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
