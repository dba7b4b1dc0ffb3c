import ArgumentParser
import Foundation
import Landscapes

/// `landscape surfaces`: every surface with its formula, parameters, domain, minima and start points.
struct SurfacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surfaces",
        abstract: "List the surfaces with their formulas, parameters, domains and minima.",
        discussion: """
            Examples:
              $ landscape surfaces
              $ landscape surfaces --json > surfaces.json
            """
    )

    @Flag(name: .long, help: "Print JSON: an array with one object per surface.")
    var json = false

    func run() throws {
        let surfaces = try SurfaceCatalog.standard.names.map { name throws(CommandError) in try Arguments.surface(name) }
        if json {
            try Console.out(JSONValue.array(surfaces.map(\.jsonDescription)).text())
            return
        }
        var out = ""
        for (k, s) in surfaces.enumerated() {
            if k > 0 { out += "\n" }
            let summary = SurfaceCatalog.standard.entries.first { $0.name == s.name }?.summary ?? ""
            out += "\(s.name)  \(s.formula)\n"
            out += "  \(summary)\n"
            for p in s.parameters {
                out += "  parameter  \(p.name)=\(p.defaultValue.description.isEmpty ? "…" : p.defaultValue.description)  \(p.summary)\n"
            }
            let d = s.domain
            let f = Arguments.format
            if s.dimension == 1 {
                out += "  domain     \(s.axisNames.x) ∈ [\(f(d.xmin)), \(f(d.xmax))]\n"
            } else {
                out += "  domain     [\(f(d.xmin)), \(f(d.xmax))] × [\(f(d.ymin)), \(f(d.ymax))]\n"
            }
            for m in s.minima {
                let at = s.dimension == 1 ? f(m.point.x) : "(\(f(m.point.x)), \(f(m.point.y)))"
                let kind = m.kind == .saddle ? "saddle" : m.kind == .globalMinimum ? "global min" : "local min"
                out += "  " + kind.padding(toLength: 11, withPad: " ", startingAt: 0) + "\(at)  f = \(f(m.value))\n"
            }
            for start in s.starts {
                let at = s.dimension == 1 ? f(start.point.x) : "(\(f(start.point.x)), \(f(start.point.y)))"
                out += "  start      \(at)  \(start.note)\n"
                if !start.optimizers.isEmpty { out += "             \(start.optimizers.joined(separator: "  "))\n" }
            }
        }
        try Console.out(out)
    }
}
