import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresClient
import TaskBridgeAPI
import TaskBridgeCore
import Testing
import TestSupport

/// Concurrent submissions share one insert transaction; a row PostgreSQL refuses must fail only its own request.
@Suite(.timeLimit(.minutes(3))) struct SharedBatchTests {
    /// A trigger that makes PostgreSQL refuse a row the API's validation accepts: a description `poison:SQLSTATE`
    /// raises that SQLSTATE, and `slow` holds the insert a second so that the requests after it queue up and share
    /// the next batch.
    private static let poisonTrigger = """
        CREATE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.description LIKE 'poison:%' THEN
                RAISE EXCEPTION 'poisoned row' USING ERRCODE = substr(NEW.description, 8);
            END IF;
            IF NEW.description = 'slow' THEN
                PERFORM pg_sleep(1);
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER test_poison BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION test_poison();
        """

    private static let validCount = 300

    @Test(arguments: [
        // A data exception is the client's fault; a trigger's own error is the server's.
        ("22023", 422, "/docs#problem-task-not-storable"), ("P0001", 500, "/docs#problem-internal-error"),
    ])
    func aRefusedRowFailsOnlyItsOwnRequest(sqlState: String, status: Int, type: String) async throws {
        try await OwnDatabase.with { databaseURL in
            try await APIFixture.with(databaseURL: databaseURL) { fixture in
                _ = try await fixture.postgres.withConnection { try await $0.execute(unsafeSQL: Self.poisonTrigger) }
                let (poisoned, statuses) = try await fixture.withAPI({ $0.maxConcurrentInserts = 1 }) { api in
                    try await withThrowingTaskGroup(of: (String, Int, String?).self) { group in
                        // The only flusher is busy with this one for a second, so every request below waits for
                        // the next batch, poisoned one included.
                        group.addTask {
                            let response = try await api.post(#"{"type":"bug","description":"slow"}"#)
                            return ("slow", Int(response.status.code), nil)
                        }
                        try await Task.sleep(for: .milliseconds(200))
                        for index in 0..<Self.validCount {
                            if index == Self.validCount / 2 {
                                group.addTask {
                                    let response = try await api.post(
                                        #"{"type":"bug","description":"poison:\#(sqlState)"}"#)
                                    return ("poisoned", Int(response.status.code), response.json["type"] as? String)
                                }
                            }
                            group.addTask {
                                let response = try await api.post(#"{"type":"bug","description":"valid \#(index)"}"#)
                                return ("valid", Int(response.status.code), nil)
                            }
                        }
                        var poisoned: (Int, String?)?
                        var statuses: [Int] = []
                        for try await (kind, status, type) in group {
                            if kind == "poisoned" { poisoned = (status, type) } else { statuses.append(status) }
                        }
                        return (poisoned, statuses)
                    }
                }
                #expect(poisoned?.0 == status)
                #expect(poisoned?.1 == type)
                #expect(statuses.count == Self.validCount + 1)
                #expect(statuses.allSatisfy { $0 == 202 }, "statuses: \(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
                let rows = try await fixture.postgres.query(
                    "SELECT count(*) FILTER (WHERE description LIKE 'poison:%'), count(*) FROM tasks")
                let (poisonedRows, allRows) = try rows[0].decode((Int64, Int64).self)
                #expect(poisonedRows == 0)
                #expect(allRows == Int64(Self.validCount + 1))
                #expect(try await fixture.streamTaskIDs().count == Self.validCount + 1)
            }
        }
    }
}
