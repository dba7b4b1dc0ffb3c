#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An expression compiled once into straight-line code over registers, evaluated as a value, a
/// jet (value, exact gradient and Hessian), or a whole grid.
///
/// Compilation folds constant subtrees, shares repeated subtrees, turns `u^2` into `u·u`, and
/// classifies every register by what it depends on: nothing, x only, y only, or both. A grid then
/// computes the x-only registers once per column and the y-only ones once per row, and runs only
/// the instructions that need both per point, a row at a time in tight loops. So
/// `x^2 + 10*sin(y)` costs one addition per point, as a hand-written separable surface would.
///
/// Points where a function leaves its domain (log of a negative, sqrt of a negative) give NaN:
/// the contour code masks such cells and an optimizer that reaches one stops as diverged.
public struct ExpressionFunction: DifferentiableFunction {
    enum Op: UInt8 {
        case constant, x, y, add, sub, mul, div, neg, square, powConst, pow
        case sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh, atan, min, max
    }

    enum Kind: UInt8 { case constant, x, y, xy }

    struct Instruction {
        var op: Op
        var a: Int
        var b: Int
        /// The value of a constant, or the exponent of `powConst`.
        var c: Double
    }

    public let tree: ExpressionNode
    let code: [Instruction]
    let kinds: [Kind]

    public init(_ tree: ExpressionNode) {
        self.tree = tree
        var compiler = Compiler()
        _ = compiler.emit(tree)
        code = compiler.code
        kinds = compiler.kinds
    }

    public init(parsing text: String) throws(ExpressionError) {
        self.init(try ExpressionNode(parsing: text))
    }

    /// The number of instructions after folding and sharing.
    public var instructionCount: Int { code.count }

    struct Compiler {
        var code: [Instruction] = []
        var kinds: [Kind] = []
        var memo: [ExpressionNode: Int] = [:]

        mutating func add(_ op: Op, _ a: Int = -1, _ b: Int = -1, _ c: Double = 0, kind: Kind) -> Int {
            code.append(Instruction(op: op, a: a, b: b, c: c))
            kinds.append(kind)
            return code.count - 1
        }

        func join(_ a: Kind, _ b: Kind) -> Kind {
            if a == b { return a }
            if a == .constant { return b }
            if b == .constant { return a }
            return .xy
        }

        mutating func emit(_ node: ExpressionNode) -> Int {
            if let r = memo[node] { return r }
            let r: Int
            if !node.uses(0) && !node.uses(1) {
                r = add(.constant, 0, 0, Self.fold(node), kind: .constant)
            } else {
                switch node {
                case .number, .constant: fatalError("unreachable: constants are folded")
                case let .variable(k): r = add(k == 0 ? .x : .y, kind: k == 0 ? .x : .y)
                case let .negate(a):
                    let ra = emit(a)
                    r = add(.neg, ra, kind: kinds[ra])
                case let .binary(op, a, b):
                    if op == .power, !b.uses(0), !b.uses(1) {
                        let c = Self.fold(b), ra = emit(a)
                        r = c == 2 ? add(.square, ra, kind: kinds[ra]) : add(.powConst, ra, -1, c, kind: kinds[ra])
                    } else {
                        let ra = emit(a), rb = emit(b)
                        let o: Op
                        switch op {
                        case .add: o = .add
                        case .subtract: o = .sub
                        case .multiply: o = .mul
                        case .divide: o = .div
                        case .power: o = .pow
                        }
                        r = add(o, ra, rb, kind: join(kinds[ra], kinds[rb]))
                    }
                case let .call(f, args):
                    let ra = emit(args[0])
                    let rb = args.count > 1 ? emit(args[1]) : -1
                    let kind = rb >= 0 ? join(kinds[ra], kinds[rb]) : kinds[ra]
                    r = add(Self.op(f), ra, rb, kind: kind)
                }
            }
            memo[node] = r
            return r
        }

        static func op(_ f: ExpressionNode.Function) -> Op {
            switch f {
            case .sin: return .sin
            case .cos: return .cos
            case .tan: return .tan
            case .exp: return .exp
            case .log: return .log
            case .sqrt: return .sqrt
            case .abs: return .abs
            case .tanh: return .tanh
            case .sinh: return .sinh
            case .cosh: return .cosh
            case .atan: return .atan
            case .min: return .min
            case .max: return .max
            }
        }

        /// The value of a subtree without variables.
        static func fold(_ node: ExpressionNode) -> Double {
            switch node {
            case let .number(v): return v
            case let .constant(name): return ExpressionNode.constants[name] ?? .nan
            case .variable: return .nan
            case let .negate(a): return -fold(a)
            case let .binary(op, a, b):
                let u = fold(a), v = fold(b)
                switch op {
                case .add: return u + v
                case .subtract: return u - v
                case .multiply: return u * v
                case .divide: return u / v
                case .power: return v == 2 ? u * u : pow(u, v)
                }
            case let .call(f, args):
                let u = fold(args[0]), v = args.count > 1 ? fold(args[1]) : 0
                return ExpressionFunction.scalar(op(f), u, v, 0)
            }
        }
    }

    /// One operation on plain numbers.
    @inline(__always)
    static func scalar(_ op: Op, _ u: Double, _ v: Double, _ c: Double) -> Double {
        switch op {
        case .constant: return c
        case .x, .y: return u
        case .add: return u + v
        case .sub: return u - v
        case .mul: return u * v
        case .div: return u / v
        case .neg: return -u
        case .square: return u * u
        case .powConst: return pow(u, c)
        case .pow: return pow(u, v)
        case .sin: return sin(u)
        case .cos: return cos(u)
        case .tan: return tan(u)
        case .exp: return exp(u)
        case .log: return log(u)
        case .sqrt: return sqrt(u)
        case .abs: return Swift.abs(u)
        case .tanh: return tanh(u)
        case .sinh: return sinh(u)
        case .cosh: return cosh(u)
        case .atan: return atan(u)
        case .min: return u.isNaN || v.isNaN ? .nan : Swift.min(u, v)
        case .max: return u.isNaN || v.isNaN ? .nan : Swift.max(u, v)
        }
    }

    /// One operation on jets.
    static func jet(_ op: Op, _ u: Jet, _ w: Jet, _ c: Double) -> Jet {
        switch op {
        case .constant: return Jet(c)
        case .x, .y: return u
        case .add: return u + w
        case .sub: return u - w
        case .mul: return u * w
        case .div: return u / w
        case .neg: return -u
        case .square: return u * u
        case .powConst:
            if c == 0 { return Jet(1) }
            if c == 1 { return u }
            return u.chain(pow(u.v, c), c * pow(u.v, c - 1), c * (c - 1) * pow(u.v, c - 2))
        case .pow:
            // u^w = exp(w·log u), for u > 0.
            var r = (w * u.chain(log(u.v), 1 / u.v, -1 / (u.v * u.v)))
            let e = exp(r.v)
            r = r.chain(e, e, e)
            r.v = pow(u.v, w.v)
            return r
        case .sin: let s = sin(u.v), k = cos(u.v); return u.chain(s, k, -s)
        case .cos: let s = sin(u.v), k = cos(u.v); return u.chain(k, -s, -k)
        case .tan:
            let t = tan(u.v), d = 1 + t * t
            return u.chain(t, d, 2 * t * d)
        case .exp: let e = exp(u.v); return u.chain(e, e, e)
        case .log: return u.chain(log(u.v), 1 / u.v, -1 / (u.v * u.v))
        case .sqrt:
            let s = sqrt(u.v)
            return u.chain(s, 0.5 / s, -0.25 / (s * u.v))
        case .abs:
            let sign: Double = u.v > 0 ? 1 : (u.v < 0 ? -1 : 0)
            return u.chain(Swift.abs(u.v), sign, 0)
        case .tanh:
            let t = tanh(u.v), d = 1 - t * t
            return u.chain(t, d, -2 * t * d)
        case .sinh: return u.chain(sinh(u.v), cosh(u.v), sinh(u.v))
        case .cosh: return u.chain(cosh(u.v), sinh(u.v), cosh(u.v))
        case .atan:
            let d = 1 / (1 + u.v * u.v)
            return u.chain(atan(u.v), d, -2 * u.v * d * d)
        case .min:
            if u.v.isNaN || w.v.isNaN { return Jet(.nan, dx: .nan, dy: .nan, dxx: .nan, dxy: .nan, dyy: .nan) }
            return u.v <= w.v ? u : w
        case .max:
            if u.v.isNaN || w.v.isNaN { return Jet(.nan, dx: .nan, dy: .nan, dxx: .nan, dxy: .nan, dyy: .nan) }
            return u.v >= w.v ? u : w
        }
    }

    // MARK: Points

    public func value(at p: Vector2) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: code.count) { r in
            for (k, ins) in code.enumerated() {
                switch ins.op {
                case .x: r[k] = p.x
                case .y: r[k] = p.y
                case .constant: r[k] = ins.c
                default: r[k] = Self.scalar(ins.op, r[ins.a], ins.b >= 0 ? r[ins.b] : 0, ins.c)
                }
            }
            return r[code.count - 1]
        }
    }

    /// Value, gradient and Hessian in one pass.
    public func jet(at p: Vector2) -> Jet {
        withUnsafeTemporaryAllocation(of: Jet.self, capacity: code.count) { r in
            let none = Jet(0)
            for (k, ins) in code.enumerated() {
                switch ins.op {
                case .x: r[k] = Jet.variable(0, p.x)
                case .y: r[k] = Jet.variable(1, p.y)
                case .constant: r[k] = Jet(ins.c)
                default: r[k] = Self.jet(ins.op, r[ins.a], ins.b >= 0 ? r[ins.b] : none, ins.c)
                }
            }
            return r[code.count - 1]
        }
    }

    public func gradient(at p: Vector2) -> Vector2 { jet(at: p).gradient }
    public func hessian(at p: Vector2) -> Hessian { jet(at: p).hessian }

    // MARK: Grids

    public func fillGrid(xs: [Double], ys: [Double], rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        let nx = xs.count, n = code.count
        guard nx > 0, !rows.isEmpty else { return }
        // One row of nx values per register that varies with x; one scalar per register otherwise.
        let arrays = UnsafeMutablePointer<Double>.allocate(capacity: n * nx)
        let scalars = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            arrays.deallocate()
            scalars.deallocate()
        }
        // Constants, then the x-only registers for every column, once.
        for (k, ins) in code.enumerated() where kinds[k] == .constant { scalars[k] = ins.c }
        for (k, ins) in code.enumerated() where kinds[k] == .x {
            let o = arrays + k * nx
            if ins.op == .x {
                for i in 0..<nx { o[i] = xs[i] }
            } else {
                run(ins, into: o, count: nx, arrays: arrays, scalars: scalars, nx: nx)
            }
        }
        let result = n - 1
        var row = out
        for j in rows {
            let y = ys[j]
            for (k, ins) in code.enumerated() where kinds[k] == .y {
                scalars[k] = ins.op == .y ? y : Self.scalar(ins.op, scalars[ins.a], ins.b >= 0 ? scalars[ins.b] : 0, ins.c)
            }
            for (k, ins) in code.enumerated() where kinds[k] == .xy {
                run(ins, into: k == result ? row : arrays + k * nx, count: nx, arrays: arrays, scalars: scalars, nx: nx)
            }
            switch kinds[result] {
            case .xy: break
            case .x: row.update(from: arrays + result * nx, count: nx)
            case .y, .constant: row.update(repeating: scalars[result], count: nx)
            }
            row += nx
        }
    }

    /// Runs one instruction over a row: operands that vary with x come from their row arrays,
    /// the others are scalars.
    @inline(__always)
    func run(_ ins: Instruction, into o: UnsafeMutablePointer<Double>, count: Int, arrays: UnsafeMutablePointer<Double>,
             scalars: UnsafeMutablePointer<Double>, nx: Int) {
        func operand(_ r: Int) -> (UnsafePointer<Double>?, Double) {
            let kind = kinds[r]
            return kind == .x || kind == .xy ? (UnsafePointer(arrays + r * nx), 0) : (nil, scalars[r])
        }
        let (a, sa) = operand(ins.a)
        let (b, sb) = ins.b >= 0 ? operand(ins.b) : (nil, 0)
        let c = ins.c
        switch ins.op {
        case .add: Self.binary(count, o, a, sa, b, sb) { $0 + $1 }
        case .sub: Self.binary(count, o, a, sa, b, sb) { $0 - $1 }
        case .mul: Self.binary(count, o, a, sa, b, sb) { $0 * $1 }
        case .div: Self.binary(count, o, a, sa, b, sb) { $0 / $1 }
        case .pow: Self.binary(count, o, a, sa, b, sb) { pow($0, $1) }
        case .min: Self.binary(count, o, a, sa, b, sb) { Self.scalar(.min, $0, $1, 0) }
        case .max: Self.binary(count, o, a, sa, b, sb) { Self.scalar(.max, $0, $1, 0) }
        case .neg: Self.unary(count, o, a!) { -$0 }
        case .square: Self.unary(count, o, a!) { $0 * $0 }
        case .powConst: Self.unary(count, o, a!) { pow($0, c) }
        case .sin: Self.unary(count, o, a!) { sin($0) }
        case .cos: Self.unary(count, o, a!) { cos($0) }
        case .tan: Self.unary(count, o, a!) { tan($0) }
        case .exp: Self.unary(count, o, a!) { exp($0) }
        case .log: Self.unary(count, o, a!) { log($0) }
        case .sqrt: Self.unary(count, o, a!) { sqrt($0) }
        case .abs: Self.unary(count, o, a!) { Swift.abs($0) }
        case .tanh: Self.unary(count, o, a!) { tanh($0) }
        case .sinh: Self.unary(count, o, a!) { sinh($0) }
        case .cosh: Self.unary(count, o, a!) { cosh($0) }
        case .atan: Self.unary(count, o, a!) { atan($0) }
        case .constant, .x, .y: break
        }
    }

    @inline(__always)
    static func unary(_ n: Int, _ o: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ f: (Double) -> Double) {
        for i in 0..<n { o[i] = f(a[i]) }
    }

    @inline(__always)
    static func binary(_ n: Int, _ o: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>?, _ sa: Double,
                       _ b: UnsafePointer<Double>?, _ sb: Double, _ f: (Double, Double) -> Double) {
        if let a, let b {
            for i in 0..<n { o[i] = f(a[i], b[i]) }
        } else if let a {
            for i in 0..<n { o[i] = f(a[i], sb) }
        } else if let b {
            for i in 0..<n { o[i] = f(sa, b[i]) }
        } else {
            let v = f(sa, sb)
            for i in 0..<n { o[i] = v }
        }
    }
}
