-- The catalog of recordings: one row per original, keyed by its SHA-256 (the same file docked twice is one recording).
CREATE TABLE recordings (
    id           uuid PRIMARY KEY,
    sha256       text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint NOT NULL CHECK (size >= 0),
    storage_key  text NOT NULL,
    filename     text,
    camera       text,
    officer      text,
    station      text,
    offload_id   text,
    recorded_at  timestamptz,
    received_at  timestamptz NOT NULL DEFAULT now(),
    status       text NOT NULL DEFAULT 'received'
                 CHECK (status IN ('received', 'processing', 'ready', 'unplayable', 'quarantined')),
    status_reason text,
    probe        jsonb,
    delete_after timestamptz
);

CREATE INDEX recordings_camera_recorded ON recordings (camera, recorded_at);
CREATE INDEX recordings_officer_recorded ON recordings (officer, recorded_at);
CREATE INDEX recordings_recorded ON recordings (recorded_at);
CREATE INDEX recordings_delete_after ON recordings (delete_after);
