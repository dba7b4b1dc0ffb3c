import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Landscapes
import Plotting
import Testing
@testable import CairoRenderer

/// A small figure: a filled square, a circle at a known place, and text.
func drawSample(_ canvas: any Canvas) {
    canvas.fill(.rect(Rect(x: 0, y: 0, width: 120, height: 80)), color: .white, rule: .nonZero)
    canvas.fill(.circle(center: Point(30, 40), radius: 10), color: Color(hex: 0xD55E00), rule: .nonZero)
    canvas.stroke(.segment(Point(60, 10), Point(110, 70)), style: StrokeStyle(color: .black, width: 2))
    canvas.text("w₁ = −3", at: Point(60, 40), font: Font(size: 12), anchor: TextAnchor(.left, .middle))
}

let sampleMetadata = Renderer.Metadata(title: "Sample & test", description: "A circle <and> a line", idPrefix: "sample")

@Suite struct RendererTests {
    @Test func pngIsAValidPNGOfTheRequestedSize() throws {
        let bytes = try Renderer.render(width: 120, height: 80, format: .png, metadata: sampleMetadata, draw: drawSample)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height big-endian at bytes 16…23, bit depth 8, colour type 2 (RGB: the
        // sample is opaque).
        func be32(_ k: Int) -> Int { bytes[k..<k + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == 120 && be32(20) == 80)
        #expect(bytes[24] == 8 && bytes[25] == 2)
        let image = try RasterImage(png: bytes)
        #expect(image.width == 120 && image.height == 80)
        #expect(image.pixel(x: 30, y: 40).hexString == "#d55e00")
        #expect(image.pixel(x: 5, y: 5).hexString == "#ffffff")
    }

    /// An image with any pixel not opaque keeps its alpha: colour type 6, straight alpha.
    @Test func pngKeepsAlphaWhenNotOpaque() throws {
        let bytes = try Renderer.render(width: 40, height: 30, format: .png, metadata: sampleMetadata) { canvas in
            // The right quarter is left unpainted: transparent.
            canvas.fill(.rect(Rect(x: 0, y: 0, width: 30, height: 30)), color: .white, rule: .nonZero)
            canvas.fill(.rect(Rect(x: 20, y: 10, width: 20, height: 10)), color: Color(red: 0.8, green: 0.4, blue: 0.2, alpha: 0.5), rule: .nonZero)
        }
        #expect(bytes[25] == 6)
        let image = try RasterImage(png: bytes)
        #expect(image.pixel(x: 5, y: 5).hexString == "#ffffff" && image.pixel(x: 5, y: 5).alpha == 1)
        #expect(image.pixel(x: 35, y: 5).alpha == 0)
        let half = image.pixel(x: 35, y: 15)
        #expect(abs(half.alpha - 0.5) < 0.01 && abs(half.red - 0.8) < 0.01 && abs(half.green - 0.4) < 0.01 && abs(half.blue - 0.2) < 0.01, "\(half)")
    }

    @Test func svgParsesIsStableAndPrefixesEveryId() throws {
        let a = try Renderer.render(width: 120, height: 80, format: .svg, metadata: sampleMetadata, draw: drawSample)
        let b = try Renderer.render(width: 120, height: 80, format: .svg, metadata: sampleMetadata, draw: drawSample)
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("viewBox=\"0 0 120 80\""))
        #expect(text.contains("<title>Sample &amp; test</title>"))
        #expect(text.contains("<desc>A circle &lt;and&gt; a line</desc>"))
        let ids = SVGIds.collect(text)
        #expect(!ids.definitions.isEmpty && !ids.references.isEmpty)  // glyphs of the text
        #expect(ids.definitions.allSatisfy { $0.hasPrefix("sample-") })
        #expect(Set(ids.definitions).count == ids.definitions.count)
        #expect(ids.references.allSatisfy { ids.definitions.contains($0) })
        let parser = XMLParser(data: Data(a))
        #expect(parser.parse(), "SVG is not well-formed XML")
    }

    @Test func pdfIsAPDF() throws {
        let bytes = try Renderer.render(width: 120, height: 80, format: .pdf, metadata: sampleMetadata, draw: drawSample)
        #expect(String(decoding: bytes.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(String(decoding: bytes.suffix(7), as: UTF8.self).contains("%%EOF"))
    }

    @Test func textIsMeasuredWithTheRealFont() throws {
        var width = 0.0
        _ = try Renderer.render(width: 10, height: 10, format: .png, metadata: sampleMetadata) { canvas in
            width = canvas.measure("landscape", font: Font(size: 20)).width
        }
        // DejaVu Sans advances: about 0.6 em per lower-case letter.
        #expect(width > 80 && width < 130)
    }

    @Test func badSizesAreRefused() {
        #expect(throws: RenderError.badSize(width: 0, height: 10)) {
            try Renderer.render(width: 0, height: 10, format: .png, metadata: sampleMetadata) { _ in }
        }
    }

    @Test func formatsFollowTheExtension() {
        #expect(ImageFormat(path: "out/fig.SVG") == .svg)
        #expect(ImageFormat(path: "fig.png") == .png)
        #expect(ImageFormat(path: "a.pdf") == .pdf)
        #expect(ImageFormat(path: "fig.jpg") == nil && ImageFormat(path: "dir.v2/fig") == nil)
    }

    @Test func notAPNG() {
        #expect(throws: RenderError.self) { try RasterImage(png: Array("hello".utf8)) }
    }
}

/// Element ids defined in an SVG and the ids it references.
enum SVGIds {
    static func collect(_ svg: String) -> (definitions: [String], references: [String]) {
        func values(after marker: String, until end: Character) -> [String] {
            var out: [String] = []
            var rest = svg[...]
            while let r = rest.range(of: marker) {
                let tail = rest[r.upperBound...]
                guard let e = tail.firstIndex(of: end) else { break }
                out.append(String(tail[..<e]))
                rest = tail[e...]
            }
            return out
        }
        return (values(after: " id=\"", until: "\""), values(after: "href=\"#", until: "\"") + values(after: "url(#", until: ")"))
    }
}
