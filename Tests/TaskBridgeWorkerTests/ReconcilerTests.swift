import Foundation
import PostgresClient
import TaskBridgeCore
import TaskBridgeRuntime
import TaskBridgeWorker
import Testing
import TestSupport
import Trello
import TrelloSandbox

/// The reconciler against the real servers and the sandbox: what a user sees on the board, in the task's row, its
/// history, the API and the CLI's output.
@Suite(.timeLimit(.minutes(3))) struct ReconcilerTests {
    /// The fleet's interval in these tests: passes come about this often.
    static let interval: Duration = .milliseconds(300)

    /// Workers that reconcile every `interval`, over the last hour, at half the (test world's huge) budget.
    static func reconciling(recreate: Bool = false) -> (inout WorkerConfiguration) -> Void {
        { $0.reconcile = ReconcileSettings(interval: interval, window: .seconds(3600), recreate: recreate, budgetShare: 0.5) }
    }

    /// Submits a task and waits until a worker made its card; returns the task's id and its card's.
    static func doneTask(_ world: WorkerWorld) async throws -> (UUID, String) {
        let id = try await world.submit(#"{"type":"issue","title":"Reconcile me","description":"Two cards or none."}"#)
        try await eventually("the task is done") { try await world.task(id).status == .done }
        return (id, try #require(try await world.task(id).cardID))
    }

    /// Reconcile passes started so far: each begins with a page that has no `before`.
    static func passesStarted(_ world: WorkerWorld) async throws -> Int {
        try await world.sandbox.listings().count(where: { !$0.target.contains("before=") })
    }

    /// Waits until `count` whole passes ran after this call.
    static func waitForPasses(_ count: Int, in world: WorkerWorld) async throws {
        let started = try await passesStarted(world)
        try await eventually("\(count) more passes ran", timeout: .seconds(30)) {
            try await passesStarted(world) > started + count
        }
    }

    /// Runs `taskbridge reconcile` with `arguments` in the world, with the worker's settings and `configure`'s.
    static func reconcile(
        _ world: WorkerWorld, _ arguments: [String] = [], _ configure: (inout WorkerConfiguration) -> Void = { _ in }
    ) async throws -> ChildProcess.Outcome {
        var configuration = world.workerConfiguration(name: "cli")
        configure(&configuration)
        var environment = world.workerEnvironment(configuration)
        // The CLI reads the worker's settings as the worker does, and the test world's 4 s lease is below their floor.
        environment["LEASE_SECONDS"] = "10"
        environment["RECONCILE_WINDOW"] = DurationText.format(configuration.reconcile.window)
        environment["RECONCILE_RECREATE"] = "\(configuration.reconcile.recreate)"
        environment["RECONCILE_BUDGET_SHARE"] = "\(configuration.reconcile.budgetShare)"
        return try await ChildProcess.run("taskbridge", ["reconcile"] + arguments, environment: environment)
    }

    @Test func handMadeDuplicatesAreArchivedWithinAnIntervalOrTwoAndTheTaskSaysSo() async throws {
        try await WorkerWorld.with { world in
            try await world.withWorkers(1, Self.reconciling()) {
                let (id, recorded) = try await Self.doneTask(world)
                let copies = [try await world.sandbox.makeCard(footerOf: id).id, try await world.sandbox.makeCard(footerOf: id).id]
                let made = ContinuousClock.now
                try await eventually("only the recorded card is open", timeout: .seconds(20)) {
                    try await world.sandbox.cards(of: id).filter { !$0.closed }.map(\.id) == [recorded]
                }
                let took = ContinuousClock.now - made
                // The event follows the archives in the same pass.
                try await eventually("the task's history names both copies") {
                    let events = try await world.events(id)
                    return copies.allSatisfy { copy in events.contains { $0.contains("archived duplicate") && $0.contains(copy) } }
                }
                print("reconciler: hand-made duplicates archived \(took) after they were made (interval \(Self.interval))")
                #expect(took < .seconds(10))

                let cards = try await world.sandbox.cards(of: id)
                #expect(cards.count == 3)
                #expect(Set(cards.filter(\.closed).map(\.id)) == Set(copies))
                let task = try await world.task(id)
                #expect(task.status == .done && task.cardID == recorded && !task.cardClosed && !task.cardDeleted)
                let events = try await world.events(id).filter { $0.hasPrefix("done→done: reconciler: archived duplicate") }
                #expect(!events.isEmpty && events.allSatisfy { $0.hasSuffix("kept \(recorded)") }, "\(events)")
                #expect(copies.allSatisfy { copy in events.contains { $0.contains(copy) } }, "\(events)")
            }
        }
    }

    @Test func aCardDeletedByHandIsReportedOnItsTaskOnceAndNotRecreatedByDefault() async throws {
        try await WorkerWorld.with { world in
            let (id, card) = try await world.withWorkers(1, Self.reconciling()) {
                let (id, card) = try await Self.doneTask(world)
                try await world.sandbox.deleteCard(card)
                try await eventually("the task records its card as deleted", timeout: .seconds(20)) {
                    try await world.task(id).cardDeleted
                }
                try await Self.waitForPasses(3, in: world)
                return (id, card)
            }
            let json = try await world.fetch(id)
            let shown = try #require(json["card"] as? [String: Any])
            #expect(shown["id"] as? String == card)
            #expect(shown["deleted"] as? Bool == true)
            #expect(shown["closed"] as? Bool == false)
            #expect(json["status"] as? String == "done")
            #expect(try await world.sandbox.cards(of: id).isEmpty)
            let gone = try await world.events(id).filter { $0 == "done→done: reconciler: card \(card) is gone from the board" }
            #expect(gone.count == 1)

            let show = try await ChildProcess.run(
                "taskbridge", ["tasks", "show", id.uuidString], environment: ["DATABASE_URL": world.databaseURL])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("\ncard_deleted: true\n"))
            #expect(show.stdout.contains("\ncard_closed: false\n"))
            #expect(show.stdout.contains("  done: reconciler: card \(card) is gone from the board\n"), "\(show.stdout)")
            #expect(show.stdout.contains("queued → dispatching: attempt 1\n"), "\(show.stdout)")
        }
    }

    @Test func withRecreationOnADeletedCardIsMadeAgainExactlyOnce() async throws {
        try await WorkerWorld.with { world in
            try await world.withWorkers(1, Self.reconciling(recreate: true)) {
                let (id, card) = try await Self.doneTask(world)
                try await world.sandbox.deleteCard(card)
                try await eventually("the task is done again with a new card", timeout: .seconds(30)) {
                    let task = try await world.task(id)
                    return task.status == .done && task.cardID != nil && task.cardID != card
                }
                try await Self.waitForPasses(3, in: world)
                let task = try await world.task(id)
                let cards = try await world.sandbox.cards(of: id)
                #expect(cards.map(\.id) == [task.cardID], "\(cards.map(\.id))")
                #expect(cards.allSatisfy { !$0.closed })
                #expect(task.status == .done && !task.cardDeleted && !task.cardClosed)
                let events = try await world.events(id)
                #expect(events.contains("done→queued: reconciler: card \(card) is gone from the board; queued for one new card"))
                #expect(events.count(where: { $0.hasPrefix("done→queued") }) == 1)
            }
        }
    }

    @Test func anArchivedCardIsRecordedNeverRecreatedAndUnarchivingIsRecordedToo() async throws {
        try await WorkerWorld.with { world in
            try await world.withWorkers(1, Self.reconciling(recreate: true)) {
                let (id, card) = try await Self.doneTask(world)
                try await world.sandbox.setClosed(card, true)
                try await eventually("the task records its card as archived", timeout: .seconds(20)) {
                    try await world.task(id).cardClosed
                }
                try await Self.waitForPasses(3, in: world)
                let cards = try await world.sandbox.cards(of: id)
                #expect(cards.map(\.id) == [card] && cards.allSatisfy(\.closed))
                let shown = try #require(try await world.fetch(id)["card"] as? [String: Any])
                #expect(shown["closed"] as? Bool == true && shown["deleted"] as? Bool == false)

                try await world.sandbox.setClosed(card, false)
                try await eventually("the task records its card as open again", timeout: .seconds(20)) {
                    try await !world.task(id).cardClosed
                }
                let events = try await world.events(id)
                #expect(events.count(where: { $0 == "done→done: reconciler: card \(card) is archived in Trello" }) == 1)
                #expect(events.contains("done→done: reconciler: card \(card) is open again in Trello"))
                #expect(try await world.task(id).cardID == card)
            }
        }
    }

    @Test func unknownFootersAndFailedTasksCardsAreReportedAndLeftAlone() async throws {
        try await WorkerWorld.with { world in
            let stranger = UUID()
            let unknown = try await world.sandbox.makeCard(footerOf: stranger)
            let plain = try await world.sandbox.makeCard(name: "someone's own card")
            let failed = try await world.submit(#"{"type":"issue","title":"Failed","description":"It failed."}"#)
            _ = try await world.postgres.query("UPDATE deliveries SET status = 'failed', last_error = 'x' WHERE id = \(failed)")
            let failedCard = try await world.sandbox.makeCard(footerOf: failed)

            let run = try await Self.reconcile(world)
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains(
                "unknown card \(unknown.id): its footer names task \(stranger.uuidString.lowercased()), which this "
                    + "database does not know; left alone"), "\(lines)")
            #expect(lines.contains(
                "failed task \(failed.uuidString.lowercased()): failed, but card \(failedCard.id) carries its footer; "
                    + "left alone"), "\(lines)")
            #expect(!run.stdout.contains(plain.id))
            #expect(lines.last?.hasPrefix("reconciled: 2 differences among 3 cards made since ") == true, "\(lines)")
            #expect(try await world.sandbox.cards().allSatisfy { !$0.closed })
            #expect(try await world.task(failed).status == .failed)
        }
    }

    @Test func aDryRunPrintsWhatItWouldDoAndChangesNothing() async throws {
        try await WorkerWorld.with { world in
            let ((doubled, kept), (lost, lostCard)) = try await world.withWorkers {
                (try await Self.doneTask(world), try await Self.doneTask(world))
            }
            let copy = try await world.sandbox.makeCard(footerOf: doubled).id
            try await world.sandbox.deleteCard(lostCard)
            let boardBefore = try await world.sandbox.cards().map { "\($0.id) \($0.closed)" }
            let eventsBefore = try await world.events(lost) + world.events(doubled)

            let dry = try await Self.reconcile(world, ["--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            let duplicate = "duplicate task \(doubled.uuidString.lowercased()): 2 open cards carry its footer; "
            let deleted = "deleted task \(lost.uuidString.lowercased()): its card \(lostCard) is gone from the board; "
            #expect(dry.stdout.contains(duplicate + "would archive card \(copy) and keep \(kept)\n"), "\(dry.stdout)")
            #expect(dry.stdout.contains(deleted + "would record it on the task\n"), "\(dry.stdout)")
            #expect(dry.stdout.contains("dry run, nothing changed: 2 differences among 2 cards"), "\(dry.stdout)")
            #expect(try await world.sandbox.cards().map { "\($0.id) \($0.closed)" } == boardBefore)
            #expect(try await world.events(lost) + world.events(doubled) == eventsBefore)
            #expect(try await !world.task(lost).cardDeleted)

            let real = try await Self.reconcile(world)
            #expect(real.status == 0, "\(real.stderr)")
            #expect(real.stdout.contains(duplicate + "archived card \(copy), kept \(kept)\n"), "\(real.stdout)")
            #expect(real.stdout.contains(deleted + "recorded on the task\n"), "\(real.stdout)")
            #expect(try await world.sandbox.cards(of: doubled).filter(\.closed).map(\.id) == [copy])
            #expect(try await world.task(lost).cardDeleted)

            let again = try await Self.reconcile(world)
            #expect(again.stdout.hasPrefix("reconciled: 0 differences"), "\(again.stdout)")
        }
    }

    @Test func theCLIWaitsForARunningPassAndPassesNeverOverlap() async throws {
        // 1 s / 0.04 / 100 = one request every 250 ms: a pass over 12,000 cards (12 full pages and an empty one)
        // takes about 3 s, and the workers start the next 300 ms after.
        let limits = TrelloRateLimits(tokenLimit: 100, keyLimit: 300, window: .seconds(1))
        let slow: @Sendable (inout WorkerConfiguration) -> Void = {
            $0.limits = limits
            $0.reconcile = ReconcileSettings(interval: Self.interval, window: .seconds(3600), budgetShare: 0.04)
        }
        try await WorkerWorld.with { world in
            try await world.sandbox.seedCards(12_000)
            let run = try await world.withWorkers(2, slow) {
                let started = try await Self.passesStarted(world)
                try await eventually("a worker's pass starts") { try await Self.passesStarted(world) > started }
                return try await Self.reconcile(world, [], slow)
            }
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("taskbridge: waiting for the reconcile pass "), "\(run.stderr)")
            #expect(run.stdout.contains("reconciled: 0 differences among 12000 cards"), "\(run.stdout)")

            var passes: [[LoggedRequest]] = []
            for request in try await world.sandbox.listings() {
                if request.target.contains("before="), !passes.isEmpty {
                    passes[passes.count - 1].append(request)
                } else {
                    passes.append([request])
                }
            }
            #expect(passes.count >= 2)
            // Every pass but the last (which the workers' shutdown may cut short) read all 13 pages before the next
            // began: none ran while another did.
            for pass in passes.dropLast() {
                #expect(pass.count == 13, "\(pass.map(\.target))")
            }
        }
    }

    @Test func theFleetRunsAboutOnePassPerIntervalNotOnePerWorker() async throws {
        try await WorkerWorld.with { world in
            let interval = Duration.milliseconds(500)
            let (ran, elapsed) = try await world.withWorkers(3, {
                $0.reconcile = ReconcileSettings(interval: interval, window: .seconds(3600), budgetShare: 0.5)
            }) {
                // Counted once the fleet has started passing, however long a loaded machine takes to get there.
                try await eventually("the fleet ran a pass", timeout: .seconds(60)) { try await Self.passesStarted(world) >= 1 }
                let (before, start) = (try await Self.passesStarted(world), ContinuousClock.now)
                try await Task.sleep(for: .seconds(5))
                return (try await Self.passesStarted(world) - before, ContinuousClock.now - start)
            }
            print("reconciler: 3 workers ran \(ran) passes in \(elapsed) at an interval of \(interval)")
            // However slow a loaded machine makes each pass, never more than one per interval (3 uncoordinated
            // workers would run 3 times as many).
            #expect(ran <= Int(elapsed / interval) + 2)
        }
    }

    @Test func aFailingPassIsTriedAgainAnIntervalLater() async throws {
        try await WorkerWorld.with { world in
            try await world.withWorkers(1, Self.reconciling()) {
                try await world.sandbox.put("faults", #"{"errorRate": 1}"#)
                try await eventually("a pass failed", timeout: .seconds(20)) {
                    try await world.sandbox.listings().contains { $0.outcome.hasPrefix("5") }
                }
                try await world.sandbox.put("faults", #"{"errorRate": 0}"#)
                let (id, card) = try await Self.doneTask(world)
                try await world.sandbox.setClosed(card, true)
                try await eventually("a later pass records the archived card", timeout: .seconds(20)) {
                    try await world.task(id).cardClosed
                }
            }
        }
    }

    @Test func aPassOverTwentyThousandCardsReadsTwentyOnePages() async throws {
        try await WorkerWorld.with { world in
            try await world.sandbox.seedCards(20_000)
            let (id, kept) = try await world.withWorkers { try await Self.doneTask(world) }
            let copy = try await world.sandbox.makeCard(footerOf: id).id
            let before = try await world.sandbox.listings().count

            // A page of 1,000 cards is about 1 MB: on a loaded machine it can take longer than the test world's 2 s,
            // which would halve the pages. 5 s (the CLI's lease is 10 s) keeps this about paging, not about load.
            let run = try await Self.reconcile(world) { $0.requestTimeout = .seconds(5) }
            let pages = try await world.sandbox.listings().count - before
            print("reconciler: a pass over 20,002 cards read \(pages) pages of up to 1000; \(run.stdout)")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(pages == 21)
            // 21 pages and the one archive.
            #expect(run.stdout.contains("reconciled: 1 difference among 20002 cards made since "), "\(run.stdout)")
            #expect(run.stdout.contains("; 22 Trello requests in "), "\(run.stdout)")
            #expect(run.stdout.contains("archived card \(copy), kept \(kept)"), "\(run.stdout)")
            let archives = try await world.sandbox.requests().filter { $0.route == "PUT /1/cards/{id}" }
            #expect(archives.map(\.target).allSatisfy { $0.hasPrefix("/1/cards/\(copy)?closed=true") } && archives.count == 1)
        }
    }

    @Test func aPassSpendsOnlyItsShareOfTheBudget() async throws {
        try await WorkerWorld.with { world in
            try await world.sandbox.seedCards(3000)
            var configuration = world.workerConfiguration(name: "paced")
            // 1 s / 0.02 / 100 requests = one request every 500 ms.
            configuration.limits = TrelloRateLimits(tokenLimit: 100, keyLimit: 300, window: .seconds(1))
            configuration.reconcile.budgetShare = 0.02
            let report = try await runReconcilePass(configuration: configuration, dryRun: false, logger: world.logger)
            let arrivals = try await world.sandbox.listings().map(\.at)
            let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
            print("reconciler: \(report.requests) requests at a share of 0.02 of 100 per second, \(gaps) ms apart")
            #expect(report.requests == 4)
            #expect(gaps.count == 3)
            // Granted 500 ms apart; on a loaded machine a request may reach the sandbox late, shortening the gap after
            // it by as much. Unpaced, these pages come a few ms apart.
            #expect(gaps.allSatisfy { $0 >= 300 }, "\(gaps)")
            #expect(gaps.reduce(0, +) >= 1300, "\(gaps)")
        }
    }
}
