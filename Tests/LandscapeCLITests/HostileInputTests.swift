import Foundation
import Testing

/// Issue 26's families at the command line: extreme magnitudes draw, work past the limits is
/// refused in one line before it starts, and nothing is left behind.
@Suite struct HostileInputTests {
    /// Values near ±1.7e308, subnormal ranges and angles of 1e308 draw (they once trapped in the
    /// tick picker, the 3-D box and the rasterizer).
    @Test(arguments: [
        ["render", "--expr", "1.7e308*(1 - 2*exp(-100*(x^2+y^2)))", "--grid", "60", "--out", "a.svg"],
        ["render", "--expr", "1.7e308*(1 - 2*exp(-100*(x^2+y^2)))", "--grid", "60", "--layout", "3d+contour", "--mesh", "12", "--out", "a.png"],
        ["render", "--expr", "1e-320*(x^2+y^2)", "--grid", "60", "--layout", "3d+contour", "--mesh", "12", "--out", "a.png"],
        ["render", "bowl", "--optimizer", "gd", "--grid", "60", "--layout", "3d", "--mesh", "12", "--azimuth", "1e308", "--out", "a.png"],
        ["render", "bowl", "--optimizer", "gd", "--grid", "60", "--layout", "3d", "--mesh", "12", "--z-range", "-1e308,1e308", "--out", "a.png"],
        // GD diverges on its first step (it once crashed).
        ["animate", "--expr", "1.7e308*(1 - 2*exp(-100*(x^2+y^2)))", "--optimizer", "gd:lr=0.1", "--grid", "40", "--out", "a.gif"],
    ])
    func extremeMagnitudesDraw(_ arguments: [String]) throws {
        let result = try run(arguments, in: try temporaryDirectory())
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: [
        (["animate", "bowl", "--optimizer", "gd", "--size", "8000x8000", "--out", "x.gif"],
         "landscape: a 8000×8000 frame has 6.4·10⁷ pixels; an animated GIF or PNG has at most 1.6·10⁷ a frame (4000×4000): use a smaller --size, or write .svg\n"),
        (["animate", "bowl", "--optimizer", "gd", "--steps", "0", "--out", "x.gif"],
         "landscape: nothing to animate: the runs take no step (an animation needs at least 2 frames)\n"),
        (["sweep", "sincos", "--optimizer", "sgd", "--cells", "1000x1000", "--steps", "200", "--lr", "0.001:0.1", "--momentum", "0:0.9", "--out", "x.png"],
         "landscape: figure 'x': 1000×1000 cells × 200 steps = 2·10⁸ steps, over the sweep limit of 4·10⁷ for a stochastic optimizer (about 20 s on two cores); use fewer cells or steps\n"),
        (["animate", "sincos", "--optimizer", "sgd", "--seeds", "1000", "--steps", "20000", "--out", "x.gif"],
         "landscape: figure 'x': 1000 seeds × 20000 steps drawn in each of 192 frames is 3.8·10⁹ points, over the animation limit of 10⁷ (about 15 s); use fewer seeds, steps or frames\n"),
        (["trace", "sincos", "--optimizer", "sgd:batch=0"],
         "landscape: bad value '0' for 'batch' of optimizer 'sgd': expected a whole number ≥ 1 for sgd (samples per step; for the full batch use gd)\n"),
        (["render", "bowl", "--title", "a\u{1B}[2Jb\nc", "--size", "10x10", "--out", "x.png"],
         "landscape: --size '10x10': width and height must be from 100 to 8000\n"),
    ])
    func workPastTheLimitsIsRefused(_ arguments: [String], _ message: String) throws {
        let directory = try temporaryDirectory()
        let result = try run(arguments, in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == message)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// A command line of thousands of arguments is refused before the parser sees it (the
    /// parser's work grew with the square of the count).
    @Test func argumentsPastTheLimit() throws {
        let levels = (0..<2100).flatMap { ["--level", "\($0)"] }
        let result = try run(["contours", "bowl"] + levels)
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: 4202 arguments; at most 2000 (a command needs a few hundred at most)\n")
    }

    /// Text from a file or an argument reaches the terminal escaped, on one line.
    @Test func controlCharactersAreEscaped() throws {
        let result = try run(["render", "--grid-file", "no\u{1B}[2Jsuch\nfile.npy", "--out", "x.png"], in: try temporaryDirectory())
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("landscape: no\\u{1B}[2Jsuch\\nfile.npy: "), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }
}
