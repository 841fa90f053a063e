#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import ServiceLifecycle
import TaskBridgeCore
import Trello

/// Every destination a worker has sent to, built the first time a delivery names it and kept: one gateway per
/// credential (its own `TrelloClient` and the fleet's rate limiter keyed on its token and key), and per board and
/// list of it the board's metadata cache and card lookup. The environment's destination is built up front.
///
/// A `Service`: the gateways built later batch their slot reservations in child tasks of `run()`, so the worker
/// lists it where a single gateway stood, after the pools and before everything that sends to Trello.
actor CardDestinations: Service {
    /// A destination's identity: nil parts are the environment's.
    struct Key: Hashable {
        var credentialID: UUID?
        var boardID: String
        var listName: String
    }

    /// Builds what a credential's destinations share, from its key and token.
    typealias GatewayFactory = @Sendable (TrelloCredentials) -> TrelloGateway
    /// Builds a destination on `boardID` and `listName` behind a gateway.
    typealias DestinationFactory = @Sendable (_ gateway: TrelloGateway, _ boardID: String, _ listName: String) -> CardDestination
    /// Opens a stored credential: its key and token, nil when it is gone; throws when it cannot be opened.
    typealias CredentialOpener = @Sendable (UUID) async throws -> TrelloCredentials?

    private let environment: CardDestination
    private let environmentBoard: (boardID: String, listName: String)
    private let makeGateway: GatewayFactory?
    private let makeDestination: DestinationFactory?
    private let open: CredentialOpener?
    private var gateways: [UUID: (gateway: TrelloGateway, credentials: TrelloCredentials)] = [:]
    private var destinations: [Key: CardDestination] = [:]
    private let started: AsyncStream<TrelloGateway>
    private let start: AsyncStream<TrelloGateway>.Continuation

    /// Destinations from `environment` (on `boardID` and `listName`), and, given the factories and an opener,
    /// those of stored credentials too.
    init(
        environment: CardDestination, boardID: String, listName: String, makeGateway: GatewayFactory? = nil,
        makeDestination: DestinationFactory? = nil, open: CredentialOpener? = nil
    ) {
        self.environment = environment
        self.environmentBoard = (boardID, listName)
        self.makeGateway = makeGateway
        self.makeDestination = makeDestination
        self.open = open
        (started, start) = AsyncStream.makeStream()
    }

    /// The destination a delivery names, built on first use. Throws `DestinationUnavailable` when its credential
    /// is gone or cannot be opened, and PostgreSQL's errors as they are.
    func destination(for target: DeliveryDestination) async throws -> CardDestination {
        let key = Key(
            credentialID: target.credentialID, boardID: target.boardID ?? environmentBoard.boardID,
            listName: target.listName ?? environmentBoard.listName)
        if key.credentialID == nil, key.boardID == environmentBoard.boardID, key.listName == environmentBoard.listName {
            return environment
        }
        if let known = destinations[key] { return known }
        guard let makeDestination else {
            throw DestinationUnavailable(permanent: false, description: "this worker reaches only the environment's board")
        }
        let gateway = try await gateway(for: key.credentialID).gateway
        // Another delivery may have built it while this one opened the credential.
        if let known = destinations[key] { return known }
        var built = makeDestination(gateway, key.boardID, key.listName)
        built.usesEnvironmentCredentials = key.credentialID == nil
        destinations[key] = built
        return built
    }

    /// The gateway of a credential, with its key and token (the environment's gateway and nil for nil), built and
    /// started on first use. Throws `DestinationUnavailable` as `destination(for:)` does.
    func gateway(for credentialID: UUID?) async throws -> (gateway: TrelloGateway, credentials: TrelloCredentials?) {
        guard let credentialID else { return (environment.trello, nil) }
        if let known = gateways[credentialID] { return (known.gateway, known.credentials) }
        guard let open, let makeGateway else {
            throw DestinationUnavailable(
                permanent: false, description: "TASKBRIDGE_SECRET_KEY is not set: stored credentials cannot be opened")
        }
        let credentials: TrelloCredentials?
        do {
            credentials = try await open(credentialID)
        } catch let error as CredentialSealerError {
            throw DestinationUnavailable(
                permanent: false,
                description: "the credential \(credentialID.uuidString.lowercased()) cannot be opened: \(error)")
        }
        guard let credentials else {
            throw DestinationUnavailable(
                permanent: true, description: "the credential \(credentialID.uuidString.lowercased()) was removed")
        }
        if let known = gateways[credentialID] { return (known.gateway, known.credentials) }
        let gateway = makeGateway(credentials)
        gateways[credentialID] = (gateway, credentials)
        start.yield(gateway)
        return (gateway, credentials)
    }

    /// Runs the slot batching of every gateway built, until graceful shutdown.
    func run() async {
        let started = started
        let start = start
        await withDiscardingTaskGroup { group in
            group.addTask { await self.environment.trello.run() }
            await withGracefulShutdownHandler {
                for await gateway in started {
                    group.addTask { await gateway.run() }
                }
            } onGracefulShutdown: {
                start.finish()
            }
        }
    }
}
