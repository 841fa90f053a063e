import Testing
import TestSupport

@testable import PostgresClient

@Suite("Server restarts", .timeLimit(.minutes(3)))
struct PostgresRestartTests {
    @Test func poolSurvivesRestartAndFailsFastWhileDown() async throws {
        try await PrivateServices.with(name: "pg-restart") { services in
            try await TestDatabase.withPool(url: services.databaseURL, options: .init(maxConnections: 3)) { pool in
                try await pool.query("CREATE TABLE survivors (id int)")
                try await pool.query("INSERT INTO survivors VALUES (1)")

                // A restart kills every idle connection; the next statement runs on a new one and succeeds.
                try await services.restart(.postgres)
                #expect(try await pool.query("SELECT count(*) FROM survivors")[0].decode(Int.self, at: 0) == 1)

                // While the server is down, every call fails with a connection error instead of hanging.
                try await services.kill(.postgres)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
                            #expect(error?.kind == .connection)
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(pool.statistics.openConnections == 0)

                // Back up: the pool opens fresh connections by itself.
                try await services.start()
                #expect(try await pool.query("SELECT count(*) FROM survivors")[0].decode(Int.self, at: 0) == 1)
                let inTransaction = try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO survivors VALUES (2)").affectedRows
                }
                #expect(inTransaction == 1)
            }
        }
    }
}
