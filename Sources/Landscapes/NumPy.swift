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
