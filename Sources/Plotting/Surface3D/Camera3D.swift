#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// How a 3-D panel looks at its box, in matplotlib's conventions so that settings carry over:
/// `azimuth` turns the view about the vertical axis (0° looks along −x, from +x), `elevation`
/// raises it above the floor (90° looks straight down). Orthographic unless `perspective`.
public struct Camera3D: Sendable, Equatable {
    public var azimuth: Double
    public var elevation: Double
    public var perspective: Bool

    public init(azimuth: Double = -60, elevation: Double = 30, perspective: Bool = false) {
        self.azimuth = azimuth
        self.elevation = elevation
        self.perspective = perspective
    }

    /// Degrees to radians. An angle of 10¹⁵ degrees or more (where a double has no fraction of a
    /// degree left) is first reduced modulo 360, exactly, so that 1e308 is an angle and not ∞.
    static func radians(_ degrees: Double) -> Double {
        abs(degrees) < 1e15 ? degrees * .pi / 180 : degrees.truncatingRemainder(dividingBy: 360) * .pi / 180
    }

    /// The unit vector from the box's centre towards the viewer.
    public var eye: SIMD3<Double> {
        let a = Self.radians(azimuth), e = Self.radians(elevation)
        return SIMD3(cos(e) * cos(a), cos(e) * sin(a), sin(e))
    }

    /// The screen's rightward and upward directions in box coordinates.
    var right: SIMD3<Double> {
        let a = Self.radians(azimuth)
        return SIMD3(-sin(a), cos(a), 0)
    }

    var up: SIMD3<Double> {
        let a = Self.radians(azimuth), e = Self.radians(elevation)
        return SIMD3(-sin(e) * cos(a), -sin(e) * sin(a), cos(e))
    }

    /// The eye's distance from the box's centre with perspective, in box units (the box is about
    /// one unit across).
    static let eyeDistance = 3.0

    /// A point in box coordinates on the screen (x right, y up, before fitting to the plot) and its
    /// depth: larger is nearer the viewer.
    public func project(_ p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double) {
        Projection(self).project(p)
    }

    /// The camera's vectors, worked out once for many points.
    struct Projection {
        let eye: SIMD3<Double>, right: SIMD3<Double>, up: SIMD3<Double>
        let perspective: Bool

        init(_ camera: Camera3D) {
            eye = camera.eye
            right = camera.right
            up = camera.up
            perspective = camera.perspective
        }

        @inline(__always) func project(_ p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double) {
            let depth = (p * eye).sum()
            var x = (p * right).sum(), y = (p * up).sum()
            if perspective {
                let k = Camera3D.eyeDistance / Swift.max(Camera3D.eyeDistance - depth, 1e-3)
                x *= k
                y *= k
            }
            return (x, y, depth)
        }
    }

    /// The painter's key of a point on the floor: cells drawn in increasing key are drawn from the
    /// farthest to the nearest. Along any line of sight the horizontal distance towards the viewer
    /// only grows, so for a height field (one height per floor point) the first surface point a
    /// ray meets is the one with the largest key, whatever the elevation; a test checks the claim
    /// against a depth buffer. With perspective, rays fan out from the eye, and the key is minus the
    /// horizontal distance from the eye's foot.
    func paintersKey(x: Double, y: Double) -> Double {
        if perspective {
            let e = eye * Self.eyeDistance
            return -((x - e.x) * (x - e.x) + (y - e.y) * (y - e.y)).squareRoot()
        }
        let a = Self.radians(azimuth)
        return x * cos(a) + y * sin(a)
    }
}
