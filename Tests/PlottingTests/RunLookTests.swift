import Landscapes
import Testing
import Trajectories
@testable import Plotting

/// Runs your way: a run's label, colour, dash, marker and start from its spec or from code,
/// several starts, and the symlog colour scale and continuous 3-D colours.
@Suite struct RunLookTests {
    /// Spec values may hold commas inside parentheses or quotes; quotes are not part of the
    /// value, and the canonical text quotes a value that needs it (so that it reads back).
    @Test func specValuesWithCommas() throws {
        let spec = try Spec(parsing: #"adam:lr=0.1,label="Adam, fast",start=(-1.5, 2),beta2=0.99"#)
        #expect(spec.arguments.map(\.key) == ["lr", "label", "start", "beta2"])
        #expect(spec["label"] == "Adam, fast")
        #expect(spec["start"] == "(-1.5, 2)")
        #expect(try Spec(parsing: spec.description) == spec)
        #expect(try Spec(parsing: "gd:label='it''s'")["label"] == "it''s")
        for bad in [#"gd:label="open"#, "gd:start=(1,2", "gd:start=1,2)"] {
            #expect(throws: SpecError.self) { try Spec(parsing: bad) }
        }
    }

    /// The look's keys leave the optimizer's spec, each value checked; a bad one is named with
    /// what was expected and the nearest name.
    @Test func lookKeysAreSplitAndChecked() throws {
        let (optimizer, look) = try RunLook.split(try Spec(parsing: #"adam:lr=0.1,label="Adam, fast",color=#d62728,dash=--,marker=s,start=(-1,2)"#))
        #expect(optimizer.description == "adam:lr=0.1")
        #expect(look == RunLook(label: "Adam, fast", color: Color(hex: 0xd62728), dash: .dashed, marker: .square, start: [-1, 2]))
        let failures: [(String, String)] = [
            ("gd:color=#12", "expected #RGB, #RRGGBB or #RRGGBBAA"),
            ("gd:dash=dashd", "did you mean 'dashed'?"),
            ("gd:marker=sqare", "did you mean 'square'?"),
            ("gd:start=(1,2,3)", "expected (x,y) with finite numbers"),
            ("gd:start=(1,nan)", "expected (x,y) with finite numbers"),
        ]
        for (text, message) in failures {
            #expect { _ = try RunLook.split(try Spec(parsing: text)) } throws: { "\($0)".contains(message) }
        }
    }

    static func comparison(_ specs: [String], surface: String = "bowl") throws -> Comparison {
        let s = try Surface(spec: surface)
        var c = Comparison(surface: s, optimizers: [], stop: StopRule(maxSteps: 30))
        for text in specs {
            let (spec, look) = try RunLook.split(try Spec(parsing: text))
            c.optimizers.append(try OptimizerConfiguration(spec: spec.description))
            c.looks.append(look)
        }
        return c
    }

    /// A look's parts reach the path, its legend label, dash and marker; the rest keep the
    /// style's choice for the run's place; a run's own start is where its path begins.
    @Test func looksReachTheSeries() throws {
        let c = try Self.comparison(["gd:lr=0.1,label=Mine,color=#000000,dash=dotted,marker=star,start=(1,-2)", "adam:lr=0.2"])
        let series = c.seriesAndRuns().series
        #expect(series[0].name == "Mine")
        #expect(series[0].color == Color(hex: 0))
        #expect(series[0].dash == Style.default.pattern(.dotted))
        #expect(series[0].stepMarker(at: 0) == .star)
        #expect(series[0].points[0] == Vector2(1, -2))
        #expect(series[1].name == "Adam lr=0.2")
        #expect(series[1].color == Style.default.runColor(1))
        #expect(series[1].dash.isEmpty)
        #expect(series[1].stepMarker(at: 1) == LandscapePanel.stepMarker(1))
        #expect(series[1].points[0] == c.surface.defaultStart)
        #expect(c.defaultSubtitle == "bowl: Mine and Adam from 2 starts")
        // The legend and the loss panel show the run's own dash and marker.
        var drawn = c
        drawn.layout = .withLoss
        drawn.gridSize = 40
        let canvas = RecordingCanvas(width: 1000, height: 500)
        drawn.width = 1000
        drawn.height = 500
        drawn.figure().draw(on: canvas)
        let black = canvas.calls.filter { if case let .stroke(_, style) = $0 { return style.color == Color(hex: 0) && style.dash == Style.default.pattern(.dotted) }; return false }
        #expect(black.count >= 3, "path, legend sample and loss line")
    }

    /// Runs of one name from several starts are told apart by their start in the legend; the
    /// subtitle names each optimizer once and counts the starts.
    @Test func severalStarts() throws {
        var c = try Self.comparison(["gd:lr=0.1,start=(2,2)", "gd:lr=0.1,start=(-2,1)", "adam:lr=0.2,start=(2,2)"])
        #expect(c.labels == ["GD lr=0.1 from (2, 2)", "GD lr=0.1 from (−2, 1)", "Adam lr=0.2"])
        #expect(c.defaultSubtitle == "bowl: GD and Adam from 2 starts")
        c.looks = []
        #expect(c.labels == ["GD lr=0.1", "GD lr=0.1", "Adam lr=0.2"])
        #expect(c.defaultSubtitle == "bowl: GD lr=0.1, GD lr=0.1 and Adam lr=0.2 from (2.5, 2.5)")
    }

    /// Symlog levels: increasing, symmetric about 0 for a symmetric range, evenly spaced in
    /// sign(v)·log₁₀(1 + |v|/t) to two significant digits; the threshold is a power of ten.
    @Test func symlogLevels() {
        let levels = FieldStyle.symlogLevels(-1000...1000, threshold: 1, count: 13)
        #expect(levels.first == -1000 && levels.last == 1000)
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 })
        #expect(levels.contains(0))
        for (a, b) in zip(levels, levels.reversed()) { #expect(abs(a + b) <= 1e-9 * 1000) }
        for v in [-3.0, -0.2, 0, 0.7, 1234] { #expect(abs(Scale.symexp(Scale.symlog(v, 0.5), 0.5) - v) <= 1e-12 * max(1, abs(v))) }
        let grid = Grid(domain: Domain(xmin: 0, xmax: 1, ymin: 0, ymax: 1), nx: 2, ny: 2, values: [-5000, 0, 2, 40])
        #expect(FieldStyle.symlogThreshold(of: grid) == 10)
    }

    /// `symlog` reaches the contours and the colorbar: the field is contoured at the levels, and
    /// the colorbar's axis is symmetric-log with ticks at 0 and ±t·10ᵏ.
    @Test func symlogScaleOnAFigure() throws {
        let surface = try Surface(spec: "saddle")
        let grid = Grid(surface: surface, domain: surface.domain, resolution: 41)
        let style = FieldStyle.requested(FieldStyle.Request(spacing: .symlog, threshold: 0.1), for: surface, grid: grid, count: 12)
        #expect(style.symlogThreshold == 0.1)
        #expect(style.label == "loss (symlog scale)")
        let panel = LandscapePanel(surface: surface, grid: grid, style: style, series: [])
        let axis = try #require(panel.colorbarAxis)
        #expect(axis.scale.kind == .symlog(0.1))
        #expect(axis.ticks.contains(0) && axis.ticks.contains(1) && axis.ticks.contains(-1))
        #expect(!panel.geometry.lines.isEmpty)
    }

    /// Thresholds at the ends of the doubles give finite levels and ticks, never a trap.
    @Test func symlogAtTheEdges() throws {
        let surface = try Surface(spec: "saddle")
        let grid = Grid(surface: surface, domain: surface.domain, resolution: 21)
        for t in [Double.leastNonzeroMagnitude, Double.leastNormalMagnitude / 100, 1e-300, 1e300, 1.7e308] {
            let style = FieldStyle.requested(FieldStyle.Request(spacing: .symlog, threshold: t), for: surface, grid: grid, count: 12)
            #expect(style.levels.count >= 2 && style.levels.allSatisfy(\.isFinite), "\(t): \(style.levels)")
            #expect(zip(style.levels, style.levels.dropFirst()).allSatisfy { $0 < $1 })
            let panel = LandscapePanel(surface: surface, grid: grid, style: style, series: [])
            _ = panel.colorbarAxis
            let canvas = RecordingCanvas(width: 500, height: 400)
            _ = panel.draw(in: Rect(x: 0, y: 0, width: 500, height: 400), on: canvas, style: .default)
        }
        #expect(Axis.symlogTicks(-1, 1, threshold: .leastNonzeroMagnitude, maxCount: 8).count <= 8)
    }

    /// A 3-D mesh is coloured continuously by height (a band's middle has the band's colour,
    /// its two ends differ), and by band when asked.
    @Test func meshColoursAreContinuous() throws {
        let surface = try Surface(spec: "bowl")
        let grid = Grid(surface: surface, domain: surface.domain, resolution: 41)
        let style = FieldStyle(levels: [0, 1, 2, 3, 4])
        var panel = Surface3DPanel(surface: surface, grid: grid, style: style, series: [])
        let middle = panel.color(ofHeight: 1.5), low = panel.color(ofHeight: 1.05), high = panel.color(ofHeight: 1.95)
        #expect(middle.hexString == style.bandColor(1).hexString)
        #expect(low != high && low != middle)
        panel.banded = true
        #expect(panel.color(ofHeight: 1.05) == style.bandColor(1) && panel.color(ofHeight: 1.95) == style.bandColor(1))
        #expect(panel.color(ofHeight: 1.05) != panel.color(ofHeight: 2.05))
    }
}
