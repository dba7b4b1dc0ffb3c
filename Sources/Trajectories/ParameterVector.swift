import Landscapes

/// What an update rule acts on: a point in the plane (`Vector2`) or a flat vector of any length
/// (`[Double]`, a network's parameters in PyTorch's order).
///
/// Every ``Optimizer`` in this module is written once, coordinate by coordinate, over this protocol. For
/// `Vector2` the compiler specialises it to straight-line code on two lanes; for `[Double]` it is
/// one pass over the arrays.
///
/// ```swift
/// var adam = Adam<[Double]>(lr: 0.1)
/// var theta: [Double] = [1, 1, 1]
/// adam.step(&theta, gradient: [2, -2, 0], context: StepContext(t: 1, learningRate: 0.1))
/// theta   // ≈ [0.9, 1.1, 1]
/// ```
public protocol ParameterVector: Sendable, Equatable {
    /// The vector before a rule has seen any parameters: zero in the plane, empty for `[Double]`.
    init()
    /// The number of coordinates.
    var scalarCount: Int { get }
    subscript(index: Int) -> Double { get set }
    /// A vector of the same length with every coordinate `value`.
    func filled(with value: Double) -> Self
    /// The names of the coordinates in state columns (`x`, `y`), or none for vectors whose length
    /// is known only at run time, whose state is not recorded.
    static var coordinateNames: [String] { get }
    /// `coordinateNames.count`, without making the array: how many values a state buffer
    /// records.
    static var recordedCount: Int { get }
}

extension SIMD2: ParameterVector where Scalar == Double {
    @inlinable public func filled(with value: Double) -> SIMD2<Double> { SIMD2(repeating: value) }
    public static var coordinateNames: [String] { ["x", "y"] }
    @inlinable public static var recordedCount: Int { 2 }
}

extension Array: ParameterVector where Element == Double {
    @inlinable public var scalarCount: Int { count }
    @inlinable public func filled(with value: Double) -> [Double] { [Double](repeating: value, count: count) }
    public static var coordinateNames: [String] { [] }
    @inlinable public static var recordedCount: Int { 0 }
}

extension ParameterVector {
    /// `self` if it already has as many coordinates as `theta`, else that many copies of `value`:
    /// state that an optimizer sizes on its first step (`m = m.sized(like: theta)`).
    @inlinable public func sized(like theta: Self, value: Double = 0) -> Self {
        scalarCount == theta.scalarCount ? self : theta.filled(with: value)
    }
}

/// PyTorch's `lerp(start, end, w)`: start + w·(end − start) for w < ½, else end − (end − start)·(1 − w).
@inlinable func lerp(_ start: Double, _ end: Double, _ w: Double) -> Double {
    w < 0.5 ? start + w * (end - start) : end - (end - start) * (1 - w)
}
