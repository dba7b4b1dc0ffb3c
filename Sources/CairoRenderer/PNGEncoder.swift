import CCairo

/// Encodes a Cairo ARGB32 image as an 8-bit RGBA PNG (colour type 6), whatever its content.
///
/// Cairo's own writer drops the alpha channel of opaque images; this one always writes RGBA, with
/// straight (un-premultiplied) alpha and zlib compression at level 4 (on the gallery 5% larger
/// than level 6 and 30% faster; level 3 would be 13% larger). Every row uses filter None:
/// figures are large flat areas in few colours, which deflate compresses best as they are. Measured
/// on the gallery, None gives smaller files than libpng's adaptive heuristic (two-well 135 KB
/// against 143 KB, rosenbrock 163 KB against 179 KB) and skips two passes over every row. Output
/// depends only on the pixels, so it is byte-identical across runs.
enum PNGEncoder {
    static func encode(surface: OpaquePointer) throws(RenderError) -> [UInt8] {
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw .cairo("image surface has no data") }

        // Rows go through zlib one at a time, so neither the whole unpacked image nor a worst-case
        // output buffer is ever held.
        let rowBytes = width * 4
        var row = [UInt8](repeating: 0, count: rowBytes + 1)  // filter byte None, then RGBA
        let compressor = try Deflater(level: 4)
        for y in 0..<height {
            row.withUnsafeMutableBufferPointer { b in
                Self.unpremultiply(UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self), width, into: b.baseAddress! + 1)
            }
            try compressor.add(row, finish: y == height - 1)
        }
        let compressed = compressor.output

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // 8 bits, RGBA, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", compressed, to: &png)
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

    /// A zlib stream that takes input piece by piece and collects its output. zlib keeps a pointer
    /// back to its `z_stream`, so the stream lives at one address for its whole life, owned here and
    /// freed in `deinit`.
    final class Deflater {
        private let stream: UnsafeMutablePointer<z_stream>
        private var open = false
        private(set) var output: [UInt8] = []
        private var chunk = [UInt8](repeating: 0, count: 1 << 16)

        init(level: Int32) throws(RenderError) {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let status = deflateInit_(stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw .cairo("zlib could not start (\(status))") }
            open = true
        }

        deinit {
            if open { deflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        /// Compresses `bytes`; with `finish`, ends the stream.
        func add(_ bytes: [UInt8], finish: Bool) throws(RenderError) {
            var input = bytes
            var status: Int32 = Z_OK
            let stream = self.stream
            input.withUnsafeMutableBufferPointer { inBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { outBuffer in
                        stream.pointee.next_out = outBuffer.baseAddress
                        stream.pointee.avail_out = uInt(outBuffer.count)
                        status = zlib_deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
                        output.append(contentsOf: outBuffer[0..<(outBuffer.count - Int(stream.pointee.avail_out))])
                    }
                } while stream.pointee.avail_out == 0 && status == Z_OK
            }
            if finish {
                deflateEnd(stream)
                open = false
                guard status == Z_STREAM_END else { throw .cairo("zlib compression failed (\(status))") }
            } else if status != Z_OK && status != Z_BUF_ERROR {
                throw .cairo("zlib compression failed (\(status))")
            }
        }
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
