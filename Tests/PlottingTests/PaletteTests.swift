#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Plotting

/// The path colours stay apart for every reader.
@Suite struct PaletteTests {
    /// Every pair of the first eight path colours differs by at least 15 in CIEDE2000, in normal
    /// vision and under simulated deuteranopia and protanopia (Machado et al. 2009, severity 1).
    @Test func pathColoursStayApartForColourBlindReaders() {
        let modes: [(String, [[Double]]?)] = [
            ("normal", nil),
            ("deuteranopia", [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
            ("protanopia", [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
        ]
        for (mode, matrix) in modes {
            let labs = (0..<8).map { ColourScience.lab(ColourScience.simulate(Palette.path($0), matrix)) }
            for i in 0..<8 {
                for j in (i + 1)..<8 {
                    let d = ColourScience.ciede2000(labs[i], labs[j])
                    #expect(d >= 15, "\(mode): colours \(i) and \(j) differ by ΔE₀₀ \(d)")
                }
            }
        }
        // The formula itself, on pairs from Sharma, Wu and Dalal's test data (2005).
        #expect(abs(ColourScience.ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) - 2.0425) < 1e-4)
        #expect(abs(ColourScience.ciede2000((50, -1.3802, -84.2814), (50, 0, -82.7485)) - 1.0000) < 1e-4)
        #expect(abs(ColourScience.ciede2000((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387)) - 1.2644) < 1e-4)
        #expect(abs(ColourScience.ciede2000((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619)) - 2.0373) < 1e-4)
    }
}

/// sRGB to CIELAB (D65), colour-blindness simulation and CIEDE2000, for the palette test.
enum ColourScience {
    static func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
    static func encoded(_ c: Double) -> Double {
        let v = Swift.min(1, Swift.max(0, c))
        return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055
    }

    static func simulate(_ color: Color, _ matrix: [[Double]]?) -> Color {
        guard let m = matrix else { return color }
        let l = [linear(color.red), linear(color.green), linear(color.blue)]
        let out = (0..<3).map { i in encoded(m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]) }
        return Color(red: out[0], green: out[1], blue: out[2])
    }

    static func lab(_ color: Color) -> (Double, Double, Double) {
        let r = linear(color.red), g = linear(color.green), b = linear(color.blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIEDE2000 (Sharma, Wu and Dalal 2005), kL = kC = kH = 1.
    static func ciede2000(_ p: (Double, Double, Double), _ q: (Double, Double, Double)) -> Double {
        let (l1, a1, b1) = p, (l2, a2, b2) = q
        let deg = Double.pi / 180
        let cBar = (hypot(a1, b1) + hypot(a2, b2)) / 2
        let g = 0.5 * (1 - (pow(cBar, 7) / (pow(cBar, 7) + pow(25, 7))).squareRoot())
        let a1p = (1 + g) * a1, a2p = (1 + g) * a2
        let c1p = hypot(a1p, b1), c2p = hypot(a2p, b2)
        func hue(_ b: Double, _ a: Double) -> Double {
            if a == 0 && b == 0 { return 0 }
            let h = atan2(b, a) / deg
            return h < 0 ? h + 360 : h
        }
        let h1p = hue(b1, a1p), h2p = hue(b2, a2p)
        let dLp = l2 - l1, dCp = c2p - c1p
        var dhp = 0.0
        if c1p * c2p != 0 {
            dhp = h2p - h1p
            if dhp > 180 { dhp -= 360 } else if dhp < -180 { dhp += 360 }
        }
        let dHp = 2 * (c1p * c2p).squareRoot() * sin(dhp / 2 * deg)
        let lBarP = (l1 + l2) / 2, cBarP = (c1p + c2p) / 2
        var hBarP = h1p + h2p
        if c1p * c2p != 0 {
            if abs(h1p - h2p) <= 180 { hBarP = (h1p + h2p) / 2 } else if h1p + h2p < 360 { hBarP = (h1p + h2p + 360) / 2 } else { hBarP = (h1p + h2p - 360) / 2 }
        }
        let t = 1 - 0.17 * cos((hBarP - 30) * deg) + 0.24 * cos(2 * hBarP * deg) + 0.32 * cos((3 * hBarP + 6) * deg) - 0.20 * cos((4 * hBarP - 63) * deg)
        let dTheta = 30 * exp(-pow((hBarP - 275) / 25, 2))
        let rC = 2 * (pow(cBarP, 7) / (pow(cBarP, 7) + pow(25, 7))).squareRoot()
        let sL = 1 + 0.015 * pow(lBarP - 50, 2) / (20 + pow(lBarP - 50, 2)).squareRoot()
        let sC = 1 + 0.045 * cBarP, sH = 1 + 0.015 * cBarP * t
        let rT = -sin(2 * dTheta * deg) * rC
        return (pow(dLp / sL, 2) + pow(dCp / sC, 2) + pow(dHp / sH, 2) + rT * (dCp / sC) * (dHp / sH)).squareRoot()
    }
}
