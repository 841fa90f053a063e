import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresClient
import TaskBridgeCore
import TaskBridgeJSON

/// The `/v1/tasks` routes: submit, list, get, timeline, retry, discard. Authentication happens before them
/// (`BearerAuthMiddleware`).
struct TasksController: Sendable {
    /// The largest body accepted: a task is small, and this leaves room for the longest description.
    static let maxBodySize = 64 * 1024
    /// The longest `Idempotency-Key` accepted.
    static let maxIdempotencyKeyLength = 255
    /// The query parameters `GET /v1/tasks` understands; any other is refused, as a typo would silently widen it.
    static let listParameters: Set<String> = ["status", "type", "limit", "cursor"]

    /// Where new tasks go.
    let intake: TaskIntake
    /// Where tasks are read and retried.
    let tasks: any TaskRepository
    /// Where a task's `callback_url` may point.
    let callbacks: CallbackPolicy

    /// Adds the routes to `group` (mounted at `/v1/tasks`).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get("{id}", use: show)
        group.get("{id}/events", use: events)
        group.post("{id}/retry", use: retry)
        group.post("{id}/discard", use: discard)
    }

    /// `POST /v1/tasks`.
    @Sendable func create(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<TaskResponse> {
        try Self.requireJSON(request)
        let body = try await Self.collectBody(request)
        var problems: [FieldProblem] = []
        let key = Self.idempotencyKey(request, problems: &problems)
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body.readableBytesView)
        } catch {
            throw Problem(.malformedJSON, detail: "The body is not valid JSON.")
        }
        let task: NewTask?
        do {
            task = try TaskKinds.validate(json, callbacks: callbacks)
        } catch {
            problems = error.problems + problems
            task = nil
        }
        guard let task, problems.isEmpty else { throw Problem.validationFailed(problems) }
        let requestHash = try key.map { _ in try Self.requestHash(json) }
        let submission = TaskSubmission(
            task: task, tokenID: context.tokenID, idempotencyKey: key, requestHash: requestHash,
            requestID: RequestIdMiddleware.id(of: context))
        let outcome: TaskInsertOutcome
        do {
            outcome = try await intake.submit(submission)
        } catch let error as PostgresError where error.isClientDataFault {
            // The intake retried the row on its own, so the refusal is this request's data and no one else's.
            context.logger.notice("PostgreSQL refused a task's data", metadata: ["error": "\(error)"])
            throw Problem(
                .taskNotStorable,
                detail: "The database refused this task's data although it passed validation; nothing was stored.")
        }
        switch outcome {
        case .created(let record):
            return EditedResponse(
                status: .accepted, headers: [.location: TaskResponse.path(of: record.id)],
                response: TaskResponse(record))
        case .existing(let record):
            guard record.requestHash == requestHash else {
                throw Problem(
                    .idempotencyKeyReused,
                    detail: "This Idempotency-Key was already used with a different body; use a new key for a new task.")
            }
            return EditedResponse(
                status: .ok, headers: [.location: TaskResponse.path(of: record.id), .idempotentReplayed: "true"],
                response: TaskResponse(record))
        }
    }

    /// `GET /v1/tasks`.
    @Sendable func list(_ request: Request, context: APIRequestContext) async throws -> TaskPageResponse {
        let query = try Self.listQuery(request.uri.queryParameters)
        let page = try await tasks.list(query)
        return TaskPageResponse(page, query: query)
    }

    /// `GET /v1/tasks/{id}`.
    @Sendable func show(_ request: Request, context: APIRequestContext) async throws -> TaskResponse {
        let id = try Self.taskID(context)
        guard let task = try await tasks.task(id: id) else { throw Self.noTask(id) }
        var response = TaskResponse(task)
        response.deliveries = try await tasks.deliveries(of: id).map(DeliveryResponse.init)
        return response
    }

    /// `GET /v1/tasks/{id}/events`: the task's timeline, oldest first.
    @Sendable func events(_ request: Request, context: APIRequestContext) async throws -> TaskEventsResponse {
        let id = try Self.taskID(context)
        guard let events = try await tasks.events(of: id) else { throw Self.noTask(id) }
        return TaskEventsResponse(taskID: id, events: events)
    }

    /// `POST /v1/tasks/{id}/retry`.
    @Sendable func retry(_ request: Request, context: APIRequestContext) async throws -> EditedResponse<TaskResponse> {
        let id = try Self.taskID(context)
        switch try await tasks.retry(id: id, detail: "retried through the API") {
        case .retried(let task):
            await intake.enqueue([task.id])
            return EditedResponse(
                status: .accepted, headers: [.location: TaskResponse.path(of: task.id)], response: TaskResponse(task))
        case .notRetryable(let task):
            throw Problem(
                .taskNotRetryable,
                detail: "The task is \(task.status.rawValue); only a failed task can be retried.")
        case .notFound:
            throw Self.noTask(id)
        }
    }

    /// `POST /v1/tasks/{id}/discard`.
    @Sendable func discard(_ request: Request, context: APIRequestContext) async throws -> TaskResponse {
        let id = try Self.taskID(context)
        switch try await tasks.discard(id: id, detail: "discarded through the API") {
        case .discarded(let task):
            return TaskResponse(task)
        case .notDiscardable(let task):
            throw Problem(
                .taskNotDiscardable,
                detail: "The task is \(task.status.rawValue); only a failed task can be discarded.")
        case .notFound:
            throw Self.noTask(id)
        }
    }

    /// Refuses a body that is not JSON: `application/json` or any `+json` type, in UTF-8 (JSON's only encoding).
    static func requireJSON(_ request: Request) throws {
        guard let contentType = request.headers[.contentType] else {
            throw Problem(.unsupportedMediaType, detail: "Send the body with Content-Type: application/json.")
        }
        // What nearly every client sends, accepted without the Foundation string work below.
        if contentType == "application/json" { return }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let mediaType = parts.first ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw Problem(.unsupportedMediaType, detail: "The body must be application/json, not \(mediaType).")
        }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard charset == "utf-8" || charset == "utf8" else {
                throw Problem(.unsupportedMediaType, detail: "JSON must be UTF-8, not \(charset).")
            }
        }
    }

    /// The body, refused before reading when `Content-Length` is over the limit, and while reading otherwise.
    static func collectBody(_ request: Request) async throws -> ByteBuffer {
        let tooLarge = Problem(.bodyTooLarge, detail: "The body must be at most \(maxBodySize / 1024) KiB.")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodySize {
            throw tooLarge
        }
        do {
            return try await request.body.collect(upTo: maxBodySize)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// The `Idempotency-Key`, as a bare string or a structured-field string (`"..."`); records a problem when it
    /// is empty, longer than 255 bytes, or holds anything but visible ASCII.
    ///
    /// Visible ASCII (0x21–0x7E) only, so no space: HTTP trims a header value's edges, so a key with spaces could
    /// come back different from what the client meant, and UUIDs and random tokens need none. Byte-counted, as the
    /// unique index on keys is: counting characters let one letter with 15,000 combining marks through, whose
    /// index row PostgreSQL refused.
    static func idempotencyKey(_ request: Request, problems: inout [FieldProblem]) -> String? {
        guard var key = request.headers[.idempotencyKey] else { return nil }
        if key.utf8.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") {
            key = String(key.dropFirst().dropLast())
        }
        let field = "Idempotency-Key"
        if key.isEmpty {
            problems.append(FieldProblem(field: field, code: .empty, message: "must not be empty"))
        } else if !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            problems.append(FieldProblem(
                field: field, code: .invalidCharacter,
                message: "must be visible ASCII characters only (0x21 to 0x7E; no spaces, no control characters)"))
        } else if key.utf8.count > maxIdempotencyKeyLength {
            problems.append(FieldProblem(
                field: field, code: .tooLong,
                message: "must be at most \(maxIdempotencyKeyLength) characters, got \(key.utf8.count)"))
        } else {
            return key
        }
        return nil
    }

    /// The SHA-256 of the body's canonical JSON (keys sorted), so formatting and key order do not make a replay
    /// look like another request. A body that cannot be encoded throws rather than share one hash with every other.
    static func requestHash(_ json: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = try encoder.encode(json)
        return SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined()
    }

    /// The list query; a 422 naming every bad parameter, else a 400 for a cursor the API did not hand out.
    static func listQuery(_ parameters: Parameters) throws -> TaskListQuery {
        var problems: [FieldProblem] = []
        var query = TaskListQuery()
        for name in Set(parameters.map { String($0.key) }).sorted() where !listParameters.contains(name) {
            problems.append(FieldProblem(
                field: name, code: .unknownField,
                message: "unknown query parameter; known: \(listParameters.sorted().joined(separator: ", "))"))
        }
        if let status = parameters.get("status") {
            if let value = TaskStatus(rawValue: status) {
                query.status = value
            } else {
                let known = TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(FieldProblem(field: "status", code: .notAllowedValue, message: "must be one of: \(known)"))
            }
        }
        if let type = parameters.get("type") {
            if TaskKinds.named(type) != nil {
                query.type = type
            } else {
                let known = TaskKinds.names.joined(separator: ", ")
                problems.append(FieldProblem(field: "type", code: .notAllowedValue, message: "must be one of: \(known)"))
            }
        }
        if let limit = parameters.get("limit") {
            if let value = Int(limit), (1...TaskListQuery.maximumLimit).contains(value) {
                query.limit = value
            } else {
                problems.append(FieldProblem(
                    field: "limit", code: .notAllowedValue,
                    message: "must be an integer from 1 to \(TaskListQuery.maximumLimit)"))
            }
        }
        guard problems.isEmpty else { throw Problem.validationFailed(problems) }
        // An empty cursor is the first page, as a client that keeps `cursor=` in its URL template expects.
        if let cursor = parameters.get("cursor"), !cursor.isEmpty {
            guard let value = TaskCursor(encoded: cursor) else { throw Problem.invalidCursor }
            query.cursor = value
        }
        return query
    }

    /// The `{id}` of the path; a malformed one names no task, so it is a 404 like an unknown one.
    static func taskID(_ context: APIRequestContext) throws -> UUID {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text) else {
            throw Problem(.notFound, detail: "There is no task with id \(text.prefix(64)); ids are UUIDs.")
        }
        return id
    }

    private static func noTask(_ id: UUID) -> Problem {
        Problem(.notFound, detail: "There is no task with id \(id.uuidString.lowercased()).")
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header).
    static var idempotencyKey: Self { Self("Idempotency-Key")! }
    /// `Idempotent-Replayed: true` marks the answer to a replayed request.
    static var idempotentReplayed: Self { Self("Idempotent-Replayed")! }
}
