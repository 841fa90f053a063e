import Foundation
import PostgresClient
import TaskBridgeCore
import Testing
import TestSupport

/// The built `taskbridge` admin CLI, run as a process against real PostgreSQL and an in-process Trello sandbox.
@Suite(.timeLimit(.minutes(3))) struct CLITests {
    /// Every command path, for `--help`.
    static let commands: [[String]] = [
        [], ["migrate"], ["board"], ["board", "check"], ["board", "sync"], ["tokens"], ["tokens", "create"],
        ["tokens", "list"], ["tokens", "revoke"], ["tasks"], ["tasks", "list"], ["tasks", "show"], ["tasks", "retry"],
        ["tasks", "discard"], ["reconcile"], ["credentials"], ["credentials", "add"], ["credentials", "list"],
        ["credentials", "remove"], ["credentials", "reseal"], ["routes"], ["routes", "list"], ["routes", "add"],
        ["routes", "remove"], ["routes", "test"],
    ]

    @Test(arguments: commands)
    func everyCommandHasHelp(_ command: [String]) async throws {
        let run = try await CommandRun.run("taskbridge", command + ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: taskbridge \(command.joined(separator: " "))"))
    }

    @Test(arguments: [["migrate"], ["tokens", "list"], ["tasks", "list"], ["tasks", "retry", "--failed"]])
    func aMissingDatabaseURLIsOneLineNamingIt(_ command: [String]) async throws {
        let run = try await CommandRun.run("taskbridge", command)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines == ["taskbridge: DATABASE_URL is required"])
    }

    @Test func aMalformedDatabaseURLIsOneLineThatDoesNotQuoteIt() async throws {
        let run = try await CommandRun.run("taskbridge", ["tasks", "list"], environment: ["DATABASE_URL": "mysql://u:secret@h/db"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.contains("DATABASE_URL must be a URL"))
        #expect(!run.stderr.contains("secret"))
    }

    @Test func anUnreachableDatabaseIsOneLine() async throws {
        let run = try await CommandRun.run("taskbridge", ["tasks", "list"], environment: ["DATABASE_URL": "postgres://u:pw@127.0.0.1:1/db"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderr.hasPrefix("taskbridge: "))
        #expect(!run.stderr.contains("pw@"))
    }

    @Test func boardCommandsNameEveryMissingTrelloSetting() async throws {
        let run = try await CommandRun.run("taskbridge", ["board", "check"])
        #expect(run.status == 1)
        #expect(run.stderrLines == [
            "taskbridge: TRELLO_API_KEY is required; TRELLO_API_TOKEN is required; TRELLO_BOARD_ID is required"
        ])
    }

    @Test func boardSyncOnABareBoardCreatesWhatItLacksOnceThenNothing() async throws {
        try await SandboxServer.with(bare: true) { sandbox in
            let check = try await CommandRun.run("taskbridge", ["board", "check"], environment: sandbox.environment)
            #expect(check.status == 3)
            #expect(check.stdoutLines == [
                #"list "To Do": missing"#, #"label "Bug": missing"#, #"label "Maintenance": missing"#,
                #"label "Research": missing"#, #"label "Test": missing"#,
            ])

            let first = try await CommandRun.run("taskbridge", ["board", "sync"], environment: sandbox.environment)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdoutLines.filter { $0.hasPrefix("created ") }.count == 5)
            let afterFirst = try await sandbox.board()
            #expect(afterFirst.lists.filter { $0 == "To Do" }.count == 1)
            #expect(Set(afterFirst.labels).isSuperset(of: ["Bug", "Maintenance", "Research", "Test"]))
            let creationsAfterFirst = try await Self.creations(sandbox)

            let second = try await CommandRun.run("taskbridge", ["board", "sync"], environment: sandbox.environment)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdoutLines.first == "nothing to create")
            #expect(second.stdoutLines.last == "the board has everything the bridge needs")
            let afterSecond = try await sandbox.board()
            #expect(afterSecond.lists.sorted() == afterFirst.lists.sorted())
            #expect(afterSecond.labels.sorted() == afterFirst.labels.sorted())
            #expect(try await Self.creations(sandbox) == creationsAfterFirst)

            let recheck = try await CommandRun.run("taskbridge", ["board", "check"], environment: sandbox.environment)
            #expect(recheck.status == 0)
        }
    }

    @Test func boardSyncRidesOutA429Storm() async throws {
        try await SandboxServer.with(bare: true) { sandbox in
            try await sandbox.setFaults(#"{"rateLimitRate": 1}"#)
            async let sync = CommandRun.run("taskbridge", ["board", "sync"], environment: sandbox.environment)
            // Let the storm refuse a few requests before it ends.
            var refused = 0
            for _ in 0..<200 where refused < 3 {
                try await Task.sleep(for: .milliseconds(25))
                refused = try await sandbox.counters().values.reduce(0) { $0 + ($1["429"] ?? 0) }
            }
            #expect(refused >= 3)
            try await sandbox.setFaults(#"{"rateLimitRate": 0}"#)
            let run = try await sync
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdoutLines.last == "the board has everything the bridge needs")
            let board = try await sandbox.board()
            #expect(board.lists.filter { $0 == "To Do" }.count == 1)
            #expect(board.labels.sorted() == ["Bug", "Maintenance", "Research", "Test"])
        }
    }

    @Test func boardSyncWithRefusedCredentialsIsOneLine() async throws {
        try await SandboxServer.with(bare: true) { sandbox in
            var environment = sandbox.environment
            environment["TRELLO_API_TOKEN"] = "not-the-token"
            let run = try await CommandRun.run("taskbridge", ["board", "sync"], environment: environment)
            #expect(run.status == 1)
            #expect(run.stderrLines.count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("401"))
            #expect(!run.stderr.contains("not-the-token"))
            #expect(try await sandbox.board().labels.isEmpty)
        }
    }

    @Test func tasksListShowAndRetryEveryFailedTask() async throws {
        try await MigratedDatabase.with { url, pool in
            let environment = ["DATABASE_URL": url]
            let failed = [UUID(), UUID()]
            let done = UUID()
            for id in failed {
                try await pool.query("""
                    INSERT INTO tasks (id, type, title, description, status, attempts, last_error)
                    VALUES (\(id), 'bug', 'bug-kettle-7', 'It broke', 'failed', 10, 'Trello answered 400')
                    """)
            }
            try await pool.query("""
                INSERT INTO tasks (id, type, title, description, status) VALUES (\(done), 'issue', 'Done one', 'x', 'done')
                """)

            let list = try await CommandRun.run("taskbridge", ["tasks", "list", "--status", "failed"], environment: environment)
            #expect(list.status == 0)
            #expect(list.stdoutLines.first == "ID\tTYPE\tSTATUS\tATTEMPTS\tCREATED\tTITLE")
            #expect(Set(list.stdoutLines.dropFirst().map { String($0.prefix(36)) }) == Set(failed.map { $0.uuidString.lowercased() }))

            let show = try await CommandRun.run("taskbridge", ["tasks", "show", failed[0].uuidString], environment: environment)
            #expect(show.status == 0)
            #expect(show.stdoutLines.contains("status: failed"))
            #expect(show.stdoutLines.contains("last_error: Trello answered 400"))

            let notFailed = try await CommandRun.run("taskbridge", ["tasks", "retry", done.uuidString], environment: environment)
            #expect(notFailed.status == 1)
            #expect(notFailed.stderrLines == ["taskbridge: \(done.uuidString.lowercased()) is done, not failed"])

            let retry = try await CommandRun.run("taskbridge", ["tasks", "retry", "--failed"], environment: environment)
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(retry.stdoutLines == ["Queued 2 failed tasks again"])
            let store = TaskStore(pool: pool)
            for id in failed {
                let task = try #require(try await store.task(id: id))
                #expect(task.status == .queued)
                #expect(task.attempts == 0)
            }
            #expect(try await store.task(id: done)?.status == .done)
            // The relay is what delivers them: they must be due for it.
            #expect(Set(try await store.dueForRelay(limit: 10)) == Set(failed))
            let events = try await pool.query(
                "SELECT count(*)::int8 FROM task_events WHERE from_status = 'failed' AND to_status = 'queued'")
            #expect(try events.first?.decode(Int64.self, at: 0) == 2)

            let again = try await CommandRun.run("taskbridge", ["tasks", "retry", "--failed"], environment: environment)
            #expect(again.stdoutLines == ["Queued 0 failed tasks again"])
        }
    }

    @Test func tasksRetryRetriesOneDeliveryAndShowListsThem() async throws {
        try await MigratedDatabase.with { url, pool in
            let environment = ["DATABASE_URL": url]
            let task = UUID()
            let second = UUID()
            // A task stored without deliveries gets its default one (migration 015); a second, failed on board B.
            try await pool.query("""
                INSERT INTO tasks (id, type, title, description, status, attempts, last_error)
                VALUES (\(task), 'bug', 'bug-kettle-8', 'It broke', 'failed', 2, 'Trello answered 400')
                """)
            try await pool.query("""
                INSERT INTO deliveries (id, task_id, route_name, position, board_id, list_name, status, attempts, last_error)
                VALUES (\(second), \(task), 'bugs', 1, 'board-b', 'To Do', 'failed', 3, 'list missing')
                """)
            let show = try await CommandRun.run("taskbridge", ["tasks", "show", task.uuidString], environment: environment)
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("deliveries:\n  \(task.uuidString.lowercased())  the environment's board (route default)  failed"))
            #expect(show.stdout.contains("\(second.uuidString.lowercased())  board board-b, list \"To Do\" (route bugs)  failed, attempts 3, last error: list missing"))

            let retry = try await CommandRun.run(
                "taskbridge", ["tasks", "retry", task.uuidString, "--delivery", second.uuidString], environment: environment)
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(retry.stdoutLines == ["Queued delivery \(second.uuidString.lowercased()) of \(task.uuidString.lowercased()) again"])
            let deliveries = try await TaskStore(pool: pool).deliveries(of: task)
            #expect(deliveries.map(\.status) == [.failed, .queued])
            // One delivery still failed: the task is failed, and retrying it retries that one.
            #expect(try await TaskStore(pool: pool).task(id: task)?.status == .failed)
            let again = try await CommandRun.run(
                "taskbridge", ["tasks", "retry", task.uuidString, "--delivery", second.uuidString], environment: environment)
            #expect(again.status == 1)
            #expect(again.stderrLines.first?.contains("is not a failed delivery of a failed task") == true)
            let all = try await CommandRun.run("taskbridge", ["tasks", "retry", task.uuidString], environment: environment)
            #expect(all.status == 0, "\(all.stderr)")
            #expect(try await TaskStore(pool: pool).deliveries(of: task).map(\.status) == [.queued, .queued])
            #expect(try await TaskStore(pool: pool).task(id: task)?.status == .queued)
        }
    }

    @Test func tasksDiscardGivesUpOnFailedTasksOnly() async throws {
        try await MigratedDatabase.with { url, pool in
            let environment = ["DATABASE_URL": url]
            let failed = UUID()
            let queued = UUID()
            try await pool.query("""
                INSERT INTO tasks (id, type, title, description, status, attempts, last_error)
                VALUES (\(failed), 'bug', 'bug-kettle-8', 'It broke', 'failed', 10, 'Trello answered 400'),
                       (\(queued), 'issue', 'Waiting', 'x', 'queued', 0, NULL)
                """)
            let refused = try await CommandRun.run(
                "taskbridge", ["tasks", "discard", failed.uuidString, queued.uuidString, "not-an-id"], environment: environment)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("not-an-id is not a task id"))
            // Refused before anything ran: the failed task is still failed.
            #expect(try await TaskStore(pool: pool).task(id: failed)?.status == .failed)

            let discard = try await CommandRun.run(
                "taskbridge", ["tasks", "discard", failed.uuidString, queued.uuidString], environment: environment)
            #expect(discard.status == 1)
            #expect(discard.stdoutLines == ["Discarded \(failed.uuidString.lowercased())"])
            #expect(discard.stderrLines == ["taskbridge: \(queued.uuidString.lowercased()) is queued, not failed"])
            let store = TaskStore(pool: pool)
            #expect(try await store.task(id: failed)?.status == .discarded)
            #expect(try await store.task(id: queued)?.status == .queued)
            let list = try await CommandRun.run("taskbridge", ["tasks", "list", "--status", "discarded"], environment: environment)
            #expect(list.stdoutLines.dropFirst().map { String($0.prefix(36)) } == [failed.uuidString.lowercased()])
        }
    }

    @Test func tasksListPagesWithTheCursorItPrints() async throws {
        try await MigratedDatabase.with { url, pool in
            // Fixed times, newest first: with now() a loaded machine may take over a second between inserts.
            for index in 1...3 {
                try await pool.query("""
                    INSERT INTO tasks (id, type, title, description, status, created_at)
                    VALUES (\(UUID()), 'issue', \("Task \(index)"), 'x', 'queued',
                            timestamptz '2026-01-01 12:00:00Z' - \(index)::int8 * interval '1 second')
                    """)
            }
            let environment = ["DATABASE_URL": url]
            let first = try await CommandRun.run("taskbridge", ["tasks", "list", "--limit", "2"], environment: environment)
            #expect(first.stdoutLines.count == 3)
            let more = try #require(first.stderr.firstMatch(of: /--cursor (\S+)/))
            let second = try await CommandRun.run(
                "taskbridge", ["tasks", "list", "--limit", "2", "--cursor", String(more.1)], environment: environment)
            #expect(second.stdoutLines.dropFirst().map { $0.split(separator: "\t").last } == ["Task 3"])
            #expect(second.stderr.isEmpty)
        }
    }

    @Test func showingAnUnknownTaskIsOneLine() async throws {
        try await MigratedDatabase.with { url, _ in
            let id = UUID().uuidString.lowercased()
            let run = try await CommandRun.run("taskbridge", ["tasks", "show", id], environment: ["DATABASE_URL": url])
            #expect(run.status == 1)
            #expect(run.stderrLines == ["taskbridge: no task has id \(id)"])
        }
    }

    /// How many things the sandbox has created so far: POSTs that succeeded.
    private static func creations(_ sandbox: SandboxServer) async throws -> Int {
        try await sandbox.counters().filter { $0.key.hasPrefix("POST ") }.values.reduce(0) { $0 + ($1["200"] ?? 0) }
    }
}
