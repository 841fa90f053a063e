import Hummingbird

/// The sandbox's whole mutable state behind one actor: the board data, the accepted credentials, the rate-limit
/// windows, the faults, the counters and the webhooks.
actor SandboxState {
    /// The board the admin routes describe unless told another.
    let boardID: String
    /// Every board's id, the seeded one first.
    let boardIDs: [String]
    /// How long new cards stay out of search results.
    let searchLagMilliseconds: Int64

    let configuration: SandboxConfiguration
    private let seededStore: BoardStore
    private var store: BoardStore
    private var credentials: Credentials
    /// The extra boards' keys and tokens, accepted besides `credentials`.
    private let extraCredentials: [Credentials]
    private var limits: RateLimits
    private var faults: Faults
    private var tokenLimiter: RateLimiter
    private var keyLimiter: RateLimiter
    private var faultGenerator: SplitMix64
    /// Responses per route (`POST /1/cards`) and outcome (`200`, `429`, `dropped`).
    private var counters: [String: [String: Int]] = [:]
    /// The latest `/1` requests, oldest first, up to about `LoggedRequest.capacity`.
    private var requestLog: [LoggedRequest] = []
    private let epoch = ContinuousClock.now
    /// Registered webhooks, oldest first.
    var webhooks: [Webhook] = []
    /// Signs and sends webhook calls.
    let webhookCall: WebhookCall
    /// Deliveries waiting for the courier, in the order their actions happened.
    let deliveries: AsyncStream<WebhookDelivery>.Continuation
    let pendingDeliveries: AsyncStream<WebhookDelivery>
    /// Whether the courier loop runs (it starts with the first webhook).
    var courierStarted = false

    /// The state a sandbox with `configuration` starts in.
    init(configuration: SandboxConfiguration) {
        self.configuration = configuration
        self.boardID = configuration.boardID.lowercased()
        self.boardIDs = [self.boardID] + configuration.extraBoards.map { $0.id.lowercased() }
        self.extraCredentials = configuration.extraBoards.map(\.credentials)
        self.searchLagMilliseconds = Int64(configuration.searchLagMilliseconds)
        var seeded = BoardStore.seeded(
            boardID: self.boardID, extraBoardIDs: Array(self.boardIDs.dropFirst()), seed: configuration.seed,
            bare: configuration.bare, now: TrelloDate.now())
        // The seed's own actions happened before any webhook could exist.
        seeded.outbox = []
        self.seededStore = seeded
        self.store = seeded
        self.credentials = configuration.credentials
        self.limits = configuration.limits
        self.faults = configuration.faults
        self.tokenLimiter = RateLimiter(limit: configuration.limits.tokenLimit, windowMilliseconds: configuration.limits.windowMilliseconds)
        self.keyLimiter = RateLimiter(limit: configuration.limits.keyLimit, windowMilliseconds: configuration.limits.windowMilliseconds)
        self.faultGenerator = Self.faultGenerator(seed: configuration.seed)
        self.webhookCall = WebhookCall(settings: configuration.webhooks)
        (self.pendingDeliveries, self.deliveries) = AsyncStream.makeStream(of: WebhookDelivery.self)
    }

    deinit {
        self.deliveries.finish()
    }

    /// Faults draw from their own sequence so that they do not shift the ids.
    private static func faultGenerator(seed: UInt64) -> SplitMix64 {
        SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_F00D)
    }

    // MARK: The gate

    /// Decides a `/1` request by its credentials: Trello's 401s, then the rate limits, then the injected faults.
    func admit(key: String?, token: String?, route: String) -> Admission {
        let now = Int64((ContinuousClock.now - self.epoch) / .milliseconds(1))
        let latency = self.faults.latency(of: route)
        let isCardCreation = route == "POST /1/cards"
        if let refusal = self.authenticationFailure(key: key, token: token) {
            let headers = self.rateLimitHeaders(
                tokenRemaining: self.tokenLimiter.remaining(for: token, now: now),
                keyRemaining: self.keyLimiter.remaining(for: key, now: now)
            )
            return Admission(verdict: .refuse(refusal), latencyMilliseconds: latency, headers: headers)
        }
        // Accepted, so both are set: each token and each key has its own window, as at Trello.
        let (key, token) = (key ?? "", token ?? "")
        let tokenRemaining = self.tokenLimiter.remaining(for: token, now: now)
        let keyRemaining = self.keyLimiter.remaining(for: key, now: now)
        if self.limits.tokenLimit > 0 && tokenRemaining == 0 {
            return self.rateLimited("API_TOKEN_LIMIT_EXCEEDED", tokenRemaining: 0, keyRemaining: keyRemaining, latency: latency)
        }
        if self.limits.keyLimit > 0 && keyRemaining == 0 {
            return self.rateLimited("API_KEY_LIMIT_EXCEEDED", tokenRemaining: tokenRemaining, keyRemaining: 0, latency: latency)
        }
        self.tokenLimiter.record(for: token, now: now)
        self.keyLimiter.record(for: key, now: now)
        let (tokenLeft, keyLeft) = (max(tokenRemaining - 1, 0), max(keyRemaining - 1, 0))
        if self.fires(self.faults.rateLimitRate) {
            return self.rateLimited("API_TOKEN_LIMIT_EXCEEDED", tokenRemaining: tokenLeft, keyRemaining: keyLeft, latency: latency)
        }
        let headers = self.rateLimitHeaders(tokenRemaining: tokenLeft, keyRemaining: keyLeft)
        if self.fires(self.faults.errorRate) {
            let statuses: [HTTPResponse.Status] = [.internalServerError, .badGateway, .serviceUnavailable]
            let status = statuses[Int(self.faultGenerator.next() % UInt64(statuses.count))]
            let error = TrelloError(status: status, body: .text(status.reasonPhrase))
            return Admission(verdict: .refuse(error), latencyMilliseconds: latency, headers: headers)
        }
        let drop = isCardCreation && self.fires(self.faults.dropAfterCreateRate)
        return Admission(verdict: .proceed(dropAfterCreate: drop), latencyMilliseconds: latency, headers: headers)
    }

    /// Trello's 401 for these credentials, or nil when they are one of the accepted pairs.
    private func authenticationFailure(key: String?, token: String?) -> TrelloError? {
        let accepted = [self.credentials] + self.extraCredentials
        switch (key, token) {
        case (nil, nil): return .unauthorized("unauthorized permission requested")
        case (let key, _) where !accepted.contains(where: { $0.key == key }): return .unauthorized("invalid key")
        case (_, nil): return .unauthorized("missing scopes")
        case (let key, let token) where !accepted.contains(Credentials(key: key ?? "", token: token ?? "")):
            return .unauthorized("invalid token")
        default: return nil
        }
    }

    private func rateLimited(_ code: String, tokenRemaining: Int, keyRemaining: Int, latency: Int) -> Admission {
        var headers = self.rateLimitHeaders(tokenRemaining: tokenRemaining, keyRemaining: keyRemaining)
        if let seconds = self.limits.retryAfterSeconds {
            headers[.retryAfter] = String(seconds)
        }
        return Admission(verdict: .refuse(.rateLimited(code)), latencyMilliseconds: latency, headers: headers)
    }

    private func rateLimitHeaders(tokenRemaining: Int, keyRemaining: Int) -> HTTPFields {
        var headers = HTTPFields()
        let interval = String(self.limits.windowMilliseconds)
        for (names, limit, remaining) in [(Self.tokenHeaderNames, self.limits.tokenLimit, tokenRemaining), (Self.keyHeaderNames, self.limits.keyLimit, keyRemaining)]
        where limit > 0 {
            headers.append(HTTPFields.Element(name: names[0], value: interval))
            headers.append(HTTPFields.Element(name: names[1], value: String(limit)))
            headers.append(HTTPFields.Element(name: names[2], value: String(remaining)))
        }
        return headers
    }

    private static let tokenHeaderNames = headerNames(scope: "token")
    private static let keyHeaderNames = headerNames(scope: "key")

    /// `x-rate-limit-api-{scope}-interval-ms`, `-max` and `-remaining`, as Trello names them.
    private static func headerNames(scope: String) -> [HTTPFields.Element.Name] {
        // Fixed lower-case ASCII tokens, so the names are always valid.
        ["interval-ms", "max", "remaining"].map { HTTPFields.Element.Name("x-rate-limit-api-\(scope)-\($0)")! }
    }

    /// Whether a fault with this share fires; draws nothing when the share is 0, so faults that are off do not
    /// move the sequence of the others.
    private func fires(_ rate: Double) -> Bool {
        rate > 0 && self.faultGenerator.nextUnit() < rate
    }

    /// Counts one answered `/1` request, and logs it with its `target` and the time it `arrived` (ms since 1970).
    func record(route: String, outcome: String, target: String, arrived: Int64) {
        self.counters[route, default: [:]][outcome, default: 0] += 1
        // Trimmed in halves, so that keeping the log costs O(1) per request.
        if self.requestLog.count >= 2 * LoggedRequest.capacity {
            self.requestLog.removeFirst(LoggedRequest.capacity)
        }
        self.requestLog.append(LoggedRequest(at: arrived, route: route, target: target, outcome: outcome))
    }

    /// The latest `/1` requests, oldest first, at most `LoggedRequest.capacity`.
    var requests: [LoggedRequest] { Array(self.requestLog.suffix(LoggedRequest.capacity)) }

    // MARK: The board

    /// Runs `body` on the board data, atomically.
    func withStore<Result: Sendable>(_ body: @Sendable (inout BoardStore) throws(TrelloError) -> Result) throws(TrelloError) -> Result {
        let result = try body(&self.store)
        if !self.store.outbox.isEmpty {
            self.announce(self.store.outbox)
            self.store.outbox = []
        }
        return result
    }

    // MARK: Administration

    /// Back to the state at start: seeded board, start credentials, limits and faults, no counts, empty windows.
    /// New ids keep coming from where they were, so an id from before the reset never names a new object.
    func reset() {
        let (generator, sequence) = (self.store.generator, self.store.sequence)
        self.store = self.seededStore
        self.store.generator = generator
        self.store.sequence = sequence
        self.webhooks = []
        self.credentials = self.configuration.credentials
        self.faults = self.configuration.faults
        self.faultGenerator = Self.faultGenerator(seed: self.configuration.seed)
        self.counters = [:]
        self.requestLog = []
        self.apply(self.configuration.limits)
    }

    /// Responses so far per route and outcome.
    var counts: [String: [String: Int]] { self.counters }

    /// The faults in force.
    var currentFaults: Faults { self.faults }

    /// Changes the faults as `update` says and returns them; a 400 changes nothing.
    func update(_ update: FaultsUpdate) throws(HTTPError) -> Faults {
        let faults = update.applied(to: self.faults)
        if let problem = faults.problem { throw HTTPError(.badRequest, message: problem) }
        self.faults = faults
        return faults
    }

    /// The rate limits in force.
    var currentLimits: RateLimits { self.limits }

    /// Changes the rate limits as `update` says, empties every window and returns them; a 400 changes nothing.
    func update(_ update: RateLimitsUpdate) throws(HTTPError) -> RateLimits {
        let limits = update.applied(to: self.limits)
        if let problem = limits.problem { throw HTTPError(.badRequest, message: problem) }
        self.apply(limits)
        return limits
    }

    private func apply(_ limits: RateLimits) {
        self.limits = limits
        self.tokenLimiter = RateLimiter(limit: limits.tokenLimit, windowMilliseconds: limits.windowMilliseconds)
        self.keyLimiter = RateLimiter(limit: limits.keyLimit, windowMilliseconds: limits.windowMilliseconds)
    }

    /// The credentials accepted now.
    var currentCredentials: Credentials { self.credentials }

    /// Accepts the credentials `update` names from now on; the old ones get Trello's 401s, as after a revocation.
    func update(_ update: CredentialsUpdate) -> Credentials {
        self.credentials = update.applied(to: self.credentials)
        return self.credentials
    }
}
