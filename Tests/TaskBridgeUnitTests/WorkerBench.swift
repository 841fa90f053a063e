import Logging
import TaskBridgeCore
@testable import TaskBridgeWorker
import Trello

/// A worker's card-making parts over doubles: a board in memory, Redis's strings in memory, the gateway without
/// the fleet's limiter unless one is given.
struct WorkerBench {
    /// Logs nowhere: tests never bootstrap logging.
    static let logger = Logger(label: "unit-test") { _ in SwiftLogNoOpLogHandler() }
    /// The settle window of every test: 30 s for a client that waits 10 s.
    static let settle = SettleWindow(settle: .seconds(30), requestTimeout: .seconds(10))

    let trello: MemoryTrello
    let redis = MemoryRedis()
    let metrics = WorkerMetrics()
    let fleet: FleetGate
    let gateway: TrelloGateway
    let index: CardIndex
    let maker: CardMaker

    init(
        trello: MemoryTrello = MemoryTrello(), limiter: RateLimiter? = nil, lease: Duration = .seconds(60),
        retry: RetryPolicy = RetryPolicy(), retryAfterCap: Duration = RetryPolicy.defaultRetryAfterCap
    ) {
        self.trello = trello
        fleet = FleetGate(redis: redis, key: "test:fleet", metrics: metrics, logger: Self.logger)
        gateway = TrelloGateway(
            client: trello, limiter: limiter, limits: TrelloRateLimits(), fleet: fleet, retry: nil,
            retryAfterCap: retryAfterCap, metrics: metrics, logger: Self.logger)
        let board = BoardDirectory(
            cache: BoardCache(redis: redis, boardID: trello.boardID, listName: "To Do", keyPrefix: "test"),
            synchronizer: BoardSynchronizer(trello: gateway, boardID: trello.boardID, listName: "To Do"),
            redis: redis, provisionLockKey: "test:provisioning", autoProvision: false)
        index = CardIndex(reader: BoardCardReader(trello: gateway, boardID: trello.boardID))
        maker = CardMaker(
            board: board, trello: gateway, index: index, retry: retry, lease: lease, logger: Self.logger)
    }

    /// How many requests of `operation` the board received.
    func count(_ operation: TrelloOperation) async -> Int {
        await trello.requests(of: operation).count
    }
}

extension DispatchOutcome.Result {
    /// The card of a `done` result.
    var cardID: String? {
        if case .done(let cardID, _, _, _) = self { cardID } else { nil }
    }

    /// The delay of a `release`.
    var releaseDelay: Duration? {
        if case .release(_, let delay) = self { delay } else { nil }
    }

    /// The reason or error a result that is not `done` carries.
    var reason: String? {
        switch self {
        case .done, .notified: nil
        case .retry(let error, _), .fail(let error): error
        case .release(let reason, _): reason
        }
    }
}
