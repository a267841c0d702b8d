-- Personal data of traced operations (CSI R241-5: who by matricule, nom, prénom, grade; why; for whom), kept apart
-- from the ledger rows so that it can be erased after its term ("conservées trois ans") while the ledger stays
-- verifiable. An event with a personal part commits to it in its leaf: personal_sha256 = SHA-256(salt || fields),
-- and personal_until, the end of its term (NULL: it ends when the recording the event is about is purged).
ALTER TABLE custody_events
    ADD COLUMN personal_sha256 text CHECK (personal_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN personal_until  timestamptz,
    ADD CHECK (personal_sha256 IS NOT NULL OR personal_until IS NULL);

-- The sequencer's one update must leave the new columns as they were, like every other.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'custody_events' THEN
        IF OLD.seq IS NULL AND OLD.leaf_hash IS NULL AND NEW.seq IS NOT NULL
           AND (OLD.id, OLD.arrival, OLD.recorded_at, OLD.action, OLD.subject_kind, OLD.subject_id, OLD.sha256,
                OLD.actor_subject, OLD.actor_role, OLD.details, OLD.personal_sha256, OLD.personal_until)
               IS NOT DISTINCT FROM
               (NEW.id, NEW.arrival, NEW.recorded_at, NEW.action, NEW.subject_kind, NEW.subject_id, NEW.sha256,
                NEW.actor_subject, NEW.actor_role, NEW.details, NEW.personal_sha256, NEW.personal_until) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the custody ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

-- fields: canonical JSON of the personal part; salt: 16 random bytes, so the commitment cannot be matched against
-- guessed names. Erasure sets fields, salt and matricule to NULL and stamps erased_at; the row stays, so that an
-- erased part is told from a deleted (tampered) one. matricule and recorded_at are copies for the registre's
-- "by person and period" queries; matricule goes with the rest.
CREATE TABLE ledger_personal (
    event_id    uuid PRIMARY KEY REFERENCES custody_events (id),
    recorded_at timestamptz NOT NULL,
    erase_after timestamptz,
    salt        bytea CHECK (octet_length(salt) = 16),
    fields      text,
    matricule   text,
    erased_at   timestamptz,
    CHECK ((erased_at IS NULL) = (fields IS NOT NULL AND salt IS NOT NULL)),
    CHECK (erased_at IS NULL OR matricule IS NULL)
);

CREATE INDEX ledger_personal_person ON ledger_personal (matricule, recorded_at) WHERE matricule IS NOT NULL;
CREATE INDEX ledger_personal_due ON ledger_personal (erase_after) WHERE erased_at IS NULL AND erase_after IS NOT NULL;

-- Rows are inserted and, once, erased; nothing else. Erasure is refused before its term: erase_after for a
-- term in time, a recording.purged event about the same recording for a part that ends with its recording.
CREATE FUNCTION ledger_personal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.erased_at IS NULL AND NEW.fields IS NULL AND NEW.salt IS NULL AND NEW.matricule IS NULL
       AND (OLD.event_id, OLD.recorded_at, OLD.erase_after) IS NOT DISTINCT FROM (NEW.event_id, NEW.recorded_at, NEW.erase_after) THEN
        IF OLD.erase_after IS NOT NULL AND OLD.erase_after > now() THEN
            RAISE EXCEPTION 'personal data of event % is kept until %', OLD.event_id, OLD.erase_after
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.erase_after IS NULL AND NOT EXISTS (
            SELECT 1 FROM custody_events e JOIN custody_events p
                ON p.subject_kind = e.subject_kind AND p.subject_id = e.subject_id AND p.action = 'recording.purged'
            WHERE e.id = OLD.event_id) THEN
            RAISE EXCEPTION 'personal data of event % is kept while its recording is', OLD.event_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        NEW.erased_at := now();
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'personal data of the ledger is only inserted, and erased at its term: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER ledger_personal_erase_only BEFORE UPDATE OR DELETE ON ledger_personal
    FOR EACH ROW EXECUTE FUNCTION ledger_personal_guard();
CREATE TRIGGER ledger_personal_no_truncate BEFORE TRUNCATE ON ledger_personal
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

REVOKE ALL ON ledger_personal FROM cameras_app;
GRANT SELECT, INSERT ON ledger_personal TO cameras_app;
GRANT UPDATE (fields, salt, matricule, erased_at) ON ledger_personal TO cameras_app;

-- The register's period queries over the whole ledger (GET /api/registre?from=…&to=…).
CREATE INDEX custody_events_recorded ON custody_events (recorded_at);
