/// A map from [0, 1] to colours, linear interpolation between 256 samples.
///
/// ```swift
/// Colormap.viridis.color(at: 0)     // #440154, dark purple
/// Colormap.named("magma")           // Colormap?
/// ```
public struct Colormap: Sendable, Hashable {
    public let name: String
    public let summary: String
    let samples: [Color]

    public init(name: String, summary: String, samples: [Color]) {
        precondition(samples.count >= 2, "a colormap needs at least two colours")
        self.name = name
        self.summary = summary
        self.samples = samples
    }

    init(name: String, summary: String, hex: String) {
        let digits = Array(hex.utf8.filter { !($0 == 32 || $0 == 10) })
        var colors: [Color] = []
        var k = 0
        while k + 6 <= digits.count {
            let value = UInt32(String(decoding: digits[k..<k + 6], as: UTF8.self), radix: 16)!
            colors.append(Color(hex: value))
            k += 6
        }
        self.init(name: name, summary: summary, samples: colors)
    }

    /// The colour at t ∈ [0, 1] (clamped; NaN gives the first colour).
    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(samples.count - 1)
        let k = min(Int(position), samples.count - 2)
        return samples[k].mixed(with: samples[k + 1], position - Double(k))
    }

    public static let viridis = Colormap(name: "viridis", summary: "perceptually uniform, dark purple to yellow (default)", hex: ColormapData.viridis)
    public static let magma = Colormap(name: "magma", summary: "perceptually uniform, black to light yellow", hex: ColormapData.magma)
    public static let cividis = Colormap(name: "cividis", summary: "perceptually uniform, friendly to colour vision deficiency", hex: ColormapData.cividis)
    public static let diverging = Colormap(name: "diverging", summary: "blue–white–red, for surfaces with a saddle", hex: ColormapData.diverging)

    public static let all: [Colormap] = [.viridis, .magma, .cividis, .diverging]

    public static func named(_ name: String) -> Colormap? { all.first { $0.name == name } }
}
