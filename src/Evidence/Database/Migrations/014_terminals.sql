-- Publish keys for native apps (RTMP, SRT): nginx-rtmp cuts a stream name at 255 bytes, shorter than a signed
-- terminal token, so a terminal trades its token for a short key that stands for it until the token expires.
-- Only the key's SHA-256 is kept; the token is what the gateway pushes into the ingest with, as the terminal itself.
CREATE TABLE terminal_publish_keys (
    key_sha256  text PRIMARY KEY CHECK (key_sha256 ~ '^[0-9a-f]{64}$'),
    terminal    text NOT NULL,
    token       text NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX terminal_publish_keys_expiry ON terminal_publish_keys (expires_at);

GRANT SELECT, INSERT, DELETE ON terminal_publish_keys TO cameras_app;
