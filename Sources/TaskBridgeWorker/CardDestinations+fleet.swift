import CurlClient
import Logging
import RedisClient
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

extension CardDestinations {
    /// The destinations a worker (or the admin CLI) reaches: the environment's board through `environment`, and
    /// boards of stored credentials (opened from `credentials` with `configuration.sealer`), each credential through
    /// a gateway of its own on `session` under the fleet's rate limiter in `redis`. A stored credential's refusal
    /// never pauses the fleet: it is its destinations' alone.
    static func fleet(
        configuration: WorkerConfiguration, environment: TrelloGateway, credentials: CredentialStore,
        redis: any RedisCommandRunner, session: HTTPSession, metrics: WorkerMetrics, logger: Logger
    ) -> CardDestinations {
        let trello = configuration.trello
        let makeDestination: DestinationFactory = { gateway, boardID, listName in
            CardDestination(
                board: BoardDirectory(
                    cache: BoardCache(redis: redis, boardID: boardID, listName: listName, keyPrefix: configuration.keyPrefix),
                    synchronizer: BoardSynchronizer(trello: gateway, boardID: boardID, listName: listName),
                    redis: redis,
                    provisionLockKey: "\(configuration.keyPrefix):board:\(boardID):provisioning",
                    autoProvision: trello.autoProvision),
                trello: gateway,
                index: CardIndex(reader: BoardCardReader(trello: gateway, boardID: boardID)),
                usesEnvironmentCredentials: true)
        }
        var open: CredentialOpener?
        if let sealer = configuration.sealer {
            open = { id in
                guard let secret = try await credentials.open(id: id, sealer: sealer) else { return nil }
                guard let key = secret.fields["key"], let token = secret.fields["token"] else {
                    throw CredentialSealerError.cannotOpen
                }
                return TrelloCredentials(key: key, token: token)
            }
        }
        let makeGateway: GatewayFactory = { stored in
            TrelloGateway.fleet(
                configuration: configuration, credentials: stored, redis: redis, session: session, fleet: nil,
                metrics: metrics, logger: logger)
        }
        return CardDestinations(
            environment: makeDestination(environment, trello.boardID, trello.listName),
            boardID: trello.boardID, listName: trello.listName,
            makeGateway: makeGateway, makeDestination: makeDestination, open: open)
    }

    /// Runs `body` with every gateway's batching of slot reservations running around it, for a process without a
    /// service group (the admin CLI); the batching stops when `body` returns.
    func serving<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
