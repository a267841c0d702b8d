-- The review workspace's search: a duration column read from the probe (sortable, and the timeline's bar lengths),
-- and indexes so that every filter and sort of a page of 50 over 100,000 recordings stays an index walk.
ALTER TABLE recordings ADD COLUMN duration_seconds double precision GENERATED ALWAYS AS (
    CASE WHEN probe->'format'->>'duration' ~ '^[0-9]+(\.[0-9]+)?$' THEN (probe->'format'->>'duration')::double precision END
) STORED;

CREATE INDEX recordings_station_recorded ON recordings (station, recorded_at);
CREATE INDEX recordings_status_recorded ON recordings (status, recorded_at);
CREATE INDEX recordings_received ON recordings (received_at);
CREATE INDEX recordings_size ON recordings (size);
CREATE INDEX recordings_duration ON recordings (duration_seconds);
CREATE INDEX case_recordings_recording ON case_recordings (recording_id);
CREATE INDEX cases_procedure ON cases (procedure);
