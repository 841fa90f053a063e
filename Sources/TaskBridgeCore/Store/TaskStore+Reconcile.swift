#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// What the reconciler reads and records, per card delivery of one board (a `TaskCardRecord`'s id is the
/// delivery's: the task's own for its first delivery). Every method is one statement, so one round trip; a change
/// is made only while the delivery is still as the pass saw it (done, with the card it compared), and comes with
/// its event on the task.
extension TaskStore {
    /// The boards other than `environmentBoardID` that done card deliveries first tried at or after
    /// `firstAttemptSince` went to (the window a pass compares), each with a stored credential that reached it (nil:
    /// the environment's), in board order: what a pass reconciles besides the environment's board.
    public func reconcileBoards(firstAttemptSince: Date, environmentBoardID: String) async throws
        -> [(boardID: String, credentialID: UUID?)]
    {
        let rows = try await pool.query("""
            SELECT DISTINCT ON (board_id) board_id, credential_id FROM deliveries
            WHERE status = 'done' AND first_attempt_at >= \(firstAttemptSince)::timestamptz AND kind = 'trello'
              AND board_id IS NOT NULL AND board_id <> \(environmentBoardID)
            ORDER BY board_id, credential_id NULLS FIRST
            """)
        return try rows.map { row in
            (try row.decode(String.self, column: "board_id"), try row.decode(UUID?.self, column: "credential_id"))
        }
    }

    /// PostgreSQL's clock, the one `done_at` and `first_attempt_at` are written by.
    public func databaseTime() async throws -> Date {
        let rows = try await pool.query("SELECT now() AS now")
        guard let row = rows.first else { throw TaskStoreError.missingRow(statement: "SELECT now()") }
        return try row.decode(Date.self, column: "now")
    }

    /// The tasks a pass compares with the board: done tasks whose first attempt was at or after `firstAttemptSince`
    /// and that were done before `doneBefore` (when the pass began), and the tasks `named` by the footers it found,
    /// whatever their status. `settled` tells the done-before-the-pass ones apart.
    ///
    /// Only card deliveries to `boardID` are compared (with `environment`, the environment's board, those that name
    /// no board too): a footer naming another board's delivery is a card the pass cannot place, and Slack and email
    /// deliveries have no board.
    public func reconcileCandidates(
        boardID: String, environment: Bool, firstAttemptSince: Date, doneBefore: Date, named: [UUID]
    ) async throws -> [TaskCardRecord] {
        let rows = try await pool.query("""
            SELECT id, status, card_id, card_url, card_closed, card_deleted,
                   (status = 'done' AND done_at < \(doneBefore)::timestamptz) AS settled
            FROM deliveries
            WHERE status = 'done' AND first_attempt_at >= \(firstAttemptSince)::timestamptz
              AND done_at < \(doneBefore)::timestamptz
              AND kind = 'trello' AND (board_id = \(boardID) OR (\(environment) AND board_id IS NULL))
            UNION
            SELECT id, status, card_id, card_url, card_closed, card_deleted,
                   (status = 'done' AND done_at < \(doneBefore)::timestamptz) AS settled
            FROM deliveries
            WHERE id = ANY(\(named)::uuid[]) AND kind = 'trello'
              AND (board_id = \(boardID) OR (\(environment) AND board_id IS NULL))
            """)
        return try rows.map { row in
            let taskStatus = try row.decodeStatus(column: "status")
            return TaskCardRecord(
                id: try row.decode(UUID.self, column: "id"),
                status: taskStatus,
                cardID: try row.decode(String?.self, column: "card_id"),
                cardURL: try row.decode(String?.self, column: "card_url"),
                cardClosed: try row.decode(Bool.self, column: "card_closed"),
                cardDeleted: try row.decode(Bool.self, column: "card_deleted"),
                settled: try row.decode(Bool.self, column: "settled"))
        }
    }

    /// Records what was seen of a done task's card `cardID` (`closed`, `deleted`; nil leaves one as it is) with an
    /// event carrying `detail`. Changes nothing, and records no event, when the flags already say so or the task no
    /// longer has that card. Returns whether it recorded.
    @discardableResult
    public func recordCardState(taskID: UUID, cardID: String, closed: Bool?, deleted: Bool?, detail: String)
        async throws -> Bool
    {
        try await updateDoneTask(
            taskID, to: .done,
            set: """
                card_closed = coalesce(\(closed)::boolean, card_closed),
                card_deleted = coalesce(\(deleted)::boolean, card_deleted)
                """,
            where: """
                card_id = \(cardID) AND (card_closed <> coalesce(\(closed)::boolean, card_closed)
                                        OR card_deleted <> coalesce(\(deleted)::boolean, card_deleted))
                """,
            detail: detail)
    }

    /// Records `cardID` (at `cardURL`, archived or not) as a done task's card in place of `replacing`, which is gone
    /// from the board, with an event carrying `detail`. Returns whether the task still had `replacing`.
    @discardableResult
    public func adoptCard(
        taskID: UUID, replacing: String?, cardID: String, cardURL: String?, closed: Bool, detail: String
    ) async throws -> Bool {
        try await updateDoneTask(
            taskID, to: .done,
            set: "card_id = \(cardID), card_url = \(cardURL), card_closed = \(closed), card_deleted = false",
            where: "card_id IS NOT DISTINCT FROM \(replacing)::text",
            detail: detail)
    }

    /// Records a fact about a task's cards that changes no column (duplicates archived), as an event with the
    /// task's status on both sides. Returns whether the task exists.
    @discardableResult
    public func recordEvent(taskID: UUID, detail: String) async throws -> Bool {
        let rows = try await pool.query("""
            INSERT INTO task_events (task_id, from_status, to_status, detail)
            SELECT t.id, t.status, t.status, \(detail) FROM deliveries d JOIN tasks t ON t.id = d.task_id
            WHERE d.id = \(taskID)
            RETURNING task_id
            """)
        return !rows.isEmpty
    }

    /// Moves a done task whose card `missingCardID` is gone back to `queued`, as if just accepted, so the workers
    /// make it exactly one new card: card fields cleared, attempts 0, no first attempt, nothing to look up before
    /// creating (`card_may_exist` false), and not enqueued, so the relay puts it on the stream. A `done → queued`
    /// event carries `detail`. Returns whether the task was still done with that card.
    @discardableResult
    public func requeueForNewCard(taskID: UUID, missingCardID: String, detail: String) async throws -> Bool {
        try await updateDoneTask(
            taskID, to: .queued,
            set: """
                status = 'queued', attempts = 0, first_attempt_at = NULL, next_attempt_at = now(),
                lease_until = NULL, lease_owner = NULL, card_may_exist = false, card_may_exist_since = NULL,
                create_settles_at = NULL, card_id = NULL, card_url = NULL, assignee_id = NULL, label_ids = '{}',
                card_closed = false, card_deleted = false, done_at = NULL, enqueued_at = NULL,
                event_detail = \(detail)
                """,
            where: "card_id = \(missingCardID)",
            detail: detail)
    }

    /// Updates a task that is done and meets `condition`, setting `changes`, with a `done → status` event carrying
    /// `detail`, in one statement. Returns whether it did.
    private func updateDoneTask(
        _ taskID: UUID, to status: TaskStatus, set changes: PostgresQuery, where condition: PostgresQuery,
        detail: String
    ) async throws -> Bool {
        let rows = try await pool.query("""
            WITH updated AS (
                UPDATE deliveries SET \(fragment: changes), updated_at = now()
                WHERE id = \(taskID) AND status = 'done' AND \(fragment: condition)
                RETURNING id, task_id
            ), event AS (
                -- A move to another status is recorded by migration 012's trigger; a fact about the card here.
                INSERT INTO task_events (task_id, from_status, to_status, detail)
                SELECT task_id, 'done', 'done', \(detail) FROM updated WHERE \(status.rawValue)::text = 'done'
            )
            SELECT id FROM updated
            """)
        return !rows.isEmpty
    }
}
