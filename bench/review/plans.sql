-- The plans of the search's slowest kinds (bench/review/run.sh prints them with EXPLAIN=1): station + status (its
-- count and its page) and the unfiltered sort, as RecordingSearch sends them.
\echo '--- station + status: count'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) FROM recordings r WHERE true AND r.station = 'ST-3' AND r.status = 'ready';
\echo '--- station + status: page 12 sorted by size'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT r.id FROM recordings r WHERE true AND r.station = 'ST-3' AND r.status = 'ready'
  ORDER BY r.size DESC, r.id DESC LIMIT 50 OFFSET 550;
\echo '--- camera: page 10 sorted by recorded_at'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT r.id FROM recordings r WHERE true AND r.camera = 'CAM-9'
  ORDER BY r.recorded_at DESC, r.id DESC LIMIT 50 OFFSET 450;
\echo '--- no filter: count, and page 20 sorted by duration'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) FROM recordings r WHERE true;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT r.id FROM recordings r WHERE true ORDER BY r.duration_seconds DESC, r.id DESC LIMIT 50 OFFSET 950;
