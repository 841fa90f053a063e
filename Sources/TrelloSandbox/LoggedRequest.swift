/// One `/1` request as `GET /_sandbox/requests` lists it: when it arrived, its route and target, and how it ended.
public struct LoggedRequest: Codable, Sendable, Equatable {
    /// When it arrived, in milliseconds since 1970.
    public let at: Int64
    /// Its route, as the counters name it (`GET /1/boards/{id}/cards/{filter}`).
    public let route: String
    /// Its path and query, without `key` and `token`.
    public let target: String
    /// Its status code, or `dropped`.
    public let outcome: String

    /// The most requests the log keeps: the oldest go first.
    public static let capacity = 20_000
}
