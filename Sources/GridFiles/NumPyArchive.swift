import CHDF5
import Landscapes

extension NumPyArray {
    /// The arrays of an `.npz` archive (`npzBytes(_:)`, `numpy.savez`, `numpy.savez_compressed`),
    /// by member name without `.npy`, in the archive's order; each member is checked (CRC, sizes).
    public static func members(npz bytes: [UInt8]) throws(NumPyError) -> [(name: String, array: NumPyArray)] {
        try NumPyArchive.members(bytes).map { (name: $0.name.hasSuffix(".npy") ? String($0.name.dropLast(4)) : $0.name, array: $0.array) }
    }
}

/// The members of an `.npz` archive (`numpy.savez`, stored, or `numpy.savez_compressed`,
/// deflated), read from the zip's central directory, Zip64 fields included. Each member's CRC is
/// checked.
enum NumPyArchive {
    /// The `.npy` members, in the central directory's order. Every field is checked against the
    /// archive's size before it is used and every sum for overflow; a member is refused by its
    /// declared size before anything is allocated, and all members together may inflate to at
    /// most `budget` bytes.
    static func members(_ bytes: [UInt8], budget: Int = ImportedGrid.maxFileBytes) throws(NumPyError) -> [(name: String, array: NumPyArray)] {
        let count = bytes.count
        /// Whether `n` bytes from `at` lie inside the archive.
        func inside(_ at: Int, _ n: Int) -> Bool { at >= 0 && n >= 0 && at <= count && n <= count - at }
        func le16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func le32(_ i: Int) -> Int { le16(i) | le16(i + 2) << 16 }
        /// A 64-bit field as an offset or size: values past `Int.max` (or any past the limit the
        /// caller checks) come out as `Int.max`, never negative.
        func le64(_ i: Int) -> Int {
            let v = UInt64(le32(i)) | UInt64(le32(i + 4)) << 32
            return v > UInt64(Int.max) ? Int.max : Int(v)
        }
        guard count >= 22 else { throw NumPyError("not a zip archive (an .npz is one)") }
        let lowest = Swift.max(0, count - 22 - 65_535)
        guard let end = stride(from: count - 22, through: lowest, by: -1).first(where: { le32($0) == 0x0605_4B50 }) else {
            throw NumPyError(bytes.starts(with: [0x50, 0x4B]) ? "truncated zip archive: no end record" : "not a zip archive (an .npz is one)")
        }
        var entries = le16(end + 10)
        var at = le32(end + 16)
        // Zip64: the end record's fields are 0xFFFF…, the real ones in the Zip64 end record.
        if entries == 0xFFFF || at == 0xFFFF_FFFF {
            guard end >= 20, le32(end - 20) == 0x0706_4B50 else { throw NumPyError("damaged zip archive: a Zip64 field without its locator") }
            let record = le64(end - 20 + 8)
            guard inside(record, 56), le32(record) == 0x0606_4B50 else { throw NumPyError("damaged zip archive: the Zip64 end record is not where its locator says") }
            entries = le64(record + 32)
            at = le64(record + 48)
        }
        guard entries <= 10_000 else { throw NumPyError("the archive lists \(Limits.describeCount(Double(entries))) members; at most 10000") }
        var members: [(name: String, array: NumPyArray)] = []
        var names = Set<String>()
        var inflated = 0
        for _ in 0..<entries {
            guard inside(at, 46), le32(at) == 0x0201_4B50 else { throw NumPyError("truncated zip archive: the central directory ends early") }
            let method = le16(at + 10), crc = UInt32(le32(at + 16))
            var compressed = le32(at + 20), size = le32(at + 24)
            let nameLength = le16(at + 28), extraLength = le16(at + 30), commentLength = le16(at + 32)
            var offset = le32(at + 42)
            guard inside(at + 46, nameLength + extraLength) else { throw NumPyError("truncated zip archive: the central directory ends early") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // Zip64 extra field: the 64-bit sizes and offset, in that order, for each 32-bit field that is 0xFFFFFFFF.
            var e = at + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = le16(e), length = le16(e + 2)
                let fieldEnd = Swift.min(e + 4 + length, extraEnd)
                if id == 0x0001 {
                    var p = e + 4
                    if size == 0xFFFF_FFFF, p + 8 <= fieldEnd { size = le64(p); p += 8 }
                    if compressed == 0xFFFF_FFFF, p + 8 <= fieldEnd { compressed = le64(p); p += 8 }
                    if offset == 0xFFFF_FFFF, p + 8 <= fieldEnd { offset = le64(p) }
                }
                e += 4 + length
            }
            at += 46 + nameLength + extraLength + commentLength
            let shown = excerpt(name, limit: 40)
            guard names.insert(name).inserted else { throw NumPyError("member \(shown) appears twice in the archive") }
            guard inside(offset, 30), le32(offset) == 0x0403_4B50 else { throw NumPyError("member \(shown): truncated zip archive") }
            let dataStart = offset + 30 + le16(offset + 26) + le16(offset + 28)
            guard inside(dataStart, compressed) else { throw NumPyError("member \(shown): truncated (the archive ends inside it)") }
            // The declared size is checked before anything is allocated, against what is left.
            guard size <= budget - inflated else {
                throw NumPyError("member \(shown) declares \(Limits.describeBytes(size)); a grid file holds at most \(Limits.describeBytes(budget))\(inflated > 0 ? " in all" : "")")
            }
            // A stored member is read in place; a deflated one, from what it inflates to.
            let inflatedData: [UInt8]?
            switch method {
            case 0:
                guard compressed == size else { throw NumPyError("member \(shown): stored with two different sizes (\(compressed) and \(size) bytes)") }
                inflatedData = nil
            case 8: inflatedData = try inflate(bytes, from: dataStart, count: compressed, size: size, name: shown)
            default: throw NumPyError("member \(shown): compression method \(method) (only stored and deflated members are read)")
            }
            inflated += size
            let read = { (data: UnsafeRawBufferPointer) -> Result<NumPyArray?, NumPyError> in
                let check = UInt32(crc32(0, data.baseAddress?.assumingMemoryBound(to: UInt8.self), uInt(data.count)))
                guard check == crc else { return .failure(NumPyError("member \(shown): damaged (its CRC does not match)")) }
                guard name.hasSuffix(".npy") else { return .success(nil) }
                do throws(NumPyError) {
                    return .success(try NumPyArray(npyBuffer: data))
                } catch {
                    return .failure(NumPyError("member \(shown): \(error.message)"))
                }
            }
            let outcome = inflatedData.map { $0.withUnsafeBytes(read) }
                ?? bytes.withUnsafeBytes { read(UnsafeRawBufferPointer(rebasing: $0[dataStart..<(dataStart + compressed)])) }
            if let array = try outcome.get() { members.append((String(name.dropLast(4)), array)) }
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
                guard let base = input.baseAddress, count <= Int(uInt.max), size <= Int(uInt.max) else { return Z_DATA_ERROR }
                stream.next_in = UnsafeMutablePointer(mutating: base + start)
                stream.avail_in = uInt(count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(size)
                let r = CHDF5.inflate(&stream, Z_FINISH)
                return r == Z_STREAM_END && stream.total_out == uLong(size) ? Z_OK : (r == Z_OK || r == Z_BUF_ERROR ? Z_DATA_ERROR : r)
            }
        }
        guard status == Z_OK else { throw NumPyError("member \(name): damaged (its deflate stream does not inflate to \(size) bytes)") }
        return out
    }
}
