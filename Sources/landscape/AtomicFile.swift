import CairoRenderer
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The command line's file writes: `CairoRenderer.AtomicFile` (a temporary file beside the
/// target, renamed over it), with its errors as a command's, and the directories it writes into.
///
/// There is no fsync: the rename makes the replacement atomic for every process, which is the
/// promise; surviving a power cut is the file system's job (ext4 flushes a file renamed over
/// another before the rename commits), and an fsync per figure cost a millisecond on a fast disk
/// and far more on a slow one, a twentieth of a small render.
enum AtomicFile {
    /// `AtomicFile.write(_:to:)`, failing as a command does.
    static func write(_ bytes: [UInt8], to path: String) throws(CommandError) {
        do { try CairoRenderer.AtomicFile.write(bytes, to: path) } catch {
            if case let .write(path, reason) = error, reason == "not a file name" { throw .usage("'\(path)' is not a file name") }
            throw .failure(error.description)
        }
    }

    static func removeStaleTemporaries(in directory: String, of target: String? = nil) {
        CairoRenderer.AtomicFile.removeStaleTemporaries(in: directory, of: target)
    }

    /// Fails before any work when the directory a file would go into does not exist.
    static func checkDirectory(of path: String) throws(CommandError) {
        let directory = FilePath.directory(of: path)
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw .failure("cannot write '\(path)': the directory '\(directory)' does not exist")
        }
    }

    /// Makes the directory a command writes its files into, and checks that it can, before any
    /// work: a gallery that rendered for minutes to fail at its first write wasted them.
    static func prepareDirectory(_ path: String) throws(CommandError) {
        try makeDirectory(path)
        guard access(path, W_OK) == 0 else {
            throw .failure("cannot write into '\(path)': \(String(cString: strerror(errno)).lowercased())")
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
}
