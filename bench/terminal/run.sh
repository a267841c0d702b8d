#!/usr/bin/env bash
# bench/terminal/run.sh [SECONDS]: glass-to-glass from the terminals to a dashboard tile, one command (default 30 s).
# Starts a private PostgreSQL and `cameras serve --roles ingest,commandroom,evidence` with its RTMP listener, then in
# the same run, all at once, three feeds whose pictures carry the wall clock burnt in (bench/terminal/clock.mjs):
#   browser  the browser terminal (/terminal in Chromium, a canvas captured with captureStream as its camera)
#   ffmpeg   the same clock frames encoded by ffmpeg and pushed as `cameras publish` does (progressive DASH PUT): the baseline
#   rtmp     the same frames pushed by ffmpeg over RTMP (as Larix would), through nginx-rtmp and the remuxer
# One dashboard (low-latency tiles) reads the clock back from every frame it shows. Prints Markdown rows for
# bench/RESULTS.md. The pushers are 320x240 (browser 640x360), H.264 ultrafast/realtime, keyframe every second.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
seconds=${1:-30}

ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_apt node nodejs
ensure_apt chromium chromium
ensure_gateways
ensure_postgres
[ -d tests/tools/node_modules/playwright-core ] || (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
build_cameras

bench_start terminal
port=$(free_port) rtmp=$(free_port)
serve_cameras "$port" "$work/data" ingest,commandroom,evidence Cameras__Live__SilenceTimeout=00:01:00 \
  Cameras__Live__RtmpPort="$rtmp" Cameras__Live__SrtPort=0
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$rtmp") 2>/dev/null && break; sleep 0.1; done
terminal=$(cameras token --data "$work/data" --role terminal --subject bench-terminal)
viewer=$(cameras token --data "$work/data" --role operator --subject bench-viewer)
key=$(curl -fs -X POST -H "Authorization: Bearer $terminal" "http://127.0.0.1:$port/terminal/keys" | node -e "console.log(JSON.parse(require('fs').readFileSync(0)).key)")
run_for=$((seconds + 60))

encode=(-hide_banner -nostdin -loglevel error -f rawvideo -pix_fmt yuv420p -s 320x240 -r 25 -i pipe:0
  -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -bf 0 -pix_fmt yuv420p)
(node bench/terminal/frames.mjs "$run_for" | ffmpeg "${encode[@]}" -f dash -strict experimental -ldash 1 -streaming 1 -lhls 1 \
  -seg_duration 1 -use_template 1 -use_timeline 0 -format_options write_prft=wallclock -method PUT \
  "http://t:$terminal@127.0.0.1:$port/live/glass-ffmpeg/manifest.mpd") &
bench_track $!
(node bench/terminal/frames.mjs "$run_for" | ffmpeg "${encode[@]}" -f flv "rtmp://127.0.0.1:$rtmp/live/glass-rtmp?token=$key") &
bench_track $!

log "glass-to-glass: browser terminal, ffmpeg and RTMP feeds on one dashboard, ${seconds}s"
node bench/terminal/glass.mjs "http://127.0.0.1:$port" "$terminal" "$viewer" "$seconds" glass-browser glass-ffmpeg glass-rtmp > "$work/glass.json"
load=$(cut -d' ' -f1-3 /proc/loadavg)

node - "$work/glass.json" "$seconds" "$load" <<'JS'
const fs = require('fs');
const [file, seconds, load] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(file));
const os = require('os');
const machine = `${os.cpus().length} cores (${os.cpus()[0].model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, load ${load}, shared by 5 developers' builds and tests`;
const cmd = '`bench/terminal/run.sh ' + seconds + '`';
const f = (s) => `p50 ${s.p50} ms, p95 ${s.p95} ms (${s.n} frames)`;
const b = r['glass-ffmpeg'].glass;
console.log('| what | figure | same-run baseline (ffmpeg, DASH PUT) | ratio p95 | machine | command |');
console.log('|---|---|---|---|---|---|');
for (const [feed, what] of [['glass-browser', 'browser terminal → tile, glass-to-glass'], ['glass-rtmp', 'RTMP (nginx + remux) → tile, glass-to-glass']]) {
  const g = r[feed].glass;
  console.log(`| ${what} | ${f(g)} | ${f(b)} | ${(g.p95 / b.p95).toFixed(2)} | ${machine} | ${cmd} |`);
}
console.log(`| tiles' own « délai mesuré » (prft) | browser ${f(r['glass-browser'].tile)}; rtmp ${f(r['glass-rtmp'].tile)} | ffmpeg ${f(r['glass-ffmpeg'].tile)} | — | same | same |`);
JS
