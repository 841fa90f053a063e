import Foundation
import Logging
import PostgresClient
import TaskBridgeCore
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(3))) struct MigratorTests {
    private static func withPool<Value>(_ url: String, _ body: (PostgresPool) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), logger: logger)
        return try await pool.shutDown { try await body(pool) }
    }

    @Test func migratingTwiceAppliesEverythingOnce() async throws {
        try await OwnDatabase.with { url in
            try await Self.withPool(url) { pool in
                let migrator = Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: Logger(label: "test"))
                let files = try migrator.load()
                #expect(files.map(\.version) == files.map(\.version).sorted())
                #expect(try await migrator.migrate().map(\.fileName) == files.map(\.fileName))
                #expect(try await migrator.migrate().isEmpty)
                let recorded = try await pool.query("SELECT version FROM schema_migrations ORDER BY version")
                #expect(try recorded.map { try $0.decode(Int.self, at: 0) } == files.map(\.version))
            }
        }
    }

    @Test func concurrentMigratorsTakeTurns() async throws {
        try await OwnDatabase.with { url in
            let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await Self.withPool(url) { pool in
                            try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: Logger(label: "test"))
                                .migrate().count
                        }
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts.sorted()
            }
            let files = try await Self.withPool(url) { pool in
                try Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: Logger(label: "test")).load()
            }
            // Each migration's transaction takes the lock and looks again: every file is applied once, by whichever
            // migrator got there first.
            #expect(applied.reduce(0, +) == files.count)
        }
    }

    @Test func anEditedMigrationStopsTheMigratorNamingIt() async throws {
        try await OwnDatabase.with { url in
            try await Self.withPool(url) { pool in
                let folder = try Self.copyOfMigrations()
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let migrator = Migrator(pool: pool, folder: folder, logger: Logger(label: "test"))
                try await migrator.migrate()
                let file = "\(folder)/003_relay_due_index.sql"
                try (String(contentsOfFile: file, encoding: .utf8) + "\n-- an afterthought\n").write(toFile: file, atomically: true, encoding: .utf8)
                let error = await #expect(throws: MigratorError.self) { try await migrator.migrate() }
                #expect(error.map { "\($0)" }?.hasPrefix("migration 003_relay_due_index.sql was changed after this database applied it") == true)
            }
        }
    }

    @Test func aDatabaseMigratedWithTheFirstTextOf001KeepsWorkingAndGainsItsColumn() async throws {
        try await OwnDatabase.with { url in
            try await Self.withPool(url) { pool in
                let folder = try Self.copyOfMigrations()
                defer { try? FileManager.default.removeItem(atPath: folder) }
                // 001 as it was first committed: without card_may_exist.
                let first = "\(folder)/001_initial.sql"
                let original = try String(contentsOfFile: first, encoding: .utf8)
                let line = try #require(original.split(separator: "\n", omittingEmptySubsequences: false).first { $0.contains("card_may_exist ") })
                try original.replacingOccurrences(of: line + "\n", with: "").write(toFile: first, atomically: true, encoding: .utf8)
                let early = Migrator(pool: pool, folder: folder, logger: Logger(label: "test"))
                _ = try await pool.query("CREATE TABLE schema_migrations (version integer PRIMARY KEY, file_name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
                let earlyFirst = try #require(try early.load().first)
                #expect(Migrator.earlierChecksums["001_initial.sql"]?.contains(earlyFirst.checksum) == true, "the test's 001 must be the text first committed")
                try await pool.withConnection { connection in try await connection.execute(unsafeSQL: earlyFirst.sql) }
                _ = try await pool.query("INSERT INTO schema_migrations (version, file_name, checksum) VALUES (1, '001_initial.sql', \(earlyFirst.checksum))")

                let applied = try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: Logger(label: "test")).migrate()
                #expect(applied.first?.version == 3)
                let column = try await pool.query("SELECT count(*)::int8 FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'card_may_exist'")
                #expect(try column.first?.decode(Int64.self, at: 0) == 1)
            }
        }
    }

    /// A private copy of the migrations folder a test may change.
    private static func copyOfMigrations() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: TestServices.migrationsFolder, toPath: folder)
        return folder
    }

    @Test func aMissingFolderIsAClearError() async throws {
        try await Self.withPool(TestServices.databaseURL) { pool in
            let migrator = Migrator(pool: pool, folder: "/nonexistent/migrations", logger: Logger(label: "test"))
            let error = await #expect(throws: MigratorError.self) { try await migrator.migrate() }
            #expect(error?.description.contains("/nonexistent/migrations") == true)
        }
    }

    @Test func theFolderComesFromTheFlagThenTheEnvironment() {
        #expect(Migrator.folder(flag: "/a", environment: ["MIGRATIONS_DIR": "/b"]) == "/a")
        #expect(Migrator.folder(flag: nil, environment: ["MIGRATIONS_DIR": "/b"]) == "/b")
        #expect(Migrator.folder(flag: nil, environment: [:]) == "./migrations")
    }
}
