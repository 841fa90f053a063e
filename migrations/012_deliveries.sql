-- Deliveries: a task fans out into one delivery per Trello destination of the route that matched it when it was
-- accepted (the environment's default route when none did). Each delivery carries the dispatch state the task
-- carried before, so the stream, the claim and lease, the relay, retries and settle windows work per delivery.
-- The task row keeps its status and card, maintained from its deliveries by the trigger below: the API, the
-- dashboard, callbacks (migration 013) and alerts read them unchanged.
CREATE TABLE deliveries (
    id                    uuid PRIMARY KEY,            -- the first delivery's id is the task's own id
    task_id               uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind                  text NOT NULL DEFAULT 'trello',
    moment                text,                        -- for notifications (accepted, carded, failed); NULL for cards
    -- The destination as it was when the task was accepted: editing a route later never redirects accepted work.
    route_name            text NOT NULL DEFAULT 'default',
    position              integer NOT NULL DEFAULT 0,
    board_id              text,                        -- NULL: the environment's TRELLO_BOARD_ID
    list_name             text,                        -- NULL: the environment's TRELLO_LIST_NAME
    credential_id         uuid,                        -- NULL: the environment's key and token; no reference, so a
                                                       -- credential removed later fails its deliveries clearly
    status                text NOT NULL DEFAULT 'queued'
                          CHECK (status IN ('queued', 'dispatching', 'retrying', 'done', 'failed', 'discarded')),
    attempts              integer NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz NOT NULL DEFAULT now(),
    lease_until           timestamptz,
    lease_owner           text,
    card_may_exist        boolean NOT NULL DEFAULT false,
    card_may_exist_since  timestamptz,
    create_settles_at     timestamptz,
    first_attempt_at      timestamptz,
    last_error            text,
    card_id               text,
    card_url              text,
    assignee_id           text,
    label_ids             text[] NOT NULL DEFAULT '{}',
    card_closed           boolean NOT NULL DEFAULT false,
    card_deleted          boolean NOT NULL DEFAULT false,
    enqueued_at           timestamptz,
    -- What the statement that last moved the delivery says about the move; the trigger writes it into task_events.
    event_detail          text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    done_at               timestamptz
);
CREATE INDEX deliveries_task ON deliveries (task_id, position);
-- The relay's scans and the reconciler's, as on tasks before.
CREATE INDEX deliveries_waiting ON deliveries (next_attempt_at) WHERE status IN ('queued', 'retrying');
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'dispatching';
CREATE INDEX deliveries_relay_due ON deliveries (next_attempt_at)
    WHERE status IN ('queued', 'retrying') AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at);
CREATE INDEX deliveries_done_first_attempt ON deliveries (first_attempt_at) WHERE status = 'done';

-- Every task so far had one destination, the environment's board: its delivery has the task's id and state, so the
-- entries on the stream and the footers of its cards keep naming it.
INSERT INTO deliveries (id, task_id, status, attempts, next_attempt_at, lease_until, lease_owner, card_may_exist,
                        card_may_exist_since, create_settles_at, first_attempt_at, last_error, card_id, card_url,
                        assignee_id, label_ids, card_closed, card_deleted, enqueued_at, created_at, updated_at, done_at)
SELECT id, id, status, attempts, next_attempt_at, lease_until, lease_owner, card_may_exist, card_may_exist_since,
       create_settles_at, first_attempt_at, last_error, card_id, card_url, assignee_id, label_ids, card_closed,
       card_deleted, enqueued_at, created_at, updated_at, done_at
FROM tasks;

-- After every statement that moves deliveries (a status or an attempt changed): their events; and then, for those
-- moved or whose card changed (the reconciler), their tasks' status and card.
--
-- Events: a task with one delivery gets the delivery's moves as its own, as before deliveries existed. A task
-- with several gets each delivery's move as an event of type 'delivery' naming the destination, and a move of its
-- own (type NULL) only when its status changes, so its `→ done` is recorded once.
--
-- The task's status: 'done' when every delivery is done, 'failed' when any failed for good, else the least
-- advanced of its deliveries' states, in the order queued, retrying, dispatching. 'discarded' is the operator's
-- and stays. Its card is its first delivery's (the route's first Trello destination); its attempts are all its
-- deliveries' attempts; its last error the latest of them.
CREATE FUNCTION deliveries_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The tasks concerned are locked in id order, so concurrent batches never deadlock on them; each statement
    -- below then sees every other delivery of theirs as committed.
    PERFORM 1 FROM tasks
    WHERE id IN (SELECT a.task_id FROM moved_after a JOIN moved_before b USING (id)
                 WHERE a.status <> b.status OR a.attempts <> b.attempts OR a.card_id IS DISTINCT FROM b.card_id
                    OR a.card_closed <> b.card_closed OR a.card_deleted <> b.card_deleted)
    ORDER BY id FOR UPDATE;

    WITH moved AS (
        SELECT a.*, b.status AS from_status FROM moved_after a JOIN moved_before b USING (id)
        WHERE a.status <> b.status OR a.attempts <> b.attempts
    ), fanned AS (
        SELECT task_id, count(*) > 1 AS several FROM deliveries
        WHERE task_id IN (SELECT task_id FROM moved) GROUP BY task_id
    )
    INSERT INTO task_events (task_id, from_status, to_status, detail, type, data)
    SELECT m.task_id, m.from_status, m.status,
           CASE WHEN f.several
                THEN 'to board ' || coalesce(m.board_id, 'of the environment') || ' (route ' || m.route_name
                     || ', destination ' || m.position || '): ' || coalesce(m.event_detail, '')
                ELSE m.event_detail END,
           CASE WHEN f.several THEN 'delivery' END,
           CASE WHEN f.several THEN jsonb_build_object(
               'delivery', m.id, 'route', m.route_name, 'position', m.position, 'board', m.board_id,
               'list', m.list_name, 'status', m.status) END
    FROM moved m JOIN fanned f USING (task_id)
    ORDER BY m.id;

    WITH concerned AS (
        SELECT DISTINCT a.task_id FROM moved_after a JOIN moved_before b USING (id)
        WHERE a.status <> b.status OR a.attempts <> b.attempts OR a.card_id IS DISTINCT FROM b.card_id
           OR a.card_closed <> b.card_closed OR a.card_deleted <> b.card_deleted
    ), summary AS (
        SELECT d.task_id,
               CASE WHEN bool_and(d.status = 'done') THEN 'done'
                    WHEN bool_or(d.status = 'failed') THEN 'failed'
                    WHEN bool_or(d.status = 'queued') THEN 'queued'
                    WHEN bool_or(d.status = 'retrying') THEN 'retrying'
                    WHEN bool_or(d.status = 'dispatching') THEN 'dispatching'
                    ELSE 'discarded' END AS status,
               count(*) > 1 AS several,
               sum(d.attempts) AS attempts,
               min(d.next_attempt_at) FILTER (WHERE d.status IN ('queued', 'retrying')) AS next_attempt_at,
               min(d.first_attempt_at) AS first_attempt_at,
               max(d.lease_until) AS lease_until,
               max(d.done_at) AS done_at,
               (array_agg(d.last_error ORDER BY (d.status = 'failed') DESC, d.updated_at DESC)
                   FILTER (WHERE d.last_error IS NOT NULL))[1] AS last_error
        FROM deliveries d WHERE d.task_id IN (SELECT task_id FROM concerned)
        GROUP BY d.task_id
    ), first_delivery AS (
        SELECT DISTINCT ON (d.task_id) d.* FROM deliveries d
        WHERE d.task_id IN (SELECT task_id FROM concerned) AND d.kind = 'trello'
        ORDER BY d.task_id, d.position, d.created_at
    ), previous AS (
        SELECT t.id, t.status AS old_status FROM tasks t WHERE t.id IN (SELECT task_id FROM concerned)
    ), updated AS (
        UPDATE tasks t SET
            status = CASE WHEN t.status = 'discarded' THEN t.status ELSE s.status END,
            attempts = s.attempts,
            next_attempt_at = coalesce(s.next_attempt_at, t.next_attempt_at),
            first_attempt_at = s.first_attempt_at,
            lease_until = s.lease_until,
            lease_owner = f.lease_owner,
            last_error = s.last_error,
            card_id = f.card_id, card_url = f.card_url, assignee_id = f.assignee_id, label_ids = f.label_ids,
            card_closed = f.card_closed, card_deleted = f.card_deleted,
            card_may_exist = f.card_may_exist, card_may_exist_since = f.card_may_exist_since,
            create_settles_at = f.create_settles_at,
            done_at = CASE WHEN s.status = 'done' THEN s.done_at END,
            updated_at = now()
        FROM summary s, first_delivery f, previous p
        WHERE t.id = s.task_id AND f.task_id = s.task_id AND p.id = s.task_id
        RETURNING t.id, t.status, p.old_status, s.several
    )
    INSERT INTO task_events (task_id, from_status, to_status, detail)
    SELECT id, old_status, status,
           CASE status WHEN 'done' THEN 'every delivery done'
                       WHEN 'failed' THEN 'a delivery failed'
                       ELSE 'its least advanced delivery is ' || status END
    FROM updated WHERE several AND status <> old_status
    ORDER BY id;
    RETURN NULL;
END
$$;
CREATE TRIGGER deliveries_moved AFTER UPDATE ON deliveries
    REFERENCING OLD TABLE AS moved_before NEW TABLE AS moved_after
    FOR EACH STATEMENT EXECUTE FUNCTION deliveries_moved();
