import Landscapes

extension ImportedGrid {
    /// A grid in CSV, in either of two layouts:
    /// - long: a header `x,y,NAME[,NAME…]` and one row per point, in any order, every (x, y) of the
    ///   lattice once;
    /// - matrix: a header row of x values after one leading cell (`y\x`, or empty), then rows of a
    ///   y value followed by the values at each x.
    /// Errors name the line.
    static func readCSV(_ path: String, text: String) throws(GridFileError) -> ImportedGrid {
        // Lines are walked, not split into an array: a file of blank lines costs no memory.
        var lines = TextLines(text).lazy.filter { !$0.line.allSatisfy { $0 == " " || $0 == "\t" } && !$0.line.hasPrefix("#") }.makeIterator()
        guard var header = lines.next() else { throw GridFileError(path, "empty (no header line)") }
        if header.line.hasPrefix("\u{FEFF}") { header.line = header.line.dropFirst() }
        let columns = header.line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters() }
        guard columns.count <= maxCoordinates + 1 else {
            throw GridFileError(path, "line \(header.number): \(columns.count) columns; at most \(maxCoordinates + 1)")
        }
        if columns.count >= 3, columns[0].lowercased() == "x", columns[1].lowercased() == "y" {
            let names = Array(columns.dropFirst(2))
            var seenNames = Set<String>()
            for (k, name) in names.enumerated() where !seenNames.insert(name).inserted {
                throw GridFileError(path, "line \(header.number): the column name \(excerpt(name)) appears twice (columns \((names.firstIndex(of: name) ?? 0) + 3) and \(k + 3))")
            }
            let budget = maxFileBytes / 8
            var points: [(x: Double, y: Double, v: [Double])] = []
            while let (number, line) = lines.next() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                guard cells.count == columns.count else {
                    throw GridFileError(path, "line \(number): \(cells.count) values; the header has \(columns.count)")
                }
                let x = try self.number(cells[0], line: number, column: 1, path), y = try self.number(cells[1], line: number, column: 2, path)
                guard x.isFinite, y.isFinite else { throw GridFileError(path, "line \(number): x and y must be finite numbers") }
                var v: [Double] = []
                for k in 2..<cells.count { v.append(try self.number(cells[k], line: number, column: k + 1, path)) }
                points.append((x, y, v))
                guard points.count * (names.count + 2) <= budget else {
                    throw GridFileError(path, "line \(number): more than \(budget) numbers (the limit of a grid file, \(maxFileBytes >> 20) MB as doubles)")
                }
            }
            let xs = Array(Set(points.map(\.x))).sorted(), ys = Array(Set(points.map(\.y))).sorted()
            guard xs.count >= 2, ys.count >= 2 else { throw GridFileError(path, "a grid needs at least 2 distinct x and 2 distinct y values") }
            guard points.count == xs.count * ys.count else {
                throw GridFileError(path, "not a rectangular grid: \(points.count) rows for \(xs.count) x values × \(ys.count) y values (\(xs.count * ys.count))")
            }
            let xIndex = Dictionary(uniqueKeysWithValues: xs.enumerated().map { ($1, $0) })
            let yIndex = Dictionary(uniqueKeysWithValues: ys.enumerated().map { ($1, $0) })
            var values = names.map { _ in [Double](repeating: .nan, count: xs.count * ys.count) }
            var seen = [Bool](repeating: false, count: xs.count * ys.count)
            for p in points {
                let k = (yIndex[p.y] ?? 0) * xs.count + (xIndex[p.x] ?? 0)
                guard !seen[k] else { throw GridFileError(path, "not a rectangular grid: (\(p.x), \(p.y)) appears twice") }
                seen[k] = true
                for n in names.indices { values[n][k] = p.v[n] }
            }
            return ImportedGrid(path: path, x: xs, y: ys, names: names, values: Dictionary(uniqueKeysWithValues: zip(names, values)))
        }
        // Matrix layout.
        guard columns.count >= 3 else {
            throw GridFileError(path, "line \(header.number): expected a header 'x,y,loss' (long form) or a row of x values after one leading cell (matrix form)")
        }
        var xs: [Double] = []
        for (k, c) in columns.enumerated().dropFirst() {
            let v = try number(Substring(c), line: header.number, column: k + 1, path)
            guard v.isFinite else { throw GridFileError(path, "line \(header.number): the x values must be finite numbers") }
            xs.append(v)
        }
        var ys: [Double] = [], values: [Double] = []
        while let (number, line) = lines.next() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw GridFileError(path, "line \(number): \(cells.count) values; the header has \(columns.count) (not a rectangular grid)")
            }
            let y = try self.number(cells[0], line: number, column: 1, path)
            guard y.isFinite else { throw GridFileError(path, "line \(number): the y value must be a finite number") }
            ys.append(y)
            for k in 1..<cells.count { values.append(try self.number(cells[k], line: number, column: k + 1, path)) }
            guard values.count <= maxFileBytes / 8 else {
                throw GridFileError(path, "line \(number): more than \(maxFileBytes / 8) numbers (the limit of a grid file, \(maxFileBytes >> 20) MB as doubles)")
            }
        }
        guard ys.count >= 2 else { throw GridFileError(path, "a grid needs at least 2 rows of values") }
        guard xs.count >= 2 else { throw GridFileError(path, "a grid needs at least 2 columns of values") }
        let name = FileName.stem(path)
        return ImportedGrid(path: path, x: xs, y: ys, names: [name], values: [name: values])
    }
}

extension ImportedGrid {
    /// A cell as a number: empty and `nan` are NaN (masked); anything else that is not a number
    /// is refused, naming the line and column.
    static func number(_ text: Substring, line: Int, column: Int, _ path: String) throws(GridFileError) -> Double {
        let t = text.trimmingCharacters()
        if t.isEmpty || t.lowercased() == "nan" { return .nan }
        guard t.utf8.count <= 64, let v = Double(t), !v.isNaN else {
            throw GridFileError(path, "line \(line): \(excerpt(t)) in column \(column) is not a number")
        }
        return v
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\"" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\"" { s.removeLast() }
        return String(s)
    }
}

extension String {
    func trimmingCharacters() -> String { Substring(self).trimmingCharacters() }
}
