-- Custody events: what happened to each piece of evidence, by whom, when. Written only through ICustodyLedger.
CREATE TABLE custody_events (
    id            uuid PRIMARY KEY,
    recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    action        text NOT NULL,
    subject_kind  text NOT NULL,
    subject_id    text NOT NULL,
    sha256        text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    actor_subject text NOT NULL,
    actor_role    text NOT NULL,
    details       jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX custody_events_subject ON custody_events (subject_kind, subject_id);
