import Foundation
import Landscapes
import Networks
import Testing
import Trajectories
@testable import GridFiles

/// A slice of the readers' fuzzing, with our own seeded mutator so that it runs in the suite on
/// any machine (`bash Tests/Fuzz/run.sh readers N` runs libFuzzer's coverage-guided search, with
/// the same checks, for as long as one likes).
///
/// Each seed file from Data/ is mutated many times (bytes flipped, set to extremes, cut, cut
/// out, repeated, numbers and fields overwritten) and read by its reader: every input is read or
/// refused with one line (no control character, at most 400 characters), and nothing traps.
@Suite struct ReaderFuzzTests {
    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            guard !b.isEmpty else { b = [UInt8(truncatingIfNeeded: rng.next())]; continue }
            let at = Int(rng.next() % UInt64(b.count))
            switch rng.next() % 8 {
            case 0: b[at] ^= UInt8(1 << (rng.next() % 8))
            case 1: b[at] = [0, 0xFF, 0x7F, 0x80, 0x0A, 0x0D, 0x1B, 0x2C][Int(rng.next() % 8)]
            case 2: b.removeSubrange(at...)
            case 3: b.removeSubrange(at..<Swift.min(b.count, at + 1 + Int(rng.next() % 64)))
            case 4:
                let end = Swift.min(b.count, at + 1 + Int(rng.next() % 256))
                b.insert(contentsOf: b[at..<end], at: at)
            case 5:
                // A 16-, 32- or 64-bit field set to an extreme.
                let width = [2, 4, 8][Int(rng.next() % 3)]
                let value: UInt64 = [0, .max, 1 << 63, 0xFFFF_FFFF, UInt64(Int.max)][Int(rng.next() % 5)]
                for k in 0..<width where at + k < b.count { b[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
            case 6:
                let text = ["1e308", "-1.7e308", "nan", "inf", "4e-320", "999999999999", ",", "\r\n", "'", "\u{1B}[2J", "x,y,loss"][Int(rng.next() % 11)]
                b.insert(contentsOf: Array(text.utf8), at: at)
            default:
                b.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            }
        }
        return b
    }

    static func isOneShortLine(_ error: some Error) -> Bool {
        let text = String(describing: error)
        return !text.unicodeScalars.contains { $0.properties.generalCategory == .control } && text.count <= 400
    }

    /// 250 mutants of each NumPy and CSV seed; every one read or refused in one line.
    @Test func mutatedFilesAreReadOrRefusedInOneLine() throws {
        var rng = SplitMix64(seed: 26)
        let data = GridFilesTests.data
        let names = try FileManager.default.contentsOfDirectory(atPath: data).sorted()
        var inputs = 0, refused = 0
        var bad: [String] = []
        for name in names {
            let seed = Array(try Data(contentsOf: URL(fileURLWithPath: data + "/" + name)))
            let ext = ImportedGrid.fileExtension(name)
            guard ["npy", "npz", "csv"].contains(ext) else { continue }
            for _ in 0..<250 {
                let input = Self.mutate(seed, &rng)
                inputs += 1
                do {
                    switch ext {
                    case "npy": _ = try NumPyArray(npy: input)
                    case "npz": _ = try NumPyArchive.members(input, budget: 1 << 22)
                    default:
                        let text = String(decoding: input, as: UTF8.self)
                        if let grid = try? ImportedGrid.readCSV(name, text: text), grid.y != nil { _ = try? grid.grid() }
                        _ = try ImportedPath.readCSV(name, text: text)
                    }
                } catch {
                    refused += 1
                    if !Self.isOneShortLine(error), bad.count < 5 { bad.append(String(describing: error).debugDescription) }
                }
            }
        }
        #expect(bad.isEmpty, "messages that are not one short line: \(bad)")
        // The mutants are mostly refused; a seed that read every mutant would test nothing.
        #expect(inputs >= 3500 && refused > inputs / 4)
    }

    /// Trajectory and run files, mutated as text.
    @Test func mutatedJSONFilesAreReadOrRefusedInOneLine() throws {
        var rng = SplitMix64(seed: 27)
        let t = Runner(surface: try Surface(spec: "two-well"), optimizer: try OptimizerConfiguration(spec: "adam")).run(from: [1.9, 1.2], stop: StopRule(maxSteps: 6))
        let trajectory = Array(TrajectoryFile.json(t).utf8)
        var bad: [String] = []
        for _ in 0..<1500 {
            let input = String(decoding: Self.mutate(trajectory, &rng), as: UTF8.self)
            do { _ = try TrajectoryFile.read(json: input) } catch {
                if !Self.isOneShortLine(error), bad.count < 5 { bad.append(String(describing: error).debugDescription) }
            }
            do { _ = try NetworkSession(json: input, source: "run.json") } catch {
                if !Self.isOneShortLine(error), bad.count < 5 { bad.append(String(describing: error).debugDescription) }
            }
        }
        #expect(bad.isEmpty, "messages that are not one short line: \(bad)")
    }

    /// A mutant found by fuzzing: two bytes of layout_userblock.h5 changed, so that its grid is
    /// numeric in the listing but not when read. Refused in one line (it was an index out of
    /// range: an imported grid with no grid in it).
    @Test func gridListedButUnreadableIsRefused() throws {
        var b = Array(try Data(contentsOf: URL(fileURLWithPath: GridFilesTests.path("layout_userblock.h5"))))
        b[1274] = 0xE5
        b[2486] = 0x4D
        let path = try HostileFileTests.file("listed-unreadable.h5", b)
        #expect(throws: GridFileError(path, "no grid of shape (7, 5) could be read (a damaged file?)")) { try ImportedGrid(path: path) }
        let empty = ImportedGrid(path: "empty.h5", x: [0, 1], y: [0, 1], names: [], values: [:])
        #expect(throws: GridFileError("empty.h5", "no grid in it")) { try empty.grid() }
    }

    /// HDF5 files with bytes changed: each read in its child, refused in one line or read; this
    /// process never goes down with libhdf5.
    @Test func mutatedHDF5FilesNeverTakeTheProcessDown() throws {
        var rng = SplitMix64(seed: 28)
        let seed = Array(try Data(contentsOf: URL(fileURLWithPath: GridFilesTests.path("hostile_names.h5"))))
        var bad: [String] = []
        for k in 0..<60 {
            var b = seed
            for _ in 0..<(1 + Int(rng.next() % 3)) { b[Int(rng.next() % UInt64(Swift.min(b.count, 4096)))] = UInt8(truncatingIfNeeded: rng.next()) }
            let path = try HostileFileTests.file("mutant-\(k).h5", b)
            do { _ = try ImportedGrid(path: path) } catch {
                if !Self.isOneShortLine(error), bad.count < 5 { bad.append(String(describing: error).debugDescription) }
            }
        }
        #expect(bad.isEmpty, "messages that are not one short line: \(bad)")
    }
}
