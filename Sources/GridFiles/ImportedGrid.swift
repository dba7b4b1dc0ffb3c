#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Landscapes

/// Why a grid file cannot be used, in one line that names the file.
public struct GridFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// A landscape computed elsewhere: coordinates and one or more named grids of values over them,
/// read from loss-landscape's HDF5 surface files, NumPy `.npy`/`.npz`, or CSV.
///
/// `values[name][i·x.count + j]` is the value at (x[j], y[i]): rows are y, as `Grid` has them.
/// A 1-D file has no `y` and one value per x. NaN and ±inf cells are kept as NaN (masked).
///
/// ```swift
/// let file = try ImportedGrid(path: "surf.h5")          // xcoordinates, ycoordinates, train_loss, …
/// let grid = try file.grid(named: "train_loss")         // a Grid, ready for contours and 3-D
/// ```
public struct ImportedGrid: Sendable {
    public var path: String
    public var x: [Double]
    public var y: [Double]?
    /// The grids' names, in the file's order.
    public var names: [String]
    public var values: [String: [Double]]

    public init(path: String, x: [Double], y: [Double]?, names: [String], values: [String: [Double]]) {
        self.path = path
        self.x = x
        self.y = y
        self.names = names
        self.values = values
    }

    /// The dataset names a loss-landscape surface file may hold, in the order they are preferred.
    public static let lossLandscapeNames = ["train_loss", "train_acc", "test_loss", "test_acc"]
    /// The largest file read (a device such as /dev/zero is cut off there).
    /// 512 MB holds an 8000 × 8000 float64 grid, twice the finest grid a figure samples.
    public static let maxFileBytes = 1 << 29
    /// The most coordinates along one axis (a grid is bounded by ``maxFileBytes`` too, and is
    /// contoured at a resolution tied to the canvas).
    public static let maxCoordinates = 1_000_000
    /// The largest CSV file read (text takes about 20 bytes a number, and a long-form row is
    /// held as a point until the lattice is known): 128 MiB.
    public static let maxCSVBytes = 1 << 27

    /// Reads a file by its extension: `.h5`/`.hdf5` (loss-landscape), `.npy`, `.npz`, `.csv`.
    public init(path: String) throws(GridFileError) {
        switch Self.fileExtension(path) {
        case "h5", "hdf5": self = try Self.readHDF5(path)
        case "npy":
            let array: NumPyArray
            do { array = try NumPyArray(npyFile: path, limit: Self.maxFileBytes) } catch { throw GridFileError(path, error.message) }
            self = try Self.readNPY(path, array: array)
        case "npz": self = try Self.readNPZ(path, bytes: try Self.bytes(path))
        case "csv": self = try Self.readCSV(path, text: String(decoding: try Self.bytes(path, limit: Self.maxCSVBytes), as: UTF8.self))
        default: throw GridFileError(path, "cannot tell the format: use .h5 (loss-landscape), .npy, .npz or .csv")
        }
        // ±inf becomes NaN in place; a grid that is all finite is not touched (nor copied).
        for name in Array(values.keys) where values[name]?.contains(where: { !$0.isFinite }) == true {
            values[name]?.withUnsafeMutableBufferPointer { v in
                for i in v.indices where !v[i].isFinite { v[i] = .nan }
            }
        }
    }

    /// A path's extension in lower case (`surf.H5` → `h5`), or "" without one.
    static func fileExtension(_ path: String) -> String {
        path.split(separator: "/").last.flatMap { n in n.contains(".") ? n.split(separator: ".").last.map { $0.lowercased() } : nil } ?? ""
    }

    static func bytes(_ path: String, limit: Int = maxFileBytes) throws(GridFileError) -> [UInt8] {
        do { return try readFileBytes(path, limit: limit) } catch { throw GridFileError(path, "cannot read it: \(error.message)") }
    }

    // MARK: loss-landscape HDF5

    /// `xcoordinates`, optional `ycoordinates`, and the grids: loss-landscape writes each with
    /// shape (len(x), len(y)) and fills it in `numpy.meshgrid(x, y)` order (y slowest), so its
    /// values are already rows of y.
    static func readHDF5(_ path: String) throws(GridFileError) -> ImportedGrid {
        // One child: its listing (names, kinds, shapes: nothing read) comes first, and only the
        // datasets whose declared shape fits the coordinates are asked for.
        var expected: [Int] = []
        var hasY = false
        let file = try HDF5File(path: path, choosing: { entries throws(GridFileError) -> [String] in
            func entry(_ name: String) -> HDF5File.Entry? { entries.first { $0.name == name } }
            guard let xEntry = entry("xcoordinates") else {
                throw GridFileError(path, "no 'xcoordinates' dataset (loss-landscape's surface files have one); it has " + listed(entries.map(\.name)))
            }
            func coordinates(_ e: HDF5File.Entry) throws(GridFileError) -> Int {
                if let problem = e.problem { throw GridFileError(path, "'\(e.name)' \(problem)") }
                guard e.shape.count == 1, e.shape[0] >= 2, e.shape[0] <= maxCoordinates else {
                    throw GridFileError(path, "'\(e.name)' must be a list of 2 to \(maxCoordinates) numbers; it has shape \(NumPyArray.shapeText(e.shape))")
                }
                return e.shape[0]
            }
            let nx = try coordinates(xEntry)
            let ny = try entry("ycoordinates").map { e throws(GridFileError) in try coordinates(e) }
            hasY = ny != nil
            expected = ny.map { [nx, $0] } ?? [nx]
            var wanted = ["xcoordinates"] + (ny == nil ? [] : ["ycoordinates"])
            var problems: [String] = []
            for e in entries where e.name != "xcoordinates" && e.name != "ycoordinates" {
                if e.shape == expected {
                    if let problem = e.problem { problems.append("\(excerpt(e.name)) \(problem)") } else { wanted.append(e.name) }
                } else if let ny, e.kind == .numbers, e.shape == [ny, nx], ny != nx {
                    throw GridFileError(path, "\(excerpt(e.name)) has shape (\(ny), \(nx)); loss-landscape writes (len(xcoordinates), len(ycoordinates)) = (\(nx), \(ny)): is the grid transposed?")
                }
            }
            guard wanted.count > expected.count else {
                if let first = problems.first { throw GridFileError(path, "no readable grid of shape \(NumPyArray.shapeText(expected)): \(first)") }
                throw GridFileError(path, "no grid of shape \(NumPyArray.shapeText(expected)) beside the coordinates; it has " + listed(entries.map(\.name)))
            }
            return wanted
        })
        let x = try file.read("xcoordinates").values
        let y = hasY ? try file.read("ycoordinates").values : nil
        var names: [String] = [], values: [String: [Double]] = [:]
        for e in file.entries where e.name != "xcoordinates" && e.name != "ycoordinates" && e.shape == expected && file.data[e.name] != nil {
            names.append(e.name)
            values[e.name] = try file.read(e.name).values
        }
        // The listing said they were numbers; a damaged file can say otherwise when they are read.
        guard !names.isEmpty else { throw GridFileError(path, "no grid of shape \(NumPyArray.shapeText(expected)) could be read (a damaged file?)") }
        let order = lossLandscapeNames.filter(names.contains) + names.filter { !lossLandscapeNames.contains($0) }
        return ImportedGrid(path: path, x: x, y: y, names: order, values: values)
    }

    static func listed(_ names: [String]) -> String {
        names.isEmpty ? "nothing" : names.prefix(12).map { excerpt($0, limit: 40) }.joined(separator: ", ") + (names.count > 12 ? ", … (\(names.count) in all)" : "")
    }

    // MARK: NumPy

    /// A 2-D array, rows = y, over index coordinates 0, 1, …
    static func readNPY(_ path: String, array: NumPyArray) throws(GridFileError) -> ImportedGrid {
        let name = FileName.stem(path)
        switch array.shape.count {
        case 2:
            guard array.shape[0] >= 2, array.shape[1] >= 2 else { throw GridFileError(path, "a grid needs at least 2 × 2 values; the array is \(NumPyArray.shapeText(array.shape))") }
            return ImportedGrid(path: path, x: (0..<array.shape[1]).map(Double.init), y: (0..<array.shape[0]).map(Double.init),
                                names: [name], values: [name: array.values])
        case 1:
            guard array.shape[0] >= 2 else { throw GridFileError(path, "a curve needs at least 2 values") }
            return ImportedGrid(path: path, x: (0..<array.shape[0]).map(Double.init), y: nil, names: [name], values: [name: array.values])
        default:
            throw GridFileError(path, "a \(array.shape.count)-D array \(NumPyArray.shapeText(array.shape)); a grid is 2-D (rows = y), a curve 1-D")
        }
    }

    /// `x` and `y` coordinate arrays (or loss-landscape's `xcoordinates`, `ycoordinates`) and one or
    /// more grids shaped (len(y), len(x)), as `landscape … --grid-out F.npz` writes them.
    static func readNPZ(_ path: String, bytes: [UInt8]) throws(GridFileError) -> ImportedGrid {
        let members: [(name: String, array: NumPyArray)]
        do { members = try NumPyArchive.members(bytes) } catch { throw GridFileError(path, error.message) }
        func coordinate(_ names: [String]) throws(GridFileError) -> [Double]? {
            guard let m = members.first(where: { names.contains($0.name) }) else { return nil }
            guard m.array.shape.count == 1, m.array.values.count >= 2 else {
                throw GridFileError(path, "'\(m.name)' must be a 1-D array of at least 2 coordinates; it is \(NumPyArray.shapeText(m.array.shape))")
            }
            return m.array.values
        }
        let grids2D = members.filter { $0.array.shape.count == 2 }
        let x = try coordinate(["x", "xcoordinates"]), y = try coordinate(["y", "ycoordinates"])
        let nx = x?.count ?? grids2D.first?.array.shape[1] ?? members.first { $0.array.shape.count == 1 }?.array.shape[0] ?? 0
        let coordinateNames: Set<String> = ["x", "y", "xcoordinates", "ycoordinates"]
        if let y {
            let ny = y.count
            var names: [String] = [], values: [String: [Double]] = [:]
            for m in grids2D where !coordinateNames.contains(m.name) {
                if m.array.shape == [ny, nx] {
                    names.append(m.name)
                    values[m.name] = m.array.values
                } else if m.array.shape == [nx, ny] {
                    throw GridFileError(path, "'\(m.name)' has shape (\(nx), \(ny)); over x (\(nx)) and y (\(ny)) a grid is (len(y), len(x)) = (\(ny), \(nx)): is it transposed?")
                }
            }
            guard !names.isEmpty else { throw GridFileError(path, "no 2-D array of shape (\(ny), \(nx)) = (len(y), len(x)); it has " + listed(members.map(\.name))) }
            return ImportedGrid(path: path, x: x ?? (0..<nx).map(Double.init), y: y, names: names, values: values)
        }
        if let x {
            let curves = members.filter { !coordinateNames.contains($0.name) && $0.array.shape == [x.count] }
            if grids2D.isEmpty, !curves.isEmpty {
                return ImportedGrid(path: path, x: x, y: nil, names: curves.map(\.name), values: Dictionary(uniqueKeysWithValues: curves.map { ($0.name, $0.array.values) }))
            }
            throw GridFileError(path, "'x' without 'y': give both coordinate arrays for a grid")
        }
        // No coordinates: index coordinates for every 2-D array of the first one's shape.
        guard let first = grids2D.first else { throw GridFileError(path, "no 2-D array; it has " + listed(members.map(\.name))) }
        let same = grids2D.filter { $0.array.shape == first.array.shape }
        guard first.array.shape[0] >= 2, first.array.shape[1] >= 2 else { throw GridFileError(path, "a grid needs at least 2 × 2 values") }
        return ImportedGrid(path: path, x: (0..<first.array.shape[1]).map(Double.init), y: (0..<first.array.shape[0]).map(Double.init),
                            names: same.map(\.name), values: Dictionary(uniqueKeysWithValues: same.map { ($0.name, $0.array.values) }))
    }

    // MARK: The grid

    /// The named grid (default: the first) as a `Grid` over evenly spaced coordinates:
    /// decreasing coordinates are turned round; coordinates that are not monotone, or not evenly
    /// spaced (to 10⁻⁶ of a step), are refused by name.
    public func grid(named name: String? = nil) throws(GridFileError) -> Grid {
        guard let y else { throw GridFileError(path, "a 1-D file (no y coordinates): draw it as a curve") }
        let chosen = try pick(name)
        var v = values[chosen] ?? []
        var xs = x, ys = y
        let nx = xs.count, ny = ys.count
        if try Self.decreasing(xs, "x", path) {
            xs.reverse()
            for i in 0..<ny { v[(i * nx)..<((i + 1) * nx)].reverse() }
        }
        if try Self.decreasing(ys, "y", path) {
            ys.reverse()
            var flipped = v
            for i in 0..<ny { flipped[(i * nx)..<((i + 1) * nx)] = v[((ny - 1 - i) * nx)..<((ny - i) * nx)] }
            v = flipped
        }
        let domain = Domain(xmin: xs[0], xmax: xs[nx - 1], ymin: ys[0], ymax: ys[ny - 1])
        try Self.checkResolvable(domain.xmin, domain.xmax, "x", path)
        try Self.checkResolvable(domain.ymin, domain.ymax, "y", path)
        try Self.checkEven(xs, "x", path)
        try Self.checkEven(ys, "y", path)
        guard v.contains(where: \.isFinite) else { throw GridFileError(path, "\(excerpt(chosen, limit: 40)) has no finite value (every cell is NaN or ±inf)") }
        return Grid(domain: domain, nx: nx, ny: ny, values: v)
    }

    /// The named curve of a 1-D file (default: the first), its x increasing (decreasing
    /// coordinates are turned round, values with them); x need not be evenly spaced.
    public func curve(named name: String? = nil) throws(GridFileError) -> (x: [Double], values: [Double]) {
        guard y == nil else { throw GridFileError(path, "a 2-D file (x and y coordinates): draw it as a grid") }
        let chosen = try pick(name)
        let v = values[chosen] ?? []
        let down = try Self.decreasing(x, "x", path)
        try Self.checkResolvable(x.min() ?? 0, x.max() ?? 0, "x", path)
        guard v.contains(where: \.isFinite) else { throw GridFileError(path, "\(excerpt(chosen, limit: 40)) has no finite value (every value is NaN or ±inf)") }
        return down ? (x.reversed(), v.reversed()) : (x, v)
    }

    /// A grid's name: the one asked for, or the first; an unknown one lists those there are.
    public func pick(_ name: String?) throws(GridFileError) -> String {
        guard let name else {
            guard let first = names.first else { throw GridFileError(path, "no grid in it") }
            return first
        }
        guard values[name] != nil else {
            let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw GridFileError(path, "no grid '\(name)'\(hint.isEmpty ? "; it has " : hint + " It has ")" + Self.listed(names))
        }
        return name
    }

    static func decreasing(_ c: [Double], _ axis: String, _ path: String) throws(GridFileError) -> Bool {
        guard c.allSatisfy(\.isFinite) else { throw GridFileError(path, "the \(axis) coordinates are not all finite numbers") }
        let up = zip(c, c.dropFirst()).allSatisfy { $0 < $1 }, down = zip(c, c.dropFirst()).allSatisfy { $0 > $1 }
        guard up || down else {
            let k = zip(c, c.dropFirst()).enumerated().first { ($0.element.0 < $0.element.1) != (c[1] > c[0]) || $0.element.0 == $0.element.1 }?.offset ?? 0
            throw GridFileError(path, "the \(axis) coordinates are not monotone (at index \(k + 1): \(c[k]) then \(c[k + 1]))")
        }
        return down
    }

    /// A figure's axis needs a span that is a finite double and that its ticks can tell apart:
    /// at least 10⁻⁹ of its largest coordinate and 10⁻²⁰⁰ (``Domain/isValid``).
    static func checkResolvable(_ lo: Double, _ hi: Double, _ axis: String, _ path: String) throws(GridFileError) {
        let width = hi - lo
        guard width.isFinite else {
            throw GridFileError(path, "the \(axis) coordinates span \(lo) to \(hi), past the largest double (1.8e308); rescale them")
        }
        guard width >= 1e-200, width >= 1e-9 * Swift.max(abs(lo), abs(hi)) else {
            throw GridFileError(path, "the \(axis) coordinates span only \(width) (from \(lo)); a figure needs at least 1e-9 of the largest coordinate to tell its ticks apart")
        }
    }

    static func checkEven(_ c: [Double], _ axis: String, _ path: String) throws(GridFileError) {
        let step = (c[c.count - 1] - c[0]) / Double(c.count - 1)
        for (k, v) in c.enumerated() where abs(v - (c[0] + Double(k) * step)) > 1e-6 * step {
            throw GridFileError(path, "the \(axis) coordinates are not evenly spaced (index \(k): \(v), expected \(c[0] + Double(k) * step))")
        }
    }
}

enum FileName {
    static func stem(_ path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }
}
