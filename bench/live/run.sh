#!/usr/bin/env bash
# bench/live/run.sh [FEEDS] [VIEWERS] [SECONDS]: live relay benchmark, one command (defaults 10 feeds × 10 viewers, 30 s).
# Starts a private PostgreSQL and `cameras serve --roles ingest,commandroom,evidence` (Record at its default, hashes:
# each segment hashed and chained, not stored), pushes FEEDS ffmpeg test patterns (progressive DASH/CMAF, one fragment per frame, prft wall-clock
# stamps, 320x240 ultrafast so the pushers leave the 2 cores to the server), and measures in the same run:
#   baseline  one extra ffmpeg pushing straight to a bare Node HTTP receiver (no relay): fragment arrival − prft
#   ws        FEEDS × VIEWERS WebSocket viewers (the dashboard's low-latency path): fragment arrival − prft
#   ws-stall  the same plus one viewer on feed 0 that never reads: feed 0's other viewers must not change
#   hls       one poller per feed on the HLS relay (like hls.js, 0.5 s reloads): first frame of each segment at download − prft
# and the server's CPU (% of one core) and RSS for each phase. Prints Markdown rows for bench/RESULTS.md.
# The same with sound, beside picture-only feeds: bench/live/sound.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
feeds=${1:-10} viewers=${2:-10} seconds=${3:-30}

live_bench_start live
for f in $(seq 0 $((feeds - 1))); do live_push "http://t:$terminal@127.0.0.1:$port/live/bench-$f/manifest.mpd"; done
sleep 5

phase() { # MODE: the viewers, with the server's CPU and RSS
  live_phase "$seconds" node --experimental-websocket --no-warnings bench/live/viewers.mjs "$1" "http://127.0.0.1:$port" "$viewer" \
    "$feeds" "$viewers" "$seconds"
}

log "baseline: ffmpeg → bare HTTP receiver"
bport=$(free_port)
node bench/live/viewers.mjs baseline "$bport" "$seconds" > "$work/baseline.json" &
bnode=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$bport") 2>/dev/null && break; sleep 0.1; done
live_push "http://127.0.0.1:$bport/base/manifest.mpd"
log "phase ws: $feeds feeds × $viewers WebSocket viewers, ${seconds}s"
phase ws > "$work/ws.json"
wait "$bnode" || true
log "phase ws-stall: plus one viewer of feed 0 that never reads"
phase ws-stall > "$work/stall.json"
log "phase hls: one HLS poller per feed"
phase hls > "$work/hls.json"
if [ -x /usr/bin/chromium ] && [ -d tests/tools/node_modules/playwright-core ]; then
  log "browser: the dashboard in Chromium, one tile per feed, low-latency path then HLS (hls.js)"
  node bench/live/browser.mjs "http://127.0.0.1:$port" "$viewer" ws "$feeds" "$seconds" > "$work/browser-ws.json" || echo '{"n":0}' > "$work/browser-ws.json"
  node bench/live/browser.mjs "http://127.0.0.1:$port" "$viewer" hls "$feeds" "$seconds" > "$work/browser-hls.json" || echo '{"n":0}' > "$work/browser-hls.json"
else
  echo '{"n":0}' > "$work/browser-ws.json"; echo '{"n":0}' > "$work/browser-hls.json"
fi
load=$(cut -d' ' -f1-3 /proc/loadavg)

node - "$work" "$feeds" "$viewers" "$seconds" "$load" <<'JS'
const fs = require('fs');
const [work, feeds, viewers, seconds, load] = process.argv.slice(2);
const read = (n) => JSON.parse(fs.readFileSync(`${work}/${n}.json`));
const b = read('baseline').baseline, ws = read('ws'), st = read('stall'), hls = read('hls');
const bws = read('browser-ws'), bhls = read('browser-hls');
const machine = `${require('os').cpus().length} cores (${require('os').cpus()[0].model.trim()}), ${Math.round(require('os').totalmem() / 2 ** 30)} GB, load ${load}`;
const cmd = '`bench/live/run.sh ' + [feeds, viewers, seconds].join(' ') + '`';
const row = (what, fig, base, ratio) => console.log(`| 6 | ${what} | ${fig} | ${base} | ${ratio} | ${machine} | ${cmd} |`);
row(`low-latency (WebSocket) delay p50 / p95, ${feeds} feeds × ${viewers} viewers (goal p95 < 1 s)`, `${ws.all.p50} / ${ws.all.p95} ms (${ws.all.n} fragments)`,
  `${b.p50} / ${b.p95} ms ffmpeg → bare HTTP receiver`, (ws.all.p95 / Math.max(1, b.p95)).toFixed(1));
row(`HLS delay p50 / p95, first frame of each 1 s segment at download (goal p95 < 3 s)`, `${hls.all.p50} / ${hls.all.p95} ms (${hls.all.n} segments)`,
  `${b.p50} / ${b.p95} ms ffmpeg → bare HTTP receiver`, (hls.all.p95 / Math.max(1, b.p95)).toFixed(0));
row(`one stalled viewer on feed 0: feed 0's other viewers p50 / p95`, `${st.feed0.p50} / ${st.feed0.p95} ms`,
  `${ws.feed0.p50} / ${ws.feed0.p95} ms without it`, (st.feed0.p95 / Math.max(1, ws.feed0.p95)).toFixed(2));
row(`glass-to-glass in Chromium, low-latency path (MSE): frame on screen − its producer time, ${feeds} tiles (goal p95 < 1 s)`,
  `${bws.p50} / ${bws.p95} ms (${bws.n} samples)`, `${b.p50} / ${b.p95} ms ffmpeg → bare HTTP receiver`, (bws.p95 / Math.max(1, b.p95)).toFixed(0));
row(`glass-to-glass in Chromium, HLS path (hls.js, 1 s segments), ${feeds} tiles (goal p95 < 3 s)`,
  `${bhls.p50} / ${bhls.p95} ms (${bhls.n} samples)`, `${b.p50} / ${b.p95} ms ffmpeg → bare HTTP receiver`, (bhls.p95 / Math.max(1, b.p95)).toFixed(0));
row(`server CPU and RSS, ${feeds} feeds × ${viewers} WebSocket viewers`, `${ws.cpu} % of one core, ${ws.rss} MB`, `HLS phase: ${hls.cpu} %, ${hls.rss} MB`, '—');
console.error(JSON.stringify({ b, ws, st, hls }));
JS
