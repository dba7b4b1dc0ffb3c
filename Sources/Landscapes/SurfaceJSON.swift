extension Surface {
    /// Everything known about the surface, as `landscape surfaces --json` prints it.
    public var jsonDescription: JSONValue {
        let summary = SurfaceCatalog.standard.entries.first { $0.name == name }?.summary ?? ""
        return .object([
            ("name", .string(name)),
            ("summary", .string(summary)),
            ("formula", .string(formula)),
            ("dimension", .number(Double(dimension))),
            ("axes", [.string(axisNames.x), .string(axisNames.y)]),
            ("parameters", .array(parameters.map { p in
                .object([("name", .string(p.name)), ("default", p.defaultValue.json), ("value", p.value.json), ("summary", .string(p.summary))])
            })),
            ("domain", [.number(domain.xmin), .number(domain.xmax), .number(domain.ymin), .number(domain.ymax)]),
            ("minima", .array(minima.map { m in
                .object([("point", .vector(m.point, dimension: dimension)), ("value", .number(m.value)), ("kind", .string(m.kind.rawValue))])
            })),
            ("starts", .array(starts.map { s in
                .object([("point", .vector(s.point, dimension: dimension)), ("note", .string(s.note)),
                         ("optimizers", .array(s.optimizers.map { .string($0) }))])
            })),
        ])
    }
}

extension ParameterValue {
    var json: JSONValue {
        switch self {
        case let .number(v): return .number(v)
        case let .text(s): return .string(s)
        }
    }
}
