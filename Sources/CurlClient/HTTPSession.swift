import Logging

/// An HTTP client over libcurl: one multi handle on a dedicated thread, connections kept alive and reused.
///
/// Every status counts as a response (use `HTTPResponse.ensureSuccess()` to throw on non-2xx); failures to get one
/// throw `HTTPClientError`, and a cancelled caller gets `CancellationError`. Nothing here logs a URL query, a header
/// or a body.
public final class HTTPSession: Sendable {
    /// How the session connects.
    public let configuration: Configuration
    private let loop: TransferLoop

    /// Starts a session: makes its multi handle and starts its thread.
    public init(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "CurlClient.HTTPSession")
    ) throws(HTTPClientError) {
        precondition(configuration.maxConnections >= 1, "HTTPSession needs maxConnections >= 1")
        precondition(configuration.maxConnectionsPerHost >= 1, "HTTPSession needs maxConnectionsPerHost >= 1")
        self.configuration = configuration
        self.loop = try TransferLoop(configuration: configuration, logger: logger)
    }

    deinit {
        loop.requestShutdown()
    }

    /// Sends the request and returns the response, whatever its status.
    ///
    /// Throws `HTTPClientError` when no response came (see its `kind` and `requestWasSent`), or `CancellationError`
    /// when the calling task is cancelled, which also aborts the transfer.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await run(Transfer(request, configuration: configuration))
    }

    /// Hands a prepared transfer to the loop and waits for it; cancelling the caller aborts it.
    func run(_ transfer: Transfer) async throws -> HTTPResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if transfer.install(continuation) {
                    loop.submit(transfer)
                }
            }
        } onCancel: {
            if transfer.cancel() {
                loop.cancel(transfer)
            }
        }
    }

    /// Fails every pending request with `.shutdown`, closes every connection and stops the thread; later requests
    /// fail with `.shutdown` too. Safe to call more than once.
    public func shutdown() async {
        await loop.shutdown()
    }

    /// Runs `body`, then shuts the session down whether `body` returned or threw.
    public func shutDown<Value>(after body: () async throws -> Value) async throws -> Value {
        do {
            let value = try await body()
            await shutdown()
            return value
        } catch {
            await shutdown()
            throw error
        }
    }
}
