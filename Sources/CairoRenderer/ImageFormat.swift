/// The file formats a figure can be written in.
public enum ImageFormat: String, Sendable, CaseIterable {
    /// 8-bit PNG: RGB when every pixel is opaque, RGBA otherwise.
    case png
    /// SVG 1.1 with a viewBox, a title and a description, ids unique to the file.
    case svg
    /// PDF 1.5.
    case pdf

    /// The format a file name asks for, by its extension (case-insensitive).
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }
}

/// The file formats an animation can be written in.
public enum AnimationFormat: String, Sendable, CaseIterable {
    /// GIF89a: plays everywhere (chat, email, every browser and docs site); 255 colours.
    case gif
    /// Animated PNG (APNG): full colour; viewers without APNG show the first frame.
    case png
    /// Animated SVG: the finished figure, its paths revealed by CSS animations.
    case svg

    /// The format a file name asks for, by its extension (case-insensitive; `.apng` is an
    /// animated PNG).
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        self.init(rawValue: ext == "apng" ? "png" : ext)
    }

    /// The names the command line and scene files take, for messages.
    public static let names = "gif, png (or apng) or svg"
}
