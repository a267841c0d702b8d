#!/usr/bin/env bash
# bench/review/run.sh [RECORDINGS [QUERIES]]: the review workspace's search over RECORDINGS (default 100,000) seeded
# recordings (60 cameras, 400 officers, 12 stations, a bookmark on one in 20, a case on one in 50), through the real
# server: QUERIES (default 400) searches with filters and sorts as the Enregistrements page asks them, timed p50/p95,
# beside the same number of calls to the catalog's existing unpaged search (GET /api/recordings?camera=…&limit=50)
# in the same run; then the Chronologie of 4 cameras × 12 hours drawn in Chromium. Prints Markdown rows for bench/RESULTS.md (MACHINE is left for the person who runs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_dotnet
ensure_postgres
bench_start review
log "building"
dotnet build src/Cameras/Cameras.csproj -c Release -o "$work/bin" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
port=$(free_port)
export Cameras__Postgres=$CAMERAS_POSTGRES Logging__LogLevel__Default=Warning
dotnet "$work/bin/cameras.dll" serve --roles evidence,commandroom --urls "http://127.0.0.1:$port" --data "$work/data" >"$work/server.log" 2>&1 &
bench_track $!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
log "seeding ${1:-100000} recordings"
pg_url="postgresql://cameras:$(cat "$work/postgres.password")@127.0.0.1:$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$CAMERAS_POSTGRES")/cameras"
psql "$pg_url" -q -v ON_ERROR_STOP=1 -v n="${1:-100000}" -f bench/review/seed.sql
token=$(dotnet "$work/bin/cameras.dll" token --data "$work/data" --role operator --subject bench)
log "timing"
node bench/review/search.mjs "http://127.0.0.1:$port" "$token" "${2:-400}"
(cd tests/tools && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node bench/review/timeline.mjs "http://127.0.0.1:$port" "$token" 10
if [ "${EXPLAIN:-0}" = 1 ]; then
  log "query plans of the slowest kinds"
  psql "$pg_url" -q -f bench/review/plans.sql
fi
