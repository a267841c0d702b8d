-- Live feeds pushed by terminals: who claimed each feed id, its lifecycle, and its segments chained by hash
-- (each segment names the previous one's SHA-256, so a missing or altered segment breaks the chain).
CREATE TABLE live_feeds (
    id            text PRIMARY KEY,
    terminal      text NOT NULL,
    camera        text,
    officer       text,
    position      text,
    origin        text,
    state         text NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'ended')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    last_push_at  timestamptz NOT NULL DEFAULT now(),
    ended_at      timestamptz,
    end_reason    text,
    segments      integer NOT NULL DEFAULT 0,
    last_sha256   text,
    recording_id  uuid REFERENCES recordings (id)
);

CREATE INDEX live_feeds_state ON live_feeds (state, last_push_at);
CREATE INDEX live_feeds_camera ON live_feeds (camera, started_at);

CREATE TABLE live_segments (
    feed_id         text NOT NULL REFERENCES live_feeds (id),
    seq             integer NOT NULL,
    name            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('init', 'media')),
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size            bigint NOT NULL,
    storage_key     text NOT NULL,
    previous_sha256 text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, seq)
);

-- A live feed and a docked recording of the same camera whose times overlap.
CREATE TABLE live_matches (
    feed_id      text NOT NULL REFERENCES live_feeds (id),
    recording_id uuid NOT NULL REFERENCES recordings (id),
    matched_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, recording_id)
);

GRANT SELECT, INSERT, UPDATE ON live_feeds, live_segments, live_matches TO cameras_app;
