import CCairo
import Plotting

/// The ``Canvas`` protocol on a Cairo surface: an image surface for PNG, or an SVG or PDF
/// surface that streams into memory. Owns its surface and context and frees them in `deinit`.
final class CairoCanvas: Canvas {
    let size: (width: Double, height: Double)
    let format: ImageFormat
    private let surface: OpaquePointer  // cairo_surface_t
    private let context: OpaquePointer  // cairo_t
    private let fonts: FontFaces
    /// Bytes streamed by the SVG and PDF surfaces.
    private let sink: ByteSink

    init(width: Int, height: Int, format: ImageFormat) throws(RenderError) {
        guard (1...16384).contains(width), (1...16384).contains(height) else {
            throw .badSize(width: width, height: height)
        }
        switch FontFaces.shared {
        case let .success(fonts): self.fonts = fonts
        case let .failure(error): throw error
        }
        self.size = (Double(width), Double(height))
        self.format = format
        let sink = ByteSink()
        self.sink = sink
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let made: OpaquePointer?
        switch format {
        case .png:
            made = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        case .svg:
            made = cairo_svg_surface_create_for_stream(byteSinkWrite, closure, Double(width), Double(height))
            if let made {
                cairo_svg_surface_restrict_to_version(made, CAIRO_SVG_VERSION_1_1)
                cairo_svg_surface_set_document_unit(made, CAIRO_SVG_UNIT_PX)
            }
        case .pdf:
            made = cairo_pdf_surface_create_for_stream(byteSinkWrite, closure, Double(width), Double(height))
        }
        guard let made else { throw .cairo("could not create a surface") }
        let status = cairo_surface_status(made)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(made)
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        guard let context = cairo_create(made) else {
            cairo_surface_destroy(made)
            throw .cairo("could not create a context")
        }
        self.surface = made
        self.context = context
        // Unhinted outlines and metrics: the same glyph positions at every size and in every format.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_set_font_options(context, options)
            cairo_font_options_destroy(options)
        }
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    // MARK: Canvas

    func fill(_ path: Path, color: Color, rule: FillRule) {
        guard !path.isEmpty else { return }
        append(path)
        cairo_set_fill_rule(context, rule == .evenOdd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING)
        setColor(color)
        cairo_fill(context)
    }

    func stroke(_ path: Path, style: StrokeStyle) {
        guard !path.isEmpty else { return }
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
    }

    func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double) {
        guard !string.isEmpty else { return }
        cairo_save(context)
        select(font)
        cairo_translate(context, origin.x, origin.y)
        if angle != 0 { cairo_rotate(context, angle) }
        cairo_move_to(context, 0, 0)
        setColor(color)
        cairo_show_text(context, string)
        cairo_new_path(context)
        cairo_restore(context)
    }

    func measure(_ string: String, font: Font) -> TextMetrics {
        select(font)
        var text = cairo_text_extents_t()
        cairo_text_extents(context, string, &text)
        var face = cairo_font_extents_t()
        cairo_font_extents(context, &face)
        // DejaVu's font-wide ascent includes room for accents; the cap-height-based box reads
        // better for centring labels: ascent ≈ 0.76 em, descent ≈ 0.24 em.
        return TextMetrics(width: text.x_advance, ascent: min(face.ascent, 0.76 * font.size),
                           descent: min(face.descent, 0.24 * font.size))
    }

    func pushClip(_ rect: Rect) {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
    }

    func popClip() { cairo_restore(context) }

    // MARK: Output

    /// Finishes the drawing and returns the encoded file.
    func finish() throws(RenderError) -> [UInt8] {
        try check(cairo_status(context))
        switch format {
        case .png:
            try check(cairo_surface_status(surface))
            return try PNGEncoder.encode(surface: surface)
        case .svg, .pdf:
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
        return sink.bytes
    }

    /// Sets PDF metadata (title and subject).
    func setPDFMetadata(title: String, subject: String) {
        guard format == .pdf else { return }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "landscape")
    }

    // MARK: Helpers

    private func check(_ status: cairo_status_t) throws(RenderError) {
        guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
    }

    private func select(_ font: Font) {
        cairo_set_font_face(context, font.weight == .bold ? fonts.bold : fonts.regular)
        cairo_set_font_size(context, font.size)
    }

    private func setColor(_ c: Color) {
        cairo_set_source_rgba(context, c.red, c.green, c.blue, c.alpha)
    }

    /// Vector formats get coordinates rounded to 1/8 unit (an error of at most 1/16, far below what
    /// a viewer shows), so that they print as `379.625` rather than `379.535156`: SVG and PDF files
    /// about a third smaller. PNG keeps full precision for antialiasing.
    private func q(_ v: Double) -> Double { format == .png ? v : (v * 8).rounded() / 8 }

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
