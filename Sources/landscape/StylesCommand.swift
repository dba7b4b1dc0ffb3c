import ArgumentParser
import Landscapes
import Plotting

/// `landscape styles`: the built-in styles and the keys a style file may set; with a name or a
/// file, that style as a style file.
struct StylesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styles",
        abstract: "List the figure styles and the keys a style file may set.",
        discussion: """
            A style file (YAML) sets any of the keys below on top of a built-in style ('base'). \
            Sizes are in points (pixels in a PNG at --scale 1); colours are #RRGGBB or #RRGGBBAA in \
            quotes. 'landscape styles NAME' prints a style as a file to start from.

            Examples:
              $ landscape styles
              $ landscape styles dark > my-style.yaml
              $ landscape render ravine --style my-style.yaml --out ravine.png
              $ landscape render ravine --style paper --out ravine.pdf
            """
    )

    @Argument(help: "A built-in style or a style file to print as a style file.", completion: Completions.styles)
    var style: String?

    func run() throws {
        if let style {
            try Console.out(try StyleFile.style(style).fileText)
            return
        }
        var out = "Built-in styles (--style NAME, or 'style:' in a scene):\n"
        let width = Style.builtIn.map(\.name.count).max() ?? 0
        for s in Style.builtIn {
            out += "  " + s.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + s.summary + "\n"
        }
        out += "\nKeys of a style file (--style FILE.yaml), with the default style's values:\n"
        let keyWidth = Style.Key.allCases.map(\.rawValue.count).max() ?? 0
        for key in Style.Key.allCases {
            let value = Style.default.text(of: key)
            out += "  " + key.rawValue.padding(toLength: keyWidth + 2, withPad: " ", startingAt: 0) + key.summary
                + (key == .base || key == .palette ? "" : " (\(value))") + "\n"
        }
        try Console.out(out)
    }
}
