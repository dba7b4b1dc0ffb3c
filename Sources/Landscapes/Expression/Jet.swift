/// A second-order jet in two variables: a value with its exact gradient and Hessian, carried
/// through arithmetic by the chain rule (forward-mode automatic differentiation, second order).
///
/// For g = f(u) with u a jet:
///
///     g = f(u),  ∂g = f′(u)·∂u,  ∂²g/∂a∂b = f″(u)·∂u/∂a·∂u/∂b + f′(u)·∂²u/∂a∂b
///
/// and for products the Leibniz rule ∂²(uv) = u·∂²v + ∂u⊗∂v + ∂v⊗∂u + v·∂²u. No step size is
/// involved anywhere, so derivatives are exact to rounding.
public struct Jet: Sendable, Hashable {
    public var v: Double
    public var dx: Double, dy: Double
    public var dxx: Double, dxy: Double, dyy: Double

    @inlinable public init(_ v: Double, dx: Double = 0, dy: Double = 0, dxx: Double = 0, dxy: Double = 0, dyy: Double = 0) {
        self.v = v
        self.dx = dx
        self.dy = dy
        self.dxx = dxx
        self.dxy = dxy
        self.dyy = dyy
    }

    /// The variable x (k = 0) or y (k = 1) at value v.
    @inlinable public static func variable(_ k: Int, _ v: Double) -> Jet {
        k == 0 ? Jet(v, dx: 1) : Jet(v, dy: 1)
    }

    /// f(self) given f(u), f′(u), f″(u).
    @inlinable public func chain(_ f: Double, _ f1: Double, _ f2: Double) -> Jet {
        // Outside a function's domain the value is NaN, and so is every derivative.
        if f.isNaN { return Jet(.nan, dx: .nan, dy: .nan, dxx: .nan, dxy: .nan, dyy: .nan) }
        return Jet(f, dx: f1 * dx, dy: f1 * dy,
            dxx: f2 * dx * dx + f1 * dxx, dxy: f2 * dx * dy + f1 * dxy, dyy: f2 * dy * dy + f1 * dyy)
    }

    @inlinable public static func + (a: Jet, b: Jet) -> Jet {
        Jet(a.v + b.v, dx: a.dx + b.dx, dy: a.dy + b.dy, dxx: a.dxx + b.dxx, dxy: a.dxy + b.dxy, dyy: a.dyy + b.dyy)
    }

    @inlinable public static func - (a: Jet, b: Jet) -> Jet {
        Jet(a.v - b.v, dx: a.dx - b.dx, dy: a.dy - b.dy, dxx: a.dxx - b.dxx, dxy: a.dxy - b.dxy, dyy: a.dyy - b.dyy)
    }

    @inlinable public static prefix func - (a: Jet) -> Jet {
        Jet(-a.v, dx: -a.dx, dy: -a.dy, dxx: -a.dxx, dxy: -a.dxy, dyy: -a.dyy)
    }

    @inlinable public static func * (a: Jet, b: Jet) -> Jet {
        Jet(a.v * b.v, dx: a.v * b.dx + b.v * a.dx, dy: a.v * b.dy + b.v * a.dy,
            dxx: a.v * b.dxx + 2 * a.dx * b.dx + b.v * a.dxx,
            dxy: a.v * b.dxy + a.dx * b.dy + a.dy * b.dx + b.v * a.dxy,
            dyy: a.v * b.dyy + 2 * a.dy * b.dy + b.v * a.dyy)
    }

    @inlinable public static func / (a: Jet, b: Jet) -> Jet {
        let r = 1 / b.v
        var q = a * b.chain(r, -r * r, 2 * r * r * r)
        q.v = a.v / b.v  // the value exactly as plain division gives it
        return q
    }

    public var gradient: Vector2 { Vector2(dx, dy) }
    public var hessian: Hessian { Hessian(xx: dxx, xy: dxy, yy: dyy) }
}
