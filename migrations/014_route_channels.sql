-- Channels on routes: Slack and email destinations beside the Trello boards, each naming its credential, the moments
-- of a task that notify, and its templates. Credentials gain the kinds 'slack' (hook_url) and 'smtp' (server,
-- username, password); their kind is checked by the route store, the fields only exist sealed.

ALTER TABLE route_destinations ALTER COLUMN board_id DROP NOT NULL;
ALTER TABLE route_destinations ALTER COLUMN list_name DROP NOT NULL;
-- Which moments of a task notify: a non-empty subset of accepted, carded, failed. NULL for a Trello board.
ALTER TABLE route_destinations ADD COLUMN moments text[];
-- The channel's templates: {"text"} for Slack; {"from", "to", "subject", "body"} for email. NULL for a board.
ALTER TABLE route_destinations ADD COLUMN templates jsonb;

ALTER TABLE route_destinations ADD CONSTRAINT route_destinations_shape CHECK (
    (kind = 'trello' AND board_id IS NOT NULL AND list_name IS NOT NULL AND moments IS NULL AND templates IS NULL)
    OR (kind IN ('slack', 'email') AND board_id IS NULL AND list_name IS NULL AND templates IS NOT NULL
        AND moments IS NOT NULL AND cardinality(moments) > 0 AND moments <@ ARRAY['accepted', 'carded', 'failed']::text[])
);
