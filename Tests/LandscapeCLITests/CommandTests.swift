import Foundation
import Testing

/// Runs the built `landscape` binary and captures its exit status and output.
struct Execution {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Standard output as bytes (for images).
    var stdoutBytes: [UInt8] = []
}

func landscapeBinary() throws -> URL {
    // The test bundle sits in the build products folder beside the executable.
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("landscape")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw CLIError("the landscape binary was not found beside \(CommandLine.arguments[0])")
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The command as installed: `LANDSCAPE_RELEASE_BINARY` when set (`./setup.sh test` sets it to
/// the release build that `./setup.sh gallery` and `./setup.sh install` use), else the debug
/// build beside the tests.
func installedBinary() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["LANDSCAPE_RELEASE_BINARY"], !path.isEmpty {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw CLIError("LANDSCAPE_RELEASE_BINARY '\(path)' is not an executable") }
        return URL(fileURLWithPath: path)
    }
    return try landscapeBinary()
}

func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Execution {
    try execute(try landscapeBinary(), arguments, environment: environment, in: directory)
}

/// Runs `executable` with `arguments` and captures its status and output. A process killed by a
/// signal reports the negated signal number as its status.
func execute(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Execution {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Both pipes drained at once (a full stderr pipe would stall the child), each read retried
    // when a signal interrupts it (Foundation's readDataToEndOfFile traps on EINTR).
    nonisolated(unsafe) var errData = Data()
    let errDone = DispatchSemaphore(value: 0)
    let errFD = err.fileHandleForReading.fileDescriptor
    Thread.detachNewThread {
        errData = readAll(errFD)
        errDone.signal()
    }
    let outData = readAll(out.fileHandleForReading.fileDescriptor)
    errDone.wait()
    process.waitUntilExit()
    return Execution(status: process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus,
                     stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData))
}

/// Everything readable from `fd` until end of file, retrying reads that a signal interrupts.
func readAll(_ fd: Int32) -> Data {
    var data = Data(), buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
        if n < 0 && errno == EINTR { continue }
        return data
    }
}

/// The root of this test process's temporary directories, removed (with all of them) when the
/// process exits, so that a test that leaves its directory behind leaves nothing in /tmp.
let temporaryRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-tests-\(getpid())")
    atexit { try? FileManager.default.removeItem(at: temporaryRoot) }
    return url
}()

func temporaryDirectory() throws -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite(.serialized) struct CommandTests {
    /// With the release build (as `./setup.sh test` runs it), the gallery at full size equals
    /// the committed `output/` byte for byte; with the debug build, a quick one (grid 60) run
    /// twice equals itself.
    @Test func galleryWritesPNGAndSVGAndRegeneratesByteForByte() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("output").path
        let binary = try installedBinary()
        let release = binary != (try landscapeBinary())
        func run(_ arguments: [String]) throws -> Execution { try execute(binary, arguments + (release ? [] : ["--grid", "60"])) }
        // The release build with no arguments at all, as `swift run landscape`: the gallery in
        // output/ of the working directory.
        let first = release ? try execute(binary, [], in: dir) : try run(["gallery", "--out", out])
        let shown = release ? "output" : out
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("wrote \(shown)/bowl.png") && first.stderr.contains("wrote \(shown)/index.html"))
        let png = try Data(contentsOf: URL(fileURLWithPath: out + "/bowl.png"))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let svg1 = try Data(contentsOf: URL(fileURLWithPath: out + "/bowl.svg"))
        let race1 = try Data(contentsOf: URL(fileURLWithPath: out + "/ravine-race.svg"))
        let turntable1 = try Data(contentsOf: URL(fileURLWithPath: out + "/two-well-turntable.gif"))
        // A second run gives the same bytes. With the release build, the comparison with the
        // committed output/ below shows that for every file (made by an earlier run), so the
        // second run (about a tenth of the suite's time on two cores) is the debug build's only.
        if !release {
            let second = try run(["gallery", "--out", out, "--quiet"])
            #expect(second.status == 0 && second.stderr.isEmpty)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/bowl.svg")) == svg1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/bowl.png")) == png)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/ravine-race.svg")) == race1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/two-well-turntable.gif")) == turntable1)
        }
        // Every figure in both formats, and no temporary files left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let figures = ["beale", "bowl", "himmelblau", "overview", "parabola-momentum", "rastrigin", "ravine", "ravine-side-by-side",
                       "ravine-sweep", "ravine-sweep-theory", "ravine-sweep-paths", "regression", "rosenbrock", "saddle", "sincos",
                       "sincos-sgd-band", "sincos-batch-size", "two-well", "wavy", "expression", "bowl-3d", "sincos-3d", "two-well-3d", "ravine-five", "ewma",
                       "spirals-shared", "spirals-shared-3d", "spirals-random", "spirals-per-optimizer", "spirals-interpolation", "spirals-regions", "loss-landscape-file",
                       "style-default", "style-paper", "style-slides", "style-dark", "style-transparent", "style-file", "two-well-starts",
                       "edge-of-stability", "xor-saddle", "ravine-curvature", "two-well-curvature",
                       "rosenbrock-tuned", "rastrigin-tuned", "ravine-sensitivity"]
        // The races are animated SVGs and GIFs, the turntable a GIF: the same bytes again too.
        let races = ["two-well-race", "ravine-race"]
        let stills: [String] = figures.flatMap { ["\($0).png", "\($0).svg"] }
        let animations: [String] = races.flatMap { ["\($0).svg", "\($0).gif"] } + ["two-well-turntable.gif"]
        #expect(names == (stills + animations + ["index.html"]).sorted())
        let race = try Data(contentsOf: URL(fileURLWithPath: out + "/two-well-race.svg"))
        #expect(String(decoding: race, as: UTF8.self).contains("@keyframes two-well-race-a1{"))
        #expect(turntable1.starts(with: Array("GIF89a".utf8)))
        if release {
            let committed = ReadmeSnippetTests.root.appendingPathComponent("output")
            let differing = try names.filter { name in
                try Data(contentsOf: committed.appendingPathComponent(name)) != Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            }
            #expect(differing.isEmpty, "the gallery differs from output/ in \(differing): regenerate it with ./setup.sh gallery")
        }
    }

    @Test func unwritableOutputFailsWithOneLineAndStatus1() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let result = try run(["gallery", "--out", blocker.path + "/sub"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("landscape: cannot create directory"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func existingFileSurvivesAFailedWrite() throws {
        let dir = try temporaryDirectory()
        defer {
            chmod(dir.path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        let bowl = dir.appendingPathComponent("bowl.png")
        #expect(try run(["render", "bowl", "--grid", "40", "--out", bowl.path, "--quiet"]).status == 0)
        let before = try Data(contentsOf: bowl)
        chmod(dir.path, 0o555)
        if getuid() == 0 { return }  // root writes anyway; the permission check below needs a normal user
        // Refused before any figure is drawn (it took a debug build 80 s to fail at the first
        // write), with one line, and the file is as it was.
        for arguments in [["gallery", "--out", dir.path, "--grid", "40"], ["render", "bowl", "--grid", "40", "--out", bowl.path]] {
            let result = try run(arguments)
            #expect(result.status == 1 && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(try Data(contentsOf: bowl) == before)
        }
        #expect(try run(["gallery", "--out", dir.path]).stderr == "landscape: cannot write into '\(dir.path)': permission denied\n")
    }

    @Test func unknownSubcommandIsAUsageError() throws {
        let result = try run(["galery"])
        #expect(result.status == 2)
        #expect(result.stderr == "landscape: unknown subcommand 'galery'; did you mean 'gallery'?\n")
        #expect(try run(["contour", "bowl"]).stderr == "landscape: unknown subcommand 'contour'; did you mean 'contours'?\n")
    }

    @Test func missingFontNamesThePackageToInstall() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try run(["gallery", "--out", dir.path], environment: ["LANDSCAPE_FONT_PATH": dir.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("apt-get install fonts-dejavu-core"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// The gallery's scenes without the source tree: listed with what they show, printed by name,
    /// file name or figure name, and a printed scene renders as it is.
    @Test func scenesListAndShow() throws {
        let list = try run(["scenes"])
        #expect(list.status == 0 && list.stdout.contains("\n  ravine ") && list.stdout.contains("two-well-starts"))
        #expect(list.stdout.split(separator: "\n").count >= 40, "\(list.stdout)")
        let byName = try run(["scenes", "show", "ravine"]), byFile = try run(["scenes", "show", "02-ravine.yaml"])
        #expect(byName.status == 0 && byName.stdout.contains("name: ravine") && byName.stdout == byFile.stdout)
        let wrong = try run(["scenes", "show", "ravin"])
        #expect(wrong.status != 0 && wrong.stderr == "landscape: unknown scene 'ravin'; did you mean 'ravine'?\n")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try byName.stdout.write(to: dir.appendingPathComponent("ravine.yaml"), atomically: true, encoding: .utf8)
        let render = try run(["render", "--scene", "ravine.yaml", "--out", "figures/", "--quiet"], in: dir)
        #expect(render.status == 0, "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("figures/ravine.png").path))
    }

    @Test func versionAndHelp() throws {
        let version = try run(["--version"])
        #expect(version.status == 0 && version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try run(["gallery", "--help"])
        #expect(help.status == 0 && help.stdout.contains("$ landscape gallery --out output"))
    }
}

/// Help that reads well at a terminal's 80 columns: every subcommand has examples, and no example
/// is wrapped inside a command (long ones continue with `\`).
@Suite struct HelpTests {
    static let commands = [["gallery"], ["scenes"], ["scenes", "list"], ["scenes", "show"], ["surfaces"], ["styles"], ["eval"], ["trace"],
                           ["check"], ["diff"], ["contours"], ["render"], ["animate"], ["sweep"], ["net"], ["net", "train"],
                           ["net", "render"], ["net", "animate"], ["net", "tune"], ["tune"], ["bench"]]

    @Test(arguments: commands)
    func examplesAreWholeAt80Columns(_ command: [String]) throws {
        let help = try run(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Example") }, "\(command): no examples")
        let end = lines[start...].firstIndex { $0.hasPrefix("USAGE") } ?? lines.endIndex
        let examples = lines[(start + 1)..<end].filter { !$0.isEmpty }
        #expect(!examples.isEmpty)
        for line in examples {
            #expect(line.hasPrefix("  "), "\(command): an example wraps at 80 columns: '\(line)'")
            #expect(line.count <= 80, "\(command): '\(line)'")
        }
        // Every command begins with `$ landscape`, its continuation lines with four more spaces.
        #expect(examples.contains { $0.hasPrefix("  $ landscape ") })
    }
}

/// Shell completions complete values, not only option names: surfaces, optimizers, layouts,
/// colormaps, styles, and files by extension.
@Suite struct CompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsListTheValues(_ shell: String) throws {
        let script = try run(["--generate-completion-script", shell])
        #expect(script.status == 0)
        for value in ["rosenbrock", "two-well", "adamw", "nesterov", "3d+contour", "viridis_r", "Spectral", "slides", "theory", "regions"] {
            #expect(script.stdout.contains(value), "\(shell): \(value)")
        }
        #expect(script.stdout.contains("npz") && script.stdout.contains("yaml"), "\(shell): file extensions")
    }
}
