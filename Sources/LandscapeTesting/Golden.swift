import CairoRenderer
import Landscapes
import Plotting
import Trajectories

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Golden files for other packages' tests: a run's path data, or a figure's drawing, compared
/// with a file committed beside the test.
///
/// Goldens live in `__Goldens__/TESTFILE/` next to the test file (`TESTFILE` is the file's name
/// without `.swift`). A missing golden is written and the check fails with "recorded; re-run";
/// `LANDSCAPE_RECORD=all` re-records every golden (and fails, so that a recording run never
/// passes by accident); `LANDSCAPE_RECORD=never` (for CI) fails on a missing golden instead.
public enum Golden {
    /// When goldens are written.
    public enum Recording: Sendable, Equatable {
        /// Only missing ones (the default).
        case missing
        /// Every one, replacing what is there.
        case all
        /// None: a missing golden is a failure.
        case never

        /// From `LANDSCAPE_RECORD` (`all`/`1`/`true`, `never`/`0`/`false`), else ``missing``.
        public static var fromEnvironment: Recording {
            guard let value = getenv("LANDSCAPE_RECORD").map({ String(cString: $0).lowercased() }) else { return .missing }
            switch value {
            case "all", "1", "true", "yes": return .all
            case "never", "0", "false", "no": return .never
            default: return .missing
            }
        }
    }

    /// The golden file for `name` beside the test file `filePath`.
    public static func path(named name: String, extension ext: String, beside filePath: String) -> String {
        let directory = FilePath.directory(of: filePath)
        let test = FilePath.stem(of: filePath)
        return FilePath.join(FilePath.join(FilePath.join(directory, "__Goldens__"), test), "\(name).\(ext)")
    }

    /// Compares `actual` text with the golden file, recording it as `recording` says; nil when it
    /// matches, else one message saying what went wrong. `compare` returns nil for a match or
    /// the reason they differ.
    public static func check(_ actual: String, at path: String, recording: Recording,
                             compare: (_ golden: String, _ actual: String) -> String?) -> String? {
        let existing = read(path)
        if recording == .all || (existing == nil && recording == .missing) {
            do {
                try makeDirectories(FilePath.directory(of: path))
                try AtomicFile.write(Array(actual.utf8), to: path)
            } catch { return "could not record the golden: \(error)" }
            return existing == nil ? "recorded a new golden at \(path); re-run" : "re-recorded the golden at \(path) (LANDSCAPE_RECORD=all); re-run without it"
        }
        guard let golden = existing else { return "no golden at \(path) (LANDSCAPE_RECORD=never); record it by running once without that" }
        return compare(golden, actual).map { "does not match the golden at \(path):\n\($0)" }
    }

    static func read(_ path: String) -> String? { readBytes(path).map { String(decoding: $0, as: UTF8.self) } }

    static func makeDirectories(_ path: String) throws(RenderError) {
        guard !path.isEmpty else { return }
        var current = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            current = current.isEmpty || current == "/" ? current + part : current + "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw .write(path: current, reason: String(cString: strerror(errno)))
            }
        }
    }

    // MARK: Path data

    /// Compares a run with its golden trajectory file (``TrajectoryFile`` JSON): every position,
    /// loss and gradient within `rtol`/`atol`, the same step count and outcome. Nil when it
    /// matches, else one message naming the first drifting step.
    public static func check(_ trajectory: Trajectory, named name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Recording = .fromEnvironment, filePath: String) -> String? {
        check(TrajectoryFile.json(trajectory), at: path(named: name, extension: "json", beside: filePath), recording: recording) { golden, _ in
            compare(golden: golden, actual: trajectory, rtol: rtol, atol: atol)
        }
    }

    /// Nil when the run matches the golden JSON within the tolerances, else the report.
    public static func compare(golden text: String, actual: Trajectory, rtol: Double, atol: Double) -> String? {
        let golden: Trajectory
        do { golden = try TrajectoryFile.read(json: text) } catch { return "the golden is not a trajectory file: \(error)" }
        let report = TrajectoryComparison(expected: golden, actual: actual, rtol: rtol, atol: atol)
        return report.matches ? nil : report.description
    }

    // MARK: Drawings

    /// A figure's drawing as text, one primitive a line, in drawing order: the kind, the colour,
    /// the style and the path with coordinates rounded to 1/8 unit. Text is measured with fixed
    /// metrics (``RecordingCanvas``), so the drawing does not depend on fonts, Cairo or the
    /// machine, as pixels do.
    public static func drawing(of figure: Figure) -> String {
        let canvas = RecordingCanvas(width: figure.width, height: figure.height)
        figure.draw(on: canvas)
        return drawing(canvas.calls)
    }

    /// Recorded calls as text (see ``drawing(of:)``).
    public static func drawing(_ calls: [RecordingCanvas.Call]) -> String {
        func n(_ v: Double) -> String {
            guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
            let r = (v * 8).rounded() / 8
            return r == r.rounded() ? String(Int(r)) : String(r)
        }
        func color(_ c: Color) -> String { c.hexString + (c.alpha < 1 ? "@\(n(c.alpha * 1000) )‰" : "") }
        func path(_ p: Path) -> String {
            p.elements.map { e -> String in
                switch e {
                case let .move(q): return "M\(n(q.x)),\(n(q.y))"
                case let .line(q): return "L\(n(q.x)),\(n(q.y))"
                case let .circle(c, r): return "C\(n(c.x)),\(n(c.y)),\(n(r))"
                case .close: return "Z"
                }
            }.joined(separator: " ")
        }
        var lines: [String] = []
        for call in calls {
            switch call {
            case let .fill(p, c, rule): lines.append("fill \(color(c)) \(rule == .evenOdd ? "evenodd" : "nonzero") \(path(p))")
            case let .stroke(p, s):
                lines.append("stroke \(color(s.color)) w\(n(s.width)) \(s.cap) \(s.join)\(s.dash.isEmpty ? "" : " dash" + s.dash.map(n).joined(separator: ",")) \(path(p))")
            case let .text(t, o, f, c, a): lines.append("text \(color(c)) \(n(f.size))\(f.weight == .bold ? "b" : "") \(n(o.x)),\(n(o.y)) \(n(a * 1000))mrad \(t)")
            case let .pushClip(r): lines.append("clip \(n(r.x)),\(n(r.y)) \(n(r.width))x\(n(r.height))")
            case .popClip: lines.append("unclip")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Compares a figure's drawing with its golden text (see ``drawing(of:)``). Nil when every
    /// line matches, else the first line that differs, both ways, and the line counts.
    public static func check(drawing figure: Figure, named name: String, recording: Recording = .fromEnvironment, filePath: String) -> String? {
        check(drawing(of: figure), at: path(named: name, extension: "drawing.txt", beside: filePath), recording: recording) { golden, actual in
            firstDifference(golden, actual)
        }
    }

    /// The first line where two texts differ, or nil.
    public static func firstDifference(_ golden: String, _ actual: String) -> String? {
        let a = golden.split(separator: "\n", omittingEmptySubsequences: false), b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for k in 0..<max(a.count, b.count) {
            let x = k < a.count ? String(a[k]) : "(nothing)", y = k < b.count ? String(b[k]) : "(nothing)"
            if x != y {
                func cut(_ s: String) -> String { s.count > 160 ? String(s.prefix(160)) + "…" : s }
                return "line \(k + 1) differs (golden \(a.count) lines, now \(b.count)):\n  golden: \(cut(x))\n  now:    \(cut(y))"
            }
        }
        return nil
    }

    // MARK: Pixels

    /// The root-mean-square difference of two PNG images' pixels, in levels of 255 over the RGB
    /// channels (the measure matplotlib's `compare_images` and pytest-mpl use); infinity when the
    /// sizes differ.
    public static func rms(_ a: [UInt8], _ b: [UInt8]) throws(RenderError) -> Double {
        let x = try RasterImage(png: a), y = try RasterImage(png: b)
        guard x.width == y.width, x.height == y.height else { return .infinity }
        var sum = 0.0
        for row in 0..<x.height {
            for column in 0..<x.width {
                let p = x.pixel(x: column, y: row), q = y.pixel(x: column, y: row)
                for (u, v) in [(p.red * p.alpha, q.red * q.alpha), (p.green * p.alpha, q.green * q.alpha), (p.blue * p.alpha, q.blue * q.alpha)] {
                    let d = (u - v) * 255
                    sum += d * d
                }
            }
        }
        return (sum / Double(3 * x.width * x.height)).squareRoot()
    }

    /// Compares a figure's PNG with its golden PNG by ``rms(_:_:)``: a match when the RMS is at
    /// most `tolerance` levels (2 by default, as pytest-mpl).
    public static func check(pixels figure: Figure, named name: String, tolerance: Double = 2, recording: Recording = .fromEnvironment,
                             filePath: String) -> String? {
        let file = path(named: name, extension: "png", beside: filePath)
        let png: [UInt8]
        do { png = try Renderer.render(figure, format: .png) } catch { return "could not draw the figure: \(error)" }
        let existing = readBytes(file)
        if recording == .all || (existing == nil && recording == .missing) {
            do {
                try makeDirectories(FilePath.directory(of: file))
                try AtomicFile.write(png, to: file)
            } catch { return "could not record the golden: \(error)" }
            return existing == nil ? "recorded a new golden at \(file); re-run" : "re-recorded the golden at \(file) (LANDSCAPE_RECORD=all); re-run without it"
        }
        guard let golden = existing else { return "no golden at \(file) (LANDSCAPE_RECORD=never); record it by running once without that" }
        do {
            let difference = try rms(golden, png)
            return difference <= tolerance ? nil : "the image differs from the golden at \(file): RMS \(difference) levels (tolerance \(tolerance))"
        } catch { return "the golden at \(file) is not a PNG: \(error)" }
    }

    static func readBytes(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count { break }
        }
        return bytes
    }
}
