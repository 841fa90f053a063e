-- Routes (each kind of task to its own board), credentials stored sealed, and tokens with a team and scopes.

-- A team routes may match on, and what the token may do. Tokens made before keep what they could do: submit and read.
ALTER TABLE api_tokens ADD COLUMN team text;
ALTER TABLE api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT '{tasks:write,tasks:read}';

-- Secrets the bridge sends elsewhere (a Trello key and token, ...), sealed with AES-GCM under TASKBRIDGE_SECRET_KEY.
-- Only `sealed` holds the secret; nothing here can be read back without the key.
CREATE TABLE credentials (
    id               uuid PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    kind             text NOT NULL,                 -- what the sealed fields are: 'trello' (key, token)
    sealed           bytea NOT NULL,                -- nonce, ciphertext and tag; the credential's id is authenticated with it
    fingerprint      text NOT NULL,                 -- what people are shown: a short SHA-256 of the secret
    key_fingerprint  text NOT NULL,                 -- which secret key sealed it, so a rotation can be checked
    created_at       timestamptz NOT NULL DEFAULT now(),
    sealed_at        timestamptz NOT NULL DEFAULT now()
);

-- Routes, evaluated by position: the first whose every set condition matches the task wins. NULL matches anything.
-- When none matches (or none exists), the environment's TRELLO_* settings are the default route.
CREATE TABLE routes (
    id              uuid PRIMARY KEY,
    name            text NOT NULL UNIQUE,
    position        integer NOT NULL UNIQUE,
    match_type      text,
    match_category  text,
    match_team      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Where a route's tasks go: Trello boards, each with its list and the credential its requests carry.
CREATE TABLE route_destinations (
    route_id       uuid NOT NULL REFERENCES routes (id) ON DELETE CASCADE,
    position       integer NOT NULL,
    kind           text NOT NULL DEFAULT 'trello',
    board_id       text NOT NULL,
    list_name      text NOT NULL,
    credential_id  uuid NOT NULL REFERENCES credentials (id),   -- a credential in use cannot be removed
    PRIMARY KEY (route_id, position)
);
CREATE INDEX route_destinations_credential ON route_destinations (credential_id);
