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
        do {
            let value = try await body(pool)
            await pool.shutdown()
            return value
        } catch {
            await pool.shutdown()
            throw error
        }
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
            #expect(applied == [0, 0, files.count])
        }
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
