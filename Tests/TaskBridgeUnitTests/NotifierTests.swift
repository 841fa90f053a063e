import Foundation
import TaskBridgeCore
@testable import TaskBridgeWorker
import Testing
import TestSupport

/// What the worker records for a notification it cannot send: a channel that can no longer be made fails, a
/// worker without the secret key releases it uncounted (the senders themselves are tested on the stand-ins).
@Suite(.timeLimit(.minutes(1))) struct NotifierTests {
    let notifier = Notifier(senders: nil, settings: ChannelSettings(), retry: RetryPolicy(), logger: WorkerBench.logger)

    static func claimed(_ channel: ChannelDestination?) -> (ClaimedTask, ClaimedNotification) {
        let now = Date()
        let task = TaskRecord(
            id: UUID(), type: "bug", title: "Bug-crash-1", status: .dispatching, attempts: 1, nextAttemptAt: now,
            createdAt: now, updatedAt: now)
        let delivery = UUID()
        return (
            ClaimedTask(
                record: task, cardMayExist: false, previousStatus: .queued, sinceFirstAttempt: .zero,
                destination: DeliveryDestination(deliveryID: delivery, routeName: "bugs", position: 1)),
            ClaimedNotification(moment: .carded, channel: channel, cardURL: nil))
    }

    @Test func aChannelThatCannotBeMadeFailsWithALogLineNamingTaskDeliveryAndRequest() async {
        let log = CapturedLog()
        let notifier = Notifier(senders: nil, settings: ChannelSettings(), retry: RetryPolicy(), logger: log.logger)
        let (task, notification) = Self.claimed(nil)
        let outcome = await notifier.dispatch(task, notification: notification, requestID: "req-notify-1")
        #expect(outcome.deliveryID == task.destination.deliveryID)
        guard case .fail(let error) = outcome.result else {
            Issue.record("came to \(outcome.result)")
            return
        }
        #expect(error.contains("credential was removed"))
        let line = log.text
        #expect(line.contains("Notification refused") && line.contains("req-notify-1"), "\(line)")
        #expect(line.contains(task.record.id.uuidString.lowercased()))
        #expect(line.contains(task.destination.deliveryID.uuidString.lowercased()))
    }

    @Test func aWorkerWithoutTheSecretKeyReleasesUncounted() async throws {
        let (task, notification) = Self.claimed(
            try ChannelDestination(credential: "hook", moments: [.carded], message: .slack(text: "{{title}}")))
        let outcome = await notifier.dispatch(task, notification: notification)
        #expect(outcome.status == .queued)
        #expect(outcome.result.reason?.contains("TASKBRIDGE_SECRET_KEY") == true)
        #expect(!outcome.cardMayExist)
    }
}
