/// The most work and memory that one request from outside the program may ask for.
///
/// Every number that reaches the command line, a scene file, a trajectory file or a data file is
/// checked against these before any work starts, so that a typo (`--steps 1e10`, `samples=1e8`)
/// gets a one-line error naming the limit and what the request would need, instead of a process
/// that runs for hours or fills memory. The library's own initializers do not enforce them: a
/// program that builds values in code decides for itself.
public enum Limits {
    /// Bytes of one input file (scene, trajectory, data CSV): 64 MiB.
    public static let inputBytes = 64 << 20

    /// Steps of one run: 10⁷ (a recorded step takes about 100 bytes, so 1 GB).
    public static let steps = 10_000_000

    /// Recorded steps of one figure or command, over all its runs (optimizers × seeds × steps): 2·10⁷.
    public static let recordedSteps = 20_000_000

    /// Optimizer steps of one sweep (cells × steps), which records nothing: 2·10⁸, about 20 s on
    /// two cores for the costliest surface (sincos, 9·10⁶ steps/s), 3 s for a quadratic.
    public static let sweepSteps = 200_000_000

    /// What a stochastic step (a sample or mini-batch drawn by the shuffler) costs in full-batch
    /// steps of the sweep limit: about 5 (measured on sincos: 2·10⁶ per-sample steps a second
    /// against 9·10⁶), so a stochastic sweep may take 4·10⁷ steps.
    public static let stochasticStepCost = 5

    /// Cells of one sweep: 10⁶ (each holds its run's end and costs about 250 bytes and 2 µs to set
    /// up, so 1000×1000 cells need about 250 MB).
    public static let sweepCells = 1_000_000

    /// Samples of a data surface (synthetic or from a file): 10⁶.
    public static let samples = 1_000_000

    /// Nodes of a scene file after YAML aliases are expanded: 10⁶.
    public static let sceneNodes = 1_000_000

    /// Bytes of memory a recorded step takes, for the messages (measured: about 100).
    public static let bytesPerRecordedStep = 100

    /// `64 MiB`, `1.2 GB`: a size for a message.
    public static func describeBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        let b = Double(bytes)
        if b >= 1e9 { return "\(Rounding.significant(b / 1e9, digits: 2).shortDescription) GB" }
        if b >= 1e6 { return "\(Rounding.significant(b / 1e6, digits: 2).shortDescription) MB" }
        if b >= 1e3 { return "\(Rounding.significant(b / 1e3, digits: 2).shortDescription) kB" }
        return "\(bytes) bytes"
    }

    /// `1·10⁷`, `2.5·10⁹`, `300`: a count for a message.
    public static func describeCount(_ n: Double) -> String {
        guard n.isFinite else { return "∞" }
        if abs(n) < 1e5 { return Rounding.significant(n, digits: 3).shortDescription }
        var exponent = 0
        var m = abs(n)
        while m >= 10 { m /= 10; exponent += 1 }
        let superscripts = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let digits = String(exponent).compactMap { $0.wholeNumberValue.map { superscripts[$0] } }.joined()
        let mantissa = Rounding.significant(m, digits: 2)
        return (n < 0 ? "−" : "") + (mantissa == 1 ? "" : mantissa.shortDescription + "·") + "10" + digits
    }
}


/// Text from an input file for a message: quoted, with control characters escaped, and cut to
/// 60 characters so that one bad line of a large file stays one short line.
public func excerpt(_ text: some StringProtocol, limit: Int = 60) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        if out.unicodeScalars.count >= limit { return "'" + out + "…'" }
        out += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
    }
    return "'" + out + "'"
}

/// A message made safe for a terminal line: every control character (newlines, tabs, escape
/// sequences that would clear or recolour the screen, C1 controls) is written as a Swift escape
/// (`\n`, `\u{1B}`), so a file name or a value taken from a file cannot break the message into
/// lines or reach the terminal as a command.
public func oneLine(_ text: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
            out += scalar.escaped(asASCII: true)
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
