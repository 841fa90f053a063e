import Foundation

/// The PostgreSQL and Redis that `make test` started for the whole test run.
public enum TestServices {
    /// The URL of the shared test PostgreSQL (`TEST_DATABASE_URL`).
    public static var databaseURL: String { required("TEST_DATABASE_URL") }

    /// The URL of the shared test Redis (`TEST_REDIS_URL`).
    public static var redisURL: String { required("TEST_REDIS_URL") }

    /// The folder `scripts/test` keeps the run's servers in (`TEST_SERVICES_DIR`); it deletes whatever tests
    /// start under it, even after a run it had to kill.
    public static var servicesFolder: String { required("TEST_SERVICES_DIR") }

    /// The repository's root folder, found from this file's own path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The repository's numbered migrations, as `taskbridge migrate` applies them.
    public static let migrationsFolder = repositoryRoot.appendingPathComponent("migrations").path

    /// The path of the installed program `name`, looked up in `PATH` and then `/usr/sbin` (where Debian puts
    /// daemons such as `haproxy` and `pgbouncer`), or nil when it is not installed.
    public static func installedProgram(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin"]
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func required(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            // Failing loudly beats skipping: a suite that quietly tests nothing looks green.
            fatalError("\(name) is not set: run the tests with `make test`, which starts the servers they need")
        }
        return value
    }
}
