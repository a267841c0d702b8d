-- Export builds are retried with backoff (issue: export retry). The statuses stay pending, building, sealed, failed:
-- while retries remain an export stays 'building' with its last failure in `error`; `attempts` counts the builds
-- started since it was requested (or re-requested after failing for good), so the API can show "attempt 2".
ALTER TABLE exports ADD COLUMN attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0);
