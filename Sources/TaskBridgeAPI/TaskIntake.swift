import Foundation
import Logging
import PostgresClient
import ServiceLifecycle
import TaskBridgeCore
import TaskBridgeRuntime

/// The write path of `POST /v1/tasks`: concurrent submissions share one insert transaction (group commit), and
/// each batch's new ids go to the dispatch stream in one pipelined round trip once committed.
///
/// A caller is answered only after its own row is committed. If Redis fails, the batch is still accepted: its
/// rows get `enqueued_at = NULL` and the workers' relay delivers them; during a Redis outage new batches skip
/// Redis altogether and are stored with `enqueued_at = NULL` from the start. `enqueued_at` is otherwise set
/// optimistically in the INSERT, since the XADD almost always succeeds: that costs nothing on the happy path and
/// one UPDATE per failed batch.
///
/// One client's bad data never fails another's request: when PostgreSQL refuses a shared batch for something a
/// row may hold, its rows are inserted again one at a time, and only the refused ones fail.
struct TaskIntake: Service {
    private let writer: Writer
    private let batches: BatchQueue<TaskSubmission, Result<TaskInsertOutcome, any Error>>

    /// Makes the write path into `tasks` (`TaskStore` in production) and `queue` (`DispatchStream`).
    init(
        tasks: any TaskRepository, queue: any TaskQueue, metrics: APIMetrics, logger: Logger,
        maxBatchSize: Int, maxConcurrentFlushes: Int, enqueueRetryDelay: Duration
    ) {
        let writer = Writer(
            tasks: tasks, queue: queue, metrics: metrics, logger: logger,
            outage: RedisOutage(retryDelay: enqueueRetryDelay, logger: logger))
        self.writer = writer
        batches = BatchQueue(maxBatchSize: maxBatchSize, maxConcurrentFlushes: maxConcurrentFlushes) { batch in
            try await writer.write(batch)
        }
    }

    /// The write path with the batch limits `configuration` sets.
    init(configuration: APIConfiguration, tasks: any TaskRepository, queue: any TaskQueue, logger: Logger) {
        self.init(
            tasks: tasks, queue: queue, metrics: configuration.metrics, logger: logger,
            maxBatchSize: configuration.maxInsertBatch, maxConcurrentFlushes: configuration.maxConcurrentInserts,
            enqueueRetryDelay: configuration.enqueueRetryDelay)
    }

    /// Stores one submission (sharing the transaction with whatever else is queued) and enqueues it.
    func submit(_ submission: TaskSubmission) async throws -> TaskInsertOutcome {
        try await batches.submit(submission).get()
    }

    /// Runs the batching until graceful shutdown; the application lists it after the pools, so that every batch is
    /// written before they close.
    func run() async {
        await batches.run()
    }

    /// Puts ids already committed on the stream; if Redis fails, leaves them to the relay.
    func enqueue(_ ids: [UUID]) async {
        await writer.enqueue(ids)
    }

    /// What a flush of the queue does, with what it needs. A type of its own so that the queue's flush closure can
    /// hold it while `TaskIntake` itself is still being initialised.
    fileprivate struct Writer: Sendable {
        let tasks: any TaskRepository
        let queue: any TaskQueue
        let metrics: APIMetrics
        let logger: Logger
        let outage: RedisOutage
    }
}

extension TaskIntake.Writer {
    /// Inserts the batch, counts what it created and enqueues it.
    func write(_ batch: [TaskSubmission]) async throws -> [Result<TaskInsertOutcome, any Error>] {
        let tryRedis = outage.shouldTry
        let outcomes = try await insert(batch, enqueued: tryRedis)
        var created: [UUID] = []
        created.reserveCapacity(outcomes.count)
        var countsByType: [String: Int] = [:]
        for case .success(.created(let task)) in outcomes {
            created.append(task.id)
            countsByType[task.type, default: 0] += 1
        }
        metrics.recordInsertBatch(size: created.count)
        for (type, count) in countsByType {
            metrics.recordAccepted(type: type, count: count)
        }
        if tryRedis {
            var requestIDs: [UUID: String] = [:]
            for submission in batch {
                requestIDs[submission.id] = submission.requestID
            }
            await enqueue(created, requestIDs: requestIDs)
        } else {
            metrics.recordEnqueueFailures(created.count)
        }
        return outcomes
    }

    /// Inserts the batch in one statement; if PostgreSQL refuses it for something a row may hold, inserts the
    /// rows one at a time, in order (so a key repeated in the batch still finds its first use), and fails only
    /// those refused again. Any other error fails the whole batch, as it would each row.
    private func insert(
        _ batch: [TaskSubmission], enqueued: Bool
    ) async throws -> [Result<TaskInsertOutcome, any Error>] {
        do {
            return try await tasks.insert(batch, enqueued: enqueued).map { .success($0) }
        } catch let error as PostgresError where batch.count > 1 && error.mayBeAboutOneRow {
            logger.warning(
                "PostgreSQL refused an insert batch; inserting its rows one by one",
                metadata: ["tasks.count": "\(batch.count)", "error": "\(error)"])
            var outcomes: [Result<TaskInsertOutcome, any Error>] = []
            outcomes.reserveCapacity(batch.count)
            for submission in batch {
                do {
                    outcomes.append(.success(try await tasks.insert([submission], enqueued: enqueued)[0]))
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            return outcomes
        }
    }

    /// Puts committed ids on the stream, each with its request id if `requestIDs` has one; if Redis fails or is
    /// out, marks them for the relay (whose entries carry no request id).
    func enqueue(_ ids: [UUID], requestIDs: [UUID: String] = [:]) async {
        guard !ids.isEmpty else { return }
        if outage.shouldTry {
            do {
                try await queue.enqueue(ids, requestIDs: requestIDs)
                outage.succeeded()
                return
            } catch {
                outage.failed(error)
            }
        }
        // The tasks are committed either way; NULL tells the relay they still need delivering.
        metrics.recordEnqueueFailures(ids.count)
        do {
            try await tasks.markNotEnqueued(ids)
        } catch {
            logger.warning(
                "Could not mark tasks as not enqueued; the relay finds them once their enqueue is stale",
                metadata: ["tasks.count": "\(ids.count)", "error": "\(error)"])
        }
    }
}
