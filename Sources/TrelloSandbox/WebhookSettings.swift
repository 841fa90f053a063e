/// How the sandbox signs and delivers webhook calls, as Trello does with smaller numbers.
public struct WebhookSettings: Sendable {
    /// The default application secret, `sandbox-app-secret`.
    public static let defaultSecret = "sandbox-app-secret"

    /// The application's secret: the key of every `X-Trello-Webhook` signature.
    public var secret: String
    /// Attempts per delivery: the first and its retries.
    public var attempts: Int
    /// The wait before the first retry, in milliseconds; it doubles with each further retry.
    public var retryMilliseconds: Int
    /// Deliveries in a row that fail every attempt before the webhook is deactivated (`active: false`).
    public var failureLimit: Int
    /// How long one call (the `HEAD` check or a `POST`) may take, in milliseconds.
    public var timeoutMilliseconds: Int

    /// Settings; every value has the default `trello-sandbox --help` shows.
    public init(
        secret: String = WebhookSettings.defaultSecret, attempts: Int = 4, retryMilliseconds: Int = 250,
        failureLimit: Int = 5, timeoutMilliseconds: Int = 5000
    ) {
        self.secret = secret
        self.attempts = attempts
        self.retryMilliseconds = retryMilliseconds
        self.failureLimit = failureLimit
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The first problem with these settings, or nil.
    var problem: String? {
        if self.secret.isEmpty { return "the webhook secret must not be empty" }
        if self.attempts < 1 { return "webhook attempts must be at least 1" }
        if self.retryMilliseconds < 0 { return "the webhook retry wait must be 0 or more" }
        if self.failureLimit < 1 { return "the webhook failure limit must be at least 1" }
        if self.timeoutMilliseconds < 1 { return "the webhook timeout must be at least 1 ms" }
        return nil
    }
}
