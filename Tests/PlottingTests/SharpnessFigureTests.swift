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
        if runs >= 2 { #expect(strings.contains("2(1+β)/η = 38")) }
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
