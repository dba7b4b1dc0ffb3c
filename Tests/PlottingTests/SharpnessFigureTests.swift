import Landscapes
import Networks
import Testing
import Trajectories
@testable import Plotting

/// The edge-of-stability figure: loss and λmax against the step, each run's stability threshold
/// dashed in its colour and labelled, λmin in a third panel when recorded; every text on the
/// canvas and apart, at the preferred size, a small one and stacked on a tall one, with 1 and 8
/// runs.
@Suite struct SharpnessFigureTests {
    static let specs = ["gd:lr=0.5", "momentum:lr=0.1,momentum=0.9", "adam:lr=0.01", "nesterov:lr=0.1,momentum=0.5",
                        "gd:lr=0.2", "rmsprop:lr=0.01", "momentum:lr=0.05,momentum=0.5,dampening=0.5", "sgd:lr=0.1,batch=8"]

    static func figure(runs: Int, smallest: Bool) throws -> NetworkFigure {
        let data = try Dataset(spec: "moons:n=40")
        let model = try MLP(spec: "mlp:hidden=4,loss=mse", for: data)
        let initial = model.initialParameters(seed: 0)
        let options = TrainingOptions(epochs: 30, recordEvery: 3)
        let trained = try Trainer(model: model, data: data).train(specs.prefix(runs).map { try OptimizerConfiguration(spec: $0) },
                                                                 from: initial, options: options)
        let measured = trained.map { $0.measuringCurvature(model: model, data: data, smallest: smallest) }
        return NetworkFigure(session: NetworkSession(data: data, model: model, initial: initial, initSeed: 0, options: options, runs: measured))
    }

    @Test func thresholdsAreTheStabilityLimits() throws {
        let figure = try Self.figure(runs: 8, smallest: false)
        let t = figure.stabilityThresholds
        #expect(t[0] == 2 / 0.5 && t[1] == 2 * 1.9 / 0.1 && t[2] == nil && t[5] == nil)
        #expect(abs(t[3]! - 2 * 1.5 / (0.1 * 2)) <= 1e-12)   // Nesterov: 2(1+μ)/(γ(1+2μ))
        #expect(abs(t[6]! - 2 * 1.5 / (0.05 * 0.5)) <= 1e-9)  // dampening τ: 2(1+μ)/(γ(1−τ))
        #expect(t[7] == 2 / 0.1)
    }

    @Test(arguments: [(1, false, 1100.0, 480.0), (3, true, 1500, 500), (8, false, 1100, 480), (8, true, 900, 300),
                      (3, false, 620, 300), (3, true, 500, 900), (8, false, 340, 560)])
    func textsStayOnTheCanvasAndApart(runs: Int, smallest: Bool, width: Double, height: Double) throws {
        var figure = try Self.figure(runs: runs, smallest: smallest)
        #expect(figure.sharpnessFits(width: width, height: height))
        (figure.width, figure.height) = (width, height)
        let canvas = RecordingCanvas(width: width, height: height)
        let layouts = figure.sharpnessFigure().draw(on: canvas)
        #expect(layouts.flatMap { $0 }.count == (smallest ? 3 : 2))
        let bounds = Rect(x: 0, y: 0, width: width, height: height)
        for text in canvas.texts { #expect(bounds.contains(text.box), "\(text.string) at \(text.box)") }
        let strings = canvas.texts.map(\.string)
        #expect(strings.contains("sharpness λmax") && strings.contains("training loss"))
        #expect(strings.contains("most negative curvature λmin") == smallest)
        #expect(strings.contains("2/η = 4"))
        // Momentum's 38 is far above λmax (about 4): named at the top edge, off the axis.
        if runs >= 2 { #expect(strings.contains("2(1+β)/η = 38 ↑")) }
        let level = canvas.texts.filter { $0.string.contains("/η =") || $0.string.hasPrefix("λ* =") }
        #expect(level.count == figure.stabilityThresholds.compactMap { $0 }.count)
        let boxes = canvas.texts.filter { $0.angle == 0 && !$0.string.contains("=") }
        for a in boxes.indices {
            for b in boxes.indices where b > a {
                #expect(!boxes[a].box.intersects(boxes[b].box), "\(boxes[a].string) overlaps \(boxes[b].string)")
            }
        }
    }

    /// Records without curvature are measured for the figure (λmax alone), and only those.
    @Test func missingCurvatureIsMeasured() throws {
        var figure = try Self.figure(runs: 2, smallest: true)
        figure.session.runs[1] = NetworkRun(optimizer: figure.session.runs[1].optimizer, batch: nil, seed: 0,
                                            records: figure.session.runs[1].records.map { var r = $0; r.curvature = nil; return r },
                                            outcome: figure.session.runs[1].outcome)
        #expect(!figure.hasCurvature)
        let measured = figure.measuringMissingCurvature()
        #expect(measured.hasCurvature)
        #expect(measured.session.runs[0] == figure.session.runs[0])
        #expect(measured.session.runs[1].records.allSatisfy { $0.curvature?.smallest == nil })
    }
}

/// The curvature map beside the loss: both plots the same size and level, every text on the
/// canvas, the ratio's colour scale from −1 to 1 about 0.
@Suite struct CurvatureMapFigureTests {
    @Test(arguments: [(1300.0, 560.0), (760, 340), (500, 900)])
    func panelsMatchAndTextsFit(width: Double, height: Double) throws {
        let data = try Dataset(spec: "xor:n=40,noise=0.1")
        let model = try MLP(spec: "mlp:hidden=2", for: data)
        let initial = model.initialParameters(seed: 0)
        let options = TrainingOptions(epochs: 30, recordEvery: 3)
        let runs = try Trainer(model: model, data: data).train([OptimizerConfiguration(spec: "gd:lr=0.05"), OptimizerConfiguration(spec: "adam:lr=0.01")],
                                                              from: initial, options: options)
        var figure = NetworkFigure(session: NetworkSession(data: data, model: model, initial: initial, initSeed: 0, options: options, runs: runs))
        figure.plane = .saddle
        figure.run = 0
        figure.resolution = 7
        #expect(figure.curvatureMapFits(width: width, height: height))
        (figure.width, figure.height) = (width, height)
        let plane = try figure.makePlane()
        #expect(plane.kind == .saddle && plane.center == runs[0].records.last?.parameters)
        let e = figure.extent(on: plane)
        #expect(e.x == e.y && e.x.lowerBound == -e.x.upperBound)
        let curvature = figure.curvatureGrid(on: plane)
        let canvas = RecordingCanvas(width: width, height: height)
        let layouts = figure.curvatureMapFigure(plane: plane, grid: figure.grid(on: plane), curvature: curvature).draw(on: canvas).flatMap { $0 }
        #expect(layouts.count == 2)
        if width > height {
            // Side by side: the same plot, level (stacked, each colorbar's labels set its width).
            #expect(abs(layouts[0].plot.width - layouts[1].plot.width) < 1 && abs(layouts[0].plot.height - layouts[1].plot.height) < 1)
            #expect(abs(layouts[0].plot.minY - layouts[1].plot.minY) < 1)
        } else {
            #expect(layouts[0].plot.maxY < layouts[1].plot.minY)
        }
        #expect(layouts[0].legend != nil && layouts[1].legend == nil)
        let bounds = Rect(x: 0, y: 0, width: width, height: height)
        for text in canvas.texts { #expect(bounds.contains(text.box), "\(text.string) at \(text.box)") }
        #expect(canvas.texts.contains { $0.string == "curvature λmin / λmax" })
        let style = NetworkFigure.curvatureRatioStyle(curvature.ratio)
        #expect(style.levels.first == -1 && style.levels.last == 1 && style.levels[10] == 0)
    }
}

/// The surfaces' curvature: λmax along each path against the closed form, indefinite regions
/// where det ∇²f < 0, and ellipses that are level sets of the quadratic model.
@Suite struct SurfaceCurvatureTests {
    /// The sharpness panel draws `Trajectory.sharpness(on:)` for each run, with 2/η for GD and
    /// 2(1 + β)/η for momentum; on the ravine λmax is κ = 50 everywhere.
    @Test func sharpnessPanelIsTheClosedForm() throws {
        var c = try comparison("ravine", ["gd:lr=0.036", "momentum:lr=0.009,momentum=0.9", "adam:lr=0.1"], layout: .withCurvature, width: 1470, height: 470)
        let (series, runs) = c.seriesAndRuns()
        let panel = c.sharpnessPanel(series: series, runs: runs)
        for (line, run) in zip(panel.series, runs) {
            let exact = run[0].sharpness(on: c.surface)
            #expect(line.values == exact)
            #expect(exact.allSatisfy { abs($0 - 50) <= 1e-12 })
        }
        #expect(panel.levels.map(\.label) == ["2/η = 55.6", "2(1+β)/η = 422"])
        #expect(abs(panel.levels[0].y - 2 / 0.036) <= 1e-12 && abs(panel.levels[1].y - 3.8 / 0.009) <= 1e-9)
        // The figure: landscape, loss, sharpness in a row; GD's threshold on the axis, momentum's off it.
        c.curvature = Comparison.CurvatureMarks(ellipsesAlongPaths: 3)
        let canvas = RecordingCanvas(width: 1470, height: 470)
        let layouts = c.figure().draw(on: canvas)
        #expect(layouts.count == 1 && layouts[0].count == 3)
        let strings = canvas.texts.map(\.string)
        #expect(strings.contains("2/η = 55.6") && strings.contains("2(1+β)/η = 422 ↑") && strings.contains("curvature ellipse"))
        #expect(!strings.contains("Hessian indefinite"))
        // A curve: f″ along each path.
        let parabola = try comparison("parabola", ["gd:lr=0.1"], layout: .withCurvature, width: 1400, height: 500)
        let (s1, r1) = parabola.seriesAndRuns()
        let curve = parabola.sharpnessPanel(series: s1, runs: r1)
        #expect(curve.series[0].values == r1[0][0].sharpness(on: parabola.surface) && curve.yLabel == "f″(w)")
    }

    /// On the two-well surface f = (w₁² − 1)² + 0.3w₁ + w₂², det ∇²f = 2(12w₁² − 4): indefinite
    /// exactly for |w₁| < 1/√3. The shaded region's boundary lies on those lines.
    @Test func indefiniteRegionIsTheBand() throws {
        let surface = try Surface(spec: "two-well")
        let overlay = CurvatureOverlay(surface: surface, domain: surface.domain, indefinite: true, ellipses: [])
        let edge = 1 / 3.0.squareRoot()
        // Marching squares interpolates −det = 8 − 24w₁² linearly across a cell of h = 4/200:
        // the crossing is off by at most h²/8·|f″/f′| = 0.0004/8·48/27.7 ≈ 8.7e-5.
        let tolerance = 0.0004 / 8 * 48 / (48 * edge)
        #expect(!overlay.indefinite.isEmpty && !overlay.boundary.isEmpty)
        for line in overlay.boundary {
            for p in line.points { #expect(abs(abs(p.x) - edge) <= tolerance, "boundary point \(p)") }
        }
        let xs = overlay.indefinite.flatMap { $0.points.map(\.x) }
        #expect(abs((xs.min() ?? 0) + edge) <= tolerance && abs((xs.max() ?? 0) - edge) <= tolerance)
        // A convex bowl has none.
        let bowl = try Surface(spec: "bowl")
        #expect(CurvatureOverlay(surface: bowl, domain: bowl.domain, indefinite: true, ellipses: []).indefinite.isEmpty)
    }

    /// Every outline point c satisfies Σ λᵢ(c·vᵢ)²/s² = 1 (the level set ½cᵀHc = s²/2), axes
    /// along the eigenvectors; a negative eigenvalue's axis is flagged.
    @Test func ellipsesAreLevelSetsOfTheQuadraticModel() throws {
        let surface = try Surface(spec: "ravine:kappa=50,angle=30")
        let p = Vector2(1, -0.5)
        let overlay = CurvatureOverlay(surface: surface, domain: surface.domain, indefinite: false, ellipses: [.init(center: p, hessian: surface.hessian(at: p))])
        let h = surface.hessian(at: p)
        let (points, axes) = overlay.outline(of: overlay.ellipses[0])
        let shorter = min(surface.domain.width, surface.domain.height)
        // The median (only) ellipse's long semi-axis is 8% of the shorter side: s = 0.08·shorter·√λmin.
        #expect(abs(overlay.scale - 0.08 * shorter * h.eigenvalues.min.squareRoot()) <= 1e-12)
        for q in points {
            let c = q - p
            let form = h.xx * c.x * c.x + 2 * h.xy * c.x * c.y + h.yy * c.y * c.y
            #expect(abs(form / (overlay.scale * overlay.scale) - 1) <= 1e-9)
        }
        #expect(axes.count == 2 && axes.allSatisfy { !$0.negative })
        let saddle = try Surface(spec: "saddle")
        let s = CurvatureOverlay(surface: saddle, domain: saddle.domain, indefinite: false, ellipses: [.init(center: Vector2(0, 0), hessian: saddle.hessian(at: Vector2(0, 0)))])
        #expect(s.outline(of: s.ellipses[0]).axes.map(\.negative).sorted { !$0 && $1 } == [false, true])
    }

    /// Evenly by arc length: the ends, and equal lengths between.
    @Test func ellipsesAreEvenlyAlongThePath() {
        let path = [Vector2(0, 0), Vector2(1, 0), Vector2(1, 1), Vector2(1, 1), Vector2(3, 1)]
        let picks = Comparison.evenlyAlong(path, count: 5)
        #expect(picks == [Vector2(0, 0), Vector2(1, 0), Vector2(1, 1), Vector2(2, 1), Vector2(3, 1)])
        #expect(Comparison.evenlyAlong(path, count: 1) == [Vector2(0, 0)])
        #expect(Comparison.evenlyAlong([], count: 3).isEmpty)
    }
}

/// The spectrum at each run's end: the density's moments are the Hessian's, each layer's bars
/// its block's extreme eigenvalues, and the figure's texts fit at every size it takes.
@Suite struct SpectrumFigureTests {
    @Test(arguments: [(1200.0, 500.0), (700, 320), (360, 640)])
    func spectrumFigure(width: Double, height: Double) throws {
        var figure = try SharpnessFigureTests.figure(runs: 3, smallest: false)
        let spectra = figure.spectra(probes: 6, steps: 30)
        #expect(spectra.count == 3 && spectra.allSatisfy { $0 != nil })
        let model = figure.session.model, data = figure.session.data
        for (run, spectrum) in zip(figure.session.runs, spectra) {
            let s = try #require(spectrum)
            let end = try #require(run.records.last?.parameters)
            // The first moment is tr(H)/n: Hutchinson on the same Hessian agrees within their errors.
            var h = NetworkHessian(model: model, data: data, theta: end)
            let exactMean = (0..<h.dimension).reduce(0.0) { sum, i in
                var e = [Double](repeating: 0, count: h.dimension), y = e
                e[i] = 1
                h.apply(e, into: &y)
                return sum + y[i]
            } / Double(h.dimension)
            let (mean, error) = s.density.moment(1)
            #expect(abs(mean - exactMean) <= 4 * error + 1e-12, "\(mean) ± \(error) against \(exactMean)")
            #expect(s.layers.count == model.layerCount)
            for (l, layer) in s.layers.enumerated() {
                let (w, b) = model.layer(l)
                var block = NetworkHessian(model: model, data: data, theta: end, block: w.lowerBound..<b.upperBound)
                let r = Lanczos.extremeEigenpairs(of: &block, largest: 1, smallest: 1, seed: 9)
                #expect(abs(layer.largest - r.largest[0].value) <= 1e-9 * abs(r.largest[0].value))
                #expect(abs(layer.smallest - r.smallest[0].value) <= 1e-9 * max(abs(r.largest[0].value), 1e-12))
            }
        }
        (figure.width, figure.height) = (width, height)
        #expect(figure.spectrumFits(width: width, height: height))
        let canvas = RecordingCanvas(width: width, height: height)
        let layouts = figure.spectrumFigure(spectra).draw(on: canvas).flatMap { $0 }
        #expect(layouts.count == 2)
        let bounds = Rect(x: 0, y: 0, width: width, height: height)
        for text in canvas.texts { #expect(bounds.contains(text.box), "\(text.string) at \(text.box)") }
        let strings = canvas.texts.map(\.string)
        #expect(strings.contains("spectral density at each run's end") && strings.contains { $0.hasPrefix("layer 1 (2→4)") || $0.hasPrefix("layer 1") })
        let flat = canvas.texts.filter { $0.angle == 0 }
        for a in flat.indices {
            for b in flat.indices where b > a {
                #expect(!flat[a].box.intersects(flat[b].box), "\(flat[a].string) overlaps \(flat[b].string)")
            }
        }
    }
}
