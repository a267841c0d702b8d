-- Issue 18, erasure reach (second part).
--
-- A quarantined dock upload (its bytes differed from the camera's hash) is images too: the retention purge deletes its
-- object RecordingDays after it was received, with a quarantine.purged event, nulls the upload's officer, station, file
-- name and raw Upload-Metadata, and marks the quarantine row.
ALTER TABLE quarantine ADD COLUMN purged_at timestamptz;
CREATE INDEX quarantine_due ON quarantine (created_at) WHERE purged_at IS NULL;

-- A feed recorded in full whose data an older purge erased (purged_at) kept its stored segments' objects: the purge now
-- deletes them (live.segments.deleted) and marks the feed, once. A feed purged since 024 had them deleted by that purge,
-- its live.feed.purged counting them; one that stored none has nothing to delete: both are marked now.
ALTER TABLE live_feeds ADD COLUMN segments_deleted_at timestamptz;
UPDATE live_feeds f SET segments_deleted_at = f.purged_at
WHERE f.purged_at IS NOT NULL
  AND (NOT EXISTS (SELECT 1 FROM live_segments s WHERE s.feed_id = f.id AND s.storage_key IS NOT NULL)
       OR EXISTS (SELECT 1 FROM custody_events e WHERE e.action = 'live.feed.purged' AND e.subject_kind = 'feed' AND e.subject_id = f.id
                  AND (e.details::jsonb) -> 'segments' IS NOT NULL));
CREATE INDEX live_feeds_segments_left ON live_feeds (purged_at) WHERE purged_at IS NOT NULL AND segments_deleted_at IS NULL;
