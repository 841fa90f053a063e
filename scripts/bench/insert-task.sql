-- pgbench script: the row POST /v1/tasks stores, one row per transaction (the ceiling the API must beat).
INSERT INTO tasks (id, type, title, description, status, next_attempt_at, enqueued_at, created_at, updated_at)
VALUES (gen_random_uuid(), 'issue', 'Benchmark issue', 'Filed by the ingest benchmark', 'queued', now(), now(), now(), now());
