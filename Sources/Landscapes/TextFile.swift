#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: the C library's message.
public struct FileReadError: Error, Sendable {
    public var message: String
}

/// Reads a whole file as UTF-8 text through the C library (this module uses no Foundation).
public func readTextFile(_ path: String) throws(FileReadError) -> String {
    guard let file = fopen(path, "rb") else { throw FileReadError(message: String(cString: strerror(errno))) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count {
            if ferror(file) != 0 { throw FileReadError(message: String(cString: strerror(errno))) }
            break
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
