-- The operational copies of who did what (issue 18) go when the register's copy does (CSI R241-5, AccessLogDays):
-- the retention pass (PersonalErasure) sets them to NULL, read as « effacé ». A share whose names are erased stays,
-- so that the export's history keeps its dates and service; its primary key named the magistrate, so the one share
-- per magistrate rule becomes a unique constraint, which NULLs (erased shares) do not collide in.
ALTER TABLE exports ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN created_by DROP NOT NULL;

ALTER TABLE export_shares
    DROP CONSTRAINT export_shares_pkey,
    ALTER COLUMN magistrate DROP NOT NULL,
    ALTER COLUMN shared_by DROP NOT NULL,
    ADD CONSTRAINT export_shares_magistrate UNIQUE (export_id, magistrate),
    -- Both names go together: a share is either whole or erased.
    ADD CONSTRAINT export_shares_erased_whole CHECK ((magistrate IS NULL) = (shared_by IS NULL));
