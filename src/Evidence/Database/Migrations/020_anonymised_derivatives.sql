-- A training copy (R241-4: recordings used for training are « anonymisées ») is a derivative of its own kind; a
-- pédagogique export carries only those, never the original. Nothing makes one automatically yet.
ALTER TABLE derivatives DROP CONSTRAINT derivatives_kind_check,
    ADD CONSTRAINT derivatives_kind_check CHECK (kind IN ('proxy', 'thumbnails', 'anonymised'));
