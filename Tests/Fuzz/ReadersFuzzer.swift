// libFuzzer target for the file readers. Not part of the package build; Tests/Fuzz/run.sh readers
// compiles it against the Landscapes, Trajectories, Networks and GridFiles sources, each built
// with coverage instrumentation and AddressSanitizer.
//
// The first byte of an input picks the reader, the rest is the file:
//   0 .npy   1 .npz   2 grid CSV   3 path CSV   4 trajectory JSON   5 network run file   6 JSON
// For every input a reader returns a value or throws its own error type, whose text is one line
// (no control character: text from the file is escaped) of at most 400 characters; nothing
// traps, and nothing is allocated beyond what the input's size and the readers' limits allow
// (libFuzzer's -rss_limit_mb and -malloc_limit_mb report it otherwise).

#if canImport(Glibc)
import Glibc
#endif
@testable import GridFiles
import Landscapes
import Networks
import Trajectories

/// Where the `.npy` case writes its input, to read it back as a file.
let npyPath = "/tmp/landscape-readers-fuzz-\(getpid()).npy"

func checkMessage(_ error: some Error) {
    let text = String(describing: error)
    precondition(!text.unicodeScalars.contains { $0.properties.generalCategory == .control }, "a control character in: \(text.debugDescription)")
    precondition(text.count <= 400, "a message of \(text.count) characters: \(text.prefix(200))…")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    switch data[0] % 7 {
    case 0:
        // From its bytes, and from a file (the header first, the values straight into the
        // array): the same array or the same error.
        let fromBytes: Result<NumPyArray, NumPyError>
        do {
            let a = try NumPyArray(npy: bytes)
            precondition(a.shape.reduce(1, *) == a.values.count, "shape and values disagree")
            fromBytes = .success(a)
        } catch {
            checkMessage(error)
            fromBytes = .failure(error)
        }
        let written = bytes.withUnsafeBytes { b -> Bool in
            guard let f = fopen(npyPath, "wb") else { return false }
            defer { fclose(f) }
            return fwrite(b.baseAddress, 1, b.count, f) == b.count
        }
        if written {
            let fromFile = Result { () throws(NumPyError) in try NumPyArray(npyFile: npyPath, limit: 1 << 24) }
            switch (fromBytes, fromFile) {
            case (.success(let a), .success(let b)):
                precondition(a.shape == b.shape && a.values.elementsEqual(b.values) { $0.bitPattern == $1.bitPattern }, "the file route read other values")
            case (.failure(let a), .failure(let b)):
                precondition(a.message == b.message || b.message.hasPrefix("cannot read it: it is larger"), "the file route said \(b.message), the bytes \(a.message)")
            default:
                preconditionFailure("the file route and the bytes disagree: \(fromBytes) against \(fromFile)")
            }
        }
    case 1:
        // A small budget, so that an archive declaring a large member is refused quickly.
        do {
            let members = try NumPyArchive.members(bytes, budget: 1 << 22)
            precondition(Set(members.map(\.name)).count == members.count, "duplicate members accepted")
        } catch { checkMessage(error) }
    case 2:
        do {
            let grid = try ImportedGrid.readCSV("fuzz.csv", text: text)
            for name in grid.names { precondition(grid.values[name]?.count == grid.x.count * (grid.y?.count ?? 1), "values do not fill the lattice") }
            if grid.y != nil { _ = try? grid.grid() } else { _ = try? grid.curve() }
        } catch { checkMessage(error) }
    case 3:
        do {
            let path = try ImportedPath.readCSV("fuzz.csv", text: text)
            precondition(!path.points.isEmpty && (path.losses.map { $0.count == path.points.count } ?? true), "losses do not match points")
        } catch { checkMessage(error) }
    case 4:
        do { _ = try TrajectoryFile.read(json: text) } catch { checkMessage(error) }
    case 5:
        do { _ = try NetworkSession(json: text, source: "fuzz.json") } catch { checkMessage(error) }
    default:
        do { _ = try JSONValue(parsing: text) } catch { checkMessage(error) }
    }
    return 0
}
