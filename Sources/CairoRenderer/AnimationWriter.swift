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

    /// One frame as stored: its rectangle, and the rectangle's pixels as compressed RGBA rows.
    struct Piece {
        var rect: (x: Int, y: Int, width: Int, height: Int)
        var data: [UInt8]
    }

    /// The animation's size in pixels (checked) and the fonts it is drawn with.
    static func canvas(of animation: Animation) throws(RenderError) -> (width: Int, height: Int, fonts: FontFaces) {
        let w = animation.figure.width.rounded(), h = animation.figure.height.rounded()
        guard w >= 1 && w <= 16384 && h >= 1 && h <= 16384 else {
            throw .badSize(width: w.isFinite ? Int(Swift.max(-1e9, Swift.min(1e9, w))) : 0, height: h.isFinite ? Int(Swift.max(-1e9, Swift.min(1e9, h))) : 0)
        }
        let width = Int(w), height = Int(h)
        switch FontFaces.shared {
        case let .success(fonts): return (width, height, fonts)
        case let .failure(error): throw error
        }
    }

    /// The animation in a format.
    public static func write(_ animation: Animation, as format: AnimationFormat, metadata: Renderer.Metadata? = nil) throws(RenderError) -> [UInt8] {
        switch format {
        case .gif: try gif(animation)
        case .png: try apng(animation, metadata: metadata)
        case .svg: try svg(animation, metadata: metadata)
        }
    }

    /// An animated PNG (APNG): full colour and antialiasing, each frame the rectangle of pixels
    /// that changed, laid over the one before (`dispose_op` none, `blend_op` over, the unchanged
    /// pixels in it transparent), delays in milliseconds, played `loop` times (0: forever).
    /// Viewers without APNG show the first frame.
    public static func apng(_ animation: Animation, metadata: Renderer.Metadata? = nil) throws(RenderError) -> [UInt8] {
        let (width, height, fonts) = try canvas(of: animation)
        let pieces = try frames(animation, width: width, height: height, fonts: fonts)
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // RGBA: a frame's unchanged pixels are transparent
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
            fc += [0, k == 0 ? 0 : 1]  // dispose_op none; blend_op source for the first, over after
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

    /// An animated GIF, which plays everywhere: a palette of the figure's own colours (the
    /// colours most of the still figure's and first frame's pixels have, so flat bands keep their
    /// exact colour and show no dither noise; other pixels take the nearest), each frame the
    /// rectangle that changed, its unchanged pixels transparent, compressed with LZW. Delays are
    /// in hundredths of a second, rounded so that they add up to the frame rate's; `loop` plays
    /// that many times (0: forever).
    public static func gif(_ animation: Animation) throws(RenderError) -> [UInt8] {
        let (width, height, fonts) = try canvas(of: animation)
        // The palette, from the still figure and the first frame (and, while the camera turns,
        // frames all the way round).
        var counts: [UInt32: Int] = [:]
        let last = animation.frameCount - 1
        let samples = animation.orbit == 0 ? [0] : (0..<8).map { $0 * last / 8 }
        for figure in [animation.figure] + samples.map(animation.frame) {
            let png = try Renderer.render(figure, format: .png)
            let image = try RasterImage(png: png)
            image.forEachPixel { counts[$0 | 0xff00_0000, default: 0] += 1 }
        }
        let palette = GIFEncoder.Palette(counts: counts)
        let pieces = try frames(animation, width: width, height: height, fonts: fonts) { delta, rect in
            Piece(rect: rect, data: GIFEncoder.frame(delta, width: rect.width, palette: palette))
        }
        return GIFEncoder.file(width: width, height: height, palette: palette, frames: pieces.map { ($0.rect, $0.data) },
                               delays: animation.delays, loop: animation.loop)
    }

    /// Every frame's changed rectangle, rasterized and compressed as a zlib stream of RGB rows.
    static func frames(_ animation: Animation, width: Int, height: Int, fonts: FontFaces,
                       encode: @Sendable (_ delta: [UInt32], _ rect: (x: Int, y: Int, width: Int, height: Int)) -> Piece? = compress)
        throws(RenderError) -> [Piece] {
        let count = animation.frameCount
        var pieces = [Piece?](repeating: nil, count: count)
        var previous: [RecordingCanvas.Call]?
        // The drawing every frame begins with (the figure up to its first path: the fields,
        // colorbars, titles), rasterized once; each frame's rows start from a copy of it.
        guard let stillMeasurer = try? TextMeasurer(fonts: fonts) else { throw .cairo("could not measure text") }
        let stillRecorder = MeasuredRecorder(width: Double(width), height: Double(height), measurer: stillMeasurer)
        animation.figure.draw(on: stillRecorder)
        let still = stillRecorder.recordedCalls
        let firstRecorder = MeasuredRecorder(width: Double(width), height: Double(height), measurer: stillMeasurer)
        animation.frame(0).draw(on: firstRecorder)
        // A turning camera draws every frame anew: all rows, without diffs that would take time
        // quadratic in the calls.
        let anew = animation.orbit != 0
        guard let background = Background(still: still, first: firstRecorder.recordedCalls, anew: anew, width: width, height: height, fonts: fonts,
                                          measurer: stillMeasurer) else {
            throw .cairo("could not rasterize the animation's background")
        }
        let composed = Composed(width: width, height: height)
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
            // Each frame's rows where its drawing changed, rasterized in parallel.
            let before = previous
            nonisolated(unsafe) var bands = [[Band]?](repeating: nil, count: end - start)
            bands.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: end - start) { i in
                    let calls = recorded[i]
                    let last = i == 0 ? before : recorded[i - 1]
                    let measurer = try? TextMeasurer(fonts: fonts)
                    let rows = anew ? [0..<height] : last.map { changedRows(from: $0, to: calls, width: width, height: height, measurer: measurer) } ?? [0..<height]
                    var made: [Band] = []
                    for range in rows {
                        guard let b = band(calls, rows: range, width: width, background: background, fonts: fonts) else { return }
                        made.append(b)
                    }
                    out[i] = made
                }
            }
            // In order: the pixels that really changed, against the frames before, and then each
            // frame's rectangle of them compressed, in parallel.
            var changes: [(rect: (x: Int, y: Int, width: Int, height: Int), delta: [UInt32])] = []
            for (i, frameBands) in bands.enumerated() {
                guard let frameBands else { throw .cairo("could not rasterize frame \(start + i)") }
                changes.append(composed.update(with: frameBands, full: start + i == 0))
            }
            bands = []
            let frameChanges = changes
            nonisolated(unsafe) var made = [Piece?](repeating: nil, count: end - start)
            made.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let out = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: end - start) { i in
                    out[i] = encode(frameChanges[i].delta, frameChanges[i].rect)
                }
            }
            for (i, p) in made.enumerated() {
                guard let p else { throw .cairo("could not compress frame \(start + i)") }
                pieces[start + i] = p
            }
            previous = recorded.last
            start = end
        }
        return pieces.compactMap { $0 }
    }

    /// How many calls two drawings begin with alike.
    static func commonPrefix(_ a: [RecordingCanvas.Call], _ b: [RecordingCanvas.Call]) -> Int {
        var n = 0
        while n < a.count && n < b.count && a[n] == b[n] { n += 1 }
        return n
    }

    /// What every frame draws alike, rasterized once over the whole canvas: the calls every frame
    /// begins with (the figure up to its first path: fields, titles), and after them the calls
    /// that lie apart from everything that changes or is drawn per frame (axes, colorbars), whose
    /// order then does not matter. A frame's rows start from a copy of it and replay the rest.
    final class Background: @unchecked Sendable {
        /// The calls every frame begins with.
        let calls: [RecordingCanvas.Call]
        /// Calls after those, drawn into the background too: frames skip them.
        let baked: Set<RecordingCanvas.Call>
        let surface: OpaquePointer

        init?(still: [RecordingCanvas.Call], first: [RecordingCanvas.Call], anew: Bool, width: Int, height: Int, fonts: FontFaces, measurer: TextMeasurer) {
            var shared = commonPrefix(still, first)
            // Not inside an open clip.
            var depth = 0, closedAt = 0
            for (k, call) in still[..<shared].enumerated() {
                if case .pushClip = call { depth += 1 }
                if case .popClip = call { depth -= 1 }
                if depth == 0 { closedAt = k + 1 }
            }
            shared = closedAt
            calls = Array(still[..<shared])
            // Where frames differ: what the first frame and the still figure do not share, with
            // room for the larger marker of a run's current point anywhere along its path.
            var zone: [Rect] = []
            // (A turning camera: everywhere.)
            if anew { zone.append(Rect(x: 0, y: 0, width: Double(width), height: Double(height))) }
            for change in anew ? [] : Array(still.difference(from: first)) {
                switch change {
                case let .insert(_, call, _), let .remove(_, call, _):
                    guard let b = AnimationWriter.bounds(of: call, measurer: measurer) else { zone.append(Rect(x: 0, y: 0, width: Double(width), height: Double(height))); continue }
                    zone.append(b.insetBy(-12))
                }
            }
            // The calls after the prefix, outside clips, that meet nothing of the zone nor any call
            // after the prefix left to the frames (to a fixed point: leaving one out can block others).
            let rest = Array(still[shared...])
            var candidate = [Bool](repeating: false, count: rest.count)
            var depthAfter = 0
            for (k, call) in rest.enumerated() {
                if case .pushClip = call { depthAfter += 1; continue }
                if case .popClip = call { depthAfter -= 1; continue }
                guard depthAfter == 0, let b = AnimationWriter.bounds(of: call, measurer: measurer) else { continue }
                candidate[k] = !zone.contains { $0.intersects(b) }
            }
            var changed = true
            while changed {
                changed = false
                let left = rest.indices.filter { !candidate[$0] }.compactMap { AnimationWriter.bounds(of: rest[$0], measurer: measurer) }
                for k in rest.indices where candidate[k] {
                    guard let b = AnimationWriter.bounds(of: rest[k], measurer: measurer) else { continue }
                    if left.contains(where: { $0.intersects(b) }) {
                        candidate[k] = false
                        changed = true
                    }
                }
            }
            baked = Set(rest.indices.filter { candidate[$0] }.map { rest[$0] })
            guard let surface = CairoCanvas.mappedImageSurface(width: width, height: height) else { return nil }
            self.surface = surface
            guard let context = CairoCanvas.makeContext(on: surface) else { return nil }
            defer { cairo_destroy(context) }
            let painter = CairoCanvas.painter(context: context, fonts: fonts)
            for call in calls { painter(call) }
            for (k, call) in rest.enumerated() where candidate[k] { painter(call) }
            cairo_surface_flush(surface)
            guard cairo_status(context) == CAIRO_STATUS_SUCCESS else { return nil }
        }

        deinit { cairo_surface_destroy(surface) }

        /// Copies the given rows into `band` (a surface as wide, as tall as the rows).
        func copyRows(_ rows: Range<Int>, into band: OpaquePointer) -> Bool {
            guard let source = cairo_image_surface_get_data(surface), let target = cairo_image_surface_get_data(band) else { return false }
            let stride = Int(cairo_image_surface_get_stride(surface)), bandStride = Int(cairo_image_surface_get_stride(band))
            guard stride == bandStride else { return false }
            cairo_surface_flush(band)
            (target).update(from: source + rows.lowerBound * stride, count: rows.count * stride)
            cairo_surface_mark_dirty(band)
            return true
        }
    }

    /// The pixels that differ between two drawings lie in the boxes of the operations one has and
    /// the other has not, in drawing order (an operation in both, in the same order, paints the
    /// same pixels wherever neither drawing has a new operation under or over it). The rows those
    /// boxes span, within the canvas, as few ranges (the step counter's rows apart from the
    /// paths'); none when nothing changed.
    static func changedRows(from old: [RecordingCanvas.Call], to new: [RecordingCanvas.Call], width: Int, height: Int,
                            measurer: TextMeasurer?) -> [Range<Int>] {
        var spans: [(Double, Double)] = []
        // Clips paint nothing: with the same clips in the same order, only what they clip counts.
        func isClip(_ call: RecordingCanvas.Call) -> Bool {
            if case .pushClip = call { return true }
            if case .popClip = call { return true }
            return false
        }
        let sameClips = old.filter(isClip) == new.filter(isClip)
        // A changed stroke counts whole: Cairo strokes a path as one shape, and a path with more
        // segments can come out a level different anywhere along it.
        for change in new.difference(from: old) {
            switch change {
            case let .insert(_, call, _), let .remove(_, call, _):
                if sameClips && isClip(call) { continue }
                guard let box = bounds(of: call, measurer: measurer) else { return [0..<height] }
                spans.append((box.minY, box.maxY))
            }
        }
        var rows: [Range<Int>] = []
        for (lo, hi) in spans.sorted(by: { $0.0 < $1.0 }) {
            let a = Swift.max(0, Int(lo.rounded(.down))), b = Swift.min(height, Int(hi.rounded(.up)))
            guard b > a else { continue }
            // Ranges closer than a few rows are one band.
            if let last = rows.last, a <= last.upperBound + 8 {
                rows[rows.count - 1] = last.lowerBound..<Swift.max(last.upperBound, b)
            } else {
                rows.append(a..<b)
            }
        }
        return rows
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

    /// A frame's rows, rasterized across the whole width (as a PNG's bands are: moved only up or
    /// down, Cairo gives exactly the pixels of one pass over the canvas, where a surface moved
    /// sideways as well came out a level or two off along some edges), from a copy of the
    /// background's rows when the frame begins with its drawing.
    final class Band: @unchecked Sendable {
        let rows: Range<Int>
        let surface: OpaquePointer
        init(rows: Range<Int>, surface: OpaquePointer) {
            self.rows = rows
            self.surface = surface
        }
        deinit { cairo_surface_destroy(surface) }

        func row(_ y: Int) -> UnsafePointer<UInt32> {
            let data = cairo_image_surface_get_data(surface)!
            return UnsafeRawPointer(data + (y - rows.lowerBound) * Int(cairo_image_surface_get_stride(surface))).assumingMemoryBound(to: UInt32.self)
        }
    }

    static func band(_ calls: [RecordingCanvas.Call], rows: Range<Int>, width: Int, background: Background, fonts: FontFaces) -> Band? {
        guard let surface = CairoCanvas.mappedImageSurface(width: width, height: rows.count) else { return nil }
        let band = Band(rows: rows, surface: surface)
        var from = 0
        if background.calls.count <= calls.count, calls[..<background.calls.count].elementsEqual(background.calls) {
            guard background.copyRows(rows, into: surface) else { return nil }
            from = background.calls.count
        }
        guard let context = CairoCanvas.makeContext(on: surface) else { return nil }
        defer { cairo_destroy(context) }
        cairo_translate(context, 0, -Double(rows.lowerBound))
        let area = Rect(x: 0, y: Double(rows.lowerBound), width: Double(width), height: Double(rows.count))
        let painter = CairoCanvas.painter(context: context, fonts: fonts)
        for call in calls[from...] {
            if from > 0 && background.baked.contains(call) { continue }
            if let box = bounds(of: call, measurer: nil), !box.intersects(area) { continue }
            painter(call)
        }
        cairo_surface_flush(surface)
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS, cairo_image_surface_get_data(surface) != nil else { return nil }
        return band
    }

    /// The animation as a viewer shows it so far: every frame laid over the ones before.
    final class Composed {
        let width: Int, height: Int
        var pixels: [UInt32]
        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            pixels = [UInt32](repeating: 0, count: width * height)
        }

        /// Lays a frame's bands over the canvas. Returns the rectangle of pixels that changed (the
        /// whole canvas for the first frame; one pixel when none did) and its pixels: the new ones
        /// where they changed, transparent where they did not.
        func update(with bands: [Band], full: Bool) -> (rect: (x: Int, y: Int, width: Int, height: Int), delta: [UInt32]) {
            let old = full ? [] : pixels
            var lo = (x: Int.max, y: Int.max), hi = (x: -1, y: -1)
            pixels.withUnsafeMutableBufferPointer { buffer in
                for band in bands {
                    for y in band.rows {
                        let source = band.row(y), target = buffer.baseAddress! + y * width
                        for x in 0..<width where full || target[x] != source[x] {
                            target[x] = source[x]
                            if x < lo.x { lo.x = x }
                            if x > hi.x { hi.x = x }
                            if y < lo.y { lo.y = y }
                            if y > hi.y { hi.y = y }
                        }
                    }
                }
            }
            if full { return ((0, 0, width, height), pixels) }
            guard hi.x >= 0 else { return ((0, 0, 1, 1), [0]) }
            let rect = (x: lo.x, y: lo.y, width: hi.x - lo.x + 1, height: hi.y - lo.y + 1)
            var delta = [UInt32](repeating: 0, count: rect.width * rect.height)
            for y in 0..<rect.height {
                for x in 0..<rect.width {
                    let k = (rect.y + y) * width + rect.x + x
                    if pixels[k] != old[k] { delta[y * rect.width + x] = pixels[k] }
                }
            }
            return (rect, delta)
        }
    }

    /// A frame's rectangle as a zlib stream of RGBA rows with filter None. After the first frame
    /// the pixels that did not change are transparent (the frame is laid over the one before,
    /// `blend_op` over), which compresses to almost nothing.
    static func compress(_ delta: [UInt32], rect: (x: Int, y: Int, width: Int, height: Int)) -> Piece? {
        let result = delta.withUnsafeBufferPointer { buffer in
            PNGEncoder.deflateRows(0..<rect.height, rowBytes: rect.width * 4 + 1, last: true) { y, out in
                out[0] = 0
                PNGEncoder.unpremultiply(buffer.baseAddress! + y * rect.width, rect.width, into: out + 1)
            }
        }
        guard result.status == Z_OK else { return nil }
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(result.bytes.count + 6)
        stream += result.bytes
        stream.appendBigEndian(UInt32(truncatingIfNeeded: result.adler))
        return Piece(rect: rect, data: stream)
    }
}
