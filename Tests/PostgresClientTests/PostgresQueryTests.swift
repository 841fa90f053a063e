import Foundation
import Testing

@testable import PostgresClient

@Suite("PostgresQuery", .timeLimit(.minutes(3)))
struct PostgresQueryTests {
    @Test func interpolationsBecomeNumberedBinds() {
        let id = 42
        let name = "x'; DROP TABLE tasks; --"
        let query: PostgresQuery = "SELECT * FROM t WHERE id = \(id) AND name = \(name)"
        #expect(query.sql == "SELECT * FROM t WHERE id = $1 AND name = $2")
        #expect(query.bindCount == 2)
        #expect(query.description == query.sql)
    }

    @Test func unsafeSQLIsSpliced() {
        let table = "tasks_2024"
        let query: PostgresQuery = "SELECT count(*) FROM \(unsafeSQL: table) WHERE status = \("queued")"
        #expect(query.sql == "SELECT count(*) FROM tasks_2024 WHERE status = $1")
        #expect(PostgresQuery(unsafeSQL: "SELECT 1").sql == "SELECT 1")
    }

    @Test func fragmentsAreRenumbered() {
        var filter: PostgresQuery = "status = \("queued") AND type = \("bug")"
        filter.append(unsafeSQL: " AND attempts < ")
        filter.append(bind: 3)
        let query: PostgresQuery = "SELECT id FROM tasks WHERE id > \(UUID()) AND \(fragment: filter) LIMIT \(10)"
        #expect(query.sql == "SELECT id FROM tasks WHERE id > $1 AND status = $2 AND type = $3 AND attempts < $4 LIMIT $5")
        #expect(query.bindCount == 5)
    }

    @Test func nilIsNullAndArraysAreLiterals() {
        let missing: String? = nil
        let query: PostgresQuery = "SELECT \(missing), \(["a", "b,c", "d\"e", "f\\g"]), \([1, nil, 3] as [Int?])"
        #expect(query.sql == "SELECT $1, $2, $3")
        #expect(["a", "b,c", "d\"e", "f\\g"].postgresText == #"{"a","b,c","d\"e","f\\g"}"#)
        #expect(([1, nil, 3] as [Int?]).postgresText == #"{"1",NULL,"3"}"#)
        #expect(([] as [String]).postgresText == "{}")
    }

    @Test func timestampsAreISOInUTCWithMicroseconds() {
        #expect(Date(timeIntervalSince1970: 0).postgresText == "1970-01-01T00:00:00.000000Z")
        #expect(Date(timeIntervalSince1970: 1_709_251_199.123456).postgresText == "2024-02-29T23:59:59.123456Z")
        #expect(Date(timeIntervalSince1970: -0.5).postgresText == "1969-12-31T23:59:59.500000Z")
        #expect(Date(timeIntervalSince1970: 1e300).postgresText == "infinity")
    }

    @Test func byteaIsHex() {
        #expect(Data([0x00, 0x0f, 0xff]).postgresText == #"\x000fff"#)
        #expect(Data().postgresText == #"\x"#)
    }
}
