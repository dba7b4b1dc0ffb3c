/// The drawing protocol: a handful of primitives in device coordinates, and nothing about axes,
/// legends or data. `CairoRenderer` implements it on PNG, SVG and PDF surfaces; ``RecordingCanvas``
/// records the calls so that layout can be tested without pixels.
public protocol Canvas: AnyObject {
    /// Width and height in device units.
    var size: (width: Double, height: Double) { get }
    /// Fills a path with a colour.
    func fill(_ path: Path, color: Color, rule: FillRule)
    /// Strokes a path.
    func stroke(_ path: Path, style: StrokeStyle)
    /// Draws text with its baseline starting at `origin`, rotated by `angle` radians
    /// (positive turns clockwise on screen) about `origin`.
    func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double)
    /// The advance width and the font's ascent and descent for `string`.
    func measure(_ string: String, font: Font) -> TextMetrics
    /// Restricts drawing to `rect` until the matching ``popClip()``.
    func pushClip(_ rect: Rect)
    func popClip()
    /// Notes what the calls after it draw (`panel 1 (LandscapePanel)`, `path of 'GD lr=0.1'`):
    /// nothing is drawn; a recording keeps it, so that a drawing that changed can name the part.
    func mark(_ label: String)
}

extension Canvas {
    public func mark(_ label: String) {}
}

/// A canvas that can hand out branches: canvases that record what is drawn on them, measure
/// text as this canvas does, and may each be used on its own thread; ``merge(_:)`` then draws a
/// branch's recording here. ``Figure`` draws its panels on branches in parallel and merges them
/// in order, so the result is what drawing them one after another gives.
public protocol BranchingCanvas: Canvas {
    /// A new branch, or nil if none can be made (the figure is then drawn in order here).
    func makeBranch() -> (any BranchingCanvas)?
    /// Draws everything drawn on `branch` (one of this canvas's branches) onto this canvas.
    func merge(_ branch: any BranchingCanvas)
}

public enum FillRule: Sendable, Hashable {
    case nonZero
    case evenOdd
}

public struct StrokeStyle: Sendable, Hashable {
    public enum Cap: Sendable, Hashable { case butt, round, square }
    public enum Join: Sendable, Hashable { case miter, round, bevel }

    public var color: Color
    public var width: Double
    public var cap: Cap
    public var join: Join
    public var dash: [Double]

    public init(color: Color, width: Double, cap: Cap = .butt, join: Join = .miter, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.cap = cap
        self.join = join
        self.dash = dash
    }
}

public struct Font: Sendable, Hashable {
    public enum Weight: Sendable, Hashable { case regular, bold }
    /// DejaVu's three families, which every set-up installs (fonts-dejavu-core): Sans, Serif
    /// and Sans Mono.
    public enum Family: String, Sendable, Hashable, CaseIterable { case sans, serif, mono }
    public var size: Double
    public var weight: Weight
    public var family: Family

    public init(size: Double, weight: Weight = .regular, family: Family = .sans) {
        self.size = size
        self.weight = weight
        self.family = family
    }

    /// The same face at another size.
    public func sized(_ size: Double) -> Font { Font(size: size, weight: weight, family: family) }
}

public struct TextMetrics: Sendable, Hashable {
    /// Horizontal advance of the whole string.
    public var width: Double
    /// Distance from the baseline up to the top of tall glyphs.
    public var ascent: Double
    /// Distance from the baseline down to the bottom of descenders (positive).
    public var descent: Double

    public init(width: Double, ascent: Double, descent: Double) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
    }
}

/// Where a piece of text sits relative to the point it is drawn at.
public struct TextAnchor: Sendable, Hashable {
    public enum Horizontal: Sendable, Hashable { case left, center, right }
    public enum Vertical: Sendable, Hashable { case top, middle, baseline, bottom }
    public var horizontal: Horizontal
    public var vertical: Vertical

    public init(_ horizontal: Horizontal, _ vertical: Vertical) {
        self.horizontal = horizontal
        self.vertical = vertical
    }
}

extension Canvas {
    /// Draws text anchored at `point` and returns its bounding box (before rotation).
    @discardableResult
    public func text(_ string: String, at point: Point, font: Font, color: Color = .ink,
                     anchor: TextAnchor, angle: Double = 0) -> Rect {
        let m = measure(string, font: font)
        let box = Self.textBox(m, at: point, anchor: anchor)
        // Offset from the anchor to the baseline origin, in the text's own (unrotated) frame.
        let dx = box.minX - point.x, dy = box.minY + m.ascent - point.y
        let c = cos(angle), s = sin(angle)
        let origin = Point(point.x + dx * c - dy * s, point.y + dx * s + dy * c)
        text(string, at: origin, font: font, color: color, angle: angle)
        return box
    }

    /// The box a string occupies when anchored at `point` (unrotated).
    public func textBox(_ string: String, at point: Point, font: Font, anchor: TextAnchor) -> Rect {
        Self.textBox(measure(string, font: font), at: point, anchor: anchor)
    }

    static func textBox(_ m: TextMetrics, at point: Point, anchor: TextAnchor) -> Rect {
        let x: Double
        switch anchor.horizontal {
        case .left: x = point.x
        case .center: x = point.x - m.width / 2
        case .right: x = point.x - m.width
        }
        let top: Double
        switch anchor.vertical {
        case .top: top = point.y
        case .middle: top = point.y - (m.ascent + m.descent) / 2
        case .baseline: top = point.y - m.ascent
        case .bottom: top = point.y - m.ascent - m.descent
        }
        return Rect(x: x, y: top, width: m.width, height: m.ascent + m.descent)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
