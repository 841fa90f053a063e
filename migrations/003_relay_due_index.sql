-- The relay's hot scan, every second: waiting tasks that are due and not on the stream since they became due.
-- Only such rows are indexed, so the scan stays small however long the backlog already on the stream is.
CREATE INDEX tasks_relay_due ON tasks (next_attempt_at)
    WHERE status IN ('queued', 'retrying') AND (enqueued_at IS NULL OR enqueued_at < next_attempt_at);
