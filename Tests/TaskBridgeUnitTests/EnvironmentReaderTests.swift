import TaskBridgeAPI
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing

@Suite(.timeLimit(.minutes(3))) struct EnvironmentReaderTests {
    private let trello = ["TRELLO_API_KEY": "k3y", "TRELLO_API_TOKEN": "ATTAsecret", "TRELLO_BOARD_ID": "board1"]

    /// The problems reading `values` with `read` records, or [] when it finishes cleanly.
    private func problems(_ values: [String: String], _ read: (inout EnvironmentReader) -> Void) -> [String] {
        var environment = EnvironmentReader(values)
        read(&environment)
        do {
            try environment.finish()
            return []
        } catch {
            return error.problems
        }
    }

    @Test func usesDefaultsWhenUnsetOrEmpty() throws {
        for values in [[:], ["HTTP_HOST": "", "HTTP_PORT": ""]] {
            var environment = EnvironmentReader(values)
            let http = HTTPSettings(reading: &environment)
            let worker = WorkerSettings(reading: &environment)
            let limits = TrelloRateLimits(reading: &environment)
            let retry = RetryPolicy(reading: &environment)
            try environment.finish()
            #expect(http == HTTPSettings(host: "127.0.0.1", port: 8080))
            #expect(worker == WorkerSettings(concurrency: 16, lease: .seconds(60)))
            #expect(limits == TrelloRateLimits(tokenLimit: 100, keyLimit: 300, window: .seconds(10)))
            #expect(retry == RetryPolicy())
        }
    }

    @Test func readsEveryVariable() throws {
        var environment = EnvironmentReader(trello.merging([
            "HTTP_HOST": "0.0.0.0", "HTTP_PORT": "0", "WORKER_CONCURRENCY": " 32 ", "LEASE_SECONDS": "30",
            "TRELLO_TOKEN_LIMIT": "50", "TRELLO_KEY_LIMIT": "150", "TRELLO_LIMIT_WINDOW_MS": "5000",
            "RETRY_BASE_MS": "250", "RETRY_CAP_MS": "60000", "RETRY_MAX_ATTEMPTS": "3",
            "RETRY_MAX_ELAPSED_MS": "7200000", "RETRY_AFTER_CAP_MS": "90000",
            "TRELLO_BASE_URL": "http://127.0.0.1:9000/1/", "TRELLO_LIST_NAME": "Inbox", "TRELLO_AUTO_PROVISION": "TRUE",
            "DATABASE_URL": "postgres://u:p@h/db", "REDIS_URL": "redis://h:6379/0",
        ]) { $1 })
        #expect(HTTPSettings(reading: &environment) == HTTPSettings(host: "0.0.0.0", port: 0))
        #expect(WorkerSettings(reading: &environment) == WorkerSettings(concurrency: 32, lease: .seconds(30)))
        #expect(TrelloRateLimits(reading: &environment)
            == TrelloRateLimits(tokenLimit: 50, keyLimit: 150, window: .milliseconds(5000)))
        #expect(RetryPolicy(reading: &environment)
            == RetryPolicy(
                base: .milliseconds(250), cap: .seconds(60), maxAttempts: 3, maxElapsed: .seconds(7200),
                retryAfterCap: .seconds(90)))
        #expect(TrelloSettings(reading: &environment) == TrelloSettings(
            baseURL: "http://127.0.0.1:9000/1", apiKey: Secret("k3y"), apiToken: Secret("ATTAsecret"),
            boardID: "board1", listName: "Inbox", autoProvision: true))
        #expect(environment.databaseURL() == "postgres://u:p@h/db")
        #expect(environment.redisURL() == "redis://h:6379/0")
        try environment.finish()
    }

    @Test func trelloDefaults() throws {
        var environment = EnvironmentReader(trello)
        let settings = TrelloSettings(reading: &environment)
        try environment.finish()
        #expect(settings.baseURL == "https://api.trello.com/1")
        #expect(settings.listName == "To Do")
        #expect(!settings.autoProvision)
    }

    @Test func namesAMalformedNumber() {
        #expect(problems(["WORKER_CONCURRENCY": "abc"]) { _ = WorkerSettings(reading: &$0) }
            == [#"WORKER_CONCURRENCY must be an integer from 1 to 1024, got "abc""#])
        #expect(problems(["TRELLO_TOKEN_LIMIT": "0"]) { _ = TrelloRateLimits(reading: &$0) }
            == [#"TRELLO_TOKEN_LIMIT must be a positive integer, got "0""#])
        #expect(problems(["HTTP_PORT": "70000"]) { _ = HTTPSettings(reading: &$0) }
            == [#"HTTP_PORT must be an integer from 0 to 65535, got "70000""#])
        #expect(problems(["RETRY_BASE_MS": "1.5"]) { _ = RetryPolicy(reading: &$0) }
            == [#"RETRY_BASE_MS must be a positive integer, got "1.5""#])
    }

    @Test func namesAMalformedBoolean() {
        #expect(problems(trello.merging(["TRELLO_AUTO_PROVISION": "maybe"]) { $1 }) { _ = TrelloSettings(reading: &$0) }
            == [#"TRELLO_AUTO_PROVISION must be true or false, got "maybe""#])
    }

    @Test func namesEveryMissingRequiredVariable() {
        #expect(problems([:]) { _ = TrelloSettings(reading: &$0); _ = $0.databaseURL(); _ = $0.redisURL() } == [
            "TRELLO_API_KEY is required", "TRELLO_API_TOKEN is required", "TRELLO_BOARD_ID is required",
            "DATABASE_URL is required", "REDIS_URL is required",
        ])
    }

    @Test func neverQuotesAURLThatMayHoldAPassword() {
        let found = problems(["DATABASE_URL": "mysql://root:hunter2@db/x", "REDIS_URL": "redis://"]) {
            _ = $0.databaseURL()
            _ = $0.redisURL()
        }
        #expect(found == [
            "DATABASE_URL must be a URL starting with postgres:// or postgresql://",
            "REDIS_URL must be a URL starting with redis://",
        ])
        #expect(!found.joined().contains("hunter2"))
    }

    @Test func checksTheCapAgainstTheBase() {
        #expect(problems(["RETRY_BASE_MS": "5000", "RETRY_CAP_MS": "1000"]) { _ = RetryPolicy(reading: &$0) }
            == ["RETRY_CAP_MS must not be below RETRY_BASE_MS"])
    }

    @Test func cutsALongMalformedValueShort() {
        let found = problems(["WORKER_CONCURRENCY": String(repeating: "9", count: 100)]) {
            _ = WorkerSettings(reading: &$0)
        }
        #expect(found == [#"WORKER_CONCURRENCY must be an integer from 1 to 1024, got "\#(String(repeating: "9", count: 32))…""#])
    }

    @Test func describesAllProblemsOneLineEach() {
        let error = SettingsError(problems: ["A is required", "B must be true or false, got \"x\""])
        #expect(error.description == "A is required\nB must be true or false, got \"x\"")
    }

    @Test func secretsNeverPrint() {
        var environment = EnvironmentReader(trello)
        let settings = TrelloSettings(reading: &environment)
        #expect(settings.apiToken.value == "ATTAsecret")
        #expect(!"\(settings)".contains("ATTAsecret"))
        #expect(!String(reflecting: settings).contains("k3y"))
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains("ATTAsecret") && !dumped.contains("k3y"))
    }
}
