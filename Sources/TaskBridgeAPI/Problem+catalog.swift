import HTTPTypes
import Logging
import PostgresClient
import TaskBridgeCore

extension Problem {
    /// A problem of `type`, with its fixed title and status.
    init(_ type: ProblemType, detail: String, errors: [FieldProblem]? = nil, headers: HTTPFields = [:]) {
        self.init(type: type.uri, title: type.title, status: type.status, detail: detail, errors: errors, headers: headers)
    }

    /// 422: every field problem found, at once.
    static func validationFailed(_ problems: [FieldProblem]) -> Problem {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return Problem(.validationFailed, detail: "The request has \(count); see errors.", errors: problems)
    }

    /// 400 for a `cursor` that is malformed, altered or out of range: the listing must start again.
    static let invalidCursor = Problem(
        .invalidCursor, detail: "The cursor is not one this API handed out; start again without a cursor.",
        errors: [FieldProblem(field: "cursor", code: .notAllowedValue, message: "is not a cursor this API handed out")])

    /// 401, with the `WWW-Authenticate` challenge RFC 6750 asks for.
    static func unauthorized(_ detail: String, invalidToken: Bool) -> Problem {
        let challenge = invalidToken ? #"Bearer realm="taskbridge", error="invalid_token""# : #"Bearer realm="taskbridge""#
        return Problem(.unauthorized, detail: detail, headers: [.wwwAuthenticate: challenge])
    }

    /// 403 for a live token without the scope the request needs.
    static func forbidden(_ scope: TokenScope) -> Problem {
        Problem(.forbidden, detail: "This request needs a token with the scope \(scope.rawValue).")
    }

    /// 404 for a route that does not exist.
    static func noRoute(_ path: String) -> Problem {
        Problem(.notFound, detail: "There is no route \(path); see /docs.")
    }

    /// 405 with the methods the route does have.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> Problem {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return Problem(
            .methodNotAllowed, detail: "This route does not accept \(method.rawValue); it accepts \(list).",
            headers: [.allow: list])
    }

    /// 503 while PostgreSQL cannot be reached; clients may retry after a second.
    static let databaseUnavailable = Problem(
        .unavailable, detail: "The task store cannot be reached right now; nothing was stored. Retry later.",
        headers: [.retryAfter: "1"])

    /// 503 when PostgreSQL answered too slowly (a statement, lock or pool timeout): it may be stalled or busy.
    static let databaseTooSlow = Problem(
        .unavailable, detail: "The task store did not answer in time. Retry later.", headers: [.retryAfter: "1"])

    /// 503 when a request ran past its deadline and was given up.
    static func deadlineExceeded(_ timeout: Duration) -> Problem {
        Problem(
            .unavailable,
            detail: "The request took longer than \(timeout) and was given up. Retry later; a task sent with an "
                + "Idempotency-Key may be retried safely with the same key.",
            headers: [.retryAfter: "1"])
    }

    /// 500 that says nothing about the cause.
    static let internalError = Problem(.internalError, detail: "Something went wrong on our side. Retry later.")
}

extension Problem {
    /// The problem for an error no handler turned into one: 503 when PostgreSQL is out of reach or too slow (the
    /// client may retry), 500 for anything else. The client learns nothing of the cause. The log gets a PostgreSQL error's
    /// description (which the client module keeps free of SQL, data and secrets) and only the type of any other.
    init(storeError error: any Error, logger: Logger) {
        if let error = error as? PostgresError, error.isTimeout {
            logger.warning("PostgreSQL is too slow", metadata: ["error": "\(error)"])
            self = .databaseTooSlow
        } else if let error = error as? PostgresError, error.isConnectionLost || error.kind == .poolClosed {
            logger.warning("PostgreSQL is unavailable", metadata: ["error": "\(error)"])
            self = .databaseUnavailable
        } else {
            var metadata: Logger.Metadata = ["error.type": "\(Swift.type(of: error))"]
            if let error = error as? PostgresError { metadata["error"] = "\(error)" }
            logger.error("Request failed", metadata: metadata)
            self = .internalError
        }
    }
}
