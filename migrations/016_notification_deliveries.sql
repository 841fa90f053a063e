-- Notification deliveries: a Slack or email destination of the route a task matched gets a delivery of its kind
-- for each of its moments (accepted, carded, failed) when that moment happens, through the same stream, claim,
-- lease, relay and retries as the cards. The task's status keeps following its card (Trello) deliveries alone: a
-- notification never moves it, so it never re-fires callbacks, events or stats.

-- The channels of the task's route as they were when it was accepted (credential, moments, templates), so editing
-- the route later never changes what accepted work notifies. Written by the API's insert statement.
CREATE TABLE task_channels (
    task_id        uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('slack', 'email')),
    route_name     text NOT NULL,
    credential_id  uuid,                       -- no reference: a credential removed later fails its deliveries
    moments        text[] NOT NULL,
    templates      jsonb NOT NULL,
    PRIMARY KEY (task_id, position)
);

-- A notification delivery carries its channel's templates (a snapshot); a card delivery has none.
ALTER TABLE deliveries ADD COLUMN templates jsonb;
-- One notification per task, destination and moment, whoever notices the moment (any worker, the CLI's retry, the
-- reconciler's requeue): a moment that happens again (a task done, requeued, done again) notifies once.
CREATE UNIQUE INDEX deliveries_notification ON deliveries (task_id, position, moment) WHERE moment IS NOT NULL;

-- The notification deliveries of `moment` for the tasks `task_ids`: one per channel of theirs that notifies of it,
-- none already made. Not enqueued: the relay puts them on the stream within RELAY_INTERVAL_MS.
CREATE FUNCTION notify_moment(task_ids uuid[], moment text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO deliveries (id, task_id, kind, moment, route_name, position, credential_id, templates,
                            next_attempt_at, created_at, updated_at)
    SELECT gen_random_uuid(), c.task_id, c.kind, moment, c.route_name, c.position, c.credential_id, c.templates,
           now(), now(), now()
    FROM task_channels c
    WHERE c.task_id = ANY(task_ids) AND moment = ANY(c.moments)
    ORDER BY c.task_id, c.position
    ON CONFLICT (task_id, position, moment) WHERE moment IS NOT NULL DO NOTHING
$$;

-- `accepted`: as the task's channels are stored, in the task's own insert statement.
CREATE FUNCTION task_channels_accepted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_moment(array_agg(DISTINCT task_id), 'accepted') FROM inserted_channels;
    RETURN NULL;
END
$$;
CREATE TRIGGER task_channels_accepted AFTER INSERT ON task_channels
    REFERENCING NEW TABLE AS inserted_channels
    FOR EACH STATEMENT EXECUTE FUNCTION task_channels_accepted();

-- Migration 012's function, now over card deliveries alone for the task's status, card and own events, and making
-- the `carded` and `failed` notifications as the task becomes done or failed.
--
-- Events: a notification delivery's moves are always events of type 'delivery' naming the channel and moment,
-- never the task's own (stats, history and callbacks read the task's). Card deliveries are as before: a task
-- with one gets their moves as its own; with several, each as a 'delivery' event and the task's own move once.
CREATE OR REPLACE FUNCTION deliveries_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    carded uuid[];
    failed uuid[];
BEGIN
    -- The tasks concerned are locked in id order, so concurrent batches never deadlock on them; each statement
    -- below then sees every other delivery of theirs as committed.
    PERFORM 1 FROM tasks
    WHERE id IN (SELECT a.task_id FROM moved_after a JOIN moved_before b USING (id)
                 WHERE a.kind = 'trello'
                   AND (a.status <> b.status OR a.attempts <> b.attempts OR a.card_id IS DISTINCT FROM b.card_id
                        OR a.card_closed <> b.card_closed OR a.card_deleted <> b.card_deleted))
    ORDER BY id FOR UPDATE;

    WITH moved AS (
        SELECT a.*, b.status AS from_status FROM moved_after a JOIN moved_before b USING (id)
        WHERE a.status <> b.status OR a.attempts <> b.attempts
    ), fanned AS (
        SELECT task_id, count(*) > 1 AS several FROM deliveries
        WHERE task_id IN (SELECT task_id FROM moved) AND kind = 'trello' GROUP BY task_id
    )
    INSERT INTO task_events (task_id, from_status, to_status, detail, type, data)
    SELECT m.task_id, m.from_status, m.status,
           CASE WHEN m.kind <> 'trello'
                THEN 'to ' || m.kind || ' (route ' || m.route_name || ', destination ' || m.position || ', '
                     || m.moment || '): ' || coalesce(m.event_detail, '')
                WHEN f.several
                THEN 'to board ' || coalesce(m.board_id, 'of the environment') || ' (route ' || m.route_name
                     || ', destination ' || m.position || '): ' || coalesce(m.event_detail, '')
                ELSE m.event_detail END,
           CASE WHEN m.kind <> 'trello' OR f.several THEN 'delivery' END,
           CASE WHEN m.kind <> 'trello' OR f.several THEN jsonb_build_object(
               'delivery', m.id, 'kind', m.kind, 'moment', m.moment, 'route', m.route_name, 'position', m.position,
               'board', m.board_id, 'list', m.list_name, 'status', m.status) END
    FROM moved m LEFT JOIN fanned f USING (task_id)
    ORDER BY m.id;

    WITH concerned AS (
        SELECT DISTINCT a.task_id FROM moved_after a JOIN moved_before b USING (id)
        WHERE a.kind = 'trello'
          AND (a.status <> b.status OR a.attempts <> b.attempts OR a.card_id IS DISTINCT FROM b.card_id
               OR a.card_closed <> b.card_closed OR a.card_deleted <> b.card_deleted)
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
        FROM deliveries d WHERE d.task_id IN (SELECT task_id FROM concerned) AND d.kind = 'trello'
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
    ), events AS (
        INSERT INTO task_events (task_id, from_status, to_status, detail)
        SELECT id, old_status, status,
               CASE status WHEN 'done' THEN 'every delivery done'
                           WHEN 'failed' THEN 'a delivery failed'
                           ELSE 'its least advanced delivery is ' || status END
        FROM updated WHERE several AND status <> old_status
        ORDER BY id
    )
    SELECT array_agg(id) FILTER (WHERE status = 'done' AND old_status <> 'done'),
           array_agg(id) FILTER (WHERE status = 'failed' AND old_status <> 'failed')
    INTO carded, failed
    FROM updated;

    IF carded IS NOT NULL THEN PERFORM notify_moment(carded, 'carded'); END IF;
    IF failed IS NOT NULL THEN PERFORM notify_moment(failed, 'failed'); END IF;
    RETURN NULL;
END
$$;
