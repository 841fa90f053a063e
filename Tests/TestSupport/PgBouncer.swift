import Foundation
import PostgresClient

/// A PgBouncer of one test's own, in transaction-pooling mode, in front of a PostgreSQL: what an operator puts
/// between every process and the database, so tests can show nothing depends on session state.
///
/// Started through `scripts/services pgbouncer`, in a folder of the run's own that `scripts/test` deletes even
/// after a run it had to kill. Every database name passes through to the same server.
public final class PgBouncer: Sendable {
    /// PgBouncer's URL for the `taskbridge` database; `url(for:)` gives any other database's.
    public let databaseURL: String
    private let port: Int
    private let directory: String

    private init(databaseURL: String, port: Int, directory: String) {
        self.databaseURL = databaseURL
        self.port = port
        self.directory = directory
    }

    /// Whether Debian's `pgbouncer` is installed (`scripts/install-deps` tries to install it).
    public static let isInstalled = TestServices.installedProgram("pgbouncer") != nil

    /// Starts a PgBouncer in front of the server `serverURL` points at, runs `body`, and stops it whether `body`
    /// returned or threw.
    public static func with<Value>(
        name: String, inFrontOf serverURL: String = TestServices.databaseURL, _ body: (PgBouncer) async throws -> Value
    ) async throws -> Value {
        let upstream = try PostgresConfiguration(url: serverURL).port ?? 5432
        let directory = URL(fileURLWithPath: TestServices.servicesFolder)
            .appendingPathComponent("private/\(name)-\(UUID().uuidString.prefix(8))").path
        let output = try await PrivateServices.runScript(["pgbouncer", "--dir", directory, "--upstream-port", "\(upstream)"])
        let stop = { _ = try? await PrivateServices.runScript(["delete", "--dir", directory]) }
        guard let url = output.split(separator: "\n").first(where: { $0.hasPrefix("DATABASE_URL=") }).map({ String($0.dropFirst(13)) }),
            let port = try PostgresConfiguration(url: url).port
        else {
            await stop()
            throw PrivateServices.ScriptError(message: "scripts/services pgbouncer printed no URL: \(output)")
        }
        let bouncer = PgBouncer(databaseURL: url, port: port, directory: directory)
        do {
            let value = try await body(bouncer)
            await stop()
            return value
        } catch {
            await stop()
            throw error
        }
    }

    /// `directURL` (a database on the server behind PgBouncer) as reached through PgBouncer.
    public func url(for directURL: String) throws -> String {
        let database = try PostgresConfiguration(url: directURL).database ?? "postgres"
        return "postgres://postgres@127.0.0.1:\(port)/\(database)"
    }
}
