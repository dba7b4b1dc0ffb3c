import Dispatch

/// Newton's method on the gradient: refines an approximate critical point of `f` to full precision.
///
/// Returns nil when the Hessian is singular along the way or the iteration does not settle. In one
/// dimension only the x component is used.
public func refineCriticalPoint(of f: any DifferentiableFunction, from start: Vector2, dimension: Int = 2,
                                iterations: Int = 60) -> Vector2? {
    var p = start
    for _ in 0..<iterations {
        let g = f.gradient(at: p)
        let h = f.hessian(at: p)
        let step: Vector2
        if dimension == 1 {
            guard h.xx != 0, h.xx.isFinite else { return nil }
            step = Vector2(g.x / h.xx, 0)
        } else {
            guard let d = h.solve(g) else { return nil }
            step = d
        }
        p -= step
        guard p.isFinite else { return nil }
        if step.norm <= 1e-15 * Swift.max(1, p.norm) { break }
    }
    return f.gradient(at: p).norm < 1e-8 * Swift.max(1, abs(f.value(at: p))) ? p : nil
}

/// The kind of a critical point from its Hessian (in one dimension, from f″).
public func classify(_ h: Hessian, dimension: Int) -> CriticalPoint.Kind? {
    if dimension == 1 { return h.xx > 0 ? .localMinimum : nil }
    if h.isPositiveDefinite { return .localMinimum }
    if h.determinant < 0 { return .saddle }
    return nil
}

/// Searches a domain for minima: gradient descent from a lattice of seeds, then Newton. Returns the
/// distinct minima found, lowest first, the lowest marked global.
///
/// A seed's descent stops early once the gradient norm is below `settledGradient` where the
/// Hessian is positive definite: it is then in a minimum's bowl, where Newton finishes the job and
/// further descent would only approach the same point (near a saddle the gradient is small too,
/// but the Hessian is not definite, so descent goes on). On sincos this takes a quarter of the
/// steps of the full descent and finds the same minima (a test checks both).
///
/// Seeds run in parallel, one lattice row per task; the candidates are then merged in seed order,
/// so the result does not depend on the number of cores.
public func findMinima(of f: any DifferentiableFunction, in domain: Domain, seedsPerAxis: Int = 16,
                       learningRate: Double, descentSteps: Int = 400, settledGradient: Double = 1e-3) -> [CriticalPoint] {
    let candidates = UnsafeMutableBufferPointer<Vector2?>.allocate(capacity: seedsPerAxis * seedsPerAxis)
    candidates.initialize(repeating: nil)
    defer { candidates.deallocate() }
    nonisolated(unsafe) let slots = candidates.baseAddress!
    DispatchQueue.concurrentPerform(iterations: seedsPerAxis) { j in
        for i in 0..<seedsPerAxis {
            var p = Vector2(domain.xmin + (Double(i) + 0.5) * domain.width / Double(seedsPerAxis),
                            domain.ymin + (Double(j) + 0.5) * domain.height / Double(seedsPerAxis))
            for _ in 0..<descentSteps {
                let g = f.gradient(at: p)
                if g.norm < settledGradient, f.hessian(at: p).isPositiveDefinite { break }
                p -= learningRate * g
            }
            guard let q = refineCriticalPoint(of: f, from: p), domain.contains(q),
                  f.hessian(at: q).isPositiveDefinite else { continue }
            slots[j * seedsPerAxis + i] = q
        }
    }
    var found: [CriticalPoint] = []
    for case let q? in candidates where !found.contains(where: { ($0.point - q).norm < 1e-6 }) {
        found.append(CriticalPoint(q, value: f.value(at: q), kind: .localMinimum))
    }
    found.sort { $0.value < $1.value }
    if !found.isEmpty { found[0].kind = .globalMinimum }
    return found
}
