import CCairo

/// PNG files from and to plain pixels: 8-bit straight (un-premultiplied) RGBA, row by row from
/// the top, as image libraries and tests hold them.
///
/// ```swift
/// let red: [UInt8] = [255, 0, 0, 255]
/// let bytes = try PNGFile.encode(rgba: Array([[UInt8]](repeating: red, count: 4).joined()), width: 2, height: 2)
/// let (width, height, pixels) = try PNGFile.decode(bytes)   // 2, 2, the same 16 bytes
/// ```
public enum PNGFile {
    /// A PNG of `width` × `height` pixels from their RGBA bytes (`4 · width · height` of them):
    /// RGB when every pixel is opaque, RGBA otherwise, compressed as the renderer's PNGs are.
    public static func encode(rgba: [UInt8], width: Int, height: Int) throws(RenderError) -> [UInt8] {
        guard width > 0, height > 0, width <= 1 << 16, height <= 1 << 16, rgba.count == 4 * width * height else {
            throw .cairo("PNGFile.encode: \(rgba.count) bytes are not the RGBA of \(width)×\(height) pixels")
        }
        let opaque = !Swift.stride(from: 3, to: rgba.count, by: 4).contains { rgba[$0] != 255 }
        let pieces = (height + PNGEncoder.rowsPerPiece - 1) / PNGEncoder.rowsPerPiece
        let channels = opaque ? 3 : 4
        return try rgba.withUnsafeBufferPointer { (buffer) throws(RenderError) -> [UInt8] in
            nonisolated(unsafe) let source = buffer.baseAddress!
            return try PNGEncoder.encodePieces(width: width, height: height, opaque: opaque) { piece in
                let top = piece * PNGEncoder.rowsPerPiece, bottom = Swift.min(height, top + PNGEncoder.rowsPerPiece)
                return PNGEncoder.deflateRows(top..<bottom, rowBytes: width * channels + 1, last: piece == pieces - 1) { y, out in
                    out[0] = 0
                    let row = source + y * width * 4
                    if opaque {
                        for x in 0..<width {
                            out[1 + 3 * x] = row[4 * x]
                            out[2 + 3 * x] = row[4 * x + 1]
                            out[3 + 3 * x] = row[4 * x + 2]
                        }
                    } else {
                        (out + 1).update(from: row, count: 4 * width)
                    }
                }
            }
        }
    }

    /// The pixels of a PNG as RGBA bytes, with its size.
    public static func decode(_ bytes: [UInt8]) throws(RenderError) -> (width: Int, height: Int, rgba: [UInt8]) {
        let image = try RasterImage(png: bytes)
        return (image.width, image.height, image.rgba)
    }
}

extension RasterImage {
    /// The pixels as 8-bit straight RGBA bytes, row by row from the top.
    public var rgba: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 * width * height)
        forEachPixel { p in
            let a = p >> 24 & 0xff
            func channel(_ v: UInt32) -> UInt8 { a == 0 ? 0 : UInt8(Swift.min(255, (Double(v) * 255 / Double(a)).rounded())) }
            out += [channel(p >> 16 & 0xff), channel(p >> 8 & 0xff), channel(p & 0xff), UInt8(a)]
        }
        return out
    }
}
