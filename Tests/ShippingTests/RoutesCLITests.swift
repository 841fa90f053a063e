import Foundation
import PostgresClient
import TaskBridgeCore
import Testing
import TrelloSandbox

/// `taskbridge credentials`, `routes` and scoped `tokens`, run as processes against a database of their own: secrets
/// go in through the environment and never come out, a rotation reseals everything, routes match in order.
@Suite(.timeLimit(.minutes(3))) struct RoutesCLITests {
    private static let oldKey = Data(repeating: 1, count: 32).base64EncodedString()
    private static let newKey = Data(repeating: 2, count: 32).base64EncodedString()
    private static let token = "ATTA-cli-secret-\(UUID().uuidString)"

    @Test func credentialsAreAddedSealedListedByFingerprintAndResealedAfterARotation() async throws {
        try await MigratedDatabase.with { url, pool in
            var environment = [
                "DATABASE_URL": url, "TASKBRIDGE_SECRET_KEY": Self.oldKey, "TRELLO_API_KEY": "cli-key",
                "TRELLO_API_TOKEN": Self.token,
            ]
            let add = try await CommandRun.run("taskbridge", ["credentials", "add", "--name", "board-a"], environment: environment)
            #expect(add.status == 0, "\(add.stderr)")
            #expect(add.stdoutLines.count == 1 && add.stdoutLines[0].hasPrefix("board-a\thmac:"))
            let again = try await CommandRun.run("taskbridge", ["credentials", "add", "--name", "board-a"], environment: environment)
            #expect(again.status == 1)
            #expect(again.stderrLines == ["taskbridge: a credential named board-a already exists"])

            let rows = try await pool.query("SELECT credentials::text FROM credentials")
            let stored = try rows.map { try $0.decode(String.self, at: 0) }.joined()
            #expect(!stored.contains(Self.token) && !stored.contains("cli-key"))

            // The rotation: the new key current, the old one previous, then a reseal; then the old key goes.
            environment["TASKBRIDGE_SECRET_KEY"] = Self.newKey
            environment["TASKBRIDGE_PREVIOUS_SECRET_KEY"] = Self.oldKey
            let reseal = try await CommandRun.run("taskbridge", ["credentials", "reseal"], environment: environment)
            #expect(reseal.status == 0, "\(reseal.stderr)")
            #expect(reseal.stdoutLines.first?.hasPrefix("resealed 1 credential under key ") == true)
            let list = try await CommandRun.run("taskbridge", ["credentials", "list"], environment: environment)
            let newFingerprint = try CredentialSealer(current: Array(Data(base64Encoded: Self.newKey)!)).keyFingerprint
            #expect(list.stdoutLines.count == 2)
            #expect(list.stdoutLines.last?.split(separator: "\t").map(String.init)[3] == newFingerprint)
            environment["TASKBRIDGE_PREVIOUS_SECRET_KEY"] = nil
            let store = CredentialStore(pool: pool)
            let sealer = try CredentialSealer(current: Array(Data(base64Encoded: Self.newKey)!))
            #expect(try await store.open(name: "board-a", sealer: sealer) == .trello(key: "cli-key", token: Self.token))

            for run in [add, again, reseal, list] {
                #expect(!run.stdout.contains(Self.token) && !run.stderr.contains(Self.token))
            }
        }
    }

    @Test func aMissingOrMalformedSecretKeyIsOneLine() async throws {
        let missing = try await CommandRun.run(
            "taskbridge", ["credentials", "reseal"], environment: ["DATABASE_URL": "postgres://u@127.0.0.1:1/db"])
        #expect(missing.status == 1)
        #expect(missing.stderrLines == ["taskbridge: TASKBRIDGE_SECRET_KEY is required"])
        let short = try await CommandRun.run(
            "taskbridge", ["credentials", "reseal"],
            environment: ["DATABASE_URL": "postgres://u@127.0.0.1:1/db", "TASKBRIDGE_SECRET_KEY": "c2hvcnQ="])
        #expect(short.stderrLines.count == 1)
        #expect(short.stderr.contains("TASKBRIDGE_SECRET_KEY must be 32 random bytes in base64"))
        #expect(!short.stderr.contains("c2hvcnQ="))
    }

    @Test func routesAreAddedInOrderTestedAndRemoved() async throws {
        try await MigratedDatabase.with { url, _ in
            let environment = [
                "DATABASE_URL": url, "TASKBRIDGE_SECRET_KEY": Self.oldKey, "TRELLO_API_KEY": "k",
                "TRELLO_API_TOKEN": "t", "TRELLO_BOARD_ID": "env-board",
            ]
            let credential = try await CommandRun.run("taskbridge", ["credentials", "add", "--name", "a"], environment: environment)
            #expect(credential.status == 0, "\(credential.stderr)")
            let unknown = try await CommandRun.run(
                "taskbridge", ["routes", "add", "--name", "x", "--board", "A", "--credential", "nope"], environment: environment)
            #expect(unknown.stderrLines == ["taskbridge: no trello credential is named nope; add it with taskbridge credentials add --kind trello"])
            let typo = try await CommandRun.run(
                "taskbridge", ["routes", "add", "--name", "x", "--type", "bgu", "--board", "A", "--credential", "a"],
                environment: environment)
            #expect(typo.stderrLines == ["taskbridge: the route's type must be one of issue, bug, task"])
            for arguments in [
                ["--name", "bugs", "--type", "bug", "--board", "board-a", "--credential", "a"],
                ["--name", "research", "--type", "task", "--category", "Research", "--board", "board-b", "--list", "Inbox",
                 "--credential", "a", "--board", "board-c", "--list", "To Do", "--credential", "a", "--position", "1"],
            ] {
                let add = try await CommandRun.run("taskbridge", ["routes", "add"] + arguments, environment: environment)
                #expect(add.status == 0, "\(add.stderr)")
            }
            let list = try await CommandRun.run("taskbridge", ["routes", "list"], environment: environment)
            #expect(list.stdoutLines.map { $0.split(separator: "\t").prefix(2).joined(separator: " ") } == [
                "POSITION NAME", "1 research", "2 bugs", "last default",
            ])
            func test(_ arguments: [String]) async throws -> String {
                let run = try await CommandRun.run("taskbridge", ["routes", "test"] + arguments, environment: environment)
                return run.stdoutLines.first.map(String.init) ?? run.stderr
            }
            #expect(try await test(["--type", "bug"]).hasPrefix("2\tbugs\ttype=bug\tboard board-a"))
            #expect(try await test(["--type", "task", "--category", "Research"]).contains("board board-b, list \"Inbox\", credential a; board board-c"))
            #expect(try await test(["--type", "issue"]).hasPrefix("last\tdefault\tany task\tboard env-board, list \"To Do\", credential from the environment"))

            let inUse = try await CommandRun.run("taskbridge", ["credentials", "remove", "a"], environment: environment)
            #expect(inUse.stderrLines == ["taskbridge: the credential a is used by a route; remove the route first"])
            for name in ["research", "bugs"] {
                let remove = try await CommandRun.run("taskbridge", ["routes", "remove", name], environment: environment)
                #expect(remove.stdoutLines == ["removed \(name)"])
            }
            #expect(try await test(["--type", "bug"]).hasPrefix("last\tdefault"))
        }
    }

    @Test func tokensAreMadeWithScopesAndATeam() async throws {
        try await MigratedDatabase.with { url, _ in
            let environment = ["DATABASE_URL": url]
            let bad = try await CommandRun.run(
                "taskbridge", ["tokens", "create", "--name", "x", "--scope", "root"], environment: environment)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--scope root is not a scope"))
            let admin = try await CommandRun.run(
                "taskbridge", ["tokens", "create", "--name", "ops", "--team", "ops", "--scope", "admin", "--scope", "tasks:read"],
                environment: environment)
            #expect(admin.status == 0, "\(admin.stderr)")
            let plain = try await CommandRun.run("taskbridge", ["tokens", "create", "--name", "ci"], environment: environment)
            #expect(plain.status == 0)
            let list = try await CommandRun.run("taskbridge", ["tokens", "list"], environment: environment)
            let rows = list.stdoutLines.dropFirst().map { $0.split(separator: "\t").map(String.init) }
            #expect(rows.map { [$0[1], $0[4], $0[5]] } == [["ops", "ops", "admin,tasks:read"], ["ci", "-", "tasks:write,tasks:read"]])
        }
    }

    @Test func boardCheckAndSyncTakeARoutesBoardsWithTheirStoredCredentials() async throws {
        let boardB = "5f1a2b3c4d5e6f70819293aa"
        let extra = ExtraBoard(id: boardB, credentials: Credentials(key: "key-b", token: "token-b"))
        try await SandboxServer.with(bare: true, extraBoards: [extra]) { sandbox in
            try await MigratedDatabase.with { url, _ in
                var environment = sandbox.environment.merging(["DATABASE_URL": url, "TASKBRIDGE_SECRET_KEY": Self.oldKey]) { $1 }
                let add = try await CommandRun.run(
                    "taskbridge", ["credentials", "add", "--name", "b"],
                    environment: environment.merging(["TRELLO_API_KEY": "key-b", "TRELLO_API_TOKEN": "token-b"]) { $1 })
                #expect(add.status == 0, "\(add.stderr)")
                let route = try await CommandRun.run(
                    "taskbridge", ["routes", "add", "--name", "research", "--type", "task", "--board", boardB, "--credential", "b"],
                    environment: environment)
                #expect(route.status == 0, "\(route.stderr)")
                // The environment's key and token are the first board's: the route's board is reached with its own.
                environment["TRELLO_API_TOKEN"] = "not-board-b"

                let check = try await CommandRun.run("taskbridge", ["board", "check", "--route", "research"], environment: environment)
                #expect(check.status == 3, "\(check.stderr)")
                #expect(check.stdoutLines.first == #"list "To Do": missing"#)
                let sync = try await CommandRun.run("taskbridge", ["board", "sync", "--route", "research"], environment: environment)
                #expect(sync.status == 0, "\(sync.stderr)")
                #expect(sync.stdoutLines.filter { $0.hasPrefix("created ") }.count == 5)
                let onB = try await sandbox.board(boardB)
                #expect(onB.lists.contains("To Do"))
                #expect(Set(onB.labels).isSuperset(of: ["Bug", "Maintenance", "Research", "Test"]))
                #expect(try await sandbox.board().lists.contains("To Do") == false)

                let byCredential = try await CommandRun.run(
                    "taskbridge", ["board", "check", "--credential", "b", "--board-id", boardB], environment: environment)
                #expect(byCredential.status == 0, "\(byCredential.stderr)")
                let unknown = try await CommandRun.run("taskbridge", ["board", "check", "--route", "nope"], environment: environment)
                #expect(unknown.stderrLines == ["taskbridge: no route is named nope"])
                let both = try await CommandRun.run(
                    "taskbridge", ["board", "check", "--route", "research", "--credential", "b"], environment: environment)
                #expect(both.status != 0)
                for run in [check, sync, byCredential] {
                    #expect(!run.stdout.contains("token-b") && !run.stderr.contains("token-b"))
                }
            }
        }
    }
}
