-- Client callbacks: a task may name a URL that hears when it is carded, fails, or its card changes list.

ALTER TABLE tasks ADD COLUMN callback_url text;

-- Each token's signing secret is derived from CALLBACK_SIGNING_KEY (kept out of the database) and the token's id
-- and generation; rotating the secret moves to the next generation. Nothing stored here can sign.
ALTER TABLE api_tokens ADD COLUMN signing_generation integer NOT NULL DEFAULT 1;

-- One row per event and callback URL. Its body is built once, so every attempt sends the same bytes and the same
-- event id; each attempt is signed when it is sent. Rows stay after delivery: they are the outcomes.
CREATE TABLE callback_deliveries (
    id               bigserial PRIMARY KEY,
    event_id         uuid NOT NULL UNIQUE,
    task_id          uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    type             text NOT NULL,              -- task.carded, task.failed, task.card_moved
    url              text NOT NULL,
    body             text NOT NULL,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),  -- while an attempt runs: when another worker may take over
    last_status      integer,                    -- the receiver's last HTTP status, NULL when none came
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz
);
CREATE INDEX callback_deliveries_due ON callback_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX callback_deliveries_task ON callback_deliveries (task_id, id);

-- The events, written in the same transaction as the change they report, whoever makes it (a worker recording an
-- outcome, the webhook applier recording a move).
CREATE FUNCTION task_callback_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text;
    event uuid := gen_random_uuid();
BEGIN
    IF NEW.status = 'done' AND OLD.status <> 'done' THEN
        kind := 'task.carded';
    ELSIF NEW.status = 'failed' AND OLD.status <> 'failed' THEN
        kind := 'task.failed';
    ELSIF NEW.card_list IS DISTINCT FROM OLD.card_list AND NEW.card_list IS NOT NULL THEN
        kind := 'task.card_moved';
    ELSE
        RETURN NEW;
    END IF;
    INSERT INTO callback_deliveries (event_id, task_id, type, url, body)
    VALUES (event, NEW.id, kind, NEW.callback_url, json_build_object(
        'id', event,
        'type', kind,
        'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'task', json_build_object(
            'id', NEW.id, 'type', NEW.type, 'title', NEW.title, 'status', NEW.status, 'last_error', NEW.last_error,
            'card', CASE WHEN NEW.card_id IS NULL THEN NULL ELSE json_build_object(
                'id', NEW.card_id, 'url', NEW.card_url, 'list', NEW.card_list, 'closed', NEW.card_closed,
                'deleted', NEW.card_deleted) END)
    )::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER tasks_callback_event AFTER UPDATE ON tasks
    FOR EACH ROW WHEN (NEW.callback_url IS NOT NULL) EXECUTE FUNCTION task_callback_event();
