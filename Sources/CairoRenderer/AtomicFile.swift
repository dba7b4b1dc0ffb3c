#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Writes files so that a reader never sees a partial one: the bytes go to a temporary file beside
/// the target (`.NAME.tmp-PID-N`), and the temporary file is renamed over the target. If anything
/// fails, the temporary file is removed and the old target, if any, is left as it was. Temporary
/// files left by a killed process are removed by the next write of the same file.
///
/// A device or a pipe (`/dev/stdout`, a FIFO) is written in place: it cannot be renamed over.
/// Through a symbolic link, the file it points to is replaced, not the link. There is no fsync:
/// the rename makes the replacement atomic for every process, which is the promise; surviving a
/// power cut is the file system's job.
///
/// ```swift
/// try AtomicFile.write(Array("x,y\n".utf8), to: "out/path.csv")
/// ```
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(RenderError) {
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .write(path: path, reason: "not a file name") }
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            // (as root, /dev/full would otherwise be replaced by a regular file)
            case S_IFCHR, S_IFIFO: return try writeInPlace(bytes, to: path)
            case S_IFDIR: throw .write(path: path, reason: "it is a directory")
            default: throw .write(path: path, reason: "it exists and is not a regular file")
            }
        }
        let target = try linkTarget(path)
        let directory = FilePath.directory(of: target)
        let name = FilePath.name(of: target)
        removeStaleTemporaries(in: directory.isEmpty ? "." : directory, of: name)
        let temporary = FilePath.join(directory, temporaryName(of: name, suffix: ".tmp-\(getpid())-\(counter.next())"))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .write(path: path, reason: String(cString: strerror(errno))) }
        var failure = writeAll(bytes, to: fd)
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw .write(path: path, reason: String(cString: strerror(failure)))
        }
    }

    /// The file a path names once symbolic links are followed, whether or not that file exists
    /// yet: a link to a file still to be written is written through, not replaced.
    static func linkTarget(_ path: String) throws(RenderError) -> String {
        var target = path
        var info = stat()
        for _ in 0..<40 {
            guard lstat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return target }
            if let resolved = realpath(target, nil) {
                defer { free(resolved) }
                return String(cString: resolved)
            }
            // A dangling link: read it, relative to its own directory.
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(target, &buffer, buffer.count - 1)
            guard n > 0 else { return target }
            let link = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            target = link.hasPrefix("/") ? link : FilePath.join(FilePath.directory(of: target), link)
        }
        throw .write(path: path, reason: "too many levels of symbolic links")
    }

    /// `.NAME` + `suffix`, with NAME cut (on a character boundary) so that the whole fits in
    /// the 255 bytes a file name may have: a name that is itself nearly 255 bytes long can still
    /// be written.
    static func temporaryName(of name: String, suffix: String) -> String {
        let room = 255 - 1 - suffix.utf8.count
        var kept = Substring(name)
        while kept.utf8.count > room { kept = kept.dropLast() }
        return "." + kept + suffix
    }

    /// Writes to a device or pipe directly; a failed write (ENOSPC on /dev/full) is reported.
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws(RenderError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .write(path: path, reason: String(cString: strerror(errno))) }
        // Blocking writes from here on (O_NONBLOCK only kept open() from waiting for a FIFO reader).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var failure = writeAll(bytes, to: fd)
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw .write(path: path, reason: String(cString: strerror(failure))) }
    }

    /// All of `bytes` to `fd`, retrying after signals; 0, or the errno of the failed write.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
    }

    /// Removes temporary files left in `directory` by a process that was killed mid-write
    /// (`.NAME.tmp-PID-N` where no process PID is running any more); with `target`, only those
    /// of that file.
    public static func removeStaleTemporaries(in directory: String, of target: String? = nil) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        var stale: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // `.` NAME `.tmp-` PID `-` N, split at the last `.tmp-`.
            let bytes = Array(name.utf8), marker = Array(".tmp-".utf8)
            guard bytes.first == UInt8(ascii: "."), bytes.count > marker.count,
                  let at = stride(from: bytes.count - marker.count, through: 1, by: -1).first(where: { Array(bytes[$0..<($0 + marker.count)]) == marker })
            else { continue }
            if let target {
                let stem = String(decoding: bytes[1..<at], as: UTF8.self)
                // A long target's temporaries carry a cut name (see temporaryName(of:suffix:)).
                guard stem == target || (stem.utf8.count >= 200 && target.hasPrefix(stem)) else { continue }
            }
            let fields = String(decoding: bytes[(at + marker.count)...], as: UTF8.self).split(separator: "-")
            guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, fields[1].allSatisfy({ $0.isNumber }) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(name) }
        }
        for name in stale { unlink(FilePath.join(directory, name)) }
    }

    private static let counter = Counter()

    private final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}
