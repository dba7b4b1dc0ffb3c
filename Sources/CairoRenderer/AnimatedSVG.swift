import Dispatch
import Plotting

#if canImport(Glibc)
import Glibc
#endif

extension AnimationWriter {
    /// An animated SVG, self-contained, that plays where scripts never run (through `<img>` in a
    /// GitHub README) and shows the finished figure where nothing animates (a PDF converter, a
    /// viewer without CSS animations): the document is the still figure, and CSS keyframes take
    /// its parts back to where each frame has them.
    ///
    /// Every frame is drawn (recorded) and matched against the still figure's drawing, operation
    /// by operation:
    /// - what a frame draws as in the still figure is shown from the frames that have it;
    /// - a line that a frame draws only part of (a path, a loss curve growing) is the still
    ///   figure's line revealed by one animated `stroke-dashoffset`;
    /// - a set of marks a frame draws the first of (the step markers) is split where frames cut
    ///   it, each piece shown from its first frame;
    /// - what only frames draw: shapes drawn at a new place each frame (a run's current point) are
    ///   one element moved by a `translate`; text (the step counter, a running legend label) is
    ///   split into its glyphs, each shown while frames have it.
    ///
    /// So the background is written once and the file grows by a keyframe per path and frame, not
    /// by a drawing per frame. Everything changes at its frame, as in a GIF of the same
    /// animation.
    public static func svg(_ animation: Animation, metadata: Renderer.Metadata? = nil) throws(RenderError) -> [UInt8] {
        let (width, height, fonts) = try canvas(of: animation)
        let meta = metadata ?? Renderer.Metadata(animation.figure)
        guard let measurer = try? TextMeasurer(fonts: fonts) else { throw .cairo("could not measure text") }
        let stillRecorder = MeasuredRecorder(width: Double(width), height: Double(height), measurer: measurer)
        animation.figure.draw(on: stillRecorder)
        let still = stillRecorder.recordedCalls
        let glyphs = GlyphPlacer(fonts: fonts)
        var timeline = SVGTimeline(still: still, frameCount: animation.frameCount)
        // Every frame but the last (the still figure), a batch at a time: recorded and matched
        // in parallel, then added in order.
        let count = animation.frameCount - 1
        var start = 0
        while start < count {
            let end = Swift.min(count, start + batch), first = start
            nonisolated(unsafe) var matches = [SVGTimeline.FrameMatch?](repeating: nil, count: end - start)
            matches.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: end - start) { i in
                    guard let measurer = try? TextMeasurer(fonts: fonts) else { return }
                    let recorder = MeasuredRecorder(width: Double(width), height: Double(height), measurer: measurer)
                    animation.frame(first + i).draw(on: recorder)
                    out[i] = SVGTimeline.match(recorder.recordedCalls, against: still, glyphs: glyphs)
                }
            }
            for (i, match) in matches.enumerated() {
                guard let match else { throw .cairo("could not measure text") }
                timeline.add(match, frame: start + i)
            }
            start = end
        }
        let canvas = try SVGCanvas(width: width, height: height, idPrefix: meta.idPrefix)
        let style = timeline.write(on: canvas, delays: animation.delays, loop: animation.loop)
        return canvas.finish(title: meta.title, description: meta.description, style: style)
    }
}

/// Places a text's glyphs as SVG does (unhinted advances from the font files, no kerning), so
/// that text can be split into one call per glyph that draws exactly the same.
final class GlyphPlacer: Sendable {
    let outlines: GlyphOutlines

    init(fonts: FontFaces) { outlines = fonts.outlines }

    /// Each visible character of an unrotated text, as its own text call at its place.
    func split(_ string: String, at origin: Point, font: Font, color: Color) -> [RecordingCanvas.Call] {
        let slot = FontFaces.slot(font)
        let unitsPerEm = outlines.unitsPerEm(slot: slot)
        guard unitsPerEm > 0, font.size.isFinite, font.size > 0 else { return [] }
        let scale = font.size / Double(unitsPerEm)
        var calls: [RecordingCanvas.Call] = []
        var x = 0.0
        for scalar in string.unicodeScalars {
            let glyph = outlines.glyph(outlines.index(of: scalar, slot: slot), slot: slot)
            if !glyph.steps.isEmpty { calls.append(.text(String(scalar), Point(origin.x + x, origin.y), font, color, 0)) }
            x += Double(glyph.advance) * scale
        }
        return calls
    }
}

/// What each frame of an animation shows of the still figure's drawing, and what it draws
/// besides; written as the still figure with CSS keyframes.
struct SVGTimeline {
    typealias Call = RecordingCanvas.Call

    /// How a frame shows one of the still figure's operations.
    enum Shown: Equatable {
        case whole
        case none
        /// A line drawn to this length along the still figure's line.
        case length(Double)
        /// A set of marks drawn as far as this many of its subpaths.
        case subpaths(Int)
    }

    /// One frame matched against the still figure.
    struct FrameMatch {
        /// The still figure's operations the frame does not draw as they are (index, how).
        var partial: [(index: Int, shown: Shown)] = []
        /// What only the frame draws, each after the still operation it follows (−1: first):
        /// single calls, or a shape and the outlines drawn over it (a marker's fill and outline),
        /// which move together.
        var extra: [(after: Int, calls: [Call])] = []
    }

    /// Something only frames draw: in the frames that draw it, and where.
    struct Extra {
        var calls: [Call]
        var after: Int
        var frames: [Int]
        /// For a shape moved from frame to frame: its offset from `call` in each of `frames`.
        var offsets: [Point]?
    }

    let still: [Call]
    let frameCount: Int
    /// Per still operation that some frame shows differently: (frame, how), by frame.
    private var shown: [Int: [(frame: Int, shown: Shown)]] = [:]
    private var extras: [Extra] = []
    private var extraIndex: [[Call]: Int] = [:]

    init(still: [Call], frameCount: Int) {
        self.still = still
        self.frameCount = frameCount
    }

    // MARK: Matching

    /// Matches a frame's drawing against the still figure's: the operations both draw alike in
    /// order are shared; of the rest, a frame's line that begins as a still line does (same style)
    /// is that line drawn part way, a frame's marks that are the first subpaths of a still
    /// figure's are those drawn part way, and everything else the frame's own.
    static func match(_ frame: [Call], against still: [Call], glyphs: GlyphPlacer) -> FrameMatch {
        let difference = frame.difference(from: still)
        var removed = Set<Int>(), inserted: [Int: Call] = [:]
        for change in difference {
            switch change {
            case let .remove(offset, _, _): removed.insert(offset)
            case let .insert(offset, call, _): inserted[offset] = call
            }
        }
        // Walk both drawings together: each frame-only call follows the last still call passed.
        var result = FrameMatch()
        var used = Set<Int>()
        var i = 0, j = 0
        let removedInOrder = removed.sorted()
        while i < still.count || j < frame.count {
            if i < still.count && removed.contains(i) {
                i += 1
            } else if j < frame.count, let call = inserted[j] {
                if let (index, how) = partialMatch(call, removedInOrder, used: used, still: still) {
                    used.insert(index)
                    result.partial.append((index, how))
                } else if case let .text(string, origin, font, color, angle) = call, angle == 0 {
                    for glyph in glyphs.split(string, at: origin, font: font, color: color) { result.extra.append((i - 1, [glyph])) }
                } else if !call.isClip {
                    if let last = result.extra.last, last.after == i - 1, let previous = last.calls.last, case .stroke = call, previous.path != nil, previous.path == call.path {
                        result.extra[result.extra.count - 1].calls.append(call)
                    } else {
                        result.extra.append((i - 1, [call]))
                    }
                }
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
        for index in removedInOrder where !used.contains(index) { result.partial.append((index, .none)) }
        return result
    }

    /// The still operation (not yet matched) that a frame's call draws part of, and how much.
    static func partialMatch(_ call: Call, _ candidates: [Int], used: Set<Int>, still: [Call]) -> (Int, Shown)? {
        for index in candidates where !used.contains(index) {
            switch (call, still[index]) {
            case let (.stroke(part, style), .stroke(whole, wholeStyle)) where style == wholeStyle:
                if style.dash.isEmpty, let length = lengthAlong(whole, drawnAs: part) { return (index, .length(length)) }
                if let n = leadingSubpaths(part, of: whole) { return (index, .subpaths(n)) }
            case let (.fill(part, color, rule), .fill(whole, wholeColor, wholeRule)) where color == wholeColor && rule == wholeRule:
                if let n = leadingSubpaths(part, of: whole) { return (index, .subpaths(n)) }
            default: continue
            }
        }
        return nil
    }

    /// The points of a path that is one open polyline.
    static func polyline(_ path: Path) -> [Point]? {
        guard case let .move(first)? = path.elements.first else { return nil }
        var points = [first]
        for element in path.elements.dropFirst() {
            guard case let .line(p) = element else { return nil }
            points.append(p)
        }
        return points
    }

    static func length(_ points: [Point]) -> Double {
        zip(points, points.dropFirst()).reduce(0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) }
    }

    /// How far along the polyline `whole` the polyline `part` reaches, when `part` starts where
    /// `whole` does and ends on it (within a pixel): of the places it could end, the one nearest
    /// its own length along (both are simplified alike), so a path that crosses itself is not
    /// confused.
    static func lengthAlong(_ whole: Path, drawnAs part: Path) -> Double? {
        guard let w = polyline(whole), let p = polyline(part), let end = p.last else { return nil }
        guard hypot(w[0].x - p[0].x, w[0].y - p[0].y) < 0.01 else { return nil }
        let reach = length(p)
        var best: (miss: Double, along: Double)?
        var along = 0.0
        for (a, b) in zip(w, w.dropFirst()) {
            let segment = hypot(b.x - a.x, b.y - a.y)
            defer { along += segment }
            guard along <= reach * 1.05 + 2, along + segment >= reach * 0.8 - 2 else { continue }
            var t = 0.0
            if segment > 0 { t = Swift.max(0, Swift.min(1, ((end.x - a.x) * (b.x - a.x) + (end.y - a.y) * (b.y - a.y)) / (segment * segment))) }
            let d = hypot(a.x + t * (b.x - a.x) - end.x, a.y + t * (b.y - a.y) - end.y)
            guard d <= 1 else { continue }
            let at = along + t * segment
            if best == nil || abs(at - reach) < best!.miss - 1e-9 { best = (abs(at - reach), at) }
        }
        return best?.along
    }

    /// Where each subpath of a path begins (a move or a circle), and the end.
    static func subpathStarts(_ path: Path) -> [Int] {
        var starts: [Int] = []
        for (k, element) in path.elements.enumerated() {
            switch element {
            case .move, .circle: starts.append(k)
            case .line, .close: if starts.isEmpty { starts.append(k) }
            }
        }
        return starts + [path.elements.count]
    }

    /// How many subpaths of `whole` `part` is, when it is exactly the first of them.
    static func leadingSubpaths(_ part: Path, of whole: Path) -> Int? {
        guard part.elements.count < whole.elements.count, whole.elements.starts(with: part.elements) else { return nil }
        let starts = subpathStarts(whole)
        guard let n = starts.firstIndex(of: part.elements.count), n > 0 else { return nil }
        return n
    }

    // MARK: Frames

    mutating func add(_ match: FrameMatch, frame: Int) {
        for (index, how) in match.partial { shown[index, default: []].append((frame, how)) }
        for (after, calls) in match.extra {
            if let k = extraIndex[calls] {
                extras[k].frames.append(frame)
            } else {
                extraIndex[calls] = extras.count
                extras.append(Extra(calls: calls, after: after, frames: [frame]))
            }
        }
    }

    /// Shapes only frames draw, one a frame at a new place (a run's current point): one shape
    /// moved. Each is keyed by its paint and its geometry relative to its first point.
    static func moving(_ extras: [Extra]) -> [Extra] {
        var groups: [[Int]] = []
        var byShape: [[ShapeKey]: Int] = [:]
        var out: [Extra] = []
        for (k, extra) in extras.enumerated() {
            let keys = extra.calls.compactMap(ShapeKey.init)
            guard keys.count == extra.calls.count else { continue }
            let key = keys
            if let g = byShape[key] { groups[g].append(k) } else {
                byShape[key] = groups.count
                groups.append([k])
            }
        }
        var grouped = Set<Int>()
        for group in groups where group.count >= 3 {
            let frames = group.flatMap { extras[$0].frames }
            guard Set(frames).count == frames.count, let origin = extras[group[0]].calls[0].firstPoint else { continue }
            var moved = extras[group[0]]
            var pairs: [(frame: Int, offset: Point)] = []
            for k in group {
                guard let p = extras[k].calls[0].firstPoint else { continue }
                for f in extras[k].frames { pairs.append((f, Point(p.x - origin.x, p.y - origin.y))) }
            }
            pairs.sort { $0.frame < $1.frame }
            moved.frames = pairs.map(\.frame)
            moved.offsets = pairs.map(\.offset)
            out.append(moved)
            grouped.formUnion(group)
        }
        for (k, extra) in extras.enumerated() where !grouped.contains(k) { out.append(extra) }
        return out
    }

    /// A shape's paint and its elements relative to its first point, to 1/64 unit.
    struct ShapeKey: Hashable {
        var kind: Int
        var paint: [Double]
        var geometry: [Int]

        init?(_ call: Call) {
            let path: Path
            switch call {
            case let .fill(p, color, rule):
                kind = rule == .evenOdd ? 1 : 0
                paint = [color.red, color.green, color.blue, color.alpha]
                path = p
            case let .stroke(p, style):
                kind = 2
                paint = [style.color.red, style.color.green, style.color.blue, style.color.alpha, style.width] + style.dash
                path = p
            default: return nil
            }
            guard let origin = call.firstPoint else { return nil }
            func q(_ v: Double) -> Int { Int((v * 64).rounded()) }
            var geometry: [Int] = []
            for element in path.elements {
                switch element {
                case let .move(p): geometry += [0, q(p.x - origin.x), q(p.y - origin.y)]
                case let .line(p): geometry += [1, q(p.x - origin.x), q(p.y - origin.y)]
                case let .circle(c, r): geometry += [2, q(c.x - origin.x), q(c.y - origin.y), q(r)]
                case .close: geometry.append(3)
                }
            }
            self.geometry = geometry
        }
    }

    // MARK: Writing

    /// Draws the still figure on `canvas` with each animated part's class, and returns the style
    /// sheet: one rule and one `@keyframes` per distinct animation.
    func write(on canvas: SVGCanvas, delays: [Double], loop: Int) -> String {
        var sheet = Sheet(prefix: canvas.idPrefix, delays: delays, loop: loop)
        let placed = Self.moving(extras)
        var after: [Int: [Int]] = [:]
        for (k, e) in placed.enumerated() { after[e.after, default: []].append(k) }
        let last = frameCount - 1
        func drawExtras(after index: Int) {
            for k in after[index] ?? [] {
                let extra = placed[k]
                let frames = Set(extra.frames)
                var attributes = " opacity=\"0\""
                if let offsets = extra.offsets {
                    var at: [Int: Point] = [:]
                    for (f, o) in zip(extra.frames, offsets) { at[f] = o }
                    attributes += sheet.moving(frames: (0...last).map { at[$0] })
                } else {
                    attributes += sheet.presence((0...last).map { frames.contains($0) })
                }
                for call in extra.calls { draw(call, attributes: attributes, on: canvas) }
            }
        }
        drawExtras(after: -1)
        for (index, call) in still.enumerated() {
            if let changes = shown[index] {
                var byFrame = [Shown](repeating: .whole, count: frameCount)
                for (f, how) in changes { byFrame[f] = how }
                drawAnimated(call, byFrame, sheet: &sheet, on: canvas)
            } else {
                draw(call, attributes: "", on: canvas)
            }
            drawExtras(after: index)
        }
        return sheet.text
    }

    private func draw(_ call: Call, attributes: String, on canvas: SVGCanvas) {
        canvas.nextAttributes = attributes
        call.draw(on: canvas)
        canvas.nextAttributes = ""
    }

    /// A still operation that frames show in part or not at all.
    private func drawAnimated(_ call: Call, _ byFrame: [Shown], sheet: inout Sheet, on canvas: SVGCanvas) {
        let lengths = byFrame.compactMap { how -> Bool? in
            switch how {
            case .length: true
            case .subpaths: false
            case .whole, .none: nil
            }
        }
        if !lengths.isEmpty && lengths.allSatisfy({ $0 }), case let .stroke(path, style) = call, let points = Self.polyline(path) {
            // Revealed along its length: a dash as long as the line, moved along it.
            let total = Self.length(points)
            let dash = (total + 1).rounded(.up)
            // A line only grows: where a frame's end projects a hair behind the frame before's
            // (a converged run's last steps are a cluster of points), it stays.
            var offsets: [Double] = []
            for how in byFrame {
                let offset: Double
                switch how {
                case .whole, .subpaths: offset = dash - total
                case .none: offset = dash + style.width + 1
                case let .length(l): offset = dash - l
                }
                offsets.append(Swift.min(offset, offsets.last ?? offset))
            }
            let attributes = " stroke-dasharray=\"\(SVGNumber.text(dash)) \(SVGNumber.text(dash))\" stroke-dashoffset=\"\(SVGNumber.text(dash - total))\""
                + sheet.dashOffsets(offsets)
            draw(call, attributes: attributes, on: canvas)
            return
        }
        if !lengths.isEmpty && lengths.allSatisfy({ !$0 }) {
            // Split where frames cut it; each piece shown from the frames that reach it.
            let path: Path
            switch call {
            case let .fill(p, _, _), let .stroke(p, _): path = p
            default: return draw(call, attributes: sheet.presence(byFrame.map { $0 == .whole }), on: canvas)
            }
            let starts = Self.subpathStarts(path)
            let total = starts.count - 1
            let reached = byFrame.map { how -> Int in
                switch how {
                case .whole, .length: total
                case .none: 0
                case let .subpaths(n): n
                }
            }
            let cuts = Array(Set(reached + [0, total])).sorted()
            for (a, b) in zip(cuts, cuts.dropFirst()) where b > a {
                var piece = Path()
                piece.elements = Array(path.elements[starts[a]..<starts[b]])
                let attributes = sheet.presence(reached.map { $0 >= b })
                switch call {
                case let .fill(_, color, rule): draw(.fill(piece, color, rule), attributes: attributes, on: canvas)
                case let .stroke(_, style): draw(.stroke(piece, style), attributes: attributes, on: canvas)
                default: break
                }
            }
            return
        }
        // Shown whole or not at all (or a mix of part lines: shown where whole).
        draw(call, attributes: sheet.presence(byFrame.map { $0 == .whole }), on: canvas)
    }

    /// The style sheet: each distinct set of keyframes once, as a class.
    struct Sheet {
        let prefix: String
        /// Where each frame begins, in percent of the whole play.
        let percents: [Double]
        let duration: Double
        let iterations: String
        private(set) var text = ""
        private var classes: [String: Int] = [:]

        init(prefix: String, delays: [Double], loop: Int) {
            self.prefix = prefix
            let total = delays.reduce(0, +)
            duration = total
            var t = 0.0
            var percents: [Double] = []
            for d in delays {
                percents.append(total > 0 ? 100 * t / total : 0)
                t += d
            }
            self.percents = percents
            iterations = loop <= 0 ? "infinite" : String(Swift.min(loop, 65535))
        }

        /// ` class="…"` for keyframes (each `(percent, declarations)`), timed `timing`.
        mutating func use(_ frames: [(Double, String)], timing: String) -> String {
            var body = ""
            for (p, declarations) in frames { body += "\(SVGNumber.percent(p))%{\(declarations)}" }
            let key = timing + body
            let id: Int
            if let known = classes[key] {
                id = known
            } else {
                id = classes.count + 1
                classes[key] = id
                let name = "\(prefix)-a\(id)"
                text += ".\(name){animation:\(name) \(SVGNumber.text(duration))s \(timing) \(iterations) both}\n"
                text += "@keyframes \(name){\(body)}\n"
            }
            return " class=\"\(prefix)-a\(id)\""
        }

        /// Shown in the frames that are true, hidden in the others, switching at frames.
        mutating func presence(_ visible: [Bool]) -> String {
            guard visible.contains(false) else { return "" }
            var frames: [(Double, String)] = []
            var last: Bool?
            for (k, v) in visible.enumerated() where v != last {
                frames.append((percents[k], "opacity:\(v ? 1 : 0)"))
                last = v
            }
            return use(frames, timing: "step-end")
        }

        /// A dash offset per frame, changing at frames (as the frames of a GIF do: the line and
        /// the marker at its end move together); a keyframe only where it changes.
        mutating func dashOffsets(_ offsets: [Double]) -> String {
            var keyframes: [(Double, String)] = []
            var last: String?
            for (k, offset) in offsets.enumerated() {
                let value = "stroke-dashoffset:\(SVGNumber.text(offset))px"
                if value != last { keyframes.append((percents[k], value)) }
                last = value
            }
            return use(keyframes, timing: "step-end")
        }

        /// A shape moved by an offset in the frames that have one, hidden in the others, changing
        /// at frames; a keyframe only where it changes.
        mutating func moving(frames offsets: [Point?]) -> String {
            var keyframes: [(Double, String)] = []
            var last: String?
            for (k, offset) in offsets.enumerated() {
                let value = offset.map { "opacity:1;transform:translate(\(SVGNumber.text($0.x))px,\(SVGNumber.text($0.y))px)" } ?? "opacity:0"
                if value != last { keyframes.append((percents[k], value)) }
                last = value
            }
            return use(keyframes, timing: "step-end")
        }
    }
}

/// Numbers in an animated SVG's attributes and style sheet: short exact decimals.
enum SVGNumber {
    /// To 1/1000, without trailing zeros.
    static func text(_ v: Double) -> String {
        let scaled = (v * 1000).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else { return "0" }
        let n = Int(scaled)
        let sign = n < 0 ? "-" : ""
        let whole = abs(n) / 1000, fraction = abs(n) % 1000
        if fraction == 0 { return sign + String(whole) }
        var digits = String(fraction)
        while digits.count < 3 { digits = "0" + digits }
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + String(whole) + "." + digits
    }

    /// A percentage to 1/1000.
    static func percent(_ p: Double) -> String { text(Swift.max(0, Swift.min(100, p))) }
}

extension RecordingCanvas.Call {
    var isClip: Bool {
        switch self {
        case .pushClip, .popClip: true
        default: false
        }
    }

    /// A fill's or stroke's path.
    var path: Path? {
        switch self {
        case let .fill(p, _, _), let .stroke(p, _): p
        default: nil
        }
    }

    /// The first point of a shape's path.
    var firstPoint: Point? {
        let path: Path
        switch self {
        case let .fill(p, _, _), let .stroke(p, _): path = p
        default: return nil
        }
        switch path.elements.first {
        case let .move(p)?, let .line(p)?: return p
        case let .circle(c, _)?: return c
        default: return nil
        }
    }
}
