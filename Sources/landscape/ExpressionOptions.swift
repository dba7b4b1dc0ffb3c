import ArgumentParser
import Landscapes

/// `--expr` and `--minimum`: a surface typed as a formula, wherever a surface spec is accepted.
struct ExpressionOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("A surface typed as a formula in x and y (or w1, w2), e.g. 'x^2 + 10*sin(y)'.",
                                            discussion: "Operators + - * / ^, functions sin cos tan exp log sqrt abs tanh sinh cosh atan min max, constants pi and e."))
    var expr: String?

    @Option(name: .long, parsing: .unconditional, help: "With --expr: a point X,Y near the minimum to mark (refined by Newton's method).")
    var minimum: String?

    /// The surface from the positional spec or from `--expr` (exactly one of them), with the
    /// formula's domain (`--domain`) and minimum.
    /// `hasView`: the command draws the surface, so `--domain` may reframe a built-in one too.
    func surface(_ spec: String?, domain: String?, hasView: Bool = true) throws(CommandError) -> Surface {
        if let expr {
            guard spec == nil else { throw .usage("give a surface spec or --expr, not both") }
            let d = try domain.map { text throws(CommandError) in try Arguments.domain(text) }
            return try Arguments.surface(Surface.expressionPrefix + expr, domain: d, minimum: try minimumPoint())
        }
        guard let spec else { throw .usage("give a surface (e.g. bowl; see 'landscape surfaces') or --expr 'x^2 + y^2'") }
        if minimum != nil { throw .usage("--minimum goes with --expr") }
        if domain != nil && !hasView { throw .usage("--domain goes with --expr here (this command draws no view to reframe)") }
        var surface = try Arguments.surface(spec)
        // A built-in surface reframed: the view zoomed in or out.
        if let domain { surface.domain = try Arguments.domain(domain) }
        return surface
    }

    /// `--minimum` as a point, checked.
    func minimumPoint() throws(CommandError) -> Vector2? {
        try minimum.map { text throws(CommandError) in try Arguments.point(text, option: "--minimum", dimension: 2) }
    }

    /// A scene figure of surface `s` (from ``surface(_:domain:hasView:)``): its spec, and for a formula
    /// the domain and minimum that rebuild the same surface; for a built-in one, its view.
    func figureSpec(name: String, for s: Surface) throws(CommandError) -> Scene.FigureSpec {
        var spec = Scene.FigureSpec(name: name, surfaces: [s.spec.description])
        if s.expression != nil {
            spec.expressionDomain = s.domain
            spec.expressionMinimum = try minimumPoint()
        } else {
            spec.viewDomain = s.domain
        }
        return spec
    }
}

/// `--domain` for commands that have no view domain of their own.
struct DomainOption: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "The view X0,X1,Y0,Y1: a formula's domain (default -3,3,-3,3), or a built-in surface's, zoomed in or out.")
    var domain: String?
}
