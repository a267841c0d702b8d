-- Processing of each recording by the workers: one row per step, the files derived from the original
-- with their lineage, and alerts that need a person (a stored original that no longer matches its hash).
CREATE TABLE processing_steps (
    recording_id uuid NOT NULL REFERENCES recordings (id),
    step         text NOT NULL CHECK (step IN ('probe', 'verify', 'proxy', 'thumbnails')),
    state        text NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'skipped')),
    percent      real NOT NULL DEFAULT 0,
    attempts     integer NOT NULL DEFAULT 0,
    node         text,
    error        text,
    started_at   timestamptz,
    finished_at  timestamptz,
    PRIMARY KEY (recording_id, step)
);

CREATE TABLE derivatives (
    id            uuid PRIMARY KEY,
    recording_id  uuid NOT NULL REFERENCES recordings (id),
    kind          text NOT NULL CHECK (kind IN ('proxy', 'thumbnails')),
    parent_sha256 text NOT NULL,
    tool_version  text NOT NULL,
    arguments     jsonb NOT NULL,
    files         jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (recording_id, kind)
);

CREATE TABLE alerts (
    id           uuid PRIMARY KEY,
    raised_at    timestamptz NOT NULL DEFAULT now(),
    kind         text NOT NULL,
    recording_id uuid REFERENCES recordings (id),
    message      text NOT NULL,
    resolved_at  timestamptz
);
