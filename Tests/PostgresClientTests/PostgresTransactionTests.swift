import Foundation
import Testing

@testable import PostgresClient

@Suite("Transactions and errors", .timeLimit(.minutes(3)))
struct PostgresTransactionTests {
    struct Abort: Error {}

    private func count(_ table: String, in pool: PostgresPool) async throws -> Int {
        try await pool.query("SELECT count(*) FROM \(unsafeSQL: table)")[0].decode(Int.self, at: 0)
    }

    @Test func thrownErrorRollsBackAndReturnCommits() async throws {
        let table = TestDatabase.uniqueName("tx")
        try await TestDatabase.withPool { pool in
            try await pool.query("CREATE TABLE \(unsafeSQL: table) (id int PRIMARY KEY)")
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO \(unsafeSQL: table) VALUES (\(1))")
                    throw Abort()
                }
            }
            #expect(try await count(table, in: pool) == 0)

            let inserted = try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO \(unsafeSQL: table) VALUES (\(2)), (\(3))").affectedRows
            }
            #expect(inserted == 2)
            #expect(try await count(table, in: pool) == 2)
            try await pool.query("DROP TABLE \(unsafeSQL: table)")
        }
    }

    @Test func swallowedStatementErrorMakesCommitThrow() async throws {
        let table = TestDatabase.uniqueName("tx_failed")
        try await TestDatabase.withPool { pool in
            try await pool.query("CREATE TABLE \(unsafeSQL: table) (id int PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO \(unsafeSQL: table) VALUES (\(1))")
                    _ = try? await connection.query("SELECT * FROM no_such_table_anywhere")
                }
            }
            #expect(error?.code == .inFailedSQLTransaction)
            #expect(try await count(table, in: pool) == 0)
            // The connection went back clean: the pool still works.
            #expect(try await pool.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
            try await pool.query("DROP TABLE \(unsafeSQL: table)")
        }
    }

    @Test func uniqueViolationCarriesItsSQLSTATE() async throws {
        let table = TestDatabase.uniqueName("unique")
        try await TestDatabase.withPool { pool in
            try await pool.query("CREATE TABLE \(unsafeSQL: table) (key text CONSTRAINT \(unsafeSQL: table)_key UNIQUE)")
            try await pool.query("INSERT INTO \(unsafeSQL: table) VALUES (\("secret-value"))")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("INSERT INTO \(unsafeSQL: table) VALUES (\("secret-value"))")
            }
            let failure = try #require(error)
            #expect(failure.kind == .server)
            #expect(failure.code == .uniqueViolation)
            #expect(failure.constraint == "\(table)_key")
            #expect(failure.description == "PostgreSQL error 23505 (unique_violation)")
            #expect(!failure.description.contains("secret-value"))
            #expect(String(reflecting: failure).contains("duplicate key"))
            #expect(failure.detail?.contains("secret-value") == true)
            #expect(!failure.isConnectionLost)
            try await pool.query("DROP TABLE \(unsafeSQL: table)")
        }
    }

    @Test func syntaxErrorAndUndefinedTable() async throws {
        try await TestDatabase.withPool { pool in
            let syntax = await #expect(throws: PostgresError.self) { try await pool.query("SELEC 1") }
            #expect(syntax?.code == .syntaxError)
            let missing = await #expect(throws: PostgresError.self) { try await pool.query("SELECT * FROM no_such_table_anywhere") }
            #expect(missing?.code == .undefinedTable)
            let badInput = await #expect(throws: PostgresError.self) { try await pool.query("SELECT \("nope")::int") }
            #expect(badInput?.code == .invalidTextRepresentation)
            #expect(pool.statistics.openConnections == 1)
        }
    }

    @Test func decodeMismatchNamesTheColumn() async throws {
        try await TestDatabase.withPool { pool in
            let rows = try await pool.query("SELECT 'abc'::text AS title, NULL::int8 AS attempts, 5::int4 AS count")
            let row = try #require(rows.first)
            let wrongType = try #require(throws: PostgresError.self) { try row.decode(Int.self, column: "title") }
            #expect(wrongType.kind == .decoding)
            #expect(wrongType.description == "cannot decode column 'title' of type text as Int")
            let null = try #require(throws: PostgresError.self) { try row.decode(Int.self, column: "attempts") }
            #expect(null.description.contains("'attempts' is NULL"))
            let missing = try #require(throws: PostgresError.self) { try row.decode(Int.self, column: "nope") }
            #expect(missing.description.contains("'nope'"))
            #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 3) }
            #expect(throws: PostgresError.self) { try row.decode((String, Int?).self) }
            #expect(throws: PostgresError.self) { try row.decode(UUID.self, at: 2) }
            #expect(try row.decode(String.self, at: 2) == "5")
            #expect(rows.columns == ["title", "attempts", "count"])
        }
    }

    @Test func nulByteInBindIsRefusedNotTruncated() async throws {
        try await TestDatabase.withPool { pool in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT \("ok"), \("before\u{0}after")::text")
            }
            #expect(error?.kind == .encoding)
            #expect(error?.description.contains("$2") == true)
        }
    }

    @Test func multiStatementScript() async throws {
        let table = TestDatabase.uniqueName("script")
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let rows = try await connection.execute(
                    unsafeSQL: """
                        CREATE TABLE \(table) (id int);
                        INSERT INTO \(table) VALUES (1), (2);
                        SELECT count(*) FROM \(table);
                        """
                )
                #expect(try rows[0].decode(Int.self, at: 0) == 2)
                let error = await #expect(throws: PostgresError.self) {
                    try await connection.execute(unsafeSQL: "INSERT INTO \(table) VALUES (3); SELECT 1/0;")
                }
                #expect(error?.code?.rawValue == "22012")
                // The failed script ran as one implicit transaction: its insert is gone too.
                #expect(try await connection.query("SELECT count(*) FROM \(unsafeSQL: table)")[0].decode(Int.self, at: 0) == 2)
                try await connection.execute(unsafeSQL: "DROP TABLE \(table)")
            }
        }
    }

    @Test func connectionErrorsAreClearAndFast() async throws {
        // A port nobody listens on: the connection is refused at once.
        let configuration = try PostgresConfiguration(url: "postgres://nobody:s3cr3t@127.0.0.1:1/db")
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
        }
        #expect(error?.kind == .connection)
        #expect(error?.description.contains("Connection refused") == true)
        #expect(error.map { String(reflecting: $0).contains("s3cr3t") } == false)
    }
}
