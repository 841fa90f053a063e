-- The id of the API request that sent a task (its X-Request-Id), so that every stream entry for it carries the id
-- into the worker's log lines: the API's own entry, and the relay's when it adds the task again (after a Redis
-- outage, a trimmed backlog, or for a task's later deliveries). NULL for tasks stored before, or by scripts.
ALTER TABLE tasks ADD COLUMN request_id text;
