import Landscapes
import Trajectories

/// Heavy-ball momentum, in PyTorch's buffer form: b ← g on the first step, then b ← μb + g,
/// and θ ← θ − γb, with γ and μ from the step's context (so schedules and annealing apply).
public struct HeavyBall: Optimizer {
    var buffer = Vector2.zero
    public init() {}
    public var stateNames: [String] { ["buf_x", "buf_y"] }

    public mutating func step(_ theta: inout Vector2, gradient g: Vector2, context: StepContext) {
        buffer = context.t == 1 ? g : context.momentum * buffer + g
        theta = theta - context.learningRate * buffer
    }

    public func appendState(to values: inout [Double]) {
        values += [buffer.x, buffer.y]
    }
}

extension OptimizerCatalog {
    /// The standard optimizers and `heavy-ball`, which specs and trajectory files can now name.
    public static let withHeavyBall = OptimizerCatalog.standard.adding(Entry(
        name: "heavy-ball", displayName: "Heavy ball", summary: "b ← μb + g, θ ← θ − γb",
        parameters: [lr(0.01), momentum(0.9), batch(0)] + scheduleKeys,
        make: { _ in { _ in HeavyBall() } }))
}
