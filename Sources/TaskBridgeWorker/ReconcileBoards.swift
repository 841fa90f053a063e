import Foundation
import Logging
import RedisClient
import TaskBridgeCore
import Trello

/// The boards a reconcile pass covers besides the environment's: every board that routes sent cards to within the
/// window, each reached through the gateway of a stored credential that made cards there, so a duplicate on a
/// route's board is found like one on the environment's.
struct ReconcileBoards: Sendable {
    /// Makes the pass over `boardID` through `gateway`, which sends with `credentials` (nil: the environment's).
    typealias PassFactory = @Sendable (
        _ gateway: TrelloGateway, _ credentials: TrelloCredentials?, _ boardID: String
    ) -> ReconcilePass

    let store: TaskStore
    let destinations: CardDestinations
    let environmentBoardID: String
    let makePass: PassFactory
    let logger: Logger

    /// The boards `configuration`'s fleet reconciles besides the environment's, reached through `destinations`, each
    /// pass as `ReconcilePass(configuration:...)` makes it.
    static func fleet(
        configuration: WorkerConfiguration, store: TaskStore, redis: any RedisCommandRunner,
        destinations: CardDestinations, metrics: ReconcileMetrics, logger: Logger
    ) -> ReconcileBoards {
        ReconcileBoards(
            store: store, destinations: destinations, environmentBoardID: configuration.trello.boardID,
            makePass: { gateway, credentials, boardID in
                ReconcilePass(
                    configuration: configuration, store: store, redis: redis, trello: gateway, boardID: boardID,
                    credentials: credentials, metrics: metrics, logger: logger)
            },
            logger: logger)
    }

    /// The passes over the boards done card deliveries went to within `window` (the environment's board aside). A
    /// board whose credential cannot be opened is left out with a warning: the others are still reconciled.
    func passes(window: Duration) async throws -> [ReconcilePass] {
        let since = try await store.databaseTime() - window
        var passes: [ReconcilePass] = []
        for board in try await store.reconcileBoards(firstAttemptSince: since, environmentBoardID: environmentBoardID) {
            do {
                let (gateway, credentials) = try await destinations.gateway(for: board.credentialID)
                passes.append(makePass(gateway, credentials, board.boardID))
            } catch let error as DestinationUnavailable {
                logger.warning("A route's board is not reconciled: its credential cannot be used",
                               metadata: ["board.id": "\(board.boardID)", "error": "\(error)"])
            }
        }
        return passes
    }
}
