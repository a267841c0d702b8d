-- Retention: a purged recording keeps its catalog row (its history stays), marked 'purged'; legal holds stop the purge.
ALTER TABLE recordings DROP CONSTRAINT recordings_status_check;
ALTER TABLE recordings ADD CONSTRAINT recordings_status_check
    CHECK (status IN ('received', 'processing', 'ready', 'unplayable', 'quarantined', 'purged'));
ALTER TABLE recordings ADD COLUMN purged_at timestamptz;

CREATE TABLE legal_holds (
    id            uuid PRIMARY KEY,
    recording_id  uuid NOT NULL REFERENCES recordings (id),
    procedure     text NOT NULL CHECK (procedure <> ''),
    reason        text NOT NULL CHECK (reason <> ''),
    placed_by     text NOT NULL,
    placed_at     timestamptz NOT NULL DEFAULT now(),
    lifted_by     text,
    lifted_at     timestamptz,
    lift_reason   text
);

CREATE INDEX legal_holds_active ON legal_holds (recording_id) WHERE lifted_at IS NULL;
