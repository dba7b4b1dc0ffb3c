import Testing
@testable import Landscapes

@Suite struct SurfaceTests {
    /// Every catalog surface's gradient and Hessian agree with central differences at 100 seeded
    /// points of its domain.
    @Test(arguments: SurfaceCatalog.standard.names)
    func derivativesMatchFiniteDifferences(_ name: String) throws {
        let surface = try Surface(spec: name)
        var rng = SplitMix64(seed: 7)
        let d = surface.domain
        for _ in 0..<100 {
            let p = Vector2(rng.uniform(in: d.xmin...d.xmax), rng.uniform(in: d.ymin...d.ymax))
            let scale = max(1, p.norm)
            let g = surface.gradient(at: p)
            let fd = numericGradient(surface.value, at: p, h: 1e-5 * scale)
            #expect(close(g.x, fd.x, rtol: 1e-6, atol: 1e-7 * scale), "∂f/∂x at \(p)")
            #expect(close(g.y, fd.y, rtol: 1e-6, atol: 1e-7 * scale), "∂f/∂y at \(p)")
            let h = surface.hessian(at: p)
            let gx = numericGradient({ surface.gradient(at: $0).x }, at: p, h: 1e-5 * scale)
            let gy = numericGradient({ surface.gradient(at: $0).y }, at: p, h: 1e-5 * scale)
            #expect(close(h.xx, gx.x, rtol: 1e-6, atol: 1e-6))
            #expect(close(h.xy, gx.y, rtol: 1e-6, atol: 1e-6))
            #expect(close(h.xy, gy.x, rtol: 1e-6, atol: 1e-6))
            #expect(close(h.yy, gy.y, rtol: 1e-6, atol: 1e-6))
        }
    }

    @Test(arguments: SurfaceCatalog.standard.names)
    func knownMinimaAreStationaryAndPositiveDefinite(_ name: String) throws {
        let surface = try Surface(spec: name)
        #expect(!surface.minima.isEmpty)
        for m in surface.minima {
            #expect(surface.gradient(at: m.point).norm < 1e-9)
            #expect(close(surface.value(at: m.point), m.value, rtol: 1e-9, atol: 1e-12))
            if m.kind != .saddle { #expect(surface.hessian(at: m.point).isPositiveDefinite) }
        }
    }

    @Test func bowlByHand() throws {
        let bowl = try Surface(spec: "bowl")
        #expect(bowl.value(at: [1, 2]) == 5)
        #expect(bowl.gradient(at: [1, -2]) == [2, -4])
        #expect(bowl.hessian(at: [3, 4]) == Hessian(xx: 2, xy: 0, yy: 2))
        #expect(bowl.defaultStart == [2.5, 2.5])
        #expect(bowl.spec.description == "bowl")
    }

    @Test func hessianAlgebra() {
        let h = Hessian(xx: 2, xy: 1, yy: 2)
        #expect(h.eigenvalues.min == 1 && h.eigenvalues.max == 3)
        #expect(h.isPositiveDefinite)
        #expect(h.solve([3, 3]) == [1, 1])
        #expect(!Hessian(xx: 1, xy: 0, yy: -1).isPositiveDefinite)
        #expect(Hessian(xx: 1, xy: 1, yy: 1).solve([1, 1]) == nil)
    }
}
