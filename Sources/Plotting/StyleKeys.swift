import Landscapes

/// Why a style key or value was refused, in one line.
public struct StyleError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Style {
    /// The keys a style file may set, by the names files use (`title_size: 14`).
    public enum Key: String, Sendable, CaseIterable {
        case base
        case font
        case titleSize = "title_size"
        case subtitleSize = "subtitle_size"
        case panelTitleSize = "panel_title_size"
        case labelSize = "label_size"
        case tickSize = "tick_size"
        case legendSize = "legend_size"
        case lineWidth = "line_width"
        case frameWidth = "frame_width"
        case markerScale = "marker_scale"
        case casing
        case spacing
        case background
        case foreground
        case muted
        case grid
        case legendBackground = "legend_background"
        case legendBorder = "legend_border"
        case palette
        case colormap
        case legend
        case width
        case height

        /// What the key sets, for `landscape styles`.
        public var summary: String {
            switch self {
            case .base: "the built-in style a file starts from (default: default)"
            case .font: "the typeface: sans, serif or mono (DejaVu Sans, Serif, Sans Mono)"
            case .titleSize: "the figure's title, in points"
            case .subtitleSize: "the subtitle and notes, in points"
            case .panelTitleSize: "each panel's title, in points"
            case .labelSize: "axis titles, in points"
            case .tickSize: "tick labels, in points"
            case .legendSize: "legend text, in points"
            case .lineWidth: "the runs' paths, in points (loss lines and samples in proportion)"
            case .frameWidth: "frames, ticks and grid lines, in points"
            case .markerScale: "every marker's size, relative to the default look"
            case .casing: "the halo under paths and around markers: a colour, or none"
            case .spacing: "gaps, margins and markers relative to the default look (the file is laid out at its size ÷ spacing)"
            case .background: "the figure's background: a colour, or none (transparent)"
            case .foreground: "text, frames and ticks"
            case .muted: "subtitles, notes and legend keys"
            case .grid: "grid lines of line panels"
            case .legendBackground: "the legend box's fill"
            case .legendBorder: "the legend box's outline"
            case .palette: "the runs' colours, in order: a list of colours"
            case .colormap: "the fields' colormap: \(Colormap.all.map(\.name).joined(separator: ", ")) (any reversed with _r), or auto (each surface's own)"
            case .legend: "where legends go: \(LegendPlacement.allCases.map(\.rawValue).joined(separator: ", "))"
            case .width: "the figure's width when none is given, in points (or auto)"
            case .height: "the figure's height when none is given, in points (or auto)"
            }
        }
    }

    /// A style file's settings (key, value as text) applied in order on top of this style; the
    /// first bad key or value is refused with its reason (an unknown key with the nearest known).
    ///
    /// ```swift
    /// let style = try Style.default.applying([("base", "dark"), ("tick_size", "13"), ("palette", "#1b9e77, #d95f02")])
    /// ```
    public func applying(_ settings: [(key: String, value: String)]) throws(StyleError) -> Style {
        var style = self
        // `base` first, wherever it is: the others override it.
        if let base = settings.first(where: { $0.key == Key.base.rawValue }) {
            guard let named = Style.named(base.value) else {
                throw StyleError("base \(excerpt(base.value, limit: 40)): " + Self.unknown(base.value, among: Style.builtIn.map(\.name)))
            }
            style = named
        }
        for (key, value) in settings where key != Key.base.rawValue {
            guard let k = Key(rawValue: key) else {
                throw StyleError("unknown style key \(excerpt(key, limit: 40))" + (closestMatch(to: key, in: Key.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""))
            }
            try style.set(k, to: value)
        }
        return style
    }

    /// Sets one key from its text.
    public mutating func set(_ key: Key, to text: String) throws(StyleError) {
        let value = text.trimmingSpaces
        func fail(_ expected: String) -> StyleError { StyleError("\(key.rawValue) \(excerpt(value, limit: 40)): expected \(expected)") }
        func size(_ range: ClosedRange<Double>) throws(StyleError) -> Double {
            guard let v = Double(value), v.isFinite, range.contains(v) else {
                throw fail("a number from \(TickFormat.number(range.lowerBound)) to \(TickFormat.number(range.upperBound))")
            }
            return v
        }
        func color() throws(StyleError) -> Color {
            guard let c = Color(parsing: value) else { throw fail("a colour #RRGGBB or #RRGGBBAA") }
            return c
        }
        func optionalColor() throws(StyleError) -> Color? {
            if value == "none" { return nil }
            guard let c = Color(parsing: value) else { throw fail("a colour #RRGGBB or #RRGGBBAA, or none") }
            return c
        }
        func length() throws(StyleError) -> Double? {
            if value == "auto" { return nil }
            guard let v = Double(value), v.isFinite, (50...8000).contains(v) else { throw fail("a size from 50 to 8000 points, or auto") }
            return v
        }
        switch key {
        case .base: self = try Style.default.applying([("base", value)])
        case .font:
            guard let family = Font.Family(rawValue: value) else {
                throw StyleError("font \(excerpt(value, limit: 40)): " + Self.unknown(value, among: Font.Family.allCases.map(\.rawValue)))
            }
            font = family
        case .titleSize: titleSize = try size(3...200)
        case .subtitleSize: subtitleSize = try size(3...200)
        case .panelTitleSize: panelTitleSize = try size(3...200)
        case .labelSize: labelSize = try size(3...200)
        case .tickSize: tickSize = try size(3...200)
        case .legendSize: legendSize = try size(3...200)
        case .lineWidth: lineWidth = try size(0.1...50)
        case .frameWidth: frameWidth = try size(0.1...20)
        case .markerScale: markerScale = try size(0.1...10)
        case .casing: casing = try optionalColor()
        case .spacing: spacing = try size(0.1...10)
        case .background: background = try optionalColor()
        case .foreground: foreground = try color()
        case .muted: muted = try color()
        case .grid: grid = try color()
        case .legendBackground: legendBackground = try color()
        case .legendBorder: legendBorder = try color()
        case .palette:
            let items = value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            var colors: [Color] = []
            for item in items {
                guard let c = Color(parsing: item) else {
                    throw StyleError("palette: \(excerpt(item, limit: 40)) is not a colour #RRGGBB or #RRGGBBAA")
                }
                colors.append(c)
            }
            guard (1...64).contains(colors.count) else { throw fail("a list of 1 to 64 colours") }
            palette = colors
        case .colormap:
            if value == "auto" {
                colormap = nil
            } else {
                guard let map = Colormap.named(value) else {
                    throw StyleError("colormap \(excerpt(value, limit: 40)): " + Self.unknown(value, among: Colormap.all.map(\.name) + ["auto"]))
                }
                colormap = map
            }
        case .legend:
            guard let placement = LegendPlacement(rawValue: value) else {
                throw StyleError("legend \(excerpt(value, limit: 40)): " + Self.unknown(value, among: LegendPlacement.allCases.map(\.rawValue)))
            }
            legend = placement
        case .width: width = try length()
        case .height: height = try length()
        }
    }

    /// The key's value as a style file writes it.
    public func text(of key: Key) -> String {
        func number(_ v: Double) -> String { TickFormat.number(v) }
        func color(_ c: Color?) -> String { c.map { $0.alpha >= 1 ? $0.hexString : $0.hexString + Self.alphaHex($0.alpha) } ?? "none" }
        switch key {
        case .base: return name
        case .font: return font.rawValue
        case .titleSize: return number(titleSize)
        case .subtitleSize: return number(subtitleSize)
        case .panelTitleSize: return number(panelTitleSize)
        case .labelSize: return number(labelSize)
        case .tickSize: return number(tickSize)
        case .legendSize: return number(legendSize)
        case .lineWidth: return number(lineWidth)
        case .frameWidth: return number(frameWidth)
        case .markerScale: return number(markerScale)
        case .casing: return color(casing)
        case .spacing: return number(spacing)
        case .background: return color(background)
        case .foreground: return color(foreground)
        case .muted: return color(muted)
        case .grid: return color(grid)
        case .legendBackground: return color(legendBackground)
        case .legendBorder: return color(legendBorder)
        case .palette: return palette.map { color($0) }.joined(separator: ", ")
        case .colormap: return colormap?.name ?? "auto"
        case .legend: return legend.rawValue
        case .width: return width.map(number) ?? "auto"
        case .height: return height.map(number) ?? "auto"
        }
    }

    /// The style as a style file: `base` and every other key with its value.
    public var fileText: String {
        Key.allCases.map { key in
            let value = text(of: key)
            // Values that YAML would read otherwise are quoted: colours (a comment) and lists.
            let shown = value.contains("#") || value.contains(",") ? "\"\(value)\"" : value
            return "\(key.rawValue): \(shown)"
        }.joined(separator: "\n") + "\n"
    }

    static func alphaHex(_ a: Double) -> String {
        let b = Int((Swift.min(Swift.max(a, 0), 1) * 255).rounded())
        let s = String(b, radix: 16)
        return s.count == 1 ? "0" + s : s
    }

    static func unknown(_ value: String, among names: [String]) -> String {
        (closestMatch(to: value, in: names).map { "unknown; did you mean '\($0)'? Known: " } ?? "unknown; known: ") + names.joined(separator: ", ")
    }
}

extension Color {
    /// A colour from `#RGB`, `#RRGGBB` or `#RRGGBBAA` (the alpha last, as CSS writes it); nil
    /// for anything else.
    public init?(parsing text: String) {
        guard text.hasPrefix("#") else { return nil }
        let digits = Array(text.dropFirst())
        guard [3, 6, 8].contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        let expanded = digits.count == 3 ? digits.flatMap { [$0, $0] } : digits
        guard let value = UInt64(String(expanded), radix: 16) else { return nil }
        if expanded.count == 8 {
            self.init(hex: UInt32(truncatingIfNeeded: value >> 8), alpha: Double(value & 0xff) / 255)
        } else {
            self.init(hex: UInt32(truncatingIfNeeded: value))
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
