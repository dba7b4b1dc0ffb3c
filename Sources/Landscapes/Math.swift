#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inlinable func mathSin(_ x: Double) -> Double { sin(x) }
@inlinable func mathCos(_ x: Double) -> Double { cos(x) }
