import Landscapes

extension ImportedGrid {
    /// A grid in CSV, in either of two layouts:
    /// - long: a header `x,y,NAME[,NAME…]` and one row per point, in any order, every (x, y) of the
    ///   lattice once;
    /// - matrix: a header row of x values after one leading cell (`y\x`, or empty), then rows of a
    ///   y value followed by the values at each x.
    /// Errors name the line.
    static func readCSV(_ path: String, text: String) throws(GridFileError) -> ImportedGrid {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        let rows = lines.enumerated().filter { !$0.element.allSatisfy { $0 == " " } && !$0.element.hasPrefix("#") }
        guard let header = rows.first else { throw GridFileError(path, "empty") }
        let columns = header.element.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters() }
        func number(_ text: Substring, line: Int, column: Int) throws(GridFileError) -> Double {
            let t = text.trimmingCharacters()
            if t.lowercased() == "nan" || t.isEmpty { return .nan }
            guard let v = Double(t), !v.isNaN || t.lowercased() == "nan" else {
                throw GridFileError(path, "line \(line): '\(t)' in column \(column) is not a number")
            }
            return v
        }
        if columns.count >= 3, columns[0].lowercased() == "x", columns[1].lowercased() == "y" {
            let names = Array(columns.dropFirst(2))
            var points: [(x: Double, y: Double, v: [Double])] = []
            for (index, line) in rows.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                guard cells.count == columns.count else {
                    throw GridFileError(path, "line \(index + 1): \(cells.count) values; the header has \(columns.count)")
                }
                let x = try number(cells[0], line: index + 1, column: 1), y = try number(cells[1], line: index + 1, column: 2)
                guard x.isFinite, y.isFinite else { throw GridFileError(path, "line \(index + 1): x and y must be finite numbers") }
                var v: [Double] = []
                for k in 2..<cells.count { v.append(try number(cells[k], line: index + 1, column: k + 1)) }
                points.append((x, y, v))
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
            throw GridFileError(path, "line \(header.offset + 1): expected a header 'x,y,loss' (long form) or a row of x values after one leading cell (matrix form)")
        }
        var xs: [Double] = []
        for (k, c) in columns.enumerated().dropFirst() {
            let v = try number(Substring(c), line: header.offset + 1, column: k + 1)
            guard v.isFinite else { throw GridFileError(path, "line \(header.offset + 1): the x values must be finite numbers") }
            xs.append(v)
        }
        var ys: [Double] = [], values: [Double] = []
        for (index, line) in rows.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw GridFileError(path, "line \(index + 1): \(cells.count) values; the header has \(columns.count) (not a rectangular grid)")
            }
            let y = try number(cells[0], line: index + 1, column: 1)
            guard y.isFinite else { throw GridFileError(path, "line \(index + 1): the y value must be a finite number") }
            ys.append(y)
            for k in 1..<cells.count { values.append(try number(cells[k], line: index + 1, column: k + 1)) }
        }
        guard ys.count >= 2 else { throw GridFileError(path, "a grid needs at least 2 rows of values") }
        let name = FileName.stem(path)
        return ImportedGrid(path: path, x: xs, y: ys, names: [name], values: [name: values])
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
