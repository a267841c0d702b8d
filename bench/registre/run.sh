#!/usr/bin/env bash
# bench/registre/run.sh [ENTRIES [QUERIES]]: the traceability register over ENTRIES (default 5,000,000) seeded ledger
# events with their personal parts (2,000 agents over three years and a month, so about a fifth are past their term).
# 1. GET /api/registre by person and period (three months), QUERIES times (default 400), through the real server,
#    p50/p95; beside it, in the same run, the same number of calls by recording alone.
# 2. The erasure pass's statement (batches of 10,000 through the guarded table, as POST /api/retention/erase runs it)
#    over the expired parts (about a million of five): time and WAL written, beside one plain UPDATE of the same rows
#    in an unguarded copy of the table with the same indexes. Run in psql with the server stopped, so that the
#    server's own daily pass takes no part.
# Prints Markdown rows for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_dotnet
ensure_postgres
n=${1:-5000000}
queries=${2:-400}
bench_start registre
log "building"
dotnet build src/Cameras/Cameras.csproj -c Release -o "$work/bin" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
port=$(free_port)
# No checkpoint is signed over the seeded leaves (they are no real tree): the register does not need one.
export Cameras__Postgres=$CAMERAS_POSTGRES Logging__LogLevel__Default=Warning Cameras__Ledger__CheckpointSeconds=86400 \
  Cameras__Ledger__CheckpointEvents=2000000000
dotnet "$work/bin/cameras.dll" serve --roles evidence --urls "http://127.0.0.1:$port" --data "$work/data" >"$work/server.log" 2>&1 &
server=$!
bench_track $server
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
pg_url="postgresql://cameras:$(cat "$work/postgres.password")@127.0.0.1:$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$CAMERAS_POSTGRES")/cameras"
log "seeding $n ledger events with their personal parts"
started=$(date +%s)
psql "$pg_url" -q -v ON_ERROR_STOP=1 -v n="$n" -f bench/registre/seed.sql
log "seeded in $(( $(date +%s) - started )) s"
token=$(dotnet "$work/bin/cameras.dll" token --data "$work/data" --role admin --subject bench --matricule BENCH-1)

# p50 and p95 of curl's total times (seconds, one a line) in milliseconds.
percentiles() { sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%.1f ms | %.1f ms", t[int(NR * 0.5) + 1], t[int(NR * 0.95) + 1] }'; }
time_calls() { # NAME URL_MAKER: QUERIES calls, each URL from the function
  local i out=$work/$1.times
  : >"$out"
  for ((i = 0; i < queries; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$($2 "$i")" >>"$out"
  done
  echo "| $3 | $queries | $(percentiles <"$out") |"
}
by_person() { # a random agent, a random three-month window in the kept period
  local m=$(( (RANDOM * 32768 + RANDOM) % 2000 )) start=$(( RANDOM % 1000 ))
  echo "/api/registre?matricule=M-$m&from=$(date -u -d "2023-12-05 + $start days" +%FT%TZ)&to=$(date -u -d "2023-12-05 + $((start + 91)) days" +%FT%TZ)&limit=100"
}
by_recording() { printf '/api/registre?recording=00000000-0000-7000-8000-%012x&limit=100' $(( (RANDOM * 32768 + RANDOM) % 50000 )); }
log "timing the register's queries"
by_person 0 >/dev/null
sample=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$(by_person 1)") || die "the register refused the query"
log "a sample query by person and period returned $(grep -o '"seq":' <<<"$sample" | wc -l) entries (limit 100)"
echo "| query ($n entries) | calls | p50 | p95 |"
echo "|---|---|---|---|"
time_calls person by_person "\`GET /api/registre\` by person and three months"
time_calls recording by_recording "same run: \`GET /api/registre\` by recording"

log "erasing the expired personal parts"
bench_kill "$server" # its daily pass must not take part
# Their real term (the one their leaves commit to), in the past; then the same rows copied into a table without the
# guard trigger, with the same indexes: the plain UPDATE's baseline.
psql "$pg_url" -q -v ON_ERROR_STOP=1 <<'SQL'
ALTER TABLE ledger_personal DISABLE TRIGGER ledger_personal_erase_only;
UPDATE ledger_personal lp SET erase_after = e.personal_until FROM custody_events e WHERE e.id = lp.event_id AND lp.erase_after = '2099-01-01';
ALTER TABLE ledger_personal ENABLE TRIGGER ledger_personal_erase_only;
CREATE TABLE plain_personal (LIKE ledger_personal INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
INSERT INTO plain_personal SELECT * FROM ledger_personal WHERE erase_after <= now() AND erased_at IS NULL;
ALTER TABLE plain_personal ADD PRIMARY KEY (event_id);
CREATE INDEX ON plain_personal (matricule, recorded_at) WHERE matricule IS NOT NULL;
CREATE INDEX ON plain_personal (erase_after) WHERE erased_at IS NULL AND erase_after IS NOT NULL;
VACUUM ANALYZE plain_personal;
VACUUM ANALYZE ledger_personal;
CHECKPOINT;
SQL
expired=$(psql "$pg_url" -tAc "SELECT count(*) FROM ledger_personal WHERE erase_after <= now() AND erased_at IS NULL")
lsn() { psql "$pg_url" -tAc "SELECT pg_current_wal_lsn()"; }
wal_since() { psql "$pg_url" -tAc "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$1')"; }
# The pass's own statement (src/Evidence/Retention/PersonalErasure.cs), a batch of 10,000 per transaction, through the
# guard trigger, until nothing is due.
before=$(lsn); t0=$(date +%s.%N)
psql "$pg_url" -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$
DECLARE n bigint;
BEGIN
  LOOP
    UPDATE ledger_personal SET fields = NULL, salt = NULL, matricule = NULL, erased_at = now()
    WHERE event_id IN (SELECT event_id FROM ledger_personal WHERE erased_at IS NULL AND erase_after <= now() LIMIT 10000 FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS n = ROW_COUNT;
    COMMIT;
    EXIT WHEN n = 0;
  END LOOP;
END $$;
SQL
t1=$(date +%s.%N); pass_wal=$(wal_since "$before")
left=$(psql "$pg_url" -tAc "SELECT count(*) FROM ledger_personal WHERE erase_after <= now() AND erased_at IS NULL")
psql "$pg_url" -qc CHECKPOINT
before=$(lsn); t2=$(date +%s.%N)
psql "$pg_url" -qc "UPDATE plain_personal SET fields = NULL, salt = NULL, matricule = NULL, erased_at = now() WHERE erase_after <= now() AND erased_at IS NULL"
t3=$(date +%s.%N); plain_wal=$(wal_since "$before")
echo
echo "| erasure of $expired expired personal parts ($left left) | time | WAL written |"
echo "|---|---|---|"
awk -v a="$t0" -v b="$t1" -v w="$pass_wal" 'BEGIN { printf "| erasure pass: batches of 10,000, guarded table | %.1f s | %.0f MiB |\n", b - a, w / 1048576 }'
awk -v a="$t2" -v b="$t3" -v w="$plain_wal" 'BEGIN { printf "| same run: one plain UPDATE of the same rows, unguarded copy | %.1f s | %.0f MiB |\n", b - a, w / 1048576 }'
