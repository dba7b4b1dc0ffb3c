import Landscapes
import Trajectories

extension Comparison {
    /// The most curvature ellipses a figure asks for (per path, or at points).
    public static let maximumEllipses = 100
    /// The curvature overlay ``curvature`` asks for on a panel of these series, or nil (nothing
    /// asked, or values computed elsewhere, which have no exact Hessian).
    func overlay(series: [PathSeries], domain: Domain) -> CurvatureOverlay? {
        guard !curvature.isEmpty, grid == nil, surface.dimension == 2 else { return nil }
        var ellipses = curvature.ellipsesAt.map { CurvatureOverlay.Ellipse(center: $0, hessian: surface.hessian(at: $0)) }
        let n = curvature.ellipsesAlongPaths
        if n > 0 {
            for s in series {
                for p in Self.evenlyAlong(s.points.filter { $0.isFinite && domain.contains($0) }, count: n) {
                    ellipses.append(.init(center: p, hessian: surface.hessian(at: p), color: s.color))
                }
            }
        }
        return CurvatureOverlay(surface: surface, domain: domain, indefinite: curvature.indefinite, ellipses: ellipses)
    }

    /// `count` points evenly spaced by arc length along a path, from its start to its end (where
    /// a converging run's steps crowd, spacing by step would stack them on the minimum).
    static func evenlyAlong(_ points: [Vector2], count: Int) -> [Vector2] {
        guard let first = points.first, count > 0 else { return [] }
        var length = [0.0]
        for k in points.indices.dropFirst() { length.append(length[k - 1] + (points[k] - points[k - 1]).norm) }
        let total = length[length.count - 1]
        guard count > 1, total > 0 else { return [first] }
        var out: [Vector2] = []
        var k = 0
        for j in 0..<count {
            let target = total * Double(j) / Double(count - 1)
            while k < points.count - 1 && length[k + 1] < target { k += 1 }
            guard k < points.count - 1 else { out.append(points[points.count - 1]); continue }
            let span = length[k + 1] - length[k]
            let t = span > 0 ? (target - length[k]) / span : 0
            out.append(Vector2(points[k].x + t * (points[k + 1].x - points[k].x), points[k].y + t * (points[k + 1].y - points[k].y)))
        }
        return out
    }

    /// Each run's stability threshold (`MomentumMethod.sharpnessThreshold`), or nil where the
    /// theory does not apply (adaptive optimizers, schedules), by series.
    func stabilityThresholds() -> [(value: Double, name: String)?] {
        let configurations: [OptimizerConfiguration?] = optimizers.map { $0 } + recordedRuns.map { r in
            r.runs.first.flatMap { try? OptimizerConfiguration(spec: $0.optimizer) }
        }
        return configurations.map { c in
            c.flatMap(MomentumMethod.init).map { ($0.sharpnessThreshold, $0.thresholdName) }
        }
    }

    /// The sharpness along each drawn path: λmax of the exact Hessian at every point (f″ on a
    /// curve), against the step, with each run's stability threshold dashed in its colour. GD on
    /// the ravine at η = 0.036 sits at λmax·η = 1.8, just under 2: why it zig-zags.
    func sharpnessPanel(series: [PathSeries], runs: [[Trajectory]]) -> LinePanel {
        let thresholds = stabilityThresholds()
        let lines = series.map { s -> LinePanel.Series in
            let values = s.points.map { p -> Double in
                guard p.isFinite else { return .nan }
                let h = surface.hessian(at: p)
                return surface.dimension == 1 ? h.xx : h.eigenvalues.max
            }
            var line = LinePanel.Series(name: s.label, color: s.color, values: values)
            if let steps = s.pointSteps, steps.count == values.count { line.x = steps.map(Double.init) }
            return line
        }
        var panel = LinePanel(series: lines, title: surface.dimension == 1 ? "curvature f″ along each path" : "sharpness λmax along each path",
                              xLabel: "step", yLabel: surface.dimension == 1 ? "f″(w)" : "λmax of ∇²f")
        panel.showLegend = false
        panel.includesZero = surface.dimension == 2
        panel.levels = zip(series, thresholds).compactMap { s, t in
            t.map { .init(y: $0.value, color: s.color, label: "\($0.name) = \(TickFormat.significant($0.value))") }
        }
        return panel
    }
}

extension MomentumMethod {
    /// The stability threshold's name in a figure: 2/η for GD, 2(1+β)/η for heavy ball, λ* for
    /// the exact limit with Nesterov, dampening or weight decay.
    var thresholdName: String {
        if momentum == 0 && weightDecay == 0 { return "2/η" }
        return !nesterov && dampening == 0 && weightDecay == 0 ? "2(1+β)/η" : "λ*"
    }
}
