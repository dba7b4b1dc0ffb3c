import Landscapes

/// What an untagged plain YAML scalar means, by the rules of Yams's default resolver (YAML 1.1:
/// `yes`/`no`/`on`/`off` are booleans, `0x1F`, `0b101`, `017` and `1:30` are integers, `1.5e-3`
/// and `.inf` are numbers, `~` and `null` are null; anything else is text), written out by hand.
/// The resolver matches every scalar against regular expressions, which pulls in ICU's regex
/// engine: about 2 ms and 3 MB per process that reads a scene.
enum YAMLScalar {
    static func value(_ s: String) -> JSONValue {
        switch s {
        case "~", "null", "Null", "NULL", "": return .null
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        if let v = integer(s) ?? float(s) { return .number(v) }
        return .string(s)
    }

    /// `[-+]?0b[01_]+`, `[-+]?0o?[0-7_]+`, `[-+]?(0|[1-9][0-9_]*)`, `[-+]?0x[0-9a-fA-F_]+` and
    /// sexagesimal `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`.
    static func integer(_ s: String) -> Double? {
        var body = Substring(s)
        var sign = 1.0
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        guard let first = body.first else { return nil }
        func digits(_ text: Substring, radix: Int) -> Double? {
            guard !text.isEmpty, text.allSatisfy({ $0 == "_" || $0.hexDigitValue.map { $0 < radix } == true }) else { return nil }
            let plain = text.filter { $0 != "_" }
            guard !plain.isEmpty else { return nil }
            var v = 0.0
            for c in plain { v = v * Double(radix) + Double(c.hexDigitValue ?? 0) }
            return v
        }
        if body.hasPrefix("0b") { return digits(body.dropFirst(2), radix: 2).map { sign * $0 } }
        if body.hasPrefix("0x") { return digits(body.dropFirst(2), radix: 16).map { sign * $0 } }
        if body.hasPrefix("0o") { return digits(body.dropFirst(2), radix: 8).map { sign * $0 } }
        if body == "0" { return 0 }
        if first == "0" { return digits(body.dropFirst(), radix: 8).map { sign * $0 } }
        guard first.isASCII, first.isNumber else { return nil }
        if body.contains(":") {
            // Base 60: the first part as decimal, then parts of one or two digits below 60.
            let parts = body.split(separator: ":", omittingEmptySubsequences: false)
            guard var v = digits(parts[0], radix: 10) else { return nil }
            for part in parts.dropFirst() {
                guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let p = Double(part), p < 60,
                      part.count == 1 || part.first! <= "5" else { return nil }
                v = v * 60 + p
            }
            return sign * v
        }
        return digits(body, radix: 10).map { sign * $0 }
    }

    /// `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?`, `\.[0-9_]+([eE][-+][0-9]+)?` (there
    /// the exponent has a sign) and sexagesimal `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`.
    static func float(_ s: String) -> Double? {
        var body = Substring(s)
        var sign = 1.0
        var signed = false
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
            signed = true
        }
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        if body.contains(":") {
            guard let dot = body.firstIndex(of: "."), let whole = integer(String(body[..<dot])),
                  body[body.index(after: dot)...].allSatisfy({ isDigit($0) || $0 == "_" }),
                  let fraction = Double("0" + body[dot...].filter { $0 != "_" }) else { return nil }
            return sign * (whole + fraction)
        }
        var mantissa = body
        var exponent: Substring = ""
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            exponent = body[body.index(after: e)...]
            let signedExponent = exponent.first == "-" || exponent.first == "+"
            let exponentDigits = signedExponent ? exponent.dropFirst() : exponent
            guard !exponentDigits.isEmpty, exponentDigits.allSatisfy(isDigit), signedExponent || body.first != "." else { return nil }
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : nil
        if whole.isEmpty {
            // `.5`: no sign, and at least one digit after the point.
            guard !signed, let fraction, !fraction.isEmpty, fraction.allSatisfy({ isDigit($0) || $0 == "_" }), fraction.contains(where: isDigit) else { return nil }
        } else {
            guard let first = whole.first, isDigit(first), whole.allSatisfy({ isDigit($0) || $0 == "_" }) else { return nil }
            if let fraction, !fraction.allSatisfy({ isDigit($0) || $0 == "_" }) { return nil }
        }
        let text = (whole.isEmpty ? "0" : String(whole)) + (fraction.map { "." + $0 } ?? "") + (exponent.isEmpty ? "" : "e" + exponent)
        return Double(text.filter { $0 != "_" }).map { sign * $0 }
    }
}
