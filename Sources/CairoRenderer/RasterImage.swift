import CCairo
import Plotting

/// A PNG decoded through Cairo, for reading pixels back (tests, pixel checks).
public final class RasterImage {
    public let width: Int
    public let height: Int
    private let surface: OpaquePointer

    /// Decodes PNG bytes.
    public init(png bytes: [UInt8]) throws(RenderError) {
        let source = ByteSource(bytes)
        let closure = Unmanaged.passUnretained(source).toOpaque()
        guard let made = cairo_image_surface_create_from_png_stream(byteSourceRead, closure) else {
            throw .notPNG("could not decode")
        }
        let status = cairo_surface_status(made)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(made)
            throw .notPNG(String(cString: cairo_status_to_string(status)))
        }
        surface = made
        width = Int(cairo_image_surface_get_width(made))
        height = Int(cairo_image_surface_get_height(made))
    }

    deinit { cairo_surface_destroy(surface) }

    /// Every pixel's premultiplied native-endian ARGB, row by row.
    func forEachPixel(_ body: (UInt32) -> Void) {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { body(row[x]) }
        }
    }

    /// The colour at pixel (x, y), un-premultiplied.
    public func pixel(x: Int, y: Int) -> Color {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel outside the image")
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let p = (data + y * stride + 4 * x).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
        let a = Double(p >> 24 & 0xff) / 255
        guard a > 0 else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        return Color(red: Double(p >> 16 & 0xff) / 255 / a, green: Double(p >> 8 & 0xff) / 255 / a,
                     blue: Double(p & 0xff) / 255 / a, alpha: a)
    }
}

final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

let byteSourceRead: cairo_read_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
    let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
    let n = Int(length)
    guard source.offset + n <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
    source.bytes.withUnsafeBufferPointer { buffer in
        data.update(from: buffer.baseAddress! + source.offset, count: n)
    }
    source.offset += n
    return CAIRO_STATUS_SUCCESS
}
