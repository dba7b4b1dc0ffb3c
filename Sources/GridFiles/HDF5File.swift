#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CHDF5
import Landscapes

/// An HDF5 file read by a child process: its root's entries (names, kinds, shapes) and the
/// numeric datasets asked for, as doubles in C order.
///
/// libhdf5 is not made to survive hostile files (a damaged B-tree can crash it), so this process
/// never calls it: a forked child runs the C reader in `CHDF5/shim.h` under a bound of
/// ``timeLimit`` seconds of CPU and wall time and ``memoryLimit`` bytes of address space. It
/// streams its listing and outcomes through a pipe and reads values straight into a memory area
/// shared with this process, from which they are copied once. A crash, a time-out or a cut
/// stream becomes one line that names the file. Data read is bounded by a budget (the shared
/// area's size) that is checked against each dataset's declared shape before anything is read.
struct HDF5File: Sendable {
    /// One link at the file's root.
    struct Entry: Sendable {
        enum Kind: Sendable, Equatable {
            case numbers
            case notDataset
            case otherClass(String)
            case missingFilter(String)
            case noShape
        }
        var name: String
        var kind: Kind
        var shape: [Int]

        /// Why the entry cannot be read as numbers, or nil when it can.
        var problem: String? {
            switch kind {
            case .numbers: nil
            case .notDataset: "is not a dataset (a group?)"
            case .otherClass(let c): "holds \(c), not numbers"
            case .missingFilter(let f): "is compressed with the filter \(f), which this HDF5 library lacks (h5py's lzf and blosc are not in libhdf5)"
            case .noShape: "has no simple shape"
            }
        }
    }

    let path: String
    /// The root's links, in name order (at most 10,000).
    let entries: [Entry]
    /// The datasets read, by name.
    let data: [String: [Double]]
    /// Those of them read straight from the file (stored contiguously as plain doubles); the
    /// child read the others.
    let readFromFile: Set<String>

    /// CPU and wall seconds a child may take.
    static let timeLimit: UInt32 = 20
    /// Address space a child may add to what it starts with.
    static let memoryLimit: UInt64 = 1 << 30

    /// Lists `path` and reads the datasets named in `wanted` (those there and numeric), in that
    /// order, while their declared sizes fit in `budget` bytes altogether.
    init(path: String, reading wanted: [String] = [], budget: Int = ImportedGrid.maxFileBytes, testSignal: Int32 = 0) throws(GridFileError) {
        try self.init(path: path, choosing: { _ in wanted }, budget: budget, testSignal: testSignal)
    }

    /// Lists `path`, then reads the datasets that `choose` names from the listing (one child:
    /// it sends the listing, waits for the names, then sends their values), within `budget`.
    init(path: String, choosing choose: ([Entry]) throws(GridFileError) -> [String], budget: Int = ImportedGrid.maxFileBytes,
         testSignal: Int32 = 0) throws(GridFileError) {
        self.path = path
        let budget = Swift.max(0, budget)
        // The file must exist and be a regular file before a child is spent on it.
        var info = stat()
        guard stat(path, &info) == 0 else { throw GridFileError(path, "cannot read it: \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw GridFileError(path, "not a regular file") }
        var entries: [Entry] = []
        var wanted: [String] = []
        // The child writes values here; pages cost nothing until it writes them.
        let areaSize = Swift.max(8, budget - budget % 8)
        guard let area = landscape_h5_shared_area(areaSize) else {
            throw GridFileError(path, "cannot start the HDF5 reader: \(String(cString: strerror(errno)))")
        }
        defer { landscape_h5_release_area(area, areaSize) }
        let stream = try Self.runChild(path, budget, area, testSignal) { bytes throws(GridFileError) -> [String]? in
            guard let (listing, _) = try Self.listing(bytes, path) else { return nil }
            entries = listing
            wanted = try choose(listing)
            return wanted
        }
        guard let (_, end) = try Self.listing(stream, path) else { throw GridFileError(path, "the HDF5 reader stopped early (the file is damaged?)") }
        var reader = StreamReader(bytes: stream, path: path, at: end)
        var data: [String: [Double]] = [:]
        // The file, opened once for the datasets read straight from it.
        var raw: Int32 = -1
        var readFromFile: Set<String> = []
        defer { if raw >= 0 { close(raw) } }
        for name in wanted {
            switch try reader.u32() {
            case 0:
                let count = try reader.u64(), offset = try reader.u64()
                // The child has exited: the area no longer changes. What it says is checked.
                guard count <= UInt64(areaSize / 8), offset % 8 == 0, offset <= UInt64(areaSize) - 8 * count else {
                    throw GridFileError(path, "the HDF5 reader's stream is damaged")
                }
                let source = UnsafeBufferPointer(start: area + Int(offset / 8), count: Int(count))
                data[name] = [Double](unsafeUninitializedCapacity: source.count) { out, initialized in
                    initialized = out.initialize(fromContentsOf: source)
                }
            case 4:
                let count = try reader.u64(), offset = try reader.u64()
                guard count <= UInt64(budget / 8) else { throw GridFileError(path, "the HDF5 reader's stream is damaged") }
                if raw < 0 {
                    raw = open(path, O_RDONLY | O_CLOEXEC)
                    guard raw >= 0 else { throw GridFileError(path, "cannot read it: \(String(cString: strerror(errno)))") }
                }
                data[name] = try Self.readRaw(path, raw, count: Int(count), at: offset, fileSize: Int(info.st_size))
                readFromFile.insert(name)
            case 2:
                let shape = entries.first { $0.name == name }?.shape ?? []
                throw GridFileError(path, "\(excerpt(name)) is too large (\(shape.map(String.init).joined(separator: " × ")) values; at most \(budget / 8) in all, \(budget >> 20) MB)")
            case 3:
                throw GridFileError(path, "\(excerpt(name)) cannot be read (a damaged or truncated file?)")
            default:
                continue
            }
        }
        guard try reader.u32() == 0xFFFF_FFFE else { throw GridFileError(path, "the HDF5 reader's stream is damaged") }
        self.entries = entries
        self.data = data
        self.readFromFile = readFromFile
    }

    /// `count` doubles in this machine's layout from byte `offset` of the file (open as `fd`), read straight
    /// into the array (where the child found a contiguous dataset). A place past the file's end
    /// (the file changed, or the stream lies) is refused.
    static func readRaw(_ path: String, _ fd: Int32, count: Int, at offset: UInt64, fileSize: Int) throws(GridFileError) -> [Double] {
        guard offset <= UInt64(Int64.max), Int(offset) <= fileSize, 8 * count <= fileSize - Int(offset) else {
            throw GridFileError(path, "the HDF5 reader's stream is damaged (data past the end of the file)")
        }
        var failure: String?
        let values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            let (read, error) = readFully(fd, into: UnsafeMutableRawBufferPointer(out), at: Int(offset))
            failure = error ?? (read < 8 * count ? "the file ends early (it changed while read?)" : nil)
            // The values are doubles whatever the bytes; all of them are written or none count.
            initialized = failure == nil ? count : 0
        }
        if let failure { throw GridFileError(path, "cannot read it: \(failure)") }
        return values
    }

    /// The listing at the start of the stream and where it ends; nil while it is incomplete.
    static func listing(_ bytes: [UInt8], _ path: String) throws(GridFileError) -> ([Entry], Int)? {
        var reader = StreamReader(bytes: bytes, path: path)
        guard reader.has(4) else { return nil }
        guard try reader.bytes(4) == Array("LH5\u{1}".utf8) else { throw GridFileError(path, "the HDF5 reader's stream is damaged") }
        var entries: [Entry] = []
        while true {
            guard reader.has(4) else { return nil }
            let length = try reader.u32()
            if length == 0xFFFF_FFFF { break }
            guard length <= 4096 else { throw GridFileError(path, "the HDF5 reader's stream is damaged") }
            guard reader.has(Int(length) + 8) else { return nil }
            let name = String(decoding: try reader.bytes(Int(length)), as: UTF8.self)
            let kind = try reader.u32(), rank = try reader.u32()
            guard rank <= 32 else { throw GridFileError(path, "the HDF5 reader's stream is damaged") }
            guard reader.has(8 * Int(rank) + 8) else { return nil }
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(clamping: try reader.u64())) }
            let detail = try reader.u32()
            let filterLength = try reader.u32()
            guard filterLength <= 256 else { throw GridFileError(path, "the HDF5 reader's stream is damaged") }
            guard reader.has(Int(filterLength)) else { return nil }
            let filter = String(decoding: try reader.bytes(Int(filterLength)), as: UTF8.self)
            let k: Entry.Kind
            switch kind {
            case 0: k = .numbers
            case 2: k = .otherClass(Self.className(Int32(bitPattern: detail)))
            case 3: k = .missingFilter(filter.isEmpty ? "number \(detail)" : "\(excerpt(filter)) (number \(detail))")
            case 4: k = .noShape
            default: k = .notDataset
            }
            entries.append(Entry(name: name, kind: k, shape: shape))
        }
        return (entries, reader.at)
    }

    /// The root's names, in name order.
    var names: [String] { entries.map(\.name) }

    func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    func contains(_ name: String) -> Bool { entry(name) != nil }

    /// A dataset read (it must have been asked for): its shape and values, or a one-line reason.
    func read(_ name: String) throws(GridFileError) -> (shape: [Int], values: [Double]) {
        guard let e = entry(name) else { throw GridFileError(path, "no dataset \(excerpt(name))") }
        if let problem = e.problem { throw GridFileError(path, "\(excerpt(name)) \(problem)") }
        guard let values = data[name] else { throw GridFileError(path, "\(excerpt(name)) was not read") }
        return (e.shape, values)
    }

    static func className(_ c: Int32) -> String {
        switch c {
        case 2: "time values"
        case 3: "strings"
        case 4: "bit fields"
        case 5: "opaque bytes"
        case 6: "compound records"
        case 7: "references"
        case 8: "enumerations"
        case 9: "variable-length sequences"
        case 10: "arrays"
        default: "values of HDF5 class \(c)"
        }
    }

    /// Forks the child, reads its stream under the time bound, and sends it the names that
    /// `request` chooses once the listing is in (nil: not yet); turns a child that did not
    /// finish into an error.
    private static func runChild(_ path: String, _ budget: Int, _ area: UnsafeMutablePointer<Double>, _ testSignal: Int32,
                                 request: ([UInt8]) throws(GridFileError) -> [String]?) throws(GridFileError) -> [UInt8] {
        var readEnd: Int32 = -1, requestEnd: Int32 = -1
        let pid: pid_t = path.withCString { cPath in
            landscape_h5_spawn_scan(cPath, nil, 0, Int64(budget), area, timeLimit, memoryLimit, testSignal, &readEnd, &requestEnd)
        }
        guard pid > 0 else {
            if errno == ELIBACC { throw GridFileError(path, "libhdf5 \(H5_VERS_MAJOR).\(H5_VERS_MINOR) could not be loaded (install it: ./setup.sh, or apt-get install libhdf5-dev)") }
            throw GridFileError(path, "cannot start the HDF5 reader: \(String(cString: strerror(errno)))")
        }
        defer { close(readEnd) }
        var requestOpen = true
        defer { if requestOpen { close(requestEnd) } }
        // The stream: the listing (at most 10,000 names of 4 KB) and a few numbers a dataset.
        let cap = 48 << 20
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = Self.now() + Double(timeLimit) + 2
        var timedOut = false, overflowed = false
        var failure: GridFileError?
        reading: while true {
            let left = deadline - Self.now()
            if left <= 0 { timedOut = true; break }
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000))
            if ready < 0 { if errno == EINTR { continue }; break }
            if ready == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break reading }
            if n == 0 { break }
            if out.count + n > cap { overflowed = true; break }
            out.append(contentsOf: chunk[0..<n])
            if requestOpen {
                do throws(GridFileError) {
                    guard let names = try request(out) else { continue }
                    var message: [UInt8] = []
                    func put32(_ v: Int) { for k in 0..<4 { message.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
                    put32(names.count)
                    for name in names {
                        let bytes = Array(name.utf8.prefix(4096))
                        put32(bytes.count)
                        message += bytes
                    }
                    // A child that is gone leaves the send failing; its status says why.
                    _ = message.withUnsafeBytes { landscape_h5_send_all(requestEnd, $0.baseAddress, $0.count) }
                } catch {
                    failure = error
                    break reading
                }
                close(requestEnd)
                requestOpen = false
            }
        }
        if timedOut || overflowed || failure != nil { kill(pid, SIGKILL) }
        let status = landscape_h5_wait(pid)
        if let failure { throw failure }
        if timedOut { throw GridFileError(path, "the HDF5 library took over \(timeLimit) s reading it (a damaged file?); stopped") }
        if overflowed { throw GridFileError(path, "the HDF5 reader wrote more than \(cap >> 20) MB; stopped") }
        switch status {
        case 0: return out
        case 10: throw GridFileError(path, "not an HDF5 file")
        case 11: throw GridFileError(path, "the HDF5 library cannot open it (damaged, or not an HDF5 file)")
        case 12, 13: throw GridFileError(path, "the HDF5 reader could not exchange what it read")
        case 256 + SIGXCPU, 256 + SIGALRM:
            throw GridFileError(path, "the HDF5 library took over \(timeLimit) s reading it (a damaged file?); stopped")
        case 256...:
            let signal = status - 256
            throw GridFileError(path, "the HDF5 library crashed reading it (signal \(signal)\(signal == SIGSEGV ? ", SIGSEGV" : signal == SIGABRT ? ", SIGABRT" : signal == SIGKILL ? ", SIGKILL" : "")): the file is damaged, or needs more than \(memoryLimit >> 20) MB")
        default:
            throw GridFileError(path, "the HDF5 reader stopped (status \(status)): the file is damaged, or needs more than \(memoryLimit >> 20) MB")
        }
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// Reads the child's stream, every read checked against what is left.
private struct StreamReader {
    let bytes: [UInt8]
    let path: String
    var at = 0

    /// Whether `n` more bytes are there.
    func has(_ n: Int) -> Bool { n >= 0 && n <= bytes.count - at }

    mutating func bytes(_ n: Int) throws(GridFileError) -> [UInt8] {
        guard n >= 0, n <= bytes.count - at else { throw GridFileError(path, "the HDF5 reader stopped early (the file is damaged?)") }
        defer { at += n }
        return Array(bytes[at..<(at + n)])
    }

    mutating func u32() throws(GridFileError) -> UInt32 {
        let b = try bytes(4)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }

    mutating func u64() throws(GridFileError) -> UInt64 {
        UInt64(try u32()) | UInt64(try u32()) << 32
    }
}
