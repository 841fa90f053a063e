#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

/// The actions Trello's webhook delivered (`trello_actions`): the API stores them, once each, for our cards only;
/// the workers apply them to their tasks. No state outside PostgreSQL, so any number of API replicas and workers
/// share the work, each claiming rows with `FOR UPDATE SKIP LOCKED`.
public struct TrelloActionStore: Sendable {
    /// The pool every statement runs on.
    public let pool: PostgresPool

    /// A store over `pool`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Stores `action` with the exact `body` it came in, if it is about a task's card and states something the
    /// bridge keeps; one statement, whose card lookup is one index probe.
    public func record(_ action: TrelloCardAction, body: String) async throws -> TrelloActionReceipt {
        guard !action.changes.isEmpty else { return .ignored }
        let rows = try await pool.query("""
            WITH task AS (
                SELECT id FROM tasks WHERE card_id = \(action.cardID) LIMIT 1
            ), inserted AS (
                INSERT INTO trello_actions (id, task_id, card_id, type, happened_at, body)
                SELECT \(action.id), id, \(action.cardID), \(action.type), \(action.date)::timestamptz, \(body) FROM task
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            )
            SELECT (SELECT count(*) FROM task)::int8 AS ours, (SELECT count(*) FROM inserted)::int8 AS inserted
            """)
        guard let row = rows.first else { return .ignored }
        let (ours, inserted) = try row.decode((Int64, Int64).self)
        return ours == 0 ? .ignored : inserted == 0 ? .duplicate : .recorded
    }

    /// Applies up to `limit` pending actions, oldest first, in one transaction, and returns how many it took.
    /// Each sets its task's card fields and adds one event per fact, unless the task already holds a newer action's
    /// word (Trello retries, so an old action can arrive late). Rows other workers hold are skipped, not awaited.
    public func applyPending(limit: Int) async throws -> Int {
        try await pool.withTransaction { connection in
            let rows = try await connection.query("""
                SELECT id, task_id, body FROM trello_actions
                WHERE processed_at IS NULL
                ORDER BY happened_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
                """)
            var ids: [String] = []
            for row in rows {
                let (id, taskID, body) = try row.decode((String, UUID, String).self)
                ids.append(id)
                // A body that no longer parses was parsed when it was stored; nothing to apply.
                guard let action = TrelloCardAction(webhookBody: Array(body.utf8)) else { continue }
                try await connection.query(Self.apply(action, to: taskID))
            }
            if !ids.isEmpty {
                try await connection.query("UPDATE trello_actions SET processed_at = now() WHERE id = ANY(\(ids)::text[])")
            }
            return ids.count
        }
    }

    /// One statement that applies `action` to task `taskID`: the fields, then an event per fact.
    static func apply(_ action: TrelloCardAction, to taskID: UUID) -> PostgresQuery {
        var list: String?, closed: Bool?, deleted = false, members: [String]?, added: String?, removed: String?
        var due: String?, dueSet = false, dueComplete: Bool?
        for change in action.changes {
            switch change {
            case .list(let name): list = name
            case .closed(let flag): closed = flag
            case .deleted: deleted = true
            case .members(let ids): members = ids
            case .memberAdded(let id): added = id
            case .memberRemoved(let id): removed = id
            case .due(let date): (due, dueSet) = (date, true)
            case .dueComplete(let flag): dueComplete = flag
            }
        }
        let events = action.changes.map(CardChangeEvent.init)
        return """
            WITH updated AS (
                UPDATE tasks SET
                    card_list = coalesce(\(list)::text, card_list),
                    card_closed = coalesce(\(closed)::boolean, card_closed),
                    card_deleted = card_deleted OR \(deleted)::boolean,
                    card_members = CASE
                        WHEN \(members)::text[] IS NOT NULL THEN \(members)::text[]
                        WHEN \(added)::text IS NOT NULL
                            THEN array_append(array_remove(coalesce(card_members, '{}'), \(added)::text), \(added)::text)
                        WHEN \(removed)::text IS NOT NULL THEN array_remove(card_members, \(removed)::text)
                        ELSE card_members END,
                    card_due = CASE WHEN \(dueSet)::boolean THEN \(due)::timestamptz ELSE card_due END,
                    card_due_complete = coalesce(\(dueComplete)::boolean, card_due_complete),
                    card_changed_at = \(action.date)::timestamptz,
                    updated_at = now()
                WHERE id = \(taskID) AND card_id = \(action.cardID)
                  AND (card_changed_at IS NULL OR card_changed_at <= \(action.date)::timestamptz)
                RETURNING id, status
            )
            INSERT INTO task_events (task_id, from_status, to_status, detail, type, data)
            SELECT updated.id, updated.status, updated.status, event.detail, event.type, event.data::jsonb
            FROM updated, unnest(\(events.map(\.type))::text[], \(events.map(\.data))::text[],
                                 \(events.map(\.detail))::text[]) WITH ORDINALITY AS event (type, data, detail, n)
            ORDER BY event.n
            """
    }
}
