-- The bridge's whole state: tasks, their audit trail, and the API's tokens.

CREATE TABLE api_tokens (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,            -- SHA-256 of the token; the token itself is shown once, never stored
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE tasks (
    id               uuid PRIMARY KEY,
    type             text NOT NULL,
    title            text NOT NULL,
    description      text,
    category         text,
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'dispatching', 'retrying', 'done', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,                 -- set while dispatching; past it, another worker may take over
    lease_owner      text,
    card_may_exist   boolean NOT NULL DEFAULT false, -- an earlier attempt may have made the card: look before creating
    last_error       text,
    card_id          text,
    card_url         text,
    assignee_id      text,
    label_ids        text[] NOT NULL DEFAULT '{}',
    token_id         uuid REFERENCES api_tokens (id),
    idempotency_key  text,
    request_hash     text,
    enqueued_at      timestamptz,                 -- last time the id was put on the stream; the relay reads it
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    done_at          timestamptz
);

-- Idempotency keys belong to the calling token.
CREATE UNIQUE INDEX tasks_idempotency_key ON tasks (token_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Newest-first keyset pagination, with and without a status filter.
CREATE INDEX tasks_newest ON tasks (created_at DESC, id DESC);
CREATE INDEX tasks_status_newest ON tasks (status, created_at DESC, id DESC);
-- What the relay scans: tasks waiting to be dispatched, and leases that may have expired.
CREATE INDEX tasks_waiting ON tasks (next_attempt_at) WHERE status IN ('queued', 'retrying');
CREATE INDEX tasks_leased ON tasks (lease_until) WHERE status = 'dispatching';

CREATE TABLE task_events (
    id           bigserial PRIMARY KEY,
    task_id      uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    from_status  text,                            -- NULL for the event that records the task's acceptance
    to_status    text NOT NULL,
    detail       text
);
CREATE INDEX task_events_task ON task_events (task_id, id);
