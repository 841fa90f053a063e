import Foundation
import Logging
import Metrics
import TaskBridgeCore
import Trello

/// One reconcile pass over one board: reads its cards made since the window began (archived ones too) in paced pages,
/// loads the tasks they and the window concern, and carries out the `ReconcilePlan`.
///
/// Its cost is one request per page of up to 1000 cards made in the window (plus one empty page when the count is
/// a whole number of pages) and one per duplicate archived: a window of 20,000 cards costs 21 requests, which at the
/// default share of the budget (one request every 5 s) take about 105 s.
struct ReconcilePass: Sendable {
    /// Cards made this long before the window's start are read too: PostgreSQL's and Trello's clocks may disagree.
    static let clockMargin: Duration = .seconds(120)
    /// A request that fails transiently is sent again this many times, each after its own turn, before the pass
    /// gives up.
    static let retries = 2

    let store: TaskStore
    let trello: TrelloGateway
    let boardID: String
    /// Whether `boardID` is the environment's board, whose deliveries may name no board.
    let isEnvironmentBoard: Bool
    let pacer: ReconcilePacer
    let metrics: ReconcileMetrics
    let logger: Logger
    /// Cards asked for per page: Trello's most, 1000.
    var pageSize = BoardCardReader.maximumPageSize

    /// Runs the pass over `window`; `recreate` is `RECONCILE_RECREATE`, `dryRun` changes nothing.
    /// `beforeEachRequest` runs right before each Trello request, after the pacer's wait (the caller renews its
    /// lock there); `onStep` gets each difference's line as it is handled.
    func run(
        window: Duration,
        recreate: Bool,
        dryRun: Bool,
        beforeEachRequest: @escaping @Sendable () async throws -> Void,
        onStep: (String) -> Void = { _ in }
    ) async throws -> ReconcileReport {
        let startedAt = ContinuousClock.now
        let requests = RequestCounter()
        let (pacer, metrics) = (pacer, metrics)
        let paced: @Sendable () async throws -> Void = {
            try await pacer.waitForTurn()
            try await beforeEachRequest()
            requests.add()
            metrics.trelloRequests.increment()
        }

        // PostgreSQL's now, before the listing starts: a task done before it has its card on the board by then.
        let started = try await store.databaseTime()
        let windowStart = started - window
        let listedSince = windowStart - Self.clockMargin
        var cardsRead = 0
        let cards = try await BoardCardReader(trello: trello, boardID: boardID, pageSize: pageSize).cards(
            since: listedSince, filter: .all, operation: .reconcileCards, retries: Self.retries,
            beforeEachPage: paced
        ) { card in
            cardsRead += 1
            return ReconcileCard(card)
        }
        let tasks = try await store.reconcileCandidates(
            boardID: boardID, environment: isEnvironmentBoard, firstAttemptSince: windowStart, doneBefore: started, named: Array(Set(cards.map(\.taskID))))
        let plan = ReconcilePlan(
            cards: cards, tasks: tasks,
            listedFromSecond: Int64(listedSince.timeIntervalSince1970.rounded(.up)), recreate: recreate)

        var lines: [String] = []
        for step in plan.steps {
            metrics.countFinding(step.kind)
            let outcome: ReconcileStep.Outcome =
                dryRun ? .planned : step.changesSomething ? try await carryOut(step, paced: paced) : .done
            let line = step.line(outcome)
            logger.log(
                level: step.changesSomething && !dryRun ? .notice : .info, "Reconciler found a difference",
                metadata: ["task.id": "\(step.taskID.uuidString.lowercased())", "reconcile.step": "\(line)"])
            onStep(line)
            lines.append(line)
        }

        let report = ReconcileReport(
            lines: lines, requests: requests.value, cardsRead: cardsRead, window: window, listedSince: listedSince,
            elapsed: .now - startedAt, dryRun: dryRun)
        metrics.lastPassTrelloRequests.record(report.requests)
        metrics.lastPassCards.record(report.cardsRead)
        metrics.passDuration.record(duration: report.elapsed)
        return report
    }

    /// Does what `step` says; `.skipped` when the task changed since the pass read it.
    private func carryOut(_ step: ReconcileStep, paced: @Sendable () async throws -> Void) async throws
        -> ReconcileStep.Outcome
    {
        let detail = step.eventDetail ?? step.kind
        switch step {
        case .archiveDuplicates(let taskID, let keep, let archive):
            var archived: [String] = []
            do {
                for cardID in archive {
                    try await archiveCard(cardID, paced: paced)
                    archived.append(cardID)
                    metrics.duplicatesArchived.increment()
                }
            } catch {
                // The cards archived so far stay archived: the task's history says so before the pass gives up.
                let partial = ReconcileStep.archiveDuplicates(taskID: taskID, keep: keep, archive: archived)
                if !archived.isEmpty, let partialDetail = partial.eventDetail {
                    _ = try? await store.recordEvent(taskID: taskID, detail: partialDetail)
                }
                throw error
            }
            return try await store.recordEvent(taskID: taskID, detail: detail) ? .done : .skipped
        case .adopt(let taskID, let missing, let card):
            let adopted = try await store.adoptCard(
                taskID: taskID, replacing: missing, cardID: card.id, cardURL: card.url, closed: card.closed,
                detail: detail)
            return adopted ? .done : .skipped
        case .record(let taskID, let cardID, let change):
            let (closed, deleted): (Bool?, Bool?) =
                switch change {
                case .archived: (true, nil)
                case .unarchived: (false, nil)
                case .deleted: (nil, true)
                case .reappeared: (nil, false)
                }
            let recorded = try await store.recordCardState(
                taskID: taskID, cardID: cardID, closed: closed, deleted: deleted, detail: detail)
            return recorded ? .done : .skipped
        case .recreate(let taskID, let missing):
            guard try await store.requeueForNewCard(taskID: taskID, missingCardID: missing, detail: detail) else {
                return .skipped
            }
            metrics.recreations.increment()
            return .done
        case .unknownCard, .failedTaskCard, .unsettled:
            return .done
        }
    }

    /// Archives one card after the pacer's turn, sending again after transient failures; a card already deleted
    /// (404) needs nothing more.
    private func archiveCard(_ cardID: String, paced: @Sendable () async throws -> Void) async throws {
        var failures = 0
        while true {
            try await paced()
            do {
                _ = try await trello.perform(.archiveCard) { try await $0.archiveCard(cardID) }
                return
            } catch let error as TrelloError where error.status == 404 {
                return
            } catch let error as TrelloError where error.kind == .transient && failures < Self.retries && !Task.isCancelled {
                failures += 1
            }
        }
    }
}
