-- A task stored without deliveries (by an API replica from before migration 012 during a rolling upgrade, a
-- restore, or a script that writes tasks directly) gets its default delivery, the environment's board, with the
-- state the row was stored in: otherwise nothing would ever dispatch it. The API's own insert stores its
-- deliveries in the same statement, so this finds nothing to add for it.
CREATE FUNCTION tasks_default_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deliveries (id, task_id, status, attempts, next_attempt_at, lease_until, lease_owner, card_may_exist,
                            card_may_exist_since, create_settles_at, first_attempt_at, last_error, card_id, card_url,
                            assignee_id, label_ids, card_closed, card_deleted, enqueued_at, created_at, updated_at,
                            done_at)
    SELECT n.id, n.id, n.status, n.attempts, n.next_attempt_at, n.lease_until, n.lease_owner, n.card_may_exist,
           n.card_may_exist_since, n.create_settles_at, n.first_attempt_at, n.last_error, n.card_id, n.card_url,
           n.assignee_id, n.label_ids, n.card_closed, n.card_deleted, n.enqueued_at, n.created_at, n.updated_at,
           n.done_at
    FROM inserted_tasks n
    WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.task_id = n.id)
    ON CONFLICT (id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER tasks_default_delivery AFTER INSERT ON tasks
    REFERENCING NEW TABLE AS inserted_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION tasks_default_delivery();
