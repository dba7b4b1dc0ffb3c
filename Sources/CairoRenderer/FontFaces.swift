import CCairo
import Plotting
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// DejaVu's faces (Sans, Serif and Sans Mono, each regular and bold) loaded through FreeType, so
/// that every figure uses exactly the same font files whatever fontconfig would pick, and text
/// renders identically on every run. Sans is loaded at once; the others when first used.
///
/// The files are found through `LANDSCAPE_FONT` (a .ttf path, then every face is that file),
/// else in the usual font folders (or the folders in `LANDSCAPE_FONT_PATH`, colon-separated),
/// all from the folder that holds DejaVuSans.ttf. A face whose file is missing is drawn in Sans
/// of the same weight; ``has(_:)`` says which families are there. The faces live as long as the
/// process.
final class FontFaces: @unchecked Sendable {
    /// The font file of each face slot (``slot(_:)``: family, then weight).
    static let fileNames = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
                            "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"]
    /// The files found, by slot; slot 0 (Sans) is always there.
    let paths: [String?]
    /// Cairo's faces by slot, made on first use (a missing file's slot holds Sans's face).
    private let faces: Mutex<[OpaquePointer?]>  // cairo_font_face_t
    private let library: FT_Library
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

    /// A font's slot: its family's two slots, regular then bold.
    static func slot(_ font: Font) -> Int {
        (Font.Family.allCases.firstIndex(of: font.family) ?? 0) * 2 + (font.weight == .bold ? 1 : 0)
    }

    private init() throws(RenderError) {
        let environment = ProcessEnvironment.self
        var paths = [String?](repeating: nil, count: Self.fileNames.count)
        var searched: [String] = []
        if let explicit = environment.get("LANDSCAPE_FONT"), !explicit.isEmpty {
            searched.append(explicit)
            if Self.isFile(explicit) { paths[0] = explicit }
        } else {
            let dirs = environment.get("LANDSCAPE_FONT_PATH").map { $0.split(separator: ":").map(String.init) } ?? Self.directories
            for dir in dirs {
                searched.append(dir)
                if paths[0] == nil, Self.isFile(dir + "/" + Self.fileNames[0]) {
                    for (k, name) in Self.fileNames.enumerated() where Self.isFile(dir + "/" + name) { paths[k] = dir + "/" + name }
                }
            }
        }
        guard let regularPath = paths[0] else { throw .fontNotFound(searched: searched) }
        self.paths = paths
        // Where a file is missing, Sans of the same weight (or regular Sans) stands in.
        self.outlines = GlyphOutlines(paths: paths.enumerated().map { k, path in path ?? paths[k % 2] ?? regularPath })

        var library: FT_Library?
        let status = FT_Init_FreeType(&library)
        guard status == 0, let library else { throw .fontUnreadable(path: regularPath, code: status) }
        self.library = library
        var faces = [OpaquePointer?](repeating: nil, count: Self.fileNames.count)
        faces[0] = try Self.load(regularPath, library: library)
        faces[1] = try paths[1].map { path throws(RenderError) in try Self.load(path, library: library) } ?? faces[0]
        self.faces = Mutex(faces)
    }

    /// Cairo's face for `font`: its family's, or Sans's where that file is missing or unreadable.
    func face(_ font: Font) -> OpaquePointer {
        let slot = Self.slot(font)
        return faces.withLock { faces in
            if let face = faces[slot] { return face }
            let fallback = faces[slot % 2] ?? faces[0]!
            let face = paths[slot].flatMap { try? Self.load($0, library: library) } ?? fallback
            faces[slot] = face
            return face
        }
    }

    /// Whether the family's own files are installed (else Sans stands in).
    func has(_ family: Font.Family) -> Bool { paths[Self.slot(Font(size: 1, family: family))] != nil }

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
