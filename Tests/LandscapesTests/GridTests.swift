import Testing
@testable import Landscapes

@Suite struct GridTests {
    @Test func includesBothEndsAndStoresRowsByY() throws {
        let bowl = try Surface(spec: "bowl")
        let grid = Grid(surface: bowl, domain: Domain(xmin: -2, xmax: 2, ymin: 0, ymax: 1), resolution: 5)
        #expect(grid.x(0) == -2 && grid.x(4) == 2 && grid.x(1) == -1)
        #expect(grid.y(0) == 0 && grid.y(4) == 1 && grid.y(2) == 0.5)
        #expect(grid[0, 0] == 4)       // f(−2, 0)
        #expect(grid[4, 4] == 5)       // f(2, 1)
        #expect(grid[2, 2] == 0.25)    // f(0, 0.5)
        #expect(grid.finiteRange! == (0, 5))
    }

    @Test func parallelEvaluationEqualsSerial() throws {
        let bowl = try Surface(spec: "bowl")
        let domain = Domain(xmin: -1.3, xmax: 2.7, ymin: -0.4, ymax: 3.1)
        let grid = Grid(function: bowl.function, domain: domain, nx: 157, ny: 93)
        for j in 0..<93 {
            for i in 0..<157 {
                #expect(grid[i, j] == bowl.value(at: [grid.x(i), grid.y(j)]))
            }
        }
    }

    @Test func keepsNonFiniteValues() {
        let grid = Grid(domain: .square(1), nx: 2, ny: 2, values: [1, .nan, .infinity, 3])
        #expect(grid.finiteRange! == (1, 3))
        #expect(grid[1, 0].isNaN)
    }

    @Test func splitMixIsSeededAndPortable() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        // Reference value of SplitMix64 for seed 0 (from the published C implementation).
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
        var u = SplitMix64(seed: 1)
        for _ in 0..<1000 { let x = u.unit(); #expect(x >= 0 && x < 1) }
    }
}

@Suite struct RoundingTests {
    @Test func significantDigitsPrintShort() {
        #expect(Rounding.significant(1.8 / 50, digits: 2).description == "0.036")
        #expect(Rounding.significant(0.009000000000000001, digits: 2).description == "0.009")
        #expect(Rounding.significant(-1.2000000000000002) == -1.2)
        #expect(Rounding.significant(123456, digits: 2) == 120000)
        #expect(Rounding.significant(0) == 0)
    }

    @Test func outwardToRoundBounds() {
        #expect(Rounding.outward(-1.949, 9.749) == (-2, 10))
        #expect(Rounding.outward(0.0123, 0.0987) == (0.012, 0.099))
        #expect(Rounding.outward(-250, 1730) == (-300, 1800))
    }
}

@Suite struct GridFillTests {
    /// Block evaluation (separable trig terms computed once per row and column) agrees with the
    /// point formula for every surface.
    @Test(arguments: SurfaceCatalog.standard.names)
    func blockFillMatchesPointValues(_ name: String) throws {
        let surface = try Surface(spec: name)
        let grid = Grid(surface: surface, domain: surface.domain, resolution: 37)
        for j in 0..<37 {
            for i in 0..<37 {
                let p = Vector2(grid.x(i), grid.y(j))
                #expect(close(grid[i, j], surface.function.gridValue(at: p), rtol: 1e-13, atol: 1e-13), "\(name) at \(p)")
                #expect(close(grid[i, j], surface.value(at: p), rtol: 1e-11, atol: 1e-11), "\(name) at \(p)")
            }
        }
    }
}
