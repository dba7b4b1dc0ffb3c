#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pow` from the C library, the function Python's `**` on floats calls.
@inlinable func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inlinable func cCos(_ x: Double) -> Double { cos(x) }
@inlinable func cLog(_ x: Double) -> Double { log(x) }
@inlinable func cExp(_ x: Double) -> Double { exp(x) }
