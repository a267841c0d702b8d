-- Cases (a procedure and its recordings) and sealed exports for magistrates (issue 7).
CREATE TABLE cases (
    id          uuid PRIMARY KEY,
    procedure   text NOT NULL CHECK (procedure <> ''),
    title       text,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE case_recordings (
    case_id      uuid NOT NULL REFERENCES cases (id),
    recording_id uuid NOT NULL REFERENCES recordings (id),
    PRIMARY KEY (case_id, recording_id)
);

-- Subjects (magistrates) who may see a case besides operators and administrators.
CREATE TABLE case_viewers (
    case_id  uuid NOT NULL REFERENCES cases (id),
    subject  text NOT NULL,
    PRIMARY KEY (case_id, subject)
);

CREATE TABLE exports (
    id               uuid PRIMARY KEY,
    case_id          uuid REFERENCES cases (id),
    procedure        text NOT NULL CHECK (procedure <> ''),
    reason           text NOT NULL CHECK (reason <> ''),
    playback         boolean NOT NULL DEFAULT false,
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'building', 'sealed', 'failed')),
    progress         real NOT NULL DEFAULT 0,
    error            text,
    object_key       text,
    size             bigint,
    manifest_sha256  text,
    sealed_at        timestamptz
);

CREATE INDEX exports_pending ON exports (created_at) WHERE status IN ('pending', 'building');

CREATE TABLE export_items (
    export_id    uuid NOT NULL REFERENCES exports (id),
    position     int NOT NULL,
    recording_id uuid NOT NULL REFERENCES recordings (id),
    PRIMARY KEY (export_id, position)
);

CREATE TABLE export_shares (
    export_id   uuid NOT NULL REFERENCES exports (id),
    magistrate  text NOT NULL,
    shared_by   text NOT NULL,
    shared_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (export_id, magistrate)
);
