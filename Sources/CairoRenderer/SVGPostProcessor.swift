import Foundation

/// Makes Cairo's SVG fit for embedding: renumbers every element id in order of first appearance
/// under a per-file prefix (so two SVGs inlined in one page never clash, and ids do not depend on
/// how many surfaces the process made before), and adds `<title>` and `<desc>`.
struct SVGPostProcessor {
    var metadata: Renderer.Metadata

    func process(_ svg: String) -> String {
        let prefix = Self.sanitize(metadata.idPrefix)
        // Collect ids in order of appearance.
        var renamed: [String: String] = [:]
        var order: [String] = []
        var search = svg[...]
        while let range = search.range(of: " id=\"") {
            let rest = search[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let id = String(rest[..<end])
            if renamed[id] == nil {
                order.append(id)
                renamed[id] = "\(prefix)-\(Self.kind(of: id))\(order.count)"
            }
            search = rest[end...]
        }
        // Rewrite definitions and references in one pass over the text.
        var out = ""
        out.reserveCapacity(svg.utf8.count + 256)
        var rest = svg[...]
        let markers = [" id=\"", "\"#", "url(#"]
        while true {
            var next: (Range<Substring.Index>, String)?
            for marker in markers {
                if let r = rest.range(of: marker), next == nil || r.lowerBound < next!.0.lowerBound { next = (r, marker) }
            }
            guard let (range, marker) = next else { break }
            out += rest[..<range.upperBound]
            let tail = rest[range.upperBound...]
            let terminator: Character = marker == "url(#" ? ")" : "\""
            guard let end = tail.firstIndex(of: terminator) else { rest = tail; continue }
            let id = String(tail[..<end])
            out += renamed[id] ?? id
            rest = tail[end...]
        }
        out += rest
        // Title and description right after the root element opens.
        if let root = out.range(of: "<svg"), let close = out[root.upperBound...].firstIndex(of: ">") {
            let insert = "\n<title>\(Self.escape(metadata.title))</title>\n<desc>\(Self.escape(metadata.description))</desc>"
            out.insert(contentsOf: insert, at: out.index(after: close))
        }
        return out
    }

    /// A short readable stem for an id: `glyph`, `clip`, `surface`, `pattern`, … from Cairo's name.
    static func kind(of id: String) -> String {
        let letters = id.prefix { $0.isLetter }
        return letters.isEmpty ? "id" : String(letters)
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
