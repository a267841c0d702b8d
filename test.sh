#!/usr/bin/env bash
# ./test.sh [dotnet test options]: installs what is missing, starts the servers the suite needs
# (PostgreSQL, s3rver, Azurite) on free loopback ports, runs every test, stops what it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_gateways # RTMP and SRT for native apps
ensure_apt node nodejs
ensure_apt npm npm
ensure_apt chromium chromium
ensure_apt fincore util-linux-extra # the page-cache eviction test reads what is cached with it
ensure_apt pdftoppm poppler-utils # the registre report test renders and reads its PDF (pdftoppm, pdftotext)
ensure_postgres
log "installing the test tools (npm)"
(cd tests/tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

work=$(mktemp -d /tmp/cameras-test.XXXXXX)
chmod 755 "$work"
s3_pid= azurite_pid=
stop() {
  trap - EXIT INT TERM
  for pid in $s3_pid $azurite_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $s3_pid $azurite_pid; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  rm -rf "$work"
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

# The suite's data is thrown away: no need to wait for the disk.
PG_FSYNC=off pg_start "$work/postgres"
export CAMERAS_TEST_POSTGRES=$CAMERAS_POSTGRES

s3_port=$(free_port)
mkdir -p "$work/s3"
node tests/tools/node_modules/s3rver/bin/s3rver.js --directory "$work/s3" --address 127.0.0.1 --port "$s3_port" --silent &
s3_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break; sleep 0.1; done
export CAMERAS_TEST_S3=http://127.0.0.1:$s3_port
log "s3rver listening on 127.0.0.1:$s3_port"

azurite_port=$(free_port)
node tests/tools/node_modules/azurite/dist/src/blob/main.js --blobHost 127.0.0.1 --blobPort "$azurite_port" \
  --location "$work/azurite" --silent --skipApiVersionCheck >/dev/null &
azurite_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$azurite_port") 2>/dev/null && break; sleep 0.1; done
export CAMERAS_TEST_AZURITE=http://127.0.0.1:$azurite_port/devstoreaccount1
log "Azurite (Blob) listening on 127.0.0.1:$azurite_port"

log "building"
dotnet build Cameras.sln -c Release -nologo -v quiet "-clp:ErrorsOnly;NoSummary"

log "running the tests"
results=$work/results
set +e
dotnet test Cameras.sln -c Release --no-build --results-directory "$results" --logger "trx;LogFilePrefix=tests" \
  --logger "console;verbosity=normal" "$@" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole suite, summed over the test projects' result files.
passed=0 failed=0 skipped=0

# The workspace's front-end logic (time axis, sync, formatting, proofs): vitest, counted in the same line. Left out
# when the run is filtered to some .NET tests, unless CAMERAS_TEST_WEB=1.
if [[ " $* " != *" --filter "* ]] || [ "${CAMERAS_TEST_WEB:-0}" = 1 ]; then
  log "running the front-end unit tests (vitest)"
  (cd src/CommandRoom/web && npx vitest run --reporter=default --reporter=json --outputFile="$work/vitest.json") || status=1
  if [ -f "$work/vitest.json" ]; then
    read -r p f s < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests,r.numFailedTests,r.numPendingTests+r.numTodoTests)' "$work/vitest.json")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    mkdir -p "$results" && cp "$work/vitest.json" "$results/"
  fi
fi
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters")
  f=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters")
  t=$(sed -nE 's/.* total="([0-9]+)".*/\1/p' <<<"$counters")
  e=$(sed -nE 's/.* executed="([0-9]+)".*/\1/p' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
done
mkdir -p .test-results && cp -r "$results"/. .test-results/ 2>/dev/null || true
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
