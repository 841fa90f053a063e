import Foundation
import Testing

@testable import PostgresClient

/// Every supported type sent as a bind and read back, with the server's own view of the value checked too.
@Suite("Value round trips", .timeLimit(.minutes(3)))
struct PostgresTypeTests {
    /// Sends `value` cast to `type` and decodes what comes back.
    private func roundTrip<Value: PostgresEncodable & PostgresDecodable>(
        _ value: Value, as type: String, on connection: PostgresConnection
    ) async throws -> Value {
        let rows = try await connection.query("SELECT \(value)::\(unsafeSQL: type)")
        return try rows[0].decode(Value.self, at: 0)
    }

    @Test func strings() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let samples = [
                    "", "plain", "héllo wörld", "emoji 🚀👩‍👩‍👧 done", "中文字符 日本語 한국어", "quote ' and \" and \\",
                    "x'); DROP TABLE pg_class; --", "{braces,comma}", "NULL", "line\nbreak\ttab", String(repeating: "long", count: 10_000),
                ]
                for sample in samples {
                    #expect(try await roundTrip(sample, as: "text", on: connection) == sample)
                }
                let length = try await connection.query("SELECT char_length(\("🚀中"))")
                #expect(try length[0].decode(Int.self, at: 0) == 2)
            }
        }
    }

    @Test func integersAtTheirLimits() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                for value in [Int.min, -1, 0, 1, Int.max] {
                    #expect(try await roundTrip(value, as: "int8", on: connection) == value)
                }
                for value in [Int64.min, Int64.max] {
                    #expect(try await roundTrip(value, as: "int8", on: connection) == value)
                }
                for value in [Int32.min, Int32.max] {
                    #expect(try await roundTrip(value, as: "int4", on: connection) == value)
                }
                for value in [Int16.min, Int16.max] {
                    #expect(try await roundTrip(value, as: "int2", on: connection) == value)
                }
                let wide = try await connection.query("SELECT \(Int.max)::int8 - 1, 7::int2, 8::int4")
                #expect(try wide[0].decode((Int, Int, Int).self) == (Int.max - 1, 7, 8))
                let tooWide = try await connection.query("SELECT \(Int64(Int32.max) + 1)::int8")
                let error = try #require(throws: PostgresError.self) { try tooWide[0].decode(Int32.self, at: 0) }
                #expect(error.kind == .decoding)
            }
        }
    }

    @Test func doublesBoolsAndUUIDs() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                for value in [0.0, -0.5, 0.1, 1e300, -1e-300, Double.pi, Double.greatestFiniteMagnitude, .infinity, -.infinity] {
                    #expect(try await roundTrip(value, as: "float8", on: connection) == value)
                }
                #expect(try await roundTrip(Double.nan, as: "float8", on: connection).isNaN)
                let numeric = try await connection.query("SELECT 12.25::numeric, 3::int4")
                #expect(try numeric[0].decode((Double, Double).self) == (12.25, 3))
                #expect(try await roundTrip(true, as: "bool", on: connection) == true)
                #expect(try await roundTrip(false, as: "bool", on: connection) == false)
                let id = UUID()
                #expect(try await roundTrip(id, as: "uuid", on: connection) == id)
                let same = try await connection.query("SELECT \(id)::uuid = \(id.uuidString.lowercased())::uuid")
                #expect(try same[0].decode(Bool.self, at: 0))
            }
        }
    }

    @Test func timestampsKeepMicroseconds() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let dates = [
                    Date(timeIntervalSince1970: 1_709_251_199.123456),  // 2024-02-29, a leap day
                    Date(timeIntervalSince1970: 0),
                    Date(timeIntervalSince1970: -1_000_000_000.25),
                    Date(timeIntervalSince1970: 4_102_444_800.999999),  // 2100-01-01
                    Date(timeIntervalSinceReferenceDate: 0),
                ]
                for date in dates {
                    let back = try await roundTrip(date, as: "timestamptz", on: connection)
                    #expect(abs(back.timeIntervalSince(date)) < 1e-6)
                    #expect(back.postgresText == date.postgresText)
                }
                let server = try await connection.query(
                    """
                    SELECT \(dates[0])::timestamptz = '2024-02-29 23:59:59.123456+00'::timestamptz,
                           '2024-02-29 23:59:59.123456+00'::timestamptz,
                           '2024-03-01 01:59:59.5+02'::timestamptz,
                           '2024-02-29 23:59:59'::timestamp,
                           '2024-02-29'::date,
                           'infinity'::timestamptz
                    """
                )
                let (equal, fromServer, withOffset, withoutZone, day, infinity) = try server[0].decode(
                    (Bool, Date, Date, Date, Date, Date).self
                )
                #expect(equal)
                #expect(abs(fromServer.timeIntervalSince(dates[0])) < 1e-6)
                #expect(withOffset.postgresText == "2024-02-29T23:59:59.500000Z")
                #expect(withoutZone.postgresText == "2024-02-29T23:59:59.000000Z")
                #expect(day.postgresText == "2024-02-29T00:00:00.000000Z")
                #expect(infinity == .distantFuture)
            }
        }
    }

    @Test func binaryBytes() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let bytes = Data([0x00, 0x01, 0x27, 0x5c, 0x22, 0x00, 0xff, 0x80])
                #expect(try await roundTrip(bytes, as: "bytea", on: connection) == bytes)
                #expect(try await roundTrip(Data(), as: "bytea", on: connection) == Data())
                let all = Data((0...255).map(UInt8.init))
                #expect(try await roundTrip(all, as: "bytea", on: connection) == all)
                let length = try await connection.query("SELECT length(\(bytes)::bytea), get_byte(\(bytes)::bytea, 5)")
                #expect(try length[0].decode((Int, Int).self) == (8, 0))
            }
        }
    }

    @Test func nulls() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let none: String? = nil
                let rows = try await connection.query(
                    "SELECT \(none)::text, \(Int?.none)::int8, \(Date?.none)::timestamptz, \(UUID?.none)::uuid, \(Data?.none)::bytea, \([String]?.none)::text[], \(Optional("x"))::text"
                )
                let values = try rows[0].decode((String?, Int?, Date?, UUID?, Data?, [String]?, String?).self)
                #expect(values.0 == nil && values.1 == nil && values.2 == nil && values.3 == nil)
                #expect(values.4 == nil && values.5 == nil && values.6 == "x")
                let isNull = try await connection.query("SELECT \(none)::text IS NULL")
                #expect(try isNull[0].decode(Bool.self, at: 0))
            }
        }
    }

    @Test func arraysWithAwkwardElements() async throws {
        try await TestDatabase.withPool { pool in
            try await pool.withConnection { connection in
                let strings = ["a,b", "quote\"d", "back\\slash", "{brace}", "NULL", "", "  spaced  ", "🚀 中", "x'y"]
                #expect(try await roundTrip(strings, as: "text[]", on: connection) == strings)
                let server = try await connection.query(
                    "SELECT array_length(\(strings)::text[], 1), (\(strings)::text[])[5] IS NULL, (\(strings)::text[])[2]"
                )
                #expect(try server[0].decode((Int, Bool, String).self) == (strings.count, false, "quote\"d"))

                let withNulls: [String?] = ["a", nil, "NULL", nil]
                #expect(try await roundTrip(withNulls, as: "text[]", on: connection) == withNulls)
                let nullCount = try await connection.query("SELECT array_position(\(withNulls)::text[], NULL)")
                #expect(try nullCount[0].decode(Int.self, at: 0) == 2)

                #expect(try await roundTrip([String](), as: "text[]", on: connection) == [])
                #expect(try await roundTrip([Int.min, 0, Int.max], as: "int8[]", on: connection) == [Int.min, 0, Int.max])
                #expect(try await roundTrip([1, nil, 3] as [Int?], as: "int8[]", on: connection) == [1, nil, 3])
                let ids = [UUID(), UUID()]
                #expect(try await roundTrip(ids, as: "uuid[]", on: connection) == ids)
                let dates = [Date(timeIntervalSince1970: 1.5), Date(timeIntervalSince1970: 1_700_000_000.000001)]
                let datesBack = try await roundTrip(dates, as: "timestamptz[]", on: connection)
                #expect(datesBack.map(\.postgresText) == dates.map(\.postgresText))
                #expect(try await roundTrip([true, false], as: "bool[]", on: connection) == [true, false])
                #expect(try await roundTrip([0.5, -2.25], as: "float8[]", on: connection) == [0.5, -2.25])
                let blobs = [Data([0, 1]), Data([0x5c, 0x22])]
                #expect(try await roundTrip(blobs, as: "bytea[]", on: connection) == blobs)

                let shifted = try await connection.query("SELECT '[0:1]={7,8}'::int4[]")
                #expect(try shifted[0].decode([Int].self, at: 0) == [7, 8])
                let nested = try await connection.query("SELECT '{{1,2},{3,4}}'::int4[]")
                #expect(throws: PostgresError.self) { try nested[0].decode([Int].self, at: 0) }
            }
        }
    }

    @Test func batchInsertThroughUnnest() async throws {
        let table = TestDatabase.uniqueName("batch")
        try await TestDatabase.withPool { pool in
            try await pool.query(
                "CREATE TABLE \(unsafeSQL: table) (id uuid PRIMARY KEY, title text NOT NULL, attempts int, due timestamptz)"
            )
            let ids = (0..<500).map { _ in UUID() }
            let titles = (0..<500).map { "task, \"\($0)\" \\ 🚀" }
            let attempts: [Int?] = (0..<500).map { $0 % 3 == 0 ? nil : $0 }
            let due = (0..<500).map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0) / 8) }
            let insert = try await pool.query(
                """
                INSERT INTO \(unsafeSQL: table) (id, title, attempts, due)
                SELECT * FROM unnest(\(ids)::uuid[], \(titles)::text[], \(attempts)::int[], \(due)::timestamptz[])
                """
            )
            #expect(insert.affectedRows == 500)
            #expect(insert.commandTag == "INSERT 0 500")
            let rows = try await pool.query("SELECT id, title, attempts, due FROM \(unsafeSQL: table) WHERE id = \(ids[3])")
            let row = try #require(rows.first)
            #expect(try row.decode((UUID, String, Int?, Date).self) == (ids[3], titles[3], nil, due[3]))
            #expect(try row.decode(Int?.self, column: "attempts") == nil)
            let count = try await pool.query("SELECT count(*) FROM \(unsafeSQL: table) WHERE attempts IS NULL")
            #expect(try count[0].decode(Int.self, at: 0) == 167)
            try await pool.query("DROP TABLE \(unsafeSQL: table)")
        }
    }

    @Test func injectionAttemptsStayData() async throws {
        let table = TestDatabase.uniqueName("injection")
        try await TestDatabase.withPool { pool in
            try await pool.query("CREATE TABLE \(unsafeSQL: table) (name text)")
            let attacks = [
                "'); DROP TABLE \(table); --", "' OR '1'='1", "$1", "\\'; SELECT pg_sleep(10); --", "\(table)\"; --",
            ]
            for attack in attacks {
                try await pool.query("INSERT INTO \(unsafeSQL: table) (name) VALUES (\(attack))")
            }
            let rows = try await pool.query("SELECT name FROM \(unsafeSQL: table) WHERE name = \(attacks[1])")
            #expect(rows.count == 1)
            let all = try await pool.query("SELECT name FROM \(unsafeSQL: table) ORDER BY name")
            #expect(try all.map { try $0.decode(String.self, at: 0) }.sorted() == attacks.sorted())
            try await pool.query("DROP TABLE \(unsafeSQL: table)")
        }
    }

    enum Status: String, PostgresEncodable, PostgresDecodable {
        case queued, done
    }

    @Test func rawValueEnums() async throws {
        try await TestDatabase.withPool { pool in
            let rows = try await pool.query("SELECT \(Status.done)::text, 'lost'::text")
            #expect(try rows[0].decode(Status.self, at: 0) == .done)
            let error = try #require(throws: PostgresError.self) { try rows[0].decode(Status.self, at: 1) }
            #expect(error.kind == .decoding)
        }
    }
}
