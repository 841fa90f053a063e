import Hummingbird

/// What the gate decided for one `/1` request before its handler runs.
struct Admission: Sendable {
    /// Whether the handler runs.
    enum Verdict: Sendable {
        /// Run the handler; for a card creation, drop the connection once the card is stored.
        case proceed(dropAfterCreate: Bool)
        /// Answer with this error instead.
        case refuse(TrelloError)
    }

    let verdict: Verdict
    /// Injected delay before answering.
    let latencyMilliseconds: Int
    /// `x-rate-limit-*` and, on a 429 when configured, `Retry-After`.
    let headers: HTTPFields
}
