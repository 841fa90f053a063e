import Foundation

/// One of the package's built executables (or any program) run as a child process, as an operator runs it.
///
/// Spawned with posix_spawn and reaped with waitpid on a thread of its own. Foundation's `Process` is avoided on
/// purpose: it learns of a child's exit on a dispatch queue that shares the concurrency pool's threads, so a test
/// waiting for it can starve the queue that would wake it. Output goes to files, not pipes, so a child that
/// leaves a grandchild running never keeps a reader waiting.
public final class ChildProcess: Sendable {
    /// How a child ended.
    public struct Outcome: Sendable {
        /// The exit status, or nil when a signal ended it.
        public let status: Int32?
        /// The signal that ended it, or nil when it exited.
        public let signal: Int32?
        /// What it printed on stdout.
        public let stdout: String
        /// What it printed on stderr.
        public let stderr: String
    }

    /// The child's process id.
    public let pid: pid_t
    private let stdoutPath: String
    private let stderrPath: String

    /// Where SwiftPM put the executables built with the tests (the test bundle's own folder).
    public static let buildFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()

    /// Starts `executable` (a product name looked up in `buildFolder`, or an absolute path) with `arguments` and
    /// exactly `environment`.
    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String]) throws {
        let path = executable.hasPrefix("/") ? executable : Self.buildFolder.appendingPathComponent(executable).path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taskbridge-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stdoutPath = folder.appendingPathComponent("stdout").path
        stderrPath = folder.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of the test process goes along. A socket another test holds open (a server that is to
        // drop a connection, a client whose peer is to see it go) would otherwise stay open in the child, and in
        // a daemon the child starts, so a close in the test would never reach the other end.
        _ = Self.closeFrom?(&actions, 3)
        // The test process ignores SIGTERM and SIGINT (ServiceLifecycle handles them through dispatch sources),
        // and a spawned child inherits ignored signals: without resetting them, a PostgreSQL or Redis started
        // here could never be stopped with a signal.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw SpawnError(description: "could not start \(path): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift does not import: it is
    /// a GNU extension. Looked up once; nil where the C library lacks it.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs `executable` to its end.
    public static func run(_ executable: String, _ arguments: [String] = [], environment: [String: String]) async throws
        -> Outcome
    {
        try await ChildProcess(executable, arguments, environment: environment).wait()
    }

    /// Sends `signal` (SIGTERM, SIGKILL, SIGINT...).
    public func send(_ signal: Int32) {
        _ = kill(pid, signal)
    }

    /// What the child has printed on stdout so far.
    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    /// What the child has printed on stderr so far.
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits for the child to end, on a thread of its own, and returns how it ended. Call it once.
    public func wait() async -> Outcome {
        let pid = pid
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        // The wait status packs a terminating signal in its low 7 bits, else the exit status in the next byte.
        let signal = status & 0x7f
        return Outcome(
            status: signal == 0 ? (status >> 8) & 0xff : nil,
            signal: signal == 0 ? nil : signal,
            stdout: stdout,
            stderr: stderr)
    }

    /// A child that could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    deinit {
        try? FileManager.default.removeItem(atPath: (stdoutPath as NSString).deletingLastPathComponent)
    }
}
