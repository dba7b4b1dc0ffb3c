import Testing
@testable import Landscapes

@Suite struct NumPyTests {
    /// The check value of CRC-32/ISO-HDLC.
    @Test func crc32OfTheStandardCheckString() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    /// Format 1.0: magic, version, a header padded to 64 bytes ending in a newline, then the
    /// values little-endian in C order.
    @Test func npyHasNumPysHeaderAndValues() {
        let a = NumPyArray(shape: [2, 3], values: [1, 2, 3, 4, 5, -0.5])
        let bytes = a.npyBytes()
        #expect(Array(bytes.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0 && bytes[9 + headerLength] == 0x0A)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(bytes.count == 10 + headerLength + 48)
        let last = bytes[(bytes.count - 8)...].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        #expect(Double(bitPattern: last) == -0.5)
        // A 1-D shape is a one-element tuple.
        #expect(String(decoding: NumPyArray([7]).npyBytes()[10..<74], as: UTF8.self).contains("'shape': (1,), }"))
    }

    /// An archive: one local header per member, a central directory, and the end record, each
    /// member's CRC over its stored bytes.
    @Test func npzIsAStoredZipArchive() {
        let x = NumPyArray([0, 1]), loss = NumPyArray(shape: [1, 2], values: [3, 4])
        let zip = NumPyArray.npzBytes([("x", x), ("loss", loss)])
        func le32(_ i: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(zip[i + $1]) << (8 * UInt32($1)) } }
        #expect(le32(0) == 0x0403_4B50)
        #expect(le32(14) == CRC32.checksum(x.npyBytes()))
        #expect(String(decoding: zip[30..<35], as: UTF8.self) == "x.npy")
        let end = zip.count - 22
        #expect(le32(end) == 0x0605_4B50 && zip[end + 10] == 2)
        #expect(Int(le32(end + 16)) + Int(le32(end + 12)) == end)
        // Same arrays, same bytes (fixed timestamps).
        #expect(NumPyArray.npzBytes([("x", x), ("loss", loss)]) == zip)
    }
}
