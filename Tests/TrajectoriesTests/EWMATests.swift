import Foundation
import Testing
@testable import Trajectories

/// The moving averages, against hand-worked values and their closed forms.
@Suite struct EWMATests {
    static let data: [Double] = [5, 6, 4, 7, 5, 10, 8, 6, 7]

    /// v₀ = x₀, then vₜ = β·vₜ₋₁ + (1 − β)·xₜ: at β = 0.5, 5, 5.5, 4.75, 5.875, …
    @Test func averageStartsAtTheFirstValue() {
        let v = EWMA.average(Self.data, beta: 0.5)
        let expected: [Double] = [5, 5.5, 4.75, 5.875, 5.4375, 7.71875, 7.859375, 6.9296875, 6.96484375]
        #expect(v == expected)  // halves are exact in binary
        #expect(EWMA.average(Self.data, beta: 0) == Self.data)
        #expect(EWMA.average([], beta: 0.9).isEmpty)
    }

    /// Started at 0: vₜ = (1 − β)·Σₖ βᵗ⁻ᵏ·xₖ, so for constant data c, vₜ = c·(1 − βᵗ⁺¹), and the
    /// bias-corrected average is c exactly (to round-off); its first value is x₀.
    @Test func zeroStartAndBiasCorrection() {
        let c = Array(repeating: 3.0, count: 20)
        let raw = EWMA.zeroStarted(c, beta: 0.9, corrected: false)
        let corrected = EWMA.zeroStarted(c, beta: 0.9, corrected: true)
        for t in c.indices {
            #expect(abs(raw[t] - 3 * (1 - pow(0.9, Double(t + 1)))) < 1e-12)
            #expect(abs(corrected[t] - 3) < 1e-12)
        }
        let v = EWMA.zeroStarted(Self.data, beta: 0.9, corrected: true)
        #expect(abs(v[0] - 5) < 1e-12)
        // Adam's first moment after two steps: m̂₂ = (0.9·0.1·5 + 0.1·6) / (1 − 0.81).
        #expect(abs(v[1] - (0.09 * 5 + 0.6) / 0.19) < 1e-12)
    }
}
