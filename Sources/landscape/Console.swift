import CairoRenderer
import Landscapes
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error, written with `write(2)` and checked.
///
/// `print` and `FileHandle.write` either lose a failed write silently or trap on it. Every byte
/// the command line prints goes through here instead, so that a full disk, a closed stream or a
/// reader that went away ends the command with status 1 and one line on standard error (if
/// standard error can still take it):
///
/// ```
/// $ landscape contours bowl > /dev/full
/// landscape: cannot write to standard output: No space left on device
/// $ echo $?
/// 1
/// ```
///
/// Notes (`note: …`) are kept until the command succeeds, so a failing command prints exactly one
/// line: its error.
enum Console {
    /// Makes writes fail instead of killing the process: SIGPIPE is ignored (a write to a closed
    /// pipe returns EPIPE), and a standard stream that was closed at start is reopened on
    /// /dev/null for reading, so it can never be reused for a file we open and every write to it
    /// fails with EBADF.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for fd: Int32 in [0, 1, 2] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let made = open("/dev/null", O_RDONLY)
            if made >= 0, made != fd {
                dup2(made, fd)
                close(made)
            }
        }
    }

    /// Writes text to standard output.
    static func out(_ text: String) throws(CommandError) {
        try out(Array(text.utf8))
    }

    /// Writes bytes to standard output.
    static func out(_ bytes: [UInt8]) throws(CommandError) {
        if let failure = write(bytes, to: STDOUT_FILENO) {
            throw .failure("cannot write to standard output: \(failure)")
        }
    }

    /// Writes one line (a newline is added) to standard error.
    static func line(_ text: String) throws(CommandError) {
        try error(text + "\n")
    }

    /// Writes text to standard error as it is (progress bars use carriage returns).
    static func error(_ text: String) throws(CommandError) {
        if let failure = write(Array(text.utf8), to: STDERR_FILENO) {
            throw .failure("cannot write to standard error: \(failure)")
        }
    }

    /// A note for standard error, printed once the command has succeeded.
    static func note(_ text: String) {
        notes.withLock { $0.append(text) }
    }

    /// Prints the notes kept so far.
    static func flushNotes() throws(CommandError) {
        let pending = notes.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for text in pending { try line("note: " + oneLine(text)) }
    }

    /// The last words of a failing command: one line, as far as standard error takes it.
    /// `detail` follows on a terminal only.
    static func report(_ message: String, detail: String? = nil) {
        var text = "landscape: \(oneLine(message))\n"
        if let detail, isatty(STDERR_FILENO) != 0 { text += detail + "\n" }
        _ = write(Array(text.utf8), to: STDERR_FILENO)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) -> String? {
        let failure = writeAll(bytes, to: fd)
        return failure == 0 ? nil : String(cString: strerror(failure))
    }

    private static let notes = Mutex<[String]>([])
}

/// `CairoRenderer/AtomicFile/writeAll(_:to:)`.
func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 { CairoRenderer.AtomicFile.writeAll(bytes, to: fd) }
