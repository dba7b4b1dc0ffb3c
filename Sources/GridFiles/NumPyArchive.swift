import CHDF5
import Landscapes

/// The members of an `.npz` archive (`numpy.savez`, stored, or `numpy.savez_compressed`,
/// deflated), read from the zip's central directory, Zip64 fields included. Each member's CRC is
/// checked.
enum NumPyArchive {
    static func members(_ bytes: [UInt8]) throws(NumPyError) -> [(name: String, array: NumPyArray)] {
        func le16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func le32(_ i: Int) -> Int { le16(i) | le16(i + 2) << 16 }
        func le64(_ i: Int) -> Int { le32(i) | le32(i + 4) << 32 }
        guard bytes.count >= 22 else { throw NumPyError("not a zip archive (an .npz is one)") }
        let lowest = Swift.max(0, bytes.count - 22 - 65_535)
        guard let end = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: { le32($0) == 0x0605_4B50 }) else {
            throw NumPyError(bytes.starts(with: [0x50, 0x4B]) ? "truncated zip archive: no end record" : "not a zip archive (an .npz is one)")
        }
        var entries = le16(end + 10)
        var at = le32(end + 16)
        // Zip64: the end record's fields are 0xFFFF…, the real ones in the Zip64 end record.
        if (entries == 0xFFFF || at == 0xFFFF_FFFF), end >= 20, le32(end - 20) == 0x0706_4B50 {
            let record = le64(end - 20 + 8)
            guard record >= 0, record + 56 <= bytes.count, le32(record) == 0x0606_4B50 else { throw NumPyError("truncated zip archive: bad Zip64 record") }
            entries = le64(record + 32)
            at = le64(record + 48)
        }
        guard entries <= 10_000 else { throw NumPyError("the archive lists \(entries) members; at most 10000") }
        var members: [(name: String, array: NumPyArray)] = []
        for _ in 0..<entries {
            guard at >= 0, at + 46 <= bytes.count, le32(at) == 0x0201_4B50 else { throw NumPyError("truncated zip archive: the central directory ends early") }
            let method = le16(at + 10), crc = UInt32(le32(at + 16))
            var compressed = le32(at + 20), size = le32(at + 24)
            let nameLength = le16(at + 28), extraLength = le16(at + 30), commentLength = le16(at + 32)
            var offset = le32(at + 42)
            guard at + 46 + nameLength + extraLength <= bytes.count else { throw NumPyError("truncated zip archive: the central directory ends early") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // Zip64 extra field: the 64-bit sizes and offset, in that order, for each 32-bit field that is 0xFFFFFFFF.
            var e = at + 46 + nameLength
            while e + 4 <= at + 46 + nameLength + extraLength {
                let id = le16(e), length = le16(e + 2)
                if id == 0x0001 {
                    var p = e + 4
                    if size == 0xFFFF_FFFF, p + 8 <= e + 4 + length { size = le64(p); p += 8 }
                    if compressed == 0xFFFF_FFFF, p + 8 <= e + 4 + length { compressed = le64(p); p += 8 }
                    if offset == 0xFFFF_FFFF, p + 8 <= e + 4 + length { offset = le64(p) }
                }
                e += 4 + length
            }
            at += 46 + nameLength + extraLength + commentLength
            guard offset >= 0, offset + 30 <= bytes.count, le32(offset) == 0x0403_4B50 else { throw NumPyError("member '\(name)': truncated zip archive") }
            let dataStart = offset + 30 + le16(offset + 26) + le16(offset + 28)
            guard compressed >= 0, size >= 0, size <= 1 << 36, dataStart + compressed <= bytes.count else {
                throw NumPyError("member '\(name)': truncated (the archive ends inside it)")
            }
            let data: [UInt8]
            switch method {
            case 0: data = Array(bytes[dataStart..<(dataStart + compressed)])
            case 8: data = try inflate(bytes, from: dataStart, count: compressed, size: size, name: name)
            default: throw NumPyError("member '\(name)': compression method \(method) (only stored and deflated members are read)")
            }
            let check = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            guard check == crc else { throw NumPyError("member '\(name)': damaged (its CRC does not match)") }
            guard name.hasSuffix(".npy") else { continue }
            do {
                members.append((String(name.dropLast(4)), try NumPyArray(npy: data)))
            } catch {
                throw NumPyError("member '\(name)': \(error.message)")
            }
        }
        return members
    }

    /// A raw deflate stream of `count` bytes at `from`, inflated to exactly `size` bytes.
    static func inflate(_ bytes: [UInt8], from start: Int, count: Int, size: Int, name: String) throws(NumPyError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return Z_MEM_ERROR }
                defer { inflateEnd(&stream) }
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                stream.avail_in = uInt(count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(size)
                let r = CHDF5.inflate(&stream, Z_FINISH)
                return r == Z_STREAM_END && stream.total_out == uLong(size) ? Z_OK : (r == Z_OK || r == Z_BUF_ERROR ? Z_DATA_ERROR : r)
            }
        }
        guard status == Z_OK else { throw NumPyError("member '\(name)': damaged (its deflate stream does not inflate to \(size) bytes)") }
        return out
    }
}
