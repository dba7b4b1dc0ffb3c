/// An axis-aligned rectangle of the plane, `[xmin, xmax] × [ymin, ymax]`.
///
/// One-dimensional surfaces use `xmin…xmax` for θ and `ymin…ymax` for the value axis.
public struct Domain: Hashable, Sendable, CustomStringConvertible {
    public var xmin: Double
    public var xmax: Double
    public var ymin: Double
    public var ymax: Double

    public init(xmin: Double, xmax: Double, ymin: Double, ymax: Double) {
        self.xmin = xmin
        self.xmax = xmax
        self.ymin = ymin
        self.ymax = ymax
    }

    /// The square `[-r, r]²`.
    public static func square(_ r: Double) -> Domain {
        Domain(xmin: -r, xmax: r, ymin: -r, ymax: r)
    }

    public var width: Double { xmax - xmin }
    public var height: Double { ymax - ymin }

    /// Whether the rectangle has finite corners and a finite, positive width and height that a
    /// grid can resolve: each at least 10⁻⁹ of the largest coordinate on its axis (so that grid
    /// points and ticks are distinct numbers) and at least 10⁻²⁰⁰.
    public var isValid: Bool {
        func resolvable(_ lo: Double, _ hi: Double) -> Bool {
            let width = hi - lo
            return lo.isFinite && hi.isFinite && width.isFinite && width >= 1e-200 && width >= 1e-9 * Swift.max(abs(lo), abs(hi))
        }
        return resolvable(xmin, xmax) && resolvable(ymin, ymax)
    }

    /// Whether `p` lies in the closed rectangle.
    public func contains(_ p: Vector2) -> Bool {
        p.x >= xmin && p.x <= xmax && p.y >= ymin && p.y <= ymax
    }

    public var description: String { "[\(xmin), \(xmax)] × [\(ymin), \(ymax)]" }
}
