import ArgumentParser
import CairoRenderer
import Foundation
import Landscapes
import Plotting
import Trajectories

/// `landscape gallery`: every figure of the scene files in `Sources/landscape/Gallery/`, as PNG and
/// SVG, and `index.html` showing them all.
struct Gallery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Write the default gallery of figures (PNG and SVG) and an index page.",
        discussion: """
            The gallery is defined by scene files (Sources/landscape/Gallery/*.yaml): copy one, edit it \
            and draw it with 'landscape render --scene FILE'. Figures render in parallel; every file is \
            written through a temporary file and a rename, so an interrupted run leaves each file \
            complete, old or new.

            Example:
              $ landscape gallery --out output
              ██████████████████████████████ 84/84 files · 3.7 s
              $ landscape scenes show ravine > ravine.yaml
            """
    )

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The directory to write into (made if missing).")
    var out: String = "output"

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    @Option(name: .long, parsing: .unconditional, help: "Sample every landscape on an N×N grid instead of each figure's own (smaller is faster).")
    var grid: String?

    func run() throws {
        try Renderer.checkFontOrFail()
        let gridOverride = try grid.map { text throws(CommandError) in try Arguments.grid(text) }
        try AtomicFile.prepareDirectory(out)
        let scenes = try Self.sceneFiles()
        var jobs: [FigureJob] = []
        var sources: [String] = []
        for path in scenes {
            for spec in try Scene.load(path: path).figures {
                jobs.append(try FigureJob(spec, gridOverride: gridOverride))
                sources.append(path)
            }
        }
        let progress = Progress(files: jobs.reduce(0) { $0 + $1.formats.count } + 1, quiet: quiet)
        _ = try FigureWriter.write(jobs, into: out, progress: progress)
        let index = FilePath.join(out, "index.html")
        try AtomicFile.write(Array(Self.indexPage(jobs, scenes: sources).utf8), to: index)
        progress.wrote(index)
        try progress.finish()
    }

    /// The gallery's scene files, in name order.
    static func sceneFiles() throws(CommandError) -> [String] {
        guard let directory = Bundle.module.url(forResource: "Gallery", withExtension: nil)?.path,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw .failure("the gallery's scene files are missing from the installation (Gallery/*.yaml)")
        }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { FilePath.join(directory, $0) }
    }

    /// A page that shows every figure (SVG, with a link to the PNG), in gallery order, each with
    /// its description and the scene file that draws it (`scenes[k]`, the k-th job's file).
    static func indexPage(_ jobs: [FigureJob], scenes: [String] = []) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>landscape gallery</title>
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; padding: 0 1em; max-width: 1560px; color: #222; }
            figure { margin: 0 0 3em 0; }
            img { max-width: 100%; height: auto; border: 1px solid #ddd; box-sizing: border-box; }
            figcaption { margin-top: 0.4em; font-size: 0.95em; }
            figcaption p { margin: 0.3em 0; color: #444; }
            details pre { overflow-x: auto; background: #f6f6f6; padding: 0.6em; font-size: 0.85em; }
            </style>
            </head>
            <body>
            <h1>landscape gallery</h1>
            <p>Optimizers on loss surfaces, drawn by <code>landscape gallery</code>. Each figure is an SVG; the PNG is linked below it, and
            under it the commands that draw it again from its scene file, which <code>landscape scenes show NAME</code> prints (shown here too):
            edit the copy and render it.</p>

            """
        for (k, job) in jobs.enumerated() {
            let shown = ["svg", "png", "gif"].first(where: job.extensions.contains) ?? job.extensions.first ?? "png"
            let svg = "\(job.name).\(shown)"
            html += "<figure id=\"\(escape(job.name))\">\n"
            html += "<img src=\"\(escape(svg))\" alt=\"\(escape(job.fileDescription))\">\n"
            html += "<figcaption><strong>\(escape(job.name))</strong>: \(escape(job.caption))"
            for ext in job.extensions { html += " · <a href=\"\(escape(job.name)).\(ext)\">\(ext.uppercased())</a>" }
            html += "\n<p>\(escape(job.fileDescription))</p>"
            if k < scenes.count, let text = try? String(contentsOfFile: scenes[k], encoding: .utf8) {
                let name = ScenesCommand.sceneName(of: scenes[k])
                html += "\n<p><code>landscape scenes show \(escape(name)) &gt; \(escape(name)).yaml</code><br><code>landscape render --scene \(escape(name)).yaml --out figures/</code></p>"
                html += "\n<details><summary>The scene file \(escape(name)).yaml</summary>\n<pre>\(escape(text))</pre></details>"
            }
            html += "\n</figcaption>\n</figure>\n"
        }
        html += "</body>\n</html>\n"
        return html
    }
}

extension Renderer {
    static func checkFontOrFail() throws(CommandError) {
        do { try checkFont() } catch { throw .failure(error.description) }
    }
}
