import HTTPTypes

/// The kinds of problem the API answers with; each has a fixed title and status and a section in `/docs`.
enum ProblemType: String, CaseIterable, Sendable {
    case validationFailed = "validation-failed"
    case idempotencyKeyReused = "idempotency-key-reused"
    case malformedJSON = "malformed-json"
    case badRequest = "bad-request"
    case invalidCursor = "invalid-cursor"
    case taskNotStorable = "task-not-storable"
    case bodyTooLarge = "body-too-large"
    case unsupportedMediaType = "unsupported-media-type"
    case unauthorized
    case invalidSignature = "invalid-signature"
    case forbidden
    case notFound = "not-found"
    case methodNotAllowed = "method-not-allowed"
    case taskNotRetryable = "task-not-retryable"
    case taskNotDiscardable = "task-not-discardable"
    case nameTaken = "name-taken"
    case credentialInUse = "credential-in-use"
    case secretKeyMissing = "secret-key-missing"
    case unavailable = "service-unavailable"
    case internalError = "internal-error"

    /// The `type` member: a reference to this problem's section of the `/docs` page.
    var uri: String { "/docs#problem-\(rawValue)" }

    /// The `title` member.
    var title: String {
        switch self {
        case .validationFailed: "The request is not valid"
        case .idempotencyKeyReused: "The idempotency key was used with another request"
        case .malformedJSON: "The body is not valid JSON"
        case .badRequest: "The request is malformed"
        case .invalidCursor: "The cursor is not valid"
        case .taskNotStorable: "The task cannot be stored"
        case .bodyTooLarge: "The body is too large"
        case .unsupportedMediaType: "The body must be JSON"
        case .unauthorized: "A valid bearer token is required"
        case .invalidSignature: "The webhook signature is not valid"
        case .forbidden: "The token lacks a scope this route needs"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .taskNotRetryable: "Only a failed task can be retried"
        case .taskNotDiscardable: "Only a failed task can be discarded"
        case .nameTaken: "The name is taken"
        case .credentialInUse: "The credential is in use"
        case .secretKeyMissing: "Credentials cannot be sealed here"
        case .unavailable: "The service is unavailable"
        case .internalError: "Internal error"
        }
    }

    /// The HTTP status this kind of problem is answered with.
    var status: HTTPResponse.Status {
        switch self {
        case .validationFailed, .idempotencyKeyReused, .taskNotStorable: .unprocessableContent
        case .malformedJSON, .badRequest, .invalidCursor: .badRequest
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unauthorized, .invalidSignature: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .taskNotRetryable, .taskNotDiscardable, .nameTaken, .credentialInUse: .conflict
        case .secretKeyMissing: .serviceUnavailable
        case .unavailable: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }

    /// When a client meets this problem, in a sentence, for the `/docs` page.
    var explanation: String {
        switch self {
        case .validationFailed:
            "A field, a query parameter or the Idempotency-Key header is wrong; `errors` lists every one, with a field and a message."
        case .idempotencyKeyReused:
            "The Idempotency-Key was already used by this token with a different body. Use a new key for a new task."
        case .malformedJSON: "The body does not parse as JSON."
        case .badRequest: "The request cannot be read (for example a malformed header)."
        case .invalidCursor:
            "The `cursor` of `GET /v1/tasks` is malformed, altered or out of range. Start the listing again without one."
        case .taskNotStorable:
            "PostgreSQL refused this task's data although it passed validation; nothing was stored and other requests were not affected. Change the data rather than retrying as is."
        case .bodyTooLarge: "The body is over 64 KiB."
        case .unsupportedMediaType: "The Content-Type is not `application/json` (a `+json` type or `charset=utf-8` are fine)."
        case .unauthorized:
            "The `Authorization: Bearer <token>` header is missing, or the token is unknown or revoked."
        case .invalidSignature:
            "A call to `POST /trello/webhook` whose `X-Trello-Webhook` is missing or does not sign its body with the callback URL; nothing was recorded."
        case .notFound: "No such route, or no task with that id."
        case .methodNotAllowed: "The route exists but not with this method; `Allow` lists the methods it has."
        case .taskNotRetryable: "The task is not `failed`; only a failed task goes back to `queued`."
        case .taskNotDiscardable: "The task is not `failed`; only a failed task can be given up as `discarded`."
        case .forbidden:
            "The token is valid but lacks the scope: `tasks:write` to submit or retry, `tasks:read` to read tasks, `admin` for `/v1/admin/`. Ask for a token with it (`taskbridge tokens create --scope`)."
        case .nameTaken: "A route or credential with this name already exists; remove it first or choose another name."
        case .credentialInUse: "A route's destination uses the credential; remove or change the route first."
        case .secretKeyMissing:
            "The API was started without `TASKBRIDGE_SECRET_KEY`, so `POST /v1/admin/credentials` cannot seal the secret. Set it, or add the credential with `taskbridge credentials add`."
        case .unavailable:
            "PostgreSQL cannot be reached or did not answer in time, or the request ran past its deadline (`REQUEST_TIMEOUT_MS`). Retry after `Retry-After` seconds, with the same Idempotency-Key."
        case .internalError: "An unexpected error; nothing about it is disclosed. Retry later."
        }
    }
}
