-- Status flowing back from Trello: the actions its webhook delivers, and what they say about each task's card.

-- One row per action on one of our cards, as Trello delivered it. The id is Trello's, so a delivery Trello
-- retries finds its row and adds nothing. The receiver only stores; the workers apply pending rows to tasks.
CREATE TABLE trello_actions (
    id            text PRIMARY KEY,
    task_id       uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    card_id       text NOT NULL,
    type          text NOT NULL,
    happened_at   timestamptz NOT NULL,         -- the action's own date: actions apply in this order
    body          text NOT NULL,                -- the request body exactly as signed
    received_at   timestamptz NOT NULL DEFAULT now(),
    processed_at  timestamptz                   -- NULL until a worker applied it
);
CREATE INDEX trello_actions_pending ON trello_actions (happened_at, id) WHERE processed_at IS NULL;

-- The receiver finds the task by its card in one index probe; actions on other cards stop there.
CREATE INDEX tasks_card ON tasks (card_id) WHERE card_id IS NOT NULL;

-- What Trello last said about the card (card_closed and card_deleted are migration 005's, shared with the
-- reconciler). NULL: not heard yet.
ALTER TABLE tasks ADD COLUMN card_list text;
ALTER TABLE tasks ADD COLUMN card_members text[];
ALTER TABLE tasks ADD COLUMN card_due timestamptz;
ALTER TABLE tasks ADD COLUMN card_due_complete boolean;
-- The date of the newest action applied: an older one delivered late (Trello retries) changes nothing.
ALTER TABLE tasks ADD COLUMN card_changed_at timestamptz;

-- A fact about the card in the timeline: its name (card.list, ...) and value as JSON. NULL for status moves.
ALTER TABLE task_events ADD COLUMN type text;
ALTER TABLE task_events ADD COLUMN data jsonb;
