import Foundation
import Logging
import PostgresClient
import TaskBridgeCore
import Testing
import TestSupport
import Trello

/// The whole path, API to card, with every process reaching PostgreSQL through PgBouncer in transaction-pooling
/// mode, which refuses startup `options` and hands each transaction whatever server connection is free: so
/// nothing may rest on session state (session settings, session advisory locks, named prepared statements).
@Suite(.timeLimit(.minutes(3)), .enabled(if: PgBouncer.isInstalled, "pgbouncer is not installed: run scripts/install-deps (Debian's pgbouncer)"))
struct PgBouncerTests {
    @Test func tasksBecomeOneCardEachThroughPgBouncerInTransactionMode() async throws {
        try await PgBouncer.with(name: "pgbouncer-e2e") { bouncer in
            // The world's database is created, migrated, written and read through PgBouncer.
            try await WorkerWorld.with(databaseServer: bouncer.databaseURL) { world in
                #expect(world.databaseURL.hasPrefix(bouncer.databaseURL.prefix { $0 != "/" }))
                let ids = try await submitMixed(120, to: world)
                try await world.withWorkers(2) {
                    try await eventually("120 tasks are done", timeout: .seconds(90)) { try await world.count(.done) == 120 }
                }
                let cards = try await world.sandbox.cards()
                let footers = cards.compactMap { CardFooter.taskID(in: $0.desc) }
                #expect(footers.count == 120)
                #expect(Set(footers) == Set(ids))
                // Timestamps decode through PgBouncer as through a direct connection.
                let record = try await world.task(try #require(ids.first))
                #expect(abs(record.createdAt.timeIntervalSinceNow) < 600)
            }
        }
    }

    @Test func concurrentMigratorsTakeTurnsThroughPgBouncer() async throws {
        try await PgBouncer.with(name: "pgbouncer-migrate") { bouncer in
            try await OwnDatabase.with(on: bouncer.databaseURL) { url in
                let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), logger: .init(label: "test"))
                let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            try await Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: .init(label: "test")).migrate().count
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                let files = try Migrator(pool: pool, folder: TestServices.migrationsFolder, logger: .init(label: "test")).load()
                let recorded = try await pool.query("SELECT count(*)::int8 FROM schema_migrations")
                await pool.shutdown()
                #expect(applied.reduce(0, +) == files.count)
                #expect(try recorded[0].decode(Int64.self, at: 0) == Int64(files.count))
            }
        }
    }
}
