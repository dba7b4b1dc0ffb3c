import Foundation
import Testing

/// Defaults that work: every optimizer on every surface, with nothing but its name, takes a
/// learning rate that keeps its path in view and lowers the loss (an optimizer a surface
/// suggests nothing for takes one from a suggested relative, or from the curvature at the
/// start). Left out: saddle and wavy, unbounded below (a path that keeps descending must leave
/// any view), and Newton, whose gradient step where the Hessian is not positive definite is
/// taken at its own rate of 1.
@Suite struct DefaultsTests {
    static let optimizers = ["gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]

    @Test(arguments: ["bowl", "ravine", "two-well", "sincos", "regression", "rosenbrock", "himmelblau", "beale", "rastrigin", "parabola"])
    func everyOptimizerInViewAndMakingProgress(_ surface: String) throws {
        let catalog = try JSONSerialization.jsonObject(with: Data(try run(["surfaces", "--json"]).stdout.utf8)) as? [[String: Any]] ?? []
        let entry = try #require(catalog.first { $0["name"] as? String == surface })
        let domain = try #require(entry["domain"] as? [Double])
        for optimizer in Self.optimizers {
            let result = try run(["trace", surface, "--optimizer", optimizer, "--format", "csv"])
            #expect(result.status == 0, "\(surface) \(optimizer): \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
            guard let header = lines.first, let x = header.firstIndex(of: "x"), let loss = header.firstIndex(of: "loss") else { continue }
            let y = header.firstIndex(of: "y")
            let rows = lines.dropFirst()
            let inView = rows.allSatisfy { r in
                guard let px = Double(r[x]) else { return false }
                let py = y.flatMap { Double(r[$0]) }
                return px >= domain[0] && px <= domain[1] && (py.map { $0 >= domain[2] && $0 <= domain[3] } ?? true)
            }
            let first = rows.first.flatMap { Double($0[loss]) } ?? .nan, last = rows.last.flatMap { Double($0[loss]) } ?? .nan
            #expect(inView, "\(surface) \(optimizer) leaves the view")
            #expect(last < first, "\(surface) \(optimizer): loss \(first) → \(last)")
        }
    }

    /// The rule's numbers: Nesterov on the bowl takes GD's suggested 0.1 times (1 − 0.9), RMSprop
    /// Adam's 0.3 times √(1 − 0.99); a formula's start lies halfway to the top right corner.
    @Test func theRule() throws {
        let nesterov = try run(["trace", "bowl", "--optimizer", "nesterov", "--steps", "1", "--format", "json"])
        #expect(nesterov.stdout.contains("\"optimizer\": \"nesterov:lr=0.01\""))
        let rmsprop = try run(["trace", "bowl", "--optimizer", "rmsprop", "--steps", "1", "--format", "json"])
        #expect(rmsprop.stdout.contains("\"optimizer\": \"rmsprop:lr=0.03\""))
        let expression = try run(["trace", "--expr", "x^2 + y^2", "--optimizer", "gd", "--steps", "1", "--format", "csv"])
        #expect(expression.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("0,1.5,1.5,") == true)
    }
}
