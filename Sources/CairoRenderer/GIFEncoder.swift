import Synchronization

/// GIF89a: a global palette, frames as LZW-compressed colour indices, graphic control blocks for
/// delays and transparency, and the NETSCAPE2.0 block for looping.
enum GIFEncoder {
    /// Up to 255 colours and a transparent index (255): the colours that cover many pixels (flat
    /// colormap bands, lines, text), exactly; the rest of the slots the centres of a median cut
    /// of all other colours, weighted by their pixels (shading, antialiasing); every colour not in
    /// the palette mapped to its nearest (in RGB, weighted as the eye weighs them).
    final class Palette: @unchecked Sendable {
        /// RGB of each index.
        let colors: [(UInt8, UInt8, UInt8)]
        static let transparent: UInt8 = 255
        private let exact: [UInt32: UInt8]
        private let nearestCache = Mutex<[UInt32: UInt8]>([:])

        /// `counts`: how many pixels have each opaque ARGB colour.
        init(counts: [UInt32: Int]) {
            let ranked = counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            let total = counts.values.reduce(0, +)
            // Exact: the common colours, up to 160 of them, or all when they are few.
            let exactCount = ranked.count <= 255 ? ranked.count
                : Swift.min(160, ranked.prefix { $0.value >= Swift.max(16, total / 4000) }.count)
            var colors: [(UInt8, UInt8, UInt8)] = []
            var exact: [UInt32: UInt8] = [:]
            for (k, entry) in ranked.prefix(exactCount).enumerated() {
                let argb = entry.key
                colors.append((UInt8(truncatingIfNeeded: argb >> 16), UInt8(truncatingIfNeeded: argb >> 8), UInt8(truncatingIfNeeded: argb)))
                exact[argb | 0xff00_0000] = UInt8(k)
            }
            let rest = ranked.dropFirst(exactCount).map { (rgb: [Int(($0.key >> 16) & 0xff), Int(($0.key >> 8) & 0xff), Int($0.key & 0xff)], weight: $0.value) }
            colors += Self.medianCut(Array(rest), boxes: 255 - colors.count)
            if colors.isEmpty { colors.append((255, 255, 255)) }
            self.colors = colors
            self.exact = exact
        }

        /// The weighted centres of up to `boxes` boxes, made by splitting the box with the most
        /// weighted spread across its widest channel at its weighted median, until there are
        /// `boxes` or none can be split.
        static func medianCut(_ colors: [(rgb: [Int], weight: Int)], boxes: Int) -> [(UInt8, UInt8, UInt8)] {
            guard boxes > 0, !colors.isEmpty else { return [] }
            var cut = [colors]
            func spread(_ box: [(rgb: [Int], weight: Int)]) -> (channel: Int, score: Double) {
                var best = (channel: 0, score: -1.0)
                for c in 0..<3 {
                    let values = box.map { $0.rgb[c] }
                    let range = (values.max() ?? 0) - (values.min() ?? 0)
                    let weight = box.reduce(0) { $0 + $1.weight }
                    let score = Double(range) * Double(weight).squareRoot()
                    if score > best.score { best = (c, score) }
                }
                return box.count > 1 ? best : (0, -1)
            }
            var scores = [spread(colors)]
            while cut.count < boxes {
                guard let k = scores.indices.max(by: { scores[$0].score < scores[$1].score || (scores[$0].score == scores[$1].score && $0 > $1) }),
                      scores[k].score > 0 else { break }
                let channel = scores[k].channel
                let sorted = cut[k].sorted { $0.rgb[channel] < $1.rgb[channel] || ($0.rgb[channel] == $1.rgb[channel] && $0.rgb.lexicographicallyPrecedes($1.rgb)) }
                let half = sorted.reduce(0) { $0 + $1.weight } / 2
                var running = 0, at = 1
                for (i, c) in sorted.enumerated() {
                    running += c.weight
                    if running >= half { at = Swift.max(1, Swift.min(sorted.count - 1, i + 1)); break }
                }
                let low = Array(sorted[..<at]), high = Array(sorted[at...])
                cut[k] = low
                scores[k] = spread(low)
                cut.append(high)
                scores.append(spread(high))
            }
            return cut.map { box in
                let weight = Swift.max(1, box.reduce(0) { $0 + $1.weight })
                func mean(_ c: Int) -> UInt8 { UInt8(Swift.min(255, (box.reduce(0) { $0 + $1.rgb[c] * $1.weight } + weight / 2) / weight)) }
                return (mean(0), mean(1), mean(2))
            }
        }

        /// The index of an opaque ARGB colour.
        func index(_ argb: UInt32) -> UInt8 {
            let key = argb | 0xff00_0000
            if let k = exact[key] { return k }
            if let k = nearestCache.withLock({ $0[key] }) { return k }
            let r = Int(argb >> 16 & 0xff), g = Int(argb >> 8 & 0xff), b = Int(argb & 0xff)
            var best = 0, bestDistance = Int.max
            for (k, c) in colors.enumerated() {
                let dr = r - Int(c.0), dg = g - Int(c.1), db = b - Int(c.2)
                let d = 3 * dr * dr + 4 * dg * dg + 2 * db * db
                if d < bestDistance { bestDistance = d; best = k }
            }
            nearestCache.withLock { $0[key] = UInt8(best) }
            return UInt8(best)
        }
    }

    /// A frame's pixels (premultiplied ARGB; alpha 0 for unchanged ones) as an image block's LZW
    /// data, code size 8.
    static func frame(_ pixels: [UInt32], width: Int, palette: Palette) -> [UInt8] {
        lzw(pixels.map { $0 >> 24 == 0 ? Palette.transparent : palette.index($0) })
    }

    /// GIF's LZW: codes from 9 bits growing to 12, a clear code first and whenever the table is
    /// full, packed least significant bit first into sub-blocks of up to 255 bytes. The table is
    /// a hash of (prefix code, byte) → code with open addressing, cleared with the codes.
    static func lzw(_ indices: [UInt8]) -> [UInt8] {
        let clear = 256, end = 257
        var codeSize = 9, next = 258
        let slots = 1 << 13, mask = slots - 1
        var keys = [Int32](repeating: -1, count: slots)
        var codes = [UInt16](repeating: 0, count: slots)
        var bits = 0, bitCount = 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(indices.count / 4 + 16)
        @inline(__always) func emit(_ code: Int) {
            bits |= code << bitCount
            bitCount += codeSize
            while bitCount >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
                bitCount -= 8
            }
        }
        emit(clear)
        guard var prefix = indices.first.map(Int.init) else {
            emit(end)
            return blocks(bytes, bits: bits, bitCount: bitCount)
        }
        keys.withUnsafeMutableBufferPointer { keys in
            codes.withUnsafeMutableBufferPointer { codes in
                for byte in indices.dropFirst() {
                    let value = Int(byte)
                    let key = Int32(prefix << 8 | value)
                    var slot = Int((UInt32(bitPattern: key) &* 2_654_435_761) >> 19) & mask
                    var found = false
                    while keys[slot] >= 0 {
                        if keys[slot] == key {
                            found = true
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                    if found {
                        prefix = Int(codes[slot])
                        continue
                    }
                    emit(prefix)
                    if next < 4096 {
                        keys[slot] = key
                        codes[slot] = UInt16(next)
                        next += 1
                        // The decoder adds each code one code later than the encoder, so the
                        // width grows once the code after the widest of this size is taken.
                        if next > (1 << codeSize) && codeSize < 12 { codeSize += 1 }
                    } else {
                        emit(clear)
                        for k in 0..<slots { keys[k] = -1 }
                        codeSize = 9
                        next = 258
                    }
                    prefix = value
                }
            }
        }
        emit(prefix)
        emit(end)
        return blocks(bytes, bits: bits, bitCount: bitCount)
    }

    /// The code stream's bytes (and its last bits) as an image's data: the minimum code size,
    /// sub-blocks, and the block terminator.
    private static func blocks(_ bytes: [UInt8], bits: Int, bitCount: Int) -> [UInt8] {
        var bytes = bytes
        if bitCount > 0 { bytes.append(UInt8(truncatingIfNeeded: bits)) }
        var out: [UInt8] = [8]
        out.reserveCapacity(bytes.count + bytes.count / 255 + 3)
        var i = 0
        while i < bytes.count {
            let n = Swift.min(255, bytes.count - i)
            out.append(UInt8(n))
            out += bytes[i..<(i + n)]
            i += n
        }
        out.append(0)
        return out
    }

    /// The file: header, logical screen with the global palette, the loop block, and each frame's
    /// graphic control block (delay, transparent index, drawn over the frame before) and image.
    static func file(width: Int, height: Int, palette: Palette, frames: [((x: Int, y: Int, width: Int, height: Int), [UInt8])],
                     delays: [Double], loop: Int) -> [UInt8] {
        var out = Array("GIF89a".utf8)
        func u16(_ v: Int) { out += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
        u16(width)
        u16(height)
        out += [0xF7, 0, 0]  // a global table of 256 colours, 8 bits each
        for k in 0..<256 {
            let c = k < palette.colors.count ? palette.colors[k] : (0, 0, 0)
            out += [c.0, c.1, c.2]
        }
        if loop != 1 {
            // NETSCAPE2.0: repeats after the first play; 0 repeats forever.
            out += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01]
            u16(loop <= 0 ? 0 : Swift.min(65535, loop - 1))
            out.append(0)
        }
        // Delays in hundredths, rounded as they add up, so the frame rate holds on average.
        var elapsed = 0.0, shown = 0
        for (k, (rect, data)) in frames.enumerated() {
            elapsed += k < delays.count ? delays[k] : 0.1
            let total = Int((elapsed * 100).rounded())
            let delay = Swift.max(1, Swift.min(65535, total - shown))
            shown += delay
            out += [0x21, 0xF9, 0x04, k == 0 ? 0x04 : 0x05]  // do not dispose; transparent index after the first frame
            u16(delay)
            out += [Palette.transparent, 0]
            out.append(0x2C)
            u16(rect.x)
            u16(rect.y)
            u16(rect.width)
            u16(rect.height)
            out.append(0)
            out += data
        }
        out.append(0x3B)
        return out
    }
}
