import ArgumentParser
import Foundation
import Landscapes

/// `landscape eval`: value, gradient and Hessian of a surface at a point.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Print the value, gradient and Hessian of a surface at a point.",
        discussion: """
            Examples:
              $ landscape eval bowl --at 1,2
              bowl at (1, 2)
              value     5
              gradient  (2, 4)
              hessian   [[2, 0], [0, 2]]
              $ landscape eval ravine:kappa=100,angle=30 --at 1,-0.5 --json
              $ landscape eval wavy --at 1.5
              $ landscape eval --expr 'x^2 + 10*sin(y)' --at 1,0
            """
    )

    @Argument(help: "The surface spec, e.g. bowl or ravine:kappa=100,angle=30.", completion: Completions.surfaces)
    var surface: String?

    @OptionGroup var expression: ExpressionOptions
    @OptionGroup var domainOption: DomainOption

    @Option(name: .long, parsing: .unconditional, help: "The point: X,Y (or X for a curve such as parabola or wavy).")
    var at: String

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Option(name: .customLong("grid-file"), parsing: .unconditional, help: .hidden)
    var gridFile: String?

    func run() throws {
        guard gridFile == nil else {
            throw CommandError.usage("eval gives a surface's value, gradient and Hessian from its formula, and an imported grid has no formula: draw paths computed elsewhere over it with 'landscape render --grid-file FILE --path-file PATH'")
        }
        let s = try expression.surface(surface, domain: domainOption.domain, hasView: false)
        let p = try Arguments.point(at, option: "--at", dimension: s.dimension)
        let value = s.value(at: p), g = s.gradient(at: p), h = s.hessian(at: p)
        let f = Arguments.format
        if json {
            let hessian: JSONValue = s.dimension == 1
                ? [[.number(h.xx)]]
                : [[.number(h.xx), .number(h.xy)], [.number(h.xy), .number(h.yy)]]
            let object: JSONValue = .object([
                ("surface", .string(s.spec.description)), ("at", .vector(p, dimension: s.dimension)),
                ("value", .number(value)), ("gradient", .vector(g, dimension: s.dimension)), ("hessian", hessian),
            ])
            try Console.out(object.text())
        } else if s.dimension == 1 {
            try Console.out("""
                \(s.spec) at \(s.axisNames.x) = \(f(p.x))
                value              \(f(value))
                derivative         \(f(g.x))
                second derivative  \(f(h.xx))

                """)
        } else {
            try Console.out("""
                \(s.spec) at (\(f(p.x)), \(f(p.y)))
                value     \(f(value))
                gradient  (\(f(g.x)), \(f(g.y)))
                hessian   [[\(f(h.xx)), \(f(h.xy))], [\(f(h.xy)), \(f(h.yy))]]

                """)
        }
        if !s.domain.contains(p) {
            Console.note((s.dimension == 1 ? f(p.x) : "(\(f(p.x)), \(f(p.y)))") + " lies outside the default domain of \(s.name)")
        }
    }
}
