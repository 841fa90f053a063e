-- Exactly one card when Trello is slow (TRELLO_SETTLE_MS) and people edit the board (the reconciler).

-- Since when a card may exist that PostgreSQL does not know of: the earliest create whose outcome is still unknown
-- was sent then, so a lookup reads only the board's cards made since (less a margin for clocks). NULL when none.
ALTER TABLE tasks ADD COLUMN card_may_exist_since timestamptz;
-- Until when that create may still land: no new create before then unless a lookup finds the card. NULL when none.
ALTER TABLE tasks ADD COLUMN create_settles_at timestamptz;
-- What the reconciler last saw of the task's recorded card in Trello: archived, or gone from the board.
ALTER TABLE tasks ADD COLUMN card_closed boolean NOT NULL DEFAULT false;
ALTER TABLE tasks ADD COLUMN card_deleted boolean NOT NULL DEFAULT false;
-- The reconciler's scan: done tasks by when their first attempt began, inside its sliding window.
CREATE INDEX tasks_done_first_attempt ON tasks (first_attempt_at) WHERE status = 'done';
