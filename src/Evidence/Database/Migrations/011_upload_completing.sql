-- Completion of an upload as a recorded state machine: receiving → completing → stored | quarantined.
-- 'completing' is written, with the server's SHA-256 and the key the file goes to, before the staging file is moved
-- into the store, so whichever later step fails (a lost connection, a restart, SIGKILL), the next HEAD, PATCH or sweep
-- knows where the bytes are and finishes the registration instead of looking for a staging file that has moved.
ALTER TABLE uploads DROP CONSTRAINT uploads_state_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_state_check
    CHECK (state IN ('receiving', 'completing', 'stored', 'quarantined', 'concatenated'));
ALTER TABLE uploads ADD COLUMN storage_key text;  -- where the whole file goes (or went): set with 'completing'

-- The sweep looks for uploads whose completion was cut off.
CREATE INDEX uploads_completing ON uploads (id) WHERE state = 'completing';
