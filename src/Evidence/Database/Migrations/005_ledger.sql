-- The Merkle tree over custody_events (RFC 6962): interior nodes and signed checkpoints, append-only.

-- Every complete interior node (level >= 1; leaves are custody_events.leaf_hash), so proofs are a handful of reads.
CREATE TABLE ledger_nodes (
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
    idx   bigint NOT NULL CHECK (idx >= 0),
    hash  bytea NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Signed tree heads. The same note is also written once to the object store (ledger/checkpoints/...).
CREATE TABLE ledger_checkpoints (
    size      bigint PRIMARY KEY CHECK (size >= 0),
    root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
    issued_at timestamptz NOT NULL,
    key_id    text NOT NULL,
    note      text NOT NULL
);

-- Refuses any change to a ledger row. The only UPDATE allowed is the sequencer's, once per event: setting seq and
-- leaf_hash on a row that has neither, with every other column unchanged.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Nested: OLD.seq exists only on custody_events, and plpgsql does not promise to short-circuit AND.
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'custody_events' THEN
        IF OLD.seq IS NULL AND OLD.leaf_hash IS NULL AND NEW.seq IS NOT NULL
           AND (OLD.id, OLD.arrival, OLD.recorded_at, OLD.action, OLD.subject_kind, OLD.subject_id, OLD.sha256,
                OLD.actor_subject, OLD.actor_role, OLD.details)
               IS NOT DISTINCT FROM
               (NEW.id, NEW.arrival, NEW.recorded_at, NEW.action, NEW.subject_kind, NEW.subject_id, NEW.sha256,
                NEW.actor_subject, NEW.actor_role, NEW.details) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the custody ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER custody_events_append_only BEFORE UPDATE OR DELETE ON custody_events
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER custody_events_no_truncate BEFORE TRUNCATE ON custody_events
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE ON ledger_nodes
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_nodes_no_truncate BEFORE TRUNCATE ON ledger_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- The application's role (Cameras:PostgresApp logs in as a member of it). It owns nothing, so it can neither
-- drop nor disable these triggers; on ledger tables it may only read and append. Roles are per server, so
-- another database on the same server may have created it already.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cameras_app') THEN
        CREATE ROLE cameras_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

GRANT USAGE ON SCHEMA public TO cameras_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cameras_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cameras_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cameras_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cameras_app;
REVOKE ALL ON custody_events, ledger_nodes, ledger_checkpoints, schema_migrations FROM cameras_app;
GRANT SELECT, INSERT ON custody_events, ledger_nodes, ledger_checkpoints TO cameras_app;
GRANT UPDATE (seq, leaf_hash) ON custody_events TO cameras_app;
GRANT SELECT ON schema_migrations TO cameras_app;
