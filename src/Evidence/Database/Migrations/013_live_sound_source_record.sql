-- Live feeds: which path a feed came by (X-Source on its pushes), what was kept of it (Cameras:Live:Record when it
-- started: hashes, full or none), and the codecs of each pushed stream (a feed keeps its codecs: a viewer's decoder is
-- set up for them). Under Record=hashes a segment is hashed and chained but its bytes are not stored: no storage key.
ALTER TABLE live_feeds
    ADD COLUMN source text NOT NULL DEFAULT 'ffmpeg' CHECK (source IN ('ffmpeg', 'browser', 'rtmp', 'srt')),
    ADD COLUMN record text NOT NULL DEFAULT 'full' CHECK (record IN ('hashes', 'full', 'none')),
    ADD COLUMN codecs jsonb NOT NULL DEFAULT '{}';

-- Feeds that started before this migration were kept in full (or relay-only, with no segment rows): 'full' is right
-- for both as far as assembly goes, which needs stored segments anyway. New feeds get their mode explicitly (ingest
-- writes Cameras:Live:Record); a row written otherwise gets the default mode.
ALTER TABLE live_feeds ALTER COLUMN record SET DEFAULT 'hashes';

ALTER TABLE live_segments ALTER COLUMN storage_key DROP NOT NULL;
