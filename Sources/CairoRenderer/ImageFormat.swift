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
