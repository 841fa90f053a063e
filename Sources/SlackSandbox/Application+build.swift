import Hummingbird
import Logging

/// The Slack stand-in as a Hummingbird application: hooks under `/services`, admin routes under `/_slack`.
public func buildSlackSandbox(
    configuration: SlackSandboxConfiguration,
    logger: Logger = Logger(label: "slack-sandbox")
) -> some ApplicationProtocol {
    let workspace = SlackWorkspace()
    let router = Router(context: BasicRequestContext.self)
    router.addRoutes(WebhookRoutes(workspace: workspace).routes)
    router.addRoutes(AdminRoutes(workspace: workspace).routes, atPath: "/_slack")
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
        logger: logger
    )
}
