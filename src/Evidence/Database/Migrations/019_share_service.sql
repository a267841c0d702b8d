-- The register names the service or unit data are communicated to (CSI R241-5: « le service ou l'unité destinataire
-- des données »): a share says which service its magistrate belongs to (a parquet, a tribunal…).
ALTER TABLE export_shares ADD COLUMN service text;

-- An export says what it is for (R241-4): extracted for a judicial, administrative or disciplinary procedure, or
-- for training (pédagogique), which only anonymised copies may leave for.
ALTER TABLE exports ADD COLUMN motif text NOT NULL DEFAULT 'judiciaire'
    CHECK (motif IN ('judiciaire', 'administratif', 'disciplinaire', 'pedagogique'));
