import Foundation
import Landscapes
import Testing
@testable import Trajectories

/// Every optimizer against update steps worked by hand from its equations.
@Suite struct UpdateRuleTests {
    func steps(_ optimizer: some Optimizer<Vector2>, from start: Vector2, gradients: [Vector2], lr: [Double],
               hessian: Hessian? = nil) -> [Vector2] {
        var o = optimizer
        var theta = start
        var out: [Vector2] = []
        for (k, g) in gradients.enumerated() {
            o.step(&theta, gradient: g, context: StepContext(t: k + 1, learningRate: lr[min(k, lr.count - 1)], hessian: hessian))
            out.append(theta)
        }
        return out
    }

    func expectClose(_ a: Vector2, _ b: Vector2, _ note: String = "", tol: Double = 1e-14) {
        #expect(abs(a.x - b.x) <= tol * max(1, abs(b.x)) && abs(a.y - b.y) <= tol * max(1, abs(b.y)), "\(a) vs \(b) \(note)")
    }

    @Test func nesterov() {
        // b₁ = g₁; d = g₁ + μb₁; b₂ = μb₁ + g₂; d = g₂ + μb₂.
        let g: [Vector2] = [[1, -2], [0.5, 3]]
        let mu = 0.9, lr = 0.1
        let out = steps(SGD(momentum: mu, nesterov: true), from: [0, 0], gradients: g, lr: [lr])
        let b1 = g[0], p1 = -lr * (g[0] + mu * b1)
        let b2 = mu * b1 + g[1], p2 = p1 - lr * (g[1] + mu * b2)
        expectClose(out[0], p1)
        expectClose(out[1], p2)
    }

    @Test func sgdWeightDecayAndDampening() {
        let out = steps(SGD(momentum: 0.5, dampening: 0.5, weightDecay: 0.1), from: [1, 2], gradients: [[1, 1], [2, 0]], lr: [0.1])
        let g1 = Vector2(1, 1) + 0.1 * Vector2(1, 2)
        let p1 = Vector2(1, 2) - 0.1 * g1
        let g2 = Vector2(2, 0) + 0.1 * p1
        let b2 = 0.5 * g1 + 0.5 * g2
        expectClose(out[0], p1)
        expectClose(out[1], p1 - 0.1 * b2)
    }

    @Test func adagrad() {
        // γₜ = γ/(1 + (t−1)η); s ← s + g²; θ ← θ − γₜ·g/(√s + ε).
        let g: [Vector2] = [[2, -1], [1, 3]]
        let out = steps(Adagrad(learningRateDecay: 0.5, epsilon: 1e-10, initialAccumulator: 0.25), from: [1, 1], gradients: g, lr: [0.1])
        let s1 = Vector2(0.25, 0.25) + g[0] * g[0]
        let p1 = Vector2(1, 1) - 0.1 * g[0] / (s1.squareRoot() + 1e-10)
        let s2 = s1 + g[1] * g[1]
        let p2 = p1 - (0.1 / 1.5) * g[1] / (s2.squareRoot() + 1e-10)
        expectClose(out[0], p1)
        expectClose(out[1], p2)
    }

    @Test func rmspropPlainCentredAndWithMomentum() {
        let g: [Vector2] = [[2, -1], [1, 3]]
        let a = 0.9, e = 1e-8, lr = 0.01
        // Plain: v ← αv + (1 − α)g²; θ ← θ − γg/(√v + ε).
        let plain = steps(RMSprop(alpha: a, epsilon: e), from: [0, 0], gradients: g, lr: [lr])
        let v1 = (1 - a) * g[0] * g[0], p1 = -lr * g[0] / (v1.squareRoot() + e)
        let v2 = a * v1 + (1 - a) * g[1] * g[1], p2 = p1 - lr * g[1] / (v2.squareRoot() + e)
        expectClose(plain[0], p1)
        expectClose(plain[1], p2)
        // Centred: ḡ ← αḡ + (1 − α)g; d = √(v − ḡ²) + ε.
        let centred = steps(RMSprop(alpha: a, epsilon: e, centered: true), from: [0, 0], gradients: g, lr: [lr])
        let m1 = (1 - a) * g[0], c1 = -lr * g[0] / ((v1 - m1 * m1).squareRoot() + e)
        let m2 = a * m1 + (1 - a) * g[1], c2 = c1 - lr * g[1] / ((v2 - m2 * m2).squareRoot() + e)
        expectClose(centred[0], c1, tol: 1e-13)
        expectClose(centred[1], c2, tol: 1e-13)
        // Momentum: b ← μb + g/d; θ ← θ − γb.
        let withMomentum = steps(RMSprop(alpha: a, epsilon: e, momentum: 0.8), from: [0, 0], gradients: g, lr: [lr])
        let b1 = g[0] / (v1.squareRoot() + e), b2 = 0.8 * b1 + g[1] / (v2.squareRoot() + e)
        expectClose(withMomentum[0], -lr * b1)
        expectClose(withMomentum[1], -lr * b1 - lr * b2)
    }

    @Test func adamWithAMSGradKeepsTheLargestSecondMoment() {
        // A large gradient then a small one: v falls, AMSGrad keeps the maximum.
        let g: [Vector2] = [[10, 10], [0.1, 0.1], [0.1, 0.1]]
        let (b1, b2, e, lr) = (0.9, 0.999, 1e-8, 0.01)
        let out = steps(Adam(amsgrad: true), from: [0, 0], gradients: g, lr: [lr])
        var m = 0.0, v = 0.0, vmax = 0.0, x = 0.0
        for (k, gk) in g.enumerated() {
            let t = Double(k + 1)
            m = b1 * m + (1 - b1) * gk.x
            v = b2 * v + (1 - b2) * gk.x * gk.x
            vmax = max(vmax, v)
            x -= (lr / (1 - pow(b1, t))) * m / (vmax.squareRoot() / (1 - pow(b2, t)).squareRoot() + e)
            #expect(abs(out[k].x - x) <= 1e-14 * max(1, abs(x)), "step \(k + 1)")
        }
    }

    @Test func adamwDecaysTheWeightsBeforeTheAdamStep() {
        let out = steps(AdamW(weightDecay: 0.1), from: [2, -3], gradients: [[1, 1]], lr: [0.01])
        // θ ← θ(1 − γλ), then the first Adam step moves each coordinate by γ·g/(|g| + ε).
        let decayed = Vector2(2, -3) * (1 - 0.01 * 0.1)
        expectClose(out[0], decayed - 0.01 * Vector2(1, 1) / (1 + 1e-8))
    }

    @Test func newtonSolvesAQuadraticInOneStepAndFallsBackOffConvexity() throws {
        let ravine = try Surface(spec: "ravine:kappa=40,angle=20")
        let t = Runner(surface: ravine, optimizer: try OptimizerConfiguration(spec: "newton"))
            .run(from: [2, 1], stop: StopRule(maxSteps: 3))
        #expect(t.positions[1].norm < 1e-14)
        // On the saddle H = diag(2, −2) is not positive definite: a gradient step of size `fallback`.
        let saddle = try Surface(spec: "saddle")
        let s = Runner(surface: saddle, optimizer: try OptimizerConfiguration(spec: "newton:fallback=0.1"))
            .run(from: [1, 0.5], stop: StopRule(maxSteps: 1))
        expectClose(s.positions[1], Vector2(1, 0.5) - 0.1 * Vector2(2, -1))
        #expect(s.state.last == 1)  // one fallback counted
        // Damped: γ = 0.5 halves the Newton step. In one dimension it divides by f″.
        let wavy = try Surface(spec: "wavy")
        let w = Runner(surface: wavy, optimizer: try OptimizerConfiguration(spec: "newton:lr=0.5"))
            .run(from: [2.4, 0], stop: StopRule(maxSteps: 1))
        let g = wavy.gradient(at: [2.4, 0]).x, h = wavy.hessian(at: [2.4, 0]).xx
        #expect(h > 0 && abs(w.positions[1].x - (2.4 - 0.5 * g / h)) < 1e-14)
    }

    @Test func everyOptimizerRunsInOneAndTwoDimensions() throws {
        for name in OptimizerCatalog.standard.names {
            for surface in ["parabola", "bowl"] {
                let s = try Surface(spec: surface)
                let t = Runner(surface: s, optimizer: try OptimizerConfiguration(spec: "\(name):lr=0.05"))
                    .run(from: s.defaultStart, stop: StopRule(maxSteps: 2000, gradientNorm: 1e-6))
                #expect(t.finalLoss < s.value(at: s.defaultStart), "\(name) on \(surface)")
                if s.dimension == 1 { #expect(t.positions.allSatisfy { $0.y == 0 }) }
            }
        }
    }
}

@Suite struct ScheduleTests {
    @Test func learningRateSchedules() {
        var s = LearningRateSchedule(kind: .step, base: 1)
        s.stepSize = 3
        s.gamma = 0.5
        #expect((1...7).map { s.rate(at: $0, totalSteps: 100) } == [1, 1, 1, 0.5, 0.5, 0.5, 0.25])
        s.kind = .exp
        #expect(s.rate(at: 3, totalSteps: 100) == 0.25)
        s.kind = .cosine
        s.etaMin = 0.1
        #expect(s.rate(at: 1, totalSteps: 10) == 1)
        #expect(abs(s.rate(at: 6, totalSteps: 10) - 0.55) < 1e-15)  // half-way: (1 + 0.1)/2
        s.kind = .inverse
        s.decay = 0.5
        #expect(s.rate(at: 3, totalSteps: 100) == 0.5)
        #expect(LearningRateSchedule(base: 0.3).rate(at: 99, totalSteps: 100) == 0.3)
    }

    @Test func momentumAnnealing() throws {
        let m = MomentumSchedule(base: 0.9, from: 0.5, to: 0.9, steps: 4)
        #expect([1, 2, 3, 5, 100].map { m.value(at: $0) } == [0.5, 0.6, 0.7, 0.9, 0.9])
        let c = try OptimizerConfiguration(spec: "momentum:lr=0.1,anneal_steps=100")
        #expect(c.momentumSchedule.value(at: 1) == 0.5 && c.momentumSchedule.value(at: 101) == 0.9)
        // An annealed run uses μₜ: b₂ = μ₂b₁ + g₂ with μ₂ = 0.6.
        let bowl = try Surface(spec: "bowl")
        let t = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "momentum:lr=0.1,anneal_steps=4"))
            .run(from: [1, 0], stop: StopRule(maxSteps: 2))
        let b1 = 2.0, x1 = 1 - 0.1 * b1, b2 = 0.6 * b1 + 2 * x1
        #expect(abs(t.positions[2].x - (x1 - 0.1 * b2)) < 1e-15)
    }

    @Test func scheduledRunsUseTheScheduledRate() throws {
        let bowl = try Surface(spec: "bowl")
        let t = Runner(surface: bowl, optimizer: try OptimizerConfiguration(spec: "gd:lr=0.1,schedule=step,step_size=1,gamma=0.5"))
            .run(from: [1, 0], stop: StopRule(maxSteps: 3))
        // γ = 0.1, 0.05, 0.025: θ ← θ(1 − 2γ).
        #expect(abs(t.positions[3].x - 0.8 * 0.9 * 0.95) < 1e-15)
    }

    @Test func badSchedulesAreRefused() {
        func message(_ spec: String) -> String { errorText { _ = try OptimizerConfiguration(spec: spec) } }
        #expect(message("gd:schedule=cosin") == "bad value 'cosin' for 'schedule' of optimizer 'gd': expected one of constant, step, exp, cosine, inverse (did you mean 'cosine'?)")
        #expect(message("gd:schedule=exp") == "schedule=exp for optimizer 'gd' needs gamma, the factor per step (e.g. gamma=0.99)")
        #expect(message("nesterov:momentum=0") == "bad value '0' for 'momentum' of optimizer 'nesterov': expected a number in (0, 1]: Nesterov momentum needs a momentum")
        #expect(message("rmsprop:alpha=1") == "bad value '1' for 'alpha' of optimizer 'rmsprop': expected a number in [0, 1)")
        #expect(message("momentum:momentum=1.5") == "bad value '1.5' for 'momentum' of optimizer 'momentum': expected a number in [0, 1]")
    }
}
