/// A colour in sRGB with straight (not premultiplied) alpha, each channel in [0, 1].
public struct Color: Hashable, Sendable, CustomStringConvertible {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double(hex >> 16 & 0xff) / 255, green: Double(hex >> 8 & 0xff) / 255,
                  blue: Double(hex & 0xff) / 255, alpha: alpha)
    }

    public func withAlpha(_ a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

    /// Linear mix in sRGB: `self` at t = 0, `other` at t = 1.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// Relative luminance (WCAG), for choosing readable text and line colours.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : cPow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    public var hexString: String {
        func byte(_ v: Double) -> String {
            let b = Int((min(max(v, 0), 1) * 255).rounded())
            return String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16)
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    public var description: String { alpha == 1 ? hexString : "\(hexString)@\(alpha)" }

    public static let white = Color(hex: 0xffffff)
    public static let black = Color(hex: 0x000000)
    /// Text and axis ink: near-black, softer than pure black.
    public static let ink = Color(hex: 0x222222)
}

/// Colours for optimizer paths, distinguishable with the common colour vision deficiencies.
public enum Palette {
    /// Eight path colours that stay apart for colour-blind readers: every pair differs by at least
    /// 15 in CIEDE2000 in normal vision and under simulated deuteranopia and protanopia (Machado
    /// et al. 2009, full severity), where Okabe and Ito's palette, used before, came down to 11.6
    /// (its orange and yellow) and left its vermillion and orange close. Chosen by search among
    /// Okabe–Ito's and Paul Tol's colours with chroma of at least 30, keeping the first two.
    public static let paths: [Color] = [
        Color(hex: 0xD55E00),  // vermillion
        Color(hex: 0x56B4E9),  // sky blue
        Color(hex: 0xEE3377),  // magenta
        Color(hex: 0x009988),  // teal
        Color(hex: 0x0077BB),  // blue
        Color(hex: 0xDDCC77),  // sand
        Color(hex: 0x882255),  // wine
        Color(hex: 0x000000),  // black
    ]

    /// Eight path colours for dark backgrounds: Okabe and Ito's colour-blind-safe set in its
    /// brighter order, with a near-white for the default palette's black. Each keeps a contrast
    /// of at least 3:1 against the dark style's background.
    public static let dark: [Color] = [
        Color(hex: 0xE69F00),  // orange
        Color(hex: 0x56B4E9),  // sky blue
        Color(hex: 0xCC79A7),  // reddish purple
        Color(hex: 0x009E73),  // bluish green
        Color(hex: 0xF0E442),  // yellow
        Color(hex: 0xD55E00),  // vermillion
        Color(hex: 0x0072B2),  // blue
        Color(hex: 0xF0F0F0),  // near white
    ]

    /// The colour of the k-th path, cycling through the palette.
    public static func path(_ k: Int) -> Color { paths[k % paths.count] }
}
