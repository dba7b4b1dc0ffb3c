import Landscapes
import Networks
import Trajectories

extension NetworkFigure {
    // MARK: Curvature along training

    /// Each run's stability threshold: the sharpness above which its update stops contracting on
    /// a quadratic (``MomentumMethod/sharpnessThreshold``: 2/η for GD, 2(1 + β)/η for heavy-ball
    /// momentum), or nil for optimizers it does not apply to (adaptive ones, schedules).
    public var stabilityThresholds: [Double?] {
        session.runs.map { run in
            (try? OptimizerConfiguration(spec: run.optimizer, catalog: catalog)).flatMap(MomentumMethod.init)?.sharpnessThreshold
        }
    }

    /// The threshold's name in a label: 2/η for GD, 2(1+β)/η with momentum.
    static func thresholdName(_ spec: String, catalog: OptimizerCatalog) -> String {
        guard let method = (try? OptimizerConfiguration(spec: spec, catalog: catalog)).flatMap(MomentumMethod.init) else { return "" }
        if method.momentum == 0 && method.weightDecay == 0 { return "2/η" }
        return method.nesterov ? "λ*" : method.dampening == 0 && method.weightDecay == 0 ? "2(1+β)/η" : "λ*"
    }

    /// Whether every run has λmax recorded at its steps (`net train --curvature`).
    public var hasCurvature: Bool { !session.runs.isEmpty && session.runs.allSatisfy(\.hasCurvature) }

    /// The session with λmax measured where it is missing (and λmin kept where it was).
    public func measuringMissingCurvature() -> NetworkFigure {
        var f = self
        for k in f.session.runs.indices where !f.session.runs[k].hasCurvature {
            f.session.runs[k] = f.session.runs[k].measuringCurvature(model: session.model, data: session.data, smallest: false, seed: seed)
        }
        return f
    }

    /// The edge-of-stability figure (Cohen et al. 2021): the loss, and the sharpness λmax of the
    /// full-batch Hessian at every recorded step with each run's stability threshold dashed in
    /// its colour; with λmin recorded, a third panel of it. Side by side, or stacked on a canvas
    /// taller than wide. Records without curvature are left out.
    public func sharpnessFigure() -> Figure {
        let labels = self.labels
        let thresholds = stabilityThresholds
        func steps(_ run: NetworkRun, where keep: (NetworkRun.Record) -> Bool) -> [Double] {
            run.records.filter(keep).map { Double($0.step) }
        }
        let lastStep = session.runs.compactMap { $0.records.last?.step }.max() ?? 1
        func panel(title: String, yLabel: String, values: (NetworkRun.Record) -> Double?, legend: Bool) -> LinePanel {
            let series = session.runs.enumerated().map { k, run in
                let kept = run.records.filter { values($0) != nil }
                var s = LinePanel.Series(name: labels[k], color: style.runColor(k), values: kept.map { values($0) ?? .nan })
                s.x = kept.map { Double($0.step) }
                return s
            }
            var p = LinePanel(series: series, title: title, xLabel: "step", yLabel: yLabel)
            p.xRange = 0...Double(Swift.max(1, lastStep))
            p.showLegend = legend
            p.legendShare = 0.45
            return p
        }
        let lossName = session.model.loss == .crossEntropy ? "cross-entropy" : "mean squared error"
        let loss = panel(title: "training loss", yLabel: lossName, values: { $0.loss.isFinite ? $0.loss : nil }, legend: true)
        var sharpness = panel(title: "sharpness λmax", yLabel: "λmax of the Hessian", values: { $0.curvature?.largest }, legend: false)
        sharpness.levels = session.runs.indices.compactMap { k in
            thresholds[k].map { .init(y: $0, color: style.runColor(k), label: "\(Self.thresholdName(session.runs[k].optimizer, catalog: catalog)) = \(TickFormat.significant($0))") }
        }
        var panels: [any Panel] = [loss, sharpness]
        if session.runs.contains(where: { $0.records.contains { $0.curvature?.smallest != nil } }) {
            var smallest = panel(title: "most negative curvature λmin", yLabel: "λmin of the Hessian", values: { $0.curvature?.smallest }, legend: false)
            smallest.levels = [.init(y: 0, color: style.shade(Color(hex: 0x555555), else: style.muted), label: "0")]
            panels.append(smallest)
        }
        let known = thresholds.contains { $0 != nil }
        let subtitle = "λmax of the full-batch Hessian at every recorded step (Lanczos)"
            + (known ? "; dashed: each run's stability threshold, where GD on a quadratic stops converging" : "")
        let rows: [[any Panel]] = height > width ? panels.map { [$0] } : [panels]
        return Figure(style: style, width: width, height: height, title: title ?? "\(session.data.source), \(modelDescription)",
                      subtitle: self.subtitle ?? subtitle, panels: rows)
    }

    /// The size the sharpness figure suits, and whether a canvas fits it (side by side; stacked
    /// on a tall canvas).
    public var sharpnessPreferredSize: (width: Double, height: Double) {
        session.runs.contains(where: { $0.records.contains { $0.curvature?.smallest != nil } }) ? (1500, 500) : (1100, 480)
    }
    public var sharpnessMinimumSize: (width: Double, height: Double) {
        session.runs.contains(where: { $0.records.contains { $0.curvature?.smallest != nil } }) ? (900, 300) : (620, 300)
    }
    public func sharpnessFits(width: Double, height: Double) -> Bool {
        let panels = session.runs.contains(where: { $0.records.contains { $0.curvature?.smallest != nil } }) ? 3.0 : 2.0
        return height > width ? width >= 340 && height >= 280 * panels : width >= 300 * panels && height >= 300
    }
}
