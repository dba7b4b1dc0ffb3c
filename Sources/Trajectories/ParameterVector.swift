import Landscapes

/// What an update rule acts on: a point in the plane (``Vector2``) or a flat vector of any length
/// (`[Double]`, a network's parameters in PyTorch's order).
///
/// Every rule in this module is written once, coordinate by coordinate, over this protocol. For
/// `Vector2` the compiler specialises it to straight-line code on two lanes; for `[Double]` it is
/// one pass over the arrays.
///
/// ```swift
/// var adam = Adam<[Double]>()
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
}

extension SIMD2: ParameterVector where Scalar == Double {
    @inlinable public func filled(with value: Double) -> SIMD2<Double> { SIMD2(repeating: value) }
}

extension Array: ParameterVector where Element == Double {
    @inlinable public var scalarCount: Int { count }
    @inlinable public func filled(with value: Double) -> [Double] { [Double](repeating: value, count: count) }
}

/// An update rule over any ``ParameterVector``: `Adam<Vector2>` drives the plane's surfaces
/// (through ``Optimizer``), `Adam<[Double]>` a network's parameters.
public protocol UpdateRule<Parameters>: Sendable {
    associatedtype Parameters: ParameterVector
    /// Moves `theta` given the gradient g = ∇f(θ) at the current point.
    mutating func step(_ theta: inout Parameters, gradient: Parameters, context: StepContext)
}

extension ParameterVector {
    /// `self` if it already has `count` coordinates, else `count` copies of `value`: state that a
    /// rule sizes on its first step.
    @inlinable func sized(like theta: Self, value: Double = 0) -> Self {
        scalarCount == theta.scalarCount ? self : theta.filled(with: value)
    }
}

/// PyTorch's `lerp(start, end, w)`: start + w·(end − start) for w < ½, else end − (end − start)·(1 − w).
@inlinable func lerp(_ start: Double, _ end: Double, _ w: Double) -> Double {
    w < 0.5 ? start + w * (end - start) : end - (end - start) * (1 - w)
}
