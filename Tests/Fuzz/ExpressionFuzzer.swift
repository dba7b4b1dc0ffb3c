// libFuzzer target for the expression parser and evaluator. Not part of the package build; see
// Tests/Fuzz/run.sh, which compiles it together with the Landscapes sources.
//
// For every input: parsing either succeeds or throws ExpressionError (never traps); a parsed
// tree prints to text that parses back to the same tree; the compiled function evaluates at a
// point, as a jet, and over a small grid, and the grid agrees with the point values.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let tree: ExpressionNode
    do { tree = try ExpressionNode(parsing: text) } catch {
        precondition(error.column >= 1, "an error must point at a column")
        return 0
    }
    let printed = tree.description
    let back: ExpressionNode
    do { back = try ExpressionNode(parsing: printed) } catch {
        preconditionFailure("printed text does not parse: \(printed)")
    }
    precondition(back == tree, "round trip changed the tree: \(text) -> \(printed)")
    let f = ExpressionFunction(tree)
    let p = Vector2(0.75, -0.5)
    let v = f.value(at: p), jet = f.jet(at: p)
    precondition(v == jet.v || (v.isNaN && jet.v.isNaN), "value and jet disagree for \(printed)")
    let grid = Grid(function: f, domain: Domain(xmin: -1, xmax: 1, ymin: -1, ymax: 1), nx: 5, ny: 4)
    for j in 0..<grid.ny {
        for i in 0..<grid.nx {
            let g = grid.values[j * grid.nx + i], w = f.value(at: Vector2(grid.x(i), grid.y(j)))
            precondition(g == w || (g.isNaN && w.isNaN), "grid and point disagree for \(printed)")
        }
    }
    return 0
}
