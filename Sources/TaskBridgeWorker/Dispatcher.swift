import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import TaskBridgeCore
import TaskBridgeRuntime
import Trello

/// The dispatch loop: reads task ids from the consumer group (and takes over entries idle past the lease),
/// claims them in PostgreSQL in one statement per read, runs each claimed task on a bounded number of slots,
/// records outcomes in batches (group commit) and acknowledges entries in batches once recorded. While Trello
/// refuses the credentials it claims nothing.
///
/// On graceful shutdown it stops reading, gives tasks in flight `shutdownGrace` to finish, then cancels them. A
/// cancelled attempt is recorded like any failed one (a create cut off may have happened, so the next attempt looks
/// for the card first); one whose outcome cannot be recorded leaves its entry pending, and once its lease expires
/// another worker takes it over.
final class Dispatcher: Service {
    private let stream: any WorkerStream
    private let store: any DispatchRepository
    private let maker: CardMaker
    private let notifier: Notifier
    private let trello: TrelloGateway
    private let fleet: FleetGate
    private let owner: String
    private let lease: Duration
    private let settle: SettleWindow
    private let claimHorizon: Duration
    private let shutdownGrace: Duration
    private let slots: DispatchSlots
    private let recorder: BatchQueue<DispatchOutcome, Bool>
    /// One item per call of `acknowledge`: calls that arrive while a flush runs share the next `XACK`.
    private let acknowledger: BatchQueue<[String], Void>
    private let metrics: WorkerMetrics
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// How long one blocking read waits for entries before the loop looks around (pause, takeover, shutdown).
    static let readBlock: Duration = .seconds(2)
    /// How long the loop waits after PostgreSQL or Redis failed before trying again.
    static let failureBackoff: Duration = .seconds(1)
    /// How long the loop waits when the fleet's Trello budget is spoken for past the claim horizon.
    static let budgetWait: Duration = .milliseconds(50)

    /// A dispatcher that reads `stream` as `owner`, claims from `store` under `lease`, makes cards with `maker`,
    /// sends Slack and email deliveries with `notifier` (none: they wait, uncounted, for a secret key) and claims
    /// only what `trello`'s share of the fleet's budget can serve within the lease, given Trello requests that may
    /// take `requestTimeout`.
    init(
        stream: any WorkerStream,
        store: any DispatchRepository,
        maker: CardMaker,
        notifier: Notifier? = nil,
        trello: TrelloGateway,
        fleet: FleetGate,
        owner: String,
        concurrency: Int,
        lease: Duration,
        requestTimeout: Duration,
        settle: SettleWindow,
        shutdownGrace: Duration,
        metrics: WorkerMetrics,
        logger: Logger
    ) {
        self.stream = stream
        self.store = store
        self.maker = maker
        self.notifier = notifier ?? Notifier(senders: nil, settings: ChannelSettings(), retry: RetryPolicy(), logger: logger)
        self.trello = trello
        self.fleet = fleet
        self.owner = owner
        self.lease = lease
        self.settle = settle
        // How far ahead the fleet's rate-limit schedule may reach when tasks are claimed: half of what a lease
        // leaves after one request's timeout, so a claimed task gets its slot well within its lease even when other
        // workers claimed at the same moment. Claiming more would only release tasks again, each having spent a slot.
        self.claimHorizon = max((lease - requestTimeout) / 2, .zero)
        self.shutdownGrace = shutdownGrace
        self.slots = DispatchSlots(capacity: concurrency)
        self.recorder = BatchQueue(maxBatchSize: 256, maxConcurrentFlushes: 2) { outcomes in
            let recorded = try await store.record(outcomes, owner: owner, settle: settle)
            return outcomes.map { recorded.contains($0.deliveryID) }
        }
        self.acknowledger = BatchQueue(maxBatchSize: 512, maxConcurrentFlushes: 1) { calls in
            try await stream.acknowledge(calls.flatMap { $0 })
            return calls.map { _ in () }
        }
        self.metrics = metrics
        self.logger = logger
    }

    func run() async throws {
        await withDiscardingTaskGroup { batching in
            // The batches of outcomes and acknowledgements are flushed here, not in the tasks that submit them, so
            // a cancelled task still has its outcome recorded, and nothing is flushed once `run` has returned.
            batching.addTask { await self.recorder.serve() }
            batching.addTask { await self.acknowledger.serve() }
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    await loop(group: &group)
                    await drain()
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                self.stopping.store(true, ordering: .relaxed)
                self.slots.wake()
            }
            // Every task has ended, so nothing more is submitted: what is queued is flushed, then the batching stops.
            recorder.finish()
            acknowledger.finish()
        }
        logger.info("Dispatcher stopped")
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    private func loop(group: inout DiscardingTaskGroup) async {
        var takeoverCursor = "0-0"
        var nextTakeover = ContinuousClock.now
        while !isStopping {
            let free = await slots.waitForFree()
            guard free > 0, !isStopping else { break }
            if await fleet.isPaused {
                try? await Task.sleep(for: .milliseconds(250))
                continue
            }
            let fitting = trello.requestsFitting(within: claimHorizon)
            guard fitting > 0 else {
                try? await Task.sleep(for: Self.budgetWait)
                continue
            }
            let count = min(free, fitting)
            do {
                var deliveries: [DispatchDelivery] = []
                if ContinuousClock.now >= nextTakeover {
                    (deliveries, takeoverCursor) = try await stream.claimIdle(
                        consumer: owner, minIdle: lease, cursor: takeoverCursor, count: count)
                    if takeoverCursor == "0-0" { nextTakeover = .now + lease / 4 }
                    if !deliveries.isEmpty {
                        logger.notice("Took over stream entries idle past the lease", metadata: ["count": "\(deliveries.count)"])
                    }
                }
                if deliveries.isEmpty {
                    deliveries = try await cancelWhenGracefulShutdown {
                        try await self.stream.read(consumer: self.owner, count: count, block: Self.readBlock)
                    }
                }
                try await start(deliveries, group: &group)
            } catch {
                if isStopping { break }
                logger.warning("Dispatch loop failed; trying again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: Self.failureBackoff)
            }
        }
    }

    /// Claims the entries' deliveries (an entry names a delivery; a task's first delivery has the task's id) and
    /// starts one child task per claim; acknowledges the rest.
    private func start(_ deliveries: [DispatchDelivery], group: inout DiscardingTaskGroup) async throws {
        guard !deliveries.isEmpty else { return }
        var entryByDelivery: [UUID: DispatchDelivery] = [:]
        var skipped: [String] = []
        for delivery in deliveries {
            guard let deliveryID = delivery.deliveryID, entryByDelivery[deliveryID] == nil else {
                skipped.append(delivery.entryID)
                continue
            }
            entryByDelivery[deliveryID] = delivery
            if let enqueuedAt = delivery.enqueuedAt {
                metrics.queueWait.recordMilliseconds(max(Int64(Date().timeIntervalSince(enqueuedAt) * 1000), 0))
            }
        }
        let claimedAt = ContinuousClock.now
        let claimed = try await store.claim(Array(entryByDelivery.keys), owner: owner, lease: lease, settle: settle)
        for task in claimed {
            guard let delivery = entryByDelivery.removeValue(forKey: task.destination.deliveryID) else { continue }
            metrics.attempts.increment()
            slots.take()
            group.addTask {
                let outcome = if let notification = task.notification {
                    await self.notifier.dispatch(
                        task, notification: notification, deadline: claimedAt + self.lease, requestID: delivery.requestID)
                } else {
                    await self.maker.dispatch(task, claimedAt: claimedAt, requestID: delivery.requestID)
                }
                // The slot bounds Trello work; recording and acknowledging are batched with other tasks' and
                // need no slot, so the next task starts while this one's outcome is written.
                self.slots.release()
                await self.finish(outcome, of: delivery, task: task.record, counted: task.notification == nil)
            }
        }
        // Done, failed, or leased by another worker: nothing to do but forget the entry.
        skipped += entryByDelivery.values.map(\.entryID)
        for _ in skipped { metrics.count(outcome: "skipped") }
        await acknowledge(skipped)
    }

    /// Records the outcome, then acknowledges the delivery's entry. Nothing recorded, nothing acknowledged: the
    /// entry stays pending and the lease expires, so the task is taken over later. Only a card delivery's outcome
    /// is `counted` in the history (carded, failed, lag): a notification's is not the task's.
    private func finish(_ outcome: DispatchOutcome, of delivery: DispatchDelivery, task: TaskRecord, counted: Bool) async {
        let logger = logger.forTask(task.id, delivery: outcome.deliveryID, requestID: delivery.requestID)
        let entryID = delivery.entryID
        do {
            guard try await recorder.submit(outcome) else {
                logger.warning("Outcome not recorded: another worker took the task over after the lease expired")
                await acknowledge([entryID])
                return
            }
        } catch {
            logger.error("Could not record the outcome; the task is retried once its lease expires",
                         metadata: ["error": "\(error)"])
            return
        }
        metrics.count(outcome: Self.metricName(outcome.result))
        if counted { metrics.countRecorded(outcome.result, type: task.type, acceptedAt: task.createdAt) }
        await acknowledge([entryID])
    }

    /// Acknowledges entries with the next batch (group commit).
    private func acknowledge(_ entryIDs: [String]) async {
        guard !entryIDs.isEmpty else { return }
        do {
            try await acknowledger.submit(entryIDs)
        } catch {
            logger.warning("Could not acknowledge stream entries; they are taken over later and skipped",
                           metadata: ["error": "\(error)"])
        }
    }

    /// Waits until every slot is free again, or the grace period is over.
    private func drain() async {
        let deadline = ContinuousClock.now + shutdownGrace
        while slots.free < slots.capacity, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = slots.capacity - slots.free
        if left > 0 {
            logger.warning("Tasks still in flight at the end of the grace period are cancelled and taken over later",
                           metadata: ["count": "\(left)"])
        }
    }

    private static func metricName(_ result: DispatchOutcome.Result) -> String {
        switch result {
        case .done: "done"
        case .notified: "notified"
        case .retry: "retrying"
        case .fail: "failed"
        case .release: "released"
        }
    }
}
