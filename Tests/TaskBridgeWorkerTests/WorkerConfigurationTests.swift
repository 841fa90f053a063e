import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing

/// The worker's settings as read from the environment, and as they may end up in a log.
@Suite(.timeLimit(.minutes(3))) struct WorkerConfigurationTests {
    static let required = [
        "DATABASE_URL": "postgres://db/taskbridge", "REDIS_URL": "redis://cache:6379/0",
        "TRELLO_API_KEY": "key", "TRELLO_API_TOKEN": "token", "TRELLO_BOARD_ID": "5f0c1a2b3c4d5e6f7a8b9c0d",
    ]

    @Test(arguments: [
        ([:], Int64(30_000)),
        (["TRELLO_TIMEOUT_MS": "25000", "LEASE_SECONDS": "60"], Int64(50_000)),
        (["TRELLO_SETTLE_MS": "12000"], Int64(12_000)),
    ])
    func theSettleWindowIsTwiceTheTimeoutAndAtLeastThirtySecondsUnlessSet(extra: [String: String], settleMilliseconds: Int64) throws {
        var reader = EnvironmentReader(Self.required.merging(extra) { $1 })
        let configuration = WorkerConfiguration(reading: &reader)
        try reader.finish()
        #expect(configuration.settle.settle.wholeMilliseconds == settleMilliseconds)
    }

    @Test func aSettleWindowShorterThanTheClientTimeoutStopsTheWorkerSayingWhy() throws {
        var reader = EnvironmentReader(Self.required.merging(["TRELLO_SETTLE_MS": "5000"]) { $1 })
        _ = WorkerConfiguration(reading: &reader)
        let error = #expect(throws: SettingsError.self) { try reader.finish() }
        #expect(error?.problems.contains { $0.hasPrefix("TRELLO_SETTLE_MS must be at least TRELLO_TIMEOUT_MS") } == true)
    }

    @Test func printingOrDumpingItNeverShowsAPasswordOrTheTrelloCredentials() throws {
        var reader = EnvironmentReader([
            "DATABASE_URL": "postgres://app:hunter2@db/taskbridge", "REDIS_URL": "redis://:hunter3@cache:6379/0",
            "TRELLO_API_KEY": "key-hunter4", "TRELLO_API_TOKEN": "token-hunter5", "TRELLO_BOARD_ID": "5f0c1a2b3c4d5e6f7a8b9c0d",
        ])
        let configuration = WorkerConfiguration(reading: &reader)
        try reader.finish()
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            for secret in ["hunter2", "hunter3", "hunter4", "hunter5"] {
                #expect(!text.contains(secret), "\(text)")
            }
            #expect(text.contains("5f0c1a2b3c4d5e6f7a8b9c0d"), "\(text)")
        }
    }
}
