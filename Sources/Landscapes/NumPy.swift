#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An n-dimensional float64 array in NumPy's `.npy` format, and `.npz` archives of them.
///
/// `.npy` (format version 1.0): the magic `\x93NUMPY`, the version, a little-endian 16-bit header
/// length, a Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (…), }`
/// padded with spaces to a multiple of 64 bytes and ending in a newline, then the values in C
/// order (the last index fastest). `.npz` is a zip archive of `NAME.npy` members, stored without
/// compression as `numpy.savez` stores them. What is written loads with `numpy.load`.
/// Timestamps are fixed (1980-01-01), so equal arrays give equal bytes.
public struct NumPyArray: Sendable, Equatable {
    public var shape: [Int]
    /// The values in C order.
    public var values: [Double]

    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "an array's shape holds its values")
        self.shape = shape
        self.values = values
    }

    /// A 1-D array.
    public init(_ values: [Double]) { self.init(shape: [values.count], values: values) }

    /// The `.npy` file.
    public func npyBytes() -> [UInt8] {
        let dims = shape.map(String.init)
        let tuple = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        var header = Array("{'descr': '<f8', 'fortran_order': False, 'shape': \(tuple), }".utf8)
        let total = 10 + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - total % 64) % 64)
        header.append(0x0A)
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        out.reserveCapacity(10 + header.count + 8 * values.count)
        out += [UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
        out += header
        for v in values {
            let bits = v.bitPattern
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
        }
        return out
    }

    /// An `.npz` archive of named arrays (each stored as `NAME.npy`), in the order given.
    public static func npzBytes(_ arrays: [(name: String, array: NumPyArray)]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ v: Int, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32, _ to: inout [UInt8]) { for k in 0..<4 { to.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) } }
        for (name, array) in arrays {
            let body = array.npyBytes()
            precondition(body.count < Int(UInt32.max) && out.count < Int(UInt32.max), "an .npz member fits in 4 GB (no Zip64)")
            let fileName = Array((name + ".npy").utf8)
            let crc = CRC32.checksum(body)
            let offset = UInt32(out.count)
            // Local file header: version 2.0, no flags, stored, 1980-01-01 00:00.
            var fields: [UInt8] = []
            le16(20, &fields); le16(0, &fields); le16(0, &fields); le16(0, &fields); le16(0x21, &fields)
            le32(crc, &fields); le32(UInt32(body.count), &fields); le32(UInt32(body.count), &fields)
            le16(fileName.count, &fields); le16(0, &fields)
            le32(0x0403_4B50, &out)
            out += fields
            out += fileName
            out += body
            le32(0x0201_4B50, &central)
            le16(20, &central)
            central += fields
            le16(0, &central); le16(0, &central); le16(0, &central); le32(0, &central)
            le32(offset, &central)
            central += fileName
        }
        let centralOffset = UInt32(out.count)
        out += central
        le32(0x0605_4B50, &out)
        le16(0, &out); le16(0, &out); le16(arrays.count, &out); le16(arrays.count, &out)
        le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
        return out
    }
}

/// CRC-32 (ISO-HDLC, as zip and PNG use it), with a table.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ bytes: [UInt8], initial: UInt32 = 0) -> UInt32 {
        var c = ~initial
        bytes.withUnsafeBufferPointer { b in
            for byte in b { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        }
        return ~c
    }
}

/// Why an `.npy` file (or an `.npz` member) cannot be read, in words.
public struct NumPyError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension NumPyArray {
    /// A shape as NumPy prints it: `(51, 51)`, `(3,)`.
    public static func shapeText(_ shape: [Int]) -> String { NumPyHeader.text(shape) }

    /// Reads an `.npy` file: format versions 1.0 to 3.0, float64 or float32 (`<f8`, `>f8`, `<f4`,
    /// `>f4`; `=`: this machine's order), C or Fortran order, any number of dimensions. Values come
    /// out as doubles in C order. Integer, complex, object and structured arrays are refused by
    /// name.
    public init(npy bytes: [UInt8]) throws(NumPyError) {
        self = try bytes.withUnsafeBytes { b in Result { () throws(NumPyError) in try NumPyArray(npyBuffer: b) } }.get()
    }

    /// Reads an `.npy` file held in memory, as ``init(npy:)`` does, without copying it first
    /// (a member stored in an `.npz` archive is read in place).
    public init(npyBuffer bytes: UnsafeRawBufferPointer) throws(NumPyError) {
        let start = Array(bytes.prefix(12))
        let layout = try NPYLayout(Array(bytes.prefix(NPYLayout.declaredHeaderEnd(start) ?? start.count)), fileSize: bytes.count)
        let values = layout.decode(UnsafeRawBufferPointer(rebasing: bytes[layout.start..<(layout.start + layout.dataBytes)]))
        self.init(shape: layout.shape, values: layout.cOrder(values))
    }

    /// Reads an `.npy` file from disk, as ``init(npy:)`` reads its bytes; a file of more than
    /// `limit` bytes is refused. The header is read first, and float64 values in this machine's
    /// order are read straight into the array (no copy of the file is held). What is not a
    /// regular file (a pipe, a device) is read whole through ``readFileBytes(_:limit:)``.
    public init(npyFile path: String, limit: Int) throws(NumPyError) {
        func cannotRead(_ message: String) -> NumPyError { NumPyError("cannot read it: " + message) }
        guard !path.utf8.contains(0) else { throw cannotRead("the name contains a NUL byte") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw cannotRead(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let bytes: [UInt8]
            do { bytes = try readFileBytes(path, limit: limit) } catch { throw cannotRead(error.message) }
            try self.init(npy: bytes)
            return
        }
        guard info.st_size <= Int64(limit) else { throw cannotRead("it is larger than the limit of \(Limits.describeBytes(limit))") }
        let size = Int(info.st_size)
        /// Fills `buffer` from byte `offset`: nil, "" when the file ends first, or errno's message.
        func readAt(_ offset: Int, _ buffer: UnsafeMutableRawBufferPointer) -> String? {
            let (count, error) = readFully(fd, into: buffer, at: offset)
            return error ?? (count < buffer.count ? "" : nil)
        }
        /// Fills `bytes` from byte `offset`, or throws.
        func read(_ bytes: inout [UInt8], at offset: Int, ended: String) throws(NumPyError) {
            let problem = bytes.withUnsafeMutableBytes { readAt(offset, $0) }
            if let problem { throw problem.isEmpty ? NumPyError(ended) : cannotRead(problem) }
        }
        let changed = "truncated: the file ended while read (it changed?)"
        // The fixed start (12 bytes), then the header it declares (at most 1 MiB).
        var head = [UInt8](repeating: 0, count: Swift.min(size, 12))
        try read(&head, at: 0, ended: changed)
        head = [UInt8](repeating: 0, count: Swift.min(size, NPYLayout.declaredHeaderEnd(head) ?? head.count))
        try read(&head, at: 0, ended: changed)
        let layout = try NPYLayout(head, fileSize: size)
        if layout.isNative {
            var problem: String?
            let values = [Double](unsafeUninitializedCapacity: layout.count) { out, initialized in
                problem = readAt(layout.start, UnsafeMutableRawBufferPointer(out))
                // Doubles are whatever their bytes are; all are counted or none.
                initialized = problem == nil ? layout.count : 0
            }
            if let problem { throw problem.isEmpty ? NumPyError(changed) : cannotRead(problem) }
            self.init(shape: layout.shape, values: layout.cOrder(values))
        } else {
            var data = [UInt8](repeating: 0, count: layout.dataBytes)
            try read(&data, at: layout.start, ended: changed)
            self.init(shape: layout.shape, values: layout.cOrder(data.withUnsafeBytes { layout.decode($0) }))
        }
    }
}

/// Where an `.npy` file's values are and how they are stored, from its start.
struct NPYLayout {
    var shape: [Int]
    var fortranOrder: Bool
    var little: Bool
    /// Bytes per value: 8 or 4.
    var size: Int
    var count: Int
    /// The first byte of the values.
    var start: Int
    var dataBytes: Int { size * count }
    /// float64 in this machine's order, C order: the bytes are the values.
    var isNative: Bool { size == 8 && little && 1.littleEndian == 1 && !(fortranOrder && shape.count > 1) }

    /// Where the header that `bytes` (the file's first bytes) declares ends; nil when they are too
    /// few to tell or are not an `.npy` file's start.
    static func declaredHeaderEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 10, bytes[0] == 0x93 else { return nil }
        switch bytes[6] {
        case 1: return 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
        case 2, 3: return bytes.count >= 12 ? 12 + Swift.min(1 << 20 + 1, (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }) : nil
        default: return nil
        }
    }

    /// Parses the start of a file of `fileSize` bytes: `bytes` holds at least its header.
    init(_ bytes: [UInt8], fileSize: Int) throws(NumPyError) {
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw NumPyError("not a NumPy .npy file (no \\x93NUMPY magic at its start)")
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw NumPyError("truncated: the header ends early") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw NumPyError("format version \(major).\(bytes[7]) is not one this reader knows (1.0 to 3.0)")
        }
        // NumPy writes headers of a few hundred bytes; a declared length past the file is refused
        // before anything is read.
        guard headerLength <= fileSize - headerStart else { throw NumPyError("truncated: the header ends early") }
        guard headerLength <= 1 << 20 else { throw NumPyError("the header declares \(headerLength) bytes; at most 1 MiB") }
        guard headerLength <= bytes.count - headerStart else { throw NumPyError("truncated: the header ends early") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let fields = try NumPyHeader(parsing: header)
        let descr = fields.descr
        switch descr {
        case "<f8", "=f8": (little, size) = (true, 8)
        case ">f8": (little, size) = (false, 8)
        case "<f4", "=f4": (little, size) = (true, 4)
        case ">f4": (little, size) = (false, 4)
        default: throw NumPyError("dtype \(excerpt(descr, limit: 30)) (\(NumPyHeader.describe(descr))): expected float64 or float32")
        }
        var count = 1
        for d in fields.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= 1 << 36 else { throw NumPyError("shape \(NumPyHeader.text(fields.shape)) is too large") }
            count = product
        }
        start = headerStart + headerLength
        guard fields.shape.count <= 32 else { throw NumPyError("\(fields.shape.count) dimensions; at most 32") }
        guard fileSize - start >= count * size else {
            throw NumPyError("truncated: shape \(NumPyHeader.text(fields.shape)) of \(size == 8 ? "float64" : "float32") needs \(count * size) bytes of data; the file has \(fileSize - start)")
        }
        shape = fields.shape
        fortranOrder = fields.fortranOrder
        self.count = count
    }

    /// The values in `data` (``dataBytes`` bytes, as stored) as doubles, in the file's order.
    func decode(_ data: UnsafeRawBufferPointer) -> [Double] {
        // Every element is written below, so the array is not zero-filled first.
        [Double](unsafeUninitializedCapacity: count) { out, initialized in
            if size == 8 && little && 1.littleEndian == 1 {
                // This machine's own layout: one copy.
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: data[0..<dataBytes]))
            } else {
                for i in 0..<count {
                    var bits: UInt64 = 0
                    let at = i * size
                    for k in 0..<size { bits |= UInt64(data[at + k]) << (8 * UInt64(little ? k : size - 1 - k)) }
                    out.initializeElement(at: i, to: size == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))))
                }
            }
            initialized = count
        }
    }

    /// `values` in C order (the last index fastest): a Fortran-order array is reordered.
    func cOrder(_ values: [Double]) -> [Double] {
        guard fortranOrder && shape.count > 1 else { return values }
        var c = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for f in 0..<count {
            var cIndex = 0
            for d in 0..<shape.count { cIndex = cIndex * shape[d] + index[d] }
            c[cIndex] = values[f]
            var d = 0
            while d < shape.count {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d += 1
            }
        }
        return c
    }
}

/// The dict literal of an `.npy` header: `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
struct NumPyHeader {
    var descr = ""
    var fortranOrder = false
    var shape: [Int] = []

    init(parsing text: String) throws(NumPyError) {
        var s = Substring(text)
        func fail() -> NumPyError { NumPyError("malformed header: \(excerpt(text.trimmingSpaces))") }
        func skip() { while let c = s.first, c == " " || c == "\n" || c == "\t" { s.removeFirst() } }
        func expect(_ c: Character) throws(NumPyError) { skip(); guard s.first == c else { throw fail() }; s.removeFirst() }
        func quoted() throws(NumPyError) -> String {
            skip()
            guard let q = s.first, q == "'" || q == "\"" else { throw fail() }
            s.removeFirst()
            guard let end = s.firstIndex(of: q) else { throw fail() }
            let value = String(s[..<end])
            s = s[s.index(after: end)...]
            return value
        }
        try expect("{")
        var seen = Set<String>()
        while true {
            skip()
            if s.first == "}" { break }
            let key = try quoted()
            try expect(":")
            skip()
            switch key {
            case "descr":
                guard s.first == "'" || s.first == "\"" else {
                    throw NumPyError("dtype is a structured (record) type: expected float64 or float32")
                }
                descr = try quoted()
            case "fortran_order":
                if s.hasPrefix("True") { fortranOrder = true; s = s.dropFirst(4) } else if s.hasPrefix("False") { s = s.dropFirst(5) } else { throw fail() }
            case "shape":
                try expect("(")
                var dims: [Int] = []
                while true {
                    skip()
                    if s.first == ")" { s.removeFirst(); break }
                    let digits = s.prefix { $0.isASCII && $0.isNumber }
                    guard !digits.isEmpty, digits.count <= 12, let d = Int(digits) else { throw fail() }
                    dims.append(d)
                    s = s.dropFirst(digits.count)
                    skip()
                    if s.first == "," { s.removeFirst() }
                }
                shape = dims
            default:
                throw fail()
            }
            seen.insert(key)
            skip()
            if s.first == "," { s.removeFirst() }
        }
        guard seen == ["descr", "fortran_order", "shape"] else { throw fail() }
    }

    static func text(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// A dtype code in words: `<i8` → int64.
    static func describe(_ descr: String) -> String {
        let kinds: [Character: String] = ["i": "int", "u": "uint", "f": "float", "c": "complex", "b": "bool", "O": "object", "U": "unicode", "S": "bytes", "M": "datetime", "m": "timedelta"]
        let code = descr.drop { "<>=|".contains($0) }
        guard let k = code.first, let name = kinds[k] else { return "a type this reader does not know" }
        // An item size is a few digits; an absurd one ('<i2000000000000000000') is named as given.
        let digits = code.dropFirst()
        let bytes = digits.count <= 6 ? Int(digits) ?? 0 : 0
        switch k {
        case "i", "u", "f", "c": return bytes > 0 ? "\(name)\(bytes * 8)" : digits.isEmpty ? name : "\(name) of \(excerpt(digits, limit: 24)) bytes"
        default: return name
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.last, c == " " || c == "\n" { s.removeLast() }
        return String(s)
    }
}
