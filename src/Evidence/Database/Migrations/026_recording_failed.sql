-- A recording whose processing failed for good (its last retry used up) is 'failed', with the step and the error in
-- status_reason, instead of staying 'processing' for ever. Those already left that way (the reason the job wrote then,
-- "Step X failed for good at attempt N: …", which a run under way clears) become 'failed' too.
ALTER TABLE recordings DROP CONSTRAINT recordings_status_check;
ALTER TABLE recordings ADD CONSTRAINT recordings_status_check
    CHECK (status IN ('received', 'processing', 'ready', 'unplayable', 'quarantined', 'failed', 'purged'));
UPDATE recordings SET status = 'failed'
WHERE status = 'processing' AND status_reason LIKE 'Step % failed for good at attempt %';
