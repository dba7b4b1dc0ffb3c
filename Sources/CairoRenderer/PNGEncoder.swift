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
        var rows = [UInt8](repeating: 0, count: 2 * rowBytes)  // previous row, then current row
        raw.withUnsafeMutableBufferPointer { out in
            rows.withUnsafeMutableBufferPointer { buffer in
                var previous = buffer.baseAddress!
                var current = buffer.baseAddress! + rowBytes
                for y in 0..<height {
                    Self.unpremultiply(UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self), width, into: current)
                    let type = Self.bestFilter(current, previous, rowBytes)
                    let target = out.baseAddress! + y * (rowBytes + 1)
                    target[0] = type
                    Self.apply(type, current, previous, rowBytes, into: target + 1)
                    swap(&previous, &current)
                }
            }
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

    /// Cairo's premultiplied native-endian ARGB to straight RGBA bytes.
    @inline(__always)
    static func unpremultiply(_ row: UnsafePointer<UInt32>, _ width: Int, into out: UnsafeMutablePointer<UInt8>) {
        for x in 0..<width {
            let p = row[x]
            let a = p >> 24 & 0xff
            var r = p >> 16 & 0xff, g = p >> 8 & 0xff, b = p & 0xff
            if a != 255 && a != 0 {
                r = (r * 255 + a / 2) / a
                g = (g * 255 + a / 2) / a
                b = (b * 255 + a / 2) / a
            }
            let o = out + 4 * x
            o[0] = UInt8(truncatingIfNeeded: r)
            o[1] = UInt8(truncatingIfNeeded: g)
            o[2] = UInt8(truncatingIfNeeded: b)
            o[3] = UInt8(truncatingIfNeeded: a)
        }
    }

    @inline(__always)
    static func paeth(_ left: Int, _ up: Int, _ upLeft: Int) -> Int {
        let p = left + up - upLeft
        let pa = abs(p - left), pb = abs(p - up), pc = abs(p - upLeft)
        return pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
    }

    /// The filter whose output bytes, read as signed, have the smallest sum of magnitudes
    /// (libpng's heuristic), scoring all five in one pass over the row.
    static func bestFilter(_ row: UnsafePointer<UInt8>, _ above: UnsafePointer<UInt8>, _ n: Int) -> UInt8 {
        var scores = (0, 0, 0, 0, 0)
        @inline(__always) func cost(_ v: Int) -> Int {
            let b = v & 0xff
            return b < 128 ? b : 256 - b
        }
        for i in 0..<n {
            let x = Int(row[i]), up = Int(above[i])
            let left = i >= 4 ? Int(row[i - 4]) : 0
            let upLeft = i >= 4 ? Int(above[i - 4]) : 0
            scores.0 += cost(x)
            scores.1 += cost(x - left)
            scores.2 += cost(x - up)
            scores.3 += cost(x - (left + up) >> 1)
            scores.4 += cost(x - paeth(left, up, upLeft))
        }
        let all = [scores.0, scores.1, scores.2, scores.3, scores.4]
        var best = 0
        for k in 1..<5 where all[k] < all[best] { best = k }
        return UInt8(best)
    }

    /// Writes row filtered with `type` to `out`.
    static func apply(_ type: UInt8, _ row: UnsafePointer<UInt8>, _ above: UnsafePointer<UInt8>, _ n: Int,
                      into out: UnsafeMutablePointer<UInt8>) {
        for i in 0..<n {
            let x = Int(row[i]), up = Int(above[i])
            let left = i >= 4 ? Int(row[i - 4]) : 0
            let predictor: Int
            switch type {
            case 0: predictor = 0
            case 1: predictor = left
            case 2: predictor = up
            case 3: predictor = (left + up) >> 1
            default: predictor = paeth(left, up, i >= 4 ? Int(above[i - 4]) : 0)
            }
            out[i] = UInt8(truncatingIfNeeded: x - predictor)
        }
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
