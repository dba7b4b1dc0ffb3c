import Foundation
import Landscapes
import Testing
@testable import GridFiles

/// Files made to break a reader: each is refused in one line that names the file and the field,
/// before anything is allocated for what it declares, and never echoes control characters.
@Suite struct HostileFileTests {
    /// Writes `bytes` to a temporary file named `name` and returns its path.
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func file(_ name: String, _ text: String) throws -> String { try file(name, Array(text.utf8)) }

    /// An `.npy` file with the header given (padded as NumPy pads it) and the data after it.
    static func npy(_ header: String, data: [UInt8] = []) -> [UInt8] {
        var h = Array(header.utf8)
        h += [UInt8](repeating: 0x20, count: (64 - (10 + h.count + 1) % 64) % 64) + [0x0A]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
    }

    static func le(_ v: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

    /// The error's text, which must be one line without control characters.
    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return String(describing: error) }
        return "(no error)"
    }

    static func isOneCleanLine(_ s: String) -> Bool {
        !s.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    @Test func absurdItemSizeIsNamedNotMultiplied() throws {
        let path = try Self.file("absurd.npy", Self.npy("{'descr': '<i2000000000000000000', 'fortran_order': False, 'shape': (3, 3), }", data: [UInt8](repeating: 0, count: 72)))
        #expect(throws: GridFileError(path, "dtype '<i2000000000000000000' (int of '2000000000000000000' bytes): expected float64 or float32")) {
            try ImportedGrid(path: path)
        }
    }

    @Test func headerTextIsEscapedAndCut() throws {
        let path = try Self.file("escape.npy", Self.npy("{'descr':\n'<f8', 'fortran_order': False, \u{1B}[2J 'shape': (3, 3), 'and more text than sixty characters': 1}"))
        let m = Self.message { _ = try ImportedGrid(path: path) }
        #expect(Self.isOneCleanLine(m))
        #expect(m.hasSuffix("malformed header: '{'descr':\\n'<f8', 'fortran_order': False, \\u{1B}[2J 'shape':…'"))
    }

    /// A Zip64 end record whose fields lie: the directory at 2⁶³, an entry count of 2⁶³ − 1.
    @Test func zip64FieldsThatLie() throws {
        let stored = NumPyArray.npzBytes([("a", NumPyArray(shape: [2, 2], values: [1, 2, 3, 4]))])
        let end = stored.count - 22
        func archive(entries: UInt64, offset: UInt64) -> [UInt8] {
            var z = Array(stored[..<end])
            let record = z.count
            z += Array("PK".utf8) + [6, 6] + Self.le(44, 8) + Self.le(45, 2) + Self.le(45, 2) + Self.le(0, 4) + Self.le(0, 4)
            z += Self.le(entries, 8) + Self.le(entries, 8) + Self.le(UInt64(1) << 63, 8) + Self.le(offset, 8)
            z += Array("PK".utf8) + [6, 7] + Self.le(0, 4) + Self.le(UInt64(record), 8) + Self.le(1, 4)
            z += Array("PK".utf8) + [5, 6] + Self.le(0, 4) + Self.le(0xFFFF, 2) + Self.le(0xFFFF, 2) + Self.le(0xFFFF_FFFF, 4) + Self.le(0xFFFF_FFFF, 4) + Self.le(0, 2)
            return z
        }
        let farOff = try Self.file("far.npz", archive(entries: 1, offset: UInt64(1) << 63))
        #expect(throws: GridFileError(farOff, "truncated zip archive: the central directory ends early")) { try ImportedGrid(path: farOff) }
        let many = try Self.file("many.npz", archive(entries: UInt64(Int.max), offset: 0))
        #expect(throws: GridFileError(many, "the archive lists 9.2·10¹⁸ members; at most 10000")) { try ImportedGrid(path: many) }
        let negative = try Self.file("negative.npz", archive(entries: UInt64.max, offset: 0))
        #expect(throws: GridFileError(negative, "the archive lists 9.2·10¹⁸ members; at most 10000")) { try ImportedGrid(path: negative) }
    }

    /// A member's declared size is checked against the limit before anything is allocated:
    /// 60 GB through a Zip64 extra field, and a deflate stream declaring more than 512 MiB.
    @Test func declaredSizesAreNotTrusted() throws {
        var z = NumPyArray.npzBytes([("a", NumPyArray(shape: [2, 2], values: [1, 2, 3, 4]))])
        // The central directory's entry: method deflate, size 0xFFFFFFFF, a Zip64 extra of 60 GB.
        guard let cd = (0..<(z.count - 4)).first(where: { z[$0] == 0x50 && z[$0 + 1] == 0x4B && z[$0 + 2] == 1 && z[$0 + 3] == 2 }) else {
            Issue.record("no central directory")
            return
        }
        z[cd + 10] = 8
        z.replaceSubrange((cd + 24)..<(cd + 28), with: Self.le(0xFFFF_FFFF, 4))
        z.replaceSubrange((cd + 30)..<(cd + 32), with: Self.le(12, 2))
        let nameEnd = cd + 46 + Int(z[cd + 28])
        z.insert(contentsOf: Self.le(1, 2) + Self.le(8, 2) + Self.le(60_000_000_000, 8), at: nameEnd)
        // The end record's directory size grows by the extra field.
        let end = z.count - 22
        let size = Int(z[end + 12]) | Int(z[end + 13]) << 8
        z.replaceSubrange((end + 12)..<(end + 16), with: Self.le(UInt64(size + 12), 4))
        let path = try Self.file("declares60g.npz", z)
        #expect(throws: GridFileError(path, "member 'a.npy' declares 60 GB; a grid file holds at most 512 MiB")) { try ImportedGrid(path: path) }
    }

    @Test func duplicateMembersAndColumns() throws {
        let one = NumPyArray.npzBytes([("a", NumPyArray(shape: [2, 2], values: [1, 2, 3, 4])), ("a", NumPyArray(shape: [2, 2], values: [5, 6, 7, 8]))])
        let npz = try Self.file("twice.npz", one)
        #expect(throws: GridFileError(npz, "member 'a.npy' appears twice in the archive")) { try ImportedGrid(path: npz) }
        let csv = try Self.file("twice.csv", "x,y,loss,loss\n0,0,1,2\n1,0,1,2\n0,1,1,2\n1,1,1,2\n")
        #expect(throws: GridFileError(csv, "line 1: the column name 'loss' appears twice (columns 3 and 4)")) { try ImportedGrid(path: csv) }
    }

    /// Windows line endings read as Unix ones, in grids and in paths.
    @Test func crlfFilesRead() throws {
        let grid = try Self.file("crlf.csv", "x,y,loss\r\n0,0,0\r\n1,0,1\r\n0,1,1\r\n1,1,2\r\n")
        let g = try ImportedGrid(path: grid).grid()
        #expect(g.values == [0, 1, 1, 2])
        let matrix = try Self.file("crlf-matrix.csv", ",0,1\r\n0,0,1\r\n1,1,2\r\n")
        #expect(try ImportedGrid(path: matrix).grid().values == [0, 1, 1, 2])
        let path = try Self.file("crlf-path.csv", "x,y,loss\r\n0.5,0.5,1\r\n1,1,2\r\n")
        let p = try ImportedPath(path: path)
        #expect(p.points == [Vector2(0.5, 0.5), Vector2(1, 1)] && p.losses == [1, 2])
    }

    /// Blank lines cost no memory per line before a limit applies: ten million of them are read
    /// as an empty file.
    @Test func blankLinesAreWalkedNotStored() throws {
        let path = try Self.file("blank.csv", [UInt8](repeating: 0x0A, count: 10_000_000))
        #expect(throws: GridFileError(path, "empty (no header line)")) { try ImportedGrid(path: path) }
    }

    /// HDF5 datasets that cannot be read are named with the reason, not skipped as if missing.
    @Test func unreadableDatasetsSayWhy() {
        let lzf = GridFilesTests.path("hostile_lzf.h5")
        #expect(throws: GridFileError(lzf, "no readable grid of shape (11, 11): 'train_loss' is compressed with the filter 'lzf' (number 32000), which this HDF5 library lacks (h5py's lzf and blosc are not in libhdf5)")) {
            try ImportedGrid(path: lzf)
        }
        let strings = GridFilesTests.path("hostile_strings.h5")
        #expect(throws: GridFileError(strings, "no readable grid of shape (11, 11): 'train_loss' holds strings, not numbers")) {
            try ImportedGrid(path: strings)
        }
    }

    /// Dense link storage (libver='latest', more than 8 links) reads, and a name with a newline
    /// and an escape sequence is escaped where it is listed.
    @Test func denseStorageAndHostileNames() throws {
        let path = GridFilesTests.path("hostile_names.h5")
        let file = try ImportedGrid(path: path)
        #expect(file.names.count == 10 && file.names.first == "train_loss")
        let m = Self.message { _ = try file.grid(named: "nope") }
        #expect(Self.isOneCleanLine(m))
        #expect(m.contains("'train_loss'"))
        let listing = try HDF5File(path: path)
        #expect(listing.names.contains("bad\nname\u{1B}[2J"))
        #expect(ImportedGrid.listed(listing.names).contains("'bad\\nname\\u{1B}[2J'"))
    }

    /// libhdf5 runs in a child: a crash there (here raised on purpose) is one line, and this
    /// process goes on.
    @Test func aCrashInsideLibhdf5IsAnError() {
        let path = GridFilesTests.path("surface.h5")
        #expect(throws: GridFileError(path, "the HDF5 library crashed reading it (signal 11, SIGSEGV): the file is damaged, or needs more than 1024 MB")) {
            try HDF5File(path: path, testSignal: SIGSEGV)
        }
        #expect(throws: GridFileError(path, "the HDF5 library took over 20 s reading it (a damaged file?); stopped")) {
            try HDF5File(path: path, testSignal: SIGXCPU)
        }
        // The same file reads whole afterwards.
        #expect((try? ImportedGrid(path: path))?.names == ["train_loss", "train_acc"])
    }

    /// A dataset declaring more than the budget is refused by its shape; nothing is read.
    @Test func hdf5BudgetIsCheckedBeforeReading() throws {
        let path = GridFilesTests.path("surface.h5")
        #expect(throws: GridFileError(path, "'train_loss' is too large (51 × 51 values; at most 1000 in all, 0 MB)")) {
            try HDF5File(path: path, reading: ["train_loss"], budget: 8000)
        }
    }
}
