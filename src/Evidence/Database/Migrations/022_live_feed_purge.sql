-- A live feed's officer and position are personal data that end with the one-month retention (R241-4), as a docked
-- recording's officer and station do: the retention purge erases them from live_feeds and from the personal parts of
-- the feed's events, after a live.feed.purged event about the feed. purged_at marks a feed whose data it erased.
ALTER TABLE live_feeds ADD COLUMN purged_at timestamptz;

-- The same guard as 012's, the subject's purge being recording.purged for a recording and live.feed.purged for a feed.
CREATE OR REPLACE FUNCTION ledger_personal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.erased_at IS NULL AND NEW.fields IS NULL AND NEW.salt IS NULL AND NEW.matricule IS NULL
       AND (OLD.event_id, OLD.recorded_at, OLD.erase_after) IS NOT DISTINCT FROM (NEW.event_id, NEW.recorded_at, NEW.erase_after) THEN
        IF OLD.erase_after IS NOT NULL AND OLD.erase_after > now() THEN
            RAISE EXCEPTION 'personal data of event % is kept until %', OLD.event_id, OLD.erase_after
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.erase_after IS NULL AND NOT EXISTS (
            SELECT 1 FROM custody_events e JOIN custody_events p
                ON p.subject_kind = e.subject_kind AND p.subject_id = e.subject_id AND p.action IN ('recording.purged', 'live.feed.purged')
            WHERE e.id = OLD.event_id) THEN
            RAISE EXCEPTION 'personal data of event % is kept while its recording or feed is', OLD.event_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        NEW.erased_at := now();
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'personal data of the ledger is only inserted, and erased at its term: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
