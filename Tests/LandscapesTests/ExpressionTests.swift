import Testing
@testable import Landscapes

@Suite struct ExpressionParserTests {
    func value(_ text: String, _ x: Double = 3, _ y: Double = 2) throws -> Double {
        try ExpressionFunction(parsing: text).value(at: Vector2(x, y))
    }

    @Test func precedenceAndAssociativity() throws {
        let table: [(String, Double)] = [
            ("-x^2", -9), ("2^3^2", 512), ("(2^3)^2", 64), ("2*3+4", 10), ("2+3*4", 14), ("(2+3)*4", 20),
            ("2-3-4", -5), ("2-(3-4)", 3), ("2/4/2", 0.25), ("-2^2", -4), ("2^-1", 0.5), ("(-2)^2", 4),
            ("--2", 2), ("2*-3", -6), ("-x*y", -6), ("x^y^0", 3), ("e", 2.718281828459045), ("pi", Double.pi),
            ("1e-3*1000", 1), ("2.5E+1", 25), (".5", 0.5), ("min(3, 1+1)", 2), ("max(x, y)", 3), ("w1 + w2", 5),
            ("2^x*y", 16), ("x/y*2", 3), ("+x", 3), ("abs(-x)", 3), ("sqrt(x*x + 7)", 4), ("  x  ", 3),
        ]
        for (text, expected) in table {
            #expect(try value(text) == expected, "\(text)")
        }
    }

    /// Random trees print to text that parses back to the same tree, with no extra parentheses
    /// needed to say it.
    @Test func treeToTextAndBack() throws {
        var random = SplitMix64(seed: 42)
        func tree(_ depth: Int) -> ExpressionNode {
            let pick = depth == 0 ? random.next() % 4 : random.next() % 9
            switch pick {
            case 0: return .number(Double(random.next() % 1000) / 8)
            case 1: return .variable(Int(random.next() % 2))
            case 2: return .constant(random.next() % 2 == 0 ? "pi" : "e")
            case 3: return .number(Double(random.next() % 7))
            case 4: return .negate(tree(depth - 1))
            case 5, 6, 7:
                let op = ExpressionNode.BinaryOperator.allCases[Int(random.next() % 5)]
                return .binary(op, tree(depth - 1), tree(depth - 1))
            default:
                let f = ExpressionNode.Function.allCases[Int(random.next() % UInt64(ExpressionNode.Function.allCases.count))]
                return .call(f, (0..<f.arity).map { _ in tree(depth - 1) })
            }
        }
        for _ in 0..<2000 {
            let t = tree(5)
            let text = t.description
            let back = try ExpressionNode(parsing: text)
            #expect(back == t, "\(text)")
        }
        #expect(try ExpressionNode(parsing: "-(x*y)").description == "-(x*y)")
        #expect(try ExpressionNode(parsing: "(-x)^2").description == "(-x)^2")
        #expect(try ExpressionNode(parsing: "2^(-x)").description == "2^-x")
        #expect(try ExpressionNode(parsing: "((x)) + (y*(2))").description == "x + y*2")
        #expect(try ExpressionNode(parsing: "a - (b - c)".replacingOccurrences(of: "a", with: "x").replacingOccurrences(of: "b", with: "y").replacingOccurrences(of: "c", with: "1")).description == "x - (y - 1)")
    }

    @Test func errorsPointAtTheCharacter() {
        func error(_ text: String) -> ExpressionError? {
            do { _ = try ExpressionNode(parsing: text); return nil } catch { return error }
        }
        let e = error("x^2 + )")
        #expect(e?.message == "unexpected ')' at column 7; expected a number, variable or '('")
        #expect(e?.description == "unexpected ')' at column 7; expected a number, variable or '('\n  x^2 + )\n        ^")
        #expect(error("sinn(x)")?.message == "unknown function 'sinn' at column 1; did you mean 'sin'?")
        #expect(error("x + z")?.message.hasPrefix("unknown name 'z' at column 5") == true)
        #expect(error("(x + 1")?.message == "unexpected end of expression at column 7; expected ')' to close the '(' at column 1")
        #expect(error("x y")?.message == "unexpected 'y' at column 3; expected an operator (+ - * / ^) or the end")
        #expect(error("min(x)")?.message == "min takes two arguments, got 1 at column 1")
        #expect(error("sin x")?.message == "function 'sin' at column 1 needs its argument in parentheses, e.g. sin(x)")
        #expect(error("")?.message == "empty expression; expected a number, variable or '('")
        #expect(error("2 * # 3")?.column == 5)
        #expect(error("1e999")?.message == "number '1e999' at column 1 is out of range")
        #expect(error(String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500))?.message.hasPrefix("expression nested too deeply") == true)
        #expect(error(String(repeating: "-", count: 5000) + "x")?.message.hasPrefix("expression nested too deeply") == true)
        #expect(error(String(repeating: "x+", count: 6000) + "x")?.message.hasPrefix("expression too long") == true)
    }

    /// Random strings and random mutations of valid expressions: every one either parses and
    /// evaluates, or fails with an error; none crashes or hangs.
    @Test func randomInputNeverCrashes() {
        var random = SplitMix64(seed: 2026)
        let alphabet = Array("xyw12e.pi+-*/^()   ,0123456789sincoqrtlgmaxhbE")
        let seeds = ["x^2 + 10*sin(y)", "(1.5 - x + x*y)^2", "min(x, y) - max(abs(x), 2^-y)", "exp(-(x^2 + y^2)/2)", "sqrt(log(x))"]
        var parsed = 0, failed = 0
        for k in 0..<100_000 {
            var text: [Character]
            if k % 2 == 0 {
                text = (0..<Int(random.next() % 40)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            } else {
                text = Array(seeds[k % seeds.count])
                for _ in 0..<(1 + random.next() % 3) {
                    let at = text.isEmpty ? 0 : Int(random.next() % UInt64(text.count))
                    switch random.next() % 3 {
                    case 0 where !text.isEmpty: text.remove(at: at)
                    case 1: text.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                    default: if !text.isEmpty { text[at] = alphabet[Int(random.next() % UInt64(alphabet.count))] }
                    }
                }
            }
            do {
                let f = try ExpressionFunction(parsing: String(text))
                _ = f.value(at: [0.7, -1.3])
                _ = f.jet(at: [0.7, -1.3])
                parsed += 1
            } catch {
                #expect(error.column >= 1 && error.column <= text.count + 1)
                failed += 1
            }
        }
        #expect(parsed > 5000 && failed > 5000)
    }
}

@Suite struct ExpressionFunctionTests {
    /// Each analytic surface typed as a formula: the same value, gradient and Hessian to 1e-12
    /// relative (absolute below 1) at 1000 seeded points of its domain.
    @Test func builtInSurfacesAsExpressions() throws {
        let ravine = try Surface(spec: "ravine:kappa=50,angle=30").constantHessian!
        let cases: [(String, String)] = [
            ("bowl", "x^2 + y^2"),
            ("ravine", "0.5*(x^2 + 50*y^2)"),
            ("ravine:kappa=50,angle=30", "0.5*(\(ravine.xx)*x^2 + 2*\(ravine.xy)*x*y + \(ravine.yy)*y^2)"),
            ("two-well", "(x^2 - 1)^2 + 0.3*x + y^2"),
            ("rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2"),
            ("himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
            ("beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"),
            ("rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)"),
            ("saddle", "x^2 - y^2"),
            ("parabola", "x^2"),
            ("wavy", "2*x^2*sin(x)*cos(x)"),
        ]
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }
        for (spec, text) in cases {
            let surface = try Surface(spec: spec)
            let f = try ExpressionFunction(parsing: text)
            var random = SplitMix64(seed: 99)
            let d = surface.domain
            for _ in 0..<1000 {
                let p = Vector2(d.xmin + d.width * random.unit(), surface.dimension == 1 ? 0 : d.ymin + d.height * random.unit())
                let jet = f.jet(at: p)
                let g = surface.gradient(at: p), h = surface.hessian(at: p)
                #expect(close(f.value(at: p), surface.value(at: p)) && close(jet.v, surface.value(at: p)), "\(spec) value at \(p)")
                #expect(close(jet.dx, g.x) && close(jet.dy, g.y), "\(spec) gradient at \(p): \(jet.gradient) vs \(g)")
                #expect(close(jet.dxx, h.xx) && close(jet.dxy, h.xy) && close(jet.dyy, h.yy), "\(spec) hessian at \(p): \(jet.hessian) vs \(h)")
            }
        }
    }

    /// Every function's derivatives against central differences of the compiled value.
    @Test func everyFunctionAgainstFiniteDifferences() throws {
        let texts = ["sin(x*y)", "cos(x - y)", "tan(x/3)", "exp(x*y/4)", "log(x*x + y*y + 1)", "sqrt(x*x + 2*y*y + 1)",
                     "abs(x - 0.1)*y", "tanh(x + y)", "sinh(x/2)*y", "cosh(x*y/3)", "atan(x*y)", "min(x, y)^2", "max(x, 2*y)*x",
                     "x^y", "(x*x + 1)^1.5", "(x*x + 1)^-2", "y^3/x", "2^x*e^y"]
        for text in texts {
            let f = try ExpressionFunction(parsing: text)
            for p: Vector2 in [[0.7, 0.3], [1.3, -0.4], [0.45, 1.1]] {
                let jet = f.jet(at: p), step = 1e-5
                let gx = (f.value(at: p + [step, 0]) - f.value(at: p - [step, 0])) / (2 * step)
                let gy = (f.value(at: p + [0, step]) - f.value(at: p - [0, step])) / (2 * step)
                #expect(abs(jet.dx - gx) < 1e-6 * max(1, abs(gx)) && abs(jet.dy - gy) < 1e-6 * max(1, abs(gy)), "\(text) at \(p)")
                let hxx = (f.gradient(at: p + [step, 0]).x - f.gradient(at: p - [step, 0]).x) / (2 * step)
                let hxy = (f.gradient(at: p + [0, step]).x - f.gradient(at: p - [0, step]).x) / (2 * step)
                let hyy = (f.gradient(at: p + [0, step]).y - f.gradient(at: p - [0, step]).y) / (2 * step)
                #expect(abs(jet.dxx - hxx) < 1e-6 * max(1, abs(hxx)) && abs(jet.dxy - hxy) < 1e-6 * max(1, abs(hxy))
                        && abs(jet.dyy - hyy) < 1e-6 * max(1, abs(hyy)), "\(text) hessian at \(p)")
            }
        }
    }

    @Test func gridsMatchPointsAndSeparateByVariable() throws {
        for text in ["x^2 + 10*sin(y)", "x*y + 1", "3", "exp(-x)", "log(y)", "min(x, y) + x^2*y^2 - 2^y", "sqrt(x - y)"] {
            let f = try ExpressionFunction(parsing: text)
            let grid = Grid(function: f, domain: Domain(xmin: -2, xmax: 3, ymin: -1, ymax: 2), nx: 37, ny: 23)
            for j in 0..<grid.ny {
                for i in 0..<grid.nx {
                    let v = grid.values[j * grid.nx + i], w = f.value(at: [grid.x(i), grid.y(j)])
                    #expect(v == w || (v.isNaN && w.isNaN), "\(text) at \(i), \(j)")
                }
            }
        }
        // Folded and shared: x^2 + 10*sin(y) is x, x², y, sin y, 10, 10·sin y, and the sum.
        #expect(try ExpressionFunction(parsing: "x^2 + 10*sin(y)").instructionCount == 7)
        #expect(try ExpressionFunction(parsing: "sin(x)*sin(x) + 2*3").instructionCount == 5)
    }

    @Test func domainErrorsAreNaN() throws {
        let f = try ExpressionFunction(parsing: "log(x) + sqrt(y)")
        #expect(f.value(at: [-1, 1]).isNaN && f.value(at: [1, -1]).isNaN)
        #expect(!f.gradient(at: [-1, 1]).isFinite)
    }

    @Test func surfaceFromExpression() throws {
        let s = try Surface(expression: "(x - 1)^2 + 2*(y + 0.5)^2 + 0.5*sin(3*x)", domain: Domain(xmin: -2, xmax: 3, ymin: -2, ymax: 2))
        #expect(s.formula == "f(x, y) = (x − 1)² + 2·(y + 0.5)² + 0.5·sin(3·x)")
        let m = try #require(s.minima.first)
        #expect(m.kind == .globalMinimum && s.gradient(at: m.point).norm < 1e-12)
        #expect(s.spec.description == "expr:(x - 1)^2 + 2*(y + 0.5)^2 + 0.5*sin(3*x)")
        let again = try Surface(spec: s.spec.description)
        #expect(again.value(at: [0.3, 0.2]) == s.value(at: [0.3, 0.2]))
        let marked = try Surface(expression: "x^2 + y^2", minimum: [0.1, -0.1])
        #expect(marked.minima.map(\.point) == [[0, 0]])
        #expect(throws: SpecError.self) { try Surface(spec: "expr:x^") }
    }
}
