#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MLP {
    /// Buffers for Hessian-vector products, reused between calls. One per thread.
    public struct CurvatureWorkspace: Sendable {
        var pass = Workspace()
        var gradient: [Double] = []
        /// R(zₗ) and R(aₗ) per layer: the directional derivatives of the pre-activations and
        /// the activations along v.
        var rz: [[Double]] = []
        var ra: [[Double]] = []
        /// R(δₗ), the directional derivative of ∂L/∂zₗ along v.
        var rDelta: [[Double]] = []
        var rows = 0
        public init() {}

        mutating func prepare(_ model: MLP, rows m: Int) {
            if rz.count != model.widths.count || rows < m {
                rz = model.widths.map { [Double](repeating: 0, count: $0 * m) }
                ra = rz
                rDelta = rz
                rows = m
            }
        }
    }

    /// H·v: the Hessian of the loss over `rows` (every row when nil) at θ, times v, exactly.
    /// Returns the loss; the product goes into `hv` (resized to the parameter count if needed).
    ///
    /// Pearlmutter's R-operator, R(f) = ∂f(θ + r·v)/∂r at r = 0, carried through the forward
    /// pass and backpropagation (V, v_b are v's parts for Wₗ, bₗ):
    ///
    ///     R(zₗ) = Vₗaₗ₋₁ + WₗR(aₗ₋₁) + v_bₗ,   R(aₗ) = σ′(zₗ) ⊙ R(zₗ),   R(a₀) = 0
    ///     R(δ_L) = (∂²L/∂z_L²)·R(z_L):  cross-entropy (p ⊙ R(z) − p·(pᵀR(z)))/m, p = softmax(z);
    ///                                   mse 2R(z)/(m·k)
    ///     R(δₗ₋₁) = (R(δₗ)Wₗ + δₗVₗ) ⊙ σ′(zₗ₋₁) + (δₗWₗ) ⊙ σ″(zₗ₋₁) ⊙ R(zₗ₋₁)
    ///     (H·v) for Wₗ = R(δₗ)ᵀaₗ₋₁ + δₗᵀR(aₗ₋₁),   for bₗ = Σᵢ R(δₗ)ᵢ
    ///
    /// with σ′, σ″ from the activation a: tanh 1 − a², −2a(1 − a²); sigmoid a(1 − a),
    /// a(1 − a)(1 − 2a); ReLU 1 where a > 0, 0; identity 1, 0. It costs one forward and
    /// backward pass and their R-versions: about 2.6 gradients on the gallery network
    /// (`landscape bench`). It equals PyTorch's double backward to round-off (Tests/Reference/make_hessian_reference.py).
    @discardableResult
    public func hessianVectorProduct(_ theta: [Double], _ v: [Double], on data: Dataset, rows: ArraySlice<Int>? = nil,
                                     into hv: inout [Double], workspace: inout CurvatureWorkspace) -> Double {
        precondition(theta.count == parameterCount && v.count == parameterCount, "θ and v need \(parameterCount) values each")
        let m = rows?.count ?? data.count
        let value = evaluationAndGradient(theta, on: data, rows: rows, gradient: &workspace.gradient, workspace: &workspace.pass).loss
        workspace.prepare(self, rows: m)
        if hv.count != parameterCount { hv = [Double](repeating: 0, count: parameterCount) }
        let L = layerCount
        let act = activation
        // Buffers are swapped out of the workspace while they are written, so that no write
        // copies them (and no call allocates once the workspace has its sizes).
        func take(_ keyPath: WritableKeyPath<CurvatureWorkspace, [[Double]]>, _ l: Int) -> [Double] {
            var out: [Double] = []
            swap(&out, &workspace[keyPath: keyPath][l])
            return out
        }
        theta.withUnsafeBufferPointer { t in
        v.withUnsafeBufferPointer { vv in
        // R-forward. R(a₀) = 0: the inputs do not depend on θ.
        var ra0 = take(\.ra, 0)
        for i in 0..<(m * widths[0]) { ra0[i] = 0 }
        workspace.ra[0] = ra0
        for l in 0..<L {
            let (w, b) = layer(l)
            let nIn = widths[l], nOut = widths[l + 1], hidden = l < L - 1
            var rz = take(\.rz, l + 1), raNext = take(\.ra, l + 1)
            workspace.pass.activations[l].withUnsafeBufferPointer { a in
            workspace.ra[l].withUnsafeBufferPointer { ra in
            workspace.pass.activations[l + 1].withUnsafeBufferPointer { next in
                for i in 0..<m {
                    for o in 0..<nOut {
                        var s = vv[b.lowerBound + o]
                        let row = w.lowerBound + o * nIn
                        for k in 0..<nIn { s += vv[row + k] * a[i * nIn + k] + t[row + k] * ra[i * nIn + k] }
                        rz[i * nOut + o] = s
                        raNext[i * nOut + o] = hidden ? Self.derivatives(act, next[i * nOut + o]).first * s : s
                    }
                }
            }
            }
            }
            workspace.rz[l + 1] = rz
            workspace.ra[l + 1] = raNext
        }
        // R(δ_L) from the loss's Hessian in the logits.
        let k = widths[L]
        var rDeltaL = take(\.rDelta, L)
        workspace.pass.activations[L].withUnsafeBufferPointer { out in
        workspace.rz[L].withUnsafeBufferPointer { rzL in
            for i in 0..<m {
                switch loss {
                case .crossEntropy:
                    var top = out[i * k]
                    for c in 1..<k { top = Swift.max(top, out[i * k + c]) }
                    var sum = 0.0
                    for c in 0..<k { sum += exp(out[i * k + c] - top) }
                    let logSum = log(sum)
                    var pDotR = 0.0
                    for c in 0..<k { pDotR += exp(out[i * k + c] - top - logSum) * rzL[i * k + c] }
                    for c in 0..<k {
                        let p = exp(out[i * k + c] - top - logSum)
                        rDeltaL[i * k + c] = p * (rzL[i * k + c] - pDotR) / Double(m)
                    }
                case .meanSquaredError:
                    for c in 0..<k { rDeltaL[i * k + c] = 2 * rzL[i * k + c] / Double(m * k) }
                }
            }
        }
        }
        workspace.rDelta[L] = rDeltaL
        // R-backward.
        hv.withUnsafeMutableBufferPointer { h in
        for l in stride(from: L - 1, through: 0, by: -1) {
            let (w, b) = layer(l)
            let nIn = widths[l], nOut = widths[l + 1]
            var previous = l > 0 ? take(\.rDelta, l) : []
            workspace.pass.deltas[l + 1].withUnsafeBufferPointer { delta in
            workspace.rDelta[l + 1].withUnsafeBufferPointer { rDelta in
            workspace.pass.activations[l].withUnsafeBufferPointer { a in
            workspace.ra[l].withUnsafeBufferPointer { ra in
            workspace.rz[l].withUnsafeBufferPointer { rzl in
                for o in 0..<nOut {
                    var sb = 0.0
                    for i in 0..<m { sb += rDelta[i * nOut + o] }
                    h[b.lowerBound + o] = sb
                    for kk in 0..<nIn {
                        var s = 0.0
                        for i in 0..<m { s += rDelta[i * nOut + o] * a[i * nIn + kk] + delta[i * nOut + o] * ra[i * nIn + kk] }
                        h[w.lowerBound + o * nIn + kk] = s
                    }
                }
                guard l > 0 else { return }
                for i in 0..<m {
                    for kk in 0..<nIn {
                        var s = 0.0, rs = 0.0
                        for o in 0..<nOut {
                            let wok = t[w.lowerBound + o * nIn + kk], vok = vv[w.lowerBound + o * nIn + kk]
                            s += delta[i * nOut + o] * wok
                            rs += rDelta[i * nOut + o] * wok + delta[i * nOut + o] * vok
                        }
                        let (d1, d2) = Self.derivatives(act, a[i * nIn + kk])
                        previous[i * nIn + kk] = rs * d1 + s * d2 * rzl[i * nIn + kk]
                    }
                }
            }
            }
            }
            }
            }
            if l > 0 { workspace.rDelta[l] = previous }
        }
        }
        }
        }
        return value
    }

    /// σ′ and σ″ at the pre-activation whose activation is `a`.
    @inline(__always) static func derivatives(_ activation: Activation, _ a: Double) -> (first: Double, second: Double) {
        switch activation {
        case .tanh: let d = 1 - a * a; return (d, -2 * a * d)
        case .sigmoid: let d = a * (1 - a); return (d, d * (1 - 2 * a))
        case .relu: return (a > 0 ? 1 : 0, 0)
        case .identity: return (1, 0)
        }
    }
}
