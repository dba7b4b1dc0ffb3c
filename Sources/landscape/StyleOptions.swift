import ArgumentParser
import CairoRenderer
import Landscapes
import Plotting

/// How a figure looks and how finely a PNG is drawn: the options `render`, `animate`, `sweep`
/// and `net render` share.
struct StyleOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional,
            help: "A built-in style (default, paper, slides, dark, transparent) or a style file (.yaml) that overrides one; see 'landscape styles'.",
            completion: Completions.styles)
    var style: String?

    @Option(name: .long, parsing: .unconditional,
            help: "PNG pixel density: K times the pixels each way with the same layout (0.25 to 8; SVG and PDF are unaffected).")
    var scale: String?

    @Option(name: .long, parsing: .unconditional,
            help: "PNG pixel density in dots per inch, a layout unit being a point (72 dpi = --scale 1).")
    var dpi: String?

    /// The style and the PNG density, checked.
    func resolved() throws(CommandError) -> (style: Style, density: Double) {
        let style = try style.map { text throws(CommandError) in try StyleFile.style(text) } ?? .default
        guard scale == nil || dpi == nil else { throw .usage("give --scale or --dpi, not both") }
        var density = 1.0
        if let scale { density = try StyleFile.density(scale, option: "--scale") }
        if let dpi { density = try StyleFile.density(dpi, option: "--dpi", per: 72) }
        return (style, density)
    }
}

/// Styles named or read from files, and pixel densities, for the command line and scenes.
enum StyleFile {
    /// The largest pixel density: 8 times the pixels each way.
    static let maximumDensity = 8.0

    /// A built-in style by name, or a style file (a path, or a name ending in .yaml or .yml).
    static func style(_ text: String) throws(CommandError) -> Style {
        if let named = Style.named(text) { return named }
        let lower = text.lowercased()
        guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || text.contains("/") else {
            let names = Style.builtIn.map(\.name)
            throw .usage("unknown style \(excerpt(text, limit: 40))" + (closestMatch(to: text, in: names).map { "; did you mean '\($0)'?" } ?? "")
                         + " Built in: \(names.joined(separator: ", ")); or give a style file (.yaml)")
        }
        return try load(path: text)
    }

    /// A style file: a YAML mapping of style keys (see `Style/Key`) to values, on top of
    /// `base` (default: the default style). Its name is the file's.
    static func load(path: String) throws(CommandError) -> Style {
        let text = try readInput(path)
        guard case let .object(pairs) = try Scene.yaml(text, path: path) else {
            throw .usage("\(path): a style file is a mapping of keys to values, e.g. 'tick_size: 12'")
        }
        var settings: [(key: String, value: String)] = []
        for (key, value) in pairs {
            switch value {
            case let .string(s): settings.append((key, s))
            case let .number(v): settings.append((key, TickFormat.number(v)))
            case let .array(items):
                var texts: [String] = []
                for item in items {
                    guard case let .string(s) = item else { throw .usage("\(path): '\(excerpt(key, limit: 40))' lists colours as text, e.g. \"#1b9e77\"") }
                    texts.append(s)
                }
                settings.append((key, texts.joined(separator: ", ")))
            case .null: throw .usage("\(path): '\(excerpt(key, limit: 40))' has no value (a colour needs quotes: \"#1b9e77\")")
            default: throw .usage("\(path): '\(excerpt(key, limit: 40))' must be a number, a word, a colour in quotes or a list of colours")
            }
        }
        var style: Style
        do { style = try Style.default.applying(settings) } catch { throw .usage("\(path): \(error.message)") }
        style.name = FilePath.stem(of: path)
        style.summary = "from \(path)"
        return style
    }

    /// A pixel density from text: K, or dots per inch with `per` = 72.
    static func density(_ text: String, option: String, per unit: Double = 1) throws(CommandError) -> Double {
        let value = try Arguments.finite(text, option: option)
        let density = value / unit
        guard density >= 0.25 && density <= maximumDensity else {
            let range = unit == 1 ? "0.25 to 8" : "18 to 576"
            throw .usage("\(option) \(excerpt(text, limit: 40)): expected \(range) (at most \(Int(maximumDensity)) times the pixels each way)")
        }
        return density
    }

    /// Refuses, before anything is run or drawn, a file larger than the renderer makes: at most
    /// 16384 units a side (a PNG of a gigabyte of pixels), with the size it would have. `size` is
    /// in layout units.
    static func checkOutputSize(_ size: (width: Int, height: Int), style: Style, density: Double, formats: [ImageFormat], context: String) throws(CommandError) {
        let scale = Renderer.Scale(spacing: style.spacing, density: density)
        for format in formats {
            let out = Renderer.outputSize(width: size.width, height: size.height, format: format, scale: scale)
            guard out.width <= 16384 && out.height <= 16384 else {
                let bytes = Double(out.width) * Double(out.height) * 4
                throw .usage(context + "the \(format.rawValue.uppercased()) would be \(out.width)×\(out.height)\(format == .png ? " pixels" : ""), over the largest of 16384×16384"
                             + (format == .png ? " (it would need \(Limits.describeBytes(Int(Swift.min(bytes, 1e18))))); use a smaller --scale or --size" : "; use a smaller --size"))
            }
        }
    }
}
