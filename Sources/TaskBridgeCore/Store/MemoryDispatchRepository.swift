#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The tasks table as the workers use it, in memory, for unit tests: the claims, outcome records and relay queries
/// of `TaskStore+Dispatch.swift` and `TaskStore+Relay.swift`, statement for statement, on a clock of its own
/// (`advance(by:)`), so a lease can expire without a test waiting for it.
public actor MemoryDispatchRepository: DispatchRepository {
    /// A row: the record, and the columns `TaskRecord` does not carry.
    private struct Row {
        var record: TaskRecord
        var firstAttemptAt: Date?
        var cardMayExist = false
        var cardMayExistSince: Date?
        var createSettlesAt: Date?
        var events: [TaskEvent] = []
    }

    private var rows: [UUID: Row] = [:]
    private var offset: Duration = .zero
    private var recordFailure: (any Error)?
    /// How many `record` calls failed on purpose (`failRecording(with:)`).
    public private(set) var refusedRecords = 0

    /// An empty table.
    public init() {}

    /// The repository's now: PostgreSQL's clock, moved on by `advance(by:)`.
    public var now: Date { Date() + offset }

    /// Moves the repository's clock forward: leases expire and delays pass at once.
    public func advance(by duration: Duration) {
        offset += duration
    }

    /// Makes every later `record` throw `error`, as a database that went away would; nil records again.
    public func failRecording(with error: (any Error)?) {
        recordFailure = error
    }

    /// Stores tasks as they are, each with an `accepted` event when it is queued.
    public func add(_ records: [TaskRecord]) {
        for record in records {
            var row = Row(record: record)
            if record.status == .queued { row.events.append(TaskEvent(at: now, from: nil, to: .queued, detail: "accepted")) }
            rows[record.id] = row
        }
    }

    /// Stores a task just accepted, due now; returns its record.
    @discardableResult
    public func accept(_ task: NewTask, id: UUID = UUID()) -> TaskRecord {
        let record = TaskRecord(id: id, accepting: task, at: now)
        add([record])
        return record
    }

    /// The task with this id.
    public func task(id: UUID) -> TaskRecord? {
        rows[id]?.record
    }

    /// Whether the next attempt at the task looks for its card before making one.
    public func cardMayExist(id: UUID) -> Bool {
        rows[id]?.cardMayExist ?? false
    }

    /// The task's events, oldest first.
    public func history(of id: UUID) -> [TaskEvent] {
        rows[id]?.events ?? []
    }

    /// Claims those of `ids` that are due, as `TaskStore.claim` does.
    public func claim(_ ids: [UUID], owner: String, lease: Duration, settle: SettleWindow) -> [ClaimedTask] {
        let now = now
        var claimed: [ClaimedTask] = []
        var seen: Set<UUID> = []
        for id in ids where seen.insert(id).inserted {
            guard var row = rows[id] else { continue }
            let previous = row.record.status
            let waiting = (previous == .queued || previous == .retrying) && row.record.nextAttemptAt <= now
            let expired = previous == .dispatching && (row.record.leaseUntil.map { $0 < now } ?? false)
            guard waiting || expired else { continue }
            if expired, let leaseUntil = row.record.leaseUntil {
                row.cardMayExist = true
                row.cardMayExistSince = Self.earliest(row.cardMayExistSince, leaseUntil - lease)
                row.createSettlesAt = Self.latest(
                    row.createSettlesAt, leaseUntil + settle.afterLeaseEnd)
            }
            row.record.status = .dispatching
            row.record.attempts += 1
            row.firstAttemptAt = row.firstAttemptAt ?? now
            row.record.leaseUntil = now + lease
            row.record.leaseOwner = owner
            row.record.updatedAt = now
            let detail = "attempt \(row.record.attempts)" + (expired ? ", taking over an expired lease" : "")
            row.events.append(TaskEvent(at: now, from: previous, to: .dispatching, detail: detail))
            rows[id] = row
            let firstAttemptAt = row.firstAttemptAt ?? now
            claimed.append(ClaimedTask(
                record: row.record, cardMayExist: row.cardMayExist, previousStatus: previous,
                sinceFirstAttempt: Self.duration(from: firstAttemptAt, to: now),
                mayExistFor: Self.duration(from: row.cardMayExistSince ?? firstAttemptAt, to: now),
                settlesIn: max(row.createSettlesAt.map { Self.duration(from: now, to: $0) } ?? .zero, .zero)))
        }
        return claimed
    }

    /// Records the outcomes of tasks `owner` still holds, as `TaskStore.record` does; returns their ids.
    public func record(_ outcomes: [DispatchOutcome], owner: String, settle: SettleWindow) throws -> Set<UUID> {
        if let recordFailure {
            refusedRecords += 1
            throw recordFailure
        }
        let now = now
        let workerNow = ContinuousClock.now
        var recorded: Set<UUID> = []
        for outcome in outcomes {
            guard var row = rows[outcome.deliveryID], row.record.status == .dispatching, row.record.leaseOwner == owner
            else { continue }
            let status = outcome.status
            var detail: String
            var delay = Duration.zero
            switch outcome.result {
            case .done(let cardID, let cardURL, let assigneeID, let labelIDs):
                row.record.cardID = cardID
                row.record.cardURL = cardURL ?? row.record.cardURL
                row.record.assigneeID = assigneeID
                row.record.labelIDs = labelIDs
                row.record.doneAt = now
                detail = "card \(cardID)"
            case .notified:
                row.record.doneAt = now
                detail = "sent"
            case .retry(let error, let after):
                (row.record.lastError, delay, detail) = (error, after, error)
            case .fail(let error):
                (row.record.lastError, detail) = (error, error)
            case .release(let reason, let after):
                row.record.attempts -= 1
                (delay, detail) = (after, reason)
            }
            if status == .retrying || status == .queued {
                row.record.nextAttemptAt = now + delay
            }
            row.cardMayExist = outcome.cardMayExist
            if outcome.cardMayExist {
                if let sent = outcome.unknownCreate {
                    row.cardMayExistSince = Self.earliest(
                        row.cardMayExistSince, now - (workerNow - sent.lowerBound))
                    row.createSettlesAt = Self.latest(
                        row.createSettlesAt,
                        now + (settle.settle - (workerNow - sent.upperBound)))
                }
            } else {
                (row.cardMayExistSince, row.createSettlesAt) = (nil, nil)
            }
            row.record.status = status
            (row.record.leaseUntil, row.record.leaseOwner, row.record.updatedAt) = (nil, nil, now)
            row.events.append(TaskEvent(at: now, from: .dispatching, to: status, detail: detail))
            rows[outcome.deliveryID] = row
            recorded.insert(outcome.deliveryID)
        }
        return recorded
    }

    /// Tasks due but not on their way, as `TaskStore.dueForRelay` finds them.
    public func dueForRelay(limit: Int, stuckAfter: Duration?, enqueuedBefore: Int64?) -> [UUID] {
        let now = now
        let records: [TaskRecord] = rows.values.map(\.record)
        let waiting: [TaskRecord] = records
            .filter { ($0.status == .queued || $0.status == .retrying) && $0.nextAttemptAt <= now }
            .sorted { $0.nextAttemptAt < $1.nextAttemptAt }
        let expired: [(id: UUID, leaseUntil: Date, enqueuedAt: Date?)] = records
            .compactMap { task in
                guard task.status == .dispatching, let leaseUntil = task.leaseUntil, leaseUntil < now else { return nil }
                return (task.id, leaseUntil, task.enqueuedAt)
            }
            .sorted { $0.leaseUntil < $1.leaseUntil }
        /// The first `limit` waiting tasks enqueued before `bound` (nil: never enqueued counts too).
        func waitingEnqueued(before bound: (TaskRecord) -> Date, orNever: Bool) -> [UUID] {
            let found = waiting.filter { task in
                guard let enqueuedAt = task.enqueuedAt else { return orNever }
                return enqueuedAt < bound(task)
            }
            return found.prefix(limit).map(\.id)
        }
        var found = waitingEnqueued(before: \.nextAttemptAt, orNever: true)
        let lapsed = expired.filter { task in task.enqueuedAt.map { $0 < task.leaseUntil } ?? true }
        found += lapsed.prefix(limit).map(\.id)
        if let stuckAfter {
            let cutoff = now - stuckAfter
            found += waitingEnqueued(before: { _ in cutoff }, orNever: false)
        }
        if let enqueuedBefore {
            let cutoff = Date(timeIntervalSince1970: Double(enqueuedBefore) / 1000)
            found += waitingEnqueued(before: { _ in cutoff }, orNever: false)
        }
        var seen: Set<UUID> = []
        return found.filter { seen.insert($0).inserted }
    }

    /// Records that these tasks were just put on the stream.
    @discardableResult
    public func markEnqueued(_ ids: [UUID]) -> [UUID: String] {
        setEnqueued(ids, to: now)
        // Tasks made in memory come from no API request.
        return [:]
    }

    /// Records that these tasks could not be put on the stream.
    public func markNotEnqueued(_ ids: [UUID]) {
        setEnqueued(ids, to: nil)
    }

    /// Forgets that any unfinished task is on the stream; returns how many that concerns.
    public func forgetEnqueued() -> Int {
        let unfinished = rows.values.map(\.record).filter {
            [.queued, .retrying, .dispatching].contains($0.status) && $0.enqueuedAt != nil
        }
        setEnqueued(unfinished.map(\.id), to: nil)
        return unfinished.count
    }

    private func setEnqueued(_ ids: [UUID], to date: Date?) {
        for id in ids where rows[id] != nil {
            rows[id]?.record.enqueuedAt = date
        }
    }

    /// The earlier of two optional dates, as SQL's `LEAST` ignores NULL.
    private static func earliest(_ a: Date?, _ b: Date) -> Date { a.map { min($0, b) } ?? b }

    /// The later of two optional dates, as SQL's `GREATEST` ignores NULL.
    private static func latest(_ a: Date?, _ b: Date) -> Date { a.map { max($0, b) } ?? b }

    private static func duration(from start: Date, to end: Date) -> Duration {
        .milliseconds(Int64((end.timeIntervalSince(start) * 1000).rounded()))
    }
}
