-- 001_initial.sql was edited once after it was first committed, to add tasks.card_may_exist. A database migrated
-- before that edit never got the column; this adds it there and changes nothing elsewhere. Migrations are never
-- edited since: the migrator refuses an applied file whose checksum changed.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS card_may_exist boolean NOT NULL DEFAULT false;
