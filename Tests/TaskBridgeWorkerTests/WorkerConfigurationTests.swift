import TaskBridgeCore
import TaskBridgeWorker
import Testing

/// The worker's settings as they may end up in a log.
@Suite(.timeLimit(.minutes(3))) struct WorkerConfigurationTests {
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
