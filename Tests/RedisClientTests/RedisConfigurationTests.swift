import RedisClient
import Testing

@Suite("RedisConfiguration", .timeLimit(.minutes(3)))
struct RedisConfigurationTests {
    @Test("a bare host gets the default port and database, no credentials")
    func defaults() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.user == nil)
        #expect(configuration.password == nil)
    }

    @Test("password, port and database")
    func passwordPortDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://:s3cret@127.0.0.1:6380/2")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 6380)
        #expect(configuration.database == 2)
        #expect(configuration.user == nil)
        #expect(configuration.password == "s3cret")
    }

    @Test("user and percent-encoded password")
    func userAndEncodedPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:p%40ss%3Aword@cache.internal:7000/")
        #expect(configuration.user == "alice")
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 7000)
        #expect(configuration.database == 0)
    }

    @Test("IPv6 host")
    func ipv6() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7001/3")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 7001)
        #expect(configuration.database == 3)
    }

    @Test(
        "malformed URLs name their problem without quoting the password",
        arguments: [
            ("localhost:6379", "redis://"),
            ("http://localhost", "scheme"),
            ("rediss://:hunter2@localhost", "TLS"),
            ("redis://", "host is missing"),
            ("redis://:hunter2@", "host is missing"),
            ("redis://:hunter2@localhost:0", "port"),
            ("redis://:hunter2@localhost:99999", "port"),
            ("redis://localhost:abc", "port"),
            ("redis://:hunter2@localhost/x", "database"),
            ("redis://localhost/-1", "database"),
            ("redis://hunter2@localhost", "no password"),
            ("redis://:hunter2%zz@localhost", "percent escape"),
            ("redis://:@localhost", "password is empty"),
            ("redis://:hunter2@localhost?timeout=1", "query"),
            ("redis://[::1:6379", "IPv6"),
        ]
    )
    func malformed(url: String, problem: String) {
        let error = #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
        #expect(error?.kind == .configuration)
        #expect(error?.description.contains(problem) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test("description, debug description and dump hide the password")
    func passwordHidden() throws {
        let configuration = try RedisConfiguration(url: "redis://alice:hunter2@localhost:6380/1")
        #expect("\(configuration)" == "redis://alice:***@localhost:6380/1")
        #expect(!String(reflecting: configuration).contains("hunter2"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(dumped.contains("localhost"))
    }
}
