import Landscapes
import Testing
@testable import Contours

/// A grid over [0, nx−1] × [0, ny−1] so that grid coordinates are indices; rows listed bottom first.
func grid(_ rows: [[Double]]) -> Grid {
    Grid(domain: Domain(xmin: 0, xmax: Double(rows[0].count - 1), ymin: 0, ymax: Double(rows.count - 1)),
         nx: rows[0].count, ny: rows.count, values: rows.flatMap { $0 })
}

/// The same ring whatever point it starts at.
func sameRing(_ a: [Vector2], _ b: [Vector2]) -> Bool {
    guard a.count == b.count, let k = a.firstIndex(of: b[0]) else { return false }
    return (0..<a.count).allSatisfy { a[(k + $0) % a.count] == b[$0] }
}

@Suite struct LineTests {
    @Test func singleCrossingIsAnOpenLineWithTheHighSideOnItsLeft() {
        // Left column 0, right column 1: the 0.25 line is x = 0.25, run downwards (high side, x > 0.25, on the left).
        let lines = ContourGenerator(grid: grid([[0, 1], [0, 1]])).lines(at: 0.25)
        #expect(lines == [Polyline(points: [[0.25, 1], [0.25, 0]], isClosed: false)])
    }

    @Test func ringAroundAPeakIsClosedAndCounterClockwise() {
        let peak = grid([[0, 0, 0], [0, 1, 0], [0, 0, 0]])
        let lines = ContourGenerator(grid: peak).lines(at: 0.5)
        #expect(lines.count == 1)
        #expect(lines[0].isClosed)
        #expect(sameRing(lines[0].points, [[1.5, 1], [1, 1.5], [0.5, 1], [1, 0.5]]))
        #expect(lines[0].signedArea == 0.5)
    }

    @Test func ringAroundAPitIsClockwise() {
        let pit = grid([[1, 1, 1], [1, 0, 1], [1, 1, 1]])
        let lines = ContourGenerator(grid: pit).lines(at: 0.5)
        #expect(lines.count == 1 && lines[0].isClosed && lines[0].signedArea == -0.5)
    }

    /// Corners (0,0) and (1,1) high, the others low; the centre value (0.5) decides.
    @Test func saddleWithTheCentreAboveJoinsTheHighCorners() {
        let saddle = grid([[1, 0], [0, 1]])
        let lines = ContourGenerator(grid: saddle).lines(at: 0.4)  // centre 0.5 ≥ 0.4
        // Two segments cutting off the low corners (1,0) and (0,1).
        let set = Set(lines.map { Set($0.points) })
        #expect(set == [Set<Vector2>([[0.6, 0], [1, 0.4]]), Set<Vector2>([[0.4, 1], [0, 0.6]])])
        #expect(lines.allSatisfy { !$0.isClosed && $0.points.count == 2 })
    }

    @Test func saddleWithTheCentreBelowSeparatesTheHighCorners() {
        let saddle = grid([[1, 0], [0, 1]])
        let lines = ContourGenerator(grid: saddle).lines(at: 0.6)  // centre 0.5 < 0.6
        // Two segments cutting off the high corners (0,0) and (1,1).
        let set = Set(lines.map { Set($0.points) })
        #expect(set == [Set<Vector2>([[0.4, 0], [0, 0.4]]), Set<Vector2>([[1, 0.6], [0.6, 1]])])
    }

    @Test func maskedCellsHaveNoLines() {
        // A NaN corner masks the two cells that touch it; the ring around the peak becomes open.
        let g = grid([[0, 0, 0], [0, 1, 0], [0, 0, .nan]])
        let lines = ContourGenerator(grid: g).lines(at: 0.5)
        #expect(lines.count == 1 && !lines[0].isClosed)
        #expect(lines[0].points == [[1, 1.5], [0.5, 1], [1, 0.5], [1.5, 1]])
        let all = ContourGenerator(grid: grid([[.nan, 1], [0, 1]])).lines(at: 0.5)
        #expect(all.isEmpty)
    }

    @Test func constantFieldHasNoLinesAndDoesNotCrash() {
        let flat = ContourGenerator(grid: grid([[2, 2, 2], [2, 2, 2]]))
        #expect(flat.lines(at: 2).isEmpty && flat.lines(at: 1).isEmpty && flat.lines(at: 3).isEmpty)
        #expect(flat.lines(at: .nan).isEmpty)
    }

    @Test func logInterpolationCrossesAtTheGeometricPosition() {
        // Between 1 and 100 the level 10 lies halfway in log space.
        let lines = ContourGenerator(grid: grid([[1, 100], [1, 100]]), interpolation: .log).lines(at: 10)
        #expect(lines.count == 1 && lines[0].points.allSatisfy { abs($0.x - 0.5) < 1e-15 })
        let masked = ContourGenerator(grid: grid([[0, 100], [1, 100]]), interpolation: .log)
        #expect(masked.lines(at: 10).isEmpty)
    }

    @Test func linesJoinAcrossManyCells() throws {
        // A circle of radius 1.5 on the bowl: one closed ring whose points all lie near the circle.
        let bowl = try Surface(spec: "bowl")
        let g = Grid(surface: bowl, domain: .square(2), resolution: 81)
        let lines = ContourGenerator(grid: g).lines(at: 2.25)
        #expect(lines.count == 1 && lines[0].isClosed)
        #expect(lines[0].points.allSatisfy { abs($0.norm - 1.5) < 2e-3 })
        // The inside is below the level (a pit), so the ring runs clockwise.
        #expect(abs(lines[0].signedArea + Double.pi * 2.25) < 0.01)
    }
}

@Suite struct FilledTests {
    @Test func superlevelSetOfAPeakIsTheRing() {
        let peak = ContourGenerator(grid: grid([[0, 0, 0], [0, 1, 0], [0, 0, 0]]))
        let rings = peak.filled(lower: 0.5, upper: .infinity)
        #expect(rings.count == 1)
        #expect(sameRing(rings[0].points, [[1.5, 1], [1, 1.5], [0.5, 1], [1, 0.5]]))
    }

    @Test func bandBelowAPeakIsASquareWithAHole() {
        let peak = ContourGenerator(grid: grid([[0, 0, 0], [0, 1, 0], [0, 0, 0]]))
        let rings = peak.filled(lower: -.infinity, upper: 0.5)
        #expect(rings.count == 2)
        let areas = rings.map(\.signedArea).sorted()
        #expect(areas == [-0.5, 4])   // the hole runs clockwise
        let outer = rings.first { $0.signedArea > 0 }!
        #expect(sameRing(outer.points, [[0, 0], [2, 0], [2, 2], [0, 2]]))  // border runs merged
    }

    @Test func bandsTileTheDomain() throws {
        let bowl = try Surface(spec: "bowl")
        let g = Grid(surface: bowl, domain: Domain(xmin: -2, xmax: 3, ymin: -1, ymax: 2), resolution: 60)
        let generator = ContourGenerator(grid: g)
        let levels = [-1.0, 1, 2.5, 4, 7, 20]
        var total = 0.0
        for k in 0..<(levels.count - 1) {
            total += generator.filled(lower: levels[k], upper: levels[k + 1]).map(\.signedArea).reduce(0, +)
        }
        #expect(abs(total - 15) < 1e-9)
        // The band between two levels equals the difference of the two superlevel sets.
        let band = generator.filled(lower: 2.5, upper: 4).map(\.signedArea).reduce(0, +)
        let a = generator.filled(lower: 2.5, upper: .infinity).map(\.signedArea).reduce(0, +)
        let b = generator.filled(lower: 4, upper: .infinity).map(\.signedArea).reduce(0, +)
        #expect(abs(band - (a - b)) < 1e-9)
    }

    @Test func maskedCellsAreLeftOut() {
        let g = grid([[1, 1, 1], [1, 1, 1], [1, 1, .nan]])
        let rings = ContourGenerator(grid: g).filled(lower: 0, upper: 2)
        #expect(rings.count == 1)
        #expect(rings[0].signedArea == 3)  // four cells less the masked one
    }

    @Test func emptyAndDegenerateBands() {
        let flat = ContourGenerator(grid: grid([[2, 2], [2, 2]]))
        #expect(flat.filled(lower: 3, upper: 4).isEmpty)
        #expect(flat.filled(lower: 1, upper: 1).isEmpty)
        #expect(flat.filled(lower: .nan, upper: 1).isEmpty)
        #expect(flat.filled(lower: 1, upper: 3).map(\.signedArea) == [1])
    }
}

@Suite struct LevelTests {
    @Test func niceLevelsAreRoundAndCoverTheData() {
        #expect(LevelPicker.nice(20).levels(min: 0, max: 18) == Array(stride(from: 0.0, through: 18, by: 1)))
        #expect(LevelPicker.nice(5).levels(min: 0.13, max: 0.92) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(LevelPicker.nice(4).levels(min: -3, max: 7) == [-5, 0, 5, 10])
    }

    @Test func linearLogQuantileExplicit() {
        #expect(LevelPicker.linear(3).levels(min: 1, max: 2) == [1, 1.5, 2])
        let log = LevelPicker.log(3).levels(min: 1, max: 100)
        #expect(abs(log[1] - 10) < 1e-12 && log[2] == 100 && log[0] == 1)
        let g = grid([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
        #expect(LevelPicker.quantile(3).levels(for: g) == [0, 4, 8])
        #expect(LevelPicker.explicit([3, 1, 3, .nan]).levels(for: g) == [1, 3])
    }

    @Test func niceTicksWithinARange() {
        #expect(NiceNumbers.ticks(from: 0.3, to: 18, maxIntervals: 8, covering: true) == [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20])
        #expect(NiceNumbers.ticks(from: -3, to: 3, maxIntervals: 6) == [-3, -2, -1, 0, 1, 2, 3])
        #expect(NiceNumbers.ticks(from: 0, to: 1, maxIntervals: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceNumbers.ticks(from: 0.1, to: 0.35, maxIntervals: 5) == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
        #expect(NiceNumbers.logTicks(from: 1e-3, to: 10, maxCount: 8) == [1e-3, 1e-2, 1e-1, 1, 10])
    }
}

@Suite struct MultiLevelTests {
    /// One pass over the cells gives each level exactly the segments, in the same order, as a pass
    /// per level; lines and filled regions built from them are the same.
    @Test func onePassEqualsOnePassPerLevel() throws {
        var rng = SplitMix64(seed: 5)
        var values = (0..<(37 * 29)).map { _ in rng.uniform(in: -1...1) }
        values[100] = .nan
        let g = Grid(domain: Domain(xmin: 0, xmax: 1, ymin: 0, ymax: 1), nx: 37, ny: 29, values: values)
        let generator = ContourGenerator(grid: g)
        let levels = [0.5, -0.25, 0, 0.9, -2, 2]
        let buckets = generator.segments(forLevels: levels)
        for (k, level) in levels.enumerated() {
            var expected: [ContourGenerator.Segment] = []
            generator.forEachSegment(at: level) { expected.append(.init(Int32($0), Int32($1))) }
            #expect(buckets[k] == expected, "level \(level)")
            #expect(generator.lines(at: level, segments: buckets[k]) == generator.lines(at: level))
            #expect(generator.filled(lower: level, upper: .infinity, lowerSegments: buckets[k], upperSegments: [])
                    == generator.filled(lower: level, upper: .infinity))
        }
    }
}

@Suite struct CrossingCountTests {
    /// The count is, cell by cell, the levels strictly above the lowest corner and at most the
    /// highest (cells with a non-finite corner count nothing), for few levels (counted without
    /// branches) and many (bisection); with a row stride, every k-th row of cells times k.
    @Test(arguments: [3, 30, 40])
    func countEqualsCellByCell(_ levelCount: Int) {
        var rng = SplitMix64(seed: 26)
        var values = (0..<(53 * 41)).map { _ in rng.uniform(in: -1...1) }
        values[7] = .nan
        values[300] = .infinity
        values[301] = -.infinity
        let g = Grid(domain: Domain(xmin: 0, xmax: 1, ymin: 0, ymax: 1), nx: 53, ny: 41, values: values)
        let levels = (0..<levelCount).map { -1 + 2 * Double($0) / Double(levelCount - 1) } + [.nan]
        func cellByCell(_ stride: Int) -> Int {
            var total = 0
            for j in Swift.stride(from: 0, to: 40, by: stride) {
                for i in 0..<52 {
                    let corners = [values[j * 53 + i], values[j * 53 + i + 1], values[(j + 1) * 53 + i], values[(j + 1) * 53 + i + 1]]
                    guard corners.allSatisfy(\.isFinite), let lo = corners.min(), let hi = corners.max() else { continue }
                    total += levels.filter { $0 > lo && $0 <= hi }.count
                }
            }
            return total * stride
        }
        for stride in [1, 3, 4] {
            #expect(ContourGenerator.crossingCount(g, levels: levels, rowStride: stride) == cellByCell(stride), "stride \(stride)")
        }
        #expect(cellByCell(1) > 1000)
    }
}
