import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import Testing

/// The API's settings as an operator gives them in the environment.
@Suite(.timeLimit(.minutes(3))) struct APIConfigurationTests {
    private static let servers = ["DATABASE_URL": "postgres://db/taskbridge", "REDIS_URL": "redis://cache:6379/0"]

    @Test func defaultsNameTheWorkersStreamAndFleetState() throws {
        var reader = EnvironmentReader(Self.servers)
        let configuration = APIConfiguration(reading: &reader)
        try reader.finish()
        #expect(configuration.streamName == "taskbridge:dispatch")
        #expect(configuration.fleetStateKey == "taskbridge:fleet")
        #expect(configuration.http.port == 8080)
    }

    @Test func theRedisKeyPrefixMovesTheStreamAndFleetStateAsTheWorkersDo() throws {
        var reader = EnvironmentReader(Self.servers.merging(["REDIS_KEY_PREFIX": "staging"]) { $1 })
        let configuration = APIConfiguration(reading: &reader)
        try reader.finish()
        #expect(configuration.streamName == "staging:dispatch")
        #expect(configuration.fleetStateKey == "staging:fleet")
    }

    @Test func insertConcurrencyMustLeaveConnectionsForReads() {
        var reader = EnvironmentReader(Self.servers.merging(["INSERT_CONCURRENCY": "8", "DATABASE_POOL_SIZE": "8"]) { $1 })
        _ = APIConfiguration(reading: &reader)
        let error = #expect(throws: SettingsError.self) { try reader.finish() }
        #expect(error?.description.contains("INSERT_CONCURRENCY") == true)
    }

    @Test func printingOrDumpingItNeverShowsAPassword() {
        var reader = EnvironmentReader(["DATABASE_URL": "postgres://app:hunter2@db/taskbridge", "REDIS_URL": "redis://:hunter3@cache:6379/0"])
        let configuration = APIConfiguration(reading: &reader)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains("hunter2") && !text.contains("hunter3"), "\(text)")
            #expect(text.contains("db") && text.contains("cache"), "\(text)")
        }
    }
}
