import CCairo

#if canImport(Glibc)
import Glibc
#endif

/// DejaVu Sans (regular and bold) loaded once per process through FreeType, so that every figure
/// uses exactly the same font file whatever fontconfig would pick, and text renders identically
/// on every run.
///
/// The file is found through `LANDSCAPE_FONT` (a .ttf path), else in the usual font folders (or
/// the folders in `LANDSCAPE_FONT_PATH`, colon-separated). The faces live as long as the process.
final class FontFaces: @unchecked Sendable {
    let regular: OpaquePointer  // cairo_font_face_t
    let bold: OpaquePointer
    /// The font files, for reading glyph outlines (SVG) apart from Cairo's faces.
    let regularPath: String
    let boldPath: String?
    /// Outlines for SVG text, read from the same files.
    let outlines: GlyphOutlines

    static let directories = [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu",
        "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/truetype", "/usr/local/share/fonts",
        "/Library/Fonts", "/opt/homebrew/share/fonts",
    ]

    /// The process-wide faces, or the error that explains why there are none.
    static let shared: Result<FontFaces, RenderError> = {
        do throws(RenderError) { return .success(try FontFaces()) } catch { return .failure(error) }
    }()

    private init() throws(RenderError) {
        let environment = ProcessEnvironment.self
        var regularPath: String?
        var boldPath: String?
        var searched: [String] = []
        if let explicit = environment.get("LANDSCAPE_FONT"), !explicit.isEmpty {
            searched.append(explicit)
            if Self.isFile(explicit) { regularPath = explicit }
        } else {
            let dirs = environment.get("LANDSCAPE_FONT_PATH").map { $0.split(separator: ":").map(String.init) } ?? Self.directories
            for dir in dirs {
                searched.append(dir)
                if regularPath == nil, Self.isFile(dir + "/DejaVuSans.ttf") {
                    regularPath = dir + "/DejaVuSans.ttf"
                    if Self.isFile(dir + "/DejaVuSans-Bold.ttf") { boldPath = dir + "/DejaVuSans-Bold.ttf" }
                }
            }
        }
        guard let regularPath else { throw .fontNotFound(searched: searched) }
        self.regularPath = regularPath
        self.boldPath = boldPath
        self.outlines = GlyphOutlines(regularPath: regularPath, boldPath: boldPath)

        var library: FT_Library?
        let status = FT_Init_FreeType(&library)
        guard status == 0, let library else { throw .fontUnreadable(path: regularPath, code: status) }
        regular = try Self.load(regularPath, library: library)
        bold = try boldPath.map { path throws(RenderError) in try Self.load(path, library: library) } ?? regular
    }

    private static func load(_ path: String, library: FT_Library) throws(RenderError) -> OpaquePointer {
        var face: FT_Face?
        let status = FT_New_Face(library, path, 0, &face)
        guard status == 0, let face else { throw .fontUnreadable(path: path, code: status) }
        guard let cairoFace = cairo_ft_font_face_create_for_ft_face(face, 0),
              cairo_font_face_status(cairoFace) == CAIRO_STATUS_SUCCESS else {
            throw .fontUnreadable(path: path, code: -1)
        }
        return cairoFace
    }

    private static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

enum ProcessEnvironment {
    static func get(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
