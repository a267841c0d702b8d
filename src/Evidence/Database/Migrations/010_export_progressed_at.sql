-- When an export's build last showed life (claimed for an attempt, or progressed). A building export with no sign of
-- life for Cameras:Exports:StalledAfter and no build scheduled (its last attempt died before its builder could
-- record the failure, e.g. the database was away) is failed by the worker's sweep instead of staying building.
ALTER TABLE exports ADD COLUMN progressed_at timestamptz;
UPDATE exports SET progressed_at = created_at WHERE status = 'building';
