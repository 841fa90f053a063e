import CurlClient
import Foundation
import PostgresClient
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// Routes at work: each task's deliveries reach the boards its route names, each with its own credential, status
/// and retry, through real PostgreSQL, Redis, the API and workers, and a sandbox serving three boards.
@Suite(.timeLimit(.minutes(4))) struct DeliveryTests {
    static let boardA = "5f1a2b3c4d5e6f70819293aa"
    static let boardB = "5f1a2b3c4d5e6f70819293bb"
    static let secretKey = [UInt8](repeating: 7, count: 32)

    /// The sandbox's seeded board plus A and B, each behind a key and token of its own.
    static func extraBoards(_ configuration: inout SandboxConfiguration) {
        configuration.extraBoards = [
            ExtraBoard(id: boardA, credentials: Credentials(key: "key-a", token: "token-a")),
            ExtraBoard(id: boardB, credentials: Credentials(key: "key-b", token: "token-b")),
        ]
    }

    /// Credentials `team-a`, `team-b` and `main` (the environment's key and token) sealed under `sealer`, and the
    /// routes: bugs to A, Research to B, Maintenance to A and twice to the seeded board (lists To Do and Doing).
    static func configureRoutes(in world: WorkerWorld, sealer: CredentialSealer) async throws {
        let credentials = CredentialStore(pool: world.postgres)
        for (name, key, token) in [
            ("team-a", "key-a", "token-a"), ("team-b", "key-b", "token-b"),
            ("main", Credentials.defaultKey, Credentials.defaultToken),
        ] {
            _ = try await credentials.add(
                name: name, kind: "trello", secret: CredentialSecret(fields: ["key": key, "token": token]), sealer: sealer)
        }
        let routes = RouteStore(pool: world.postgres)
        try await routes.add(
            name: "bugs", match: RouteMatch(type: "bug"),
            destinations: [TrelloDestination(boardID: boardA, listName: "To Do", credential: "team-a")])
        try await routes.add(
            name: "research", match: RouteMatch(category: "Research"),
            destinations: [TrelloDestination(boardID: boardB, listName: "To Do", credential: "team-b")])
        try await routes.add(
            name: "maintenance", match: RouteMatch(category: "Maintenance"),
            destinations: [
                TrelloDestination(boardID: boardA, listName: "To Do", credential: "team-a"),
                TrelloDestination(boardID: world.sandbox.boardID, listName: "To Do", credential: "main"),
                TrelloDestination(boardID: world.sandbox.boardID, listName: "Doing", credential: "main"),
            ])
    }

    /// The deliveries `GET /v1/tasks/{id}` lists.
    static func deliveries(of id: UUID, in world: WorkerWorld) async throws -> [[String: Any]] {
        try await world.fetch(id)["deliveries"] as? [[String: Any]] ?? []
    }

    @Test func eachTaskReachesTheBoardsItsRouteNames() async throws {
        try await WorkerWorld.with(sandbox: Self.extraBoards) { world in
            let sealer = try CredentialSealer(current: Self.secretKey)
            try await Self.configureRoutes(in: world, sealer: sealer)
            let bug = try await world.submit(#"{"type": "bug", "description": "Crash on save"}"#)
            let research = try await world.submit(#"{"type": "task", "title": "Read papers", "category": "Research"}"#)
            let issue = try await world.submit(#"{"type": "issue", "title": "Docs typo", "description": "In README"}"#)
            let maintenance = try await world.submit(#"{"type": "task", "title": "Rotate logs", "category": "Maintenance"}"#)
            try await world.withWorkers(2, { $0.sealer = sealer }) {
                try await eventually("four tasks are done", timeout: .seconds(60)) {
                    try await world.count(.done) == 4
                }
            }
            let onA = try await world.sandbox.cards(onBoard: Self.boardA)
            let onB = try await world.sandbox.cards(onBoard: Self.boardB)
            let onMain = try await world.sandbox.cards()
            // The bug and the first Maintenance delivery on A, Research on B, the issue and two Maintenance cards
            // on the seeded board.
            #expect(Set(onA.compactMap { CardFooter.taskID(in: $0.desc) }) == [bug, maintenance])
            #expect(onB.compactMap { CardFooter.taskID(in: $0.desc) } == [research])
            #expect(onMain.count == 3)
            #expect(onMain.filter { CardFooter.taskID(in: $0.desc) == issue }.count == 1)
            let maintenanceOnMain = onMain.filter { CardFooter.taskID(in: $0.desc) == maintenance }
            #expect(maintenanceOnMain.count == 2)
            #expect(Set(maintenanceOnMain.compactMap { CardFooter.deliveryID(in: $0.desc) }).count == 2)
            let lists = try await world.sandbox.board().lists
            #expect(Set(maintenanceOnMain.map(\.idList)) == Set(lists.filter { ["To Do", "Doing"].contains($0.name) }.map(\.id)))

            // The task's card is its route's first destination's; every delivery is listed with its own.
            let task = try await world.task(maintenance)
            #expect(task.cardID == onA.first { CardFooter.taskID(in: $0.desc) == maintenance }?.id)
            let listed = try await Self.deliveries(of: maintenance, in: world)
            #expect(listed.count == 3)
            #expect(listed.map { $0["status"] as? String } == ["done", "done", "done"])
            #expect(listed.first?["id"] as? String == maintenance.uuidString.lowercased())
            let cardIDs = Set(listed.compactMap { ($0["card"] as? [String: Any])?["id"] as? String })
            #expect(cardIDs == Set(maintenanceOnMain.map(\.id) + [task.cardID].compactMap { $0 }))
            #expect(try await Self.deliveries(of: issue, in: world).map { ($0["destination"] as? [String: Any])?["route"] as? String } == ["default"])

            // The task moved to done once; each delivery's move names its destination.
            let moves = try await world.events(maintenance)
            #expect(moves.filter { $0.hasSuffix("→done: every delivery done") }.count == 1)
            #expect(moves.filter { $0.contains("→done: to board") }.count == 3)

            // Two destinations on one board are not duplicates: a reconciler pass, over every board, archives nothing.
            var configuration = world.workerConfiguration(name: "reconciler")
            configuration.sealer = sealer
            let report = try await runReconcilePass(configuration: configuration, dryRun: false, logger: world.logger)
            #expect(report.lines.isEmpty, "\(report.lines)")
            #expect(report.cardsRead == onA.count + onB.count + onMain.count, "the pass read boards A and B too")
            #expect(try await world.sandbox.cards().allSatisfy { !$0.closed })
        }
    }

    @Test func aDuplicateOnARoutesBoardIsArchivedByTheReconcilerThroughItsCredential() async throws {
        try await WorkerWorld.with(sandbox: Self.extraBoards) { world in
            let sealer = try CredentialSealer(current: Self.secretKey)
            try await Self.configureRoutes(in: world, sealer: sealer)
            // A second delivery on A too, so the copy names a delivery that is not the task's own id.
            let task = try await world.submit(#"{"type": "task", "title": "Rotate logs", "category": "Maintenance"}"#)
            try await world.withWorkers(1, {
                $0.sealer = sealer
                $0.reconcile = ReconcileSettings(interval: .milliseconds(300), window: .seconds(3600), budgetShare: 0.5)
            }) {
                try await eventually("the task is done", timeout: .seconds(60)) { try await world.task(task).status == .done }
                let onA = try await world.sandbox.cards(onBoard: Self.boardA)
                let recorded = try #require(onA.first)
                let delivery = try #require(CardFooter.deliveryID(in: recorded.desc))
                let copy = try await world.sandbox.makeCard(
                    onBoard: Self.boardA, credentials: TrelloCredentials(key: "key-a", token: "token-a"),
                    footerOf: task, delivery: delivery)
                try await eventually("the copy on board A is archived", timeout: .seconds(30)) {
                    try await world.sandbox.cards(onBoard: Self.boardA).first { $0.id == copy.id }?.closed == true
                }
                #expect(try await world.sandbox.cards(onBoard: Self.boardA).filter { !$0.closed }.map(\.id) == [recorded.id])
                // Nothing on the seeded board was taken for a duplicate.
                #expect(try await world.sandbox.cards().allSatisfy { !$0.closed })
                try await eventually("the task's history names the copy") {
                    try await world.events(task).contains { $0.contains("archived duplicate") && $0.contains(copy.id) }
                }
            }
        }
    }

    @Test func aDeliveryFailsAndIsRetriedOnItsOwn() async throws {
        try await WorkerWorld.with(sandbox: Self.extraBoards) { world in
            let sealer = try CredentialSealer(current: Self.secretKey)
            try await Self.configureRoutes(in: world, sealer: sealer)
            // Board B has no list "Triage", and the workers do not provision it: that delivery fails for good.
            try await RouteStore(pool: world.postgres).add(
                name: "tests", match: RouteMatch(category: "Test"),
                destinations: [
                    TrelloDestination(boardID: world.sandbox.boardID, listName: "To Do", credential: "main"),
                    TrelloDestination(boardID: Self.boardB, listName: "Triage", credential: "team-b"),
                ],
                position: 0)
            let id = try await world.submit(#"{"type": "task", "title": "Flaky test", "category": "Test"}"#)
            var firstAttempts: Int?
            try await world.withWorkers(1, { $0.sealer = sealer }) {
                try await eventually("the task failed", timeout: .seconds(60)) { try await world.count(.failed) == 1 }
                try await eventually("its first delivery is done", timeout: .seconds(60)) {
                    try await Self.deliveries(of: id, in: world).first?["status"] as? String == "done"
                }
                let listed = try await Self.deliveries(of: id, in: world)
                firstAttempts = listed.first?["attempts"] as? Int
                #expect(listed.map { $0["status"] as? String } == ["done", "failed"])
                #expect((listed[1]["last_error"] as? String)?.contains("Triage") == true, "\(listed[1])")
                #expect(try await world.fetch(id)["status"] as? String == "failed")
                #expect(try await world.sandbox.cards().count == 1)

                // Make the list, retry only that delivery: the first is not made again.
                try await world.sandbox.trello(
                    .post, "boards/\(Self.boardB)/lists", ["name": "Triage", "key": "key-b", "token": "token-b"])
                let failed = try #require((listed[1]["id"] as? String).flatMap(UUID.init(uuidString:)))
                let store = TaskStore(pool: world.postgres)
                // A worker keeps the board it just reloaded for a few seconds: until it reloads again, the retried
                // delivery may fail once more, and is retried again.
                try await eventually("the task is done", timeout: .seconds(60)) {
                    if try await Self.deliveries(of: id, in: world).last?["status"] as? String == "failed" {
                        _ = try await store.retry(id: id, delivery: failed, detail: "retried with taskbridge tasks retry")
                    }
                    return try await world.count(.done) == 1
                }
                // Retrying a delivery that is not failed changes nothing.
                guard case .notRetryable = try await store.retry(id: id, delivery: failed, detail: "again") else {
                    throw WorldError("a done delivery was retried")
                }
            }
            let listed = try await Self.deliveries(of: id, in: world)
            #expect(listed.map { $0["status"] as? String } == ["done", "done"])
            // The retry moved only the failed delivery: the first kept its attempts (one, unless a loaded machine
            // made Trello time out once) and its one card.
            #expect(listed[0]["attempts"] as? Int == firstAttempts)
            #expect(try await world.sandbox.cards().count == 1)
            #expect(try await world.sandbox.cards(onBoard: Self.boardB).count == 1)
        }
    }

    @Test func aCredentialTheWorkerCannotOpenHoldsItsDeliveryUncounted() async throws {
        try await WorkerWorld.with(sandbox: Self.extraBoards) { world in
            let sealer = try CredentialSealer(current: Self.secretKey)
            try await Self.configureRoutes(in: world, sealer: sealer)
            let bug = try await world.submit(#"{"type": "bug", "description": "Crash"}"#)
            // A worker with another key: the bug's delivery waits, with the reason, and no attempt counted.
            let other = try CredentialSealer(current: [UInt8](repeating: 1, count: 32))
            try await world.withWorkers(1, { $0.sealer = other }) {
                try await eventually("the delivery says why it waits", timeout: .seconds(60)) {
                    try await world.events(bug).contains { $0.contains("cannot be opened") }
                }
            }
            #expect(try await world.task(bug).status == .queued)
            #expect(try await world.task(bug).attempts == 0)
            #expect(try await world.sandbox.cards(onBoard: Self.boardA).isEmpty)
            try await world.withWorkers(1, { $0.sealer = sealer }) {
                try await eventually("the bug is done", timeout: .seconds(60)) { try await world.task(bug).status == .done }
            }
            #expect(try await world.sandbox.cards(onBoard: Self.boardA).count == 1)
        }
    }

    @Test func aKeyRotationKeepsTasksFlowing() async throws {
        try await WorkerWorld.with(sandbox: Self.extraBoards) { world in
            let old = try CredentialSealer(current: Self.secretKey)
            try await Self.configureRoutes(in: world, sealer: old)
            let newKey = [UInt8](repeating: 9, count: 32)
            let rotating = try CredentialSealer(current: newKey, previous: Self.secretKey)
            let bug = #"{"type": "bug", "description": "Crash"}"#
            // Workers already on the new key with the old one as previous, before and after the reseal.
            try await world.withWorkers(1, { $0.sealer = rotating }) {
                let before = try await world.submit(bug)
                try await eventually("the first bug is done", timeout: .seconds(60)) { try await world.task(before).status == .done }
                #expect(try await CredentialStore(pool: world.postgres).reseal(sealer: rotating) == 3)
                let after = try await world.submit(bug)
                try await eventually("the second bug is done", timeout: .seconds(60)) { try await world.task(after).status == .done }
            }
            // Once resealed, the new key alone opens them: the previous one can go.
            let newOnly = try CredentialSealer(current: newKey)
            try await world.withWorkers(1, { $0.sealer = newOnly }) {
                let last = try await world.submit(bug)
                try await eventually("the third bug is done", timeout: .seconds(60)) { try await world.task(last).status == .done }
            }
            #expect(try await world.sandbox.cards(onBoard: Self.boardA).count == 3)
            let sealed = try await world.postgres.query("SELECT encode(sealed, 'escape') FROM credentials")
            for row in sealed {
                #expect(!(try row.decode(String.self, at: 0)).contains("token-a"))
            }
        }
    }
}
