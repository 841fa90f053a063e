import Crypto
import Foundation
import Logging
import PostgresClient

/// Applies the numbered `.sql` files of the migrations folder that the database has not seen yet, in order, each
/// in its own transaction, and records them in `schema_migrations` with their checksum. A file changed after it
/// was applied stops the migrator: migrations are never edited, a change is a new file.
///
/// Safe to run twice (applied versions are skipped) and from several processes at once: each migration's
/// transaction takes a transaction-level advisory lock and looks again at what is applied, so the second one finds
/// everything applied. Nothing outlives a transaction, so it also works through PgBouncer in transaction mode.
public struct Migrator: Sendable {
    /// The advisory lock key every migrator takes ("taskbrdg" in ASCII).
    public static let lockKey: Int64 = 0x7461_736B_6272_6467
    /// The folder used when neither `MIGRATIONS_DIR` nor a flag names one.
    public static let defaultFolder = "./migrations"

    /// Checksums an applied migration may be recorded with besides its file's own: the texts a file had before it
    /// was edited, from the time before edits were refused. `001_initial.sql` gained `card_may_exist` once; a
    /// database that applied the earlier text gets the column from `006_card_may_exist_everywhere.sql`.
    public static let earlierChecksums: [String: Set<String>] = [
        "001_initial.sql": ["a522ad57592d3024523efe7036c91e5194f7d4bd24f5f6632606adceff21e073"]
    ]

    /// The pool the migrator borrows one connection from.
    public let pool: PostgresPool
    /// The folder holding the `.sql` files.
    public let folder: String
    private let logger: Logger

    /// A migrator for the files in `folder`.
    public init(pool: PostgresPool, folder: String, logger: Logger) {
        self.pool = pool
        self.folder = folder
        self.logger = logger
    }

    /// The folder to use: `flag` if given, else `MIGRATIONS_DIR` from `environment`, else `./migrations`.
    public static func folder(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let variable = environment["MIGRATIONS_DIR"], !variable.isEmpty { return variable }
        return defaultFolder
    }

    /// The migrations in the folder, by version.
    public func load() throws -> [Migration] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw MigratorError.folderMissing(folder)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        var migrations: [Int: Migration] = [:]
        for name in names where name.hasSuffix(".sql") {
            guard let version = Int(name.prefix(while: \.isNumber)) else { continue }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path), let sql = String(data: data, encoding: .utf8) else {
                throw MigratorError.unreadable(path)
            }
            if let other = migrations[version] {
                throw MigratorError.duplicateVersion(version, other.fileName, name)
            }
            let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            migrations[version] = Migration(version: version, fileName: name, sql: sql, checksum: checksum)
        }
        guard !migrations.isEmpty else { throw MigratorError.noMigrations(folder) }
        return migrations.values.sorted { $0.version < $1.version }
    }

    /// Applies every migration not yet recorded and returns those it applied (none when all were).
    @discardableResult
    public func migrate() async throws -> [Migration] {
        let migrations = try load()
        var recorded = try await inLockedTransaction { connection in
            try await connection.execute(unsafeSQL: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    file_name  text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            return try await recordedChecksums(on: connection)
        }
        var applied: [Migration] = []
        for migration in migrations {
            if recorded[migration.version] == nil {
                // Another migrator may have applied it since the last read: look again under the lock.
                let (current, didApply) = try await inLockedTransaction { connection in
                    let current = try await recordedChecksums(on: connection)
                    guard current[migration.version] == nil else { return (current, false) }
                    try await apply(migration, on: connection)
                    return (current, true)
                }
                recorded = current
                if didApply {
                    logger.info("Migration applied", metadata: ["migration.file": "\(migration.fileName)"])
                    applied.append(migration)
                    continue
                }
            }
            if let checksum = recorded[migration.version], checksum != migration.checksum,
                Self.earlierChecksums[migration.fileName]?.contains(checksum) != true
            {
                throw MigratorError.edited(fileName: migration.fileName)
            }
        }
        return applied
    }

    /// Runs `body` in a transaction that holds the migrators' advisory lock. The lock is transaction-level, not a
    /// session's: it ends with the transaction, so the migrator works through PgBouncer in transaction-pooling
    /// mode, where consecutive transactions may run on different server connections.
    private func inLockedTransaction<Value>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await pool.withTransaction(limits: .none) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            return try await body(connection)
        }
    }

    /// The checksum recorded for every applied version.
    private func recordedChecksums(on connection: PostgresConnection) async throws -> [Int: String] {
        var recorded: [Int: String] = [:]
        for row in try await connection.query("SELECT version, checksum FROM schema_migrations") {
            let (version, checksum) = try row.decode((Int, String).self)
            recorded[version] = checksum
        }
        return recorded
    }

    /// Runs one migration's script and records it, inside the caller's transaction.
    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        do {
            try await connection.execute(unsafeSQL: migration.sql)
            _ = try await connection.query("""
                INSERT INTO schema_migrations (version, file_name, checksum)
                VALUES (\(migration.version), \(migration.fileName), \(migration.checksum))
                """)
        } catch {
            let reason = (error as? PostgresError).map { String(reflecting: $0) } ?? "\(error)"
            throw MigratorError.failed(fileName: migration.fileName, reason: reason)
        }
    }
}
