import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file beside
/// the target, are flushed to disk, and the temporary file is renamed over the target. If anything
/// fails, the temporary file is removed and the old target, if any, is left as it was.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CommandError) {
        // Never rename over a directory, a device or a pipe (as root, /dev/full would be replaced).
        var info = stat()
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            throw .failure("cannot write '\(path)': it exists and is not a regular file")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(Counter.next())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        var offset = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .failure("cannot write '\(path)': \(String(cString: strerror(failure)))")
        }
    }

    /// Removes temporary files left in `directory` by a process that was killed mid-write
    /// (`.NAME.tmp-PID-N` where no process PID is running any more).
    static func removeStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            let fields = name[range.upperBound...].split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), fields[1].allSatisfy(\.isNumber) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Makes a directory and its parents if missing.
    static func makeDirectory(_ path: String) throws(CommandError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .failure("cannot create directory '\(path)': \((error as NSError).localizedDescription)")
        }
    }

    private enum Counter {
        nonisolated(unsafe) static var value = 0
        static let lock = NSLock()
        static func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
