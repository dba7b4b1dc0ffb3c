import Foundation
import Landscapes
import Testing
@testable import GridFiles

/// The files under Data/ were written by the real tools (h5py, NumPy, PyTorch) with
/// Tests/Reference/make_grid_files.py, which also wrote the numbers they are checked against.
@Suite struct GridFilesTests {
    static let data = Bundle.module.url(forResource: "Data", withExtension: nil)!.path
    static func path(_ name: String) -> String { data + "/" + name }
    /// Read with our own parser: Foundation's JSONSerialization can round the last digit.
    static let expected: JSONValue = {
        let d = (try? Data(contentsOf: URL(fileURLWithPath: path("expected.json")))) ?? Data()
        return (try? JSONValue(parsing: String(decoding: d, as: UTF8.self))) ?? .null
    }()
    /// The small grid's values as the script printed them (nil: NaN).
    static func numpyValues(_ key: String) -> [[Double?]] {
        (expected["numpy"]?[key]?.array ?? []).map { ($0.array ?? []).map(\.number) }
    }
    static func numbers(_ v: JSONValue?) -> [Double]? { v?.array?.compactMap(\.number) }

    /// loss-landscape's surface file: both grids, every sampled cell equal to what PyTorch
    /// computed, and the values in rows of y (meshgrid order) though the shape says (len(x), len(y)).
    @Test func lossLandscapeSurfaceFile() throws {
        let file = try ImportedGrid(path: Self.path("surface.h5"))
        #expect(file.names == ["train_loss", "train_acc"])
        #expect(file.x.count == 51 && file.y?.count == 51)
        let surface = try #require(Self.expected["surface.h5"])
        for cell in try #require(surface["cells"]?.array) {
            let i = try #require(cell["i"]?.number.map { Int($0) }), j = try #require(cell["j"]?.number.map { Int($0) })
            #expect(file.values["train_loss"]?[i * 51 + j] == cell["train_loss"]?.number)
            #expect(file.values["train_acc"]?[i * 51 + j] == cell["train_acc"]?.number)
            #expect(file.x[j] == cell["x"]?.number && file.y?[i] == cell["y"]?.number)
        }
        let grid = try file.grid(named: "train_loss")
        #expect(grid.nx == 51 && grid.ny == 51)
        #expect(grid.domain == Domain(xmin: file.x[0], xmax: file.x[50], ymin: file.y?[0] ?? 0, ymax: file.y?[50] ?? 0))
        #expect(grid.values.min() == surface["min"]?.number)
    }

    @Test func projectedTrajectoryFile() throws {
        let path = try ImportedPath(path: Self.path("trajectory.h5"))
        let t = try #require(Self.expected["trajectory.h5"])
        #expect(Double(path.points.count) == t["count"]?.number && path.losses == nil)
        #expect([path.points[0].x, path.points[0].y] == Self.numbers(t["first"]))
        #expect([path.points.last?.x ?? 0, path.points.last?.y ?? 0] == Self.numbers(t["last"]))
    }

    /// Every dtype and order NumPy writes: the same grid (float32 rounded as NumPy rounds it), NaN kept.
    @Test(arguments: ["f8_le_C", "f8_le_F", "f8_be_C", "f8_be_F", "f4_le_C", "f4_le_F", "f4_be_C", "f4_be_F"])
    func npyInEveryDtypeAndOrder(_ variant: String) throws {
        let file = try ImportedGrid(path: Self.path("grid_\(variant).npy"))
        let expected = Self.numpyValues(variant.hasPrefix("f8") ? "values" : "float32")
        let values = try #require(file.values["grid_\(variant)"])
        #expect(file.x.count == 7 && file.y?.count == 5 && values.count == 35)
        for i in 0..<5 {
            for j in 0..<7 {
                if let e = expected[i][j] { #expect(values[i * 7 + j] == e, "\(variant) [\(i), \(j)]") } else { #expect(values[i * 7 + j].isNaN) }
            }
        }
    }

    /// Reading a file from disk gives what reading its bytes gives: the same array, or the same
    /// error (the header is read first, native float64 values straight into the array).
    @Test(arguments: ["f8_le_C", "f8_le_F", "f8_be_C", "f8_be_F", "f4_le_C", "f4_le_F", "f4_be_C", "f4_be_F",
                      "bad_3d", "bad_int64", "bad_text", "bad_truncated"])
    func npyFromDiskEqualsFromBytes(_ name: String) throws {
        let path = Self.path(name.hasPrefix("bad") ? name + ".npy" : "grid_\(name).npy")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let fromBytes = Result { () throws(NumPyError) in try NumPyArray(npy: bytes) }
        let fromDisk = Result { () throws(NumPyError) in try NumPyArray(npyFile: path, limit: 1 << 20) }
        switch (fromBytes, fromDisk) {
        case (.success(let a), .success(let b)):
            #expect(a.shape == b.shape)
            #expect(a.values.elementsEqual(b.values) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        case (.failure(let a), .failure(let b)): #expect(a.message == b.message)
        default: Issue.record("\(name): \(fromBytes) from bytes, \(fromDisk) from disk")
        }
        if bytes.count > 16 {
            #expect(throws: NumPyError("cannot read it: it is larger than the limit of 16 bytes")) { try NumPyArray(npyFile: path, limit: 16) }
        }
    }

    /// One grid stored in each way that sends the HDF5 reader down a different route: every
    /// route gives the same values, and only plain contiguous doubles are read straight from the
    /// file (with a user block, at the address libhdf5 reports, which counts it).
    @Test(arguments: [("contiguous", true), ("userblock", true), ("chunked", false), ("float32", false), ("bigendian", false)])
    func hdf5StorageLayouts(_ layout: String, _ direct: Bool) throws {
        let path = Self.path("layout_\(layout).h5")
        let file = try HDF5File(path: path, reading: ["train_loss"])
        #expect(file.readFromFile == (direct ? ["train_loss"] : []))
        let grid = try ImportedGrid(path: path).grid()
        #expect(grid.nx == 7 && grid.ny == 5)
        #expect(grid.values == (0..<5).flatMap { i in (0..<7).map { j in Double(100 * i + j) } })
    }

    /// A dataset created and never written has no storage: libhdf5 gives its fill value.
    @Test func hdf5DatasetNeverWritten() throws {
        let path = Self.path("layout_unwritten.h5")
        let file = try HDF5File(path: path, reading: ["train_loss"])
        #expect(file.readFromFile.isEmpty)
        #expect(try file.read("train_loss").values == [Double](repeating: 0, count: 35))
    }

    /// `numpy.savez` (stored) and `numpy.savez_compressed` (deflated, Zip64 headers) with x, y and grids.
    @Test(arguments: ["grid_stored.npz", "grid_deflated.npz"])
    func npzArchives(_ name: String) throws {
        let file = try ImportedGrid(path: Self.path(name))
        let numpy = try #require(Self.expected["numpy"])
        #expect(file.x == Self.numbers(numpy["x"]) && file.y == Self.numbers(numpy["y"]))
        #expect(file.names == (name == "grid_stored.npz" ? ["loss", "accuracy"] : ["loss"]))
        let grid = try file.grid(named: "loss")
        #expect(grid.domain == Domain(xmin: -2, xmax: 2, ymin: -1, ymax: 1))
        #expect(grid.values[0] == Self.numpyValues("values")[0][0] && grid.values[1 * 7 + 2].isNaN)
    }

    /// Long and matrix CSV give the same grid as NumPy (the long file lists x backwards).
    @Test(arguments: ["grid_long.csv", "grid_matrix.csv"])
    func csvGrids(_ name: String) throws {
        let file = try ImportedGrid(path: Self.path(name))
        let grid = try file.grid()
        let expected = Self.numpyValues("values")
        #expect(grid.nx == 7 && grid.ny == 5)
        for i in 0..<5 { for j in 0..<7 { #expect(expected[i][j].map { grid.values[i * 7 + j] == $0 } ?? grid.values[i * 7 + j].isNaN) } }
    }

    /// The round trip with our own writer: what `--grid-out F.npz` writes reads back bit for bit.
    @Test func ourNpzReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gridfiles-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let loss = (0..<12).map { Double($0) * 0.1 - .pi }
        let bytes = NumPyArray.npzBytes([("x", NumPyArray([0, 1, 2, 3])), ("y", NumPyArray([5, 6, 7])), ("loss", NumPyArray(shape: [3, 4], values: loss))])
        let path = dir.appendingPathComponent("g.npz").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try ImportedGrid(path: path)
        #expect(file.values["loss"] == loss && file.y == [5, 6, 7])
        // Decreasing coordinates are turned round, values with them.
        let down = NumPyArray.npzBytes([("x", NumPyArray([3, 2, 1, 0])), ("y", NumPyArray([7, 6, 5])), ("loss", NumPyArray(shape: [3, 4], values: loss))])
        try Data(down).write(to: URL(fileURLWithPath: path))
        let grid = try ImportedGrid(path: path).grid()
        #expect(grid.domain == Domain(xmin: 0, xmax: 3, ymin: 5, ymax: 7) && grid.values[0] == loss[11] && grid.values[11] == loss[0])
    }

    /// Malformed files: one line each, naming the file and what is wrong.
    @Test(arguments: [
        ("bad_truncated.npy", "truncated: shape (5, 7) of float64 needs 280 bytes of data; the file has 260"),
        ("bad_int64.npy", "dtype '<i8' (int64): expected float64 or float32"),
        ("bad_3d.npy", "a 3-D array (2, 3, 4); a grid is 2-D (rows = y), a curve 1-D"),
        ("bad_text.npy", "not a NumPy .npy file (no \\x93NUMPY magic at its start)"),
        ("bad_transposed.npz", "'loss' has shape (7, 5); over x (7) and y (5) a grid is (len(y), len(x)) = (5, 7): is it transposed?"),
        ("bad_missing.h5", "no grid of shape (7, 5) beside the coordinates; it has 'xcoordinates', 'ycoordinates'"),
        ("bad_transposed.h5", "'train_loss' has shape (5, 7); loss-landscape writes (len(xcoordinates), len(ycoordinates)) = (7, 5): is the grid transposed?"),
        ("nonexistent.h5", "cannot read it: No such file or directory"),
        ("bad_text.npy.txt", "cannot tell the format: use .h5 (loss-landscape), .npy, .npz or .csv"),
    ])
    func malformedFilesSayWhatIsWrong(_ name: String, _ message: String) {
        #expect(throws: GridFileError(Self.path(name), message)) { try ImportedGrid(path: Self.path(name)) }
    }

    @Test func gridNamesAndOneDimensionalFiles() throws {
        let surface = try ImportedGrid(path: Self.path("surface.h5"))
        #expect(throws: GridFileError(Self.path("surface.h5"), "no grid 'train_los'; did you mean 'train_loss'? It has 'train_loss', 'train_acc'")) {
            try surface.grid(named: "train_los")
        }
        let curve = try ImportedGrid(path: Self.path("curve.h5"))
        #expect(curve.y == nil && curve.names == ["train_loss"] && curve.values["train_loss"]?.count == 7)
        #expect(throws: GridFileError(Self.path("curve.h5"), "a 1-D file (no y coordinates): draw it as a curve")) { try curve.grid() }
        // As a curve: the samples exactly, straight lines between them, the segment's slope.
        let (x, values) = try curve.curve()
        let f = SampledCurve(x: x, values: values)
        for (t, v) in zip(x, values) { #expect(f.value(at: Vector2(t, 0)) == v) }
        let mid = (x[2] + x[3]) / 2
        #expect(abs(f.value(at: Vector2(mid, 0)) - (values[2] + values[3]) / 2) <= 1e-15)
        #expect(abs(f.gradient(at: Vector2(mid, 0)).x - (values[3] - values[2]) / (x[3] - x[2])) <= 1e-12)
        #expect(f.value(at: Vector2(-100, 0)) == values[0] && f.value(at: Vector2(100, 0)) == values[6])
        #expect(throws: GridFileError(Self.path("surface.h5"), "a 2-D file (x and y coordinates): draw it as a grid")) { try surface.curve() }
    }
}
