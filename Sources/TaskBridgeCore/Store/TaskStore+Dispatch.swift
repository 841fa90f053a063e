#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresClient

extension TaskStore {
    /// Claims, in one statement, those of the deliveries `ids` that are due (never those of a discarded task):
    /// queued or retrying with `next_attempt_at` passed, or dispatching under an expired lease (its worker died).
    /// Each claimed delivery becomes `dispatching` under a lease of `lease` held by `owner`, counts one more attempt
    /// (noting when the first was made) and gets a `→ dispatching` event (written by migration 012's trigger). One
    /// taken over from an expired lease is marked `card_may_exist`: that worker may have made the card before it died.
    ///
    /// A taken-over task's create may still land until `settle.afterLeaseEnd` past the dead worker's lease, and its
    /// card, if any, was made after that worker's claim (its lease's end less `lease`).
    ///
    /// A Slack or email delivery is claimed like a card's and comes with its `notification`: its channel (the
    /// snapshot of templates, and its credential's name now) and the task's card URL.
    ///
    /// Tasks another transaction is claiming right now are skipped, not waited for: a duplicate stream entry read
    /// by two workers at once costs neither any time.
    public func claim(_ ids: [UUID], owner: String, lease: Duration, settle: SettleWindow) async throws -> [ClaimedTask] {
        guard !ids.isEmpty else { return [] }
        let rows = try await pool.query("""
            WITH candidates AS (
                SELECT d.id AS candidate_id, d.status AS previous_status FROM deliveries d
                WHERE d.id = ANY(\(ids)::uuid[])
                  AND ((d.status IN ('queued', 'retrying') AND d.next_attempt_at <= now())
                       OR (d.status = 'dispatching' AND d.lease_until < now()))
                  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = d.task_id AND t.status = 'discarded')
                FOR UPDATE OF d SKIP LOCKED
            ), claimed AS (
                UPDATE deliveries
                SET status = 'dispatching', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, now()),
                    lease_until = now() + \(lease.wholeMilliseconds)::int8 * interval '1 millisecond',
                    lease_owner = \(owner), card_may_exist = card_may_exist OR previous_status = 'dispatching',
                    card_may_exist_since = CASE WHEN previous_status = 'dispatching'
                        THEN LEAST(card_may_exist_since, lease_until - \(lease.wholeMilliseconds)::int8 * interval '1 millisecond')
                        ELSE card_may_exist_since END,
                    create_settles_at = CASE WHEN previous_status = 'dispatching'
                        THEN GREATEST(create_settles_at,
                                      lease_until + \(settle.afterLeaseEnd.wholeMilliseconds)::int8 * interval '1 millisecond')
                        ELSE create_settles_at END,
                    event_detail = 'attempt ' || (attempts + 1) || CASE WHEN previous_status = 'dispatching'
                                                                        THEN ', taking over an expired lease' ELSE '' END,
                    updated_at = now()
                FROM candidates
                WHERE id = candidate_id
                RETURNING deliveries.*, previous_status,
                          (extract(epoch FROM now() - first_attempt_at) * 1000)::int8 AS since_first_ms,
                          (extract(epoch FROM now() - COALESCE(card_may_exist_since, first_attempt_at)) * 1000)::int8
                              AS may_exist_for_ms,
                          (extract(epoch FROM GREATEST(create_settles_at - now(), interval '0')) * 1000)::int8
                              AS settles_in_ms
            )
            SELECT t.id, t.type, t.title, t.description, t.category, t.token_id, t.idempotency_key, t.request_hash,
                   t.created_at, t.card_list, t.card_members, t.card_due, t.card_due_complete, t.callback_url,
                   c.status, c.attempts, c.next_attempt_at, c.lease_until, c.lease_owner, c.last_error, c.card_id,
                   c.card_url, c.assignee_id, c.label_ids, c.enqueued_at, c.updated_at, c.done_at, c.card_closed,
                   c.card_deleted, c.card_may_exist, c.previous_status, c.since_first_ms, c.may_exist_for_ms,
                   c.settles_in_ms, c.id AS delivery_id, c.route_name, c.position, c.board_id, c.list_name,
                   c.credential_id, c.kind, c.moment, c.templates::text AS templates, k.name AS credential_name,
                   t.card_url AS task_card_url,
                   -- A later moment's wait for its channel's accepted notification, not sent yet (as the statement
                   -- began: one claimed beside it counts as unsent): until its retry is due, or none while in flight.
                   -- NULL when there is none (no GREATEST here: it would turn that NULL into a zero wait).
                   (SELECT (extract(epoch FROM max(CASE WHEN e.status = 'dispatching' THEN now()
                                                    ELSE e.next_attempt_at END) - now()) * 1000)::int8
                    FROM deliveries e
                    WHERE c.moment IN ('carded', 'failed') AND e.task_id = c.task_id AND e.position = c.position
                      AND e.moment = 'accepted' AND e.status IN ('queued', 'retrying', 'dispatching')
                   ) AS accepted_pending_ms
            FROM claimed c JOIN tasks t ON t.id = c.task_id LEFT JOIN credentials k ON k.id = c.credential_id
            """)
        return try rows.map { row in
            let previousStatus = try row.decodeStatus(column: "previous_status")
            return ClaimedTask(
                record: try TaskRecord(row: row),
                cardMayExist: try row.decode(Bool.self, column: "card_may_exist"),
                previousStatus: previousStatus,
                sinceFirstAttempt: .milliseconds(try row.decode(Int64.self, column: "since_first_ms")),
                mayExistFor: .milliseconds(try row.decode(Int64.self, column: "may_exist_for_ms")),
                settlesIn: .milliseconds(try row.decode(Int64?.self, column: "settles_in_ms") ?? 0),
                destination: try DeliveryDestination(row: row),
                notification: try Self.notification(in: row)
            )
        }
    }

    /// The notification a claimed row is, nil for a card delivery (or a moment this version does not know).
    private static func notification(in row: PostgresRow) throws -> ClaimedNotification? {
        guard let moment = try row.decode(String?.self, column: "moment").flatMap(NotificationMoment.init(rawValue:))
        else { return nil }
        return ClaimedNotification(
            moment: moment, kind: try row.decode(String.self, column: "kind"),
            credential: try row.decode(String?.self, column: "credential_name"),
            templates: try row.decode(String?.self, column: "templates") ?? "{}",
            cardURL: try row.decode(String?.self, column: "task_card_url"),
            waitsForAccepted: try row.decode(Int64?.self, column: "accepted_pending_ms").map { .milliseconds(max($0, 0)) })
    }

    /// Records a batch of deliveries' outcomes in one statement (one transaction, one round trip), and returns the
    /// delivery ids recorded; migration 012's trigger writes the events and the tasks' status and card. An outcome
    /// is recorded only while `owner` still holds the delivery's lease; one another worker took over is left to
    /// that worker, which looks for the card before making one.
    ///
    /// An outcome's unknown create moves the task's lookup window back to when it may have been sent, and its
    /// settle time forward to `settle.settle` past when it surely had been; a card found or a task finished clears both.
    public func record(_ outcomes: [DispatchOutcome], owner: String, settle: SettleWindow) async throws -> Set<UUID> {
        guard !outcomes.isEmpty else { return [] }
        var statuses: [String] = []
        var cardIDs: [String?] = []
        var cardURLs: [String?] = []
        var assignees: [String?] = []
        var labels: [String?] = []
        var errors: [String?] = []
        var delays: [Int64] = []
        var refunds: [Int] = []
        var details: [String] = []
        // Ages, not instants: PostgreSQL's clock places them, so the workers' clocks do not matter.
        let now = ContinuousClock.now
        let sentAfterAgo = outcomes.map { $0.unknownCreate.map { (now - $0.lowerBound).wholeMilliseconds } }
        let sentBeforeAgo = outcomes.map { $0.unknownCreate.map { (now - $0.upperBound).wholeMilliseconds } }
        for outcome in outcomes {
            statuses.append(outcome.status.rawValue)
            var cardID: String?, cardURL: String?, assignee: String?, labelIDs: String?, error: String?
            var delay = Duration.zero, refund = 0
            switch outcome.result {
            case .done(let id, let url, let assigneeID, let ids):
                (cardID, cardURL, assignee, labelIDs) = (id, url, assigneeID, ids.joined(separator: ","))
                details.append("card \(id)")
            case .notified:
                labelIDs = ""  // no labels: `done` sets them
                details.append("sent")
            case .retry(let message, let after):
                (error, delay) = (message, after)
                details.append(message)
            case .fail(let message):
                error = message
                details.append(message)
            case .release(let reason, let after):
                (delay, refund) = (after, 1)
                details.append(reason)
            }
            cardIDs.append(cardID)
            cardURLs.append(cardURL)
            assignees.append(assignee)
            labels.append(labelIDs)
            errors.append(error)
            delays.append(delay.wholeMilliseconds)
            refunds.append(refund)
        }
        let rows = try await pool.query("""
            WITH input AS (
                SELECT * FROM unnest(
                    \(outcomes.map(\.deliveryID))::uuid[], \(statuses)::text[], \(cardIDs)::text[], \(cardURLs)::text[],
                    \(assignees)::text[], \(labels)::text[], \(errors)::text[], \(delays)::int8[],
                    \(outcomes.map(\.cardMayExist))::boolean[], \(refunds)::int4[], \(details)::text[],
                    \(sentAfterAgo)::int8[], \(sentBeforeAgo)::int8[]
                ) AS i (delivery_id, new_status, new_card_id, new_card_url, new_assignee_id, new_label_ids, error,
                        delay_ms, may_exist, refund, detail, sent_after_ago_ms, sent_before_ago_ms)
            ), updated AS (
                UPDATE deliveries
                SET status = new_status, event_detail = detail,
                    card_id = COALESCE(new_card_id, card_id),
                    card_url = COALESCE(new_card_url, card_url),
                    assignee_id = CASE WHEN new_status = 'done' THEN new_assignee_id ELSE assignee_id END,
                    label_ids = CASE WHEN new_status = 'done' THEN string_to_array(new_label_ids, ',')
                                     ELSE label_ids END,
                    last_error = CASE WHEN new_status = 'done' THEN last_error ELSE COALESCE(error, last_error) END,
                    next_attempt_at = CASE WHEN new_status IN ('retrying', 'queued')
                                           THEN now() + delay_ms * interval '1 millisecond'
                                           ELSE next_attempt_at END,
                    attempts = attempts - refund,
                    card_may_exist = may_exist,
                    card_may_exist_since = CASE WHEN NOT may_exist THEN NULL
                        ELSE LEAST(card_may_exist_since, now() - sent_after_ago_ms * interval '1 millisecond') END,
                    create_settles_at = CASE WHEN NOT may_exist THEN NULL
                        ELSE GREATEST(create_settles_at, now() + (\(settle.settle.wholeMilliseconds)::int8
                                                                   - sent_before_ago_ms) * interval '1 millisecond') END,
                    lease_until = NULL, lease_owner = NULL, updated_at = now(),
                    done_at = CASE WHEN new_status = 'done' THEN now() ELSE done_at END
                FROM input
                WHERE id = delivery_id AND status = 'dispatching' AND lease_owner = \(owner)
                RETURNING id
            )
            SELECT id FROM updated
            """)
        return Set(try rows.map { try $0.decode(UUID.self, column: "id") })
    }
}
