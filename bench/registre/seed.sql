-- :n traced operations spread over 1,369 days, by 2,000 agents (matricule M-0 … M-1999) on 50,000 recordings of
-- 300 cameras, each with its personal part. Inserted as the owner, sequenced already. The fifth older than three
-- years keeps a term in 2099 while the queries are timed (the server's own daily pass would otherwise erase them a
-- minute after it starts); run.sh moves their term to its real date before timing the erasure.
\set span '1369 days'
INSERT INTO custody_events (id, seq, leaf_hash, recorded_at, action, subject_kind, subject_id, sha256, actor_subject, actor_role,
                            details, personal_sha256, personal_until)
SELECT gen_random_uuid(), i - 1, sha256(i::text::bytea), t, a, 'recording', r::text, NULL, 'agent-' || (i % 2000), 'operator',
       '{"camera":"CAM-' || (i % 300) || '","motif":"judiciaire"' || CASE WHEN i % 10 = 0 THEN ',"procedure":"PV-' || (i % 5000) || '"' ELSE '' END || '}',
       encode(sha256(('p' || i)::bytea), 'hex'), t + interval '1095 days'
FROM (SELECT i, timestamptz '2026-12-01' - (:n - i) * (interval :'span' / :n) AS t,
             (ARRAY['recording.viewed','recording.viewed','recording.viewed','recording.viewed','recording.viewed','recording.viewed',
                    'recording.received','hold.placed','recording.extracted','bookmark.added'])[1 + i % 10] AS a,
             ('00000000-0000-7000-8000-' || lpad(to_hex(i % 50000), 12, '0'))::uuid AS r
      FROM generate_series(1, :n) AS i) s;
INSERT INTO ledger_personal (event_id, recorded_at, erase_after, salt, fields, matricule)
SELECT id, recorded_at, CASE WHEN personal_until <= now() THEN timestamptz '2099-01-01' ELSE personal_until END, substring(sha256(id::text::bytea) FROM 1 FOR 16),
       '{"actor":{"grade":"Brigadier","matricule":"M-' || substring(actor_subject FROM 7) || '","nom":"Agent","prenom":"Bench","service":"CSP Bench"},"reason":"consultation de banc d''essai"}',
       'M-' || substring(actor_subject FROM 7)
FROM custody_events;
ANALYZE;
