import Hummingbird
import Testing
import TrelloSandbox

@Suite("Fault injection", .timeLimit(.minutes(3)))
struct FaultInjectionTests {
    @Test("drop after create: the card is stored, the client gets no response at all")
    func dropAfterCreate() async throws {
        try await LiveSandbox.with(SandboxConfiguration(faults: Faults(dropAfterCreateRate: 1))) { sandbox in
            let listID = try await sandbox.board().lists[0].id
            await #expect(throws: (any Error).self) {
                _ = try await sandbox.sendAlone(
                    .post, "/1/cards?\(LiveSandbox.auth)", headers: [.contentType: "application/json"],
                    body: #"{"idList":"\#(listID)","name":"made but unanswered"}"#
                )
            }
            let cards = try await sandbox.cards()
            #expect(cards.map(\.name) == ["made but unanswered"])
            #expect(try await sandbox.counters() == ["POST /1/cards": ["dropped": 1]])
        }
    }

    @Test("drop after create, switched on at run time, only touches card creation")
    func dropAtRunTime() async throws {
        try await LiveSandbox.with { sandbox in
            let faults = try await sandbox.admin(put: "faults", #"{"dropAfterCreateRate":1}"#)
            #expect(try faults.decoded(as: Faults.self) == Faults(dropAfterCreateRate: 1))
            #expect(try await sandbox.sendAlone(.get, "/1/members/me?\(LiveSandbox.auth)").status == .ok)
            let listID = try await sandbox.board().lists[0].id
            await #expect(throws: (any Error).self) {
                _ = try await sandbox.sendAlone(.post, "/1/cards?\(LiveSandbox.auth)&idList=\(listID)")
            }
            _ = try await sandbox.admin(put: "faults", #"{"dropAfterCreateRate":0}"#)
            #expect(try await sandbox.sendAlone(.post, "/1/cards?\(LiveSandbox.auth)&idList=\(listID)").status == .ok)
            #expect(try await sandbox.cards().count == 2)
        }
    }

    @Test("an error share of 1: every request gets 500, 502 or 503 and nothing is made")
    func injectedErrors() async throws {
        try await LiveSandbox.with(SandboxConfiguration(faults: Faults(errorRate: 1))) { sandbox in
            let listID = try await sandbox.board().lists[0].id
            var statuses: Set<Int> = []
            for _ in 1...30 {
                let reply = try await sandbox.send(.post, "/1/cards?\(LiveSandbox.auth)&idList=\(listID)")
                statuses.insert(reply.status.code)
            }
            #expect(statuses == [500, 502, 503])
            #expect(try await sandbox.cards().isEmpty)
        }
    }

    @Test("a 429 share of 1: Trello's 429 body, though the real limit is far")
    func injected429() async throws {
        try await LiveSandbox.with(SandboxConfiguration(faults: Faults(rateLimitRate: 1))) { sandbox in
            let reply = try await sandbox.get("/1/members/me")
            #expect(reply.status == .tooManyRequests)
            #expect(reply.body == #"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#)
            #expect(reply.header("x-rate-limit-api-token-remaining") == "99")
        }
    }

    @Test("the same seed injects the same faults in the same order")
    func deterministicFaults() async throws {
        let first = try await Self.statuses(seed: 3)
        #expect(first == (try await Self.statuses(seed: 3)))
        #expect(Set(first).count > 1)
    }

    @Test("latency delays answers but changes nothing else; bad faults are refused")
    func latencyAndValidation() async throws {
        try await LiveSandbox.with(SandboxConfiguration(faults: Faults(latencyMilliseconds: 20))) { sandbox in
            #expect(try await sandbox.get("/1/members/me").status == .ok)
            let unknownField = try await sandbox.admin(put: "faults", #"{"latency":5}"#)
            #expect(unknownField.status == .badRequest)
            let outOfRange = try await sandbox.admin(put: "faults", #"{"errorRate":1.5}"#)
            #expect(outOfRange.status == .badRequest)
            let current: Faults = try await sandbox.sendAlone(.get, "/_sandbox/faults").decoded()
            #expect(current == Faults(latencyMilliseconds: 20))
        }
    }

    private static func statuses(seed: UInt64) async throws -> [Int] {
        try await LiveSandbox.with(SandboxConfiguration(seed: seed, faults: Faults(errorRate: 0.5))) { sandbox in
            var statuses: [Int] = []
            for _ in 1...20 {
                statuses.append(try await sandbox.get("/1/members/me").status.code)
            }
            return statuses
        }
    }
}
