-- Issue 18, modifications (CSI R241-5 as amended in 2022: « collecte, modification, … » are traced with their motif).
--
-- A legal hold's free-text reasons (why placed, why lifted) may name people: they are personal data of the register,
-- kept Cameras:Retention:AccessLogDays and then erased. From now on they live only in the personal part of the hold's
-- hold.placed / hold.lifted event (erased by PersonalErasure like every other), and the row points at those events;
-- the hold list reads the reasons from there, and says « effacé » once erased. What the product needs to keep a hold
-- (recording, procedure, who by subject, when, active or not) stays in the row. Holds placed before this migration
-- keep their reason in the row: their events carry it in their permanent details anyway.
ALTER TABLE legal_holds
    ALTER COLUMN reason DROP NOT NULL,
    DROP CONSTRAINT legal_holds_reason_check,
    ADD COLUMN placed_event uuid REFERENCES custody_events (id),
    ADD COLUMN lifted_event uuid REFERENCES custody_events (id);

UPDATE legal_holds h SET placed_event = e.id
FROM custody_events e
WHERE e.action = 'hold.placed' AND e.subject_kind = 'recording' AND e.subject_id = h.recording_id::text
  AND (e.details::jsonb) ->> 'hold' = h.id::text;

UPDATE legal_holds h SET lifted_event = e.id
FROM custody_events e
WHERE e.action = 'hold.lifted' AND e.subject_kind = 'recording' AND e.subject_id = h.recording_id::text
  AND (e.details::jsonb) ->> 'hold' = h.id::text;

ALTER TABLE legal_holds ADD CONSTRAINT legal_holds_reason_somewhere CHECK (
    CASE WHEN reason IS NULL THEN placed_event IS NOT NULL ELSE reason <> '' END);

-- A free-text description of a recording, set by a metadata correction (PATCH /api/recordings/{id}); personal like
-- the officer and station, it goes with them when the recording is purged.
ALTER TABLE recordings ADD COLUMN description text CHECK (description <> '');
