-- Bookmarks: a note at a time (or a time range) of a recording. The custody event (bookmark.added) is the record;
-- this table is its searchable copy, written in the same transaction.
CREATE TABLE bookmarks (
    id             uuid PRIMARY KEY,
    recording_id   uuid NOT NULL REFERENCES recordings (id),
    at_seconds     double precision NOT NULL CHECK (at_seconds >= 0),
    until_seconds  double precision CHECK (until_seconds IS NULL OR until_seconds > at_seconds),
    note           text NOT NULL CHECK (note <> '' AND length(note) <= 2000),
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX bookmarks_recording ON bookmarks (recording_id, at_seconds);
