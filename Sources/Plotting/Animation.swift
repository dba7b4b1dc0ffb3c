import Landscapes
/// A panel that can draw its runs as far as a step, for the frames of an animation.
public protocol StepPanel: Panel {
    /// This panel with every run drawn up to `step` (a run that ended before it, whole, with its
    /// outcome); axes, legend boxes and every other part stay as in the whole figure.
    func upTo(step: Int) -> any Panel
}

/// A panel that draws optimizer paths: its runs can be cut at a step.
public protocol PathPanel: StepPanel {
    var series: [PathSeries] { get set }
}

extension PathPanel {
    public func upTo(step: Int) -> any Panel {
        var copy = self
        for k in copy.series.indices { copy.series[k].shownSteps = step }
        return copy
    }
}

extension LandscapePanel: PathPanel {}
extension Surface3DPanel: PathPanel {}
extension CurvePanel: PathPanel {}

extension LinePanel: StepPanel {
    public func upTo(step: Int) -> any Panel {
        var copy = self
        copy.shownSteps = step
        return copy
    }
}

extension LossPanel: StepPanel {
    public func upTo(step: Int) -> any Panel {
        var copy = self
        for k in copy.series.indices { copy.series[k].shownSteps = step }
        return copy
    }
}

/// An optimizer race: the frames of a figure whose runs grow step by step, all together, to the
/// figure itself.
///
/// Frame k of F shows step round(k·S/(F − 1)) of the longest run's S steps, so steps map onto
/// frames evenly however long the runs are; a run that has ended stays where it ended. A
/// counter at the top left gives the step. The last frame is the still figure, shown for `hold`
/// seconds more.
///
/// With `orbit` (degrees), the 3-D views turn as the runs grow: frame k of F looks from azimuth
/// a − orbit·(1 − k/(F − 1)), where a is the figure's, so the turn ends on the still figure (a
/// turn of 360° starts there too).
///
/// ```swift
/// let race = Animation(figure: comparison.figure(), frames: 120, fps: 24)
/// race.frame(40)      // a Figure, drawn like any other
/// ```
public struct Animation: Sendable {
    public let figure: Figure
    /// The longest run's steps.
    public let lastStep: Int
    /// The step each frame shows.
    public let steps: [Int]
    public var fps: Double
    /// Extra seconds on the last frame.
    public var hold: Double
    /// Times to play; 0 plays forever.
    public var loop: Int
    /// Degrees the 3-D views turn about the vertical over the frames (a turntable).
    public var orbit: Double

    /// The most frames an animation has: a run of 10⁵ steps still plays in a few hundred.
    public static let maximumFrames = 2000

    public init(figure: Figure, frames: Int? = nil, fps: Double = 24, hold: Double = 1.5, loop: Int = 0, orbit: Double = 0) {
        var longest = 0
        for row in figure.panels {
            for panel in row {
                if let p = panel as? any PathPanel { longest = Swift.max(longest, p.series.map(\.steps).max() ?? 0) }
                if let p = panel as? LossPanel { longest = Swift.max(longest, p.series.map(\.lastStep).max() ?? 0) }
            }
        }
        lastStep = longest
        // Long paths are reduced once here, not in every frame (see PathSeries.reducedForAnimation).
        var figure = figure
        let resolution = 4 * Swift.max(figure.width, figure.height)
        figure.panels = figure.panels.map { row in
            row.map { panel -> any Panel in
                if var p = panel as? LandscapePanel {
                    p.series = p.series.map { $0.reducedForAnimation(domain: p.domain, resolution: resolution) }
                    return p
                }
                if var p = panel as? Surface3DPanel {
                    p.series = p.series.map { $0.reducedForAnimation(domain: p.domain, resolution: resolution) }
                    return p
                }
                if var p = panel as? LossPanel {
                    p.series = p.series.map { $0.reducedForAnimation(columns: Int(resolution)) }
                    return p
                }
                return panel
            }
        }
        // The counter's room, in every frame (a title that would run into it keeps clear).
        var reserved = figure
        reserved.cornerReserve = Self.counter(longest, of: longest)
        self.figure = reserved
        let count = Swift.min(Swift.max(2, frames ?? Self.defaultFrames(steps: longest, fps: fps)), longest + 1, Self.maximumFrames)
        steps = count < 2 ? [longest] : (0..<count).map { k in Int((Double(k) * Double(longest) / Double(count - 1)).rounded()) }
        self.fps = fps
        self.hold = hold
        self.loop = loop
        self.orbit = orbit.isFinite ? orbit : 0
    }

    /// The most pixels of one frame of a raster animation (GIF, APNG): 4000 × 4000. A frame is
    /// held a few times over as 32-bit pixels while it is compared and encoded (about 0.5 GB at
    /// this size).
    public static let maximumFramePixels = 16_000_000
    /// The most pixels of all of a raster animation's frames together: 2·10⁹, about 20 s of
    /// rasterizing and encoding on two cores.
    public static let maximumPixels = 2_000_000_000

    /// Why this animation cannot be made (no step to grow, or, as a raster, more pixels than
    /// the limits allow), in one line; nil when it can. Checked before any frame is drawn.
    public func problem(raster: Bool) -> String? {
        if frameCount < 2 { return "nothing to animate: the runs take no step (an animation needs at least 2 frames)" }
        guard raster else { return nil }
        let w = figure.width.rounded(), h = figure.height.rounded()
        let pixels = w * h, total = pixels * Double(frameCount)
        if pixels > Double(Self.maximumFramePixels) {
            return "a \(Int(w))×\(Int(h)) frame has \(Limits.describeCount(pixels)) pixels; an animated GIF or PNG has at most \(Limits.describeCount(Double(Self.maximumFramePixels))) a frame (4000×4000): use a smaller --size, or write .svg"
        }
        if total > Double(Self.maximumPixels) {
            return "\(frameCount) frames × \(Int(w))×\(Int(h)) = \(Limits.describeCount(total)) pixels, over the limit of \(Limits.describeCount(Double(Self.maximumPixels))) for an animated GIF or PNG: use fewer frames (--frames, --seconds) or a smaller --size"
        }
        return nil
    }

    /// Whether the figure has a 3-D view, which `orbit` turns.
    public var hasThreeDView: Bool { figure.panels.joined().contains { $0 is Surface3DPanel } }

    /// A readable pace: about 60 steps a second, between 2 and 8 seconds.
    public static func defaultFrames(steps: Int, fps: Double) -> Int {
        let seconds = Swift.min(8, Swift.max(2, Double(steps) / 60))
        let rate = fps.isFinite && fps > 0 ? Swift.min(fps, 1000) : 24
        return Swift.max(2, Int((seconds * rate).rounded()))
    }

    public var frameCount: Int { steps.count }

    /// The step counter's text.
    public static func counter(_ step: Int, of last: Int) -> String { "step \(step) of \(last)" }

    /// How long each frame shows, in seconds: 1/fps, and the hold on the last (a rate that is
    /// not a positive number counts as 24, a hold that is not a number as none; an hour at most).
    public var delays: [Double] {
        let rate = fps.isFinite && fps > 0 ? Swift.min(fps, 1000) : 24
        let extra = hold.isFinite ? Swift.max(0, Swift.min(hold, 3600)) : 0
        return steps.indices.map { k in 1 / rate + (k == steps.count - 1 ? extra : 0) }
    }

    /// Frame `k`: the figure with its runs as far as step `steps[k]`; the last is the figure.
    public func frame(_ k: Int) -> Figure {
        guard k < steps.count - 1 else { return figure }
        var f = figure
        let step = steps[k]
        let turn = orbit == 0 ? 0 : -orbit * (1 - Double(k) / Double(steps.count - 1))
        f.panels = figure.panels.map { row in
            row.map { panel in
                let grown = (panel as? StepPanel)?.upTo(step: step) ?? panel
                guard turn != 0, var view = grown as? Surface3DPanel else { return grown }
                view.camera.azimuth += turn
                return view
            }
        }
        f.corner = Self.counter(step, of: lastStep)
        return f
    }
}
