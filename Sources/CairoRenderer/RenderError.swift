/// Why a figure could not be rendered. Each case reads as one line.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No usable copy of the font was found; names what to install.
    case fontNotFound(searched: [String])
    /// A font file exists but FreeType could not load it.
    case fontUnreadable(path: String, code: Int32)
    /// Cairo reported an error status.
    case cairo(String)
    /// A size that no surface can have.
    case badSize(width: Int, height: Int)
    /// Bytes that are not a PNG image.
    case notPNG(String)
    /// A file that could not be written, and why.
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case let .fontNotFound(searched):
            return "font DejaVu Sans not found (looked in \(searched.joined(separator: ", "))); "
                + "install it with 'apt-get install fonts-dejavu-core', or set LANDSCAPE_FONT to a .ttf file"
        case let .fontUnreadable(path, code):
            return "cannot load font '\(path)' (FreeType error \(code)); reinstall fonts-dejavu-core or set LANDSCAPE_FONT to another .ttf file"
        case let .cairo(message):
            return "cairo: \(message)"
        case let .badSize(width, height):
            return "cannot draw a \(width)×\(height) figure: width and height must be between 1 and 16384"
        case let .notPNG(message):
            return "not a PNG image: \(message)"
        case let .write(path, reason):
            return "cannot write '\(path)': \(reason)"
        }
    }
}
