import Hummingbird
import HummingbirdCore
import Logging

/// The sandbox as a Hummingbird application: Trello's routes under `/1`, the admin routes under `/_sandbox`.
public func buildSandbox(configuration: SandboxConfiguration, logger: Logger = Logger(label: "trello-sandbox")) -> some ApplicationProtocol {
    let state = SandboxState(configuration: configuration)
    let router = Router(context: SandboxRequestContext.self)
    router.add(middleware: TrelloGate(state: state, maximumRequestTargetLength: configuration.maximumRequestTargetLength))
    router.addSandboxRoutes(state: state)
    // NIO's decoder closes the connection on a request line over its limit; keep that limit far above ours so a
    // long request target gets the 414 Trello's front end sends.
    let decoderLimit = max(configuration.maximumRequestTargetLength * 4, 8 << 20)
    let http1 = HTTP1Channel.Configuration(
        httpDecoderConfiguration: .init(maxHeaderFieldSize: decoderLimit, maxHeaderListSize: decoderLimit * 2)
    )
    return Application(
        router: router,
        server: .http1(configuration: http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        logger: logger
    )
}
