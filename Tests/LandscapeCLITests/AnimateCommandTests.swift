import Foundation
import Testing

/// `landscape animate`: an animated PNG of the race, and one-line errors for what cannot be.
@Suite struct AnimateCommandTests {
    /// The file is an APNG with the frames asked for, playing the times asked for, its delays
    /// those of the frame rate and the hold; without a length, a readable one.
    @Test func writesAnAnimatedPNG() throws {
        let directory = try temporaryDirectory()
        let out = directory.appendingPathComponent("race.apng").path
        let result = try run(["animate", "two-well", "--size", "500x400", "--grid", "80", "--frames", "12", "--fps", "10", "--hold", "2",
                              "--loop", "3", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "wrote \(out) (12 frames)\n")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR (8 + 25 bytes), then acTL: frames and plays.
        #expect(String(decoding: bytes[37..<41], as: UTF8.self) == "acTL" && u32(41) == 12 && u32(45) == 3)
        var delays: [Int] = []
        var i = 8
        while i + 8 <= bytes.count {
            let length = u32(i), type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            if type == "fcTL" { delays.append(Int(bytes[i + 28]) << 8 | Int(bytes[i + 29])) }
            i += 12 + length
        }
        #expect(delays == Array(repeating: 100, count: 11) + [2100])
        let auto = try run(["animate", "bowl", "--size", "480x360", "--grid", "60", "--quiet", "--out", directory.appendingPathComponent("b.png").path])
        #expect(auto.status == 0 && auto.stderr.isEmpty, "\(auto.stderr)")
    }

    /// `.gif` writes a GIF89a (decoded frame by frame in the renderer's tests): the loop block's
    /// repeats after the first play, and the trailer.
    @Test func writesAGIF() throws {
        let directory = try temporaryDirectory()
        let out = directory.appendingPathComponent("race.GIF").path
        let result = try run(["animate", "two-well", "--size", "500x400", "--grid", "80", "--frames", "6", "--loop", "4", "--quiet", "--out", out])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(Array(bytes[0..<6]) == Array("GIF89a".utf8) && bytes[6] == 244 && bytes[7] == 1 && bytes[8] == 144 && bytes[9] == 1)
        let loop = 13 + 768
        #expect(Array(bytes[loop..<(loop + 3)]) == [0x21, 0xFF, 0x0B] && String(decoding: bytes[(loop + 3)..<(loop + 14)], as: UTF8.self) == "NETSCAPE2.0")
        #expect(bytes[loop + 16] == 3 && bytes[loop + 17] == 0)
        #expect(bytes.last == 0x3B)
    }

    @Test(arguments: [
        (["animate", "two-well", "--fps", "0", "--out", "x.png"], "landscape: --fps '0': expected frames a second from 1 to 60\n"),
        (["animate", "two-well", "--seconds", "-1", "--out", "x.png"], "landscape: --seconds '-1': expected seconds from 0.1 to 60\n"),
        (["animate", "two-well", "--seconds", "2", "--frames", "40", "--out", "x.png"], "landscape: give --seconds or --frames, not both\n"),
        (["animate", "two-well", "--frames", "1", "--out", "x.png"], "landscape: --frames '1': expected a whole number from 2 to 2000\n"),
        (["animate", "two-well", "--out", "x.jpg"], "landscape: cannot animate into 'x.jpg': use a .gif, .png (or .apng) or .svg name\n"),
        (["animate", "two-well"], "landscape: animate needs --out FILE: .gif, .png (or .apng) or .svg\n"),
        (["animate", "parabola", "--layout", "3d", "--out", "x.png"], "landscape: figure 'x': parabola is a curve; use layout single, with-loss or with-curvature\n"),
        (["animate", "two-well", "--hold", "-1", "--out", "x.png"], "landscape: --hold '-1': expected seconds from 0 to 30\n"),
        (["animate", "two-well", "--orbit", "90", "--out", "x.png"], "landscape: --orbit turns a 3-D view: use --layout 3d, 3d+contour or 3d-side-by-side\n"),
        (["animate", "two-well", "--layout", "3d", "--orbit", "90", "--out", "x.svg"],
         "landscape: an animated SVG keeps its camera still: write an --orbit animation as .gif or .png\n"),
        (["animate", "two-well", "--layout", "3d", "--orbit", "1e9", "--out", "x.gif"], "landscape: --orbit '1e9': expected degrees from -3600 to 3600\n"),
        (["animate", "two-well", "--out", "x.svg", "--fps", "nan"], "landscape: --fps 'nan': expected a finite number\n"),
    ])
    func badRequestsGetOneLine(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments, in: try temporaryDirectory())
        #expect(result.status == 2)
        #expect(result.stderr == message)
        #expect(!FileManager.default.fileExists(atPath: "x.png"))
    }
}

/// Scene files' `animate:` key.
@Suite struct AnimateSceneTests {
    @Test func aSceneFigureBecomesAnAnimatedPNG() throws {
        let directory = try temporaryDirectory()
        try """
            name: race
            surface: bowl
            size: [480, 360]
            grid: 60
            animate: {fps: 12, frames: 6, hold: 1, loop: 2}
            formats: [gif, apng, svg]
            """.write(to: directory.appendingPathComponent("race.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", "race.yaml", "--out", "figures"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("figures").path)
        #expect(files.sorted() == ["race.gif", "race.png", "race.svg"])
        let svg = try String(contentsOf: directory.appendingPathComponent("figures/race.svg"), encoding: .utf8)
        #expect(svg.contains("<style>") && svg.contains("@keyframes race-a1{") && svg.contains(" 2 both}"))
        #expect([UInt8](try Data(contentsOf: directory.appendingPathComponent("figures/race.gif"))).starts(with: Array("GIF89a".utf8)))
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("figures/race.png")))
        #expect(String(decoding: bytes[37..<41], as: UTF8.self) == "acTL" && bytes[44] == 6 && bytes[48] == 2)
    }

    @Test(arguments: [
        ("animate: {fps: 0}", "'animate.fps' must be a number from 1 to 60"),
        ("animate: {seconds: 2, frames: 30}", "'animate' takes seconds or frames, not both"),
        ("animate: {speed: 2}", "unknown key 'animate.speed'"),
        ("animate: 5", "'animate' must be a mapping of fps, seconds or frames, hold, loop and orbit"),
        ("animate: {orbit: 90}", "'animate.orbit' turns a 3-D view: use layout 3d, 3d+contour or 3d-side-by-side"),
        ("layout: 3d\nanimate: {orbit: 90}\nformats: [svg]", "an animated SVG keeps its camera still"),
        ("animate: {fps: 10}\nformats: [pdf]", "unknown animation format 'pdf'; expected gif, png (or apng) or svg"),
        ("layout: loss\nsurfaces: [bowl, ravine]\nanimate: {fps: 10}", "'animate' goes with the paths of one surface"),
    ])
    func badAnimateKeys(_ extra: String, _ message: String) throws {
        let directory = try temporaryDirectory()
        let surface = extra.contains("surfaces:") ? "" : "surface: bowl\n"
        try "name: race\n\(surface)\(extra)\n".write(to: directory.appendingPathComponent("race.yaml"), atomically: true, encoding: .utf8)
        let result = try run(["render", "--scene", "race.yaml", "--out", "figures"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
