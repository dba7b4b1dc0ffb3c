/// Paths as text, split at `/` by hand.
///
/// Foundation's `NSString` path methods trap on some one-character paths (`"z"`, `"-"`), so
/// neither the library nor the command line uses them.
///
/// ```swift
/// FilePath.directory(of: "figures/a.png")   // "figures"
/// FilePath.name(of: "figures/a.png")        // "a.png"
/// FilePath.stem(of: "figures/a.png")        // "a"
/// FilePath.directory(of: "z")               // ""
/// ```
public enum FilePath {
    /// Everything before the last `/` (`"/"` for a file in the root), or `""` for a bare name.
    public static func directory(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// The last component.
    public static func name(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The last component without its extension (a leading dot does not start an extension).
    public static func stem(of path: String) -> String {
        let base = name(of: path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// `directory/name`, or `name` when the directory is empty.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var s = Substring(path)
        while s.count > 1, s.hasSuffix("/") { s.removeLast() }
        return String(s)
    }
}
