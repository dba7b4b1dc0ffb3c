/// Makes Cairo's SVG fit for embedding: renumbers every element id in order of first appearance
/// under a per-file prefix (so two SVGs inlined in one page never clash, and ids do not depend on
/// how many surfaces the process made before), and adds `<title>` and `<desc>`.
///
/// One linear pass over the bytes to collect ids, one to rewrite `id="…"`, `"#…"` and `url(#…)`.
struct SVGPostProcessor {
    var metadata: Renderer.Metadata

    static let idMarker = Array(" id=\"".utf8)
    static let hrefMarker = Array("\"#".utf8)
    static let urlMarker = Array("url(#".utf8)

    func process(_ svg: [UInt8]) -> [UInt8] {
        let prefix = Array(Self.sanitize(metadata.idPrefix).utf8)
        // Ids in order of first appearance.
        var renamed: [ArraySlice<UInt8>: [UInt8]] = [:]
        var count = 0
        var i = 0
        while i < svg.count {
            if Self.matches(svg, at: i, Self.idMarker) {
                let start = i + Self.idMarker.count
                var end = start
                while end < svg.count && svg[end] != UInt8(ascii: "\"") { end += 1 }
                let id = svg[start..<end]
                if renamed[id] == nil {
                    count += 1
                    renamed[id] = prefix + Array("-".utf8) + Array(Self.kind(of: id).utf8) + Array(String(count).utf8)
                }
                i = end
            } else {
                i += 1
            }
        }
        // Rewrite definitions and references.
        var out: [UInt8] = []
        out.reserveCapacity(svg.count + svg.count / 8 + 512)
        i = 0
        while i < svg.count {
            var marker: [UInt8]?
            var terminator = UInt8(ascii: "\"")
            if svg[i] == UInt8(ascii: " ") && Self.matches(svg, at: i, Self.idMarker) {
                marker = Self.idMarker
            } else if svg[i] == UInt8(ascii: "\"") && Self.matches(svg, at: i, Self.hrefMarker) {
                marker = Self.hrefMarker
            } else if svg[i] == UInt8(ascii: "u") && Self.matches(svg, at: i, Self.urlMarker) {
                marker = Self.urlMarker
                terminator = UInt8(ascii: ")")
            }
            guard let m = marker else {
                out.append(svg[i])
                i += 1
                continue
            }
            out.append(contentsOf: m)
            let start = i + m.count
            var end = start
            while end < svg.count && svg[end] != terminator { end += 1 }
            if let name = renamed[svg[start..<end]] { out.append(contentsOf: name) } else { out.append(contentsOf: svg[start..<end]) }
            i = end
        }
        // Title and description right after the root element opens.
        if let root = Self.find(out, Array("<svg".utf8)), let close = out[root...].firstIndex(of: UInt8(ascii: ">")) {
            let insert = "\n<title>\(Self.escape(metadata.title))</title>\n<desc>\(Self.escape(metadata.description))</desc>"
            out.insert(contentsOf: Array(insert.utf8), at: close + 1)
        }
        return out
    }

    static func matches(_ bytes: [UInt8], at i: Int, _ pattern: [UInt8]) -> Bool {
        guard i + pattern.count <= bytes.count else { return false }
        for k in pattern.indices where bytes[i + k] != pattern[k] { return false }
        return true
    }

    static func find(_ bytes: [UInt8], _ pattern: [UInt8]) -> Int? {
        var i = 0
        while i + pattern.count <= bytes.count {
            if matches(bytes, at: i, pattern) { return i }
            i += 1
        }
        return nil
    }

    /// A short readable stem for an id: `glyph`, `clip`, `surface`, `pattern`, … from Cairo's name.
    static func kind(of id: ArraySlice<UInt8>) -> String {
        let letters = id.prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        return letters.isEmpty ? "id" : String(decoding: letters, as: UTF8.self)
    }

    /// Letters, digits, `-` and `_`; starts with a letter.
    static func sanitize(_ s: String) -> String {
        var out = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        if out.first?.isLetter != true { out = "f" + out }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
