#!/usr/bin/env bash
# Processing benchmark (issue 5): the playback proxy of a 1-hour 1080p H.264 recording through the pipeline vs the
# same ffmpeg command run by hand; an HEVC→H.264 transcode likewise; queue-to-start latency with 100 queued jobs.
# One command: bench/transcode/run.sh   (sources are generated once into bench/.cache/; ROUNDS=3 runs of each side)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_postgres
ensure_apt bc bc

cache=bench/.cache
mkdir -p "$cache"
hour=$cache/hour-1080p-h264.mp4
hevc=$cache/minute-1080p-hevc.mp4
if [ ! -f "$hour" ]; then
  log "generating a 1-hour 1080p H.264/AAC source (once): one minute encoded, then repeated without re-encoding"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=25:duration=60" \
    -f lavfi -i "sine=frequency=440:duration=60" -c:v libx264 -preset veryfast -b:v 8M -g 50 -pix_fmt yuv420p \
    -c:a aac -b:a 128k "$cache/minute-1080p-h264.mp4"
  for _ in $(seq 60); do echo "file 'minute-1080p-h264.mp4'"; done > "$cache/hour.txt"
  ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$cache/hour.txt" -c copy "$hour"
fi
if [ ! -f "$hevc" ]; then
  log "generating a 1-minute 1080p HEVC source (once)"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=25:duration=60" \
    -f lavfi -i "sine=frequency=440:duration=60" -c:v libx265 -preset ultrafast -x265-params log-level=error \
    -tag:v hvc1 -pix_fmt yuv420p -c:a aac "$hevc"
fi
if [ ! -f "$cache/tiny/clip-99.mp4" ]; then
  log "generating 100 one-second clips (once)"
  mkdir -p "$cache/tiny"
  for i in $(seq -w 0 99); do
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$((160 + 2 * 10#$i))x120:rate=25:duration=1" \
      -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$cache/tiny/clip-$i.mp4"
  done
fi

build_cameras
started_utc=$(date -u '+%Y-%m-%d %H:%M UTC')
machine_start=$(bench_machine)
bench_start transcode
pause_proactive_reclaim
q() { psql "$BENCH_PG_URL" -tAq -c "$1"; }

# The proxy step logs where its time went (ffmpeg, then hashing, storing).
serve_cameras "$(free_port)" "$work/data" worker,evidence Logging__Console__FormatterName=simple \
  "Logging__LogLevel__Cameras.Transcode.Pipeline.ProxyStep=Information"

seed() { bench_seed "$work/data" "$1"; } # seed FILE: the SQL that registers FILE as a received recording
wait_until() { bench_wait_until "$BENCH_PG_URL" "$1" 0.2; } # wait_until CONDITION
wait_ready() { # wait_ready ID: every step over
  wait_until "(SELECT status IN ('ready', 'unplayable') FROM recordings WHERE id = '$1')"
  [ "$(q "SELECT status FROM recordings WHERE id = '$1'")" = ready ] || die "recording $1 is unplayable"
}
step_seconds() { q "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 2) FROM processing_steps WHERE recording_id = '$1' AND step = '$2'"; }
# job_seconds ID: from the first step's start to the proxy registered (probe, re-verify, proxy).
job_seconds() { q "SELECT round(extract(epoch FROM max(finished_at) FILTER (WHERE step = 'proxy') - min(started_at))::numeric, 2) FROM processing_steps WHERE recording_id = '$1'"; }

# settle SOURCE: the same start for every timed run, that of a server which has been up for a while: nothing left
# to write back, the memory full of clean page cache (so a run's writes take pages the kernel reclaims), the source
# cached. This VM returns free memory to its host (free page reporting); a run that writes into such memory pays a
# host fault per page, which made the same command take from 4 to 11 s by the order of the runs alone.
# The filler is a sparse file: reading it fills the page cache without touching the disk. The cache is dropped
# first where the bench may (root): a filler read a second time would sit on the kernel's active list, and the
# source read after it would then be the first evicted, read back from disk by whichever run came second.
filler=$cache/memory-filler
settle() {
  sync
  [ -f "$filler" ] || truncate -s "$(awk '/MemTotal/ { print $2 + 2 * 1024 * 1024 }' /proc/meminfo)K" "$filler"
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 >/proc/sys/vm/drop_caches; fi
  cat "$filler" >/dev/null
  cat "$1" >/dev/null
}
# hand_run ID: runs the proxy's recorded ffmpeg command by hand on the same file, into a scratch folder; prints its
# time, then the time with what the pipeline must add done by standard tools after it (SHA-256 of every output
# file, then sync of them: lineage and durability).
hand_run() {
  local id=$1 key out args=()
  key=$(q "SELECT storage_key FROM recordings WHERE id = '$id'")
  out="$work/hand"; rm -rf "$out"; mkdir -p "$out"
  while IFS= read -r a; do
    a=${a//\{input\}/$work/data/objects/$key}; args+=("${a//\{output\}/$out}")
  done < <(q "SELECT jsonb_array_elements_text(arguments->0) FROM derivatives WHERE recording_id = '$id' AND kind = 'proxy'")
  local start end
  settle "$work/data/objects/$key"
  start=$(date +%s.%N)
  # Exactly the pipeline's command line: the lineage records the whole argument vector ffmpeg received (its fixed
  # options included); the progress it writes to stderr is read by the pipeline (FFMpegCore), thrown away here.
  ffmpeg "${args[@]}" 2>/dev/null
  end=$(date +%s.%N)
  openssl dgst -sha256 "$out"/* >/dev/null # OpenSSL's SHA-256 (SHA-NI), as the pipeline's; sha256sum is 3x slower
  sync "$out"/*
  local hashed; hashed=$(date +%s.%N)
  rm -rf "$out"
  printf '%.2f %.2f\n' "$(echo "$end - $start" | bc -l)" "$(echo "$hashed - $start" | bc -l)"
}
# Copies of each source differing only in a metadata tag (so other recordings, other SHA-256s): the pipeline and
# the hand-run command alternate, pipeline then hand on each copy, and each side reports its median.
rounds=${ROUNDS:-3}
copies=(b c d e f g h i)
[ "$rounds" -le $((${#copies[@]} + 1)) ] || die "ROUNDS is at most $((${#copies[@]} + 1))"
variants() { # variants SOURCE: the source, then its copies, ROUNDS in all
  echo "$1"
  for c in "${copies[@]:0:$((rounds - 1))}"; do echo "${1%.mp4}-$c.mp4"; done
}
for source in "$hour" "$hevc"; do
  while read -r variant; do
    if [ ! -f "$variant" ]; then
      log "making $(basename "$variant"), a copy of $(basename "$source") (once)"
      ffmpeg -hide_banner -nostdin -loglevel error -y -i "$source" -map 0 -c copy -metadata comment="$(basename "$variant")" "$variant"
    fi
  done < <(variants "$source")
done

declare -A results
median() { bench_median 2 "$@"; }
for source in "$hour" "$hevc"; do
  pipelines=() hands=() hashed_hands=() jobs=() verifies=() thumbs=()
  while read -r variant; do
    log "pipeline: $(basename "$variant")"
    id=$(q "$(seed "$variant") " | head -1)
    settle "$variant"
    q "SELECT pg_notify('recording_received', '$id')" >/dev/null
    # The whole pipeline, thumbnails included, is over before the hand run starts: nothing of ours runs beside it.
    wait_ready "$id"
    pipelines+=("$(step_seconds "$id" proxy)") jobs+=("$(job_seconds "$id")") verifies+=("$(step_seconds "$id" verify)")
    thumbs+=("$(step_seconds "$id" thumbnails)")
    log "same ffmpeg command by hand"
    read -r hand hashed_hand < <(hand_run "$id")
    hands+=("$hand") hashed_hands+=("$hashed_hand")
  done < <(variants "$source")
  pipeline=$(median "${pipelines[@]}") hand=$(median "${hands[@]}") job=$(median "${jobs[@]}")
  hashed_hand=$(median "${hashed_hands[@]}")
  hashed_ratio=$(echo "$pipeline / $hashed_hand" | bc -l | xargs printf '%.3f')
  duration=$(q "SELECT round((probe->'format'->>'duration')::numeric, 1) FROM recordings WHERE id = '$id'")
  ratio=$(echo "$pipeline / $hand" | bc -l | xargs printf '%.3f')
  speed=$(echo "$duration / $pipeline" | bc -l | xargs printf '%.0f')
  hand_speed=$(echo "$duration / $hand" | bc -l | xargs printf '%.0f')
  results[$(basename "$source")]="proxy step median ${pipeline}s (${pipelines[*]}), by hand median ${hand}s (${hands[*]}), ratio ${ratio}, ${speed}x real time (by hand ${hand_speed}x; ${duration}s of media); by hand then SHA-256 and sync of the outputs median ${hashed_hand}s (${hashed_hands[*]}), ratio ${hashed_ratio}; probe start to proxy registered median ${job}s (${jobs[*]}; re-verify ${verifies[*]}s before the proxy); thumbnails ${thumbs[*]}s after it"
done

log "queue-to-start: 100 recordings received at once"
sql=""
for f in "$cache"/tiny/*.mp4; do sql+="$(seed "$f")"; done
ids=$(q "BEGIN; $sql COMMIT;" | grep -E '^[0-9a-f-]{36}$')
q "SELECT pg_notify('recording_received', id::text) FROM recordings WHERE status = 'received'" >/dev/null
wait_until "(SELECT count(*) = 100 FROM recordings WHERE filename LIKE 'clip-%' AND status = 'ready')"
first=$(q "SELECT round(extract(epoch FROM min(s.started_at) - max(r.received_at)) * 1000) FROM processing_steps s JOIN recordings r ON r.id = s.recording_id WHERE r.filename LIKE 'clip-%' AND s.step = 'probe'")
# Queue-to-start of each job: from its recording's enqueueing (received, in one transaction for all 100) to its
# first step starting. With Concurrency slots, the k-th job waits for about k/slots jobs ahead of it.
latency=$(q "SELECT 'p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)) || ' ms, p95 ' ||
    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY l)) || ' ms, max ' || round(max(l)) || ' ms'
  FROM (SELECT extract(epoch FROM s.started_at - r.received_at) * 1000 AS l FROM processing_steps s
        JOIN recordings r ON r.id = s.recording_id WHERE r.filename LIKE 'clip-%' AND s.step = 'probe') x")
# Dispatch overhead: wall time the worker slots spent not running a job, per job (slots = Concurrency).
slots=$(nproc)
overhead=$(q "WITH runs AS (
    SELECT extract(epoch FROM t.finished_at - p.started_at) AS busy FROM processing_steps p
    JOIN processing_steps t ON t.recording_id = p.recording_id AND t.step = 'thumbnails'
    JOIN recordings r ON r.id = p.recording_id WHERE r.filename LIKE 'clip-%' AND p.step = 'probe'),
  span AS (SELECT extract(epoch FROM max(s.finished_at) - min(s.started_at)) AS wall FROM processing_steps s
    JOIN recordings r ON r.id = s.recording_id WHERE r.filename LIKE 'clip-%')
  SELECT round(((SELECT wall FROM span) * $slots - sum(busy)) / count(*) * 1000) || ' ms per job (' ||
         round(avg(busy) * 1000) || ' ms average job)' FROM runs")
total=$(q "SELECT round(extract(epoch FROM max(s.finished_at) - min(r.received_at))::numeric, 1) FROM processing_steps s JOIN recordings r ON r.id = s.recording_id WHERE r.filename LIKE 'clip-%'")

echo
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-unknown}"), started ${started_utc}, ROUNDS=${rounds}"
echo "machine at the start: ${machine_start}"
echo "ffmpeg: $(ffmpeg -version | head -1)"
for k in "${!results[@]}"; do echo "proxy of $k: ${results[$k]}"; done
echo "queue: first of 100 queued jobs started ${first} ms after the last was received; queue-to-start ${latency}; idle slot time between jobs: ${overhead}; all 100 through the pipeline in ${total}s"
echo "machine at the end: $(bench_machine)"
