import CairoRenderer
import GridFiles
import Landscapes
import Networks
import Plotting
@_spi(Internals) import SnapshotTesting
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
/// without `.swift`). A missing golden is written and the check fails with "recorded; re-run".
///
/// One switch records goldens and swift-snapshot-testing's snapshots alike: its record mode,
/// set around a test with `withSnapshotTesting(record: .all) { … }` or for a whole run with
/// `SNAPSHOT_TESTING_RECORD=all|missing|failed|never` (CI: `never`, so that a missing golden
/// fails). A recording check still fails, so that a recording run never passes by accident.
///
/// A pixel check that fails writes the expected, actual and difference images to the artifacts
/// folder (swift-snapshot-testing's `SNAPSHOT_ARTIFACTS`, else the temporary directory's
/// `landscape-artifacts`), and its message gives their paths.
///
/// Goldens are files SwiftPM should not treat as sources: exclude the folder in the test target,
/// `.testTarget(name: "MyTests", dependencies: […], exclude: ["__Goldens__"])`.
public enum Golden {
    /// When goldens are written: swift-snapshot-testing's record modes.
    public enum Recording: Sendable, Equatable {
        /// Only missing ones (the default).
        case missing
        /// Every one, replacing what is there.
        case all
        /// Those whose check fails, replaced by what the test made (and missing ones).
        case failed
        /// None: a missing golden is a failure.
        case never

        /// swift-snapshot-testing's record mode in force: `withSnapshotTesting(record:)` around
        /// the test, else `SNAPSHOT_TESTING_RECORD`, else ``missing``.
        public static var fromEnvironment: Recording {
            if let record = SnapshotTestingConfiguration.current?.record {
                switch record {
                case .all: return .all
                case .failed: return .failed
                case .never: return .never
                default: return .missing
                }
            }
            guard let value = getenv("SNAPSHOT_TESTING_RECORD").map({ String(cString: $0).lowercased() }) else { return .missing }
            switch value {
            case "all": return .all
            case "failed": return .failed
            case "never": return .never
            default: return .missing
            }
        }

        /// Whether a golden is written now: none exists, or every one is, or this one failed.
        func writes(existing: Bool, failed: Bool) -> Bool {
            switch self {
            case .all: true
            case .missing: !existing
            case .failed: !existing || failed
            case .never: false
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
        check(bytes: Array(actual.utf8), at: path, recording: recording) { golden in
            compare(String(decoding: golden, as: UTF8.self), actual)
        }
    }

    /// ``check(_:at:recording:compare:)`` for a binary golden (an `.npz`): `compare` gets the
    /// golden's bytes.
    public static func check(bytes actual: [UInt8], at path: String, recording: Recording,
                             compare: (_ golden: [UInt8]) -> String?) -> String? {
        let existing = readBytes(path)
        let difference = existing.flatMap { compare($0) }
        if recording.writes(existing: existing != nil, failed: difference != nil) {
            if let failure = record(actual, at: path) { return failure }
            return existing == nil ? "recorded a new golden at \(path); re-run" : recordedMessage(path, recording, difference)
        }
        guard existing != nil else { return "no golden at \(path) (record mode never); record it by running once without that" }
        return difference.map { "does not match the golden at \(path):\n\($0)" }
    }

    /// Writes a golden, making its folders; nil, or why it could not.
    static func record(_ bytes: [UInt8], at path: String) -> String? {
        do {
            try makeDirectories(FilePath.directory(of: path))
            try AtomicFile.write(bytes, to: path)
        } catch { return "could not record the golden: \(error)" }
        return nil
    }

    /// The message of a golden written over an existing one.
    static func recordedMessage(_ path: String, _ recording: Recording, _ difference: String?) -> String {
        recording == .failed ? "re-recorded the golden at \(path), which did not match (record mode failed); re-run:\n\(difference ?? "")"
            : "re-recorded the golden at \(path) (record mode all); re-run without it"
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

    /// Compares a run with its golden trajectory file (`TrajectoryFile` JSON): every position,
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

    /// Compares a run over a parameter vector with its golden (`TrajectoryFile/json(_:)-(VectorTrajectory)`):
    /// every loss, gradient norm and parameter within `rtol`/`atol`, the same step count and
    /// outcome. Nil when it matches, else one message naming the first step and parameter that
    /// drifted (`step 12: θ[7] drifts: …`).
    public static func check(_ run: VectorTrajectory, named name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Recording = .fromEnvironment, filePath: String) -> String? {
        check(TrajectoryFile.json(run), at: path(named: name, extension: "json", beside: filePath), recording: recording) { golden, _ in
            let expected: VectorTrajectory
            do { expected = try TrajectoryFile.read(vectorJSON: golden) } catch { return "the golden is not a vector run: \(error)" }
            let report = TrajectoryComparison(expected: expected, actual: run, rtol: rtol, atol: atol)
            return report.matches ? nil : report.description
        }
    }

    /// Compares a network session with its golden run file (`NetworkSession/json()`): the
    /// model, the initial parameters, and for each run its outcome, recorded steps, loss,
    /// accuracy and every parameter within `rtol`/`atol`. Nil when it matches, else one message
    /// naming the run, the training step and the parameter that drifted first.
    public static func check(_ session: NetworkSession, named name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Recording = .fromEnvironment, filePath: String) -> String? {
        check(session.json(), at: path(named: name, extension: "json", beside: filePath), recording: recording) { golden, _ in
            let expected: NetworkSession
            do { expected = try NetworkSession(json: golden, source: name) } catch { return "the golden is not a network run file: \(error)" }
            return compare(expected, session, rtol: rtol, atol: atol)
        }
    }

    /// Nil when two sessions match within the tolerances, else what differs first.
    public static func compare(_ expected: NetworkSession, _ actual: NetworkSession, rtol: Double, atol: Double) -> String? {
        guard expected.model.widths == actual.model.widths else {
            return "model: expected widths \(expected.model.widths), got \(actual.model.widths)"
        }
        let initial = TrajectoryComparison(expected: (0, .maxSteps), actual: (0, .maxSteps), steps: 1, rtol: rtol, atol: atol) { _, visit in
            for i in expected.initial.indices { visit("θ[\(i)]", expected.initial[i], actual.initial[i]) }
        }
        if let d = initial.firstMismatch { return "initial parameters: \(d.field) differs: expected \(TrajectoryFile.number(d.expected)), got \(TrajectoryFile.number(d.actual))" }
        guard expected.runs.count == actual.runs.count else { return "runs: expected \(expected.runs.count), got \(actual.runs.count)" }
        for (k, (e, a)) in zip(expected.runs, actual.runs).enumerated() {
            let name = "run \(k + 1) (\(a.label ?? a.optimizer))"
            let note = e.optimizer == a.optimizer ? "" : "\n(the golden's run is \(e.optimizer); this one is \(a.optimizer))"
            let common = min(e.records.count, a.records.count)
            if let j = (0..<common).first(where: { e.records[$0].step != a.records[$0].step }) {
                return "\(name): record \(j) is step \(a.records[j].step), expected step \(e.records[j].step)"
            }
            let report = TrajectoryComparison(expected: (e.records.last?.step ?? 0, e.outcome), actual: (a.records.last?.step ?? 0, a.outcome),
                                              steps: common, rtol: rtol, atol: atol) { j, visit in
                let x = e.records[j], y = a.records[j]
                for i in x.parameters.indices { visit("θ[\(i)]", x.parameters[i], y.parameters[i]) }
                visit("loss", x.loss, y.loss)
                if let ea = x.accuracy, let aa = y.accuracy { visit("accuracy", ea, aa) }
            }
            if report.matches && e.records.count == a.records.count {
                if note.isEmpty { continue }
                return "\(name): optimizer: expected \(e.optimizer), got \(a.optimizer)"
            }
            if let d = report.firstMismatch {
                func n(_ v: Double) -> String { TrajectoryFile.number(v) }
                return "\(name), step \(e.records[d.step].step): \(d.field) drifts: expected \(n(d.expected)), got \(n(d.actual)) "
                    + "(|Δ| = \(n(d.deviation)), rtol \(n(rtol)), atol \(n(atol)))" + note
            }
            if e.records.count != a.records.count { return "\(name): expected \(e.records.count) recorded steps, got \(a.records.count)" + note }
            return "\(name): \(report.description)" + note
        }
        return nil
    }

    /// Compares a sweep's cells with its golden (`SweepResult/csv()`): each cell's swept values,
    /// outcome and step count exactly, its final loss and distance within `rtol`/`atol`. Nil when
    /// it matches, else the first cell that differs, by its values (`cell lr=0.01, momentum=0.5:
    /// outcome: expected converged, got diverged`).
    public static func check(_ sweep: SweepResult, named name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Recording = .fromEnvironment, filePath: String) -> String? {
        let actual = sweep.csv()
        return check(actual, at: path(named: name, extension: "csv", beside: filePath), recording: recording) { golden, actual in
            let g = golden.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let a = actual.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard g.first == a.first else { return "columns: expected \(g.first?.joined(separator: ",") ?? "none"), got \(a.first?.joined(separator: ",") ?? "none")" }
            guard g.count == a.count else { return "cells: expected \(g.count - 1), got \(a.count - 1)" }
            let header = a[0]
            for k in 1..<a.count {
                let e = g[k], v = a[k]
                guard e.count == 6, v.count == 6 else { return "row \(k + 1) is not a sweep cell" }
                let cell = "cell \(header[0])=\(v[0]), \(header[1])=\(v[1])"
                func number(_ s: String) -> Double { s == "nan" ? .nan : s == "inf" ? .infinity : s == "-inf" ? -.infinity : Double(s) ?? .nan }
                if e[0] != v[0] || e[1] != v[1] { return "row \(k + 1): expected the cell \(header[0])=\(e[0]), \(header[1])=\(e[1]); got \(cell)" }
                if e[2] != v[2] { return "\(cell): outcome: expected \(e[2]), got \(v[2])" }
                if e[3] != v[3] { return "\(cell): steps: expected \(e[3]), got \(v[3])" }
                for (c, field) in [(4, "final loss"), (5, "distance")] {
                    let x = number(e[c]), y = number(v[c])
                    if !TrajectoryComparison.matches(x, y, rtol: rtol, atol: atol) {
                        return "\(cell): \(field) drifts: expected \(e[c]), got \(v[c]) (|Δ| = \(TrajectoryFile.number(abs(x - y))), rtol \(rtol), atol \(atol))"
                    }
                }
            }
            return nil
        }
    }

    /// Compares a grid of values with its golden `.npz` (members `x`, `y` and `values`, rows = y,
    /// as NumPy reads them: `np.load(path)["values"][j, i]`): the coordinates and every value
    /// within `rtol`/`atol`, NaN matching NaN. Nil when it matches, else the first value that
    /// differs, by its place (`value at x=0.5, y=-1 (i 12, j 3) drifts: …`) and how many differ.
    public static func check(_ grid: Grid, named name: String, rtol: Double = 1e-9, atol: Double = 1e-12,
                             recording: Recording = .fromEnvironment, filePath: String) -> String? {
        let xs = (0..<grid.nx).map(grid.x), ys = (0..<grid.ny).map(grid.y)
        let bytes = NumPyArray.npzBytes([("x", NumPyArray(xs)), ("y", NumPyArray(ys)), ("values", NumPyArray(shape: [grid.ny, grid.nx], values: grid.values))])
        return check(bytes: bytes, at: path(named: name, extension: "npz", beside: filePath), recording: recording) { golden in
            let members: [String: NumPyArray]
            do { members = Dictionary(try NumPyArray.members(npz: golden).map { ($0.name, $0.array) }, uniquingKeysWith: { a, _ in a }) } catch {
                return "the golden is not an .npz: \(error)"
            }
            guard let gx = members["x"], let gy = members["y"], let gv = members["values"] else { return "the golden lacks x, y or values" }
            guard gv.shape == [grid.ny, grid.nx], gx.values.count == grid.nx, gy.values.count == grid.ny else {
                return "shape: expected \(gv.shape.map(String.init).joined(separator: " × ")), got \(grid.ny) × \(grid.nx)"
            }
            func n(_ v: Double) -> String { TrajectoryFile.number(v) }
            for i in 0..<grid.nx where !TrajectoryComparison.matches(gx.values[i], xs[i], rtol: rtol, atol: atol) {
                return "x[\(i)]: expected \(n(gx.values[i])), got \(n(xs[i]))"
            }
            for j in 0..<grid.ny where !TrajectoryComparison.matches(gy.values[j], ys[j], rtol: rtol, atol: atol) {
                return "y[\(j)]: expected \(n(gy.values[j])), got \(n(ys[j]))"
            }
            var first: String?, count = 0
            for k in 0..<grid.values.count where !TrajectoryComparison.matches(gv.values[k], grid.values[k], rtol: rtol, atol: atol) {
                count += 1
                if first == nil {
                    let i = k % grid.nx, j = k / grid.nx
                    first = "value at x=\(n(xs[i])), y=\(n(ys[j])) (i \(i), j \(j)) drifts: expected \(n(gv.values[k])), got \(n(grid.values[k])) "
                        + "(|Δ| = \(n(abs(gv.values[k] - grid.values[k]))), rtol \(n(rtol)), atol \(n(atol)))"
                }
            }
            return first.map { $0 + "; \(count) of \(grid.values.count) values differ" }
        }
    }

    // MARK: Drawings

    /// A figure's drawing as text, one primitive a line, in drawing order: the kind, the colour,
    /// the style and the path with coordinates rounded to 1/8 unit. Text is measured with fixed
    /// metrics (`RecordingCanvas`), so the drawing does not depend on fonts, Cairo or the
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
    /// The message names what the first differing line draws (the panel and the part of it, such
    /// as `panel 1 (LandscapePanel), the path of 'GD lr=0.1'`).
    public static func check(drawing figure: Figure, named name: String, recording: Recording = .fromEnvironment, filePath: String) -> String? {
        let canvas = RecordingCanvas(width: figure.width, height: figure.height)
        figure.draw(on: canvas)
        return check(drawing(canvas.calls), at: path(named: name, extension: "drawing.txt", beside: filePath), recording: recording) { golden, actual in
            guard let difference = firstDifference(golden, actual) else { return nil }
            let line = firstDifferingLine(golden, actual) ?? 0
            return (canvas.part(ofCall: line).map { "in \($0): " } ?? "") + difference
        }
    }

    /// The index of the first line where two texts differ, or nil.
    static func firstDifferingLine(_ golden: String, _ actual: String) -> Int? {
        let a = golden.split(separator: "\n", omittingEmptySubsequences: false), b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        return (0..<max(a.count, b.count)).first { k in (k < a.count ? a[k] : "\u{0}") != (k < b.count ? b[k] : "\u{0}") }
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
        var difference: String?
        if let golden = existing {
            do {
                let rms = try rms(golden, png)
                if rms > tolerance {
                    difference = "the image differs from the golden at \(file): RMS \(rms == .infinity ? "∞ (the sizes differ)" : "\(rms)") levels (tolerance \(tolerance))"
                        + artifacts(expected: golden, actual: png, name: name, filePath: filePath)
                }
            } catch { difference = "the golden at \(file) is not a PNG: \(error)" }
        }
        if recording.writes(existing: existing != nil, failed: difference != nil) {
            if let failure = record(png, at: file) { return failure }
            return existing == nil ? "recorded a new golden at \(file); re-run" : recordedMessage(file, recording, difference)
        }
        guard existing != nil else { return "no golden at \(file) (record mode never); record it by running once without that" }
        return difference
    }

    // MARK: Failure images

    /// The folder where a failed check's images go for the test file `filePath`:
    /// `SNAPSHOT_ARTIFACTS/TESTFILE` (swift-snapshot-testing's setting), else
    /// `TMPDIR/landscape-artifacts/TESTFILE`.
    public static func artifactsDirectory(for filePath: String) -> String {
        let base = getenv("SNAPSHOT_ARTIFACTS").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? FilePath.join(getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp", "landscape-artifacts")
        return FilePath.join(base, FilePath.stem(of: filePath))
    }

    /// Writes `NAME.expected.png`, `NAME.actual.png` and (for images of one size)
    /// `NAME.diff.png` to the artifacts folder; the message's tail naming them.
    static func artifacts(expected: [UInt8], actual: [UInt8], name: String, filePath: String) -> String {
        let directory = artifactsDirectory(for: filePath)
        let base = FilePath.join(directory, name)
        do {
            try makeDirectories(directory)
            try AtomicFile.write(expected, to: base + ".expected.png")
            try AtomicFile.write(actual, to: base + ".actual.png")
            var written = [base + ".expected.png", base + ".actual.png"]
            if let diff = try differenceImage(expected, actual) {
                try AtomicFile.write(diff, to: base + ".diff.png")
                written.append(base + ".diff.png")
            } else {
                unlink(base + ".diff.png")  // (one from an earlier failure would mislead)
            }
            return "; expected, actual and difference images: " + written.joined(separator: ", ")
        } catch { return "; the failure images could not be written: \(error)" }
    }

    /// An image of where two PNGs differ: the expected image faint and grey, and every pixel that
    /// differs in red, the stronger the larger its largest channel difference; nil for images of
    /// different sizes.
    public static func differenceImage(_ expected: [UInt8], _ actual: [UInt8]) throws(RenderError) -> [UInt8]? {
        let a = try PNGFile.decode(expected), b = try PNGFile.decode(actual)
        guard a.width == b.width, a.height == b.height else { return nil }
        var out = [UInt8](repeating: 255, count: a.rgba.count)
        for k in Swift.stride(from: 0, to: a.rgba.count, by: 4) {
            // Over white, so that transparent figures compare as they show.
            func over(_ p: [UInt8], _ c: Int) -> Double { (Double(p[k + c]) * Double(p[k + 3]) + 255 * (255 - Double(p[k + 3]))) / 255 }
            let d = (0..<3).map { abs(over(a.rgba, $0) - over(b.rgba, $0)) }.max() ?? 0
            let grey = 0.299 * over(a.rgba, 0) + 0.587 * over(a.rgba, 1) + 0.114 * over(a.rgba, 2)
            let faint = 255 - 0.25 * (255 - grey)
            if d < 0.5 {
                (out[k], out[k + 1], out[k + 2]) = (UInt8(faint.rounded()), UInt8(faint.rounded()), UInt8(faint.rounded()))
            } else {
                let s = Swift.min(1, 0.35 + d / 96)
                (out[k], out[k + 1], out[k + 2]) = (UInt8((faint * (1 - s) + 220 * s).rounded()), UInt8((faint * (1 - s)).rounded()), UInt8((faint * (1 - s)).rounded()))
            }
        }
        return try PNGFile.encode(rgba: out, width: a.width, height: a.height)
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
