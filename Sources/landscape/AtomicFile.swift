import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file beside
/// the target, and the temporary file is renamed over the target. If anything fails, the temporary
/// file is removed and the old target, if any, is left as it was.
///
/// There is no fsync: the rename makes the replacement atomic for every process, which is the
/// promise; surviving a power cut is the file system's job (ext4 flushes a file renamed over
/// another before the rename commits), and an fsync per figure cost a millisecond on a fast disk
/// and far more on a slow one, a twentieth of a small render.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CommandError) {
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .usage("'\(path)' is not a file name") }
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            // A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in place: it cannot be
            // renamed over (and as root, /dev/full would be replaced by a regular file).
            case S_IFCHR, S_IFIFO: return try writeInPlace(bytes, to: path)
            case S_IFDIR: throw .failure("cannot write '\(path)': it is a directory")
            default: throw .failure("cannot write '\(path)': it exists and is not a regular file")
            }
        }
        // Through a symbolic link, the file it points to is replaced, not the link.
        var target = path
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        let directory = FilePath.directory(of: target)
        let name = FilePath.name(of: target)
        removeStaleTemporaries(in: directory.isEmpty ? "." : directory, of: name)
        let temporary = FilePath.join(directory, ".\(name).tmp-\(getpid())-\(Counter.next())")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .failure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        var failure = writeAll(bytes, to: fd)
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .failure("cannot write '\(path)': \(String(cString: strerror(failure)))")
        }
    }

    /// Writes to a device or pipe directly; a failed write (ENOSPC on /dev/full) is reported.
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws(CommandError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .failure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        // Blocking writes from here on (O_NONBLOCK only kept open() from waiting for a FIFO reader).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var failure = writeAll(bytes, to: fd)
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw .failure("cannot write '\(path)': \(String(cString: strerror(failure)))") }
    }

    /// Removes temporary files left in `directory` by a process that was killed mid-write
    /// (`.NAME.tmp-PID-N` where no process PID is running any more); with `target`, only those
    /// of that file.
    static func removeStaleTemporaries(in directory: String, of target: String? = nil) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            if let target, name[name.index(after: name.startIndex)..<range.lowerBound] != target { continue }
            let fields = name[range.upperBound...].split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, fields[1].allSatisfy(\.isNumber) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(FilePath.join(directory, name))
            }
        }
    }

    /// Fails before any work when the directory a file would go into does not exist.
    static func checkDirectory(of path: String) throws(CommandError) {
        let directory = FilePath.directory(of: path)
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw .failure("cannot write '\(path)': the directory '\(directory)' does not exist")
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
