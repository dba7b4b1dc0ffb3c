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
        let canvas = try CairoCanvas(width: width, height: height, format: format)
        canvas.setPDFMetadata(title: metadata.title, subject: metadata.description)
        draw(canvas)
        let bytes = try canvas.finish()
        if format == .svg {
            return SVGPostProcessor(metadata: metadata).process(bytes)
        }
        return bytes
    }

    /// Checks that the font can be loaded, so that a command can fail before it starts work.
    public static func checkFont() throws(RenderError) {
        if case let .failure(error) = FontFaces.shared { throw error }
    }
}
