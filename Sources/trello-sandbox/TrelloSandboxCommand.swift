import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TrelloSandbox

/// `trello-sandbox`: a local stand-in for Trello's REST API with fault injection.
@main
struct TrelloSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trello-sandbox",
        abstract: "A local, faithful stand-in for Trello's REST API (under /1), with rate limits and fault injection.",
        discussion: "Admin routes, without authentication (the board ones take ?board=ID for an extra board): "
            + "GET /_sandbox/health, GET /_sandbox/board, GET /_sandbox/cards, "
            + "POST /_sandbox/cards ({\"count\": 20000} seeds that many cards at once), POST /_sandbox/reset, "
            + "GET /_sandbox/counters, GET /_sandbox/requests (the latest requests with their arrival times), "
            + "GET|PUT /_sandbox/faults, GET|PUT /_sandbox/limits, GET|PUT /_sandbox/credentials, "
            + "POST /_sandbox/cards/{id}/move ({\"list\": \"Done\"}), POST /_sandbox/cards/{id}/archive, GET /_sandbox/webhooks."
    )

    /// `on` or `off` for `--rate-limit`.
    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on
        case off
    }

    @Option(help: "Address to listen on.")
    var host = SandboxConfiguration.defaultHost

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = SandboxConfiguration.defaultPort

    // The key, token and board id fall back to the bridge's own TRELLO_* variables, so compose and `make run` can
    // hand them over without putting a credential on a command line, where `ps` shows it to every user.
    @Option(help: "API key the sandbox accepts (default: $TRELLO_API_KEY, else \(Credentials.defaultKey)).")
    var key: String?

    @Option(help: "API token the sandbox accepts (default: $TRELLO_API_TOKEN, else \(Credentials.defaultToken)).")
    var token: String?

    @Option(help: "Id of the seeded board, 24 hex characters (default: $TRELLO_BOARD_ID, else \(SandboxConfiguration.defaultBoardID)).")
    var boardID: String?

    @Option(
        name: .customLong("extra-board"),
        help: "A further board, ID:KEY:TOKEN, seeded like the first and reached with its own key and token (repeatable).")
    var extraBoards: [String] = []

    @Option(help: "Seed of every id and every injected fault.")
    var seed = SandboxConfiguration.defaultSeed

    @Flag(help: "Seed a bare board: no labels and no \"To Do\" list (lists Backlog, Doing, Done), members as usual.")
    var bare = false

    @Option(help: "Rate limits on or off (off: no limits, no x-rate-limit-* headers).")
    var rateLimit = Switch.on

    @Option(help: "Requests per window per token (0: no limit).")
    var tokenLimit = RateLimits().tokenLimit

    @Option(help: "Requests per window per API key (0: no limit).")
    var keyLimit = RateLimits().keyLimit

    @Option(help: "Length of the sliding rate-limit window in milliseconds.")
    var rateWindowMs = RateLimits().windowMilliseconds

    @Option(help: "Seconds sent as Retry-After with every 429 (default: no Retry-After header, as Trello).")
    var retryAfter: Int?

    @Option(help: "Delay added to every /1 response, in milliseconds.")
    var latencyMs = 0

    @Option(help: "Share (0-1) of /1 requests answered 500, 502 or 503.")
    var errorRate = 0.0

    @Option(help: "Share (0-1) of /1 requests answered with Trello's 429.")
    var rateLimitRate = 0.0

    @Option(help: "Share (0-1) of POST /1/cards that store the card, then close the connection without answering.")
    var dropAfterCreateRate = 0.0

    @Option(help: "Longest request target (path and query) in bytes before a 414.")
    var maxRequestTarget = SandboxConfiguration.defaultMaximumRequestTargetLength

    @Option(help: "Milliseconds before a new card shows up in GET /1/search.")
    var searchLagMs = 0

    @Option(help: "Application secret that signs webhook calls (default: $TRELLO_APP_SECRET, else \(WebhookSettings.defaultSecret)).")
    var appSecret: String?

    @Option(help: "Attempts per webhook delivery, the first and its retries.")
    var webhookAttempts = WebhookSettings().attempts

    @Option(help: "Milliseconds before a webhook delivery's first retry; doubled for each further one.")
    var webhookRetryMs = WebhookSettings().retryMilliseconds

    @Option(help: "Deliveries in a row that fail every attempt before a webhook is deactivated.")
    var webhookFailureLimit = WebhookSettings().failureLimit

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    var sandboxConfiguration: SandboxConfiguration {
        SandboxConfiguration(
            host: self.host,
            port: self.port,
            credentials: Credentials(
                key: self.key ?? Self.environment("TRELLO_API_KEY") ?? Credentials.defaultKey,
                token: self.token ?? Self.environment("TRELLO_API_TOKEN") ?? Credentials.defaultToken),
            boardID: self.boardID ?? Self.environment("TRELLO_BOARD_ID") ?? SandboxConfiguration.defaultBoardID,
            extraBoards: self.extraBoards.compactMap(ExtraBoard.init(argument:)),
            seed: self.seed,
            bare: self.bare,
            limits: RateLimits(
                tokenLimit: self.rateLimit == .on ? self.tokenLimit : 0,
                keyLimit: self.rateLimit == .on ? self.keyLimit : 0,
                windowMilliseconds: self.rateWindowMs,
                retryAfterSeconds: self.retryAfter
            ),
            faults: Faults(
                latencyMilliseconds: self.latencyMs,
                errorRate: self.errorRate,
                rateLimitRate: self.rateLimitRate,
                dropAfterCreateRate: self.dropAfterCreateRate
            ),
            maximumRequestTargetLength: self.maxRequestTarget,
            searchLagMilliseconds: self.searchLagMs,
            webhooks: WebhookSettings(
                secret: self.appSecret ?? Self.environment("TRELLO_APP_SECRET") ?? WebhookSettings.defaultSecret,
                attempts: self.webhookAttempts, retryMilliseconds: self.webhookRetryMs,
                failureLimit: self.webhookFailureLimit)
        )
    }

    /// A variable's value; empty counts as unset, as everywhere in TaskBridge.
    private static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if Logger.Level(rawValue: self.logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let malformed = self.extraBoards.first(where: { ExtraBoard(argument: $0) == nil }) {
            throw ValidationError("--extra-board must be ID:KEY:TOKEN, got \(malformed.split(separator: ":").first ?? "")…")
        }
        if let problem = self.sandboxConfiguration.problem {
            throw ValidationError(problem)
        }
    }

    func run() async throws {
        // A client that hangs up while a response is written must not kill the sandbox; it shares no code with
        // the bridge by design, so this is its own copy of the bridge's `BrokenPipes.ignore()`.
        _ = signal(SIGPIPE, SIG_IGN)
        let level = Logger.Level(rawValue: self.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try await buildSandbox(configuration: self.sandboxConfiguration).runService()
    }
}
