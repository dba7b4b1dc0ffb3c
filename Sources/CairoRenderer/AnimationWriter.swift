import CCairo
import Dispatch
import Plotting

/// Animations as files. Each frame is drawn (recorded, with text measured as every format
/// measures it), and compared with the frame before: only the rectangle the differing drawing
/// operations cover is rasterized and stored, so the landscape behind the paths is rasterized
/// once. Frames are made in parallel, a batch at a time, so memory stays flat however many there
/// are.
///
/// ```swift
/// let race = Animation(figure: comparison.figure(), fps: 24)
/// try AtomicFile.write(try AnimationWriter.apng(race), to: "race.png")
/// ```
public enum AnimationWriter {
    /// Frames made at once (each holds its drawing until its rectangle is encoded).
    static let batch = 8

    /// One frame as stored: its rectangle, and the rectangle's pixels as compressed PNG rows.
    struct Piece {
        var rect: (x: Int, y: Int, width: Int, height: Int)
        var data: [UInt8]
    }

    /// An animated PNG (APNG): full colour and antialiasing, each frame the changed rectangle
    /// over the one before (`dispose_op` none, `blend_op` source), delays in milliseconds, played
    /// `loop` times (0: forever). Viewers without APNG show the first frame.
    public static func apng(_ animation: Animation, metadata: Renderer.Metadata? = nil) throws(RenderError) -> [UInt8] {
        let width = Int(animation.figure.width.rounded()), height = Int(animation.figure.height.rounded())
        guard (1...16384).contains(width), (1...16384).contains(height) else { throw .badSize(width: width, height: height) }
        let fonts: FontFaces
        switch FontFaces.shared {
        case let .success(loaded): fonts = loaded
        case let .failure(error): throw error
        }
        let pieces = try frames(animation, width: width, height: height, fonts: fonts)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]
        PNGEncoder.appendChunk("IHDR", header, to: &png)
        var control: [UInt8] = []
        control.appendBigEndian(UInt32(pieces.count))
        control.appendBigEndian(UInt32(Swift.max(0, animation.loop)))
        PNGEncoder.appendChunk("acTL", control, to: &png)
        var sequence: UInt32 = 0
        let delays = animation.delays
        for (k, piece) in pieces.enumerated() {
            var fc: [UInt8] = []
            fc.appendBigEndian(sequence)
            sequence += 1
            fc.appendBigEndian(UInt32(piece.rect.width))
            fc.appendBigEndian(UInt32(piece.rect.height))
            fc.appendBigEndian(UInt32(piece.rect.x))
            fc.appendBigEndian(UInt32(piece.rect.y))
            let milliseconds = Swift.min(65535, Swift.max(1, Int((delays[k] * 1000).rounded())))
            fc += [UInt8(milliseconds >> 8), UInt8(milliseconds & 0xff), 0x03, 0xE8]  // delay_num / 1000
            fc += [0, 0]  // dispose_op none, blend_op source
            PNGEncoder.appendChunk("fcTL", fc, to: &png)
            if k == 0 {
                PNGEncoder.appendChunk("IDAT", piece.data, to: &png)
            } else {
                var body: [UInt8] = []
                body.reserveCapacity(piece.data.count + 4)
                body.appendBigEndian(sequence)
                sequence += 1
                body += piece.data
                PNGEncoder.appendChunk("fdAT", body, to: &png)
            }
        }
        PNGEncoder.appendChunk("IEND", [], to: &png)
        return png
    }

    /// Every frame's changed rectangle, rasterized and compressed as a zlib stream of RGB rows.
    static func frames(_ animation: Animation, width: Int, height: Int, fonts: FontFaces) throws(RenderError) -> [Piece] {
        let count = animation.frameCount
        var pieces = [Piece?](repeating: nil, count: count)
        var previous: [RecordingCanvas.Call]?
        var start = 0
        while start < count {
            let end = Swift.min(count, start + batch), first = start
            // Record the batch's frames, in parallel.
            nonisolated(unsafe) var recorded = [[RecordingCanvas.Call]](repeating: [], count: end - start)
            nonisolated(unsafe) var failed = false
            recorded.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: end - start) { i in
                    guard let measurer = try? TextMeasurer(fonts: fonts) else {
                        failed = true
                        return
                    }
                    let recorder = MeasuredRecorder(width: Double(width), height: Double(height), measurer: measurer)
                    animation.frame(first + i).draw(on: recorder)
                    out[i] = recorder.recordedCalls
                }
            }
            if failed { throw .cairo("could not measure text") }
            // Each frame's rectangle against the frame before, rasterized and compressed in parallel.
            let before = previous
            nonisolated(unsafe) var made = [Piece?](repeating: nil, count: end - start)
            made.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: end - start) { i in
                    let calls = recorded[i]
                    let last = i == 0 ? before : recorded[i - 1]
                    let measurer = try? TextMeasurer(fonts: fonts)
                    let rect = last.map { changedRect(from: $0, to: calls, width: width, height: height, measurer: measurer) }
                        ?? (0, 0, width, height)
                    out[i] = piece(calls, rect: rect, fonts: fonts)
                }
            }
            for (i, p) in made.enumerated() {
                guard let p else { throw .cairo("could not rasterize frame \(start + i)") }
                pieces[start + i] = p
            }
            previous = recorded.last
            start = end
        }
        return pieces.compactMap { $0 }
    }

    /// The pixels that differ between two drawings lie in the boxes of the operations one has and
    /// the other has not, in drawing order (an operation in both, in the same order, paints the
    /// same pixels wherever neither drawing has a new operation under or over it). The union of
    /// those boxes, on whole pixels within the canvas; a 1×1 rectangle when nothing changed.
    static func changedRect(from old: [RecordingCanvas.Call], to new: [RecordingCanvas.Call], width: Int, height: Int,
                            measurer: TextMeasurer?) -> (x: Int, y: Int, width: Int, height: Int) {
        var lo = (x: Double.infinity, y: Double.infinity), hi = (x: -Double.infinity, y: -Double.infinity)
        func add(_ call: RecordingCanvas.Call) {
            guard let box = bounds(of: call, measurer: measurer) else {
                lo = (0, 0)
                hi = (Double(width), Double(height))
                return
            }
            lo = (Swift.min(lo.x, box.minX), Swift.min(lo.y, box.minY))
            hi = (Swift.max(hi.x, box.maxX), Swift.max(hi.y, box.maxY))
        }
        // Clips paint nothing: with the same clips in the same order, only what they clip counts.
        func isClip(_ call: RecordingCanvas.Call) -> Bool {
            if case .pushClip = call { return true }
            if case .popClip = call { return true }
            return false
        }
        let sameClips = old.filter(isClip) == new.filter(isClip)
        for change in new.difference(from: old) {
            switch change {
            case let .insert(_, call, _), let .remove(_, call, _):
                if sameClips && isClip(call) { continue }
                add(call)
            }
        }
        guard lo.x.isFinite, hi.x.isFinite else { return (0, 0, 1, 1) }
        let x0 = Swift.max(0, Int(lo.x.rounded(.down))), y0 = Swift.max(0, Int(lo.y.rounded(.down)))
        let x1 = Swift.min(width, Int(hi.x.rounded(.up))), y1 = Swift.min(height, Int(hi.y.rounded(.up)))
        guard x1 > x0, y1 > y0 else { return (0, 0, 1, 1) }
        return (x0, y0, x1 - x0, y1 - y0)
    }

    /// Where an operation can change pixels, with room for joins, caps, glyphs and antialiasing;
    /// nil for a clip, which can change what every later operation paints.
    static func bounds(of call: RecordingCanvas.Call, measurer: TextMeasurer?) -> Rect? {
        func extent(_ path: Path, margin: Double) -> Rect {
            var lo = Point(Double.infinity, Double.infinity), hi = Point(-Double.infinity, -Double.infinity)
            for element in path.elements {
                switch element {
                case let .move(p), let .line(p):
                    lo = Point(Swift.min(lo.x, p.x), Swift.min(lo.y, p.y))
                    hi = Point(Swift.max(hi.x, p.x), Swift.max(hi.y, p.y))
                case let .circle(c, r):
                    lo = Point(Swift.min(lo.x, c.x - abs(r)), Swift.min(lo.y, c.y - abs(r)))
                    hi = Point(Swift.max(hi.x, c.x + abs(r)), Swift.max(hi.y, c.y + abs(r)))
                case .close: break
                }
            }
            guard lo.x.isFinite, lo.y.isFinite, hi.x.isFinite, hi.y.isFinite else { return Rect(x: 0, y: 0, width: 0, height: 0) }
            return Rect(x: lo.x - margin, y: lo.y - margin, width: hi.x - lo.x + 2 * margin, height: hi.y - lo.y + 2 * margin)
        }
        switch call {
        case let .fill(path, _, _): return extent(path, margin: 2)
        case let .stroke(path, style):
            let half = style.width.isFinite ? abs(style.width) / 2 : 0
            return extent(path, margin: half * (style.join == .miter ? 10 : 1.5) + 2)
        case let .text(string, origin, font, _, angle):
            let advance = measurer?.measure(string, font: font).width ?? Double(string.unicodeScalars.count) * font.size
            let reach = advance + 2 * font.size
            if angle == 0 {
                return Rect(x: origin.x - font.size, y: origin.y - 1.5 * font.size, width: reach + font.size, height: 2.5 * font.size)
            }
            return Rect(x: origin.x - reach, y: origin.y - reach, width: 2 * reach, height: 2 * reach)
        case .pushClip, .popClip:
            return nil
        }
    }

    /// A frame's rectangle: every operation that reaches it replayed onto a surface of its size,
    /// the pixels as RGB rows with filter None, compressed as one zlib stream.
    static func piece(_ calls: [RecordingCanvas.Call], rect: (x: Int, y: Int, width: Int, height: Int), fonts: FontFaces) -> Piece? {
        guard let surface = CairoCanvas.mappedImageSurface(width: rect.width, height: rect.height) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard let context = CairoCanvas.makeContext(on: surface) else { return nil }
        defer { cairo_destroy(context) }
        // The surface's own bounds limit the drawing (an explicit clip makes Cairo take another
        // path for some fills, a few levels off at their edges).
        cairo_translate(context, -Double(rect.x), -Double(rect.y))
        let area = Rect(x: Double(rect.x), y: Double(rect.y), width: Double(rect.width), height: Double(rect.height))
        let painter = CairoCanvas.painter(context: context, fonts: fonts)
        for call in calls {
            if let box = bounds(of: call, measurer: nil), !box.intersects(area) { continue }
            painter(call)
        }
        cairo_surface_flush(surface)
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let result = PNGEncoder.deflateRows(0..<rect.height, rowBytes: rect.width * 3 + 1, last: true) { y, out in
            out[0] = 0
            PNGEncoder.rgb(UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self), rect.width, into: out + 1)
        }
        guard result.status == Z_OK else { return nil }
        var stream: [UInt8] = [0x78, 0x5E]
        stream.reserveCapacity(result.bytes.count + 6)
        stream += result.bytes
        stream.appendBigEndian(UInt32(truncatingIfNeeded: result.adler))
        return Piece(rect: rect, data: stream)
    }
}
