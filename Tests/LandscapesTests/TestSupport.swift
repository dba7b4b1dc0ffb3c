import Landscapes

/// |a − b| ≤ atol + rtol·max(|a|, |b|).
func close(_ a: Double, _ b: Double, rtol: Double, atol: Double = 0) -> Bool {
    abs(a - b) <= atol + rtol * max(abs(a), abs(b))
}

/// Central differences of f along x and y with step h.
func numericGradient(_ f: (Vector2) -> Double, at p: Vector2, h: Double) -> Vector2 {
    Vector2((f(p + [h, 0]) - f(p - [h, 0])) / (2 * h), (f(p + [0, h]) - f(p - [0, h])) / (2 * h))
}

/// The description of the error `body` throws, or "" when it throws none.
func errorText(_ body: () throws -> Void) -> String {
    do {
        try body()
        return ""
    } catch { return "\(error)" }
}
