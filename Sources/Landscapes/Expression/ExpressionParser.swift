/// A formula in x and y, parsed from text: the tree that `ExpressionFunction` compiles.
///
/// Grammar, loosest binding first (as in mathematics):
///
///     expression := term (('+' | '-') term)*            left-associative
///     term       := unary (('*' | '/') unary)*          left-associative
///     unary      := ('-' | '+') unary | power           so -x^2 is -(x^2)
///     power      := primary ('^' unary)?                right-associative: 2^3^2 is 2^9
///     primary    := number | name | name '(' arguments ')' | '(' expression ')'
///
/// Names: the variables `x`, `y` (aliases `w1`, `w2`), the constants `pi`, `e`, and the functions
/// `sin cos tan exp log sqrt abs tanh sinh cosh atan` (one argument) and `min max` (two).
/// Numbers: `12`, `0.5`, `.5`, `1e-3`, `2.5E+4`.
///
/// ```swift
/// let tree = try ExpressionNode(parsing: "x^2 + 10*sin(y)")
/// tree.description      // "x^2 + 10*sin(y)"
/// ```
public indirect enum ExpressionNode: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    /// 0 for x, 1 for y.
    case variable(Int)
    case constant(String)
    case negate(ExpressionNode)
    case binary(BinaryOperator, ExpressionNode, ExpressionNode)
    case call(Function, [ExpressionNode])

    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"

        /// Binding strength: + − 1, * / 2, ^ 4 (unary minus is 3).
        var precedence: Int {
            switch self {
            case .add, .subtract: return 1
            case .multiply, .divide: return 2
            case .power: return 4
            }
        }
    }

    public enum Function: String, Sendable, Hashable, CaseIterable {
        case sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh, atan, min, max
        public var arity: Int { self == .min || self == .max ? 2 : 1 }
    }

    public static let constants: [String: Double] = ["pi": Double.pi, "e": 2.718281828459045]
    public static let variables: [String: Int] = ["x": 0, "y": 1, "w1": 0, "w2": 1]
    /// The most characters an expression may have, and the deepest nesting.
    public static let maxLength = 10_000
    public static let maxDepth = 200

    public init(parsing text: String) throws(ExpressionError) {
        var parser = ExpressionParserState(text: text)
        self = try parser.parseAll()
    }

    // MARK: Printing

    /// Text that parses back to the same tree, with only the parentheses it needs.
    public var description: String { text(parent: 0, rightOperandOfPower: false) }

    /// The same for titles: `·` for `*`, a true minus, and small whole powers as superscripts
    /// (`2·x² − 1.05·x⁴`). Not meant to be parsed back.
    public var pretty: String { text(parent: 0, rightOperandOfPower: false, pretty: true) }

    /// `parent` is the binding strength the context needs: a node binding more loosely is wrapped.
    func text(parent: Int, rightOperandOfPower: Bool, pretty: Bool = false) -> String {
        switch self {
        case let .number(v):
            let s = v.shortDescription
            return s
        case let .variable(k): return k == 0 ? "x" : "y"
        case let .constant(name): return name
        case let .negate(a):
            // Unary minus binds like 3: looser than ^, tighter than * and /.
            let inner = (pretty ? "−" : "-") + a.text(parent: 3, rightOperandOfPower: false, pretty: pretty)
            return parent > 3 && !rightOperandOfPower ? "(" + inner + ")" : inner
        case let .binary(op, a, b):
            let p = op.precedence
            let left: String, right: String
            if op == .power {
                // Right-associative: the left side needs more than ^, the right side takes ^ or unary.
                left = a.text(parent: p + 1, rightOperandOfPower: false, pretty: pretty)
                if pretty, case let .number(v) = b, v == v.rounded(), v >= 0, v <= 9 {
                    let inner = left + String("⁰¹²³⁴⁵⁶⁷⁸⁹".map { $0 }[Int(v)])
                    return p < parent ? "(" + inner + ")" : inner
                }
                right = b.text(parent: p, rightOperandOfPower: true, pretty: pretty)
            } else {
                left = a.text(parent: p, rightOperandOfPower: false, pretty: pretty)
                right = b.text(parent: p + 1, rightOperandOfPower: false, pretty: pretty)
            }
            let spaced = op == .add || op == .subtract
            var symbol = op.rawValue
            if pretty && op == .subtract { symbol = "−" }
            if pretty && op == .multiply { symbol = "·" }
            let inner = left + (spaced ? " \(symbol) " : symbol) + right
            return p < parent ? "(" + inner + ")" : inner
        case let .call(f, args):
            return f.rawValue + "(" + args.map { $0.text(parent: 0, rightOperandOfPower: false, pretty: pretty) }.joined(separator: ", ") + ")"
        }
    }

    /// Whether the node depends on variable k.
    func uses(_ k: Int) -> Bool {
        switch self {
        case .number, .constant: return false
        case let .variable(v): return v == k
        case let .negate(a): return a.uses(k)
        case let .binary(_, a, b): return a.uses(k) || b.uses(k)
        case let .call(_, args): return args.contains { $0.uses(k) }
        }
    }
}

/// Why an expression could not be read: a message, the 1-based column it points at, and the text.
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var column: Int
    public var expression: String

    /// The message, then the expression with a caret under the offending character.
    public var description: String {
        let shown = expression.count > 120 ? String(expression.prefix(120)) + "…" : expression
        let caret = String(repeating: " ", count: max(0, min(column, 121) - 1)) + "^"
        return "\(message)\n  \(shown)\n  \(caret)"
    }
}

struct ExpressionParserState {
    let text: String
    let chars: [Character]
    var position = 0
    var depth = 0

    init(text: String) {
        self.text = text
        chars = Array(text)
    }

    func error(_ message: String, at index: Int? = nil) -> ExpressionError {
        ExpressionError(message: message, column: (index ?? position) + 1, expression: text)
    }

    mutating func skipSpaces() {
        while position < chars.count, chars[position] == " " || chars[position] == "\t" { position += 1 }
    }

    var current: Character? { position < chars.count ? chars[position] : nil }

    /// What the character at the current position is called in a message.
    var found: String {
        guard let c = current else { return "end of expression" }
        return "'\(c)'"
    }

    mutating func parseAll() throws(ExpressionError) -> ExpressionNode {
        guard chars.count <= ExpressionNode.maxLength else {
            throw error("expression too long (\(chars.count) characters; at most \(ExpressionNode.maxLength))", at: ExpressionNode.maxLength)
        }
        skipSpaces()
        guard current != nil else { throw error("empty expression; expected a number, variable or '('") }
        let node = try parseExpression()
        skipSpaces()
        if current != nil {
            throw error("unexpected \(found) at column \(position + 1); expected an operator (+ - * / ^) or the end")
        }
        return node
    }

    mutating func enter() throws(ExpressionError) {
        depth += 1
        if depth > ExpressionNode.maxDepth {
            throw error("expression nested too deeply (more than \(ExpressionNode.maxDepth) levels) at column \(position + 1)")
        }
    }

    mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        try enter()
        defer { depth -= 1 }
        var node = try parseTerm()
        while true {
            skipSpaces()
            guard let c = current, c == "+" || c == "-" else { return node }
            position += 1
            node = .binary(c == "+" ? .add : .subtract, node, try parseTerm())
        }
    }

    mutating func parseTerm() throws(ExpressionError) -> ExpressionNode {
        var node = try parseUnary()
        while true {
            skipSpaces()
            guard let c = current, c == "*" || c == "/" else { return node }
            position += 1
            node = .binary(c == "*" ? .multiply : .divide, node, try parseUnary())
        }
    }

    mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        try enter()
        defer { depth -= 1 }
        skipSpaces()
        if let c = current, c == "-" || c == "+" {
            position += 1
            let operand = try parseUnary()
            return c == "-" ? .negate(operand) : operand
        }
        return try parsePower()
    }

    mutating func parsePower() throws(ExpressionError) -> ExpressionNode {
        let base = try parsePrimary()
        skipSpaces()
        guard current == "^" else { return base }
        position += 1
        return .binary(.power, base, try parseUnary())
    }

    mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        skipSpaces()
        guard let c = current else { throw error("unexpected end of expression; expected a number, variable or '('") }
        if c == "(" {
            let open = position
            position += 1
            let inner = try parseExpression()
            skipSpaces()
            guard current == ")" else {
                throw error("unexpected \(found) at column \(position + 1); expected ')' to close the '(' at column \(open + 1)")
            }
            position += 1
            return inner
        }
        if c.isASCII && (c.isNumber || c == ".") { return try parseNumber() }
        if c.isASCII && (c.isLetter || c == "_") { return try parseName() }
        throw error("unexpected \(found) at column \(position + 1); expected a number, variable or '('")
    }

    mutating func parseNumber() throws(ExpressionError) -> ExpressionNode {
        let start = position
        func digits() -> Int {
            let s = position
            while let c = current, c.isASCII, c.isNumber { position += 1 }
            return position - s
        }
        var count = digits()
        if current == "." {
            position += 1
            count += digits()
        }
        guard count > 0 else { throw error("unexpected '.' at column \(start + 1); expected a number", at: start) }
        // An exponent only when digits follow (so that `2*e` and `e` as a name stay possible).
        if let c = current, c == "e" || c == "E" {
            var look = position + 1
            if look < chars.count, chars[look] == "+" || chars[look] == "-" { look += 1 }
            if look < chars.count, chars[look].isASCII, chars[look].isNumber {
                position = look
                _ = digits()
            }
        }
        let literal = String(chars[start..<position])
        guard let value = Double(literal), value.isFinite else {
            throw error("number '\(literal)' at column \(start + 1) is out of range", at: start)
        }
        return .number(value)
    }

    mutating func parseName() throws(ExpressionError) -> ExpressionNode {
        let start = position
        while let c = current, c.isASCII, c.isLetter || c.isNumber || c == "_" { position += 1 }
        let name = String(chars[start..<position])
        skipSpaces()
        if current == "(" {
            guard let f = ExpressionNode.Function(rawValue: name) else {
                let names = ExpressionNode.Function.allCases.map(\.rawValue)
                let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? "; known: " + names.joined(separator: ", ")
                throw error("unknown function '\(name)' at column \(start + 1)\(hint)", at: start)
            }
            let open = position
            position += 1
            var args: [ExpressionNode] = [try parseExpression()]
            skipSpaces()
            while current == "," {
                position += 1
                args.append(try parseExpression())
                skipSpaces()
            }
            guard current == ")" else {
                throw error("unexpected \(found) at column \(position + 1); expected ',' or ')' to close the '(' at column \(open + 1)")
            }
            position += 1
            guard args.count == f.arity else {
                throw error("\(name) takes \(f.arity == 1 ? "one argument" : "two arguments"), got \(args.count) at column \(start + 1)", at: start)
            }
            return .call(f, args)
        }
        if let v = ExpressionNode.variables[name] { return .variable(v) }
        if ExpressionNode.constants[name] != nil { return .constant(name) }
        let known = Array(ExpressionNode.variables.keys.sorted()) + ["pi", "e"] + ExpressionNode.Function.allCases.map(\.rawValue)
        if ExpressionNode.Function(rawValue: name) != nil {
            throw error("function '\(name)' at column \(start + 1) needs its argument in parentheses, e.g. \(name)(x)", at: start)
        }
        let hint = closestMatch(to: name, in: known).map { "; did you mean '\($0)'?" } ?? "; expected x, y, w1, w2, pi or e"
        throw error("unknown name '\(name)' at column \(start + 1)\(hint)", at: start)
    }
}
