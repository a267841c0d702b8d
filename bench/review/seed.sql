-- :n recordings over 90 days, with probes (so duration is known), statuses, bookmarks on one in 20, cases on one in 50.
INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, officer, station, recorded_at, received_at, status, probe)
SELECT gen_random_uuid(), encode(sha256(i::text::bytea), 'hex'), 50000000 + (i * 7919) % 4000000000, 'originals/x' || i,
       'clip-' || i || '.mp4', 'CAM-' || (i % 60), 'OFF-' || (i % 400), 'ST-' || (i % 12),
       timestamptz '2026-09-01' + (i * interval '77 seconds'), timestamptz '2026-09-01' + (i * interval '77 seconds') + interval '9 hours',
       (ARRAY['ready','ready','ready','ready','processing','received','unplayable'])[1 + i % 7],
       jsonb_build_object('format', jsonb_build_object('duration', ((i * 37) % 43200 + 5)::text || '.000000'))
FROM generate_series(1, :n) AS i;
INSERT INTO bookmarks (id, recording_id, at_seconds, note, created_by)
SELECT gen_random_uuid(), id, 1, 'note ' || (row_number() OVER ()) || CASE WHEN random() < 0.1 THEN ' porte forcée' ELSE '' END, 'bench'
FROM recordings TABLESAMPLE BERNOULLI (5);
INSERT INTO cases (id, procedure, created_by) SELECT gen_random_uuid(), 'PV-' || i, 'bench' FROM generate_series(1, 200) AS i;
INSERT INTO case_recordings (case_id, recording_id)
SELECT (SELECT id FROM cases ORDER BY id OFFSET (abs(hashtext(r.id::text)) % 200) LIMIT 1), r.id FROM recordings r TABLESAMPLE BERNOULLI (2);
ANALYZE;
-- The timeline's worst day: 4 cameras × 12 hours of 5-minute recordings (10 s apart), each with two bookmarks.
INSERT INTO recordings (id, sha256, size, storage_key, camera, officer, recorded_at, status, probe)
SELECT gen_random_uuid(), encode(sha256(('tl' || c || '-' || k)::bytea), 'hex'), 300000000, 'originals/tl' || c || '-' || k,
       'CAM-TL-' || c, 'OFF-TL', timestamptz '2026-12-01 08:00Z' + k * interval '310 seconds' + c * interval '37 seconds', 'ready',
       jsonb_build_object('format', jsonb_build_object('duration', '300.000000'))
FROM generate_series(0, 3) AS c, generate_series(0, 139) AS k;
INSERT INTO bookmarks (id, recording_id, at_seconds, note, created_by)
SELECT gen_random_uuid(), id, s, 'repère ' || s, 'bench' FROM recordings, unnest(ARRAY[30, 200]) AS s WHERE camera LIKE 'CAM-TL-%';
ANALYZE;
