import CairoRenderer
import Foundation
import Landscapes
import Networks
import Plotting
import Trajectories
import Yams

/// A scene file: one figure, or `figures:` with a list of them, in JSON or YAML.
///
/// ```yaml
/// name: two-well                 # output file name, without extension
/// surface: two-well              # a surface spec (or `surfaces:` with layout grid)
/// optimizers: [gd, momentum, adam]   # keys left out come from the surface's suggestions
/// start: [1.9, 1.2]              # default: the surface's suggested start
/// steps: 1000                    # the most steps of each run
/// stop_grad: 1.0e-6              # stop once ‖∇f‖ is below (default 1e-6); stop_loss also works
/// seed: 0                        # seed of mini-batch shuffles
/// layout: single                 # single, with-loss, side-by-side, grid or loss (loss per step only)
/// size: [800, 600]
/// grid: 400                      # points per axis of the contour grid
/// levels: 24                     # about this many contour levels
/// colormap: viridis              # viridis, plasma, inferno, magma, cividis, turbo, diverging, coolwarm, RdBu, …; _r reverses
/// title: ...                     # default: the surface's formula
/// subtitle: ...
/// formats: [png, svg]            # default: png and svg
/// seeds: 1                       # with K > 1, mini-batch runs repeat for seeds seed … seed+K−1
///                                # and figures show the median and the interquartile band
/// sweep:                         # a hyperparameter map instead of paths (one optimizer):
///   x: lr=0.002:0.1:log          #   KEY=A:B[:log], the swept key on each axis
///   y: momentum=0:0.99
///   cells: [60, 50]              #   cells along x and y
///   metric: steps                #   steps, final-loss or distance
///   picks: [[0.01, 0.6]]         #   cells whose paths layout paths shows (default: automatic)
///                                # layouts for a sweep: map, theory, paths
/// tune:                          # tune each optimizer first, then race them at their best:
///   ranges: [lr=1e-4:1:log]      #   KEY=A:B[:log] each (default lr=1e-4:1:log)
///   budget: 200                  #   settings tried per optimizer
///   objective: final-loss        #   final-loss, distance, steps-to=L, mean-loss or steps
///   search_steps: 100            #   steps of each search run (default: steps)
///   clip: 1                      #   clip gradients to this norm (every optimizer)
///   schedule: cosine             #   a learning-rate schedule for every optimizer
///   protocol: pytorch-optimizer  #   or a published protocol, which fixes the rest
///                                # layout sensitivity: the objective against the tuned key
/// ```
struct Scene {
    struct FigureSpec {
        var name: String
        var surfaces: [String]
        var optimizers: [String] = []
        /// Where every optimizer starts: one point, or several (every optimizer runs from each);
        /// empty: the surface's suggested start.
        var starts: [[Double]] = []
        var steps = 1000
        var stopGrad: Double? = 1e-6
        var stopLoss: Double?
        var seed: UInt64 = 0
        var layout = FigureLayout.single
        /// A sweep's layout (with `sweep:`).
        var sweepLayout = SweepFigure.Layout.map
        /// Nil: the size that suits the layout (`Comparison/preferredSize`), 800×600 for grids.
        var size: (width: Int, height: Int)?
        /// Whether ``size`` is the style's own (slides' 1280 × 720), not one asked for: a layout
        /// that needs more room grows it, keeping its shape.
        var sizeIsStyles = false
        var grid = 400
        var levels = 24
        var colormap: Colormap?
        var title: String?
        var subtitle: String?
        var formats: [ImageFormat] = [.png, .svg]
        var seeds = 1
        var sweep: SweepSpec?
        /// Tune the optimizers first (`tune:`).
        var tune: TuneSpec?
        /// Made from a command's options, not a scene: messages name the options, not the figure.
        var commandLine = false
        /// A built-in surface's view (`domain:`), zoomed in or out; nil: its own.
        var viewDomain: Domain?
        /// For a formula (`expression:`): its domain and marked minimum.
        var expressionDomain: Domain?
        var expressionMinimum: Vector2?
        /// The 3-D layouts' view (`view:`).
        var view = ViewSpec()
        /// An EWMA figure (`ewma:`) instead of paths.
        var ewma: EWMASpec?
        /// An animated PNG of the race instead of still files.
        var animate: AnimateSpec?
        /// A trained network's landscape (`network:`) instead of a surface.
        var network: NetworkSpec?
        /// A grid computed elsewhere (`grid_file:`, `surface_name:`) instead of a surface, with
        /// paths from files (`paths:`).
        var gridFile: String?
        var surfaceName: String?
        var paths: [PathSpec] = []
        /// Explicit levels (`levels` as a list), a value range (`color_range`) and a spacing
        /// (`color_scale`).
        var colorScale = FieldStyle.Request()
        /// Contour lines labelled with their values (`contour_labels`).
        var contourLabels = false
        /// The surface's curvature over the contours (`curvature:`): indefinite regions shaded,
        /// curvature ellipses along the paths and at points.
        var curvature = Comparison.CurvatureMarks()
        /// Axis and colorbar titles (`xlabel`, `ylabel`, `colorbar_label`) instead of the surface's.
        var xLabel: String?
        var yLabel: String?
        var colorbarLabel: String?
        /// How it looks (`style:`, and `legend:` over it), and a PNG's pixel density (`scale:`).
        var style: Style = .default
        var density = 1.0
    }

    /// A path file to draw over an imported grid, with its legend label (default: the optimizer
    /// a trajectory file names, else the file's name).
    struct PathSpec {
        var file: String
        var label: String?
    }

    /// The `network:` part of a figure: what `net train` and `net render` take, as keys. The
    /// figure's `optimizers` train it; its `layout` is single, with-loss, 3d, 3d+contour,
    /// side-by-side, regions or sharpness.
    struct NetworkSpec {
        var data = "spirals:n=300,noise=0.2,seed=0"
        var model = "mlp:hidden=16x16,act=tanh"
        var epochs = 300
        var batch: Int?
        var recordEvery = 1
        var initSeed: UInt64 = 0
        /// `net train --curvature`: λmax (max) or λmax and λmin (both) at every record.
        var curvature: CurvatureRecording?
        /// A plane (shared, pca, random) or a line (interpolation, slice).
        var plane = "shared"
        /// The figure's `layout`, when given.
        var layout: String?
        var run: Int?
        /// Nil: 51 for planes, 201 for lines and regions.
        var resolution: Int?
        var span: Double?
        var seed: UInt64 = 0
    }

    /// The `ewma:` part of a figure: the values to average and the βs.
    struct EWMASpec {
        var values: [Double] = [5, 6, 4, 7, 5, 10, 8, 6, 7]
        var betas: [Double] = [0.1, 0.5, 0.9]
    }

    /// The `view:` part of a figure: how a 3-D layout looks at the surface.
    struct ViewSpec {
        var azimuth = -60.0
        var elevation = 30.0
        var mesh = 50
        /// Nil: automatic.
        var zRange: ClosedRange<Double>?
        var perspective = false
        /// Nil: as the contour levels.
        var logZ: Bool?
        var xray = false
        var dropLines = false
        var banded = false
        /// Whether any key was given (a view needs a 3-D layout).
        var given = false
    }

    /// The `sweep:` part of a figure.
    struct SweepSpec {
        var x: (key: String, range: String)
        var y: (key: String, range: String)
        var cells: (Int, Int)
        var metric: SweepMetric = .steps
        var picks: [Vector2]?
    }

    var figures: [FigureSpec]

    static let keys = ["name", "surface", "surfaces", "optimizers", "start", "steps", "stop_grad", "stop_loss", "seed",
                       "layout", "size", "grid", "levels", "colormap", "title", "subtitle", "xlabel", "ylabel", "colorbar_label", "legend", "color_range", "color_scale", "contour_labels", "curvature", "style", "scale", "formats", "seeds", "sweep", "tune", "expression", "domain", "minimum", "view", "ewma", "animate", "network",
                       "grid_file", "surface_name", "paths"]
    static let networkKeys = ["data", "model", "epochs", "batch", "record_every", "init_seed", "curvature", "plane", "run", "resolution", "span", "seed"]
    static let networkLayouts = NetRenderCommand.layouts
    static let layouts = FigureLayout.allCases.map(\.rawValue)
    static let viewKeys = ["azimuth", "elevation", "mesh", "z_range", "z_scale", "perspective", "xray", "drop_lines", "banded"]
    static let sweepLayouts = SweepFigure.Layout.allCases.map(\.rawValue)
    static let sweepKeys = ["x", "y", "cells", "metric", "picks"]
    static let tuneKeys = ["ranges", "budget", "objective", "search_steps", "clip", "schedule", "protocol"]

    /// Reads a scene from a `.json`, `.yaml` or `.yml` file.
    static func load(path: String) throws(CommandError) -> Scene {
        let text = try readInput(path)
        let root: JSONValue
        if path.lowercased().hasSuffix(".json") {
            do { root = try JSONValue(parsing: text) } catch {
                throw .usage("\(path):\(error.line):\(error.column): \(error.message)")
            }
        } else if path.lowercased().hasSuffix(".yaml") || path.lowercased().hasSuffix(".yml") {
            root = try yaml(text, path: path)
        } else {
            throw .usage("scene file '\(path)' must end in .json, .yaml or .yml")
        }
        return try Scene(root, path: path)
    }

    static func yaml(_ text: String, path: String) throws(CommandError) -> JSONValue {
        try prescan(text, path: path)
        let node: Node?
        // Plain scalars are typed by `YAMLScalar`, not by Yams's regular expressions.
        do { node = try Yams.compose(yaml: text, .basic) } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                throw .usage("\(path):\(mark.line):\(mark.column): \(problem)")
            default:
                throw .usage("\(path): \(String(describing: error).split(separator: "\n").first ?? "not YAML")")
            }
        } catch { throw .usage("\(path): \(String(describing: error).split(separator: "\n").first ?? "not YAML")") }
        guard let node else { return .null }
        var budget = Limits.sceneNodes
        return try json(node, path: path, budget: &budget)
    }

    /// Refuses, before libyaml builds a node for each, a text with more values than a scene may
    /// have (each takes about 150 bytes as a node: 20 million values took 3.8 GB before the
    /// node budget applied) or nested deeper than 64 flow levels (`[[[[…`, which libyaml
    /// refuses with a message about its own internals). Every value but the first needs a
    /// separator (a comma, a line, a `- `), so counting those bounds the count of values.
    static func prescan(_ text: String, path: String) throws(CommandError) {
        var separators = 0, depth = 0, deepest = 0
        var quote: UInt8 = 0
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if quote != 0 {
                if byte == quote { quote = 0 } else if byte == 0x0A { separators += 1 }
            } else {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    // A quote opens a string only where a value starts.
                    if previous == 0 || [UInt8(ascii: " "), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"), 0x0A].contains(previous) { quote = byte }
                case UInt8(ascii: ","), 0x0A: separators += 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    deepest = Swift.max(deepest, depth)
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = Swift.max(0, depth - 1)
                default: break
                }
            }
            previous = byte
        }
        guard separators <= 2 * Limits.sceneNodes else {
            throw .usage("\(path): more than \(Limits.describeCount(Double(Limits.sceneNodes))) values (\(Limits.describeCount(Double(separators))) commas and lines); a scene holds at most that many")
        }
        guard deepest <= 64 else { throw .usage("\(path): lists or mappings nested \(deepest) deep; at most 64") }
    }

    /// A YAML node as a JSON value. Aliases are expanded against a budget of nodes, so an alias
    /// bomb (a few hundred bytes that expand to billions of nodes) is refused up front; mapping
    /// keys must be text; `<<` merges mappings as YAML 1.1 does.
    static func json(_ node: Node, path: String, budget: inout Int) throws(CommandError) -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw .usage("\(path): the scene expands to more than \(Limits.describeCount(Double(Limits.sceneNodes))) values (YAML aliases repeat what they name); write it out or use fewer aliases")
        }
        func at(_ n: Node) -> String {
            guard let mark = n.mark else { return path }
            return "\(path):\(mark.line):\(mark.column)"
        }
        switch node {
        case let .scalar(scalar):
            if scalar.style == .plain || scalar.style == .any, Tag.Name(rawValue: node.tag.rawValue) == .str {
                return YAMLScalar.value(scalar.string)
            }
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int:
                if let v = node.int { return .number(Double(v)) }
                return Double(scalar.string.replacingOccurrences(of: "_", with: "")).map(JSONValue.number) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case let .sequence(sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try json(item, path: path, budget: &budget)) }
            return .array(items)
        case let .mapping(mapping):
            var pairs: [(String, JSONValue)] = []
            var merged: [(String, JSONValue)] = []
            for (key, value) in mapping {
                guard case let .scalar(k) = key else {
                    var kind = "mapping"
                    if case .sequence = key { kind = "list" }
                    throw .usage("\(at(key)): a key must be text, not a \(kind)")
                }
                if k.string == "<<" {
                    let sources: [Node] = value.sequence.map { Array($0) } ?? [value]
                    for source in sources {
                        guard case .object(let extra) = try json(source, path: path, budget: &budget) else {
                            throw .usage("\(at(source)): '<<' merges mappings only")
                        }
                        merged += extra
                    }
                    continue
                }
                guard !pairs.contains(where: { $0.0 == k.string }) else { throw .usage("\(at(key)): the key '\(k.string)' is given twice") }
                pairs.append((k.string, try json(value, path: path, budget: &budget)))
            }
            for (k, v) in merged where !pairs.contains(where: { $0.0 == k }) { pairs.append((k, v)) }
            return .object(pairs.sorted { $0.0 < $1.0 })
        case .alias:
            throw .usage("\(at(node)): an alias that names nothing")
        }
    }

    init(_ root: JSONValue, path: String) throws(CommandError) {
        if let list = root["figures"] {
            guard let items = list.array, !items.isEmpty else { throw .usage("\(path): 'figures' must be a list of figures") }
            figures = try items.enumerated().map { k, item throws(CommandError) in try Self.figure(item, path: path, index: k) }
        } else {
            figures = [try Self.figure(root, path: path, index: 0)]
        }
        var seen = Set<String>()
        for f in figures where !seen.insert(f.name).inserted {
            throw .usage("\(path): two figures are named \(excerpt(f.name))")
        }
        // The scene as a whole: each figure is bounded on its own, and so is their sum.
        guard figures.count <= Self.maximumFigures else {
            throw .usage("\(path): \(figures.count) figures; a scene has at most \(Self.maximumFigures)")
        }
        let recorded = figures.reduce(0.0) { $0 + Double(Swift.max(1, $1.surfaces.count)) * Double($1.optimizers.count) * Double(Swift.max(1, $1.seeds)) * Double($1.steps) }
        guard recorded <= 2 * Double(Limits.recordedSteps) else {
            throw .usage("\(path): its figures record \(Limits.describeCount(recorded)) steps in all, over the scene limit of \(Limits.describeCount(2 * Double(Limits.recordedSteps))); split it into several scenes")
        }
    }

    /// The most figures one scene file may hold (the gallery has 40).
    static let maximumFigures = 100

    static func figure(_ value: JSONValue, path: String, index: Int) throws(CommandError) -> FigureSpec {
        guard case let .object(pairs) = value else { throw .usage("\(path): figure \(index + 1) is not a mapping of keys to values") }
        let label = value["name"]?.string.map { "figure \(excerpt($0))" } ?? "figure \(index + 1)"
        func fail(_ message: String) -> CommandError { .usage("\(path): \(label): \(message)") }
        for (key, _) in pairs where !keys.contains(key) {
            throw fail("unknown key \(excerpt(key))" + (closestMatch(to: key, in: keys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        func string(_ key: String) throws(CommandError) -> String? {
            guard let v = value[key], v != .null else { return nil }
            guard let s = v.string else { throw fail("'\(key)' must be text") }
            return s
        }
        func number(_ key: String) throws(CommandError) -> Double? {
            guard let v = value[key], v != .null else { return nil }
            guard let n = v.number, n.isFinite else { throw fail("'\(key)' must be a finite number") }
            return n
        }
        func count(_ key: String, _ range: ClosedRange<Int>) throws(CommandError) -> Int? {
            guard let n = try number(key) else { return nil }
            guard let v = Int(exactly: n), range.contains(v) else {
                let extra = key == "steps" && n > Double(range.upperBound) ? " (\(Arguments.runCost(n)))" : ""
                throw fail("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)\(extra)")
            }
            return v
        }
        func strings(_ key: String) throws(CommandError) -> [String]? {
            guard let v = value[key], v != .null else { return nil }
            if let s = v.string { return [s] }
            guard let items = v.array, let list = Optional(items.compactMap(\.string)), list.count == items.count else {
                throw fail("'\(key)' must be a list of text")
            }
            return list
        }
        guard let name = try string("name"), !name.isEmpty else { throw fail("needs a 'name' (the output file name)") }
        guard !name.contains("/"), !name.hasPrefix("."), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              name.utf8.count <= 200 else {
            throw fail("'name' must be a plain file name: no '/', no control characters, not starting with '.', at most 200 bytes")
        }
        var spec = FigureSpec(name: name, surfaces: [])
        if let s = try string("surface") { spec.surfaces = [s] }
        if let list = try strings("surfaces") { spec.surfaces = list }
        if let text = try string("expression") {
            guard spec.surfaces.isEmpty else { throw fail("give 'surface' or 'expression', not both") }
            do { _ = try ExpressionNode(parsing: text) } catch {
                var e = CommandError.expression(error)
                e.message = "\(path): \(label): 'expression': " + e.message
                throw e
            }
            spec.surfaces = [Surface.expressionPrefix + text]
            if let v = value["minimum"], v != .null {
                guard let items = v.array, items.count == 2, let x = items[0].number, let y = items[1].number, x.isFinite, y.isFinite else {
                    throw fail("'minimum' must be [x, y]")
                }
                spec.expressionMinimum = Vector2(x, y)
            }
        } else if value["minimum"] != nil {
            throw fail("'minimum' goes with 'expression'")
        }
        // A formula's domain, or a built-in surface's view.
        if let v = value["domain"], v != .null {
            guard let items = v.array, items.count == 4, let d = Optional(items.compactMap(\.number)), d.count == 4, d.allSatisfy(\.isFinite),
                  d[0] < d[1], d[2] < d[3] else {
                throw fail("'domain' must be [x0, x1, y0, y1] with x0 < x1 and y0 < y1")
            }
            let domain = Domain(xmin: d[0], xmax: d[1], ymin: d[2], ymax: d[3])
            guard domain.isValid else {
                throw fail("'domain': the width and height must be finite, at least 1e-200, and at least 1e-9 of the largest coordinate")
            }
            if value["expression"] != nil { spec.expressionDomain = domain } else { spec.viewDomain = domain }
        }
        if let v = value["ewma"], v != .null {
            spec.ewma = try ewmaSpec(v, fail: fail)
            // The third panel's gradients come from per-sample SGD on sincos.
            if spec.surfaces.isEmpty { spec.surfaces = ["sincos"] }
        }
        if let v = value["network"], v != .null {
            guard spec.surfaces.isEmpty, spec.ewma == nil, value["sweep"] == nil || value["sweep"] == .null else {
                throw fail("'network' draws a network's own plane: give no 'surface', 'expression', 'ewma' or 'sweep'")
            }
            spec.network = try networkSpec(v, fail: fail)
            spec.surfaces = ["net"]
        }
        if let file = try string("grid_file") {
            guard spec.surfaces.isEmpty, spec.ewma == nil, spec.network == nil, value["sweep"] == nil || value["sweep"] == .null else {
                throw fail("'grid_file' draws a grid computed elsewhere: give no 'surface', 'expression', 'ewma', 'network' or 'sweep'")
            }
            // Files are found beside the scene file (or from the working directory for a scene on
            // standard input), so a scene and its data move together.
            func beside(_ f: String) -> String {
                f.hasPrefix("/") || path == "-" ? f : FilePath.join(FilePath.directory(of: path), f)
            }
            spec.gridFile = beside(file)
            spec.surfaceName = try string("surface_name")
            spec.surfaces = ["grid-file"]
            if let v = value["paths"], v != .null {
                guard let items = v.array, items.count <= 64 else { throw fail("'paths' must be a list of at most 64 path files (text, or {file, label})") }
                spec.paths = try items.map { item throws(CommandError) -> PathSpec in
                    if let f = item.string { return PathSpec(file: beside(f)) }
                    guard let f = item["file"]?.string, case let .object(pairs) = item, pairs.allSatisfy({ ["file", "label"].contains($0.0) }) else {
                        throw fail("each of 'paths' is a file name, or {file: NAME, label: TEXT}")
                    }
                    return PathSpec(file: beside(f), label: item["label"]?.string)
                }
            }
        } else if value["surface_name"] != nil || value["paths"] != nil {
            throw fail("'surface_name' and 'paths' go with 'grid_file'")
        }
        guard !spec.surfaces.isEmpty else { throw fail("needs a 'surface' (or 'surfaces' for layout grid, or 'expression', 'network' or 'grid_file')") }
        spec.optimizers = try strings("optimizers") ?? []
        if let v = value["start"], v != .null {
            func point(_ v: JSONValue) -> [Double]? {
                guard let items = v.array, (1...2).contains(items.count), items.allSatisfy({ $0.number?.isFinite == true }) else { return nil }
                return items.compactMap(\.number)
            }
            if let p = point(v) {
                spec.starts = [p]
            } else if let list = v.array, (1...16).contains(list.count), let points = Optional(list.compactMap(point)), points.count == list.count {
                spec.starts = points
            } else {
                throw fail("'start' must be a point, a list of one or two numbers ([1.9, 1.2]), or a list of up to 16 points ([[1.9, 1.2], [-1, 2]])")
            }
        }
        spec.steps = try count("steps", 0...Limits.steps) ?? spec.steps
        if value["stop_grad"] != nil { spec.stopGrad = try number("stop_grad") }
        spec.stopLoss = try number("stop_loss")
        spec.seed = UInt64(try count("seed", 0...Int.max) ?? 0)
        spec.seeds = try count("seeds", 1...1000) ?? 1
        if let v = value["sweep"], v != .null {
            spec.sweep = try sweepSpec(v, fail: fail)
        }
        if let v = value["tune"], v != .null {
            guard spec.sweep == nil, spec.network == nil, spec.gridFile == nil, spec.ewma == nil, spec.surfaces.count == 1 else {
                throw fail("'tune' tunes optimizers on one surface: not with 'sweep', 'network', 'grid_file', 'ewma' or several surfaces")
            }
            spec.tune = try tuneSpec(v, fail: fail)
            if spec.tune?.protocolName != nil {
                // What the protocol fixes is not also given: one source for every number.
                for key in ["start", "steps", "stop_grad", "stop_loss", "seeds"] where (value[key] ?? .null) != .null {
                    throw fail("'tune.protocol' fixes '\(key)'; leave it out")
                }
            }
            // A steps-to objective stops each run at its level, which the default gradient stop
            // would pre-empt.
            if case .stepsTo = spec.tune?.objective, value["stop_grad"] == nil { spec.stopGrad = nil }
        }
        if let layout = try string("layout"), spec.tune != nil && layout == "sensitivity" {
            spec.tune?.sensitivity = true
        } else if let layout = try string("layout") {
            let allowed = spec.network != nil ? networkLayouts : spec.sweep == nil ? layouts + (spec.tune != nil ? ["sensitivity"] : []) : sweepLayouts
            guard allowed.contains(layout) else {
                throw fail(Arguments.unknown(spec.network != nil ? "network layout" : spec.sweep == nil ? "layout" : "sweep layout", layout, among: allowed))
            }
            if spec.network != nil {
                spec.network?.layout = layout
            } else if spec.sweep != nil {
                spec.sweepLayout = SweepFigure.Layout(rawValue: layout) ?? .map
            } else {
                spec.layout = FigureLayout(rawValue: layout) ?? .single
            }
        }
        if spec.network != nil && spec.optimizers.isEmpty {
            throw fail("a 'network' needs 'optimizers' to train it, e.g. [gd:lr=0.5, momentum:lr=0.1, adam:lr=0.01]")
        }
        if spec.sweep != nil && (spec.surfaces.count != 1 || spec.optimizers.count != 1) {
            throw fail("a sweep needs one 'surface' and one optimizer in 'optimizers'")
        }
        if spec.surfaces.count > 1 && !spec.layout.isGrid && spec.layout != .loss {
            throw fail("several surfaces need layout grid, 3d-grid or loss")
        }
        if let v = value["size"], v != .null {
            guard let items = v.array, items.count == 2, let w = items[0].number, let h = items[1].number,
                  w == w.rounded(), h == h.rounded(), (100...8000).contains(w), (100...8000).contains(h) else {
                throw fail("'size' must be [width, height], whole numbers from 100 to 8000")
            }
            spec.size = (Int(w), Int(h))
        }
        if let v = value["view"], v != .null {
            spec.view = try viewSpec(v, fail: fail)
            guard spec.layout.isThreeD else { throw fail("'view' goes with layout 3d, 3d+contour, 3d-side-by-side or 3d-grid") }
        }
        spec.grid = try count("grid", 2...4000) ?? spec.grid
        // `levels`: about this many, or a list of the levels themselves.
        var levelList: [String] = []
        if let items = value["levels"]?.array {
            for item in items {
                guard let n = item.number else { throw fail("'levels' must be a whole number from 2 to 200, or a list of numbers") }
                levelList.append("\(n)")
            }
        } else {
            spec.levels = try count("levels", 2...200) ?? spec.levels
        }
        var rangeText: String?
        if let v = value["color_range"], v != .null {
            guard let items = v.array, items.count == 2, let lo = items[0].number, let hi = items[1].number else { throw fail("'color_range' must be [LO, HI]") }
            rangeText = "\(lo),\(hi)"
        }
        do {
            spec.colorScale = try Arguments.colorScale(levels: levelList, range: rangeText, spacing: try string("color_scale"), option: ("'levels'", "'color_range'", "color_scale"))
        } catch { throw fail(error.message) }
        if let name = try string("colormap") {
            guard let map = Colormap.named(name) else { throw fail(Arguments.unknownColormap(name)) }
            spec.colormap = map
        }
        spec.title = try string("title")
        spec.subtitle = try string("subtitle")
        if let name = try string("style") {
            // A style file's path is taken from the scene file's directory.
            let local = Style.named(name) != nil || name.hasPrefix("/") ? name : FilePath.join(FilePath.directory(of: path), name)
            do { spec.style = try StyleFile.style(local) } catch { throw fail(error.message) }
        }
        if let v = value["contour_labels"], v != .null {
            guard case let .bool(b) = v else { throw fail("'contour_labels' must be true or false") }
            spec.contourLabels = b
        }
        if let v = value["curvature"], v != .null {
            spec.curvature = try curvatureSpec(v, fail: fail)
            if !spec.curvature.isEmpty && (spec.network != nil || spec.gridFile != nil || spec.ewma != nil || (value["sweep"] ?? .null) != .null) {
                throw fail("'curvature' marks need a surface's exact Hessian: not with 'network', 'grid_file', 'ewma' or 'sweep' (a network's curvature: layout sharpness or curvature-map)")
            }
        }
        spec.xLabel = try string("xlabel")
        spec.yLabel = try string("ylabel")
        spec.colorbarLabel = try string("colorbar_label")
        if let legend = try string("legend") {
            do { try spec.style.set(.legend, to: legend) } catch { throw fail(error.message) }
        }
        if let scale = try number("scale") {
            do { spec.density = try StyleFile.density(TickFormat.number(scale), option: "'scale'") } catch { throw fail(error.message) }
        }
        if let v = value["animate"], v != .null {
            if spec.gridFile != nil && spec.paths.isEmpty { throw fail("'animate' grows paths over a grid file: give 'paths'") }
            if let n = spec.network {
                guard Plane.Kind(rawValue: n.plane) != nil, !["regions", "sharpness", "spectrum", "curvature-map"].contains(n.layout ?? "") else {
                    throw fail("'animate' grows the paths on a plane: a network's 'plane' must be shared, pca, random, hessian or saddle, and its layout not regions, sharpness, spectrum or curvature-map")
                }
            }
            guard spec.sweep == nil && spec.ewma == nil && spec.tune?.sensitivity != true && !spec.layout.isGrid && spec.layout != .loss else {
                throw fail("'animate' goes with the paths of one surface (layout single, with-loss, side-by-side or a 3-D one)")
            }
            spec.animate = try animateSpec(v, fail: fail)
            if spec.animate?.orbit != 0 && !spec.layout.isThreeD {
                throw fail("'animate.orbit' turns a 3-D view: use layout 3d, 3d+contour or 3d-side-by-side")
            }
        }
        if let list = try strings("formats") {
            if spec.animate != nil {
                spec.animate?.formats = try list.map { text throws(CommandError) in
                    guard let f = AnimationFormat(rawValue: text == "apng" ? "png" : text) else {
                        throw fail("unknown animation format '\(text)'; expected \(AnimationFormat.names)")
                    }
                    return f
                }
                if spec.animate?.orbit != 0 && spec.animate?.formats.contains(.svg) == true {
                    throw fail("an animated SVG keeps its camera still: write an 'animate.orbit' animation as gif or png")
                }
            } else {
                spec.formats = try list.map { text throws(CommandError) in
                    guard let f = ImageFormat(rawValue: text) else { throw fail("unknown format '\(text)'; expected png, svg or pdf") }
                    return f
                }
            }
        }
        return spec
    }

    static func viewSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> ViewSpec {
        guard case let .object(pairs) = v else { throw fail("'view' must be a mapping of azimuth, elevation, mesh, z_range, z_scale, perspective, xray and drop_lines") }
        for (key, _) in pairs where !viewKeys.contains(key) {
            throw fail("unknown key 'view.\(key)'" + (closestMatch(to: key, in: viewKeys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        var view = ViewSpec()
        view.given = true
        func number(_ key: String) throws(CommandError) -> Double? {
            guard let item = v[key], item != .null else { return nil }
            guard let n = item.number, n.isFinite else { throw fail("'view.\(key)' must be a number") }
            return n
        }
        if let a = try number("azimuth") { view.azimuth = a }
        if let e = try number("elevation") {
            guard (-90...90).contains(e) else { throw fail("'view.elevation' must be from -90 to 90 degrees, got \(Arguments.format(e))") }
            view.elevation = e
        }
        if let m = try number("mesh") {
            guard m == m.rounded(), (2...Double(Surface3DPanel.maximumMesh)).contains(m) else {
                throw fail("'view.mesh' must be a whole number from 2 to \(Surface3DPanel.maximumMesh)")
            }
            view.mesh = Int(m)
        }
        if let z = v["z_range"], z != .null, z.string != "auto" {
            guard let items = z.array, items.count == 2, let lo = items[0].number, let hi = items[1].number, lo.isFinite, hi.isFinite, lo < hi else {
                throw fail("'view.z_range' must be [low, high] with low < high, or auto")
            }
            view.zRange = lo...hi
        }
        if let z = v["z_scale"], z != .null {
            guard let text = z.string, ["linear", "log"].contains(text) else { throw fail("'view.z_scale' must be linear or log") }
            view.logZ = text == "log"
        }
        for key in ["perspective", "xray", "drop_lines", "banded"] {
            guard let p = v[key], p != .null else { continue }
            guard case let .bool(b) = p else { throw fail("'view.\(key)' must be true or false") }
            switch key {
            case "perspective": view.perspective = b
            case "xray": view.xray = b
            case "banded": view.banded = b
            default: view.dropLines = b
            }
        }
        return view
    }

    static let curvatureKeys = ["indefinite", "ellipses", "at"]

    /// `curvature: {indefinite: true, ellipses: 6, at: [[x, y], …]}`: the regions where the
    /// Hessian is indefinite shaded, 6 curvature ellipses along each path, and one at each point.
    static func curvatureSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> Comparison.CurvatureMarks {
        guard case let .object(pairs) = v else { throw fail("'curvature' must be a mapping of " + curvatureKeys.joined(separator: ", ")) }
        for (key, _) in pairs where !curvatureKeys.contains(key) {
            throw fail("unknown key 'curvature.\(key)'" + (closestMatch(to: key, in: curvatureKeys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        var marks = Comparison.CurvatureMarks()
        if let x = v["indefinite"], x != .null {
            guard case let .bool(b) = x else { throw fail("'curvature.indefinite' must be true or false") }
            marks.indefinite = b
        }
        if let x = v["ellipses"], x != .null {
            guard let n = x.number, let k = Int(exactly: n), (0...Comparison.maximumEllipses).contains(k) else {
                throw fail("'curvature.ellipses' must be a whole number from 0 to \(Comparison.maximumEllipses)")
            }
            marks.ellipsesAlongPaths = k
        }
        if let x = v["at"], x != .null {
            guard let list = x.array, list.count <= Comparison.maximumEllipses else {
                throw fail("'curvature.at' must be a list of up to \(Comparison.maximumEllipses) points [x, y]")
            }
            for (k, item) in list.enumerated() {
                guard let p = item.array, p.count == 2, let a = p[0].number, let b = p[1].number, a.isFinite, b.isFinite else {
                    throw fail("'curvature.at[\(k)]' must be a point of two finite numbers, e.g. [1, -0.5]")
                }
                marks.ellipsesAt.append(Vector2(a, b))
            }
        }
        return marks
    }

    /// `network: {data, model, epochs, batch, record_every, init_seed, curvature, plane, run,
    /// resolution, span, seed}`, each checked as `net train` and `net render` check them.
    static func networkSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> NetworkSpec {
        guard case let .object(pairs) = v else { throw fail("'network' must be a mapping of " + networkKeys.joined(separator: ", ")) }
        for (key, _) in pairs where !networkKeys.contains(key) {
            throw fail("unknown key 'network.\(key)'" + (closestMatch(to: key, in: networkKeys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        func text(_ key: String) throws(CommandError) -> String? {
            guard let x = v[key], x != .null else { return nil }
            guard let t = x.string else { throw fail("'network.\(key)' must be text") }
            return t
        }
        func whole(_ key: String, _ range: ClosedRange<Int>) throws(CommandError) -> Int? {
            guard let x = v[key], x != .null else { return nil }
            guard let n = x.number, let i = Int(exactly: n), range.contains(i) else {
                throw fail("'network.\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return i
        }
        var spec = NetworkSpec()
        spec.data = try text("data") ?? spec.data
        spec.model = try text("model") ?? spec.model
        spec.epochs = try whole("epochs", 1...1_000_000) ?? spec.epochs
        spec.batch = try whole("batch", 1...1_000_000_000)
        spec.recordEvery = try whole("record_every", 1...1_000_000_000) ?? spec.recordEvery
        spec.initSeed = UInt64(try whole("init_seed", 0...Int(Int32.max)) ?? 0)
        if let c = try text("curvature") {
            do { spec.curvature = try CurvatureRecording(c) } catch { throw fail("'network.curvature': \(error.message)") }
        }
        if let name = try text("plane") {
            guard NetRenderCommand.planes.contains(name) else { throw fail("'network.plane': " + Arguments.unknown("plane", name, among: NetRenderCommand.planes)) }
            spec.plane = name
        }
        spec.run = try whole("run", 0...1000)
        spec.resolution = try whole("resolution", 3...1001)
        if let x = v["span"], x != .null {
            guard let n = x.number, n >= 1e-9, n <= 1e6 else { throw fail("'network.span' must be a number from 1e-9 to 1e6") }
            spec.span = n
        }
        spec.seed = UInt64(try whole("seed", 0...Int(Int32.max)) ?? 0)
        return spec
    }

    /// `animate: {fps, seconds | frames, hold, loop}`, each checked as on the command line; the
    /// figure's `formats` are then animation formats (gif, png, svg; default png).
    struct AnimateSpec {
        var formats: [AnimationFormat] = [.png]
        var fps = 24.0
        var frames: Int?
        var hold = 1.5
        var loop = 0
        /// Degrees a 3-D view turns over the animation.
        var orbit = 0.0
    }

    static let animateKeys = ["fps", "seconds", "frames", "hold", "loop", "orbit"]

    static func animateSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> AnimateSpec {
        guard case let .object(pairs) = v else { throw fail("'animate' must be a mapping of fps, seconds or frames, hold, loop and orbit") }
        for (key, _) in pairs where !animateKeys.contains(key) {
            throw fail("unknown key 'animate.\(key)'" + (closestMatch(to: key, in: animateKeys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws(CommandError) -> Double? {
            guard let item = v[key], item != .null else { return nil }
            guard let n = item.number, n.isFinite, range.contains(n) else {
                throw fail("'animate.\(key)' must be a number from \(TickFormat.number(range.lowerBound)) to \(TickFormat.number(range.upperBound))")
            }
            return n
        }
        var spec = AnimateSpec()
        spec.fps = try number("fps", 1...60) ?? spec.fps
        spec.hold = try number("hold", 0...30) ?? spec.hold
        spec.orbit = try number("orbit", -3600...3600) ?? 0
        if let loop = try number("loop", 0...65535) {
            guard loop == loop.rounded() else { throw fail("'animate.loop' must be a whole number from 0 to 65535") }
            spec.loop = Int(loop)
        }
        let seconds = try number("seconds", 0.1...60)
        let frames = try number("frames", 2...Double(Animation.maximumFrames))
        if seconds != nil && frames != nil { throw fail("'animate' takes seconds or frames, not both") }
        if let frames {
            guard frames == frames.rounded() else { throw fail("'animate.frames' must be a whole number from 2 to \(Animation.maximumFrames)") }
            spec.frames = Int(frames)
        }
        if let seconds { spec.frames = Swift.min(Animation.maximumFrames, Swift.max(2, Int((seconds * spec.fps).rounded()))) }
        return spec
    }

    static func ewmaSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> EWMASpec {
        guard case let .object(pairs) = v else { throw fail("'ewma' must be a mapping of values and betas") }
        for (key, _) in pairs where !["values", "betas"].contains(key) {
            throw fail("unknown key 'ewma.\(key)'" + (closestMatch(to: key, in: ["values", "betas"]).map { "; did you mean '\($0)'?" } ?? ""))
        }
        var spec = EWMASpec()
        func numbers(_ key: String, count: ClosedRange<Int>) throws(CommandError) -> [Double]? {
            guard let item = v[key], item != .null else { return nil }
            guard let items = item.array, count.contains(items.count), let list = Optional(items.compactMap(\.number)), list.count == items.count,
                  list.allSatisfy(\.isFinite) else {
                throw fail("'ewma.\(key)' must be a list of \(count.lowerBound) to \(count.upperBound) finite numbers")
            }
            return list
        }
        if let values = try numbers("values", count: 1...Limits.samples) { spec.values = values }
        if let betas = try numbers("betas", count: 1...8) {
            guard betas.allSatisfy({ (0..<1).contains($0) }) else { throw fail("'ewma.betas' must be from 0 to below 1") }
            spec.betas = betas
        }
        return spec
    }

    static func sweepSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> SweepSpec {
        guard case let .object(pairs) = v else { throw fail("'sweep' must be a mapping with x, y and cells") }
        for (key, _) in pairs where !sweepKeys.contains(key) {
            throw fail("unknown key 'sweep.\(key)'" + (closestMatch(to: key, in: sweepKeys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        func axis(_ name: String) throws(CommandError) -> (key: String, range: String) {
            guard let text = v[name]?.string else { throw fail("'sweep.\(name)' must be KEY=A:B or KEY=A:B:log, e.g. lr=0.001:0.1:log") }
            guard let parsed = Arguments.axis(text) else { throw fail("'sweep.\(name)': expected KEY=A:B or KEY=A:B:log, got '\(text)'") }
            return parsed
        }
        guard let cells = v["cells"]?.array, cells.count == 2, let a = cells[0].number, let b = cells[1].number,
              a == a.rounded(), b == b.rounded(), (2...2000).contains(a), (2...2000).contains(b) else {
            throw fail("'sweep.cells' must be [N, M], whole numbers from 2 to 2000")
        }
        var spec = SweepSpec(x: try axis("x"), y: try axis("y"), cells: (Int(a), Int(b)))
        if let m = v["metric"], m != .null {
            guard let text = m.string, let metric = SweepMetric(rawValue: text) else {
                let names = SweepMetric.allCases.map(\.rawValue)
                throw fail("unknown metric '\(m.string ?? "")'" + (closestMatch(to: m.string ?? "", in: names).map { "; did you mean '\($0)'?" } ?? "; expected one of " + names.joined(separator: ", ")))
            }
            spec.metric = metric
        }
        if let list = v["picks"], list != .null {
            guard let items = list.array, items.allSatisfy({ ($0.array?.count == 2) && $0.array!.allSatisfy { $0.number?.isFinite == true } }) else {
                throw fail("'sweep.picks' must be a list of [x, y] pairs")
            }
            spec.picks = items.map { Vector2($0.array![0].number!, $0.array![1].number!) }
        }
        return spec
    }

    static func tuneSpec(_ v: JSONValue, fail: (String) -> CommandError) throws(CommandError) -> TuneSpec {
        guard case let .object(pairs) = v else { throw fail("'tune' must be a mapping, e.g. {ranges: [lr=1e-4:1:log], budget: 200}") }
        for (key, _) in pairs where !tuneKeys.contains(key) {
            throw fail("unknown key 'tune.\(key)'" + (closestMatch(to: key, in: tuneKeys).map { "; did you mean '\($0)'?" } ?? ""))
        }
        var spec = TuneSpec()
        func given(_ key: String) -> JSONValue? { v[key].flatMap { $0 == .null ? nil : $0 } }
        if let r = given("ranges") {
            let items = r.string.map { [JSONValue.string($0)] } ?? r.array ?? []
            let texts = items.compactMap(\.string)
            guard !texts.isEmpty, texts.count == items.count, texts.count <= 8 else {
                throw fail("'tune.ranges' must be a list of up to 8 ranges KEY=A:B[:log], e.g. [lr=1e-4:1:log]")
            }
            for text in texts {
                do { _ = try TuningRange(parsing: text) } catch { throw fail("'tune.ranges': \(error.description)") }
            }
            spec.ranges = texts
        }
        if let b = given("budget") {
            guard let n = b.number, let k = Int(exactly: n), (1...Tuning.maximumBudget).contains(k) else {
                throw fail("'tune.budget' must be a whole number from 1 to \(Tuning.maximumBudget)")
            }
            spec.budget = k
        }
        if let o = given("objective") {
            guard let text = o.string else { throw fail("'tune.objective' must be text: final-loss, distance, steps-to=L, mean-loss or steps") }
            do { spec.objective = try TuningObjective(parsing: text) } catch { throw fail("'tune.objective': \(error.description)") }
        }
        if let n = given("search_steps") {
            guard let x = n.number, let k = Int(exactly: x), (0...Limits.steps).contains(k) else {
                throw fail("'tune.search_steps' must be a whole number from 0 to \(Limits.steps)")
            }
            spec.searchSteps = k
        }
        if let c = given("clip") {
            guard let x = c.number, x.isFinite, x > 0 else { throw fail("'tune.clip' must be a positive number (the largest gradient norm a step uses)") }
            spec.clip = x
        }
        if let s = given("schedule") {
            guard let text = s.string else { throw fail("'tune.schedule' must be text, e.g. cosine or step:step_size=100,gamma=0.5") }
            spec.schedule = text
        }
        if let p = given("protocol") {
            guard let name = p.string else { throw fail("'tune.protocol' must be text: " + TuningProtocol.all.map(\.name).joined(separator: ", ")) }
            guard TuningProtocol.all.contains(where: { $0.name == name }) else {
                throw fail("'tune.protocol': " + Arguments.unknown("protocol", name, among: TuningProtocol.all.map(\.name)))
            }
            for key in ["ranges", "budget", "clip"] where given(key) != nil {
                throw fail("'tune.protocol' fixes 'tune.\(key)'; leave it out")
            }
            spec.protocolName = name
        }
        return spec
    }
}

/// A figure's layout, as scenes and `render --layout` name it.
enum FigureLayout: String, CaseIterable, Sendable {
    case single
    case withLoss = "with-loss"
    case sideBySide = "side-by-side"
    /// Surfaces × optimizers, a row per surface.
    case grid
    /// Loss per step only, a panel per surface.
    case loss
    case threeD = "3d"
    case threeDContour = "3d+contour"
    case threeDSideBySide = "3d-side-by-side"
    /// Surfaces × optimizers in 3-D.
    case threeDGrid = "3d-grid"
    /// The landscape, the loss, and λmax along each path with its stability threshold.
    case withCurvature = "with-curvature"

    var isGrid: Bool { self == .grid || self == .threeDGrid }
    var isThreeD: Bool { self == .threeD || self == .threeDContour || self == .threeDSideBySide || self == .threeDGrid }

    /// The layout of each comparison it draws (a grid's cells are side-by-side or 3-D panels).
    var comparisonLayout: Comparison.Layout {
        switch self {
        case .withLoss: .withLoss
        case .withCurvature: .withCurvature
        case .sideBySide, .grid: .sideBySide
        case .threeD, .threeDGrid: .threeD
        case .threeDContour: .threeDContour
        case .threeDSideBySide: .threeDSideBySide
        case .single, .loss: .single
        }
    }
}

/// A figure whose surfaces and optimizers are resolved (so every input error is found before any
/// work starts), ready to run and draw.
struct FigureJob: Sendable {
    var name: String
    var formats: [ImageFormat]
    var comparisons: [Comparison]
    var isGrid: Bool
    var isThreeDGrid = false
    var isLossOnly: Bool
    var size: (width: Int, height: Int)
    var title: String?
    var subtitle: String?
    /// A hyperparameter map instead of paths.
    var sweep: Sweep?
    var sweepMetric = SweepMetric.steps
    var sweepLayout = SweepFigure.Layout.map
    var sweepPicks: [Vector2]?
    /// The sweep map's axis and colorbar titles and colour scale.
    var sweepLabels: (x: String?, y: String?, colorbar: String?) = (nil, nil, nil)
    var sweepColors = FieldStyle.Request()
    var sweepColormap: Colormap?
    /// An EWMA figure instead of paths.
    var ewma: EWMAFigure?
    /// A finished tuning (`tune:`): the race is at its settings, or the figure is its
    /// sensitivity curves.
    var tuning: TuneOutcome?
    var sensitivity: SensitivityFigure?
    /// An animation of the race instead of still files.
    var animate: Scene.AnimateSpec?
    /// A network's landscape, trained and drawn when the job is made.
    var network: (drawn: NetRenderCommand.Drawn, summary: String)?
    /// How the figure looks; ``size`` is in its layout units (the files are `style.spacing`
    /// times as large, a PNG `density` times more).
    var style: Style = .default
    var density = 1.0

    /// The files' extensions: the still formats, or the animation's.
    var extensions: [String] { animate.map { $0.formats.map(\.rawValue) } ?? formats.map(\.rawValue) }

    init(_ given: Scene.FigureSpec, gridOverride: Int? = nil) throws(CommandError) {
        // Sizes come in output units (points, or pixels at density 1); the figure is laid out at
        // size ÷ spacing, and the style's own size is used when none is given.
        var spec = given
        if given.animate != nil {
            // An animation's frames are images at its size: drawn at spacing 1, one pixel a point.
            guard given.density == 1 else { throw .usage("figure '\(given.name)': 'scale' sets a still PNG's pixel density; an animation's pixels are its 'size'") }
            spec.style.spacing = 1
        }
        style = spec.style
        density = spec.density
        if let size = given.size ?? spec.style.size { spec.size = Self.layoutSize(size, spacing: spec.style.spacing) }
        spec.sizeIsStyles = given.size == nil && spec.style.size != nil
        name = spec.name
        formats = spec.animate == nil ? spec.formats : []
        animate = spec.animate
        isGrid = spec.layout.isGrid
        isThreeDGrid = spec.layout == .threeDGrid
        isLossOnly = spec.layout == .loss
        size = spec.size ?? (800, 600)
        title = spec.title
        subtitle = spec.subtitle
        if let t = spec.tune {
            let outcome = try TuneSetup.run(t, spec: &spec, commandLine: spec.commandLine)
            tuning = outcome
            subtitle = spec.subtitle
            if t.sensitivity {
                comparisons = []
                size = spec.size ?? (Int(SensitivityFigure.preferredSize.width), Int(SensitivityFigure.preferredSize.height))
                sensitivity = try TuneSetup.sensitivityFigure(outcome, spec: spec, size: size)
                return
            }
        }
        let stop = StopRule(maxSteps: spec.steps, loss: spec.stopLoss, gradientNorm: spec.stopGrad)
        let colormap = spec.colormap
        sweepColormap = spec.colormap
        if let n = spec.network {
            comparisons = []
            let dataset: Dataset
            do { dataset = try Dataset(spec: n.data) } catch { throw .usage("figure '\(spec.name)': \(error.description)") }
            let options = TrainingOptions(epochs: n.epochs, batch: n.batch, recordEvery: n.recordEvery, seed: spec.seed)
            // Figures that train the same network (the gallery's four) train it once.
            let key = [n.data, n.model, spec.optimizers.joined(separator: " "), "\(n.epochs)", "\(n.batch ?? 0)", "\(n.recordEvery)",
                       "\(spec.seed)", "\(n.initSeed)", n.curvature?.rawValue ?? "-"].joined(separator: "|")
            let session = try NetworkSessions.shared.session(key) { () throws(CommandError) in
                try NetTrainCommand.train(dataset, model: n.model, optimizers: spec.optimizers, options: options, initSeed: n.initSeed,
                                          curvature: n.curvature).0
            }
            var figure = NetworkFigure(session: session)
            do {
                (figure.view, figure.plane, figure.layout) = try NetRenderCommand.view(plane: n.plane, layout: n.layout, explicitLayout: n.layout != nil)
            } catch { throw .usage("figure '\(spec.name)': \(error.message)") }
            figure.run = n.run
            // The gallery's --grid samples every landscape, a network's plane too (never finer).
            let resolution = n.resolution ?? NetRenderCommand.defaultResolution(figure.view)
            figure.resolution = gridOverride.map { Swift.min($0, resolution) } ?? resolution
            figure.span = n.span
            figure.seed = n.seed
            figure.title = spec.title
            Self.configure(&figure, spec)
            figure.colormap = colormap
            figure.style = spec.style
            if spec.view.given { figure.camera = Camera3D(azimuth: spec.view.azimuth, elevation: spec.view.elevation, perspective: spec.view.perspective) }
            let drawn = try NetRenderCommand.draw(figure, size: spec.size, context: "figure '\(spec.name)'")
            size = (Int(drawn.drawing.width), Int(drawn.drawing.height))
            network = (drawn, "\(figure.modelDescription) trained on \(dataset.source) with " + spec.optimizers.joined(separator: ", ") + "; \(drawn.description)")
            return
        }
        if let e = spec.ewma {
            comparisons = []
            var figure = EWMAFigure(values: e.values, betas: e.betas)
            // The gradients momentum averages: one epoch of per-sample SGD on the surface (sincos
            // unless named), lr 0.09 from its suggested start.
            let surface = try Self.surface(spec.surfaces[0], spec)
            if surface.function is any SampledFunction, surface.dimension == 2 {
                let optimizer = try Arguments.optimizer("sgd:lr=0.09,batch=1", for: surface)
                let start = spec.starts.first.map { Vector2($0[0], $0.count > 1 ? $0[1] : 0) } ?? surface.defaultStart
                let run = Runner(surface: surface, optimizer: optimizer, seed: spec.seed)
                    .run(from: start, stop: StopRule(maxSteps: Swift.min(spec.steps, 2000)))
                if let column = run.stateNames.firstIndex(of: "bgrad_x") {
                    let width = run.stateNames.count
                    figure.gradients = (1..<run.positions.count).map { run.state[$0 * width + column] }
                    figure.gradientTitle = "∂ℓᵢ/∂\(surface.axisNames.x) of per-sample SGD on \(surface.name)"
                }
            }
            let chosen = spec.size ?? (figure.gradients == nil ? (1000, 460) : (1500, 480))
            guard chosen.width >= 600, chosen.height >= 320 else {
                throw .usage("figure '\(spec.name)': \(Self.shown(chosen, spec.style.spacing)) is too small for the ewma layout; the smallest size that works is \(Self.shownMinimum((600, 320), spec.style.spacing))")
            }
            size = chosen
            figure.width = Double(chosen.width)
            figure.height = Double(chosen.height)
            figure.title = spec.title
            figure.subtitle = spec.subtitle
            figure.style = spec.style
            ewma = figure
            return
        }
        if let s = spec.sweep {
            comparisons = []
            let surface = try Self.surface(spec.surfaces[0], spec)
            var start = surface.defaultStart
            if let p = spec.starts.first {
                guard p.count == 2, surface.dimension == 2, spec.starts.count == 1 else { throw .usage("figure '\(spec.name)': a sweep needs a surface over the plane and one start of two numbers") }
                start = Vector2(p[0], p[1])
            }
            let cellCount = s.cells.0 * s.cells.1
            guard cellCount <= Limits.sweepCells else {
                throw .usage("figure '\(spec.name)': \(s.cells.0)×\(s.cells.1) = \(Limits.describeCount(Double(cellCount))) cells, over the sweep limit of \(Limits.describeCount(Double(Limits.sweepCells))) (they would need about \(Limits.describeBytes(cellCount * 250))); use fewer cells")
            }
            // A stochastic step (a shuffled sample or mini-batch) costs about five of a full one.
            let stochastic = (try? OptimizerConfiguration(spec: spec.optimizers[0])).map { Runner(surface: surface, optimizer: $0).isStochastic } ?? false
            let weight = stochastic ? Double(Limits.stochasticStepCost) : 1
            let work = Double(cellCount) * Double(spec.steps)
            guard work * weight <= Double(Limits.sweepSteps) else {
                throw .usage("figure '\(spec.name)': \(s.cells.0)×\(s.cells.1) cells × \(spec.steps) steps = \(Limits.describeCount(work)) steps, over the sweep limit of \(Limits.describeCount(Double(Limits.sweepSteps) / weight))\(stochastic ? " for a stochastic optimizer" : "") (about 20 s on two cores); use fewer cells or steps")
            }
            if let picks = s.picks, picks.count > 16 { throw .usage("figure '\(spec.name)': at most 16 picked cells, got \(picks.count)") }
            sweep = try Arguments.sweep(surface: surface, optimizer: spec.optimizers[0], x: s.x, y: s.y, cells: s.cells,
                                        start: start, stop: stop, seed: spec.seed, context: "figure '\(spec.name)'")
            sweepMetric = s.metric
            if s.metric == .distance && !surface.minima.contains(where: { $0.kind == .globalMinimum }) {
                throw .usage("figure '\(spec.name)': metric distance needs a known global minimum, and \(surface.name) has none; use steps or final-loss")
            }
            sweepLayout = spec.sweepLayout
            let preferred = SweepFigure.preferredSize(sweepLayout), minimum = SweepFigure.minimumSize(sweepLayout)
            size = spec.size ?? (Int(preferred.width), Int(preferred.height))
            if Double(size.width) < minimum.width || Double(size.height) < minimum.height {
                throw .usage("figure '\(spec.name)': \(Self.shown(size, spec.style.spacing)) is too small for the sweep \(sweepLayout.rawValue) layout; the smallest size that works is \(Self.shownMinimum(minimum, spec.style.spacing))")
            }
            sweepPicks = s.picks
            sweepLabels = (spec.xLabel, spec.yLabel, spec.colorbarLabel)
            // A sweep's map colours cells: a range and linear or log colours apply; levels,
            // symlog and contour labels do not.
            guard spec.colorScale.levels == nil, spec.colorScale.spacing != .symlog, !spec.contourLabels else {
                throw .usage("figure '\(spec.name)': a sweep's map colours its cells by value: it takes a colour range and linear or log colours, not levels, symlog or contour labels")
            }
            sweepColors = spec.colorScale
            if sweepLayout == .theory, let sweep, !SweepFigure.hasTheory(sweep) {
                throw .usage("figure '\(spec.name)': layout theory needs gd, sgd, momentum or nesterov with a constant learning rate on a quadratic surface (bowl or ravine), sweeping lr, momentum, dampening or weight_decay")
            }
            return
        }
        if let file = spec.gridFile {
            comparisons = [try Self.importedComparison(file, spec: spec, stop: stop, gridOverride: gridOverride, colormap: colormap)]
            size = (Int(comparisons[0].width), Int(comparisons[0].height))
            return
        }
        comparisons = try spec.surfaces.map { surfaceSpec throws(CommandError) -> Comparison in
            let surface = try Self.surface(surfaceSpec, spec)
            let texts = spec.optimizers.isEmpty ? (surface.starts.first?.optimizers ?? ["gd:lr=0.01"]) : spec.optimizers
            var runs = try texts.map { text throws(CommandError) in try Arguments.run(text, for: surface) }
            for s in spec.starts where s.count != surface.dimension {
                throw .usage("figure '\(spec.name)': 'start' needs \(surface.dimension == 1 ? "one number" : "two numbers") for \(surface.name)")
            }
            let start = spec.starts.first.map { Vector2($0[0], $0.count > 1 ? $0[1] : 0) }
            if spec.starts.count > 1 { runs = Self.fromEveryStart(runs, spec.starts, style: spec.style) }
            let optimizers = runs.map(\.optimizer)
            if surface.dimension == 1 && spec.layout != .single && spec.layout != .withLoss && spec.layout != .withCurvature {
                throw .usage("figure '\(spec.name)': \(surface.name) is a curve; use layout single, with-loss or with-curvature")
            }
            if !spec.curvature.isEmpty && (surface.dimension == 1 || spec.layout.isThreeD) {
                throw .usage("figure '\(spec.name)': 'curvature' marks go on a 2-D surface's contour plot: not on a curve or in a 3-D layout")
            }
            if optimizers.count > 64 { throw .usage("figure '\(spec.name)': at most 64 optimizers in one figure, got \(optimizers.count)") }
            try Arguments.checkRecordedSteps(runs: spec.surfaces.count * optimizers.count * spec.seeds, steps: spec.steps, what: "figure '\(spec.name)'")
            var c = Comparison(surface: surface, optimizers: optimizers, start: start, stop: stop)
            c.looks = runs.map(\.look)
            try Self.configure(&c, spec: spec, gridOverride: gridOverride, colormap: colormap, runCount: optimizers.count)
            return c
        }
        size = (Int(comparisons[0].width), Int(comparisons[0].height))
        if isGrid {
            size = spec.size ?? (800, 600)
            let columns = comparisons.map(\.optimizers.count).max() ?? 1
            let minimum = Comparison.rowsFigureMinimumSize(rows: comparisons.count, columns: columns, threeD: isThreeDGrid)
            if Double(size.width) < minimum.width || Double(size.height) < minimum.height {
                throw .usage("figure '\(spec.name)': \(Self.shown(size, spec.style.spacing)) is too small for a grid of \(comparisons.count) × \(columns) panels; the smallest size that works is \(Self.shownMinimum(minimum, spec.style.spacing))")
            }
        }
    }

    /// A network figure's texts and colour scale from its figure spec.
    static func configure(_ figure: inout NetworkFigure, _ spec: Scene.FigureSpec) {
        figure.subtitle = spec.subtitle
        figure.xLabel = spec.xLabel
        figure.yLabel = spec.yLabel
        figure.colorbarLabel = spec.colorbarLabel
        figure.colorScale = spec.colorScale
        figure.contourLabels = spec.contourLabels
    }

    /// Every run from every start (a run with a start of its own keeps it): the runs of one
    /// optimizer share its colour, and each start has its own dash and marker, so that every
    /// path is told apart (a colour or dash the spec gives is kept).
    static func fromEveryStart(_ runs: [(optimizer: OptimizerConfiguration, look: RunLook)], _ starts: [[Double]], style: Style) -> [(optimizer: OptimizerConfiguration, look: RunLook)] {
        var out: [(optimizer: OptimizerConfiguration, look: RunLook)] = []
        for (i, run) in runs.enumerated() {
            guard run.look.start == nil else { out.append(run); continue }
            for (j, p) in starts.enumerated() {
                var look = run.look
                look.start = p
                look.color = look.color ?? style.runColor(i)
                look.dash = look.dash ?? LineDash.allCases[j % LineDash.allCases.count]
                look.marker = look.marker ?? LandscapePanel.stepMarker(j)
                out.append((run.optimizer, look))
            }
        }
        return out
    }

    /// A comparison's settings from its figure spec: seeds, grid, levels, colours, titles, layout
    /// and camera, and the size (checked: one that is too small is refused with the smallest that works).
    static func configure(_ c: inout Comparison, spec: Scene.FigureSpec, gridOverride: Int?, colormap: Colormap?, runCount: Int) throws(CommandError) {
        c.seed = spec.seed
        c.seeds = spec.seeds
        c.gridSize = gridOverride ?? spec.grid
        c.levelCount = spec.levels
        c.colormap = colormap
        c.colorScale = spec.colorScale
        c.contourLabels = spec.contourLabels
        c.curvature = spec.curvature
        c.style = spec.style
        c.title = spec.title
        c.subtitle = spec.subtitle
        c.xLabel = spec.xLabel
        c.yLabel = spec.yLabel
        c.colorbarLabel = spec.colorbarLabel
        c.layout = spec.layout.comparisonLayout
        c.camera = Camera3D(azimuth: spec.view.azimuth, elevation: spec.view.elevation, perspective: spec.view.perspective)
        c.mesh = spec.view.mesh
        c.zRange = spec.view.zRange
        c.logZ = spec.view.logZ
        c.xray = spec.view.xray
        c.dropLines = spec.view.dropLines
        c.bandedMesh = spec.view.banded
        var preferred = c.preferredSize
        // A style with a width of its own (paper's one column, 3.5 in): that width at the layout's
        // shape, taller where the layout needs it; a layout too wide for it gets twice the width
        // (two columns), else its own size.
        if spec.size == nil, spec.style.size == nil, let width = spec.style.width {
            // (A wide layout, such as a landscape beside its loss, takes two columns at once.)
            for columns in preferred.width > 1.6 * preferred.height ? [2.0] : [1.0, 2.0] {
                let w = (columns * width / spec.style.spacing).rounded()
                var h = (preferred.height * w / preferred.width).rounded()
                while !c.fits(width: w, height: h) && h <= 1.5 * w { h += 10 }
                if c.fits(width: w, height: h) {
                    preferred = (w, h)
                    break
                }
            }
        }
        let gridLayout = spec.layout.isGrid
        var chosen = spec.size ?? (gridLayout || spec.layout == .loss ? (800, 600) : (Int(preferred.width), Int(preferred.height)))
        // The style's own size (not one asked for) grows to what the layout needs, in its shape.
        if spec.sizeIsStyles, !gridLayout, spec.layout != .loss, !c.fits(width: Double(chosen.width), height: Double(chosen.height)) {
            let minimum = c.minimumSize
            let factor = Swift.max(minimum.width / Double(chosen.width), minimum.height / Double(chosen.height), 1)
            chosen = (Int((Double(chosen.width) * factor).rounded(.up)), Int((Double(chosen.height) * factor).rounded(.up)))
            while !c.fits(width: Double(chosen.width), height: Double(chosen.height)) && chosen.width < 8000 {
                chosen = (chosen.width + 16, chosen.height + 9)
            }
        }
        // A size of our own choosing stays within the sizes a user may ask for.
        if spec.size == nil, chosen.width > 8000 || chosen.height > 8000 {
            throw .usage("figure '\(spec.name)': the \(c.layout.rawValue) layout with \(runCount) \(spec.gridFile == nil ? "optimizer" : "path")\(runCount == 1 ? "" : "s") would need \(Self.shown(chosen, spec.style.spacing)), over the largest figure of 8000×8000; draw fewer, or choose a --size and layout")
        }
        if !gridLayout && spec.layout != .loss, !c.fits(width: Double(chosen.width), height: Double(chosen.height)) {
            let minimum = c.minimumSize
            throw .usage("figure '\(spec.name)': \(Self.shown(chosen, spec.style.spacing)) is too small for the \(c.layout.rawValue) layout with \(runCount) \(spec.gridFile == nil ? "optimizer" : "path")\(runCount == 1 ? "" : "s"); the smallest size that works is \(Self.shownMinimum(minimum, spec.style.spacing))")
        }
        c.width = Double(chosen.width)
        c.height = Double(chosen.height)
    }

    /// Refuses, before anything is run or drawn, a file larger than the renderer makes: a PNG at
    /// most 16384 pixels a side (a gigabyte of pixels), with the size it would have.
    func checkOutputSize(_ formats: [ImageFormat]) throws(CommandError) {
        try StyleFile.checkOutputSize(size, style: style, density: density, formats: formats, context: "figure '\(name)': ")
    }

    /// A figure's surface: a built-in one in its view (`domain`), or a formula over its domain.
    static func surface(_ text: String, _ spec: Scene.FigureSpec) throws(CommandError) -> Surface {
        var surface = try Arguments.surface(text, domain: spec.expressionDomain, minimum: spec.expressionMinimum)
        if let view = spec.viewDomain, surface.expression == nil { surface.domain = view }
        return surface
    }

    /// A size in output units as layout units at `spacing` output units each.
    static func layoutSize(_ size: (width: Int, height: Int), spacing: Double) -> (width: Int, height: Int) {
        (Swift.max(1, Int((Double(size.width) / spacing).rounded())), Swift.max(1, Int((Double(size.height) / spacing).rounded())))
    }

    /// A layout size as the output size it gives, `W×H`, for messages.
    static func shown(_ size: (width: Int, height: Int), _ spacing: Double) -> String {
        "\(Int((Double(size.width) * spacing).rounded()))×\(Int((Double(size.height) * spacing).rounded()))"
    }

    /// A smallest layout size as the output size to ask for, `WxH` (rounded up).
    static func shownMinimum(_ size: (width: Double, height: Double), _ spacing: Double) -> String {
        "\(Int((size.width * spacing).rounded(.up)))x\(Int((size.height * spacing).rounded(.up)))"
    }

    /// Runs the optimizers (or the sweep) and lays out the figure.
    func makeFigure() -> Figure {
        if let network { return network.drawn.drawing }
        if let ewma { return ewma.figure() }
        if let sensitivity { return sensitivity.figure() }
        if let sweep { return sweepFigure(sweep.run()) }
        if isLossOnly {
            // Loss per step for each surface, two panels to a row.
            let panels: [any Panel] = comparisons.map { c in
                let (series, runs) = c.seriesAndRuns()
                var panel = LossPanel(series: series, ensembles: runs.map { $0.map(\.losses) }, offset: c.surface.globalMinimumValue ?? 0,
                                      title: c.surface.spec.description)
                panel.showLegend = true
                return panel
            }
            let rows = stride(from: 0, to: panels.count, by: 2).map { Array(panels[$0..<min($0 + 2, panels.count)]) }
            return Figure(style: style, width: Double(size.width), height: Double(size.height), title: title ?? "Loss per step", subtitle: subtitle, panels: rows)
        }
        if isGrid {
            let names = comparisons.map(\.surface.name).joined(separator: ", ")
            return Comparison.rowsFigure(comparisons, width: Double(size.width), height: Double(size.height),
                                   title: title ?? "Optimizers on \(names)", subtitle: subtitle, threeD: isThreeDGrid)
        }
        return comparisons[0].figure()
    }

    /// The figure of a finished sweep.
    func sweepFigure(_ result: SweepResult) -> Figure {
        var f = SweepFigure(result: result, metric: sweepMetric)
        f.layout = sweepLayout
        f.width = Double(size.width)
        f.height = Double(size.height)
        f.title = title
        f.subtitle = subtitle
        f.colormap = sweepColormap
        f.style = style
        (f.xLabel, f.yLabel, f.colorbarLabel) = sweepLabels
        f.colorRange = sweepColors.range
        f.logColor = sweepColors.spacing.map { $0 == .log }
        if let points = sweepPicks {
            f.picks = points.enumerated().map { k, p in
                let i = (0..<result.sweep.x.count).min { Self.gap(result.sweep.x, $0, p.x) < Self.gap(result.sweep.x, $1, p.x) }!
                let j = (0..<result.sweep.y.count).min { Self.gap(result.sweep.y, $0, p.y) < Self.gap(result.sweep.y, $1, p.y) }!
                return SweepFigure.Pick(i: i, j: j, role: "cell \(k + 1)")
            }
        }
        return f.figure()
    }

    /// How far value `v` is from cell `i` of an axis, in cells.
    static func gap(_ axis: SweepAxis, _ i: Int, _ v: Double) -> Double {
        axis.logarithmic ? abs(log(axis.value(i)) - log(max(v, 1e-300))) : abs(axis.value(i) - v)
    }

    /// The file's title (SVG `<title>`, PDF title): `ravine: f(w₁, w₂) = …`, or the formula alone
    /// for a typed expression.
    var fileTitle: String {
        if let network { return network.drawn.drawing.title }
        if let ewma { return ewma.title ?? "Exponentially weighted moving averages" }
        if let sensitivity { return sensitivity.title }
        if let sweep { return "Sweep of \(sweep.optimizer) on \(sweep.surface.spec)" + [SweepFigure.Layout.map: "", .theory: ": measured and theoretical rates", .paths: ": picked cells and their paths"][sweepLayout, default: ""] }
        if isGrid || isLossOnly { return title ?? "Optimizers on " + comparisons.map(\.surface.name).joined(separator: ", ") }
        let surface = comparisons[0].surface
        // (An imported grid's formula already names it: `train_loss from FILE`.)
        return surface.expression != nil || surface.formula.hasPrefix("\(surface.spec) ") ? surface.formula : "\(surface.spec): \(surface.formula)"
    }

    /// The index page's caption after the figure's name: the title, without the name again.
    var caption: String {
        let prefix = "\(name): "
        return fileTitle.hasPrefix(prefix) ? String(fileTitle.dropFirst(prefix.count)) : fileTitle
    }

    var fileDescription: String {
        if let network { return network.summary }
        if let ewma {
            return "vₜ = β·vₜ₋₁ + (1 − β)·xₜ of \(ewma.values.count) values for β = \(ewma.betas.map(EWMAFigure.format).joined(separator: ", ")), started at the first value and at 0 with and without bias correction"
                + (ewma.gradients == nil ? "." : ", and of per-sample SGD's gradients.")
        }
        if let tuning {
            let settings = zip(tuning.labels, tuning.results).map { label, r in
                "\(label): \(r.tuning.objective.title) \(r.bestObjective.isFinite ? TickFormat.significant(r.bestObjective, digits: 4) : "none") at \(r.spec)"
            }
            let runs = sensitivity == nil ? " " + comparisons.map(\.summary).joined(separator: " ") : ""
            return "\(tuning.protocolText). \(settings.joined(separator: "; "))." + runs
        }
        if let sweep {
            return "Hyperparameter sweep of \(sweep.optimizer) on \(sweep.surface.spec) (\(sweep.surface.formula)) over \(sweep.x.description) and \(sweep.y.description), metric \(sweepMetric.rawValue)."
        }
        return comparisons.map(\.summary).joined(separator: " ")
    }

    /// Refuses, before the runs, an animation whose seeds' paths would be drawn past the budget:
    /// every seed of a stochastic optimizer is drawn, faint, in each frame (a single run's path is
    /// reduced once for all frames, an ensemble's seeds are not), so seeds × steps × frames
    /// bounds the work: at most 10⁷ points (Cairo strokes each seed's faint path in every changed
    /// band of every frame, about 1.4 µs a point: 50 seeds × 2000 steps × 192 frames took 27 s).
    func checkAnimationWork(frames: Int?, fps: Double) throws(CommandError) {
        for c in comparisons {
            let steps = c.stop.maxSteps
            let count = Swift.min(Swift.max(2, frames ?? Animation.defaultFrames(steps: steps, fps: fps)), steps + 1, Animation.maximumFrames)
            let seeds = c.optimizers.reduce(0) { $0 + (Runner(surface: c.surface, optimizer: $1).isStochastic && c.seeds > 1 ? c.seeds : 0) }
            let points = Double(seeds) * Double(steps + 1) * Double(count)
            guard points <= 1e7 else {
                throw .usage("figure '\(name)': \(seeds) seeds × \(steps) steps drawn in each of \(count) frames is \(Limits.describeCount(points)) points, over the animation limit of 10⁷ (about 15 s); use fewer seeds, steps or frames")
            }
        }
    }

    /// The race as an animation in each of `formats`, its frames drawn from one run.
    func animation(_ spec: Scene.AnimateSpec) throws(CommandError) -> [[UInt8]] {
        try checkAnimationWork(frames: spec.frames, fps: spec.fps)
        let animation = Animation(figure: makeFigure(), frames: spec.frames, fps: spec.fps, hold: spec.hold, loop: spec.loop, orbit: spec.orbit)
        for format in spec.formats {
            if let problem = animation.problem(raster: format != .svg) { throw .usage("figure '\(name)': \(problem)") }
        }
        var files: [[UInt8]] = []
        for format in spec.formats {
            do {
                files.append(try AnimationWriter.write(animation, as: format,
                                                       metadata: .init(title: fileTitle, description: fileDescription, idPrefix: name)))
            } catch { throw .failure(error.description) }
        }
        return files
    }

    /// The figure (run and laid out here) in several formats, drawn once. The figure's model (its
    /// grids, contours and runs) is released as soon as it has been drawn, before the files are
    /// rasterized and encoded.
    func render(as formats: [ImageFormat]) throws(CommandError) -> [[UInt8]] {
        try checkOutputSize(formats)
        var figure: Figure? = makeFigure()
        let width = Int(figure?.width ?? 0), height = Int(figure?.height ?? 0)
        do {
            return try Renderer.render(width: width, height: height, formats: formats,
                                       metadata: .init(title: fileTitle, description: fileDescription, idPrefix: name),
                                       scale: Renderer.Scale(spacing: style.spacing, density: density)) { canvas in
                _ = figure?.draw(on: canvas)
                figure = nil
            }
        } catch { throw .failure(error.description) }
    }

    func render(_ figure: Figure, as format: ImageFormat) throws(CommandError) -> [UInt8] {
        do {
            return try Renderer.render(width: Int(figure.width), height: Int(figure.height), format: format,
                                       metadata: .init(title: fileTitle, description: fileDescription, idPrefix: name),
                                       scale: Renderer.Scale(spacing: style.spacing, density: density)) { canvas in
                figure.draw(on: canvas)
            }
        } catch { throw .failure(error.description) }
    }
}

/// Trained networks by what trained them, for the figures of one process.
final class NetworkSessions: @unchecked Sendable {
    static let shared = NetworkSessions()
    private var sessions: [String: NetworkSession] = [:]
    private let lock = NSLock()

    func session(_ key: String, train: () throws(CommandError) -> NetworkSession) throws(CommandError) -> NetworkSession {
        lock.lock()
        defer { lock.unlock() }
        if let s = sessions[key] { return s }
        let s = try train()
        sessions[key] = s
        return s
    }
}
