#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The forward pass's inner loops, written as plain arithmetic on pointers in blocks that the
/// optimizer turns into vector instructions (and that stay quick in unoptimized builds): a row
/// of outputs four at a time, and tanh from an exponential of our own.

/// out[o] = bias[o] + Σₖ a[k]·wt[k·n + o] for o < n, summed in k order (as the scalar loop).
@inlinable func affineRow(_ a: UnsafePointer<Double>, count nIn: Int, weightsT wt: UnsafePointer<Double>, bias: UnsafePointer<Double>,
                          outputs n: Int, into out: UnsafeMutablePointer<Double>) {
    var o = 0
    while o + 4 <= n {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var w = wt + o
        for k in 0..<nIn {
            let ak = a[k]
            s0 += w[0] * ak
            s1 += w[1] * ak
            s2 += w[2] * ak
            s3 += w[3] * ak
            w += n
        }
        out[o] = s0 + bias[o]
        out[o + 1] = s1 + bias[o + 1]
        out[o + 2] = s2 + bias[o + 2]
        out[o + 3] = s3 + bias[o + 3]
        o += 4
    }
    while o < n {
        var s = 0.0
        for k in 0..<nIn { s += wt[k * n + o] * a[k] }
        out[o] = s + bias[o]
        o += 1
    }
}

/// tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)) on `n` values in place, with e^y from ``expSmall``;
/// within 4·10⁻¹⁶ of the C library's tanh in absolute terms (what the next layer sees).
///
/// Division is the slowest step, so values go in pairs with one division between them:
/// with p = e₀ + 1 and q = e₁ + 1 (each at most e⁴⁰ + 1, so p·q stays far from overflow),
/// s = 2/(p·q), 2/p = q·s and 2/q = p·s, each within 1.5 ulp.
@inlinable func tanhRow(_ z: UnsafeMutablePointer<Double>, count n: Int) {
    exp2Table.withUnsafeBufferPointer { table in
        let t = table.baseAddress!
        // The sign of x goes onto r ≥ 0 by its bit, not by a branch: signs of pre-activations
        // are as good as random, and a mispredicted branch per value cost more than the rest.
        @inline(__always) func finish(_ x: Double, _ twoOver: Double) -> Double {
            let r = 1 - twoOver
            let signed = Double(bitPattern: r.bitPattern | (x.bitPattern & 0x8000_0000_0000_0000))
            return x.isNaN ? x : signed
        }
        var o = 0
        while o + 2 <= n {
            let x0 = z[o], x1 = z[o + 1]
            let p = expSmall(2 * Swift.min(abs(x0), 20), t) + 1   // tanh(20) = 1 in doubles
            let q = expSmall(2 * Swift.min(abs(x1), 20), t) + 1
            let s = 2 / (p * q)
            z[o] = finish(x0, q * s)
            z[o + 1] = finish(x1, p * s)
            o += 2
        }
        if o < n {
            let x = z[o]
            z[o] = finish(x, 2 / (expSmall(2 * Swift.min(abs(x), 20), t) + 1))
        }
    }
}

/// e^y for 0 ≤ y ≤ 40 (Tang's method): y = (256m + j)·ln2/256 + r with |r| ≤ ln2/512 (Cody–Waite,
/// ln 2 in two parts), so e^y = 2ᵐ · 2^(j/256) · e^r, with 2^(j/256) from a table and e^r from its
/// Taylor series to r⁴ (truncation below 4·10⁻¹⁷, so the result is within about 2·10⁻¹⁶). The
/// rounding of 256y/ln 2 is done by adding 1.5·2⁵², which leaves the integer in the low bits.
@inlinable func expSmall(_ y: Double, _ table: UnsafePointer<Double>) -> Double {
    let ln2Hi = 6.93147180369123816490e-01 / 256, ln2Lo = 1.90821492927058770002e-10 / 256
    let shifted = y * (256 / 6.93147180559945309417e-01) + 0x1.8p52
    let k = shifted - 0x1.8p52
    let r = (y - k * ln2Hi) - k * ln2Lo
    let p = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24))))
    let n = shifted.bitPattern &- 0x4338_0000_0000_0000
    let scale = Double(bitPattern: ((n &>> 8) &+ 1023) &<< 52)
    return (table[Int(n & 255)] * scale) * p
}

/// 2^(j/256) for j = 0 … 255 (the C library's exp2, within ½ ulp here).
@usableFromInline let exp2Table: [Double] = (0..<256).map { exp2(Double($0) / 256) }
