#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pow` from the C library, the function Python's `**` on floats calls.
@inlinable func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inlinable func cCos(_ x: Double) -> Double { cos(x) }
