import CCairo
import Landscapes
import Testing
import Trajectories
@testable import CairoRenderer
@testable import Plotting

/// Animations: the frame model, and the APNG decoded back frame by frame.
@Suite struct AnimationTests {
    func race(layout: Comparison.Layout = .withLoss, width: Double = 640, height: Double = 400, steps: Int = 300) throws -> Figure {
        let surface = try Surface(spec: "two-well")
        var c = Comparison(surface: surface, optimizers: try ["gd:lr=0.05", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"].map { try OptimizerConfiguration(spec: $0) },
                           start: [1.9, 1.2], stop: StopRule(maxSteps: steps, gradientNorm: 1e-6))
        c.gridSize = 120
        c.levelCount = 20
        c.layout = layout
        c.width = width
        c.height = height
        return c.figure()
    }

    /// Steps map onto frames evenly, from 0 to the longest run's last step; the last frame is the
    /// still figure and holds; short runs get no repeated frames; long ones a few hundred at most.
    @Test func framesMapStepsEvenly() throws {
        let figure = try race()
        let a = Animation(figure: figure, frames: 7, fps: 10, hold: 2)
        #expect(a.lastStep == 283)
        #expect(a.steps == [0, 47, 94, 142, 189, 236, 283])
        #expect(a.delays.count == 7 && a.delays[0] == 0.1 && abs(a.delays[6] - 2.1) < 1e-12)
        #expect(a.frame(6).corner == nil && a.frame(6).subtitle == figure.subtitle)
        #expect(a.frame(2).corner == "step 94 of 283" && a.frame(2).subtitle == figure.subtitle)
        #expect(Animation(figure: figure, fps: 24).frameCount == Animation.defaultFrames(steps: 283, fps: 24))
        #expect(Animation.defaultFrames(steps: 300, fps: 24) == 120)
        #expect(Animation.defaultFrames(steps: 100_000, fps: 24) == 192)
        #expect(Animation(figure: try race(steps: 4), frames: 50).frameCount == 5)
    }

    /// A frame draws each run up to its step, names a run that goes on without an outcome, counts
    /// the steps at the top left, and keeps the legend's box and the plots where the still figure
    /// has them.
    @Test func framesKeepTheLayout() throws {
        let figure = try race()
        let a = Animation(figure: figure, frames: 9)
        func layout(_ f: Figure) -> (RecordingCanvas, [[PanelLayout]]) {
            let canvas = RecordingCanvas(width: f.width, height: f.height)
            return (canvas, f.draw(on: canvas))
        }
        let (_, still) = layout(a.figure)
        // The title is clear of the counter here: the still figure is the one 'render' draws.
        #expect(layout(figure).1.map { $0.map(\.plot) } == still.map { $0.map(\.plot) })
        for k in 0..<a.frameCount {
            let (canvas, frame) = layout(a.frame(k))
            #expect(frame[0][0].legend == still[0][0].legend, "frame \(k)")
            #expect(frame[0][0].plot == still[0][0].plot && frame[0][1].plot == still[0][1].plot, "frame \(k)")
            if k < a.frameCount - 1 {
                // GD ends at step 140: named alone before, with its outcome after; the counter at the top left.
                let gd = a.steps[k] < 140 ? "GD lr=0.05" : "GD lr=0.05 · converged in 140 steps"
                #expect(canvas.texts.contains { $0.string == gd }, "frame \(k)")
                #expect(canvas.texts.contains { $0.string == "step \(a.steps[k]) of 283" && $0.box.minX == 12 })
            }
        }
    }

    /// A run that diverges: every frame draws its path only up to where it first leaves the view,
    /// as the still figure does (never the growing oscillation outside), and the loss axis
    /// reaches down to where the run started, however high it ends.
    @Test func divergingRunsGrowToTheStillFigure() throws {
        let surface = try Surface(spec: "ravine")
        var c = Comparison(surface: surface, optimizers: [try OptimizerConfiguration(spec: "gd:lr=0.05")], start: [-2.5, 1],
                           stop: StopRule(maxSteps: 300, gradientNorm: 1e-6))
        c.gridSize = 60
        c.layout = .withLoss
        c.width = 1000
        c.height = 300
        let figure = c.figure()
        let a = Animation(figure: figure, frames: 12)
        func lineElements(_ f: Figure) -> Int {
            let canvas = RecordingCanvas(width: f.width, height: f.height)
            f.draw(on: canvas)
            return canvas.calls.reduce(0) { n, call in
                guard case let .stroke(path, style) = call, style.width > 2, style.width < 3 else { return n }
                return n + path.elements.count
            }
        }
        let still = lineElements(a.figure)
        for k in 0..<a.frameCount { #expect(lineElements(a.frame(k)) <= still, "frame \(k)") }
        guard let loss = figure.panels.joined().compactMap({ $0 as? LossPanel }).first, let first = loss.series.first?.losses.first else {
            Issue.record("no loss panel")
            return
        }
        #expect(loss.ranges.lo <= first && loss.ranges.hi > 1e20, "\(loss.ranges)")
    }

    /// A title that would run into the step counter keeps clear of it, in every frame and the
    /// last alike (wrapped between the counter and its mirror); the layout stays as it is.
    @Test(arguments: [420.0, 560])
    func titlesKeepClearOfTheCounter(_ width: Double) throws {
        let a = Animation(figure: try race(layout: .single, width: width, height: 400), frames: 5)
        let (_, still) = { (f: Figure) -> (RecordingCanvas, [[PanelLayout]]) in
            let canvas = RecordingCanvas(width: f.width, height: f.height)
            return (canvas, f.draw(on: canvas))
        }(a.figure)
        for k in 0..<a.frameCount - 1 {
            let canvas = RecordingCanvas(width: a.figure.width, height: a.figure.height)
            let layout = a.frame(k).draw(on: canvas)
            #expect(layout.map { $0.map(\.plot) } == still.map { $0.map(\.plot) })
            guard let counter = canvas.texts.first(where: { $0.string.hasPrefix("step ") }) else {
                Issue.record("no counter")
                continue
            }
            // What shares the counter's rows: the title's first line.
            let title = canvas.texts.filter { $0.box.minY < counter.box.maxY && !$0.string.hasPrefix("step ") }
            #expect(title.allSatisfy { !$0.box.intersects(counter.box) && $0.box.minX >= counter.box.maxX + 6 },
                    "\(counter.box) \(title.map { ($0.string, $0.box) })")
            // Nothing else runs into it either, and the title is there, on one line.
            #expect(canvas.texts.allSatisfy { $0.string.hasPrefix("step ") || !$0.box.intersects(counter.box) })
            #expect(canvas.texts.contains { $0.string == a.figure.title })
        }
    }

    /// The APNG: frame count, plays, delays and sequence numbers as written; every frame, laid
    /// over the frames before it, is the frame drawn whole in one pass, pixel for pixel, and the
    /// last is the still figure.
    /// With a turning camera (the 3-D view at a new azimuth in every frame) as well.
    @Test(arguments: [(Comparison.Layout.withLoss, 0.0), (.threeDContour, 0), (.threeDContour, 120)])
    func apngDecodesToEveryFrame(_ layout: Comparison.Layout, _ orbit: Double) throws {
        let figure = try race(layout: layout, width: layout == .threeDContour ? 900 : 640, height: 420)
        let animation = Animation(figure: figure, frames: 12, fps: 12, hold: 1, loop: 3, orbit: orbit)
        let apng = try AnimationWriter.apng(animation)
        let decoded = try APNGReader(apng)
        #expect(decoded.frameCount == 12 && decoded.plays == 3)
        #expect(decoded.delays.count == 12 && decoded.delays.dropLast().allSatisfy { $0 == 83 } && decoded.delays.last == 1083)
        #expect(decoded.sequenceOK)
        // Frames after the first store the rectangle where the paths went, not the whole canvas
        // (but for the turning camera, the 3-D panel's).
        let areas = decoded.rects.dropFirst().map { $0.width * $0.height }
        if orbit == 0 {
            #expect(areas.allSatisfy { $0 < Int(figure.width * figure.height) }, "\(decoded.rects)")
        } else {
            #expect(decoded.rects.dropFirst().allSatisfy { $0.width >= Int(figure.width) / 3 }, "\(decoded.rects)")
        }
        for k in 0..<12 {
            let frame = animation.frame(k)
            // One pass over the whole canvas (no bands), as the frames' rectangles are drawn.
            let whole = try RasterImage(png: try Renderer.render(width: Int(frame.width), height: Int(frame.height), format: .png,
                                                                 metadata: sampleMetadata, bandHeight: 0) { frame.draw(on: $0) })
            let composed = decoded.composed[k]
            var differing = 0, worst = 0
            for y in 0..<whole.height {
                for x in 0..<whole.width {
                    let p = whole.pixel(x: x, y: y)
                    let q = composed[y * whole.width + x]
                    let d = max(abs(Int((p.red * 255).rounded()) - Int(q.0)), abs(Int((p.green * 255).rounded()) - Int(q.1)), abs(Int((p.blue * 255).rounded()) - Int(q.2)))
                    if d > 0 { differing += 1 }
                    worst = max(worst, d)
                }
            }
            var first = ""
            for y in 0..<whole.height where first.isEmpty {
                for x in 0..<whole.width {
                    let p = whole.pixel(x: x, y: y), q = composed[y * whole.width + x]
                    if abs(Int((p.red * 255).rounded()) - Int(q.0)) > 1 { first = "(\(x), \(y))"; break }
                }
            }
            #expect(differing == 0, "frame \(k): \(differing) pixels differ, by up to \(worst), first at \(first); rects \(decoded.rects)")
        }
        // Made twice, the same bytes.
        #expect(try AnimationWriter.apng(animation) == apng)
    }

    /// The GIF: frame count, loop and delays as written; every frame, laid over the frames before
    /// it, is the frame drawn whole with each pixel given its palette colour: exactly where the
    /// palette has the colour (flat bands, lines, text: no dither), else the nearest one.
    @Test(arguments: [Comparison.Layout.withLoss, .threeDContour])
    func gifDecodesToEveryFrame(_ layout: Comparison.Layout) throws {
        let figure = try race(layout: layout, width: layout == .threeDContour ? 900 : 640, height: 420)
        let animation = Animation(figure: figure, frames: 12, fps: 12, hold: 1, loop: 3)
        let gif = try AnimationWriter.gif(animation)
        let decoded = try GIFReader(gif)
        #expect(decoded.width == Int(figure.width) && decoded.height == Int(figure.height))
        #expect(decoded.rects.count == 12 && decoded.plays == 3)
        // 1/12 s is 8.33 hundredths: rounded as they add up, 8s and 9s that keep the rate.
        #expect(decoded.delays.dropLast().allSatisfy { $0 == 8 || $0 == 9 }, "\(decoded.delays)")
        #expect(decoded.delays.reduce(0, +) == 200, "\(decoded.delays)")
        #expect(decoded.rects.first.map { $0 == (0, 0, decoded.width, decoded.height) } == true)
        let areas = decoded.rects.dropFirst().map { $0.width * $0.height }
        #expect(areas.allSatisfy { $0 < Int(figure.width * figure.height) }, "\(decoded.rects)")
        func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
            let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
            return 3 * dr * dr + 4 * dg * dg + 2 * db * db
        }
        let colors = Set(decoded.palette.map { Int($0.0) << 16 | Int($0.1) << 8 | Int($0.2) })
        for k in [0, 5, 11] {
            let frame = animation.frame(k)
            let whole = try RasterImage(png: try Renderer.render(frame, format: .png))
            var exact = 0, wrong = 0, first = ""
            for y in 0..<whole.height {
                for x in 0..<whole.width {
                    let p = whole.pixel(x: x, y: y)
                    let c = (UInt8((p.red * 255).rounded()), UInt8((p.green * 255).rounded()), UInt8((p.blue * 255).rounded()))
                    let q = decoded.composed[k][y * whole.width + x]
                    let nearest = colors.contains(Int(c.0) << 16 | Int(c.1) << 8 | Int(c.2)) ? 0 : decoded.palette.dropLast().map { distance(c, $0) }.min() ?? 0
                    if nearest == 0 { exact += 1 }
                    if distance(c, q) != nearest {
                        wrong += 1
                        if first.isEmpty { first = "(\(x), \(y)): \(c) shown as \(q)" }
                    }
                }
            }
            #expect(wrong == 0, "frame \(k): \(wrong) pixels not their palette colour, first \(first)")
            // Most pixels keep their exact colour (a 3-D mesh coloured continuously and shaded has
            // thousands of colours; 256 hold about 89% of its pixels exactly).
            #expect(Double(exact) > 0.85 * Double(whole.width * whole.height), "frame \(k): \(exact) exact")
        }
        #expect(try AnimationWriter.gif(animation) == gif)
        // Once through: no loop block.
        let once = try GIFReader(try AnimationWriter.gif(Animation(figure: figure, frames: 3, fps: 12, hold: 0, loop: 1)))
        #expect(once.plays == 1 && once.rects.count == 3)
    }

    /// The animated SVG: the still figure at rest, and CSS keyframes that take it back through
    /// the frames. Checked by its structure: the style sheet's timing (the play's length, its
    /// loops, keyframes in order), every line revealed along its length only ever growing, from
    /// nothing at step 0 to whole at rest, the step counter's glyphs showing exactly that frame's
    /// text at its frame's time, and the size.
    @Test(arguments: [Comparison.Layout.withLoss, .threeDContour])
    func svgIsTheStillFigureTakenBackThroughTheFrames(_ layout: Comparison.Layout) throws {
        let figure = try race(layout: layout, width: layout == .threeDContour ? 900 : 640, height: 420)
        let animation = Animation(figure: figure, frames: 12, fps: 12, hold: 1, loop: 3)
        let bytes = try AnimationWriter.svg(animation)
        let svg = String(decoding: bytes, as: UTF8.self)
        let still = String(decoding: try Renderer.render(figure, format: .svg), as: UTF8.self)
        #expect(try AnimationWriter.svg(animation) == bytes)
        #expect(svg.count < 2 * still.count, "\(svg.count) bytes, the still figure \(still.count)")
        let sheet = try CSSSheet(svg)
        // 11 frames of 1/12 s and the last with a 1 s hold: 2 s, played 3 times.
        #expect(!sheet.rules.isEmpty && sheet.rules.values.allSatisfy { $0.duration == "2s" && $0.iterations == "3" })
        #expect(Set(sheet.rules.keys) == Set(sheet.keyframes.keys))
        for (name, frames) in sheet.keyframes {
            let percents = frames.map(\.percent)
            #expect(percents.first == 0 && zip(percents, percents.dropFirst()).allSatisfy { $0 < $1 } && percents.last! <= 100, "\(name)")
        }
        let elements = svg.split(separator: "\n").map(String.init).filter { $0.hasPrefix("<path") || $0.hasPrefix("<use") || $0.hasPrefix("<g") }
        let used = Set(elements.compactMap { CSSSheet.attribute("class", in: $0) })
        #expect(used == Set(sheet.rules.keys))
        // Lines revealed along their length: hidden at step 0, only growing, whole at rest.
        var lines = 0
        for element in elements {
            guard let dashes = CSSSheet.attribute("stroke-dasharray", in: element), let name = CSSSheet.attribute("class", in: element),
                  let rest = CSSSheet.attribute("stroke-dashoffset", in: element).flatMap(Double.init),
                  let dash = dashes.split(separator: " ").first.flatMap({ Double($0) }) else { continue }
            lines += 1
            let offsets = (sheet.keyframes[name] ?? []).compactMap { $0.declarations["stroke-dashoffset"].flatMap { Double($0.dropLast(2)) } }
            #expect(offsets.first.map { $0 >= dash } == true, "\(element.prefix(120)): \(offsets)")
            #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $1 <= $0 + 1e-9 }, "a line that shrinks: \(offsets)")
            #expect(rest > 0 && rest <= 2 && offsets.last.map { abs($0 - rest) < 0.5 } == true, "\(rest), \(offsets)")
        }
        // A path and its white casing for each of the 3 runs in the landscape (the 3-D view's
        // lines are cut where hills hide them), and a loss curve each in the loss panel.
        #expect(lines >= (layout == .withLoss ? 9 : 6), "\(lines) lines revealed")
        // The counter: at each frame's time, the glyphs shown at its baseline are that frame's.
        guard let fonts = try? FontFaces.shared.get(), let measurer = try? TextMeasurer(fonts: fonts) else { throw CSSSheet.Bad.parse("fonts") }
        let placer = GlyphPlacer(fonts: fonts)
        var start = 0.0
        for k in 0..<animation.frameCount {
            defer { start += animation.delays[k] }
            guard k < animation.frameCount - 1 else { break }
            let recorder = MeasuredRecorder(width: figure.width, height: figure.height, measurer: measurer)
            animation.frame(k).draw(on: recorder)
            guard let counter = recorder.recordedCalls.first(where: { if case let .text(t, _, _, _, _) = $0 { t.hasPrefix("step ") } else { false } }),
                  case let .text(text, origin, font, color, _) = counter else {
                Issue.record("frame \(k) has no counter")
                continue
            }
            #expect(text == "step \(animation.steps[k]) of \(animation.lastStep)")
            let expected = placer.split(text, at: origin, font: font, color: color).compactMap { call -> Double? in
                if case let .text(_, p, _, _, _) = call { (p.x * 8).rounded() / 8 } else { nil }
            }
            var shown: [Double] = []
            var group: String?
            for element in elements {
                if element.hasPrefix("<g") { group = element.contains("opacity=\"0\"") ? CSSSheet.attribute("class", in: element) : nil }
                guard element.hasPrefix("<use"), let group, CSSSheet.attribute("xlink:href", in: element)?.contains("glyph") == true,
                      let y = CSSSheet.attribute("y", in: element).flatMap(Double.init), abs(y - origin.y) < 0.2,
                      let x = CSSSheet.attribute("x", in: element).flatMap(Double.init) else { continue }
                if sheet.value("opacity", of: group, at: 100 * (start + 0.001) / 2) == "1" { shown.append(x) }
            }
            #expect(shown.sorted() == expected.sorted(), "frame \(k): glyphs at \(shown.sorted()), expected \(expected)")
        }
    }
}

/// Reads an APNG as a viewer does: its control chunks, and every frame composed over the last.
struct APNGReader {
    var width = 0, height = 0
    var frameCount = 0, plays = 0
    var delays: [Int] = []
    var rects: [(x: Int, y: Int, width: Int, height: Int)] = []
    var sequenceOK = true
    var composed: [[(UInt8, UInt8, UInt8)]] = []

    init(_ bytes: [UInt8]) throws {
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8
        var expected = 0
        var canvas: [(UInt8, UInt8, UInt8)] = []
        var current: (x: Int, y: Int, width: Int, height: Int)?
        var blendOver = false
        var channels = 3
        var data: [UInt8] = []
        func finishFrame() throws {
            guard let r = current else { return }
            let raw = try Self.inflate(data)
            let rowBytes = r.width * channels + 1
            guard raw.count == rowBytes * r.height else { throw APNGError.bad("frame data of \(raw.count) bytes for \(r)") }
            for y in 0..<r.height {
                guard raw[y * rowBytes] == 0 else { throw APNGError.bad("filter \(raw[y * rowBytes])") }
                for x in 0..<r.width {
                    let o = y * rowBytes + 1 + channels * x
                    // Over: a transparent pixel keeps what is under it (our frames are either
                    // transparent or opaque there).
                    if channels == 4 && blendOver && raw[o + 3] == 0 { continue }
                    canvas[(r.y + y) * width + r.x + x] = (raw[o], raw[o + 1], raw[o + 2])
                }
            }
            composed.append(canvas)
            current = nil
            data = []
        }
        while i + 8 <= bytes.count {
            let length = u32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let body = Array(bytes[(i + 8)..<(i + 8 + length)])
            func b32(_ k: Int) -> Int { Int(body[k]) << 24 | Int(body[k + 1]) << 16 | Int(body[k + 2]) << 8 | Int(body[k + 3]) }
            switch type {
            case "IHDR":
                width = b32(0)
                height = b32(4)
                channels = body[9] == 6 ? 4 : 3
                canvas = Array(repeating: (0, 0, 0), count: width * height)
            case "acTL":
                frameCount = b32(0)
                plays = b32(4)
            case "fcTL":
                try finishFrame()
                if b32(0) != expected { sequenceOK = false }
                expected += 1
                let r = (x: b32(12), y: b32(16), width: b32(4), height: b32(8))
                rects.append(r)
                current = r
                blendOver = body[25] == 1
                let num = Int(body[20]) << 8 | Int(body[21]), den = Int(body[22]) << 8 | Int(body[23])
                delays.append(num * 1000 / max(1, den))
            case "IDAT": data += body
            case "fdAT":
                if b32(0) != expected { sequenceOK = false }
                expected += 1
                data += body[4...]
            default: break
            }
            i += 12 + length
        }
        try finishFrame()
    }

    enum APNGError: Error { case bad(String) }

    static func inflate(_ data: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw APNGError.bad("inflateInit") }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var input = data
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = CCairo.inflate(&stream, Z_NO_FLUSH)
                    out += outBuffer[0..<(outBuffer.count - Int(stream.avail_out))]
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw APNGError.bad("inflate \(status)") }
        return out
    }
}

/// Reads a GIF as a viewer does: the global palette, the loop block, each frame's delay and
/// transparent index, its LZW data decoded, and every frame composed over the one before.
struct GIFReader {
    var width = 0, height = 0
    var palette: [(UInt8, UInt8, UInt8)] = []
    /// Plays (0: forever), from the NETSCAPE2.0 block's repeats; 1 without the block.
    var plays = 1
    var delays: [Int] = []
    var rects: [(x: Int, y: Int, width: Int, height: Int)] = []
    var composed: [[(UInt8, UInt8, UInt8)]] = []

    enum GIFError: Error { case bad(String) }

    init(_ bytes: [UInt8]) throws {
        guard bytes.count > 13 + 768, Array(bytes[0..<6]) == Array("GIF89a".utf8) else { throw GIFError.bad("header") }
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        width = u16(6)
        height = u16(8)
        guard bytes[10] & 0x80 != 0 else { throw GIFError.bad("no global palette") }
        let entries = 2 << Int(bytes[10] & 7)
        for k in 0..<entries { palette.append((bytes[13 + 3 * k], bytes[14 + 3 * k], bytes[15 + 3 * k])) }
        var i = 13 + 3 * entries
        var canvas = [(UInt8, UInt8, UInt8)](repeating: (0, 0, 0), count: width * height)
        var transparent: Int?
        func subBlocks() -> [UInt8] {
            var data: [UInt8] = []
            while bytes[i] != 0 {
                let n = Int(bytes[i])
                data += bytes[(i + 1)...(i + n)]
                i += n + 1
            }
            i += 1
            return data
        }
        while i < bytes.count {
            switch bytes[i] {
            case 0x21:
                let label = bytes[i + 1]
                i += 2
                if label == 0xF9 {
                    guard bytes[i] == 4 else { throw GIFError.bad("graphic control size") }
                    delays.append(u16(i + 2))
                    transparent = bytes[i + 1] & 1 != 0 ? Int(bytes[i + 4]) : nil
                    i += 6
                } else if label == 0xFF {
                    let data = subBlocks()
                    if data.count == 14, String(decoding: data[0..<11], as: UTF8.self) == "NETSCAPE2.0" {
                        let repeats = Int(data[12]) | Int(data[13]) << 8
                        plays = repeats == 0 ? 0 : repeats + 1
                    }
                } else {
                    _ = subBlocks()
                }
            case 0x2C:
                let r = (x: u16(i + 1), y: u16(i + 3), width: u16(i + 5), height: u16(i + 7))
                guard bytes[i + 9] & 0xC0 == 0 else { throw GIFError.bad("local palette or interlace") }
                guard r.x + r.width <= width, r.y + r.height <= height else { throw GIFError.bad("frame \(r) outside the screen") }
                rects.append(r)
                let minimum = Int(bytes[i + 10])
                i += 11
                let indices = try Self.decode(subBlocks(), minimumCodeSize: minimum, count: r.width * r.height)
                for y in 0..<r.height {
                    for x in 0..<r.width {
                        let index = Int(indices[y * r.width + x])
                        if index == transparent { continue }
                        canvas[(r.y + y) * width + r.x + x] = palette[index]
                    }
                }
                composed.append(canvas)
            case 0x3B: return
            default: throw GIFError.bad("block \(bytes[i]) at \(i)")
            }
        }
        throw GIFError.bad("no trailer")
    }

    /// LZW as GIF decoders do it: codes widen when the table reaches the next power of two.
    static func decode(_ data: [UInt8], minimumCodeSize: Int, count: Int) throws -> [UInt8] {
        let clear = 1 << minimumCodeSize, end = clear + 1
        var codeSize = minimumCodeSize + 1
        var table: [[UInt8]] = (0..<clear).map { [UInt8($0)] } + [[], []]
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var bitPosition = 0
        var previous: [UInt8]?
        while true {
            guard bitPosition + codeSize <= data.count * 8 else { throw GIFError.bad("data ends without an end code") }
            var code = 0
            for b in 0..<codeSize {
                let p = bitPosition + b
                code |= Int(data[p >> 3] >> (p & 7) & 1) << b
            }
            bitPosition += codeSize
            if code == clear {
                table.removeSubrange((clear + 2)...)
                codeSize = minimumCodeSize + 1
                previous = nil
                continue
            }
            if code == end { break }
            let entry: [UInt8]
            if code < table.count {
                entry = table[code]
            } else if code == table.count, let previous {
                entry = previous + [previous[0]]
            } else {
                throw GIFError.bad("code \(code) past the table (\(table.count))")
            }
            out += entry
            if let previous, table.count < 4096 {
                table.append(previous + [entry[0]])
                if table.count == 1 << codeSize && codeSize < 12 { codeSize += 1 }
            }
            previous = entry
        }
        guard out.count == count else { throw GIFError.bad("\(out.count) indices for \(count) pixels") }
        return out
    }
}

/// The style sheet of an animated SVG: `.NAME{animation:NAME DURATION TIMING ITERATIONS both}`
/// rules and their `@keyframes`.
struct CSSSheet {
    struct Rule { var duration: String, timing: String, iterations: String }
    struct Keyframe { var percent: Double, declarations: [String: String] }
    enum Bad: Error { case parse(String) }

    var rules: [String: Rule] = [:]
    var keyframes: [String: [Keyframe]] = [:]

    init(_ svg: String) throws {
        guard let open = svg.range(of: "<style>\n"), let close = svg.range(of: "</style>") else { throw Bad.parse("no style sheet") }
        for line in svg[open.upperBound..<close.lowerBound].split(separator: "\n") {
            if line.hasPrefix("@keyframes ") {
                let body = line.dropFirst("@keyframes ".count)
                guard let brace = body.firstIndex(of: "{") else { throw Bad.parse(String(line)) }
                var frames: [Keyframe] = []
                for part in body[body.index(after: brace)...].dropLast(2).split(separator: "}") {
                    let pieces = part.split(separator: "{")
                    guard pieces.count == 2, pieces[0].hasSuffix("%"), let percent = Double(pieces[0].dropLast()) else { throw Bad.parse(String(part)) }
                    var declarations: [String: String] = [:]
                    for d in pieces[1].split(separator: ";") {
                        let kv = d.split(separator: ":", maxSplits: 1)
                        guard kv.count == 2 else { throw Bad.parse(String(d)) }
                        declarations[String(kv[0])] = String(kv[1])
                    }
                    frames.append(Keyframe(percent: percent, declarations: declarations))
                }
                keyframes[String(body[..<brace])] = frames
            } else if line.hasPrefix("."), let brace = line.firstIndex(of: "{") {
                let name = String(line[line.index(after: line.startIndex)..<brace])
                let words = line[line.index(after: brace)...].dropLast().split(separator: " ")
                guard words.count == 5, words[0] == "animation:\(name)", words[4] == "both" else { throw Bad.parse(String(line)) }
                rules[name] = Rule(duration: String(words[1]), timing: String(words[2]), iterations: String(words[3]))
            } else {
                throw Bad.parse(String(line))
            }
        }
    }

    /// A property's value under a class at a percent of the play, stepping at keyframes.
    func value(_ property: String, of name: String, at percent: Double) -> String? {
        keyframes[name]?.last { $0.percent <= percent && $0.declarations[property] != nil }?.declarations[property]
    }

    static func attribute(_ name: String, in element: String) -> String? {
        guard let r = element.range(of: " \(name)=\"") else { return nil }
        return element[r.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }
}
