import Foundation
import PostgresClient
import Testing
import TestSupport

/// Values decode the same whatever a server's or database's defaults are, and nothing the client sets outlives
/// a transaction: what PgBouncer in transaction-pooling mode needs, since it takes no startup `options`.
@Suite("Output settings per transaction", .timeLimit(.minutes(3)))
struct PostgresOutputSettingsTests {
    @Test func valuesDecodeTheSameUnderOtherDefaultsAndNothingLeaksIntoTheSession() async throws {
        try await OwnDatabase.with { url in
            let name = try #require(try PostgresConfiguration(url: url).database)
            try await TestDatabase.withPool(url: url) { pool in
                for setting in ["TimeZone = 'Asia/Kolkata'", "DateStyle = 'SQL, DMY'", "bytea_output = 'escape'", "IntervalStyle = 'sql_standard'"] {
                    try await pool.query("ALTER DATABASE \(unsafeSQL: name) SET \(unsafeSQL: setting)")
                }
            }
            try await TestDatabase.withPool(url: url, options: .init(maxConnections: 1)) { pool in
                let expected = Date(timeIntervalSince1970: 1_714_979_289.5)
                let statement: PostgresQuery = "SELECT '2024-05-06 07:08:09.5+00'::timestamptz, '\\x01ff'::bytea, current_setting('TimeZone')"
                let lone = try await pool.query(statement)
                #expect(try lone[0].decode((Date, Data, String).self) == (expected, Data([1, 255]), "UTC"))
                let inTransaction = try await pool.withTransaction { try await $0.query(statement) }
                #expect(try inTransaction[0].decode((Date, Data, String).self) == (expected, Data([1, 255]), "UTC"))
                // The one connection's session kept the database's defaults: a script gets no settings of ours.
                let session = try await pool.withConnection { try await $0.execute(unsafeSQL: "SELECT current_setting('TimeZone')") }
                #expect(try session[0].decode(String.self, at: 0) == "Asia/Kolkata")
            }
        }
    }
}
