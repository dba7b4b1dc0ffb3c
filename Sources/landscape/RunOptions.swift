import ArgumentParser
import Landscapes

/// The options of a run that `trace` and `render` share: start, steps, seed and stop rules.
struct RunOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditionalSingleValue, help: "Start point X,Y (X for a curve); repeat for several (every optimizer runs from each); default: the surface's suggested start.")
    var start: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "The most steps of each run (default 1000).")
    var steps: String?

    @Option(name: .long, parsing: .unconditional, help: "Seed of the mini-batch shuffles.")
    var seed: String = "0"

    @Option(name: .customLong("stop-loss"), parsing: .unconditional, help: "Stop once the loss is below L.")
    var stopLoss: String?

    @Option(name: .customLong("stop-grad"), parsing: .unconditional, help: "Stop once the gradient norm is below G.")
    var stopGrad: String?

    /// The start points for `surface`, checked; empty for the surface's own.
    func startPoints(for surface: Surface) throws(CommandError) -> [Vector2] {
        var points: [Vector2] = []
        for text in start {
            let p = try Arguments.point(text, option: "--start", dimension: surface.dimension)
            if !surface.domain.contains(p) {
                Console.note("the start \(text) lies outside the default domain of \(surface.name)")
            }
            guard !points.contains(p) else { throw .usage("--start \(excerpt(text, limit: 40)) is given twice") }
            points.append(p)
        }
        guard points.count <= 16 else { throw .usage("at most 16 --start values, got \(points.count)") }
        return points
    }

    /// The one start point for `surface` of a command that runs from one place; nil for the
    /// surface's own.
    func startPoint(for surface: Surface, command: String) throws(CommandError) -> Vector2? {
        let points = try startPoints(for: surface)
        guard points.count <= 1 else { throw .usage("\(command) runs from one start; got \(points.count) --start values") }
        return points.first
    }

    /// A one-start run's options into a figure spec of `surface`: its start (if given), steps,
    /// seed and loss stop; `command` names it in messages ("a sweep runs from one start").
    func applyOneStart(to spec: inout Scene.FigureSpec, surface: Surface, command: String) throws(CommandError) {
        spec.starts = try startPoint(for: surface, command: command).map { [$0.dimensionPrefix(surface.dimension)] } ?? []
        spec.steps = try stepCount()
        spec.seed = try seedValue()
        spec.stopLoss = try stopLossValue()
    }

    func stepCount() throws(CommandError) -> Int { try Arguments.steps(steps ?? "1000") }
    func seedValue() throws(CommandError) -> UInt64 { UInt64(try Arguments.wholeNumber(seed, option: "--seed", in: 0...Int.max)) }
    func stopLossValue() throws(CommandError) -> Double? {
        try stopLoss.map { text throws(CommandError) in try Arguments.finite(text, option: "--stop-loss") }
    }
    func stopGradValue() throws(CommandError) -> Double? {
        try stopGrad.map { text throws(CommandError) in try Arguments.positive(text, option: "--stop-grad") }
    }
}

import Foundation
