import HTTPTypes
import Hummingbird
import PostgresClient

/// Gives every request a deadline: past it the handler is cancelled, and the client gets a 503 problem with
/// `Retry-After` instead of waiting on a stalled database.
///
/// Cancelling the handler is what frees its resources: a PostgreSQL statement is cancelled on the server and its
/// connection discarded, a wait for a pooled connection ends, a Redis command has its own timeout. A handler that
/// still finishes (its batch committed just as the deadline passed) is answered normally, so a 503 always means
/// that nothing the request asked for was done, except for a task whose insert was already on its way: the 503
/// says to retry with the same `Idempotency-Key`.
struct RequestDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    /// How long one request may take (`REQUEST_TIMEOUT_MS`).
    let timeout: Duration
    /// The timer every request's deadline waits on.
    let deadlines: RequestDeadlines

    /// Gives each request `timeout`, timed by `deadlines`.
    init(timeout: Duration, deadlines: RequestDeadlines = RequestDeadlines()) {
        self.timeout = timeout
        self.deadlines = deadlines
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await withoutActuallyEscaping(next) { next in
            // The group awaits the handler before it returns, so `next` never outlives this call.
            let handler = UncheckedHandler(call: next)
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                let deadline = ContinuousClock.now + timeout
                group.addTask { try await handler.call(request, context) }
                group.addTask {
                    // Returns at the deadline, or when the handler's answer cancels the group.
                    await deadlines.wait(until: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                if let response = try await group.next() ?? nil {
                    return response
                }
                group.cancelAll()
                do {
                    if let response = try await group.next() ?? nil { return response }
                } catch is CancellationError {
                    // Cancelled below us: the deadline is the reason.
                } catch let error as PostgresError where error.isTimeout {
                    // A wait the cancellation cut short: the deadline is the reason.
                } catch {
                    // Any other failure (a validation problem, a refused row) is still the truth.
                    throw error
                }
                throw Problem.deadlineExceeded(timeout)
            }
        }
    }
}

/// The router's next responder, sent to the handler's child task. `@unchecked Sendable`: it is called exactly
/// once, from that one task, and the task group ends before the closure's scope does.
private struct UncheckedHandler<Context: RequestContext>: @unchecked Sendable {
    let call: (Request, Context) async throws -> Response
}
