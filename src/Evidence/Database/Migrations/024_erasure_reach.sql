-- A person's token subject names them as surely as their matricule (R241-5's personal data): for a traced operation it
-- is written in the event's erasable personal part (fields.actor.subject) and the row leaves actor_subject NULL, so
-- that it goes with the rest at the end of the term (leaf version 3, whose actor is its role only). Events written
-- before keep their subject in the row and their leaf, and verify as written.
ALTER TABLE custody_events
    ALTER COLUMN actor_subject DROP NOT NULL,
    ADD CONSTRAINT custody_events_actor_named CHECK (actor_subject IS NOT NULL OR personal_sha256 IS NOT NULL);

-- The retention purge deletes a full-recorded feed's segment objects unless another feed not purged yet stored the
-- same bytes (keys are content addresses): that question is asked by key.
CREATE INDEX live_segments_stored ON live_segments (storage_key) WHERE storage_key IS NOT NULL;

-- It also erases the officer, station and raw Upload-Metadata of the dock uploads that brought a purged recording.
CREATE INDEX uploads_recording ON uploads (recording_id) WHERE recording_id IS NOT NULL;
