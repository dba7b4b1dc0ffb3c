extension Surface {
    /// The prefix that marks an expression in a surface spec: `expr:x^2 + 10*sin(y)`.
    public static let expressionPrefix = "expr:"

    /// A surface from a formula in x and y, differentiated exactly by automatic differentiation.
    ///
    /// - Parameters:
    ///   - text: the formula: `x`, `y`, numbers, `+ - * / ^`, parentheses and functions such as
    ///     `sin`, `exp` and `log` (see `landscape render --help`).
    ///   - domain: the region a figure shows (default [−3, 3]²).
    ///   - minimum: a point near the minimum to mark; it is refined by Newton's method. Without
    ///     it, Newton's method from a 12 × 12 lattice of seeds finds the local minima inside the
    ///     domain, and the lowest is marked global (the lowest in view: the function may go lower
    ///     outside it).
    ///
    /// ```swift
    /// let s = try Surface(expression: "x^2 + 10*sin(y)", domain: Domain(xmin: -3, xmax: 3, ymin: -4, ymax: 4))
    /// s.gradient(at: [1, 0])      // (2, 10)
    /// ```
    public init(expression text: String, domain: Domain? = nil, minimum: Vector2? = nil) throws(ExpressionError) {
        let f = try ExpressionFunction(parsing: text)
        let domain = domain ?? .square(3)
        var minima: [CriticalPoint] = []
        if let m = minimum {
            let p = refineCriticalPoint(of: f, from: m).flatMap { f.hessian(at: $0).isPositiveDefinite ? $0 : nil } ?? m
            minima = [CriticalPoint(p, value: f.value(at: p), kind: .globalMinimum)]
        } else {
            minima = Self.newtonMinima(of: f, in: domain)
        }
        // The start: halfway from the centre to the top right corner, inside the view on every side.
        let start = Vector2(Rounding.significant(domain.xmin + 0.75 * domain.width, digits: 3),
                            Rounding.significant(domain.ymin + 0.75 * domain.height, digits: 3))
        self.init(name: "expression", formula: "f(x, y) = " + f.tree.pretty, domain: domain, minima: minima,
                  starts: [StartPoint(start, note: "halfway from the centre to the top right corner; learning rates from the curvature there",
                                      optimizers: Self.suggestions(for: f, at: start, domain: domain))],
                  axisNames: ("x", "y"), function: f, expression: f.tree.description)
    }

    /// GD, momentum and Adam for a formula, their rates from the curvature at the start: GD
    /// 1/λ (stable below 2/λ, λ the Hessian's largest |eigenvalue| there), momentum (1 − β)/λ
    /// with β = 0.9 (the same terminal step), Adam a fiftieth of the view's longer side a step.
    static func suggestions(for f: some DifferentiableFunction, at start: Vector2, domain: Domain) -> [String] {
        let h = f.hessian(at: start)
        let lambda = Swift.max(abs(h.eigenvalues.min), abs(h.eigenvalues.max))
        let gd = lambda.isFinite && lambda > 1e-12 ? Swift.min(1, 1 / lambda) : 0.1
        func text(_ v: Double) -> String { Rounding.significant(v, digits: 2).shortDescription }
        let adam = Swift.max(domain.width, domain.height) / 50
        return ["gd:lr=\(text(gd))", "momentum:lr=\(text(gd * 0.1)),momentum=0.9", "adam:lr=\(text(adam))"]
    }

    /// Local minima inside the domain: Newton's method from a lattice of seeds, the distinct
    /// points with a positive definite Hessian, lowest first and marked global.
    static func newtonMinima(of f: ExpressionFunction, in domain: Domain, seeds: Int = 12) -> [CriticalPoint] {
        var found: [CriticalPoint] = []
        for j in 0..<seeds {
            for i in 0..<seeds {
                let seed = Vector2(domain.xmin + (Double(i) + 0.5) * domain.width / Double(seeds),
                                   domain.ymin + (Double(j) + 0.5) * domain.height / Double(seeds))
                guard let q = refineCriticalPoint(of: f, from: seed, iterations: 40), domain.contains(q),
                      f.hessian(at: q).isPositiveDefinite else { continue }
                let scale = Swift.max(domain.width, domain.height)
                if !found.contains(where: { ($0.point - q).norm < 1e-6 * scale }) {
                    found.append(CriticalPoint(q, value: f.value(at: q), kind: .localMinimum))
                }
            }
        }
        found.sort { $0.value < $1.value }
        if !found.isEmpty { found[0].kind = .globalMinimum }
        return found
    }
}
