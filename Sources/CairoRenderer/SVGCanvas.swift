import CCairo
import Plotting

#if canImport(Glibc)
import Glibc
#endif

/// The ``Canvas`` protocol written straight to SVG 1.1: one `<path>` per fill or stroke, text as
/// paths (each glyph defined once per font and size and placed with `<use>`, so the file looks the
/// same in every viewer and needs no fonts), rectangular clips as `<clipPath>`.
///
/// Text is measured and set with the same font files and unhinted advances as the PNG and PDF
/// figures, so layouts agree across formats. Every element id starts with the file's prefix, so
/// several SVGs can be inlined in one page. Coordinates are rounded to 1/8 unit and glyph outlines
/// to 1/64 (at most 1/16 off, far below what a viewer shows) and written as exact short decimals
/// (`379.625`); widths and opacities to three decimals. The same drawing gives the same bytes.
final class SVGCanvas: Canvas {
    let size: (width: Double, height: Double)
    private let measurer: TextMeasurer
    private let outlines: GlyphOutlines
    private let prefix: [UInt8]
    private var defs: [UInt8] = []
    private var body: [UInt8] = []
    private var glyphIds: [GlyphKey: Int] = [:]
    private var clipCount = 0
    /// The `<path>` elements with long data, in body order.
    private var elements: [Element] = []

    /// A `<path` at `start` whose data (after ` d="`) spans `data..<end`.
    private struct Element {
        var start: Int, data: Int, end: Int, hash: Int
    }

    /// Path data at least this long, drawn more than once (a line and its white casing, markers
    /// filled and outlined), is defined once and drawn with `<use>`.
    private static let sharedDataLength = 96
    private var openGroups = 0
    /// Attributes (each with its leading space) for the next element drawn, then cleared: an
    /// animated SVG's class, stroke dashes and opacity.
    var nextAttributes = ""
    /// The size it is shown at, in pixels (its `width` and `height`; the viewBox is ``size``):
    /// the layout times the scale, not rounded, so that the drawing fills it exactly.
    let shown: (width: Double, height: Double)

    private struct GlyphKey: Hashable {
        var slot: Int
        var size: Double
        var index: UInt32
    }

    /// A canvas of `width` × `height` layout units (its viewBox), shown at `scale` pixels each.
    init(width: Int, height: Int, idPrefix: String, scale: Double = 1) throws(RenderError) {
        let shownWidth = Renderer.outputSize(width, scale), shownHeight = Renderer.outputSize(height, scale)
        guard (1...16384).contains(width), (1...16384).contains(height), scale > 0, scale.isFinite,
              (1...16384).contains(shownWidth), (1...16384).contains(shownHeight) else {
            throw .badSize(width: shownWidth, height: shownHeight)
        }
        shown = (Double(width) * scale, Double(height) * scale)
        let fonts: FontFaces
        switch FontFaces.shared {
        case let .success(loaded): fonts = loaded
        case let .failure(error): throw error
        }
        size = (Double(width), Double(height))
        measurer = try TextMeasurer(fonts: fonts)
        outlines = fonts.outlines
        prefix = Array(Self.sanitize(idPrefix).utf8)
        body.reserveCapacity(1 << 18)
    }

    // MARK: Canvas

    func fill(_ path: Path, color: Color, rule: FillRule) {
        guard !path.isEmpty else { return }
        let start = body.count
        body += Self.pathOpen
        appendNextAttributes()
        if rule == .evenOdd { body += Self.evenOdd }
        appendPaint(color, stroke: false)
        appendData(path, element: start)
    }

    func stroke(_ path: Path, style: StrokeStyle) {
        guard !path.isEmpty else { return }
        let start = body.count
        body += Self.pathOpen
        appendNextAttributes()
        body += Self.noFill
        appendPaint(style.color, stroke: true)
        body += Self.strokeWidth
        appendNumber(style.width, denominator: 1000)
        body.append(Self.quote)
        switch style.cap {
        case .butt: break
        case .round: body += Array(" stroke-linecap=\"round\"".utf8)
        case .square: body += Array(" stroke-linecap=\"square\"".utf8)
        }
        switch style.join {
        case .miter: body += Self.miterLimit  // Cairo's limit, not SVG's default of 4
        case .round: body += Array(" stroke-linejoin=\"round\"".utf8)
        case .bevel: body += Array(" stroke-linejoin=\"bevel\"".utf8)
        }
        if !style.dash.isEmpty, style.dash.allSatisfy({ $0.isFinite && $0 >= 0 }), style.dash.contains(where: { $0 > 0 }) {
            body += Array(" stroke-dasharray=\"".utf8)
            for (k, d) in style.dash.enumerated() {
                if k > 0 { body.append(UInt8(ascii: ",")) }
                appendNumber(d, denominator: 1000)
            }
            body.append(Self.quote)
        }
        appendData(path, element: start)
    }

    private func appendNextAttributes() {
        guard !nextAttributes.isEmpty else { return }
        body += Array(nextAttributes.utf8)
        nextAttributes = ""
    }

    /// ` d="…"/>` closing a `<path` begun at `element`, remembered so that the same data drawn
    /// again is written once (see ``finish(title:description:)``).
    private func appendData(_ path: Path, element: Int) {
        body += Self.dAttribute
        let data = body.count
        appendPath(path)
        let end = body.count
        body += Self.pathClose
        if end - data >= Self.sharedDataLength {
            var hasher = Hasher()
            body.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[data..<end])) }
            elements.append(Element(start: element, data: data, end: end, hash: hasher.finalize()))
        }
    }

    func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double) {
        guard !string.isEmpty else { return }
        let slot = FontFaces.slot(font)
        let unitsPerEm = outlines.unitsPerEm(slot: slot)
        guard unitsPerEm > 0, font.size.isFinite, font.size > 0 else { return }
        let scale = font.size / Double(unitsPerEm)
        var placed: [(id: Int, x: Double)] = []
        var x = 0.0
        for scalar in string.unicodeScalars {
            let index = outlines.index(of: scalar, slot: slot)
            let glyph = outlines.glyph(index, slot: slot)
            if !glyph.steps.isEmpty { placed.append((glyphId(index, slot: slot, size: font.size, glyph: glyph, scale: scale), x)) }
            x += Double(glyph.advance) * scale
        }
        guard !placed.isEmpty else { return }
        body += Array("<g".utf8)
        appendNextAttributes()
        appendPaint(color, stroke: false)
        let rotated = angle != 0 && angle.isFinite
        if rotated {
            // Glyphs placed along the rotated baseline: matrix(cos sin −sin cos x y).
            body += Array(" transform=\"matrix(".utf8)
            for (k, v) in [cos(angle), sin(angle), -sin(angle), cos(angle)].enumerated() {
                if k > 0 { body.append(UInt8(ascii: " ")) }
                appendNumber(v, denominator: 1000)
            }
            body.append(UInt8(ascii: " "))
            appendNumber(origin.x, denominator: 8)
            body.append(UInt8(ascii: " "))
            appendNumber(origin.y, denominator: 8)
            body += Array(")\"".utf8)
        }
        body += Array(">\n".utf8)
        for (id, dx) in placed {
            body += Array("<use xlink:href=\"#".utf8)
            body += prefix
            body += Array("-glyph".utf8)
            appendInteger(id)
            body += Array("\" x=\"".utf8)
            appendNumber(rotated ? dx : origin.x + dx, denominator: 8)
            body += Array("\" y=\"".utf8)
            appendNumber(rotated ? 0 : origin.y, denominator: 8)
            body += Array("\"/>\n".utf8)
        }
        body += Array("</g>\n".utf8)
    }

    func measure(_ string: String, font: Font) -> TextMetrics { measurer.measure(string, font: font) }

    /// The id prefix of every element, as given (made safe for ids).
    var idPrefix: String { String(decoding: prefix, as: UTF8.self) }

    func pushClip(_ rect: Rect) {
        clipCount += 1
        defs += Array("<clipPath id=\"".utf8)
        defs += prefix
        defs += Array("-clip".utf8)
        Self.appendInteger(clipCount, to: &defs)
        defs += Array("\"><rect x=\"".utf8)
        appendNumber(rect.x, denominator: 8, to: &defs)
        defs += Array("\" y=\"".utf8)
        appendNumber(rect.y, denominator: 8, to: &defs)
        defs += Array("\" width=\"".utf8)
        appendNumber(Swift.max(0, rect.width), denominator: 8, to: &defs)
        defs += Array("\" height=\"".utf8)
        appendNumber(Swift.max(0, rect.height), denominator: 8, to: &defs)
        defs += Array("\"/></clipPath>\n".utf8)
        body += Array("<g clip-path=\"url(#".utf8)
        body += prefix
        body += Array("-clip".utf8)
        appendInteger(clipCount)
        body += Array(")\">\n".utf8)
        openGroups += 1
    }

    func popClip() {
        guard openGroups > 0 else { return }
        body += Array("</g>\n".utf8)
        openGroups -= 1
    }

    // MARK: Output

    /// A length as the file writes it: whole numbers without a point, others to 1/1000.
    static func length(_ v: Double) -> String {
        let rounded = (v * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The finished document, with `<title>` and `<desc>`.
    func finish(title: String, description: String, style: String = "") -> [UInt8] {
        while openGroups > 0 { popClip() }
        var out: [UInt8] = []
        out.reserveCapacity(body.count + defs.count + 1024)
        out += Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="\(Self.length(shown.width))px" height="\(Self.length(shown.height))px" \
            viewBox="0 0 \(Int(size.width)) \(Int(size.height))" version="1.1">
            <title>\(Self.escape(title))</title>
            <desc>\(Self.escape(description))</desc>

            """.utf8)
        if !style.isEmpty { out += Array("<style>\n\(style)</style>\n".utf8) }
        let shared = sharedData()
        if !defs.isEmpty || !shared.defs.isEmpty {
            out += Array("<defs>\n".utf8)
            out += defs
            out += shared.defs
            out += Array("</defs>\n".utf8)
        }
        appendBody(sharing: shared.ids, to: &out)
        out += Array("</svg>\n".utf8)
        return out
    }

    /// Which paths' data repeats earlier data (the id of the shared path, or 0, for each element)
    /// and the shared paths for `<defs>`.
    private func sharedData() -> (defs: [UInt8], ids: [Int]) {
        var groups: [Int: [Int]] = [:]  // hash → indices into elements
        for (k, e) in elements.enumerated() { groups[e.hash, default: []].append(k) }
        var sharedId = [Int](repeating: 0, count: elements.count)
        var shared: [UInt8] = []
        var count = 0
        for (k, e) in elements.enumerated() where sharedId[k] == 0 {
            guard let group = groups[e.hash], group.count > 1 else { continue }
            let data = body[e.data..<e.end]
            let same = group.filter { m in m >= k && sharedId[m] == 0 && body[elements[m].data..<elements[m].end] == data }
            guard same.count > 1 else { continue }
            count += 1
            for m in same { sharedId[m] = count }
            shared += Array("<path id=\"".utf8)
            shared += prefix
            shared += Array("-d".utf8)
            Self.appendInteger(count, to: &shared)
            shared.append(Self.quote)
            shared += Self.dAttribute
            shared += data
            shared += Self.pathClose
        }
        return (shared, sharedId)
    }

    /// The body, with every path whose data is shared written as `<use xlink:href="#…-dN" …/>`,
    /// keeping its own paint (the shared `<path>` has none, so it takes the `<use>`'s).
    private func appendBody(sharing sharedId: [Int], to out: inout [UInt8]) {
        var copied = 0
        for (k, e) in elements.enumerated() where sharedId[k] > 0 {
            out += body[copied..<e.start]
            // `<path ATTRS d="DATA"/>` → `<use xlink:href="#ID" ATTRS/>`
            out += Array("<use xlink:href=\"#".utf8)
            out += prefix
            out += Array("-d".utf8)
            Self.appendInteger(sharedId[k], to: &out)
            out.append(Self.quote)
            out += body[(e.start + Self.pathOpen.count)..<(e.data - Self.dAttribute.count)]
            out += Array("/>\n".utf8)
            copied = e.end + Self.pathClose.count
        }
        out += body[copied...]
    }

    // MARK: Writing

    private static let quote = UInt8(ascii: "\"")
    private static let pathOpen = Array("<path".utf8)
    private static let pathClose = Array("\"/>\n".utf8)
    private static let evenOdd = Array(" fill-rule=\"evenodd\"".utf8)
    private static let fillAttribute = Array(" fill=\"".utf8)
    private static let fillOpacity = Array(" fill-opacity=\"".utf8)
    private static let noFill = Array(" fill=\"none\"".utf8)
    private static let strokeAttribute = Array(" stroke=\"".utf8)
    private static let strokeOpacity = Array(" stroke-opacity=\"".utf8)
    private static let strokeWidth = Array(" stroke-width=\"".utf8)
    private static let miterLimit = Array(" stroke-miterlimit=\"10\"".utf8)
    private static let dAttribute = Array(" d=\"".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The glyph's id, defining it at this size on first use.
    private func glyphId(_ index: UInt32, slot: Int, size: Double, glyph: GlyphOutlines.Glyph, scale: Double) -> Int {
        let key = GlyphKey(slot: slot, size: size, index: index)
        if let id = glyphIds[key] { return id }
        let id = glyphIds.count + 1
        glyphIds[key] = id
        defs += Array("<path id=\"".utf8)
        defs += prefix
        defs += Array("-glyph".utf8)
        Self.appendInteger(id, to: &defs)
        defs += Array("\" d=\"".utf8)
        // Relative steps between points rounded to 1/64, as in `appendPath`; a command letter only
        // where it changes (after a moveto, bare pairs are linetos).
        var writer = NumberWriter()
        var current = (x: 0, y: 0), start = (x: 0, y: 0)
        var last: UInt8 = 0
        func rounded(_ x: Int32, _ y: Int32) -> (x: Int, y: Int) {
            (Self.scaled(Double(x) * scale, by: 64), Self.scaled(-Double(y) * scale, by: 64))
        }
        func command(_ c: Unicode.Scalar) {
            let letter = UInt8(ascii: c)
            if letter != last && !(letter == UInt8(ascii: "l") && last == UInt8(ascii: "m")) {
                defs.append(letter)
                writer.separated = false
            }
            last = letter == UInt8(ascii: "m") ? UInt8(ascii: "m") : letter
        }
        func relative(_ q: (x: Int, y: Int)) {
            writer.append(q.x - current.x, denominator: 64, to: &defs)
            writer.append(q.y - current.y, denominator: 64, to: &defs)
        }
        var open = false
        for step in glyph.steps {
            switch step {
            case let .move(x, y):
                if open {
                    command("z")
                    current = start
                }
                let q = rounded(x, y)
                if last == 0 {
                    defs.append(UInt8(ascii: "m"))
                    writer.append(q.x, denominator: 64, to: &defs)
                    writer.append(q.y, denominator: 64, to: &defs)
                } else {
                    last = 0
                    command("m")
                    relative(q)
                }
                last = UInt8(ascii: "m")
                current = q
                start = q
                open = true
            case let .line(x, y):
                command("l")
                let q = rounded(x, y)
                relative(q)
                current = q
            case let .quadratic(cx, cy, x, y):
                command("q")
                relative(rounded(cx, cy))
                let q = rounded(x, y)
                relative(q)
                current = q
            case let .cubic(ax, ay, bx, by, x, y):
                command("c")
                relative(rounded(ax, ay))
                relative(rounded(bx, by))
                let q = rounded(x, y)
                relative(q)
                current = q
            }
        }
        if open { defs.append(UInt8(ascii: "z")) }
        defs += Array("\"/>\n".utf8)
        return id
    }

    /// Path data in SVG's shortest common form: every point is relative to the last (`m`, `l`,
    /// `a`; a path's first `m` is absolute), a line after a move or a line is bare coordinates (an
    /// implicit lineto), and numbers drop what a parser does not need (`m1 2 3-4.5.5z`). Points are
    /// rounded to 1/8 unit first and the steps taken between rounded points, so the absolute
    /// positions are exact.
    private func appendPath(_ path: Path) {
        var writer = NumberWriter()
        var current = (x: 0, y: 0), start = (x: 0, y: 0)
        var first = true
        var implicitLine = false  // the last command was a moveto or lineto
        func command(_ c: String) {
            body += Array(c.utf8)
            writer.separated = false
        }
        func step(to q: (x: Int, y: Int)) {
            writer.append(q.x - current.x, denominator: 8, to: &body)
            writer.append(q.y - current.y, denominator: 8, to: &body)
            current = q
        }
        for element in path.elements {
            switch element {
            case let .move(p):
                let q = Self.rounded(p)
                if first {
                    command("m")
                    writer.append(q.x, denominator: 8, to: &body)
                    writer.append(q.y, denominator: 8, to: &body)
                    current = q
                } else {
                    command("m")
                    step(to: q)
                }
                first = false
                start = q
                implicitLine = true
            case let .line(p):
                if first {
                    // A line with nothing before it starts where it is.
                    command("m")
                    let q = Self.rounded(p)
                    writer.append(q.x, denominator: 8, to: &body)
                    writer.append(q.y, denominator: 8, to: &body)
                    current = q
                    start = q
                    first = false
                    implicitLine = true
                    continue
                }
                if !implicitLine { command("l") }
                step(to: Self.rounded(p))
                implicitLine = true
            case let .circle(c, r):
                // Two half-circle arcs from the rightmost point, as its own closed subpath.
                let radius = r.isFinite ? Swift.max(0, r) : 0
                let right = Self.rounded(Point(c.x + radius, c.y)), left = Self.rounded(Point(c.x - radius, c.y))
                if first {
                    command("m")
                    writer.append(right.x, denominator: 8, to: &body)
                    writer.append(right.y, denominator: 8, to: &body)
                    current = right
                    first = false
                } else {
                    command("m")
                    step(to: right)
                }
                for end in [left, right] {
                    command("a")
                    writer.append(Self.scaled(radius, by: 1000), denominator: 1000, to: &body)
                    writer.append(Self.scaled(radius, by: 1000), denominator: 1000, to: &body)
                    body += Array(" 0 1 1".utf8)
                    writer.separated = true
                    writer.dotted = false
                    step(to: end)
                }
                command("z")
                current = right
                start = right
                implicitLine = false
            case .close:
                command("z")
                current = start
                implicitLine = false
            }
        }
    }

    /// A point in eighths of a unit, clamped to ±10⁹ units; non-finite coordinates are 0.
    private static func rounded(_ p: Point) -> (x: Int, y: Int) { (scaled(p.x, by: 8), scaled(p.y, by: 8)) }

    private static func scaled(_ v: Double, by denominator: Int) -> Int {
        let clamped = v.isFinite ? Swift.min(1e9, Swift.max(-1e9, v)) : 0
        return Int((clamped * Double(denominator)).rounded())
    }

    /// Writes numbers one after another in path data with the fewest separators: none before a
    /// minus sign, none before a leading `.` after a number that had one (`1.5.5` is 1.5 then
    /// 0.5), and no `0` before the point.
    struct NumberWriter {
        /// A number was written since the last command letter.
        var separated = false
        /// The last number written has a decimal point.
        var dotted = false

        /// `scaled / denominator` as an exact decimal (`denominator` a power of two or ten).
        mutating func append(_ scaled: Int, denominator: Int, to out: inout [UInt8]) {
            let magnitude = scaled.magnitude
            let whole = Int(magnitude / UInt(denominator))
            let fraction = Int(magnitude % UInt(denominator))
            if scaled < 0 {
                out.append(UInt8(ascii: "-"))
            } else if separated && !(whole == 0 && fraction > 0 && dotted) {
                out.append(UInt8(ascii: " "))
            }
            if whole > 0 || fraction == 0 { SVGCanvas.appendInteger(whole, to: &out) }
            dotted = fraction > 0
            separated = true
            SVGCanvas.appendFraction(fraction, denominator: denominator, to: &out)
        }
    }

    /// ` fill="#rrggbb"` (or `stroke`), and its opacity when below 1.
    private func appendPaint(_ color: Color, stroke: Bool) {
        body += stroke ? Self.strokeAttribute : Self.fillAttribute
        appendColor(color)
        body.append(Self.quote)
        if color.alpha < 1 {
            body += stroke ? Self.strokeOpacity : Self.fillOpacity
            appendOpacity(color.alpha)
            body.append(Self.quote)
        }
    }

    private func appendColor(_ c: Color) {
        body.append(UInt8(ascii: "#"))
        for v in [c.red, c.green, c.blue] {
            let byte = v.isFinite ? Int((Swift.min(1, Swift.max(0, v)) * 255).rounded()) : 0
            body.append(Self.hexDigits[byte >> 4])
            body.append(Self.hexDigits[byte & 15])
        }
    }

    private func appendOpacity(_ alpha: Double) {
        appendNumber(alpha.isFinite ? Swift.min(1, Swift.max(0, alpha)) : 1, denominator: 1000)
    }

    private func appendNumber(_ v: Double, denominator: Int) { appendNumber(v, denominator: denominator, to: &body) }

    private func appendInteger(_ v: Int) { Self.appendInteger(v, to: &body) }

    /// `v` rounded to a multiple of 1/`denominator` and written as an exact decimal without
    /// trailing zeros: a power of two for coordinates (1/8 → `379.625`), 1000 for widths,
    /// opacities and rotations (`0.6`). Values beyond ±10⁹ are clamped, non-finite ones written
    /// as 0.
    private func appendNumber(_ v: Double, denominator: Int, to out: inout [UInt8]) {
        let clamped = v.isFinite ? Swift.min(1e9, Swift.max(-1e9, v)) : 0
        var scaled = Int((clamped * Double(denominator)).rounded())
        if scaled < 0 {
            out.append(UInt8(ascii: "-"))
            scaled = -scaled
        }
        Self.appendInteger(scaled / denominator, to: &out)
        Self.appendFraction(scaled % denominator, denominator: denominator, to: &out)
    }

    /// `.` and the digits of `fraction / denominator` (below 1), nothing when it is 0: multiply
    /// by 10 until nothing is left (exact for denominators of twos and fives).
    static func appendFraction(_ fraction: Int, denominator: Int, to out: inout [UInt8]) {
        guard fraction > 0 else { return }
        var fraction = fraction
        out.append(UInt8(ascii: "."))
        while fraction > 0 {
            fraction *= 10
            out.append(UInt8(ascii: "0") + UInt8(fraction / denominator))
            fraction %= denominator
        }
    }

    private static func appendInteger(_ v: Int, to out: inout [UInt8]) {
        if v < 10 {
            out.append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var n = v
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 && count < 20 {
                buffer[count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[k]) }
        }
    }

    /// Letters, digits, `-` and `_`; starts with a letter.
    static func sanitize(_ s: String) -> String {
        var out = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
        if out.first?.isLetter != true { out = "f" + out }
        return out
    }

    /// Text for XML character data and attributes; characters XML 1.0 does not allow are dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Measures text with Cairo on a 1×1 image surface, with the figures' font settings.
final class TextMeasurer {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let fonts: FontFaces

    init(fonts: FontFaces) throws(RenderError) {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else { throw .cairo("could not create a surface") }
        guard let context = CairoCanvas.makeContext(on: surface) else {
            cairo_surface_destroy(surface)
            throw .cairo("could not create a context")
        }
        self.surface = surface
        self.context = context
        self.fonts = fonts
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    func measure(_ string: String, font: Font) -> TextMetrics {
        CairoCanvas.measure(string, font: font, context: context, fonts: fonts)
    }
}
