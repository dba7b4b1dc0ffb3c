/// A map from [0, 1] to colours, linear interpolation between 256 samples.
///
/// ```swift
/// Colormap.viridis.color(at: 0)     // #440154, dark purple
/// Colormap.named("magma")           // Colormap?
/// Colormap.named("RdBu_r")          // reversed
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
    public static let plasma = Colormap(name: "plasma", summary: "perceptually uniform, dark blue to yellow through magenta", hex: ColormapData.plasma)
    public static let inferno = Colormap(name: "inferno", summary: "perceptually uniform, black to pale yellow through red", hex: ColormapData.inferno)
    public static let magma = Colormap(name: "magma", summary: "perceptually uniform, black to light yellow", hex: ColormapData.magma)
    public static let cividis = Colormap(name: "cividis", summary: "perceptually uniform, friendly to colour vision deficiency", hex: ColormapData.cividis)
    public static let turbo = Colormap(name: "turbo", summary: "a rainbow made smooth (Google's), dark blue to dark red", hex: ColormapData.turbo)
    public static let diverging = Colormap(name: "diverging", summary: "blue–white–red, for surfaces with a saddle (RdBu_r)", hex: ColormapData.diverging)
    public static let coolwarm = Colormap(name: "coolwarm", summary: "diverging, blue to red through grey (Moreland)", hex: ColormapData.coolwarm)
    public static let rdBu = Colormap(name: "RdBu", summary: "diverging, red–white–blue (ColorBrewer)", hex: ColormapData.rdBu)
    public static let rdYlBu = Colormap(name: "RdYlBu", summary: "diverging, red–yellow–blue (ColorBrewer)", hex: ColormapData.rdYlBu)
    public static let puOr = Colormap(name: "PuOr", summary: "diverging, orange–white–purple (ColorBrewer)", hex: ColormapData.puOr)
    public static let brBG = Colormap(name: "BrBG", summary: "diverging, brown–white–teal (ColorBrewer)", hex: ColormapData.brBG)
    public static let piYG = Colormap(name: "PiYG", summary: "diverging, pink–white–green (ColorBrewer)", hex: ColormapData.piYG)
    public static let spectral = Colormap(name: "Spectral", summary: "diverging, red–yellow–blue through green (ColorBrewer)", hex: ColormapData.spectral)

    /// Every colormap by name, in the order they are listed; each is also reversed by `_r`.
    public static let all: [Colormap] = [.viridis, .plasma, .inferno, .magma, .cividis, .turbo, .diverging,
                                         .coolwarm, .rdBu, .rdYlBu, .puOr, .brBG, .piYG, .spectral]

    /// The colormap with its colours in the other order, named with `_r` (or without it again).
    public var reversed: Colormap {
        Colormap(name: name.hasSuffix("_r") ? String(name.dropLast(2)) : name + "_r", summary: summary + ", reversed", samples: samples.reversed())
    }

    /// A colormap by matplotlib's name (`RdBu`, or `rdbu`), reversed with `_r`.
    public static func named(_ name: String) -> Colormap? {
        if name.hasSuffix("_r"), let base = named(String(name.dropLast(2))), !base.name.hasSuffix("_r") { return base.reversed }
        return all.first { $0.name == name } ?? all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Every name `named(_:)` takes, for messages and suggestions: each map and its reverse.
    public static var names: [String] { all.map(\.name) + all.map { $0.name + "_r" } }
}
