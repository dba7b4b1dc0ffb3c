import Landscapes

/// An optimizer: a small state machine that turns the gradient at θₜ into θₜ₊₁.
///
/// The runner owns the loop; an optimizer sees one step at a time. Update rules are written in
/// each conformer's doc comment as equations and follow PyTorch's `torch.optim` operation by
/// operation, so that results agree to round-off.
public protocol Optimizer: Sendable {
    /// Names of the state values recorded after each step, e.g. `["m_x", "m_y", "v_x", "v_y"]`.
    var stateNames: [String] { get }
    /// Whether `step` needs the Hessian in its context (Newton's method).
    var needsHessian: Bool { get }
    /// Moves `theta` given the gradient g = ∇f(θ) at the current point.
    mutating func step(_ theta: inout Vector2, gradient g: Vector2, context: StepContext)
    /// Appends the current state values, in the order of `stateNames`.
    func appendState(to values: inout [Double])
}

extension Optimizer {
    public var needsHessian: Bool { false }
}

/// What a single step may depend on besides the gradient.
public struct StepContext: Sendable {
    /// The step number t, starting at 1 for the first update (PyTorch's `step` count).
    public var t: Int
    /// The learning rate in force for this step.
    public var learningRate: Double
    /// The momentum coefficient in force for this step (for optimizers that have one).
    public var momentum: Double
    /// The Hessian at θₜ, present when the optimizer asks for it.
    public var hessian: Hessian?

    public init(t: Int, learningRate: Double, momentum: Double = 0, hessian: Hessian? = nil) {
        self.t = t
        self.learningRate = learningRate
        self.momentum = momentum
        self.hessian = hessian
    }
}
