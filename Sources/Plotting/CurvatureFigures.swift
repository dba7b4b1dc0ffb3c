import Dispatch
import Landscapes
import Networks
import Trajectories

extension NetworkFigure {
    // MARK: Curvature along training

    /// Each run's stability threshold: the sharpness above which its update stops contracting on
    /// a quadratic (`MomentumMethod.sharpnessThreshold`: 2/η for GD, 2(1 + β)/η for heavy-ball
    /// momentum), or nil for optimizers it does not apply to (adaptive ones, schedules).
    public var stabilityThresholds: [Double?] { momentumMethods.map { $0?.sharpnessThreshold } }

    /// Each run's method, where the stability theory applies.
    var momentumMethods: [MomentumMethod?] {
        session.runs.map { (try? OptimizerConfiguration(spec: $0.optimizer, catalog: catalog)).flatMap(MomentumMethod.init) }
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
        let methods = momentumMethods
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
        sharpness.includesZero = true
        sharpness.levels = methods.enumerated().compactMap { k, m in
            m.map { .init(y: $0.sharpnessThreshold, color: style.runColor(k), label: "\($0.thresholdName) = \(TickFormat.significant($0.sharpnessThreshold))") }
        }
        var panels: [any Panel] = [loss, sharpness]
        if session.runs.contains(where: { $0.records.contains { $0.curvature?.smallest != nil } }) {
            var smallest = panel(title: "most negative curvature λmin", yLabel: "λmin of the Hessian", values: { $0.curvature?.smallest }, legend: false)
            smallest.levels = [.init(y: 0, color: style.shade(Color(hex: 0x555555), else: style.muted), label: "0")]
            panels.append(smallest)
        }
        let known = methods.contains { $0 != nil }
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

extension NetworkFigure {
    // MARK: Curvature on a plane

    /// The Hessian's extreme eigenvalues on the plane's lattice (`CurvatureGrid`), over the
    /// figure's extent, `resolution` points a side, on every core.
    public func curvatureGrid(on plane: Plane, progress: (@Sendable (Int, Int) -> Void)? = nil) -> CurvatureGrid {
        let e = extent(on: plane)
        return CurvatureGrid.compute(model: session.model, data: session.data, plane: plane,
                                     x: PlaneGrid.linspace(e.x.lowerBound, e.x.upperBound, resolution),
                                     y: PlaneGrid.linspace(e.y.lowerBound, e.y.upperBound, resolution), seed: seed, progress: progress)
    }

    /// The colour scale of λmin/λmax: 20 bands from −1 to 1, centred on 0 in a diverging map (red
    /// where λmin < 0: the loss is non-convex there; blue where it is convex), values beyond ±1
    /// in the end colours.
    public static func curvatureRatioStyle(_ ratio: [Double], colormap: Colormap? = nil) -> FieldStyle {
        var style = FieldStyle(levels: (0...20).map { Double($0 - 10) / 10 }, colormap: colormap ?? Colormap.diverging.reversed, label: "λmin / λmax")
        let finite = ratio.filter(\.isFinite)
        style.extends = ((finite.min() ?? 0) < -1, (finite.max() ?? 0) > 1)
        return style
    }

    /// The loss on the plane beside the curvature map (λmin/λmax at every point, as
    /// loss-landscape's Hessian figure), both with the paths; a run's end on a Hessian plane is
    /// the centre. Side by side, or stacked on a canvas taller than wide.
    public func curvatureMapFigure(plane: Plane, grid planeGrid: PlaneGrid, curvature: CurvatureGrid) -> Figure {
        let labels = self.labels
        let (surface, grid) = self.surface(plane: plane, grid: planeGrid)
        let projections = self.projections(on: plane)
        func series() -> [PathSeries] {
            zip(session.runs, projections).enumerated().map { k, pair in
                var s = PathSeries(trajectory: trajectory(pair.0, pair.1), label: labels[k], color: style.runColor(k))
                s.steps = pair.0.records.last?.step ?? 0
                s.pointSteps = pair.0.records.map(\.step)
                return s
            }
        }
        var field = colorScale.isEmpty ? FieldStyle.automatic(for: surface, grid: grid, count: levelCount, colormap: colormap ?? style.colormap)
            : FieldStyle.requested(colorScale, for: surface, grid: grid, count: levelCount, colormap: colormap ?? style.colormap)
        if let colorbarLabel { field.label = colorbarLabel }
        var loss = LandscapePanel(surface: surface, grid: grid, style: field, series: series(), title: "loss")
        loss.contourLabels = contourLabels
        let ratio = curvature.ratio
        let domain = grid.domain
        let ratioGrid = Grid(domain: domain, nx: curvature.x.count, ny: curvature.y.count, values: ratio)
        let ratioSurface = Surface(grid: ratioGrid, name: "curvature", formula: "λmin/λmax", axisNames: surface.axisNames)
        var map = LandscapePanel(surface: ratioSurface, grid: ratioGrid, style: Self.curvatureRatioStyle(ratio), series: series(),
                                 title: "curvature λmin / λmax")
        map.showLegend = false
        map.reserveLegendSpace = true
        for k in [0, 1] {
            var p = k == 0 ? loss : map
            if let xLabel { p.xLabel = xLabel }
            if let yLabel { p.yLabel = yLabel }
            if k == 0 { loss = p } else { map = p }
        }
        let finite = ratio.filter(\.isFinite)
        let negative = finite.isEmpty ? 0 : Double(finite.filter { $0 < 0 }.count) / Double(finite.count)
        let subtitle = "right: the Hessian's most negative over its largest eigenvalue at \(curvature.x.count)×\(curvature.y.count) points (red: non-convex, "
            + "λmin < 0, at \(Self.percent(negative)) of them; blue: convex)"
        let rows: [[any Panel]] = height > width ? [[loss], [map]] : [[loss, map]]
        return Figure(style: style, width: width, height: height, title: title ?? surface.formula, subtitle: self.subtitle ?? subtitle, panels: rows)
    }

    /// The sizes the curvature map suits, and whether a canvas fits it.
    public var curvatureMapPreferredSize: (width: Double, height: Double) { (1300, 560) }
    public var curvatureMapMinimumSize: (width: Double, height: Double) { (760, 340) }
    public func curvatureMapFits(width: Double, height: Double) -> Bool {
        height > width ? width >= 380 && height >= 680 : width >= 760 && height >= 340
    }
}

extension NetworkFigure {
    // MARK: Spectra at each run's end

    /// Each run's spectrum at its end (its last finite record), runs in parallel.
    public func spectra(probes: Int = 8, steps: Int = 60) -> [NetworkSpectrum?] {
        let session = self.session, seed = self.seed
        nonisolated(unsafe) var out = [NetworkSpectrum?](repeating: nil, count: session.runs.count)
        out.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: session.runs.count) { k in
                guard let end = Plane.fitted(session.runs[k].records.map(\.parameters)).last, end.allSatisfy(\.isFinite) else { return }
                slots[k] = NetworkSpectrum(model: session.model, data: session.data, theta: end, probes: probes, steps: steps, seed: seed)
            }
        }
        return out
    }

    /// The Hessian's spectrum at each run's end: its spectral density on a log scale (outliers
    /// and the bulk at 0 in one view, as PyHessian draws it), and beside it each layer's block's
    /// λmax (solid) and λmin (pale) per run. Stacked on a canvas taller than wide.
    public func spectrumFigure(_ spectra: [NetworkSpectrum?]) -> Figure {
        let labels = self.labels
        let nodes = spectra.compactMap { $0?.density.nodes.flatMap { $0 } }.flatMap { $0 }
        let sigma = spectra.compactMap { $0?.smoothingWidth }.max() ?? 1e-3
        let lo = (nodes.min() ?? -1) - 6 * sigma, hi = (nodes.max() ?? 1) + 6 * sigma
        let grid = PlaneGrid.linspace(lo, hi, 1200)
        let curves = spectra.enumerated().compactMap { k, s -> LinePanel.Series? in
            guard let s else { return nil }
            var line = LinePanel.Series(name: labels[k], color: style.runColor(k), values: s.density.smoothed(at: grid, width: sigma))
            line.x = grid
            return line
        }
        var density = LinePanel(series: curves, title: "spectral density at each run's end", xLabel: "eigenvalue λ of the Hessian",
                                yLabel: "density (σ = \(TickFormat.significant(sigma, digits: 2)))")
        density.logY = true
        density.xRange = lo...hi
        density.showLegend = true
        density.legendShare = 0.45
        let layers = (0..<session.model.layerCount).map { l in
            "layer \(l + 1) (\(session.model.widths[l])→\(session.model.widths[l + 1]))"
        }
        var bars = BarPanel(categories: layers, series: spectra.enumerated().compactMap { k, s in
            s.map { BarPanel.Series(name: labels[k], color: style.runColor(k), values: $0.layers.map(\.largest), lower: $0.layers.map(\.smallest)) }
        }, title: "each layer's block: λmax (solid), λmin (pale)", xLabel: "layer (weights and bias)", yLabel: "eigenvalue")
        bars.showLegend = false
        let probes = spectra.compactMap { $0?.density.nodes.count }.first ?? 0
        let subtitle = "the full-batch Hessian at each run's end: stochastic Lanczos quadrature (\(probes) probes), and Lanczos on each layer's block"
        let rows: [[any Panel]] = height > width ? [[density], [bars]] : [[density, bars]]
        return Figure(style: style, width: self.width, height: self.height, title: title ?? "\(session.data.source), \(modelDescription)",
                      subtitle: self.subtitle ?? subtitle, panels: rows)
    }

    public var spectrumPreferredSize: (width: Double, height: Double) { (1200, 500) }
    public var spectrumMinimumSize: (width: Double, height: Double) { (700, 320) }
    public func spectrumFits(width: Double, height: Double) -> Bool {
        height > width ? width >= 360 && height >= 640 : width >= 700 && height >= 320
    }
}
