import Plotting

/// Draws figures through Cairo and returns the encoded file: PNG, SVG or PDF.
///
/// ```swift
/// let bytes = try Renderer.render(width: 800, height: 600, format: .svg,
///                                 metadata: .init(title: "Bowl", description: "GD vs Adam", idPrefix: "bowl")) { canvas in
///     figure.draw(on: canvas)
/// }
/// ```
/// Writing the bytes to disk is the caller's job (the command line writes through a temporary file
/// and a rename, so that no half-written file is ever left).
public enum Renderer {
    /// What the file says about itself.
    public struct Metadata: Sendable {
        /// The SVG `<title>` and PDF title.
        public var title: String
        /// The SVG `<desc>` and PDF subject.
        public var description: String
        /// Prefix for every SVG element id, so that several SVGs can be inlined in one page.
        public var idPrefix: String

        public init(title: String, description: String, idPrefix: String) {
            self.title = title
            self.description = description
            self.idPrefix = idPrefix
        }
    }

    public static func render(width: Int, height: Int, format: ImageFormat, metadata: Metadata,
                              draw: (any Canvas) -> Void) throws(RenderError) -> [UInt8] {
        try render(width: width, height: height, format: format, metadata: metadata, bandHeight: nil, draw: draw)
    }

    /// `bandHeight` overrides the rows per band of a PNG (0: one pass), for tests.
    static func render(width: Int, height: Int, format: ImageFormat, metadata: Metadata, bandHeight: Int?,
                       draw: (any Canvas) -> Void) throws(RenderError) -> [UInt8] {
        if format == .svg {
            let canvas = try SVGCanvas(width: width, height: height, idPrefix: metadata.idPrefix)
            draw(canvas)
            return canvas.finish(title: metadata.title, description: metadata.description)
        }
        let canvas = try CairoCanvas(width: width, height: height, format: format)
        if let bandHeight { canvas.bandHeight = bandHeight }
        canvas.setPDFMetadata(title: metadata.title, subject: metadata.description)
        draw(canvas)
        return try canvas.finish()
    }

    /// Checks that the font can be loaded, so that a command can fail before it starts work.
    public static func checkFont() throws(RenderError) {
        if case let .failure(error) = FontFaces.shared { throw error }
    }
}
