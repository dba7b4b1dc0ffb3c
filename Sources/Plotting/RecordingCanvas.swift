/// A canvas that draws nothing and records every call, for testing layout without pixels.
///
/// Text is measured with a fixed advance of 0.6 em per character, ascent 0.76 em, descent 0.24 em
/// (close to DejaVu Sans), so layouts computed here match Cairo's to within a few device units.
public final class RecordingCanvas: Canvas {
    public enum Call: Sendable, Hashable {
        case fill(Path, Color, FillRule)
        case stroke(Path, StrokeStyle)
        case text(String, Point, Font, Color, Double)
        case pushClip(Rect)
        case popClip
    }

    public let size: (width: Double, height: Double)
    public private(set) var calls: [Call] = []
    /// What the calls from each index on draw, as the figure marked them (``Canvas/mark(_:)``).
    public private(set) var marks: [(call: Int, label: String)] = []
    /// Boxes of every text drawn (unrotated), with the string.
    public private(set) var texts: [(string: String, box: Rect, angle: Double)] = []

    public init(width: Double, height: Double) { size = (width, height) }

    public func fill(_ path: Path, color: Color, rule: FillRule) { calls.append(.fill(path, color, rule)) }
    public func mark(_ label: String) { marks.append((calls.count, label)) }

    /// What call k draws: the panel and the part of it last marked before it (nil: none).
    public func part(ofCall k: Int) -> String? {
        let before = marks.prefix { $0.call <= k }
        guard let last = before.last else { return nil }
        guard !last.label.hasPrefix("panel "), let panel = before.last(where: { $0.label.hasPrefix("panel ") }) else { return last.label }
        return "\(panel.label), \(last.label)"
    }
    public func stroke(_ path: Path, style: StrokeStyle) { calls.append(.stroke(path, style)) }

    public func text(_ string: String, at origin: Point, font: Font, color: Color, angle: Double) {
        calls.append(.text(string, origin, font, color, angle))
        let m = measure(string, font: font)
        if angle == 0 {
            texts.append((string, Rect(x: origin.x, y: origin.y - m.ascent, width: m.width, height: m.ascent + m.descent), angle))
        } else {
            // Rotated by ±90°: the box turns about the origin.
            let h = m.ascent + m.descent
            let sign: Double = angle < 0 ? -1 : 1
            let box = sign < 0
                ? Rect(x: origin.x - m.ascent, y: origin.y - m.width, width: h, height: m.width)
                : Rect(x: origin.x - m.descent, y: origin.y, width: h, height: m.width)
            texts.append((string, box, angle))
        }
    }

    public func measure(_ string: String, font: Font) -> TextMetrics {
        TextMetrics(width: 0.6 * font.size * Double(string.count), ascent: 0.76 * font.size, descent: 0.24 * font.size)
    }

    public func pushClip(_ rect: Rect) { calls.append(.pushClip(rect)) }
    public func popClip() { calls.append(.popClip) }
}

extension RecordingCanvas.Call {
    /// Draws this call on a canvas.
    public func draw(on canvas: any Canvas) {
        switch self {
        case let .fill(path, color, rule): canvas.fill(path, color: color, rule: rule)
        case let .stroke(path, style): canvas.stroke(path, style: style)
        case let .text(string, origin, font, color, angle): canvas.text(string, at: origin, font: font, color: color, angle: angle)
        case let .pushClip(rect): canvas.pushClip(rect)
        case .popClip: canvas.popClip()
        }
    }
}
