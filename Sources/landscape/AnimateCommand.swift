import ArgumentParser
import CairoRenderer
import Plotting

/// `landscape animate`: an optimizer race, the runs growing step by step to the still figure.
struct AnimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "animate",
        abstract: "Animate optimizer paths growing on a surface, as a GIF or an animated PNG.",
        discussion: """
            Takes the surface, optimizer, run and figure options of 'render'. Every run grows in step \
            with the others (steps spread evenly over the frames, so 10⁵ steps still play in a few \
            hundred frames), the current point marked, a counter at the top left; a run that has \
            ended stays where it ended with its outcome in the legend. The last frame is the still \
            figure 'render' draws, held for --hold seconds. Without --seconds or --frames the length \
            suits the runs: about 60 steps a second, 2 to 8 seconds.

            --out names the file, and its extension the format. A GIF (.gif) plays everywhere (chat, \
            email, every browser and docs site), in 255 colours taken from the figure itself, so flat \
            bands keep their colour exactly. An animated PNG (.png or .apng) keeps full colour; every \
            current browser plays it, and viewers without APNG show the first frame. Each frame \
            stores only the pixels that changed.

            Examples:
              $ landscape animate two-well --out race.gif
              $ landscape animate ravine --optimizer gd --optimizer momentum \\
                  --optimizer adam --layout with-loss --fps 30 --seconds 6 \\
                  --out ravine.apng
            """
    )

    @OptionGroup var figure: FigureOptions

    @Option(name: [.customShort("o"), .long], parsing: .unconditional, help: "The file to write: .gif, .png or .apng (an animated PNG), or .svg (animated with CSS).")
    var out: String?

    @OptionGroup var animation: AnimationOptions

    @Flag(name: .long, help: "Print nothing on standard error.")
    var quiet = false

    func run() throws {
        try Renderer.checkFontOrFail()
        guard let out else { throw CommandError.usage("animate needs --out FILE: .gif, .png (or .apng) or .svg") }
        guard let format = AnimationFormat(path: out) else {
            throw CommandError.usage("cannot animate into '\(out)': use a .gif, .png (or .apng) or .svg name")
        }
        let settings = try animation.settings(format: format, threeD: figure.layout.hasPrefix("3d"))
        guard figure.surface != nil || figure.expression.expr != nil || figure.gridFile != nil else {
            throw CommandError.usage("animate needs a surface (e.g. 'landscape animate two-well --out race.png'), --expr FORMULA or --grid-file FILE")
        }
        if figure.gridFile != nil && figure.pathFile.isEmpty {
            throw CommandError.usage("animate grows paths over the grid: give at least one --path-file")
        }
        var spec = try figure.figureSpec(try figure.chosenSurface(), out: out)
        guard spec.density == 1 else { throw CommandError.usage("--scale and --dpi set a still PNG's pixel density; an animation's pixels are its --size") }
        // Frames are images at their size: drawn at spacing 1, one pixel a point.
        spec.style.spacing = 1
        let job = try FigureJob(spec)
        try AtomicFile.checkDirectory(of: out)
        try job.checkAnimationWork(frames: settings.frames, fps: settings.fps)
        let animation = settings.animation(of: job.makeFigure())
        try AnimationOptions.check(animation, as: format)
        guard settings.orbit == 0 || animation.hasThreeDView else { throw CommandError.usage("--orbit turns a 3-D view, and this figure has none") }
        let bytes: [UInt8]
        do {
            bytes = try AnimationWriter.write(animation, as: format,
                                              metadata: .init(title: job.fileTitle, description: job.fileDescription, idPrefix: job.name))
        } catch { throw CommandError.failure(error.description) }
        try AtomicFile.write(bytes, to: out)
        if !quiet { try Console.line("wrote \(out) (\(animation.frameCount) frame\(animation.frameCount == 1 ? "" : "s"))") }
    }
}

/// The options of an animation (`animate` and `net animate`), checked.
struct AnimationOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Frames a second, 1 to 60.")
    var fps: String = "24"

    @Option(name: .long, parsing: .unconditional, help: "Length in seconds before the hold, 0.1 to 60 (default: about 60 steps a second, 2 to 8 s).")
    var seconds: String?

    @Option(name: .long, parsing: .unconditional, help: "Frames, 2 to 2000, instead of --seconds.")
    var frames: String?

    @Option(name: .long, parsing: .unconditional, help: "Seconds the last frame holds, 0 to 30.")
    var hold: String = "1.5"

    @Option(name: .long, parsing: .unconditional, help: "Times to play, 0 (forever) to 65535.")
    var loop: String = "0"

    @Option(name: .long, parsing: .unconditional, help: "With a 3-D layout: degrees the camera turns over the animation, ending at --azimuth (a turntable; -3600 to 3600).")
    var orbit: String?

    /// The checked values.
    struct Settings {
        var frames: Int?
        var fps: Double
        var hold: Double
        var loop: Int
        var orbit: Double

        func animation(of figure: Figure) -> Animation {
            Animation(figure: figure, frames: frames, fps: fps, hold: hold, loop: loop, orbit: orbit)
        }
    }

    /// Refuses, before any frame is drawn, an animation with nothing to grow or more pixels than
    /// a raster format allows (`Plotting/Animation/problem(raster:)`).
    static func check(_ animation: Animation, as format: AnimationFormat) throws(CommandError) {
        if let problem = animation.problem(raster: format != .svg) { throw .usage(problem) }
    }

    /// Checks every value; `threeD`: whether the layout has a 3-D view for --orbit to turn.
    func settings(format: AnimationFormat, threeD: Bool) throws(CommandError) -> Settings {
        let rate = try Arguments.finite(fps, option: "--fps")
        guard (1...60).contains(rate) else { throw CommandError.usage("--fps '\(fps)': expected frames a second from 1 to 60") }
        let holdSeconds = try Arguments.finite(hold, option: "--hold")
        guard (0...30).contains(holdSeconds) else { throw CommandError.usage("--hold '\(hold)': expected seconds from 0 to 30") }
        let plays = try Arguments.wholeNumber(loop, option: "--loop", in: 0...65535)
        if seconds != nil && frames != nil { throw CommandError.usage("give --seconds or --frames, not both") }
        var frameCount: Int?
        if let seconds {
            let s = try Arguments.finite(seconds, option: "--seconds")
            guard s >= 0.1 && s <= 60 else { throw CommandError.usage("--seconds '\(seconds)': expected seconds from 0.1 to 60") }
            frameCount = Swift.min(Animation.maximumFrames, Swift.max(2, Int((s * rate).rounded())))
        }
        if let frames { frameCount = try Arguments.wholeNumber(frames, option: "--frames", in: 2...Animation.maximumFrames) }
        var turn = 0.0
        if let orbit {
            turn = try Arguments.finite(orbit, option: "--orbit")
            guard abs(turn) <= 3600 else { throw CommandError.usage("--orbit '\(orbit)': expected degrees from -3600 to 3600") }
            guard turn == 0 || threeD else {
                throw CommandError.usage("--orbit turns a 3-D view: use --layout 3d, 3d+contour or 3d-side-by-side")
            }
            guard format != .svg || turn == 0 else {
                throw CommandError.usage("an animated SVG keeps its camera still: write an --orbit animation as .gif or .png")
            }
        }
        return Settings(frames: frameCount, fps: rate, hold: holdSeconds, loop: plays, orbit: turn)
    }
}
