#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The forward pass's inner loops, written on SIMD lanes so that they run on vector registers
/// whatever the widths: z = Wᵀ-accumulated outputs of one row, eight at a time, and tanh on a
/// whole row with an exponential of our own.

/// out[o] = bias[o] + Σₖ a[k]·wt[k·n + o] for o < n, summed in k order (as the scalar loop).
@inlinable func affineRow(_ a: UnsafePointer<Double>, count nIn: Int, weightsT wt: UnsafePointer<Double>, bias: UnsafePointer<Double>,
                          outputs n: Int, into out: UnsafeMutablePointer<Double>) {
    var o = 0
    while o + 8 <= n {
        var acc = SIMD8<Double>()
        for k in 0..<nIn {
            acc += UnsafeRawPointer(wt + k * n + o).loadUnaligned(as: SIMD8<Double>.self) * a[k]
        }
        acc += UnsafeRawPointer(bias + o).loadUnaligned(as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(out + o).storeBytes(of: acc, as: SIMD8<Double>.self)
        o += 8
    }
    while o + 2 <= n {
        var acc = SIMD2<Double>()
        for k in 0..<nIn {
            acc += UnsafeRawPointer(wt + k * n + o).loadUnaligned(as: SIMD2<Double>.self) * a[k]
        }
        acc += UnsafeRawPointer(bias + o).loadUnaligned(as: SIMD2<Double>.self)
        UnsafeMutableRawPointer(out + o).storeBytes(of: acc, as: SIMD2<Double>.self)
        o += 2
    }
    if o < n {
        var s = 0.0
        for k in 0..<nIn { s += wt[k * n + o] * a[k] }
        out[o] = s + bias[o]
    }
}

/// tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)) on `n` values in place, with e^y from ``exp8``;
/// within 3·10⁻¹⁶ of the C library's tanh in absolute terms (what the next layer sees).
@inlinable func tanhRow(_ z: UnsafeMutablePointer<Double>, count n: Int) {
    var o = 0
    let magnitude = SIMD8<UInt64>(repeating: 0x7FFF_FFFF_FFFF_FFFF)
    while o + 8 <= n {
        let bits = unsafeBitCast(UnsafeRawPointer(z + o).loadUnaligned(as: SIMD8<Double>.self), to: SIMD8<UInt64>.self)
        let ax = unsafeBitCast(bits & magnitude, to: SIMD8<Double>.self)
        // tanh(20) = 1 in doubles, so e^{2|x|} is needed only up to e⁴⁰.
        let y = pointwiseMin(ax + ax, SIMD8<Double>(repeating: 40))
        let r = 1 - 2 / (exp8(y) + 1)
        let signed = unsafeBitCast(r, to: SIMD8<UInt64>.self) | (bits & ~magnitude)
        // All ones in NaN lanes (|x|'s bits above infinity's), where x is kept as it is.
        let nan = SIMD8<UInt64>() &- ((SIMD8<UInt64>(repeating: 0x7FF0_0000_0000_0000) &- (bits & magnitude)) &>> 63)
        let out = (signed & ~nan) | (bits & nan)
        UnsafeMutableRawPointer(z + o).storeBytes(of: unsafeBitCast(out, to: SIMD8<Double>.self), as: SIMD8<Double>.self)
        o += 8
    }
    while o < n {
        z[o] = fastTanh(z[o])
        o += 1
    }
}

/// e^y for 0 ≤ y ≤ 40, eight lanes at once (Tang's method): y = (64m + j)·ln2/64 + r with
/// |r| ≤ ln2/128 (Cody–Waite, ln 2 in two parts), so e^y = 2ᵐ · 2^(j/64) · e^r, with 2^(j/64)
/// from a table and e^r from its Taylor series to r⁶ (truncation below 10⁻¹⁸, so the result is
/// within about 2·10⁻¹⁶). The rounding of 64y/ln 2 is done by adding 1.5·2⁵², which leaves the
/// integer in the low bits of the sum.
@inlinable func exp8(_ y: SIMD8<Double>) -> SIMD8<Double> {
    let ln2Hi = 6.93147180369123816490e-01 / 64, ln2Lo = 1.90821492927058770002e-10 / 64
    let shifter = SIMD8<Double>(repeating: 0x1.8p52)
    let shifted = y * (64 / 6.93147180559945309417e-01) + shifter
    let k = shifted - shifter
    let r = (y - k * ln2Hi) - k * ln2Lo
    var p = SIMD8<Double>(repeating: 1.0 / 720)
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let n = unsafeBitCast(shifted, to: SIMD8<UInt64>.self) &- 0x4338_0000_0000_0000
    let j = n & 63
    let scale = unsafeBitCast(((n &>> 6) &+ 1023) &<< 52, to: SIMD8<Double>.self)
    let table = exp2Table.withUnsafeBufferPointer { t in
        SIMD8<Double>(t[Int(j[0])], t[Int(j[1])], t[Int(j[2])], t[Int(j[3])], t[Int(j[4])], t[Int(j[5])], t[Int(j[6])], t[Int(j[7])])
    }
    return (table * scale) * p
}

/// 2^(j/64) for j = 0 … 63 (the C library's exp2, within ½ ulp here).
@usableFromInline let exp2Table: [Double] = (0..<64).map { exp2(Double($0) / 64) }
