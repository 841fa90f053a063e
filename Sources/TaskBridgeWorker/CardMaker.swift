import Foundation
import Logging
import TaskBridgeCore
import Trello

/// Turns one claimed task into exactly one card, or says why not: the attempt's `DispatchOutcome`.
///
/// It looks for an earlier attempt's card before making one whenever that attempt's outcome is unknown, never
/// sends the card request unless it can finish within the lease, and sorts every failure by whose fault it is:
/// Trello's for now (retry with backoff, for `RETRY_MAX_ELAPSED_MS` when Trello is unavailable), the task's (fail, with Trello's message), the credentials' or the
/// infrastructure's (release the task uncounted).
///
/// Each delivery goes to its own destination (`CardDestinations`): its board, list and credential.
struct CardMaker: Sendable {
    let destinations: CardDestinations
    let retry: RetryPolicy
    let lease: Duration
    let logger: Logger

    /// A card maker over `destinations`.
    init(destinations: CardDestinations, retry: RetryPolicy, lease: Duration, logger: Logger) {
        self.destinations = destinations
        self.retry = retry
        self.lease = lease
        self.logger = logger
    }

    /// A card maker that reaches only the environment's board, through `trello`.
    init(board: BoardDirectory, trello: TrelloGateway, index: CardIndex, retry: RetryPolicy, lease: Duration, logger: Logger) {
        self.init(
            destinations: CardDestinations(
                environment: CardDestination(board: board, trello: trello, index: index, usesEnvironmentCredentials: true),
                boardID: board.synchronizer.boardID, listName: board.synchronizer.listName),
            retry: retry, lease: lease, logger: logger)
    }

    /// How long a task waits when another worker is creating the board's missing list or labels.
    static let provisioningWait: Duration = .seconds(1)
    /// How far a lookup reaches back past the earliest moment an unknown card can have been made, for the worker's,
    /// PostgreSQL's and Trello's clocks disagreeing (card ids carry Trello's clock).
    static let clockMargin: Duration = .seconds(120)

    /// The outcome of one attempt at `claimed`, claimed at `claimedAt` (taken before the claim was sent, so
    /// the lease ends no earlier than `claimedAt + lease`), logging with the id of the request that sent it if known.
    func dispatch(_ claimed: ClaimedTask, claimedAt: ContinuousClock.Instant, requestID: String? = nil) async -> DispatchOutcome {
        let task = claimed.record
        let deliveryID = claimed.destination.deliveryID
        let logger = logger.forTask(task.id, delivery: deliveryID, requestID: requestID)
        var cardMayExist = claimed.cardMayExist
        var unknownCreate: ClosedRange<ContinuousClock.Instant>?
        var usesEnvironmentCredentials = claimed.destination.credentialID == nil
        func outcome(_ result: DispatchOutcome.Result) -> DispatchOutcome {
            DispatchOutcome(deliveryID: deliveryID, result: result, cardMayExist: cardMayExist, unknownCreate: unknownCreate)
        }

        do {
            let target = try await destinations.destination(for: claimed.destination)
            usesEnvironmentCredentials = target.usesEnvironmentCredentials
            if cardMayExist {
                let since = Date.now - (claimed.mayExistFor + Self.clockMargin)
                if let card = try await target.index.card(for: deliveryID, madeSince: since, claimedAt: claimedAt) {
                    logger.notice("Found the card an earlier attempt made", metadata: ["card.id": "\(card.id)"])
                    cardMayExist = false
                    return outcome(Self.done(card))
                }
                if claimed.settlesIn > .zero {
                    // Not found yet, but an earlier create may still land: creating now could make a second card.
                    let settling = claimed.settlesIn - (ContinuousClock.now - claimedAt)
                    return outcome(.release(
                        reason: "an earlier create may still land; looking for its card again in \(max(settling, .zero).wholeMilliseconds) ms",
                        delay: max(settling, .zero)))
                }
                cardMayExist = false
            }
            let card = try await create(task, delivery: deliveryID, at: target, claimedAt: claimedAt, logger: logger)
            logger.info("Card created", metadata: ["card.id": "\(card.id)", "task.attempt": "\(task.attempts)"])
            return outcome(Self.done(card))
        } catch let error as TrelloError {
            if error.kind == .outcomeUnknown || (error.operation == .createCard && (error.status ?? 0) >= 500) {
                // The card may have been made, and may still be: the next attempt looks for it first, and creates
                // only once the create can no longer land (TRELLO_SETTLE_MS after it was sent).
                cardMayExist = true
                unknownCreate = claimedAt...ContinuousClock.now
            }
            switch error.kind {
            case .transient, .outcomeUnknown:
                // Trello's outages are retried for a time budget from the first attempt, other failures for a count.
                let elapsed = claimed.sinceFirstAttempt + (ContinuousClock.now - claimedAt)
                switch retry.next(
                    afterAttempt: task.attempts, elapsed: elapsed, unavailable: error.isUnavailable,
                    retryAfter: error.retryAfter)
                {
                case .giveUp(let reason):
                    logger.error("Task failed: \(reason)", metadata: ["error": "\(error)"])
                    return outcome(.fail(error: "\(reason): \(error)"))
                case .retry(let delay):
                    logger.warning("Attempt failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                    return outcome(.retry(error: "\(error)", delay: delay))
                }
            case .permanent:
                logger.error("Task failed: Trello refused it", metadata: ["error": "\(error)"])
                return outcome(.fail(error: "\(error)"))
            case .credentials:
                // The environment's refusal pauses the fleet, which probes them; a stored credential's is this
                // destination's alone: its deliveries wait with backoff, uncounted.
                return outcome(.release(
                    reason: "Trello refused the credentials; waiting for them to work",
                    delay: usesEnvironmentCredentials ? .zero : retry.delay(afterAttempt: task.attempts)))
            }
        } catch let error as DestinationUnavailable {
            logger.error("The delivery's destination cannot be reached", metadata: ["error": "\(error)"])
            if error.permanent { return outcome(.fail(error: error.description)) }
            return outcome(.release(reason: error.description, delay: retry.delay(afterAttempt: task.attempts)))
        } catch let error as CardPlanError {
            logger.error("Task failed: no card can be planned", metadata: ["error": "\(error)"])
            return outcome(.fail(error: error.description))
        } catch let error as LeaseTooShort {
            logger.warning("Attempt released: the lease ran short", metadata: ["error": "\(error)"])
            return outcome(.release(reason: error.description, delay: .zero))
        } catch is ProvisioningBusy {
            return outcome(.release(reason: "another worker is creating the board's list and labels", delay: Self.provisioningWait))
        } catch {
            // Redis or PostgreSQL trouble is not the task's fault: it does not use up an attempt.
            let delay = retry.delay(afterAttempt: task.attempts)
            logger.warning("Attempt released: the worker's servers failed", metadata: ["error": "\(error)"])
            return outcome(.release(reason: "the worker could not reach its servers: \(error)", delay: delay))
        }
    }

    /// Plans and creates the card. Trello rejecting an id of the board, or the board lacking the list or a label,
    /// first reloads the board (once); a board that still lacks them is completed when auto-provisioning is on.
    private func create(
        _ task: TaskRecord, delivery: UUID, at target: CardDestination, claimedAt: ContinuousClock.Instant, logger: Logger
    ) async throws -> TrelloCard {
        let (board, trello) = (target.board, target.trello)
        var metadata = try await board.current()
        var reloaded = false
        var provisioned = false
        while true {
            let plan: CardPlan
            do {
                plan = try TaskKinds.cardPlan(for: task, delivery: delivery, on: metadata)
            } catch {
                switch error {
                case .missingList, .missingLabel:
                    if !reloaded {
                        metadata = try await board.refresh(replacing: metadata)
                        reloaded = true
                        continue
                    }
                    guard board.autoProvision, !provisioned else { throw error }
                    guard let completed = try await board.provision() else { throw ProvisioningBusy() }
                    logger.notice("Created the board's missing list or labels (TRELLO_AUTO_PROVISION)")
                    metadata = completed
                    provisioned = true
                    continue
                case .noMembers, .invalidTask:
                    throw error
                }
            }
            do {
                return try await trello.perform(.createCard, deadline: claimedAt + lease) {
                    try await $0.createCard(plan)
                }
            } catch let error as TrelloError where !reloaded && Self.rejectsBoardID(error) {
                logger.notice("Trello rejected an id of the board; reloading it", metadata: ["error": "\(error)"])
                metadata = try await board.refresh(replacing: metadata)
                reloaded = true
            }
        }
    }

    /// Whether Trello refused the card for an id the cached metadata supplied (a list, label or member that is
    /// gone), rather than for the task's own content.
    static func rejectsBoardID(_ error: TrelloError) -> Bool {
        guard error.kind == .permanent, error.operation == .createCard else { return false }
        if error.status == 404 { return true }
        return ["idList", "idLabels", "idMembers", "invalid id"].contains { error.message.contains($0) }
    }

    private static func done(_ card: TrelloCard) -> DispatchOutcome.Result {
        .done(cardID: card.id, cardURL: card.url ?? card.shortUrl, assigneeID: card.idMembers.first, labelIDs: card.idLabels)
    }
}
