-- The dashboard's history, its alerts and its sign-in sessions, and a new final status: discarded.

-- One row per finished bucket (a minute by default), figure and task type ('' when the figure has none), written
-- by the fleet's stats leader from the per-bucket hashes every process adds to in Redis. Kept for 7 days.
CREATE TABLE stats_points (
    bucket_start  timestamptz NOT NULL,
    name          text NOT NULL,
    type          text NOT NULL DEFAULT '',
    value         double precision NOT NULL,
    PRIMARY KEY (bucket_start, name, type)
);

-- A figure that jumped to ALERT_FACTOR times its baseline: raised once, resolved when it stayed low for a window.
CREATE TABLE alerts (
    id             bigserial PRIMARY KEY,
    figure         text NOT NULL,
    raised_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at    timestamptz,
    window_rate    double precision NOT NULL,  -- per minute, over the window that raised it
    baseline_rate  double precision NOT NULL,  -- per minute, over the baseline before that window
    detail         text NOT NULL
);
-- At most one open alert per figure, whatever two leaders might race to do.
CREATE UNIQUE INDEX alerts_open ON alerts (figure) WHERE resolved_at IS NULL;
CREATE INDEX alerts_newest ON alerts (raised_at DESC);

-- Dashboard sessions: in PostgreSQL so that any API replica serves any request. The cookie holds the session's
-- secret; only its SHA-256 is stored, as for tokens.
CREATE TABLE ui_sessions (
    id_hash     bytea PRIMARY KEY,
    token_id    uuid NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    csrf_token  text NOT NULL,
    can_write   boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX ui_sessions_expiry ON ui_sessions (expires_at);

-- Discarded: an operator gave up on a failed task. Final, like done; the claim never picks it up.
ALTER TABLE tasks DROP CONSTRAINT tasks_status_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_status_check
    CHECK (status IN ('queued', 'dispatching', 'retrying', 'done', 'failed', 'discarded')) NOT VALID;
ALTER TABLE tasks VALIDATE CONSTRAINT tasks_status_check;
-- The dashboard's title search and category filter.
CREATE INDEX tasks_category_newest ON tasks (category, created_at DESC, id DESC) WHERE category IS NOT NULL;
