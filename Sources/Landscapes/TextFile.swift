#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: the C library's message.
public struct FileReadError: Error, Sendable {
    public var message: String
}

/// Reads a whole file through the C library (this module uses no Foundation).
///
/// A file longer than `limit` bytes is refused after reading `limit + 1` of them, so a device
/// such as `/dev/zero` or a runaway pipe cannot fill memory. A regular file is read straight
/// into an array of its size (one copy, no regrowth); what it gains meanwhile, and what pipes
/// and devices give, is read on in 64 KiB chunks.
public func readFileBytes(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
    guard !path.utf8.contains(0) else { throw FileReadError(message: "the name contains a NUL byte") }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileReadError(message: String(cString: strerror(errno))) }
    defer { close(fd) }
    func tooLarge() -> FileReadError { FileReadError(message: "it is larger than the limit of \(Limits.describeBytes(limit))") }
    var info = stat()
    var size = 0
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
        guard info.st_size <= Int64(limit) else { throw tooLarge() }
        size = Int(info.st_size)
    }
    var failure: String?
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        let (count, error) = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer))
        initialized = count
        failure = error
    }
    if let failure { throw FileReadError(message: failure) }
    // A file that ended early (it shrank) is done; one that filled its size may have grown.
    guard bytes.count == size else { return bytes }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let (n, error) = chunk.withUnsafeMutableBytes { readFully(fd, into: $0) }
        if let error { throw FileReadError(message: error) }
        if n == 0 { return bytes }
        guard bytes.count + n <= limit else { throw tooLarge() }
        bytes.append(contentsOf: chunk[0..<n])
    }
}

/// Fills `buffer` from the open file `fd`, from byte `offset` (or, nil, from where the file
/// stands), retrying after signals, until it is full or the file ends: the bytes read, and
/// errno's message if reading failed.
public func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int? = nil) -> (count: Int, error: String?) {
    var count = 0
    while count < buffer.count {
        let start = buffer.baseAddress.map { $0 + count }
        let n = offset.map { pread(fd, start, buffer.count - count, off_t($0 + count)) } ?? read(fd, start, buffer.count - count)
        if n < 0 {
            if errno == EINTR { continue }
            return (count, String(cString: strerror(errno)))
        }
        if n == 0 { break }
        count += n
    }
    return (count, nil)
}

/// Reads a whole file as UTF-8 text (``readFileBytes(_:limit:)``); a leading UTF-8 byte-order
/// mark is dropped.
public func readTextFile(_ path: String, limit: Int = Limits.inputBytes) throws(FileReadError) -> String {
    let bytes = try readFileBytes(path, limit: limit)
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
    return String(decoding: body, as: UTF8.self)
}

/// The lines of a text, one at a time and without copying: split at LF, a CR before it dropped
/// (so Windows' CRLF files read as Unix ones), numbered from 1. Readers walk it rather than
/// splitting the whole file into an array first, so memory does not grow with the line count.
///
/// ```swift
/// for (number, line) in TextLines("x,y\r\n1,2\r\n") { … }   // (1, "x,y"), (2, "1,2"), (3, "")
/// ```
public struct TextLines: Sequence, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }

    public struct Iterator: IteratorProtocol {
        let utf8: String.UTF8View
        var at: String.Index
        var number = 0
        var done = false

        public mutating func next() -> (number: Int, line: Substring)? {
            guard !done else { return nil }
            let end = utf8[at...].firstIndex(of: 0x0A)
            var stop = end ?? utf8.endIndex
            if stop > at, utf8[utf8.index(before: stop)] == 0x0D { stop = utf8.index(before: stop) }
            let line = Substring(utf8[at..<stop])
            number += 1
            if let end { at = utf8.index(after: end) } else { done = true }
            return (number, line)
        }
    }

    public func makeIterator() -> Iterator { Iterator(utf8: text.utf8, at: text.utf8.startIndex) }
}

/// A number from the bytes of one CSV cell, without making a String: spaces, tabs and double
/// quotes around it are dropped; `nan`, `inf`, `-inf`, `+inf`, `infinity` (any case) are read as
/// such; anything else goes to `strtod` from a copy on the stack and must be used up whole.
/// nil for an empty cell, for a cell longer than 64 bytes, and for text that is not a number.
///
/// ```swift
/// Array(" 1.5e-3 ".utf8).withUnsafeBufferPointer { parseNumber($0) }    // 0.0015
/// ```
public func parseNumber(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    var lo = 0, hi = cell.count
    func skippable(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x22 }
    while lo < hi, skippable(cell[lo]) { lo += 1 }
    while hi > lo, skippable(cell[hi - 1]) { hi -= 1 }
    let length = hi - lo
    guard length > 0, length <= 64 else { return nil }
    // Words first (strtod would also take "nan(…)" and hexadecimal forms), compared in lower case.
    func isWord(_ word: StaticString) -> Bool {
        guard word.utf8CodeUnitCount == length else { return false }
        let w = word.utf8Start
        for k in 0..<length where cell[lo + k] | (cell[lo + k] >= 0x41 && cell[lo + k] <= 0x5A ? 0x20 : 0) != w[k] { return false }
        return true
    }
    if isWord("nan") { return .nan }
    if isWord("inf") || isWord("+inf") || isWord("infinity") || isWord("+infinity") { return .infinity }
    if isWord("-inf") || isWord("-infinity") { return -.infinity }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
        for k in 0..<length { buffer[k] = CChar(bitPattern: cell[lo + k]) }
        buffer[length] = 0
        guard let base = buffer.baseAddress else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let v = strtod(base, &end)
        guard end == base + length, !v.isNaN else { return nil }
        return v
    }
}
