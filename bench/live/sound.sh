#!/usr/bin/env bash
# bench/live/sound.sh [FEEDS] [VIEWERS] [SECONDS]: live relay with sound (defaults 10 feeds × 10 viewers, 30 s).
# Starts a private PostgreSQL and `cameras serve --roles ingest,commandroom,evidence` (Record at its default, hashes),
# then in the same run, one after the other so that the pushers never overlap:
#   video  FEEDS ffmpeg test patterns, picture only (progressive DASH/CMAF, one fragment per frame, prft stamps,
#          320x240 ultrafast), FEEDS × VIEWERS WebSocket viewers: delay, server CPU (% of one core) and RSS
#   sound  the same pushers with a tone in AAC (ffmpeg's dash muxer sends it as a stream of its own), the same viewers:
#          delay, CPU and RSS, and how many viewers' streams carried audio fragments
#   tiles  the dashboard in Chromium with the FEEDS sound tiles: how many decode sound (webkitAudioDecodedByteCount)
# Prints Markdown rows for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
feeds=${1:-10} viewers=${2:-10} seconds=${3:-30}

live_bench_start live-sound

pushers=()
push() { # sound|video URL: a terminal's push, with a tone in AAC for sound, until stopped
  local sound=()
  [ "$1" = sound ] && sound=(-re -f lavfi -i sine=frequency=440:sample_rate=48000 -map 0:v:0 -map 1:a:0 -c:a aac -b:a 64k)
  live_push "$2" "${sound[@]}"
  pushers+=("$PUSH_PID")
}
stop_pushers() { for pid in "${pushers[@]}"; do bench_kill "$pid"; done; pushers=(); }
phase() { # NAME: FEEDS pushers of that kind (bench-NAME-N) already running; the viewers, with the server's CPU and RSS
  live_phase "$seconds" node --experimental-websocket --no-warnings bench/live/viewers.mjs ws "http://127.0.0.1:$port" "$viewer" \
    "$feeds" "$viewers" "$seconds" "bench-$1-"
}

for kind in video sound; do
  for f in $(seq 0 $((feeds - 1))); do push "$kind" "http://t:$terminal@127.0.0.1:$port/live/bench-$kind-$f/manifest.mpd"; done
  sleep 5
  log "phase $kind: $feeds feeds × $viewers WebSocket viewers, ${seconds}s"
  phase "$kind" > "$work/$kind.json"
  if [ "$kind" = sound ]; then
    if [ -x /usr/bin/chromium ] && [ -d tests/tools/node_modules/playwright-core ]; then
      log "tiles: the dashboard in Chromium, one tile per sound feed"
      node bench/live/browser-sound.mjs "http://127.0.0.1:$port" "$viewer" "bench-sound-" "$feeds" > "$work/tiles.json" || echo '{"tiles":0,"withSound":0}' > "$work/tiles.json"
    else
      echo '{"tiles":0,"withSound":0}' > "$work/tiles.json"
    fi
  fi
  stop_pushers
  sleep 2
done
load=$(cut -d' ' -f1-3 /proc/loadavg)

node - "$work" "$feeds" "$viewers" "$seconds" "$load" <<'JS'
const fs = require('fs');
const [work, feeds, viewers, seconds, load] = process.argv.slice(2);
const read = (n) => JSON.parse(fs.readFileSync(`${work}/${n}.json`));
const video = read('video'), sound = read('sound'), tiles = read('tiles');
const machine = `${require('os').cpus().length} cores (${require('os').cpus()[0].model.trim()}), ${Math.round(require('os').totalmem() / 2 ** 30)} GB, shared by 5 developers, load ${load}`;
const cmd = '`bench/live/sound.sh ' + [feeds, viewers, seconds].join(' ') + '`';
const row = (what, fig, base, ratio) => console.log(`| 15 | ${what} | ${fig} | ${base} | ${ratio} | ${machine} | ${cmd} |`);
row(`server CPU and RSS, ${feeds} feeds with sound (AAC) × ${viewers} WebSocket viewers`, `${sound.cpu} % of one core, ${sound.rss} MB`,
  `${video.cpu} % of one core, ${video.rss} MB, the same feeds without sound`, (sound.cpu / Math.max(1, video.cpu)).toFixed(2));
row(`low-latency delay p50 / p95 with sound, ${feeds} × ${viewers}`, `${sound.all.p50} / ${sound.all.p95} ms (${sound.all.n} fragments)`,
  `${video.all.p50} / ${video.all.p95} ms without sound`, (sound.all.p95 / Math.max(1, video.all.p95)).toFixed(1));
row(`viewers whose WebSocket stream carried sound`, `${sound.sound.withAudio} / ${sound.sound.viewers} (${sound.sound.audioFragments} audio fragments)`,
  `${video.sound.withAudio} / ${video.sound.viewers} without sound`, '—');
row(`dashboard tiles in Chromium decoding sound`, `${tiles.withSound} / ${tiles.tiles}`, '—', '—');
console.error(JSON.stringify({ video, sound, tiles }));
JS
