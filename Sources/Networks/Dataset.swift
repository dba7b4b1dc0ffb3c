import Landscapes

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A data set for a small network: inputs as rows, with class labels or real targets.
///
/// Made from a spec (`spirals:n=300,noise=0.2,seed=0`), or read from a CSV file, or given.
/// Generators draw from `SplitMix64` and `NormalGenerator` only, so a seed gives the same
/// points on every run.
///
/// ```swift
/// let data = try Dataset(spec: "moons:n=200,noise=0.1,seed=3")
/// data.count          // 200
/// data.classCount     // 2
/// ```
public struct Dataset: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case classification, regression
    }

    public let kind: Kind
    /// The number of input features per row.
    public let featureCount: Int
    /// Row-major inputs: row i is `inputs[i·featureCount ..< (i + 1)·featureCount]`.
    public let inputs: [Double]
    /// Class labels 0, 1, … (classification), or one target per row (regression).
    public let labels: [Int]
    public let targets: [Double]
    /// The spec or file it came from, for titles and the run file.
    public var source: String

    /// A classification set. Labels must be 0 ..< k for some k ≥ 1.
    public init(inputs: [Double], featureCount: Int, labels: [Int], source: String = "data") {
        precondition(featureCount >= 1 && inputs.count == labels.count * featureCount && !labels.isEmpty,
                     "a data set needs at least one row of featureCount inputs per label")
        precondition(labels.allSatisfy { $0 >= 0 }, "labels are 0, 1, …")
        kind = .classification
        self.featureCount = featureCount
        self.inputs = inputs
        self.labels = labels
        targets = []
        self.source = source
    }

    /// A regression set with one real target per row.
    public init(inputs: [Double], featureCount: Int, targets: [Double], source: String = "data") {
        precondition(featureCount >= 1 && inputs.count == targets.count * featureCount && !targets.isEmpty,
                     "a data set needs at least one row of featureCount inputs per target")
        kind = .regression
        self.featureCount = featureCount
        self.inputs = inputs
        labels = []
        self.targets = targets
        self.source = source
    }

    public var count: Int { inputs.count / featureCount }
    /// The number of classes (1 + the largest label); 0 for regression.
    public var classCount: Int { (labels.max() ?? -1) + 1 }
    /// The number of network outputs the data needs: one logit per class, or one value.
    public var outputCount: Int { kind == .classification ? Swift.max(2, classCount) : 1 }

    /// Row i's inputs.
    public func row(_ i: Int) -> ArraySlice<Double> { inputs[(i * featureCount)..<((i + 1) * featureCount)] }

    /// The bounding box of the first two features, or of the feature and the target for 1-D
    /// regression: what a figure of the data shows.
    public var extent: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var x0 = Double.infinity, x1 = -Double.infinity, y0 = Double.infinity, y1 = -Double.infinity
        for i in 0..<count {
            let x = inputs[i * featureCount]
            let y = featureCount >= 2 ? inputs[i * featureCount + 1] : (kind == .regression ? targets[i] : 0)
            x0 = Swift.min(x0, x); x1 = Swift.max(x1, x)
            y0 = Swift.min(y0, y); y1 = Swift.max(y1, y)
        }
        return (x0...Swift.max(x1, x0), y0...Swift.max(y1, y0))
    }
}

// MARK: Generators

extension Dataset {
    /// The generators a spec can name, with their keys.
    public static let catalog: [(name: String, summary: String, parameters: [ParameterInfo])] = [
        ("spirals", "two interleaved spirals, 1.5 turns each", [count(300), noise(0.2), seed]),
        ("moons", "two interleaved half circles", [count(300), noise(0.1), seed]),
        ("circles", "a ring of one class around a disc of the other",
         [count(300), noise(0.05), seed,
          ParameterInfo(name: "factor", summary: "inner radius over outer radius, in (0, 1)", defaultValue: .number(0.5), constraint: .positive)]),
        ("blobs", "Gaussian blobs, one class each, centres on a circle of radius 2",
         [count(300), seed,
          ParameterInfo(name: "classes", summary: "number of blobs (classes), 2 to 10", defaultValue: .number(3), constraint: .count),
          ParameterInfo(name: "std", summary: "standard deviation of each blob", defaultValue: .number(0.5), constraint: .positive)]),
        ("xor", "points in [−1, 1]², class 1 where x₁·x₂ < 0", [count(300), noise(0), seed]),
        ("sine", "1-D regression: y = sin(x) + noise, x uniform in [−3, 3]", [count(100), noise(0.1), seed]),
    ]

    static func count(_ n: Double) -> ParameterInfo {
        ParameterInfo(name: "n", summary: "number of points", defaultValue: .number(n), constraint: .count)
    }
    static func noise(_ value: Double) -> ParameterInfo {
        ParameterInfo(name: "noise", summary: "standard deviation of the Gaussian noise", defaultValue: .number(value), constraint: .nonNegative)
    }
    static let seed = ParameterInfo(name: "seed", summary: "seed of the generator", defaultValue: .number(0), constraint: .count)

    /// The largest `n` a spec may ask for.
    public static let maxCount = 1_000_000

    /// Makes a data set from a spec such as `spirals:n=300,noise=0.2,seed=0`.
    public init(spec text: String) throws(SpecError) {
        let spec = try Spec(parsing: text)
        guard let entry = Self.catalog.first(where: { $0.name == spec.name }) else {
            throw .unknownName(kind: "data set", name: spec.name, known: Self.catalog.map(\.name))
        }
        let a = try ResolvedArguments(kind: "data set", spec: spec, parameters: entry.parameters)
        let n = Int(a.number("n"))
        guard n >= 2, n <= Self.maxCount else {
            throw .badValue(kind: "data set", name: spec.name, key: "n", value: spec["n"] ?? "", expected: "a whole number from 2 to \(Self.maxCount)")
        }
        // Positions from one stream, noise from another, so that noise=0 gives the same points.
        let seed = UInt64(a.number("seed"))
        var uniform = SplitMix64(seed: seed)
        var normal = NormalGenerator(seed: seed ^ 0x6A09_E667_F3BC_C909)
        let noise = a.optionalNumber("noise") ?? 0
        var xs: [Double] = [], labels: [Int] = []
        xs.reserveCapacity(2 * n)
        labels.reserveCapacity(n)
        func add(_ x: Double, _ y: Double, _ label: Int, _ normal: inout NormalGenerator) {
            xs.append(x + noise * normal.next())
            xs.append(y + noise * normal.next())
            labels.append(label)
        }
        switch spec.name {
        case "spirals":
            for i in 0..<n {
                let label = i % 2
                let t = uniform.unit().squareRoot() * 3 * Double.pi
                let r = t / (3 * Double.pi), sign = label == 0 ? 1.0 : -1.0
                add(sign * r * cos(t), sign * r * sin(t), label, &normal)
            }
        case "moons":
            for i in 0..<n {
                let label = i % 2
                let t = uniform.unit() * Double.pi
                if label == 0 { add(cos(t), sin(t), 0, &normal) } else { add(1 - cos(t), 0.5 - sin(t), 1, &normal) }
            }
        case "circles":
            let factor = a.number("factor")
            guard factor < 1 else {
                throw .badValue(kind: "data set", name: spec.name, key: "factor", value: spec["factor"] ?? "", expected: "a number in (0, 1)")
            }
            for i in 0..<n {
                let label = i % 2
                let t = uniform.unit() * 2 * Double.pi
                let r = label == 0 ? 1 : factor
                add(r * cos(t), r * sin(t), label, &normal)
            }
        case "blobs":
            let k = Int(a.number("classes")), std = a.number("std")
            guard (2...10).contains(k) else {
                throw .badValue(kind: "data set", name: spec.name, key: "classes", value: spec["classes"] ?? "", expected: "a whole number from 2 to 10")
            }
            for i in 0..<n {
                let label = i % k
                let angle = 2 * Double.pi * Double(label) / Double(k)
                xs.append(2 * cos(angle) + std * normal.next())
                xs.append(2 * sin(angle) + std * normal.next())
                labels.append(label)
            }
        case "xor":
            for _ in 0..<n {
                let x = 2 * uniform.unit() - 1, y = 2 * uniform.unit() - 1
                add(x, y, x * y < 0 ? 1 : 0, &normal)
            }
        default:   // sine
            var targets: [Double] = []
            var inputs: [Double] = []
            for _ in 0..<n {
                let x = 6 * uniform.unit() - 3
                inputs.append(x)
                targets.append(sin(x) + noise * normal.next())
            }
            self.init(inputs: inputs, featureCount: 1, targets: targets, source: spec.description)
            return
        }
        self.init(inputs: xs, featureCount: 2, labels: labels, source: spec.description)
    }
}

// MARK: CSV

extension Dataset {
    /// Reads a CSV file's text: a header row `x1,x2,…,label` for classes (whole-number labels
    /// from 0), or `x,y` (any header whose last column is not `label`) for 1-D regression on the
    /// last column. Errors name the line.
    public init(csv text: String, source: String) throws(DatasetError) {
        // Walked line by line: blank lines cost nothing, and a bad row stops the reading.
        var lines = TextLines(text).lazy.filter { !$0.line.trimmingSpaces.isEmpty }.map { ($0.number, $0.line) }.makeIterator()
        guard let header = lines.next() else { throw DatasetError(source: source, line: nil, message: "the file is empty") }
        let names = header.1.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces.lowercased() }
        guard names.count <= 10_000 else {
            throw DatasetError(source: source, line: header.0, message: "\(names.count) columns; at most 10000")
        }
        guard names.count >= 2 else {
            throw DatasetError(source: source, line: header.0, message: "the header needs at least two columns (x1,x2,label or x,y), got \(excerpt(header.1))")
        }
        let classification = names.last == "label"
        let features = names.count - 1
        var inputs: [Double] = [], labels: [Int] = [], targets: [Double] = []
        while let (number, line) = lines.next() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard cells.count == names.count else {
                throw DatasetError(source: source, line: number, message: "expected \(names.count) values, got \(cells.count)")
            }
            for (k, cell) in cells.enumerated() {
                guard let v = Double(cell), v.isFinite else {
                    throw DatasetError(source: source, line: number, message: "\(excerpt(cell)) in column '\(names[k])' is not a finite number")
                }
                if k < features {
                    inputs.append(v)
                } else if classification {
                    guard v >= 0, v == v.rounded(), v < 1000 else {
                        throw DatasetError(source: source, line: number, message: "label '\(cell)' is not a whole number from 0 to 999")
                    }
                    labels.append(Int(v))
                } else {
                    targets.append(v)
                }
            }
            if inputs.count / features > Self.maxCount {
                throw DatasetError(source: source, line: number, message: "more than \(Self.maxCount) rows")
            }
        }
        guard inputs.count / features >= 2 else {
            throw DatasetError(source: source, line: nil, message: "needs at least two rows of data after the header")
        }
        if classification {
            self.init(inputs: inputs, featureCount: features, labels: labels, source: source)
        } else {
            self.init(inputs: inputs, featureCount: features, targets: targets, source: source)
        }
    }
}

/// A data file that cannot be used, with the line at fault.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int?
    public var message: String
    public var description: String { "\(source)\(line.map { ", line \($0)" } ?? ""): \(message)" }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\r" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return s
    }
}
