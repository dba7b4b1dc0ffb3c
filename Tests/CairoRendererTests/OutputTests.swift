import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Landscapes
import Plotting
import Testing
import Trajectories
@testable import CairoRenderer

/// The PNG's banded rasterization and piecewise compression, and the SVG writer.
@Suite struct OutputTests {
    /// A figure with everything in it: filled contours, lines, paths, markers, text at two angles,
    /// clips, a colorbar and a loss panel.
    func figure(width: Double = 800, height: Double = 600) throws -> Figure {
        var c = Comparison(surface: try Surface(spec: "sincos"),
                           optimizers: try ["sgd:lr=0.09", "momentum:lr=0.01,momentum=0.9", "adam:lr=0.1"].map { try OptimizerConfiguration(spec: $0) },
                           start: nil, stop: StopRule(maxSteps: 120))
        c.gridSize = 160
        c.layout = .withLoss
        c.width = width
        c.height = height
        return c.figure()
    }

    func pixels(_ png: [UInt8]) throws -> [[UInt32]] {
        let image = try RasterImage(png: png)
        return (0..<image.height).map { y in (0..<image.width).map { x in image.pixel(x: x, y: y).packed } }
    }

    /// Bands of any height give exactly the pixels of one pass over the whole image.
    @Test(arguments: [0, 64, 100, 217]) func bandsGiveThePixelsOfOnePass(_ bandHeight: Int) throws {
        let figure = try figure(width: 700, height: 530)
        func render(_ rows: Int) throws -> [UInt8] {
            try Renderer.render(width: 700, height: 530, format: .png, metadata: sampleMetadata, bandHeight: rows) { figure.draw(on: $0) }
        }
        let one = try render(0)
        let banded = try render(bandHeight)
        #expect(try pixels(banded) == pixels(one))
        // The default bands are a quarter of the image, at least 64 rows.
        #expect(CairoCanvas.bandHeight(forHeight: 530) == 133 && CairoCanvas.bandHeight(forHeight: 100) == 0)
    }

    /// An opaque figure made piece by piece (each piece rasterized on its own and compressed, with
    /// no full-size image) decodes to the pixels of one pass over a full-size image, up to
    /// Cairo's rounding of strokes cut to a band's segments, at heights around the pieces' size;
    /// where the pixels agree, so do the files. Made twice, it is the same file.
    @Test(arguments: [530, 400, PNGEncoder.rowsPerPiece, PNGEncoder.rowsPerPiece + 1, 2 * PNGEncoder.rowsPerPiece - 3])
    func piecesMadeOnTheirOwnGiveTheWholeImagesPixels(_ height: Int) throws {
        let figure = try figure(width: 700, height: Double(height))
        func streamed() throws -> [UInt8] {
            try Renderer.render(width: 700, height: height, format: .png, metadata: sampleMetadata) { figure.draw(on: $0) }
        }
        let first = try streamed()
        let whole = try Renderer.render(width: 700, height: height, format: .png, metadata: sampleMetadata, bandHeight: 0) { figure.draw(on: $0) }
        #expect(try streamed() == first)
        #expect(first[25] == 2)
        let a = try pixels(first), b = try pixels(whole)
        #expect(a.count == b.count)
        var differing = 0, worst: UInt32 = 0
        for (rowA, rowB) in zip(a, b) {
            for (p, q) in zip(rowA, rowB) where p != q {
                differing += 1
                for shift in [0, 8, 16, 24] as [UInt32] {
                    let u = p >> shift & 0xff, v = q >> shift & 0xff
                    worst = Swift.max(worst, u > v ? u - v : v - u)
                }
            }
        }
        #expect(worst <= 1 && differing <= 20, "\(differing) pixels differ, by up to \(worst) levels")
        if differing == 0 { #expect(first == whole) }
        // A translucent drawing is not streamed: it is written as RGBA.
        let clear = try Renderer.render(width: 50, height: 20, format: .png, metadata: sampleMetadata) { canvas in
            canvas.fill(.rect(Rect(x: 0, y: 0, width: 50, height: 20)), color: Color.white.withAlpha(0.5), rule: .nonZero)
        }
        #expect(clear[25] == 6)
    }

    /// A figure drawn once and written in several formats gives the files that drawing it for
    /// each format gives.
    @Test func oneDrawingInSeveralFormats() throws {
        let figure = try figure(width: 720, height: 540)
        let formats: [ImageFormat] = [.png, .svg, .pdf]
        let together = try Renderer.render(width: 720, height: 540, formats: formats, metadata: sampleMetadata) { figure.draw(on: $0) }
        #expect(together.count == 3)
        for (format, bytes) in zip(formats, together) {
            let alone = try Renderer.render(width: 720, height: 540, format: format, metadata: sampleMetadata) { figure.draw(on: $0) }
            // Cairo stamps a PDF with the second it was made; two renders may straddle one.
            #expect(Self.withoutCreationDate(bytes) == Self.withoutCreationDate(alone), "\(format)")
        }
    }

    /// The bytes with a PDF's `/CreationDate (D:…)` value blanked (other files unchanged).
    static func withoutCreationDate(_ bytes: [UInt8]) -> [UInt8] {
        let key = Array("/CreationDate (".utf8)
        guard let start = (0...(bytes.count - key.count)).first(where: { bytes[$0..<($0 + key.count)].elementsEqual(key) }),
              let end = bytes[(start + key.count)...].firstIndex(of: UInt8(ascii: ")")) else { return bytes }
        return Array(bytes[..<(start + key.count)]) + Array(bytes[end...])
    }

    /// A band replays only the segments of a long stroke that come near its rows, in runs that
    /// keep the original joins: a closed ring that loses segments opens just after a lost one.
    @Test func strokesAreCutToTheSegmentsNearABand() {
        // A square ring from y = 0 to y = 100; the rows 80…120 see its lower half only.
        var ring = Path()
        ring.addPolyline([Point(0, 0), Point(100, 0), Point(100, 100), Point(0, 100)], closed: true)
        let kept = CairoCanvas.segments(of: ring, within: 80...120)
        #expect(kept.elements == [.move(Point(100, 0)), .line(Point(100, 100)), .line(Point(0, 100)), .line(Point(0, 0))])
        // Wholly inside: the path itself; wholly outside: nothing.
        #expect(CairoCanvas.segments(of: ring, within: -10...110) == ring)
        #expect(CairoCanvas.segments(of: ring, within: 200...300).isEmpty)
        // An operation far from the rows is not replayed; a dashed stroke is replayed whole.
        let style = StrokeStyle(color: .black, width: 1)
        #expect(CairoCanvas.part(of: .stroke(ring, style), within: 300...400) == nil)
        var dashed = style
        dashed.dash = [3, 2]
        if case let .stroke(path, _)? = CairoCanvas.part(of: .stroke(ring, dashed), within: 80...120) { #expect(path == ring) } else { Issue.record("dashed stroke dropped") }
        #expect(CairoCanvas.part(of: .text("label", Point(10, 500), Font(size: 10), .black, 0), within: 0...100) == nil)
        #expect(CairoCanvas.part(of: .text("label", Point(10, 500), Font(size: 10), .black, -Double.pi / 2), within: 0...100) == nil)
        #expect(CairoCanvas.part(of: .text("a long rotated label", Point(10, 150), Font(size: 10), .black, -Double.pi / 2), within: 0...100) != nil)
    }

    /// An image taller than one compressed piece decodes (zlib checks every piece's data against
    /// the stream's Adler-32) to the pixels drawn, opaque as RGB and translucent as RGBA.
    @Test(arguments: [false, true]) func piecesDecodeToThePixelsDrawn(_ translucent: Bool) throws {
        let height = PNGEncoder.rowsPerPiece * 3 + 17
        let png = try Renderer.render(width: 90, height: height, format: .png, metadata: sampleMetadata) { canvas in
            canvas.fill(.rect(Rect(x: 0, y: 0, width: translucent ? 60 : 90, height: Double(height))), color: .white, rule: .nonZero)
            for k in 0..<height / 10 {
                canvas.fill(.rect(Rect(x: Double(k % 7) * 10, y: Double(k) * 10, width: 10, height: 10)), color: Palette.path(k % 8), rule: .nonZero)
            }
        }
        #expect(png[25] == (translucent ? 6 : 2))
        let image = try RasterImage(png: png)
        #expect(image.height == height)
        for k in 0..<height / 10 {
            let p = image.pixel(x: (k % 7) * 10 + 5, y: k * 10 + 5)
            #expect(p.hexString == Palette.path(k % 8).hexString, "square \(k)")
        }
        if translucent { #expect(image.pixel(x: 80, y: height - 1).alpha == 0) }
    }

    /// The SVG is well-formed, its ids are prefixed and unique, every reference resolves, each
    /// glyph is defined once per font and size, and the same drawing gives the same bytes.
    @Test func svgOfAFigure() throws {
        let figure = try figure()
        let metadata = Renderer.Metadata(title: "sincos <test> & \u{7}bell", description: "three optimizers", idPrefix: "9 figure")
        let a = try Renderer.render(width: 800, height: 600, format: .svg, metadata: metadata) { figure.draw(on: $0) }
        let b = try Renderer.render(width: 800, height: 600, format: .svg, metadata: metadata) { figure.draw(on: $0) }
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(XMLParser(data: Data(a)).parse(), "SVG is not well-formed XML")
        #expect(text.contains("<title>sincos &lt;test&gt; &amp; bell</title>"))
        let ids = SVGIds.collect(text)
        #expect(ids.definitions.allSatisfy { $0.hasPrefix("f9-figure-") })
        #expect(Set(ids.definitions).count == ids.definitions.count)
        #expect(!ids.references.isEmpty && ids.references.allSatisfy { ids.definitions.contains($0) })
        #expect(text.components(separatedBy: "<g").count == text.components(separatedBy: "</g>").count)
        // Rotated axis titles are placed with a matrix; nothing is written as nan or inf.
        #expect(text.contains("transform=\"matrix(0 -1 1 0 "))
        #expect(!text.contains("nan") && !text.contains("inf"))
        #expect(a.count < 300_000, "\(a.count) bytes")
    }

    /// Numbers are exact short decimals of the rounded value; huge and non-finite ones cannot
    /// break the file.
    @Test func svgNumbers() throws {
        let svg = try Renderer.render(width: 100, height: 100, format: .svg, metadata: sampleMetadata) { canvas in
            var path = Path()
            path.move(to: Point(379.535156, -0.125))
            path.line(to: Point(1e300, .nan))
            path.line(to: Point(-2e12, 0.5))
            path.line(to: Point(-.infinity, 2.9999))
            canvas.stroke(path, style: StrokeStyle(color: Color(red: 1, green: 0.5, blue: 0, alpha: 0.25), width: 0.6))
        }
        let text = String(decoding: svg, as: UTF8.self)
        // Relative steps between the rounded points: (379.5, −0.125), (10⁹, 0), (−10⁹, 0.5), (0, 3).
        #expect(text.contains("<path fill=\"none\" stroke=\"#ff8000\" stroke-opacity=\"0.25\" stroke-width=\"0.6\" stroke-miterlimit=\"10\" d=\"m379.5-.125 999999620.5.125-2000000000 .5 1000000000 2.5\"/>"), "\(text)")
    }

    /// Path data read back (moves, lines, arcs, closes; relative and implicit) lands on every
    /// point rounded to 1/8, however the numbers were shortened.
    @Test func svgPathDataReadsBackToTheRoundedPoints() throws {
        var rng = SplitMix64(seed: 7)
        var path = Path()
        var expected: [Point] = []
        for k in 0..<400 {
            let p = Point(Double(rng.next() % 16000) / 13 - 300, Double(rng.next() % 16000) / 17 - 300)
            let rounded = Point((p.x * 8).rounded() / 8, (p.y * 8).rounded() / 8)
            switch k % 9 {
            case 0: path.move(to: p); expected.append(rounded)
            case 8: path.close(); path.move(to: p); expected.append(rounded)
            default: path.line(to: p); expected.append(rounded)
            }
        }
        let svg = try Renderer.render(width: 100, height: 100, format: .svg, metadata: sampleMetadata) { canvas in
            canvas.fill(path, color: .black, rule: .nonZero)
        }
        let text = String(decoding: svg, as: UTF8.self)
        let data = try #require(text.components(separatedBy: " d=\"").last?.components(separatedBy: "\"").first)
        #expect(SVGPathReader.points(data) == expected)
    }
}

/// Reads the points of SVG path data with `m`, `M`, `l`, `L` and `z` (relative or absolute,
/// commands repeated implicitly), as a viewer does.
enum SVGPathReader {
    static func points(_ data: String) -> [Point] {
        var tokens: [(Character?, Double?)] = []
        var current = ""
        func flush() {
            if !current.isEmpty, let v = Double(current) { tokens.append((nil, v)) }
            current = ""
        }
        for c in data {
            if c.isLetter && c != "e" {
                flush()
                tokens.append((c, nil))
            } else if c == " " || c == "," {
                flush()
            } else if c == "-" && !current.isEmpty && current.last != "e" {
                flush()
                current = "-"
            } else if c == "." && current.contains(".") {
                flush()
                current = "."
            } else {
                current.append(c)
            }
        }
        flush()
        var out: [Point] = []
        var command: Character = "M", position = Point(0, 0), start = Point(0, 0)
        var pending: [Double] = []
        for (letter, number) in tokens {
            if let letter {
                command = letter
                if letter == "z" || letter == "Z" { position = start }
                continue
            }
            pending.append(number!)
            guard pending.count == 2 else { continue }
            let relative = command.isLowercase
            let p = relative ? Point(position.x + pending[0], position.y + pending[1]) : Point(pending[0], pending[1])
            if command == "m" || command == "M" {
                start = p
                command = relative ? "l" : "L"
            }
            position = p
            out.append(p)
            pending = []
        }
        return out
    }
}

extension Color {
    /// The colour as 8-bit ARGB, for exact comparisons.
    var packed: UInt32 {
        func byte(_ v: Double) -> UInt32 { UInt32((min(1, max(0, v)) * 255).rounded()) }
        return byte(alpha) << 24 | byte(red) << 16 | byte(green) << 8 | byte(blue)
    }
}
