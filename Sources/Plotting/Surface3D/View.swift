#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contours
import Landscapes
import Trajectories

/// The box in device space: its projection, heights as shown, and the plot rectangle.
extension Surface3DPanel {
    /// The projection from data coordinates to the device, fitted to an area.
    struct View {
        let camera: Camera3D
        let domain: Domain
        let zRange: ClosedRange<Double>
        let scale: Double
        let offset: Point
        /// The box's projected extent on the device.
        let bounds: Rect

        /// The box's bottom: a little below the lowest height shown, so that the floor's contour
        /// lines show under the surface.
        let floor: Double
        /// With a log scale, the height that is zero on it: heights are log₁₀(z − logOffset).
        let logOffset: Double?

        let projection: Camera3D.Projection

        init(camera: Camera3D, domain: Domain, zRange: ClosedRange<Double>, logOffset: Double? = nil, area: Rect) {
            self.camera = camera
            projection = Camera3D.Projection(camera)
            self.domain = domain
            self.zRange = zRange
            self.logOffset = logOffset
            if let logOffset {
                let lo = cLog10(zRange.lowerBound - logOffset), hi = cLog10(zRange.upperBound - logOffset)
                floor = logOffset + cPow(10, lo - 0.15 * (hi - lo))
            } else {
                floor = spanPoint(from: zRange.lowerBound, to: zRange.upperBound, at: -0.15)
            }
            var lo = Point(Double.infinity, Double.infinity), hi = Point(-Double.infinity, -Double.infinity)
            for corner in Self.corners {
                let p = camera.project(corner * Surface3DPanel.boxAspect)
                lo = Point(Swift.min(lo.x, p.x), Swift.min(lo.y, p.y))
                hi = Point(Swift.max(hi.x, p.x), Swift.max(hi.y, p.y))
            }
            let s = Swift.min(area.width / Swift.max(hi.x - lo.x, 1e-9), area.height / Swift.max(hi.y - lo.y, 1e-9))
            scale = s
            offset = Point(area.center.x - s * (lo.x + hi.x) / 2, area.center.y + s * (lo.y + hi.y) / 2)
            bounds = Rect(x: offset.x + s * lo.x, y: offset.y - s * hi.y, width: s * (hi.x - lo.x), height: s * (hi.y - lo.y))
        }

        /// The box's eight corners in box coordinates (each side from −½ to ½ before the aspect).
        static let corners: [SIMD3<Double>] = [-0.5, 0.5].flatMap { x in [-0.5, 0.5].flatMap { y in [-0.5, 0.5].map { z in SIMD3(x, y, z) } } }

        /// Data to box coordinates (the box's aspect applied).
        func box(_ x: Double, _ y: Double, _ z: Double) -> SIMD3<Double> {
            SIMD3(spanFraction(x, from: domain.xmin, to: domain.xmax) - 0.5, spanFraction(y, from: domain.ymin, to: domain.ymax) - 0.5,
                  spanFraction(scaled(z), from: scaled(floor), to: scaled(zRange.upperBound)) - 0.5) * Surface3DPanel.boxAspect
        }

        /// A height on the z axis's scale.
        func scaled(_ z: Double) -> Double {
            guard let logOffset else { return z }
            return cLog10(Swift.max(z - logOffset, 1e-300))
        }

        /// A height as shown: on a log scale, one below the range lies flat on its bottom.
        func shown(_ z: Double) -> Double {
            logOffset != nil && z < zRange.lowerBound ? zRange.lowerBound : z
        }

        /// Box coordinates to the device.
        func device(_ b: SIMD3<Double>) -> Point {
            let p = projection.project(b)
            return Point(offset.x + scale * p.x, offset.y - scale * p.y)
        }

        func callAsFunction(_ x: Double, _ y: Double, _ z: Double) -> Point { device(box(x, y, z)) }

        /// The painter's key of a data point on the floor.
        func key(_ x: Double, _ y: Double) -> Double {
            let b = box(x, y, floor)
            return camera.paintersKey(x: b.x, y: b.y)
        }
    }
}
