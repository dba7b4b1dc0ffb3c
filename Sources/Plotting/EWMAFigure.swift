import Trajectories

/// The exponentially weighted moving average, in three panels: the average of some values for
/// several β; the same average started at 0, with and without the bias correction Adam applies;
/// and a per-sample gradient component of SGD with its average, which is what momentum follows.
///
/// ```swift
/// let figure = EWMAFigure(values: [5, 6, 4, 7, 5, 10, 8, 6, 7], betas: [0.1, 0.5, 0.9]).figure()
/// ```
public struct EWMAFigure: Sendable {
    public var values: [Double]
    public var betas: [Double]
    /// One component of per-sample gradients, step by step, for the third panel (none: two panels).
    public var gradients: [Double]?
    public var gradientTitle = "per-sample gradient component"
    public var gradientBeta = 0.9
    public var width: Double = 1400
    /// How the figure looks (its text, lines, colours and the runs' palette).
    public var style: Style = .default
    public var height: Double = 480
    public var title: String?
    public var subtitle: String?

    public init(values: [Double], betas: [Double]) {
        self.values = values
        self.betas = betas
    }

    /// A β as the figure writes it.
    public static func format(_ beta: Double) -> String { TickFormat.number(beta) }

    public func figure() -> Figure {
        let data = LinePanel.Series(name: "data xₜ", color: Color(hex: 0x333333), values: values, style: .points)
        let averages = betas.enumerated().map { k, beta in
            LinePanel.Series(name: "β = \(Self.format(beta))", color: style.runColor(k), values: EWMA.average(values, beta: beta), style: .lineAndPoints,
                             marker: LandscapePanel.stepMarker(k))
        }
        var first = LinePanel(series: [data] + averages, title: "vₜ = β·vₜ₋₁ + (1 − β)·xₜ, v₀ = x₀", xLabel: "t", yLabel: "value")
        first.showLegend = true
        let beta = betas.max() ?? 0.9
        var second = LinePanel(series: [
            data,
            LinePanel.Series(name: "from 0: v₀ = (1 − β)·x₀, β = \(Self.format(beta))", color: style.runColor(3), values: EWMA.zeroStarted(values, beta: beta, corrected: false),
                             style: .dashed, marker: .diamond),
            LinePanel.Series(name: "bias-corrected vₜ / (1 − βᵗ⁺¹)", color: style.runColor(1), values: EWMA.zeroStarted(values, beta: beta, corrected: true),
                             style: .lineAndPoints, marker: .square),
        ], title: "started at 0, as Adam starts", xLabel: "t", yLabel: "value")
        second.showLegend = true
        var panels: [any Panel] = [first, second]
        if let gradients, !gradients.isEmpty {
            var third = LinePanel(series: [
                LinePanel.Series(name: "gradient", color: Color(hex: 0x999999), values: gradients, style: .points, marker: .circle),
                LinePanel.Series(name: "EWMA, β = \(Self.format(gradientBeta))", color: style.runColor(0), values: EWMA.average(gradients, beta: gradientBeta),
                                 style: .line),
            ], title: gradientTitle, xLabel: "step", yLabel: "gradient")
            third.showLegend = true
            panels.append(third)
        }
        return Figure(style: style, width: width, height: height, title: title ?? "Exponentially weighted moving averages",
                      subtitle: subtitle ?? "what momentum and Adam keep of past gradients", panels: [panels])
    }
}
