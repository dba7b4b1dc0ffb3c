import CCairo

/// Encodes a Cairo ARGB32 image as an 8-bit RGBA PNG (colour type 6), whatever its content.
///
/// Cairo's own writer drops the alpha channel of opaque images; this one always writes RGBA, with
/// straight (un-premultiplied) alpha, a per-row adaptive filter (the one of None, Sub, Up, Average,
/// Paeth whose bytes have the smallest sum of absolute values, as libpng chooses) and zlib
/// compression. Output depends only on the pixels, so it is byte-identical across runs.
enum PNGEncoder {
    static func encode(surface: OpaquePointer) throws(RenderError) -> [UInt8] {
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw .cairo("image surface has no data") }

        let rowBytes = width * 4
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        var previous = [UInt8](repeating: 0, count: rowBytes)
        var current = [UInt8](repeating: 0, count: rowBytes)
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = [UInt8](repeating: 0, count: rowBytes)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let p = row[x]
                let a = p >> 24 & 0xff
                var r = p >> 16 & 0xff, g = p >> 8 & 0xff, b = p & 0xff
                if a != 0 && a != 255 {
                    r = (r * 255 + a / 2) / a
                    g = (g * 255 + a / 2) / a
                    b = (b * 255 + a / 2) / a
                }
                current[4 * x] = UInt8(r)
                current[4 * x + 1] = UInt8(g)
                current[4 * x + 2] = UInt8(b)
                current[4 * x + 3] = UInt8(a)
            }
            var bestType: UInt8 = 0
            var bestScore = Int.max
            for type in UInt8(0)...4 {
                let score = filter(type, current, previous, into: &candidate)
                if score < bestScore {
                    bestScore = score
                    bestType = type
                    swap(&best, &candidate)
                }
            }
            let offset = y * (rowBytes + 1)
            raw[offset] = bestType
            raw.withUnsafeMutableBufferPointer { out in
                best.withUnsafeBufferPointer { out.baseAddress!.advanced(by: offset + 1).update(from: $0.baseAddress!, count: rowBytes) }
            }
            swap(&previous, &current)
        }

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // 8 bits, RGBA, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", try deflate(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Applies PNG filter `type` to a row and returns the sum of the filtered bytes as signed values.
    static func filter(_ type: UInt8, _ row: [UInt8], _ above: [UInt8], into out: inout [UInt8]) -> Int {
        let n = row.count
        var score = 0
        row.withUnsafeBufferPointer { r in
            above.withUnsafeBufferPointer { u in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<n {
                        let left = i >= 4 ? Int(r[i - 4]) : 0
                        let up = Int(u[i])
                        let upLeft = i >= 4 ? Int(u[i - 4]) : 0
                        let predictor: Int
                        switch type {
                        case 0: predictor = 0
                        case 1: predictor = left
                        case 2: predictor = up
                        case 3: predictor = (left + up) >> 1
                        default:
                            let p = left + up - upLeft
                            let pa = abs(p - left), pb = abs(p - up), pc = abs(p - upLeft)
                            predictor = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
                        }
                        let v = UInt8(truncatingIfNeeded: Int(r[i]) - predictor)
                        o[i] = v
                        score += v < 128 ? Int(v) : 256 - Int(v)
                    }
                }
            }
        }
        return score
    }

    static func deflate(_ bytes: [UInt8]) throws(RenderError) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &length, i.baseAddress, uLong(bytes.count), 6) }
        }
        guard status == Z_OK else { throw .cairo("zlib compression failed (\(status))") }
        out.removeLast(out.count - Int(length))
        return out
    }

    static func appendChunk(_ type: String, _ body: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(body.count))
        let typeBytes = Array(type.utf8)
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        crc = body.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt(body.count)) }
        png += typeBytes
        png += body
        png.appendBigEndian(UInt32(crc))
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ v: UInt32) {
        append(UInt8(v >> 24))
        append(UInt8(v >> 16 & 0xff))
        append(UInt8(v >> 8 & 0xff))
        append(UInt8(v & 0xff))
    }
}
