import CCairo
import Dispatch
import Plotting

#if canImport(Glibc)
import Glibc
#endif

/// The ``Canvas`` protocol on Cairo: a PDF surface that streams into memory, or, for PNG,
/// a list of drawing operations rasterized at the end in horizontal bands, bands in parallel.
/// An opaque figure's bands are the PNG's compressed pieces, each rasterized on its own surface
/// and compressed at once; otherwise the bands share one full-size pixel buffer.
///
/// Each band replays what can reach its rows through its own context, translated by a whole
/// number of pixels, so its pixels are those one pass over the whole image gives, up to Cairo's
/// rounding where a long stroke is cut to the segments near the band (tests compare them: a few
/// pixels in a figure may be one level in 255 off). Owns its surfaces and contexts and frees them
/// in `deinit`.
final class CairoCanvas: Canvas {
    /// The drawing's size in layout units (what the figure draws in).
    let size: (width: Double, height: Double)
    let format: ImageFormat
    /// Output units (PDF points, PNG pixels) per layout unit.
    let scale: Double
    /// PNG: pixels per layout unit along each axis, so that the layout fills whole pixels (the
    /// sizes are rounded; the two differ from ``scale`` by less than half a pixel over the side).
    let pixelScale: (x: Double, y: Double)
    /// The PNG's pixels (the PDF's points, rounded).
    let pixelWidth: Int, pixelHeight: Int
    /// The PDF surface, or for PNG a 1×1 image surface that only measures text.
    private let surface: OpaquePointer  // cairo_surface_t
    private let context: OpaquePointer  // cairo_t
    private let fonts: FontFaces
    /// Bytes streamed by the PDF surface.
    private let sink: ByteSink
    /// PNG: the drawing operations, replayed band by band in ``finish()``.
    private var operations: [Operation] = []
    /// PNG: rows per band of a full-size image; 0 rasterizes in one pass.
    var bandHeight: Int
    /// PNG: an opaque drawing is rasterized and compressed piece by piece, without a full-size
    /// image (false for tests that compare the two ways).
    var streamsOpaqueImages = true

    /// What a PNG canvas records.
    enum Operation: Sendable, Equatable {
        case fill(Path, Color, FillRule)
        case stroke(Path, StrokeStyle)
        case text(String, Point, Font, Color, Double)
        case pushClip(Rect)
        case popClip
    }

    /// A canvas of `width` × `height` layout units, written at `scale` output units each.
    init(width: Int, height: Int, format: ImageFormat, scale: Double = 1) throws(RenderError) {
        let pixelWidth = Renderer.outputSize(width, scale), pixelHeight = Renderer.outputSize(height, scale)
        guard (1...16384).contains(width), (1...16384).contains(height), scale > 0, scale.isFinite,
              (1...16384).contains(pixelWidth), (1...16384).contains(pixelHeight) else {
            throw .badSize(width: pixelWidth, height: pixelHeight)
        }
        self.scale = scale
        self.pixelScale = (Double(pixelWidth) / Double(width), Double(pixelHeight) / Double(height))
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        switch FontFaces.shared {
        case let .success(fonts): self.fonts = fonts
        case let .failure(error): throw error
        }
        self.size = (Double(width), Double(height))
        self.format = format
        self.bandHeight = Self.bandHeight(forHeight: pixelHeight)
        let sink = ByteSink()
        self.sink = sink
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let made: OpaquePointer?
        switch format {
        case .png:
            made = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        case .svg:
            throw .cairo("SVG is written by SVGCanvas")
        case .pdf:
            made = cairo_pdf_surface_create_for_stream(byteSinkWrite, closure, Double(width) * scale, Double(height) * scale)
        }
        guard let made else { throw .cairo("could not create a surface") }
        let status = cairo_surface_status(made)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(made)
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        guard let context = Self.makeContext(on: made) else {
            cairo_surface_destroy(made)
            throw .cairo("could not create a context")
        }
        // PDF: drawn in layout units, scaled to points. (PNG: scaled band by band.)
        if format == .pdf && scale != 1 { cairo_scale(context, scale, scale) }
        self.surface = made
        self.context = context
    }

    /// Rows per band: about a quarter of the image (so two or more cores share the work and a
    /// band rarely waits for a slow one), and never fewer than 64 rows. The bands depend only on
    /// the height, never on the number of cores.
    static func bandHeight(forHeight height: Int) -> Int {
        height < 128 ? 0 : Swift.max(64, (height + 3) / 4)
    }

    /// A context with the settings every figure uses.
    static func makeContext(on surface: OpaquePointer) -> OpaquePointer? {
        guard let context = cairo_create(surface) else { return nil }
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(context)
            return nil
        }
        // Unhinted outlines and metrics: the same glyph positions at every size and in every format.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_set_font_options(context, options)
            cairo_font_options_destroy(options)
        }
        return context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: Canvas

    func fill(_ path: Path, color: Color, rule: FillRule) {
        guard !path.isEmpty else { return }
        perform(.fill(path, color, rule))
    }

    func stroke(_ path: Path, style: StrokeStyle) {
        guard !path.isEmpty else { return }
        perform(.stroke(path, style))
    }

    func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double) {
        guard !string.isEmpty else { return }
        perform(.text(string, origin, font, color, angle))
    }

    func measure(_ string: String, font: Font) -> TextMetrics {
        Self.measure(string, font: font, context: context, fonts: fonts)
    }

    /// The advance width of `string` and the font's ascent and descent, through `context`.
    static func measure(_ string: String, font: Font, context: OpaquePointer, fonts: FontFaces) -> TextMetrics {
        Painter(context: context, fonts: fonts, quantize: false).select(font)
        var text = cairo_text_extents_t()
        cairo_text_extents(context, string, &text)
        var face = cairo_font_extents_t()
        cairo_font_extents(context, &face)
        // DejaVu's font-wide ascent includes room for accents; the cap-height-based box reads
        // better for centring labels: ascent ≈ 0.76 em, descent ≈ 0.24 em.
        return TextMetrics(width: text.x_advance, ascent: min(face.ascent, 0.76 * font.size),
                           descent: min(face.descent, 0.24 * font.size))
    }

    func pushClip(_ rect: Rect) { perform(.pushClip(rect)) }

    func popClip() { perform(.popClip) }

    private func perform(_ operation: Operation) {
        if format == .png {
            operations.append(operation)
        } else {
            Painter(context: context, fonts: fonts, quantize: true).perform(operation)
        }
    }

    // MARK: Output

    /// Finishes the drawing and returns the encoded file.
    func finish() throws(RenderError) -> [UInt8] {
        try check(cairo_status(context))
        switch format {
        case .png:
            if streamsOpaqueImages && coversCanvasOpaquely(operations.first) {
                // Every pixel is opaque: each piece of the file is rasterized, converted and
                // compressed on its own, and no full-size image is ever held.
                let width = pixelWidth, height = pixelHeight, scale = pixelScale
                let operations = self.operations, fonts = self.fonts
                return try PNGEncoder.encodeOpaque(width: width, height: height) { rows in
                    Self.rasterize(rows, width: width, scale: scale, operations: operations, fonts: fonts)
                }
            }
            return try rasterize { surface throws(RenderError) in try PNGEncoder.encode(surface: surface) }
        case .svg, .pdf:
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
        return sink.bytes
    }

    /// Whether an operation (the first) paints every pixel of the canvas opaquely, as a figure's
    /// background does, so that the finished image is opaque whatever follows.
    func coversCanvasOpaquely(_ operation: Operation?) -> Bool {
        guard case let .fill(path, color, _) = operation, color.alpha >= 1 else { return false }
        guard path.elements.count == 5, case .close = path.elements[4] else { return false }
        var low = Point(Double.infinity, Double.infinity), high = Point(-Double.infinity, -Double.infinity)
        var points: [Point] = []
        for element in path.elements.prefix(4) {
            switch element {
            case let .move(p), let .line(p): points.append(p)
            default: return false
            }
        }
        for p in points {
            low = Point(Swift.min(low.x, p.x), Swift.min(low.y, p.y))
            high = Point(Swift.max(high.x, p.x), Swift.max(high.y, p.y))
        }
        // An axis-aligned rectangle: every point on two of its edges.
        let axisAligned = points.allSatisfy { ($0.x == low.x || $0.x == high.x) && ($0.y == low.y || $0.y == high.y) }
        return axisAligned && Set(points.map { [$0.x, $0.y] }).count == 4
            && low.x <= 0 && low.y <= 0 && high.x >= size.width && high.y >= size.height
    }

    /// PNG: a new image surface holding the given rows of the drawing, or nil if Cairo failed.
    static func rasterize(_ rows: Range<Int>, width: Int, scale: (x: Double, y: Double), operations: [Operation], fonts: FontFaces) -> OpaquePointer? {
        guard let band = mappedImageSurface(width: width, height: rows.count) else { return nil }
        guard cairo_surface_status(band) == CAIRO_STATUS_SUCCESS, let context = makeContext(on: band) else {
            cairo_surface_destroy(band)
            return nil
        }
        defer { cairo_destroy(context) }
        cairo_translate(context, 0, -Double(rows.lowerBound))
        if scale != (1, 1) { cairo_scale(context, scale.x, scale.y) }
        let painter = Painter(context: context, fonts: fonts, quantize: false)
        let drawn = Double(rows.lowerBound) / scale.y...Double(rows.upperBound) / scale.y
        for operation in operations {
            if let part = part(of: operation, within: drawn) { painter.perform(part) }
        }
        cairo_surface_flush(band)
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(band)
            return nil
        }
        return band
    }

    /// An ARGB image surface (cleared) over pages mapped for it alone and unmapped when Cairo
    /// destroys it, so that the pieces of an image, made one after another on each core, never
    /// stay behind in the allocator's heaps.
    static func mappedImageSurface(width: Int, height: Int) -> OpaquePointer? {
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        guard stride > 0, height > 0 else { return nil }
        let length = stride * height
        guard let pages = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), pages != MAP_FAILED else { return nil }
        guard let surface = cairo_image_surface_create_for_data(pages.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32,
                                                                Int32(width), Int32(height), Int32(stride)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            munmap(pages, length)
            return nil
        }
        let mapping = Unmanaged.passRetained(Mapping(pages: pages, length: length)).toOpaque()
        guard cairo_surface_set_user_data(surface, &Mapping.key, mapping, { Unmanaged<Mapping>.fromOpaque($0!).release() }) == CAIRO_STATUS_SUCCESS else {
            Unmanaged<Mapping>.fromOpaque(mapping).release()
            cairo_surface_destroy(surface)
            return nil
        }
        return surface
    }

    /// Pages unmapped when the surface over them goes.
    final class Mapping {
        nonisolated(unsafe) static var key = cairo_user_data_key_t()
        let pages: UnsafeMutableRawPointer
        let length: Int
        init(pages: UnsafeMutableRawPointer, length: Int) {
            self.pages = pages
            self.length = length
        }
        deinit { munmap(pages, length) }
    }

    /// Draws recorded calls through `context`, at full precision (for raster surfaces).
    static func painter(context: OpaquePointer, fonts: FontFaces) -> (RecordingCanvas.Call) -> Void {
        let painter = Painter(context: context, fonts: fonts, quantize: false)
        return { call in
            switch call {
            case let .fill(path, color, rule): painter.perform(.fill(path, color, rule))
            case let .stroke(path, style): painter.perform(.stroke(path, style))
            case let .text(string, origin, font, color, angle): painter.perform(.text(string, origin, font, color, angle))
            case let .pushClip(rect): painter.perform(.pushClip(rect))
            case .popClip: painter.perform(.popClip)
            }
        }
    }

    /// PNG: replays the operations onto a full-size image surface, band by band in parallel, and
    /// hands the finished surface to `body`.
    func rasterize<T>(_ body: (OpaquePointer) throws(RenderError) -> T) throws(RenderError) -> T {
        let width = pixelWidth, height = pixelHeight, scale = pixelScale
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw .cairo("could not create a surface")
        }
        defer { cairo_surface_destroy(image) }
        try check(cairo_surface_status(image))
        cairo_surface_flush(image)
        guard let data = cairo_image_surface_get_data(image) else { throw .cairo("image surface has no data") }
        let stride = Int(cairo_image_surface_get_stride(image))
        let rows = bandHeight > 0 ? bandHeight : height
        let bands = (height + rows - 1) / rows
        nonisolated(unsafe) let pixels = data
        let operations = self.operations, fonts = self.fonts
        var failures = [cairo_status_t](repeating: CAIRO_STATUS_SUCCESS, count: bands)
        failures.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let statuses = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                let top = band * rows, bandRows = Swift.min(rows, height - top)
                guard let bandSurface = cairo_image_surface_create_for_data(pixels + top * stride, CAIRO_FORMAT_ARGB32,
                                                                            Int32(width), Int32(bandRows), Int32(stride)) else {
                    statuses[band] = CAIRO_STATUS_NO_MEMORY
                    return
                }
                defer { cairo_surface_destroy(bandSurface) }
                guard let bandContext = Self.makeContext(on: bandSurface) else {
                    statuses[band] = CAIRO_STATUS_NO_MEMORY
                    return
                }
                defer { cairo_destroy(bandContext) }
                cairo_translate(bandContext, 0, -Double(top))
                if scale != (1, 1) { cairo_scale(bandContext, scale.x, scale.y) }
                let painter = Painter(context: bandContext, fonts: fonts, quantize: false)
                let rowsDrawn = Double(top) / scale.y...Double(top + bandRows) / scale.y
                for operation in operations {
                    if let part = Self.part(of: operation, within: rowsDrawn) { painter.perform(part) }
                }
                cairo_surface_flush(bandSurface)
                statuses[band] = cairo_status(bandContext)
            }
        }
        for status in failures { try check(status) }
        cairo_surface_mark_dirty(image)
        return try body(image)
    }

    /// What of `operation` can change pixels in `rows` (device y, top to bottom): nothing, all
    /// of it, or for a long stroke only the segments that come near them.
    ///
    /// Leaving out the rest changes what those rows show by at most Cairo's rounding (one level
    /// in 255, in a few pixels): an operation only paints within its extent, and a stroke's kept
    /// segments keep their own endpoints, joins and order, while a segment left out lies wholly
    /// beyond the reach of any join or cap from the rows; Cairo's coverage of a stroke's polygon
    /// can still round a pixel differently when the polygon has fewer edges. Dashed strokes are
    /// kept whole (the dash pattern runs from the path's start).
    static func part(of operation: Operation, within rows: ClosedRange<Double>) -> Operation? {
        switch operation {
        case .pushClip, .popClip:
            return operation
        case let .text(string, origin, font, _, angle):
            // Glyphs reach at most two ems above or below the baseline; rotated text, as far as
            // the string is long.
            let reach = angle == 0 ? 2 * font.size : (Double(string.unicodeScalars.count) * 1.5 + 2) * font.size
            guard origin.y.isFinite, reach.isFinite else { return nil }
            return rows.overlaps((origin.y - reach)...(origin.y + reach)) ? operation : nil
        case let .fill(path, _, _):
            guard let extent = verticalExtent(of: path) else { return nil }
            return rows.overlaps((extent.lowerBound - 1)...(extent.upperBound + 1)) ? operation : nil
        case let .stroke(path, style):
            // Joins (a miter up to Cairo's limit of 10 half-widths) and caps reach this far from
            // a vertex, and antialiasing a pixel further.
            let halfWidth = style.width.isFinite ? abs(style.width) / 2 : 0
            let margin = halfWidth * (style.join == .miter ? 10 : 1.5) + 2
            let near = (rows.lowerBound - margin)...(rows.upperBound + margin)
            guard let extent = verticalExtent(of: path), near.overlaps(extent) else { return nil }
            guard style.dash.isEmpty, !near.contains(extent.lowerBound) || !near.contains(extent.upperBound) else { return operation }
            let kept = segments(of: path, within: near)
            return kept.isEmpty ? nil : .stroke(kept, style)
        }
    }

    /// The smallest and largest y a path reaches, or nil for a path with no finite point.
    static func verticalExtent(of path: Path) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for element in path.elements {
            switch element {
            case let .move(p), let .line(p):
                low = Swift.min(low, p.y)
                high = Swift.max(high, p.y)
            case let .circle(c, r):
                low = Swift.min(low, c.y - abs(r))
                high = Swift.max(high, c.y + abs(r))
            case .close: break
            }
        }
        guard low.isFinite, high.isFinite, low <= high else { return nil }
        return low...high
    }

    /// The subpaths of `path` cut down to the runs of segments that come within `rows`. A closed
    /// subpath that loses a segment becomes open runs that start after a lost segment, so every
    /// join that remains is a join of the original.
    static func segments(of path: Path, within rows: ClosedRange<Double>) -> Path {
        var out = Path()
        var points: [Point] = []
        func touches(_ a: Point, _ b: Point) -> Bool {
            // NaN fails both comparisons: such a segment is kept, as Cairo would get it.
            !(Swift.max(a.y, b.y) < rows.lowerBound) && !(Swift.min(a.y, b.y) > rows.upperBound)
        }
        func flush(closed: Bool) {
            defer { points.removeAll(keepingCapacity: true) }
            guard let first = points.first else { return }
            if points.count == 1 {
                // A lone point: a dot with round caps when closed, nothing otherwise.
                if closed, touches(first, first) {
                    out.move(to: first)
                    out.close()
                }
                return
            }
            var segmentEnds = Array(points.indices.dropFirst())  // segment k runs points[k−1] → points[k]
            var ends = points
            if closed {
                ends.append(first)
                segmentEnds.append(ends.count - 1)
            }
            let keep = segmentEnds.map { touches(ends[$0 - 1], ends[$0]) }
            if keep.allSatisfy({ $0 }) {
                out.move(to: first)
                for p in points.dropFirst() { out.line(to: p) }
                if closed { out.close() }
                return
            }
            // Runs of kept segments, from just after a lost one (all the way round when closed).
            let count = keep.count
            let start = closed ? (keep.firstIndex(of: false)! + 1) : 0
            var open = false
            for step in 0..<count {
                let k = (start + step) % count
                guard keep[k] else {
                    open = false
                    continue
                }
                let to = ends[segmentEnds[k]], from = ends[segmentEnds[k] - 1]
                if !open {
                    out.move(to: from)
                    open = true
                }
                out.line(to: to)
            }
        }
        for element in path.elements {
            switch element {
            case let .move(p):
                flush(closed: false)
                points.append(p)
            case let .line(p):
                if points.isEmpty { points.append(p) } else { points.append(p) }
            case let .circle(c, r):
                flush(closed: false)
                if rows.overlaps((c.y - abs(r))...(c.y + abs(r))) || !c.y.isFinite || !r.isFinite { out.addCircle(center: c, radius: r) }
            case .close:
                let first = points.first
                flush(closed: true)
                // After a close, drawing goes on from the subpath's start.
                if let first { points.append(first) }
            }
        }
        flush(closed: false)
        return out
    }

    /// Sets PDF metadata (title and subject).
    func setPDFMetadata(title: String, subject: String) {
        guard format == .pdf else { return }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "landscape")
    }

    private func check(_ status: cairo_status_t) throws(RenderError) {
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }
}

/// Draws operations through one Cairo context.
private struct Painter {
    let context: OpaquePointer
    let fonts: FontFaces
    /// PDF gets coordinates rounded to 1/8 unit (an error of at most 1/16, far below what a viewer
    /// shows), so that they print as `379.625` rather than `379.535156`: files about a third
    /// smaller. PNG keeps full precision for antialiasing.
    let quantize: Bool

    func perform(_ operation: CairoCanvas.Operation) {
        switch operation {
        case let .fill(path, color, rule):
            append(path)
            cairo_set_fill_rule(context, rule == .evenOdd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING)
            setColor(color)
            cairo_fill(context)
        case let .stroke(path, style):
            append(path)
            cairo_set_line_width(context, style.width)
            switch style.cap {
            case .butt: cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
            case .round: cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
            case .square: cairo_set_line_cap(context, CAIRO_LINE_CAP_SQUARE)
            }
            switch style.join {
            case .miter: cairo_set_line_join(context, CAIRO_LINE_JOIN_MITER)
            case .round: cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
            case .bevel: cairo_set_line_join(context, CAIRO_LINE_JOIN_BEVEL)
            }
            style.dash.withUnsafeBufferPointer { cairo_set_dash(context, $0.baseAddress, Int32($0.count), 0) }
            setColor(style.color)
            cairo_stroke(context)
        case let .text(string, origin, font, color, angle):
            cairo_save(context)
            select(font)
            cairo_translate(context, origin.x, origin.y)
            if angle != 0 { cairo_rotate(context, angle) }
            cairo_move_to(context, 0, 0)
            setColor(color)
            cairo_show_text(context, string)
            cairo_new_path(context)
            cairo_restore(context)
        case let .pushClip(rect):
            cairo_save(context)
            cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(context)
        case .popClip:
            cairo_restore(context)
        }
    }

    func select(_ font: Font) {
        cairo_set_font_face(context, fonts.face(font))
        cairo_set_font_size(context, font.size)
    }

    private func setColor(_ c: Color) {
        cairo_set_source_rgba(context, c.red, c.green, c.blue, c.alpha)
    }

    private func q(_ v: Double) -> Double { quantize ? (v * 8).rounded() / 8 : v }

    private func append(_ path: Path) {
        cairo_new_path(context)
        for element in path.elements {
            switch element {
            case let .move(p): cairo_move_to(context, q(p.x), q(p.y))
            case let .line(p): cairo_line_to(context, q(p.x), q(p.y))
            case let .circle(c, r):
                cairo_new_sub_path(context)
                cairo_arc(context, q(c.x), q(c.y), r, 0, 2 * Double.pi)
                cairo_close_path(context)
            case .close: cairo_close_path(context)
            }
        }
    }
}

/// Collects the bytes Cairo streams out.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// Cairo's write callback: appends to the `ByteSink` passed as closure data.
let byteSinkWrite: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}
