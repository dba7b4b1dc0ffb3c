import CairoRenderer
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Renders figure jobs in parallel and writes every file atomically into a directory.
enum FigureWriter {
    /// Runs every job (in parallel over the cores) and writes `DIR/NAME.FORMAT` for each of its
    /// formats. Returns the paths written, job by job; the first error (in job order) is thrown
    /// after every job has finished.
    static func write(_ jobs: [FigureJob], into directory: String, progress: Progress) throws(CommandError) -> [[String]] {
        try AtomicFile.makeDirectory(directory)
        AtomicFile.removeStaleTemporaries(in: directory)
        let results = Results(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            let job = jobs[k]
            var paths: [String] = []
            do throws(CommandError) {
                let files: [[UInt8]]
                if let spec = job.animate {
                    files = try job.animation(spec)
                } else {
                    files = try job.render(as: job.formats)
                }
                for (ext, bytes) in zip(job.extensions, files) {
                    let path = FilePath.join(directory, "\(job.name).\(ext)")
                    try AtomicFile.write(bytes, to: path)
                    paths.append(path)
                    progress.wrote(path)
                }
                results.set(k, .success(paths))
            } catch {
                results.set(k, .failure(error))
            }
        }
        let paths = try results.all()
        return paths
    }

    /// Thread-safe slots for per-job results.
    final class Results: @unchecked Sendable {
        private var slots: [Result<[String], CommandError>?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ r: Result<[String], CommandError>) {
            lock.lock()
            slots[k] = r
            lock.unlock()
        }
        func all() throws(CommandError) -> [[String]] {
            var out: [[String]] = []
            for slot in slots {
                switch slot {
                case let .success(paths)?: out.append(paths)
                case let .failure(error)?: throw error
                case nil: throw .failure("a figure was not rendered")
                }
            }
            return out
        }
    }
}

/// Progress on standard error: a bar with counts and elapsed time on a terminal, one line per file
/// otherwise, nothing when quiet.
final class Progress: @unchecked Sendable {
    let total: Int
    let quiet: Bool
    let terminal: Bool
    private var done = 0
    private var failure: CommandError?
    private let started = DispatchTime.now()
    private let lock = NSLock()

    init(files: Int, quiet: Bool) {
        total = files
        self.quiet = quiet
        terminal = isatty(STDERR_FILENO) != 0
    }

    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }

    func wrote(_ path: String) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        done += 1
        guard failure == nil else { return }
        do throws(CommandError) {
            if terminal {
                let width = 30
                let filled = total == 0 ? width : width * min(done, total) / total
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                try Console.error("\r\(bar) \(done)/\(total) files · \(String(format: "%.1f", elapsed)) s" + (done == total ? "\n" : ""))
            } else {
                try Console.line("wrote \(path)")
            }
        } catch {
            failure = error
        }
    }

    /// Throws if progress could not be written (standard error full or closed).
    func finish() throws(CommandError) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }
}
