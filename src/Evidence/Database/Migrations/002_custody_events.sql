-- The custody ledger's events: what happened to each piece of evidence, by whom, when. Written only through
-- ICustodyLedger. A writer inserts a row with seq NULL; the sequencer later gives it its place in the Merkle tree
-- (seq) and its leaf hash, once. After that the row never changes (see 005_ledger.sql for the guard).
CREATE TABLE custody_events (
    id            uuid PRIMARY KEY,
    arrival       bigint GENERATED ALWAYS AS IDENTITY,
    seq           bigint CHECK (seq >= 0),
    leaf_hash     bytea CHECK (octet_length(leaf_hash) = 32),
    recorded_at   timestamptz NOT NULL DEFAULT date_trunc('microseconds', clock_timestamp()),
    action        text NOT NULL,
    subject_kind  text NOT NULL,
    subject_id    text NOT NULL,
    sha256        text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    actor_subject text NOT NULL,
    actor_role    text NOT NULL,
    -- canonical JSON (see README "Custody ledger"), hashed exactly as stored: not jsonb, which reorders.
    details       text NOT NULL DEFAULT '{}',
    CHECK ((seq IS NULL) = (leaf_hash IS NULL))
);

-- Only sequenced rows are in the seq index, so a writer's insert does not touch it.
CREATE UNIQUE INDEX custody_events_seq ON custody_events (seq) WHERE seq IS NOT NULL;
CREATE INDEX custody_events_pending ON custody_events (arrival) WHERE seq IS NULL;
CREATE INDEX custody_events_subject ON custody_events (subject_kind, subject_id);
