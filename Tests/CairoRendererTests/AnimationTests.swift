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
        let (_, still) = layout(figure)
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

    /// The APNG: frame count, plays, delays and sequence numbers as written; every frame, laid
    /// over the frames before it, is the frame drawn whole in one pass, pixel for pixel, and the
    /// last is the still figure.
    @Test(arguments: [Comparison.Layout.withLoss, .threeDContour])
    func apngDecodesToEveryFrame(_ layout: Comparison.Layout) throws {
        let figure = try race(layout: layout, width: layout == .threeDContour ? 900 : 640, height: 420)
        let animation = Animation(figure: figure, frames: 12, fps: 12, hold: 1, loop: 3)
        let apng = try AnimationWriter.apng(animation)
        let decoded = try APNGReader(apng)
        #expect(decoded.frameCount == 12 && decoded.plays == 3)
        #expect(decoded.delays.count == 12 && decoded.delays.dropLast().allSatisfy { $0 == 83 } && decoded.delays.last == 1083)
        #expect(decoded.sequenceOK)
        // Frames after the first store the rectangle where the paths went, not the whole canvas.
        let areas = decoded.rects.dropFirst().map { $0.width * $0.height }
        #expect(areas.allSatisfy { $0 < Int(figure.width * figure.height) }, "\(decoded.rects)")
        for k in [3, 7, 11] {
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
