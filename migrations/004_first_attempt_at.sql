-- When the task's first attempt was made, since its acceptance or an operator's retry: Trello's outages are
-- retried for RETRY_MAX_ELAPSED_MS from then, however many attempts that takes. NULL until the first claim.
ALTER TABLE tasks ADD COLUMN first_attempt_at timestamptz;
