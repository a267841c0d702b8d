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

ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_apt node nodejs
ensure_postgres
build_cameras

bench_start live-sound
port=$(free_port)
serve_cameras "$port" "$work/data" ingest,commandroom,evidence Cameras__Live__SilenceTimeout=00:01:00
server_pid=$SERVER_PID
terminal=$(cameras token --data "$work/data" --role terminal --subject bench-terminal)
viewer=$(cameras token --data "$work/data" --role operator --subject bench-viewer)

pushers=()
push() { # sound|video URL: ffmpeg as a terminal, until stopped
  local sound=() map=()
  if [ "$1" = sound ]; then
    sound=(-re -f lavfi -i sine=frequency=440:sample_rate=48000)
    map=(-map 0:v:0 -map 1:a:0 -c:a aac -b:a 64k)
  fi
  ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=25 "${sound[@]}" "${map[@]}" \
    -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -bf 0 -pix_fmt yuv420p \
    -f dash -strict experimental -ldash 1 -streaming 1 -lhls 1 -seg_duration 1 -use_template 1 -use_timeline 0 \
    -format_options write_prft=wallclock -method PUT "$2" &
  pushers+=($!)
  bench_track $!
}
stop_pushers() { for pid in "${pushers[@]}"; do bench_kill "$pid"; done; pushers=(); }

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server_pid/status"; }
phase() { # NAME: FEEDS pushers of that kind (bench-NAME-N) already running; runs the viewers, adds the server's CPU and RSS
  local before after out
  before=$(cpu_ticks)
  out=$(node --experimental-websocket --no-warnings bench/live/viewers.mjs ws "http://127.0.0.1:$port" "$viewer" "$feeds" "$viewers" "$seconds" "bench-$1-")
  after=$(cpu_ticks)
  echo "$out" | node -e "const r = JSON.parse(require('fs').readFileSync(0)); r.cpu = Math.round(($after - $before) / $(getconf CLK_TCK) / $seconds * 100); r.rss = $(rss_mb); console.log(JSON.stringify(r))"
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
