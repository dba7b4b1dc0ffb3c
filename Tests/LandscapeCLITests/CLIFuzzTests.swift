import Foundation
import Testing

/// The command-line fuzzer (see `CLIFuzzer`) over a seeded slice of its inputs.
///
/// The suite runs `LANDSCAPE_FUZZ_COUNT` inputs (default 1500) from `LANDSCAPE_FUZZ_START`
/// (default 0) against the binary beside the tests, or `LANDSCAPE_FUZZ_BINARY`.
/// `Tests/Fuzz/run.sh cli 100000` runs the full count against the release build.
/// `LANDSCAPE_FUZZ_LOG=FILE` writes one line per input: index, status, arguments, first line of
/// standard error.
@Suite struct CLIFuzzTests {
    @Test func everyInputEndsWithAStatusAndOneLineWithinBounds() throws {
        let env = ProcessInfo.processInfo.environment
        let count = env["LANDSCAPE_FUZZ_COUNT"].flatMap(Int.init) ?? 1500
        let first = env["LANDSCAPE_FUZZ_START"].flatMap(Int.init) ?? 0
        let binary = try env["LANDSCAPE_FUZZ_BINARY"] ?? landscapeBinary().path
        let timeLimit = env["LANDSCAPE_FUZZ_SECONDS"].flatMap(Double.init) ?? 30
        let memoryLimit = 1500.0
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }

        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var failures: [String] = []
            var statuses: [Int32: Int] = [:]
            var slowest = 0.0, largest = 0.0
            var done = 0
            var log: [String] = []
        }
        let tally = Tally()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < count {
                let index = first + k
                var fuzzer = CLIFuzzer(seed: UInt64(index) &* 0x2545_F491_4F6C_DD1D)
                let input = fuzzer.next()
                let directory = root.path + "/case-\(index)"
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let outcome = runCase(binary, input, in: directory, timeLimit: timeLimit)
                let problem = CLIFuzzer.violation(outcome, timeLimit: timeLimit, memoryLimitMB: memoryLimit)
                try? FileManager.default.removeItem(atPath: directory)
                tally.lock.lock()
                tally.done += 1
                if tally.done % 5000 == 0 {
                    FileHandle.standardError.write(Data("fuzz: \(tally.done) of \(count), \(tally.failures.count) violations, \(Int(Date().timeIntervalSince(started))) s\n".utf8))
                }
                if let status = outcome.status { tally.statuses[status, default: 0] += 1 }
                if env["LANDSCAPE_FUZZ_LOG"] != nil {
                    tally.log.append("\(index)\t\(outcome.status.map(String.init) ?? "signal")\t\(input.arguments.joined(separator: " "))\t\(outcome.stderr.split(separator: "\n").first ?? "")")
                }
                tally.slowest = max(tally.slowest, outcome.seconds)
                tally.largest = max(tally.largest, outcome.peakMegabytes)
                if let problem {
                    let files = input.files.filter { $0.name != "data.csv" }.map { "\($0.name): \(String(decoding: $0.bytes.prefix(300), as: UTF8.self).debugDescription)" }
                    tally.failures.append("case \(index): \(input.arguments.map(\.debugDescription).joined(separator: " ")) \(files.joined(separator: "; ")) — \(problem)")
                }
                tally.lock.unlock()
                k += workers
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let summary = "fuzz: \(tally.done) inputs from \(first) in \(String(format: "%.0f", seconds)) s: "
            + tally.statuses.keys.sorted().map { "\(tally.statuses[$0] ?? 0) exit \($0)" }.joined(separator: ", ")
            + "; \(tally.failures.count) violations; slowest \(String(format: "%.2f", tally.slowest)) s, largest \(Int(tally.largest)) MB"
        print(summary)
        if let path = env["LANDSCAPE_FUZZ_LOG"] {
            try tally.log.sorted().joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(tally.done == count)
        #expect(tally.failures.isEmpty, "\(summary)\n\(tally.failures.prefix(20).joined(separator: "\n"))")
        // The generator reaches all three outcomes.
        #expect(tally.statuses[0, default: 0] > 0 && tally.statuses[1, default: 0] > 0 && tally.statuses[2, default: 0] > 0)
    }
}
