#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inlinable func cPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inlinable func cLog10(_ x: Double) -> Double { log10(x) }
@inlinable func cLog(_ x: Double) -> Double { log(x) }
