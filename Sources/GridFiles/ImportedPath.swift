import Landscapes
import Trajectories

/// A path to draw over a grid, computed elsewhere: its points in the grid's coordinates, and its
/// loss at each point when the file has it.
///
/// Read from loss-landscape's projected trajectory files (`proj_xcoord`, `proj_ycoord`, HDF5),
/// `landscape trace`'s CSV and JSON trajectory files, or a plain CSV with columns `x`, `y` and
/// optionally `loss` (and `step`), one row per step.
public struct ImportedPath: Sendable {
    public var path: String
    public var points: [Vector2]
    /// The loss at each point, from the file; nil when it has none.
    public var losses: [Double]?
    /// The optimizer a trajectory file names.
    public var optimizer: String?

    public init(path: String, points: [Vector2], losses: [Double]?, optimizer: String? = nil) {
        self.path = path
        self.points = points
        self.losses = losses
        self.optimizer = optimizer
    }

    /// The most points a path may have.
    public static let maxPoints = 10_000_000

    public init(path: String) throws(GridFileError) {
        switch ImportedGrid.fileExtension(path) {
        case "h5", "hdf5":
            let file = try HDF5File(path: path, choosing: { entries throws(GridFileError) -> [String] in
                guard entries.contains(where: { $0.name == "proj_xcoord" }), entries.contains(where: { $0.name == "proj_ycoord" }) else {
                    throw GridFileError(path, "no 'proj_xcoord' and 'proj_ycoord' (loss-landscape's projected trajectory); it has " + ImportedGrid.listed(entries.map(\.name)))
                }
                return ["proj_xcoord", "proj_ycoord"]
            }, budget: 16 * Self.maxPoints)
            let x = try file.read("proj_xcoord"), y = try file.read("proj_ycoord")
            guard x.shape.count == 1, x.shape == y.shape, !x.values.isEmpty else {
                throw GridFileError(path, "'proj_xcoord' and 'proj_ycoord' must be lists of one length")
            }
            self.init(path: path, points: zip(x.values, y.values).map { Vector2($0, $1) }, losses: nil)
        case "json":
            let text = String(decoding: try ImportedGrid.bytes(path, limit: Limits.inputBytes), as: UTF8.self)
            let t: Trajectory
            do { t = try TrajectoryFile.read(json: text) } catch { throw GridFileError(path, String(describing: error)) }
            guard t.dimension == 2 else { throw GridFileError(path, "a 1-D trajectory; a grid's path needs x and y") }
            self.init(path: path, points: t.positions, losses: t.losses, optimizer: t.optimizer)
        case "csv":
            self = try Self.readCSV(path, text: String(decoding: try ImportedGrid.bytes(path), as: UTF8.self))
        default:
            throw GridFileError(path, "cannot tell the format: use .h5 (loss-landscape's projection), .csv or .json")
        }
        guard points.count <= Self.maxPoints else { throw GridFileError(path, "more than \(Self.maxPoints) points") }
    }

    /// Columns `x`, `y` and optionally `loss`, found by name in the header (`landscape trace`'s
    /// CSV has them among others); errors name the line.
    static func readCSV(_ path: String, text: String) throws(GridFileError) -> ImportedPath {
        var lines = TextLines(text).lazy.filter { !$0.line.allSatisfy { $0 == " " || $0 == "\t" } && !$0.line.hasPrefix("#") }.makeIterator()
        guard var header = lines.next() else { throw GridFileError(path, "empty (no header line)") }
        if header.line.hasPrefix("\u{FEFF}") { header.line = header.line.dropFirst() }
        let columns = header.line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters().lowercased() }
        guard columns.count <= 1000 else { throw GridFileError(path, "line \(header.number): \(columns.count) columns; a path file has at most 1000") }
        guard let xc = columns.firstIndex(of: "x"), let yc = columns.firstIndex(of: "y") else {
            throw GridFileError(path, "line \(header.number): expected a header with columns x and y (and optionally loss)")
        }
        let lc = columns.firstIndex(of: "loss")
        var points: [Vector2] = [], losses: [Double] = []
        // Cells are found and read as bytes (a String per cell cost 2 µs a row: 20 s for 10⁷).
        let wanted = [xc, yc, lc ?? -1]
        while let (number, line) = lines.next() {
            var copy = line
            let result = copy.withUTF8 { bytes -> Result<[Double], GridFileError> in
                do throws(GridFileError) { return .success(try Self.row(bytes, wanted: wanted, columns: columns, line: number, path)) } catch { return .failure(error) }
            }
            let cells = try result.get()
            points.append(Vector2(cells[0], cells[1]))
            if lc != nil { losses.append(cells[2]) }
            if points.count > maxPoints { throw GridFileError(path, "more than \(maxPoints) points") }
        }
        guard !points.isEmpty else { throw GridFileError(path, "no points") }
        return ImportedPath(path: path, points: points, losses: lc == nil ? nil : losses)
    }

    /// The cells of one CSV row at the `wanted` columns (-1: none, NaN), read from its bytes.
    static func row(_ bytes: UnsafeBufferPointer<UInt8>, wanted: [Int], columns: [String], line: Int, _ path: String) throws(GridFileError) -> [Double] {
        var values = [Double](repeating: .nan, count: wanted.count)
        var cell = 0, start = 0
        func take(_ end: Int) throws(GridFileError) {
            guard let slot = wanted.firstIndex(of: cell) else { return }
            let range = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard let v = parseNumber(range) else {
                throw GridFileError(path, "line \(line): \(excerpt(String(decoding: range, as: UTF8.self).trimmingCharacters())) in column \(excerpt(columns[cell], limit: 20)) is not a number")
            }
            values[slot] = v
        }
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ",") {
            if cell < columns.count { try take(index) }
            cell += 1
            start = index + 1
        }
        if cell < columns.count { try take(bytes.count) }
        guard cell + 1 == columns.count else { throw GridFileError(path, "line \(line): \(cell + 1) values; the header has \(columns.count)") }
        return values
    }
}
