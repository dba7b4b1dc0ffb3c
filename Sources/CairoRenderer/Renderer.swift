import Dispatch
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

        public init(title: String, description: String? = nil, idPrefix: String = "figure") {
            self.title = title
            self.description = description ?? title
            self.idPrefix = idPrefix
        }

        /// The figure's title, and its subtitle (or title again) as the description.
        public init(_ figure: Figure, idPrefix: String = "figure") {
            self.init(title: figure.title, description: figure.subtitle ?? figure.title, idPrefix: idPrefix)
        }
    }

    /// How large a file is drawn: output units (PDF points, SVG and PNG pixels) per layout unit,
    /// the style's spacing (`Style/spacing`), and for a PNG besides, its pixel density: a PNG at
    /// density 2 has twice the pixels each way and the same layout.
    public struct Scale: Sendable, Hashable {
        public var spacing: Double
        public var density: Double
        public init(spacing: Double = 1, density: Double = 1) {
            self.spacing = spacing
            self.density = density
        }
        /// Output units per layout unit in `format`.
        public func factor(for format: ImageFormat) -> Double { format == .png ? spacing * density : spacing }
        /// A figure's scale: its style's spacing, and `density` for a PNG.
        public init(_ figure: Figure, density: Double = 1) { self.init(spacing: figure.style.spacing, density: density) }
    }

    /// A size in layout units at `scale` output units each, rounded to whole units.
    static func outputSize(_ layout: Int, _ scale: Double) -> Int {
        let v = (Double(layout) * scale).rounded()
        return v.isFinite && v < 1e9 ? Int(v) : Int.max
    }

    /// The pixel size (PNG) or point size (SVG, PDF) of a `width` × `height` drawing at `scale`.
    public static func outputSize(width: Int, height: Int, format: ImageFormat, scale: Scale) -> (width: Int, height: Int) {
        let f = scale.factor(for: format)
        return (outputSize(width, f), outputSize(height, f))
    }

    public static func render(width: Int, height: Int, format: ImageFormat, metadata: Metadata, scale: Scale = Scale(),
                              draw: (any Canvas) -> Void) throws(RenderError) -> [UInt8] {
        try render(width: width, height: height, format: format, metadata: metadata, scale: scale, bandHeight: nil, draw: draw)
    }

    /// `bandHeight` overrides the rows per band of a PNG (0: one pass) and makes it on a
    /// full-size image, for tests.
    static func render(width: Int, height: Int, format: ImageFormat, metadata: Metadata, scale: Scale = Scale(), bandHeight: Int?,
                       draw: (any Canvas) -> Void) throws(RenderError) -> [UInt8] {
        if format == .svg {
            let canvas = try SVGCanvas(width: width, height: height, idPrefix: metadata.idPrefix, scale: scale.factor(for: format))
            draw(canvas)
            return canvas.finish(title: metadata.title, description: metadata.description)
        }
        let canvas = try CairoCanvas(width: width, height: height, format: format, scale: scale.factor(for: format))
        if let bandHeight {
            canvas.bandHeight = bandHeight
            canvas.streamsOpaqueImages = false
        }
        canvas.setPDFMetadata(title: metadata.title, subject: metadata.description)
        draw(canvas)
        return try canvas.finish()
    }

    /// Draws once and returns the drawing in each format, in order: the figure's work (its
    /// layout, a 3-D panel's order and occlusion) is done once however many files are written.
    /// Text is measured with the same font files as every format, so the drawing is the one each
    /// format would have made.
    public static func render(width: Int, height: Int, formats: [ImageFormat], metadata: Metadata, scale: Scale = Scale(),
                              draw: (any Canvas) -> Void) throws(RenderError) -> [[UInt8]] {
        if formats.count == 1 { return [try render(width: width, height: height, format: formats[0], metadata: metadata, scale: scale, draw: draw)] }
        guard (1...16384).contains(width), (1...16384).contains(height) else { throw .badSize(width: width, height: height) }
        let fonts: FontFaces
        switch FontFaces.shared {
        case let .success(loaded): fonts = loaded
        case let .failure(error): throw error
        }
        let recorder = MeasuredRecorder(width: Double(width), height: Double(height), measurer: try TextMeasurer(fonts: fonts))
        draw(recorder)
        // Each format from the recording, side by side: the replay only reads it.
        nonisolated(unsafe) var results = [Result<[UInt8], RenderError>?](repeating: nil, count: formats.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer.baseAddress!
            nonisolated(unsafe) let shared = recorder
            DispatchQueue.concurrentPerform(iterations: formats.count) { k in
                do throws(RenderError) {
                    slots[k] = .success(try render(width: width, height: height, format: formats[k], metadata: metadata, scale: scale, bandHeight: nil) { canvas in
                        shared.replay(on: canvas)
                    })
                } catch {
                    slots[k] = .failure(error)
                }
            }
        }
        var files: [[UInt8]] = []
        for result in results {
            switch result {
            case let .success(bytes)?: files.append(bytes)
            case let .failure(error)?: throw error
            case nil: throw .cairo("a format was not rendered")
            }
        }
        return files
    }

    /// A figure as a file in `format`, at the figure's own size times its style's spacing (and
    /// for a PNG, times `density`); the metadata defaults to the figure's title and subtitle.
    public static func render(_ figure: Figure, format: ImageFormat, metadata: Metadata? = nil, density: Double = 1) throws(RenderError) -> [UInt8] {
        let metadata = metadata ?? Metadata(figure, idPrefix: "figure")
        return try render(width: Int(figure.width.rounded()), height: Int(figure.height.rounded()), format: format, metadata: metadata,
                          scale: Scale(figure, density: density)) {
            figure.draw(on: $0)
        }
    }

    /// Writes a figure to `path` in the format its extension names (`.png`, `.svg`, `.pdf`),
    /// atomically (``AtomicFile``): a reader never sees a partial file. SVG ids start with the
    /// file's name, so that several SVGs can be inlined in one page.
    ///
    /// ```swift
    /// try Renderer.write(comparison.figure(), to: "bowl.svg")
    /// ```
    public static func write(_ figure: Figure, to path: String, metadata: Metadata? = nil, density: Double = 1) throws(RenderError) {
        guard let format = ImageFormat(path: path) else {
            throw .write(path: path, reason: "the name must end in .png, .svg or .pdf")
        }
        let name = FilePath.stem(of: path)
        try AtomicFile.write(try render(figure, format: format, metadata: metadata ?? Metadata(figure, idPrefix: name.isEmpty ? "figure" : name),
                                        density: density), to: path)
    }

    /// Checks that the font can be loaded, so that a command can fail before it starts work.
    public static func checkFont() throws(RenderError) {
        if case let .failure(error) = FontFaces.shared { throw error }
    }

    /// Whether a font family's files are installed (otherwise DejaVu Sans stands in for it).
    public static func hasFont(_ family: Font.Family) -> Bool {
        guard case let .success(fonts) = FontFaces.shared else { return false }
        return fonts.has(family)
    }
}

/// Records a drawing, measuring text as every format measures it, to replay it on other canvases.
final class MeasuredRecorder: BranchingCanvas {
    let size: (width: Double, height: Double)
    private let measurer: TextMeasurer
    private var calls: [RecordingCanvas.Call] = []

    init(width: Double, height: Double, measurer: TextMeasurer) {
        size = (width, height)
        self.measurer = measurer
    }

    func fill(_ path: Path, color: Color, rule: FillRule) { calls.append(.fill(path, color, rule)) }
    func stroke(_ path: Path, style: StrokeStyle) { calls.append(.stroke(path, style)) }
    func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double) {
        calls.append(.text(string, origin, font, color, angle))
    }
    func measure(_ string: String, font: Font) -> TextMetrics { measurer.measure(string, font: font) }
    func pushClip(_ rect: Rect) { calls.append(.pushClip(rect)) }
    func popClip() { calls.append(.popClip) }

    func makeBranch() -> (any BranchingCanvas)? { Self.branch(width: size.width, height: size.height) }

    func merge(_ branch: any BranchingCanvas) {
        if let recorder = branch as? MeasuredRecorder { calls += recorder.calls }
    }

    /// A recorder with its own measurer (text measuring is not shared between threads).
    static func branch(width: Double, height: Double) -> MeasuredRecorder? {
        guard case let .success(fonts) = FontFaces.shared, let measurer = try? TextMeasurer(fonts: fonts) else { return nil }
        return MeasuredRecorder(width: width, height: height, measurer: measurer)
    }

    /// What was drawn, in order.
    var recordedCalls: [RecordingCanvas.Call] { calls }

    func replay(on canvas: any Canvas) {
        for call in calls { call.draw(on: canvas) }
    }
}

/// The file canvases branch into recorders and replay them.
extension SVGCanvas: BranchingCanvas {
    func makeBranch() -> (any BranchingCanvas)? { MeasuredRecorder.branch(width: size.width, height: size.height) }
    func merge(_ branch: any BranchingCanvas) { (branch as? MeasuredRecorder)?.replay(on: self) }
}

extension CairoCanvas: BranchingCanvas {
    func makeBranch() -> (any BranchingCanvas)? { MeasuredRecorder.branch(width: size.width, height: size.height) }
    func merge(_ branch: any BranchingCanvas) { (branch as? MeasuredRecorder)?.replay(on: self) }
}
