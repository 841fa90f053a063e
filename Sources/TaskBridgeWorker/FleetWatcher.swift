import Logging
import ServiceLifecycle
import TaskBridgeCore
import Trello

/// Keeps this worker's gate in step with the fleet: follows a pause another worker published; while paused,
/// tries the credentials every `probeInterval` (resuming when Trello accepts them), keeps the published pause
/// alive, and says so in the log once a minute.
struct FleetWatcher: Service {
    let fleet: FleetGate
    let trello: TrelloGateway
    let boardID: String
    let probeInterval: Duration
    let logger: Logger

    /// How often a running worker looks for a pause another worker published.
    static let checkInterval: Duration = .seconds(1)
    /// How often a paused worker repeats that it is paused.
    static let reminderInterval: Duration = .seconds(60)

    func run() async throws {
        var nextProbe = ContinuousClock.now
        var nextReminder = ContinuousClock.now + Self.reminderInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if await fleet.isPaused {
                if ContinuousClock.now >= nextProbe {
                    nextProbe = .now + probeInterval
                    await probe()
                }
                if await fleet.isPaused, ContinuousClock.now >= nextReminder {
                    nextReminder = .now + Self.reminderInterval
                    let reason = await fleet.state.reason ?? ""
                    logger.error(
                        "Dispatching is still paused: Trello refuses the credentials; fix TRELLO_API_KEY or TRELLO_API_TOKEN",
                        metadata: ["reason": "\(reason)"])
                }
            } else {
                nextProbe = .now + probeInterval
                nextReminder = .now + Self.reminderInterval
                // Cut short by a graceful shutdown, so a stalled Redis never holds the worker's stop.
                let fleet = fleet
                if let published = await cancelWhenGracefulShutdown({ await fleet.published() }), published.isPaused {
                    await fleet.follow(published)
                }
            }
            let pause = min(Self.checkInterval, probeInterval)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }

    /// Asks Trello for the board's lists: an answer means the credentials work again.
    private func probe() async {
        let boardID = boardID
        do {
            _ = try await trello.perform(.lists) { try await $0.lists(board: boardID) }
            await fleet.resume()
        } catch {
            // Refused credentials re-published the pause on their way out of the gateway; anything else is
            // Trello or the network, and the next probe tries again.
            logger.debug("Credentials probe failed", metadata: ["error": "\(error)"])
        }
    }
}
