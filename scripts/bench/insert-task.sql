-- pgbench script: what one accepted POST /v1/tasks writes (the task row and its `accepted` event, in one
-- statement), one task per transaction: the ceiling the API's shared commits must beat. Ids are time-ordered
-- (48 bits of milliseconds first), as the API's version 7 UUIDs are, so both land at the index's right edge.
-- token_id (pgbench -M prepared -D token_id=..., bound as a parameter) is the benchmark's token, as the API
-- records the caller's.
WITH inserted AS (
    INSERT INTO tasks (id, type, title, description, token_id, enqueued_at)
    VALUES ((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
             || substr(md5(random()::text), 1, 20))::uuid,
            'issue', 'Benchmark issue', 'Filed by the ingest benchmark', :token_id::uuid, now())
    RETURNING id
)
INSERT INTO task_events (task_id, to_status, detail) SELECT id, 'queued', 'accepted' FROM inserted;
