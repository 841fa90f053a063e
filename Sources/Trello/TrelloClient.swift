import CurlClient
import Foundation

/// Trello's REST API, the part the bridge uses: a board's lists, labels, members and cards, and creating them.
///
/// Credentials travel only in the `Authorization` header. Every failure is a `TrelloError` sorted by whose fault
/// it is; every success carries the rate-limit headers. The client never retries: callers decide, because only
/// they know whether a retry is safe and how the fleet's rate limit stands.
public struct TrelloClient: TrelloAPI {
    /// The API's root, e.g. `https://api.trello.com/1`, without a trailing slash.
    public let baseURL: String
    /// The longest a single request may take, connection included.
    public let requestTimeout: Duration
    let credentials: TrelloCredentials
    private let session: HTTPSession

    /// A client for the API at `baseURL` that sends requests through `session`.
    public init(
        baseURL: String,
        credentials: TrelloCredentials,
        session: HTTPSession,
        requestTimeout: Duration = .seconds(15)
    ) {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        self.baseURL = root
        self.credentials = credentials
        self.session = session
        self.requestTimeout = requestTimeout
    }

    /// The board's open lists.
    public func lists(board: String) async throws(TrelloError) -> TrelloReply<[TrelloList]> {
        try await send(.lists, ids: [board], query: [("filter", "open"), ("fields", "id,name,closed")])
    }

    /// The board's labels, all of them: Trello answers only 50 unless asked for more.
    public func labels(board: String) async throws(TrelloError) -> TrelloReply<[TrelloLabel]> {
        try await send(.labels, ids: [board], query: [("fields", "id,name,color"), ("limit", "1000")])
    }

    /// The board's members.
    public func members(board: String) async throws(TrelloError) -> TrelloReply<[TrelloMember]> {
        try await send(.members, ids: [board], query: [("fields", "id,fullName,username")])
    }

    /// One page of the board's cards made after `since` and before `before` (each a card id or an ISO 8601 date),
    /// newest first, at most `limit` of them (Trello allows 1000); `filter` `.all` includes archived cards.
    public func cards(
        board: String, filter: TrelloCardFilter, since: String?, before: String?, limit: Int
    ) async throws(TrelloError) -> TrelloReply<[TrelloCard]> {
        var query = [("fields", TrelloCard.fields), ("limit", String(limit))]
        if let since { query.append(("since", since)) }
        if let before { query.append(("before", before)) }
        return try await send(.boardCards(filter), ids: [board], query: query)
    }

    /// Archives a card (`closed=true`): it stays on the board, out of open-card lists. Archiving twice is harmless.
    public func archiveCard(_ id: String) async throws(TrelloError) -> TrelloReply<TrelloCard> {
        try await send(.archiveCard, ids: [id], query: [("closed", "true"), ("fields", TrelloCard.fields)])
    }

    /// The list's open cards, with the fields `TrelloCard` holds.
    public func cards(list: String) async throws(TrelloError) -> TrelloReply<[TrelloCard]> {
        try await send(.listCards, ids: [list], query: [("fields", TrelloCard.fields)])
    }

    /// Creates an open list at the bottom of the board.
    public func createList(board: String, name: String) async throws(TrelloError) -> TrelloReply<TrelloList> {
        try await send(.createList, ids: [board], body: ["name": name, "pos": "bottom"])
    }

    /// Creates a label on the board; `color` nil makes a colourless one.
    public func createLabel(board: String, name: String, color: String?) async throws(TrelloError)
        -> TrelloReply<TrelloLabel>
    {
        try await send(.createLabel, ids: [board], body: ["name": name, "color": color])
    }

    /// Creates a card at the bottom of the list; the description travels in the JSON body, so its length never
    /// hits a URL limit.
    public func createCard(
        listID: String, name: String, description: String, labelIDs: [String], memberIDs: [String]
    ) async throws(TrelloError) -> TrelloReply<TrelloCard> {
        try await send(
            .createCard, ids: [],
            body: NewCardBody(listID: listID, name: name, description: description, labelIDs: labelIDs, memberIDs: memberIDs))
    }
}

extension TrelloClient {
    /// Sends one request for `operation`, its path's `{id}`s replaced by `ids`, and decodes a 2xx body as `Value`.
    func send<Value: Decodable & Sendable>(
        _ operation: TrelloOperation,
        ids: [String],
        query: [(String, String)] = [],
        body: (any Encodable & Sendable)? = nil
    ) async throws(TrelloError) -> TrelloReply<Value> {
        let creates = operation.creates
        var request = HTTPRequest(
            method: operation.method, url: url(operation.path, ids: ids, query: query), timeout: requestTimeout)
        request.headers.add("Authorization", credentials.authorizationHeader)
        request.headers.add("Accept", "application/json")
        if let body {
            do {
                request.body = Array(try JSONEncoder().encode(body))
            } catch {
                throw TrelloError(kind: .permanent, operation: operation, message: "the request body cannot be encoded")
            }
            request.headers.add("Content-Type", "application/json")
        }

        let response: HTTPResponse
        do {
            response = try await session.execute(request)
        } catch {
            throw Self.transportError(error, operation: operation, creates: creates)
        }

        let rateLimit = TrelloRateLimit { response.headers[$0] }
        guard response.isSuccess else {
            throw Self.statusError(response, operation: operation, rateLimit: rateLimit)
        }
        do {
            let value = try JSONDecoder().decode(Value.self, from: Data(response.body))
            return TrelloReply(value: value, rateLimit: rateLimit)
        } catch {
            // A create that answered 2xx happened, even if its answer cannot be read.
            throw TrelloError(
                kind: creates ? .outcomeUnknown : .transient,
                operation: operation,
                status: response.status,
                message: "the response body is not the expected JSON",
                rateLimit: rateLimit
            )
        }
    }

    /// The full URL: the template's `{id}` replaced by the percent-encoded ids, then the encoded query.
    private func url(_ template: String, ids: [String], query: [(String, String)]) -> String {
        var path = template
        for id in ids {
            guard let range = path.range(of: "{id}") else { break }
            path.replaceSubrange(range, with: Self.encoded(id))
        }
        guard !query.isEmpty else { return baseURL + path }
        return baseURL + path + "?" + query.map { "\(Self.encoded($0.0))=\(Self.encoded($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so ids and values cannot change the URL.
    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,"
    )

    /// A transport failure: an unsent request is safe to retry; a sent create may have happened.
    private static func transportError(_ error: any Error, operation: TrelloOperation, creates: Bool) -> TrelloError {
        guard let error = error as? HTTPClientError else {
            return TrelloError(kind: creates ? .outcomeUnknown : .transient, operation: operation, message: "\(error)")
        }
        let kind: TrelloError.Kind
        if error.kind == .invalidRequest {
            kind = .permanent
        } else if creates && error.requestWasSent {
            kind = .outcomeUnknown
        } else {
            kind = .transient
        }
        let code = error.kind == .responseTooLarge ? TrelloError.responseTooLargeCode : nil
        return TrelloError(kind: kind, operation: operation, message: "\(error.kind): \(error.detail)", code: code)
    }

    /// A non-2xx answer, sorted: credentials, rate limit and server trouble, or a refusal of this request.
    private static func statusError(
        _ response: HTTPResponse, operation: TrelloOperation, rateLimit: TrelloRateLimit?
    ) -> TrelloError {
        let (message, code) = explanation(response.body)
        return TrelloError(
            operation: operation,
            status: response.status,
            message: message,
            code: code,
            retryAfter: response.headers["Retry-After"].flatMap(retryAfter),
            rateLimit: rateLimit
        )
    }

    /// Trello's explanation: a JSON body's `message` and `error`, or the plain-text body; cut short.
    private static func explanation(_ body: [UInt8]) -> (message: String, code: String?) {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            let message = (object["message"] as? String) ?? ""
            let code = object["error"] as? String
            return (String(message.prefix(500)), code)
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (String(text.prefix(500)), nil)
    }

    /// `Retry-After` as delay-seconds (fractions accepted); an HTTP date is not worth parsing for Trello.
    private static func retryAfter(_ value: String) -> Duration? {
        guard let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds < 86_400 else {
            return nil
        }
        return .milliseconds(Int64(seconds * 1000))
    }
}
