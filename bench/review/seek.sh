#!/usr/bin/env bash
# bench/review/seek.sh [SEEKS]: the Lecteur's seek on a 12-hour recording (issue 16). A 12-hour 640×360 H.264/AAC
# source is made once into bench/.cache/ (one minute encoded, then repeated 720 times without re-encoding, as
# bench/transcode makes its hour), docked into a private server (worker, evidence, command room) and run through the
# real pipeline (probe, re-verify, HLS proxy, thumbnails); then, in Chromium, the player page and a bare hls.js page on
# the same proxy each seek to the same SEEKS (default 20) random positions: time to first frame, p50/p95, and the
# ratio. Goal: p95 ≤ 1 s and ≤ 1.1 × the baseline. Prints Markdown rows for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_postgres

cache=bench/.cache
mkdir -p "$cache"
long=$cache/twelve-hours-360p-h264.mp4
if [ ! -f "$long" ]; then
  log "generating a 12-hour 640×360 H.264/AAC source (once): one minute encoded, then repeated without re-encoding"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=640x360:rate=25:duration=60" \
    -f lavfi -i "sine=frequency=440:duration=60" -c:v libx264 -preset veryfast -b:v 300k -maxrate 400k -bufsize 800k -g 50 \
    -pix_fmt yuv420p -c:a aac -b:a 64k "$cache/minute-360p-h264.mp4"
  for _ in $(seq 720); do echo "file 'minute-360p-h264.mp4'"; done > "$cache/twelve-hours.txt"
  ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$cache/twelve-hours.txt" -c copy -f mp4 "$long.part"
  mv "$long.part" "$long"
fi
(cd tests/tools && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null)

build_cameras
bench_start review-seek
pg_url="postgresql://cameras:$(cat "$work/postgres.password")@127.0.0.1:$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$CAMERAS_POSTGRES")/cameras"
q() { psql "$pg_url" -tAq -c "$1"; }
port=$(free_port)
serve_cameras "$port" "$work/data" worker,evidence,commandroom

log "docking the 12-hour recording and waiting for its proxy and thumbnails"
sha=$(sha256sum "$long" | cut -d' ' -f1)
dir="$work/data/objects/originals/${sha:0:2}/${sha:2:2}"
mkdir -p "$dir"; ln -f "$long" "$dir/$sha" 2>/dev/null || cp "$long" "$dir/$sha"
id=$(q "INSERT INTO recordings (id, sha256, size, storage_key, filename, camera, officer, recorded_at)
  VALUES (gen_random_uuid(), '$sha', $(stat -c %s "$long"), 'originals/${sha:0:2}/${sha:2:2}/$sha', 'twelve-hours.mp4', 'CAM-SEEK', 'O-SEEK',
  '2026-12-01T08:00:00Z') RETURNING id" | head -1)
started=$(date +%s)
q "DO \$\$ BEGIN WHILE NOT (SELECT status IN ('ready', 'unplayable', 'quarantined') FROM recordings WHERE id = '$id') LOOP PERFORM pg_sleep(0.5); END LOOP; END \$\$" >/dev/null
[ "$(q "SELECT status FROM recordings WHERE id = '$id'")" = ready ] || die "recording $id is not ready: $(q "SELECT status, status_reason FROM recordings WHERE id = '$id'")"
log "processed in $(( $(date +%s) - started )) s"

token=$(cameras token --data "$work/data" --role operator --subject bench-seek)
log "seeking (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
node bench/review/seek.mjs "http://127.0.0.1:$port" "$token" "$id" "${1:-20}"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
