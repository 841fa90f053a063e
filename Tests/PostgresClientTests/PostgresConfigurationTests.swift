import Testing

@testable import PostgresClient

@Suite("PostgresConfiguration", .timeLimit(.minutes(3)))
struct PostgresConfigurationTests {
    @Test func parsesEveryPart() throws {
        let configuration = try PostgresConfiguration(
            url: "postgres://alice:p%40ss%3Aw%2Frd@db.example.com:6543/tasks?sslmode=require&application_name=my%20app"
        )
        #expect(configuration.user == "alice")
        #expect(configuration.password == "p@ss:w/rd")
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "tasks")
        #expect(configuration.parameters == ["sslmode": "require", "application_name": "my app"])
    }

    @Test func acceptsPostgresqlSchemeAndDefaults() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == nil)
        #expect(configuration.user == nil)
        #expect(configuration.password == nil)
        #expect(configuration.database == nil)
        #expect(configuration.connectTimeout == .seconds(5))
    }

    /// The server named three ways: a socket folder in the host, one in the query, and an IPv6 address.
    @Test(arguments: [
        (url: "postgres://bob@%2Fvar%2Frun%2Fpostgresql/app", host: "/var/run/postgresql", port: nil, user: "bob",
         database: "app", connectTimeout: .seconds(5)),
        (url: "postgres:///app?host=/tmp/sockets&port=5999&user=carol", host: "/tmp/sockets", port: 5999, user: "carol",
         database: "app", connectTimeout: .seconds(5)),
        (url: "postgres://[::1]:5432/db?connect_timeout=3", host: "::1", port: 5432, user: nil, database: "db",
         connectTimeout: .seconds(3)),
    ] as [(url: String, host: String, port: Int?, user: String?, database: String, connectTimeout: Duration)])
    func theServer(
        url: String, host: String, port: Int?, user: String?, database: String, connectTimeout: Duration
    ) throws {
        let configuration = try PostgresConfiguration(url: url)
        #expect(configuration.host == host)
        #expect(configuration.port == port)
        #expect(configuration.user == user)
        #expect(configuration.database == database)
        #expect(configuration.connectTimeout == connectTimeout)
    }

    @Test func emptyPasswordIsNoPassword() throws {
        let configuration = try PostgresConfiguration(url: "postgres://dave:@localhost/db")
        #expect(configuration.user == "dave")
        #expect(configuration.password == nil)
    }

    @Test(arguments: [
        ("http://localhost/db", "postgres://"),
        ("localhost:5432/db", "postgres://"),
        ("postgres://localhost:99999/db", "port"),
        ("postgres://localhost:abc/db", "port"),
        ("postgres://localhost:/db", "port"),
        ("postgres://[::1/db", "IPv6"),
        ("postgres://a,b/db", "multiple hosts"),
        ("postgres://localhost/db?sslmode=sometimes", "sslmode"),
        ("postgres://localhost/db?connect_timeout=soon", "connect_timeout"),
        ("postgres://localhost/db?frobnicate=1", "'frobnicate'"),
        ("postgres://localhost/db?sslmode", "'=value'"),
        ("postgres://localhost/db?client_encoding=LATIN1", "client_encoding"),
        ("postgres://localhost/db#fragment", "'#'"),
        ("postgres://localhost/a/b", "database name"),
        ("postgres://localhost/db%ZZ", "database name"),
        ("postgres://localhost/%FF", "UTF-8"),
    ])
    func rejectsMalformedURL(url: String, problem: String) throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConfiguration(url: url) }
        #expect(error.kind == .configuration)
        #expect(error.description.contains(problem), "\(error.description)")
    }

    @Test(arguments: [
        "postgres://user:s3cr3t%ZZpw@localhost/db",
        "postgres://user:s3cr3t/pw@localhost/db",
        "postgres://user:s3cr3t@localhost:s3cr3t/db",
        "postgres://user:s3cr3t%FFpw@localhost/db",
    ])
    func errorsNeverShowThePassword(url: String) throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConfiguration(url: url) }
        #expect(!error.description.contains("s3cr3t"))
        #expect(!String(reflecting: error).contains("s3cr3t"))
    }

    @Test func descriptionHidesThePassword() throws {
        let configuration = try PostgresConfiguration(url: "postgres://user:s3cr3t@localhost:5432/db")
        #expect(!configuration.description.contains("s3cr3t"))
        #expect(configuration.description.contains("user:***@localhost:5432/db"))
    }

    @Test func descriptionAndDumpHideEverySecretKeyword() throws {
        var configuration = try PostgresConfiguration(
            url: "postgres://user:s3cr3t@localhost/db?sslpassword=k3yp4ss&sslkey=/keys/client.key&sslmode=require")
        configuration.parameters["password"] = "p4r4m"
        var dumped = ""
        dump(configuration, to: &dumped)
        for shown in ["\(configuration)", String(reflecting: configuration), dumped] {
            for secret in ["s3cr3t", "k3yp4ss", "p4r4m"] {
                #expect(!shown.contains(secret), "\(shown)")
            }
        }
        // What is not secret stays visible, so a log still says which key file and mode were used.
        #expect(configuration.description
            == "postgres://user:***@localhost/db?password=***&sslkey=/keys/client.key&sslmode=require&sslpassword=***")
        #expect(dumped.contains("/keys/client.key"))
    }

    @Test func theStartupPacketCarriesNoOptionsPgBouncerWouldRefuse() throws {
        let plain = Dictionary(try PostgresConfiguration(url: "postgres://localhost/db").libpqParameters.map { ($0.keyword, $0.value) }) { $1 }
        #expect(plain["options"] == nil)
        // Options a URL asks for go through as they are: that user has chosen a server that takes them.
        let configuration = try PostgresConfiguration(url: "postgres://localhost/db?options=-c%20work_mem%3D8MB")
        let parameters = Dictionary(configuration.libpqParameters.map { ($0.keyword, $0.value) }) { $1 }
        #expect(parameters["options"] == "-c work_mem=8MB")
        #expect(parameters["client_encoding"] == "UTF8")
        #expect(parameters["keepalives"] == "1")
        #expect(parameters["connect_timeout"] == "5")
    }
}
