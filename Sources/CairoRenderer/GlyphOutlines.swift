import CCairo
import Synchronization

/// Glyph outlines and advances in font units, read through FreeType from the same font files as
/// Cairo's faces, for writing text into SVG as paths (so that an SVG looks the same wherever it is
/// opened, whatever fonts the viewer has).
///
/// The library and faces are this type's own, apart from Cairo's (which Cairo locks for itself),
/// and every use goes through one lock, so figures may be drawn on several threads.
final class GlyphOutlines: Sendable {
    /// One step of an outline, in font units with y up.
    enum Step: Sendable, Equatable {
        case move(Int32, Int32)
        case line(Int32, Int32)
        case quadratic(Int32, Int32, Int32, Int32)
        case cubic(Int32, Int32, Int32, Int32, Int32, Int32)
    }

    struct Glyph: Sendable {
        var steps: [Step]
        /// Advance width in font units, unhinted.
        var advance: Int
    }

    private struct State: ~Copyable {
        var library: FT_Library?
        var faces: [FT_Face?]
        var paths: [String?]
        var cache: [Key: Glyph] = [:]
        var indices: [CharacterKey: UInt32] = [:]
    }

    private struct Key: Hashable {
        var slot: Int
        var index: UInt32
    }

    private struct CharacterKey: Hashable {
        var slot: Int
        var scalar: UInt32
    }

    private let state: Mutex<State>

    /// Outlines of the font files by face slot (``FontFaces/slot(_:)``).
    init(paths: [String]) {
        state = Mutex(State(faces: paths.map { _ in nil }, paths: paths))
    }

    /// Font units per em of a face (2048 for DejaVu Sans); 0 if the font cannot be read.
    func unitsPerEm(slot: Int) -> Int {
        state.withLock { state in
            guard let face = Self.face(slot: slot, in: &state) else { return 0 }
            return Int(face.pointee.units_per_EM)
        }
    }

    /// The glyph index of a character (0, the missing-glyph box, for one the font lacks).
    func index(of scalar: Unicode.Scalar, slot: Int) -> UInt32 {
        state.withLock { state in
            let key = CharacterKey(slot: slot, scalar: scalar.value)
            if let known = state.indices[key] { return known }
            guard let face = Self.face(slot: slot, in: &state) else { return 0 }
            let index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
            state.indices[key] = index
            return index
        }
    }

    /// The outline and advance of glyph `index`; an empty outline if it cannot be read.
    func glyph(_ index: UInt32, slot: Int) -> Glyph {
        state.withLock { state in
            let key = Key(slot: slot, index: index)
            if let known = state.cache[key] { return known }
            var glyph = Glyph(steps: [], advance: 0)
            if let face = Self.face(slot: slot, in: &state),
               FT_Load_Glyph(face, index, Int32(FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP)) == 0,
               let slot = face.pointee.glyph {
                glyph.advance = Int(slot.pointee.advance.x)
                if slot.pointee.format == FT_GLYPH_FORMAT_OUTLINE {
                    glyph.steps = Self.decompose(&slot.pointee.outline)
                }
            }
            state.cache[key] = glyph
            return glyph
        }
    }

    private static func face(slot: Int, in state: inout State) -> FT_Face? {
        guard state.faces.indices.contains(slot) else { return nil }
        if let face = state.faces[slot] { return face }
        if state.library == nil {
            var library: FT_Library?
            guard FT_Init_FreeType(&library) == 0 else { return nil }
            state.library = library
        }
        guard let library = state.library, let path = state.paths[slot] else { return nil }
        var face: FT_Face?
        guard FT_New_Face(library, path, 0, &face) == 0, let face else {
            state.paths[slot] = nil  // do not try again
            return nil
        }
        state.faces[slot] = face
        return face
    }

    /// The steps of an outline, through FreeType's own walk (which supplies the implied on-curve
    /// points between consecutive quadratic control points).
    private static func decompose(_ outline: inout FT_Outline) -> [Step] {
        final class Collector { var steps: [Step] = [] }
        let collector = Collector()
        var funcs = FT_Outline_Funcs(
            move_to: { to, user in
                guard let to, let user else { return 1 }
                Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().steps.append(.move(Int32(clamping: to.pointee.x), Int32(clamping: to.pointee.y)))
                return 0
            },
            line_to: { to, user in
                guard let to, let user else { return 1 }
                Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().steps.append(.line(Int32(clamping: to.pointee.x), Int32(clamping: to.pointee.y)))
                return 0
            },
            conic_to: { control, to, user in
                guard let control, let to, let user else { return 1 }
                Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().steps.append(
                    .quadratic(Int32(clamping: control.pointee.x), Int32(clamping: control.pointee.y), Int32(clamping: to.pointee.x), Int32(clamping: to.pointee.y)))
                return 0
            },
            cubic_to: { c1, c2, to, user in
                guard let c1, let c2, let to, let user else { return 1 }
                Unmanaged<Collector>.fromOpaque(user).takeUnretainedValue().steps.append(
                    .cubic(Int32(clamping: c1.pointee.x), Int32(clamping: c1.pointee.y), Int32(clamping: c2.pointee.x), Int32(clamping: c2.pointee.y),
                           Int32(clamping: to.pointee.x), Int32(clamping: to.pointee.y)))
                return 0
            },
            shift: 0, delta: 0)
        let status = withExtendedLifetime(collector) {
            FT_Outline_Decompose(&outline, &funcs, Unmanaged.passUnretained(collector).toOpaque())
        }
        return status == 0 ? collector.steps : []
    }
}
