import Foundation
import HTTPTypes
import RedisClient
import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing

/// The request id a task came with survives the loss of its stream entry: the relay's entry carries it too, so the
/// worker's log lines for the task still name the request.
@Suite(.timeLimit(.minutes(2))) struct RelayRequestIdTests {
    @Test func theRelaysEntryForALostTaskCarriesTheRequestIdItCameWith() async throws {
        try await WorkerWorld.with { world in
            let traced = try await world.submit(
                #"{"type":"issue","title":"Traced","description":"Lost, then relayed."}"#,
                headers: [HTTPField.Name("X-Request-Id")!: "req-lost-1"])
            let stream = DispatchStream(redis: world.redis, name: "\(world.keyPrefix):dispatch")
            // Redis lost everything: no entry, no marker. The relay's first pass re-adds every unfinished task.
            _ = try await world.redis.send(["DEL", RedisArgument(stream.name), RedisArgument("\(world.keyPrefix):relay:epoch")])
            let relay = Relay(
                store: TaskStore(pool: world.postgres), stream: stream, redis: world.redis,
                keyPrefix: world.keyPrefix, owner: "relay-test", interval: .seconds(1), lease: .seconds(5),
                metrics: WorkerMetrics(), logger: world.logger)
            try await relay.pass()

            let reply = try await world.redis.send(["XRANGE", RedisArgument(stream.name), "-", "+"])
            let entries = (reply.array ?? []).compactMap { entry -> [String: String]? in
                guard let fields = entry.array?.last?.array?.compactMap(\.string), fields.count % 2 == 0 else { return nil }
                return Dictionary(uniqueKeysWithValues: stride(from: 0, to: fields.count, by: 2).map {
                    (fields[$0], fields[$0 + 1])
                })
            }
            #expect(entries.count == 1, "\(entries)")
            #expect(entries.first?[DispatchStream.taskField] == traced.uuidString.lowercased())
            #expect(entries.first?[DispatchStream.requestField] == "req-lost-1")
        }
    }
}
