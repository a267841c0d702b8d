-- Dock uploads (tus): the state every ingest node shares, so a HEAD or PATCH can land on any of them.
-- An offload is one docking: the files a camera sent under one id; its receipt is signed once all are verified.
CREATE TABLE offloads (
    id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,100}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL
);

CREATE TABLE uploads (
    id             uuid PRIMARY KEY,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text NOT NULL,
    expires_at     timestamptz NOT NULL,
    length         bigint CHECK (length >= 0),          -- null while deferred (creation-defer-length)
    "offset"       bigint NOT NULL DEFAULT 0 CHECK ("offset" >= 0),  -- durable: flushed before it is written here
    metadata       text,                                -- the Upload-Metadata header as received
    filename       text,
    camera         text,
    officer        text,
    station        text,
    recorded_at    timestamptz,
    camera_sha256  text CHECK (camera_sha256 ~ '^[0-9a-f]{64}$'),
    offload_id     text REFERENCES offloads (id),
    concat         text NOT NULL DEFAULT 'none' CHECK (concat IN ('none', 'partial', 'final')),
    parts          uuid[],
    state          text NOT NULL DEFAULT 'receiving'
                   CHECK (state IN ('receiving', 'stored', 'quarantined', 'concatenated')),
    sha256         text CHECK (sha256 ~ '^[0-9a-f]{64}$'),  -- computed by the server on the way in
    recording_id   uuid REFERENCES recordings (id),
    completed_at   timestamptz,
    CHECK (length IS NULL OR "offset" <= length)
);

CREATE INDEX uploads_offload ON uploads (offload_id);
CREATE INDEX uploads_expires ON uploads (expires_at) WHERE state = 'receiving';

-- Bytes whose hash did not match the camera's: kept for inspection, never registered as evidence.
CREATE TABLE quarantine (
    upload_id       uuid PRIMARY KEY REFERENCES uploads (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    reason          text NOT NULL,
    storage_key     text NOT NULL,
    size            bigint NOT NULL,
    sha256          text NOT NULL,
    expected_sha256 text
);
