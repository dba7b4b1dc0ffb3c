import CCairo
import Dispatch

/// Encodes a Cairo ARGB32 image as an 8-bit PNG: RGB (colour type 2) when every pixel is opaque,
/// as every figure on its white background is, and RGBA (colour type 6) with straight
/// (un-premultiplied) alpha otherwise.
///
/// zlib compresses at level 1. Measured on the 800×600 bowl figure with the loss panel: RGBA at
/// level 4 took 11.6 ms for 131 KB, RGB at level 3 5.7 ms for 127 KB (level 4: 9.3 ms for 125 KB;
/// level 6: 12.4 ms for 118 KB); on five 1600×1200 figures (the paper style at scale 2), level 1
/// takes 10% less CPU than level 3 for files 3% larger (1.70 MB against 1.65 MB; the gallery's
/// PNGs 4% larger). Every row uses filter None: figures are large flat areas in few colours,
/// which deflate compresses best as they are. Measured on the gallery, None gives smaller files
/// than libpng's adaptive heuristic (two-well 135 KB against 143 KB, rosenbrock 163 KB against
/// 179 KB) and skips two passes over every row. Output depends only on the pixels, so it is
/// byte-identical across runs.
enum PNGEncoder {
    /// Rows per compressed piece. Pieces are compressed in parallel, each as raw deflate data on
    /// its own (measured on the 3-D figures, 0.3–0.5% larger than one stream), so that a piece
    /// can be made from its rows alone. The pieces depend only on the image, never on the number
    /// of cores, so the bytes are the same on every machine.
    static let rowsPerPiece = 160

    /// A finished image surface as a PNG: RGB when every pixel is opaque, RGBA otherwise.
    static func encode(surface: OpaquePointer) throws(RenderError) -> [UInt8] {
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { throw .cairo("image surface has no data") }
        nonisolated(unsafe) let source = UnsafeRawPointer(data)
        @Sendable func pixels(_ y: Int) -> UnsafePointer<UInt32> { (source + y * stride).assumingMemoryBound(to: UInt32.self) }
        let pieces = (height + rowsPerPiece - 1) / rowsPerPiece
        @Sendable func rows(of piece: Int) -> Range<Int> { (piece * rowsPerPiece)..<Swift.min(height, (piece + 1) * rowsPerPiece) }
        var opaquePieces = [Bool](repeating: true, count: pieces)
        opaquePieces.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                var all: UInt32 = 0xff00_0000
                for y in rows(of: piece) {
                    let row = pixels(y)
                    for x in 0..<width { all &= row[x] }
                }
                out[piece] = all >> 24 == 0xff
            }
        }
        let opaque = !opaquePieces.contains(false)
        let rowBytes = width * (opaque ? 3 : 4) + 1
        return try encodePieces(width: width, height: height, opaque: opaque) { piece in
            Self.deflateRows(rows(of: piece), rowBytes: rowBytes, last: piece == pieces - 1) { y, out in
                out[0] = 0
                if opaque {
                    Self.rgb(pixels(y), width, into: out + 1)
                } else {
                    Self.unpremultiply(pixels(y), width, into: out + 1)
                }
            }
        }
    }

    /// An opaque image made piece by piece: `rows` rasterizes the given rows into a new image
    /// surface (which this destroys), or returns nil if Cairo failed. Each piece is rasterized,
    /// converted to RGB and compressed on its own, on every core, so that no full-size image is
    /// held; the file is the one ``encode(surface:)`` makes of the same pixels.
    static func encodeOpaque(width: Int, height: Int, rows: @Sendable (Range<Int>) -> OpaquePointer?) throws(RenderError) -> [UInt8] {
        let pieces = (height + rowsPerPiece - 1) / rowsPerPiece
        return try encodePieces(width: width, height: height, opaque: true) { piece in
            let top = piece * rowsPerPiece, bottom = Swift.min(height, top + rowsPerPiece)
            guard let surface = rows(top..<bottom) else { return ([], Z_MEM_ERROR, 1) }
            defer { cairo_surface_destroy(surface) }
            guard let data = cairo_image_surface_get_data(surface) else { return ([], Z_MEM_ERROR, 1) }
            let stride = Int(cairo_image_surface_get_stride(surface))
            return Self.deflateRows(top..<bottom, rowBytes: width * 3 + 1, last: piece == pieces - 1) { y, out in
                out[0] = 0
                Self.rgb(UnsafeRawPointer(data + (y - top) * stride).assumingMemoryBound(to: UInt32.self), width, into: out + 1)
            }
        }
    }

    /// The file from its pieces, each made (compressed, with its status and Adler-32) by
    /// `piece` on every core.
    static func encodePieces(width: Int, height: Int, opaque: Bool,
                             piece make: @Sendable (Int) -> (bytes: [UInt8], status: Int32, adler: UInt)) throws(RenderError) -> [UInt8] {
        let pieces = (height + rowsPerPiece - 1) / rowsPerPiece
        var compressed = [[UInt8]](repeating: [], count: pieces)
        var failed = [Int32](repeating: Z_OK, count: pieces)
        var checksums = [UInt](repeating: 1, count: pieces)
        compressed.withUnsafeMutableBufferPointer { outBuffer in
            failed.withUnsafeMutableBufferPointer { statusBuffer in
                checksums.withUnsafeMutableBufferPointer { checksumBuffer in
                    nonisolated(unsafe) let out = outBuffer.baseAddress!, statuses = statusBuffer.baseAddress!, sums = checksumBuffer.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                        let result = make(piece)
                        out[piece] = result.bytes
                        statuses[piece] = result.status
                        sums[piece] = result.adler
                    }
                }
            }
        }
        if let status = failed.first(where: { $0 != Z_OK }) {
            throw status == Z_MEM_ERROR ? .cairo("could not rasterize the image") : .cairo("zlib compression failed (\(status))")
        }
        return file(width: width, height: height, opaque: opaque, pieces: compressed, checksums: checksums, rowBytes: width * (opaque ? 3 : 4) + 1)
    }

    /// Rows `rows` of a filtered image, each made by `filter` into a buffer of `rowBytes`, as raw
    /// deflate data at level 1, made a few rows at a time so that the filtered rows are never
    /// held whole. Ends with a sync flush (so the next piece starts on a byte boundary) or, for
    /// the `last` piece, with the final block. Returns the data, zlib's status and the rows'
    /// Adler-32. Deflate's output does not depend on how its input arrives.
    static func deflateRows(_ rows: Range<Int>, rowBytes: Int, last: Bool,
                            filter: (Int, UnsafeMutablePointer<UInt8>) -> Void) -> (bytes: [UInt8], status: Int32, adler: UInt) {
        var stream = z_stream()
        var status = deflateInit2_(&stream, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { return ([], status, 1) }
        defer { deflateEnd(&stream) }
        let chunkRows = Swift.max(1, 65536 / rowBytes)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkRows * rowBytes)
        defer { buffer.deallocate() }
        // The bound is far above what figures compress to; pages never written are never touched.
        let bound = Int(deflateBound(&stream, uLong(rows.count * rowBytes))) + 16
        var adler = uLong(1)
        let output = [UInt8](unsafeUninitializedCapacity: bound) { out, produced in
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(bound)
            var y = rows.lowerBound
            while y < rows.upperBound && status == Z_OK {
                let n = Swift.min(chunkRows, rows.upperBound - y)
                for k in 0..<n { filter(y + k, buffer + k * rowBytes) }
                adler = adler32_z(adler, buffer, n * rowBytes)
                stream.next_in = buffer
                stream.avail_in = uInt(n * rowBytes)
                y += n
                let flush = y < rows.upperBound ? Z_NO_FLUSH : (last ? Z_FINISH : Z_SYNC_FLUSH)
                status = zlib_deflate(&stream, flush)
                if status == Z_OK && stream.avail_in != 0 { status = Z_BUF_ERROR }
            }
            produced = bound - Int(stream.avail_out)
        }
        guard status == (last ? Z_STREAM_END : Z_OK) else { return ([], status == Z_OK ? Z_BUF_ERROR : status, 1) }
        return (output, Z_OK, UInt(adler))
    }

    /// The PNG file around compressed pieces: a zlib stream (header for deflate with a 32 KiB
    /// window at level 1's "fastest" flag, the pieces, the Adler-32 of the filtered image combined
    /// from the pieces') in one IDAT chunk.
    static func file(width: Int, height: Int, opaque: Bool, pieces compressed: [[UInt8]], checksums: [UInt], rowBytes: Int) -> [UInt8] {
        var checksum = checksums[0]
        for piece in 1..<compressed.count {
            let rows = Swift.min(height, (piece + 1) * rowsPerPiece) - piece * rowsPerPiece
            checksum = UInt(adler32_combine(uLong(checksum), uLong(checksums[piece]), off_t(rows * rowBytes)))
        }
        let streamLength = compressed.reduce(6) { $0 + $1.count }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(8 + 25 + 12 + streamLength + 12)
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, opaque ? 2 : 6, 0, 0, 0]  // 8 bits, RGB or RGBA, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &png)
        // IDAT, written in place: its body is the zlib stream, its CRC taken over it as it goes.
        png.appendBigEndian(UInt32(streamLength))
        let start = png.count
        png += Array("IDAT".utf8)
        png += [0x78, 0x01]
        for piece in compressed { png += piece }
        png.appendBigEndian(UInt32(truncatingIfNeeded: checksum))
        let crc = png.withUnsafeBufferPointer { crc32(0, $0.baseAddress! + start, uInt(png.count - start)) }
        png.appendBigEndian(UInt32(crc))
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Cairo's native-endian ARGB of opaque pixels to RGB bytes.
    @inline(__always)
    static func rgb(_ row: UnsafePointer<UInt32>, _ width: Int, into out: UnsafeMutablePointer<UInt8>) {
        for x in 0..<width {
            let p = row[x]
            let o = out + 3 * x
            o[0] = UInt8(truncatingIfNeeded: p >> 16)
            o[1] = UInt8(truncatingIfNeeded: p >> 8)
            o[2] = UInt8(truncatingIfNeeded: p)
        }
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
