import CurlClient
import Foundation
import Logging
import ServiceLifecycle
import TaskBridgeCore

/// Delivers the events of tasks with a `callback_url`: every worker claims due deliveries, resolves each host,
/// refuses blocked addresses, connects to the address it checked (`CURLOPT_RESOLVE`), follows no redirect, signs
/// with the submitting token's secret, and records the outcome, retrying with backoff.
struct CallbackCourier: Service {
    let deliveries: CallbackDeliveryStore
    let session: HTTPSession
    let settings: CallbackSettings
    let signing: CallbackSigning
    let logger: Logger

    /// The most deliveries one worker attempts at once.
    static let batchSize = 16

    func run() async throws {
        await pollInBatches(
            batchSize: Self.batchSize, interval: settings.interval, logger: logger,
            failure: "Delivering callbacks failed; trying again"
        ) {
            // The lease outlasts an attempt, so no other worker sends the same one meanwhile.
            let claimed = try await deliveries.claimDue(limit: Self.batchSize, lease: settings.timeout + .seconds(5))
            await withTaskGroup(of: Void.self) { group in
                for delivery in claimed {
                    group.addTask { await attempt(delivery) }
                }
            }
            return claimed.count
        }
    }

    /// One attempt, recorded.
    func attempt(_ delivery: CallbackDelivery) async {
        let outcome = await send(delivery)
        do {
            switch outcome {
            case .delivered(let status):
                try await deliveries.recordDelivered(id: delivery.id, status: status)
            case .failed(let status, let error, let permanent):
                let giveUp = permanent || settings.retry.shouldGiveUp(afterAttempts: delivery.attempts)
                let wait = giveUp ? nil : settings.retry.delay(afterAttempt: delivery.attempts)
                try await deliveries.recordFailure(id: delivery.id, status: status, error: error, retryAfter: wait)
                logger.info(
                    "Callback not delivered",
                    metadata: ["event.id": "\(delivery.eventID)", "attempt": "\(delivery.attempts)", "error": "\(error)"])
            }
        } catch {
            // The lease runs out and another attempt follows: a duplicate, with the same event id.
            logger.warning("Could not record a callback's outcome", metadata: ["error": "\(error)"])
        }
    }

    private enum Outcome {
        case delivered(Int)
        case failed(status: Int?, error: String, permanent: Bool)
    }

    private func send(_ delivery: CallbackDelivery) async -> Outcome {
        let target: CallbackTarget
        switch settings.policy.check(delivery.url) {
        case .success(let checked): target = checked
        case .failure(let refusal): return .failed(status: nil, error: "callback_url \(refusal)", permanent: true)
        }
        guard let tokenID = delivery.tokenID, let generation = delivery.generation else {
            return .failed(status: nil, error: "the task's token is revoked: nothing can sign", permanent: true)
        }
        let addresses = await HostResolver.addresses(of: target.host)
        guard let address = addresses.first else {
            return .failed(status: nil, error: "the host does not resolve", permanent: false)
        }
        if let blocked = addresses.first(where: settings.policy.refuses) {
            return .failed(status: nil, error: "the host resolves to a blocked address (\(blocked))", permanent: true)
        }
        let body = Array(delivery.body.utf8)
        let secret = signing.secret(tokenID: tokenID, generation: generation)
        let signature = CallbackSigning.header(secret: secret, timestamp: Int(Date().timeIntervalSince1970), body: body)
        var request = HTTPRequest(method: .post, url: delivery.url, body: body, timeout: settings.timeout)
        request.headers.add("Content-Type", "application/json")
        request.headers.add("TaskBridge-Signature", signature)
        request.headers.add("TaskBridge-Event-Id", delivery.eventID.uuidString.lowercased())
        let literal = address.bytes.count == 16 ? "[\(address)]" : "\(address)"
        request.pinnedAddresses = ["\(target.host):\(target.port):\(literal)"]
        do {
            let response = try await session.execute(request)
            if (200..<300).contains(response.status) { return .delivered(response.status) }
            return .failed(status: response.status, error: "the receiver answered \(response.status)", permanent: false)
        } catch {
            return .failed(status: nil, error: "\(error)", permanent: false)
        }
    }
}
