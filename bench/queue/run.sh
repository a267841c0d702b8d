#!/usr/bin/env bash
# bench/queue/run.sh BASELINE_DIR: the job queue's queue-to-start (100 recordings received at once, one worker) and
# its failover after SIGKILL (two workers, the one running a transcode killed; how long until the other starts it
# again), for this build (Hangfire) and for the build in BASELINE_DIR (a checkout of the Quartz.NET commit), measured
# the same way in the same run, each on its own fresh database of one private PostgreSQL. Prints Markdown rows.
# ROUNDS (default 3): failover trials per build; BUILDS (default "quartz hangfire"): which builds to measure;
# PHASES (default "queue failover"): which phases to run; LOG_LEVEL (default Warning): the servers' log level.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
baseline=$(realpath "${1:?usage: bench/queue/run.sh BASELINE_DIR (a worktree of the Quartz.NET build)}")
rounds=${ROUNDS:-3}
ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_postgres
ensure_apt bc bc

cache=bench/.cache
mkdir -p "$cache/tiny"
if [ ! -f "$cache/tiny/clip-99.mp4" ]; then
  log "generating 100 one-second clips (once)"
  for i in $(seq -w 0 99); do
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=1" \
      -f lavfi -i "sine=frequency=$((300 + 10#$i)):duration=1" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac \
      "$cache/tiny/clip-$i.mp4"
  done
fi
long=$cache/failover-720p-mpeg4.mp4
if [ ! -f "$long" ]; then
  log "generating a 60-second 720p MPEG-4 Part 2 clip (once): re-encoded by the proxy, long enough to be killed mid-way"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=60" -c:v mpeg4 -q:v 5 "$long"
fi

log "building this build and the baseline"
dotnet build src/Cameras/Cameras.csproj -c Release -nologo -v quiet "-clp:ErrorsOnly;NoSummary" -o .build/bench/queue-new
(cd "$baseline" && dotnet build src/Cameras/Cameras.csproj -c Release -nologo -v quiet "-clp:ErrorsOnly;NoSummary" -o .build/bench/queue-base)
declare -A bins=([hangfire]="$PWD/.build/bench/queue-new" [quartz]="$baseline/.build/bench/queue-base")

bench_start queue
port=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$CAMERAS_POSTGRES")
password=$(cat "$work/postgres.password")
q() { psql "postgresql://cameras:$password@127.0.0.1:$port/$db" -tAq -c "$1"; }
wait_until() { bench_wait_until "postgresql://cameras:$password@127.0.0.1:$port/$db" "$1"; }

# serve BUILD NODE [NAME=VALUE...]: a worker of BUILD on database $db, in the background; sets SERVER_PID.
serve() {
  local build=$1 node=$2
  shift 2
  CAMERAS_BIN=${bins[$build]} CAMERAS_POSTGRES="${CAMERAS_POSTGRES/Database=cameras/Database=$db}" \
    serve_cameras "$(free_port)" "$work/data-$db" worker Logging__LogLevel__Default="${LOG_LEVEL:-Warning}" \
    Cameras__Node="$node" Cameras__Transcode__ClusterCheckinSeconds=2 Cameras__Transcode__ClusterFailoverSeconds=10 \
    Cameras__Transcode__IdleWaitSeconds=1 Cameras__Transcode__SweepSeconds=5 "$@"
}
seed() { bench_seed "$work/data-$db" "$1"; } # seed FILE: the SQL that registers FILE as a received recording
new_database() { # new_database NAME: an empty database, migrated by the first server started on it
  db=$1
  psql "postgresql://cameras:$password@127.0.0.1:$port/cameras" -tAq -c "CREATE DATABASE $db" >/dev/null
  mkdir -p "$work/data-$db"
}

declare -A queue failover
phases=" ${PHASES:-queue failover} "
for build in ${BUILDS:-quartz hangfire}; do
  queue[$build]="not measured"; failover[$build]=""
  if [[ $phases == *" queue "* ]]; then
    log "$build: queue-to-start, 100 recordings received at once, one worker (Concurrency $(nproc))"
    new_database "queue_$build"
    serve "$build" node-a
    sql=""
    for f in "$cache"/tiny/*.mp4; do sql+="$(seed "$f")"; done
    q "BEGIN; $sql SELECT pg_notify('recording_received', id::text) FROM recordings; COMMIT;" >/dev/null
    wait_until "(SELECT count(*) = 100 FROM recordings WHERE status = 'ready')"
    queue[$build]=$(q "SELECT 'first ' || round(extract(epoch FROM min(s.started_at) - max(r.received_at)) * 1000) || ' ms, p50 ' ||
        round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.started_at - r.received_at) * 1000)) || ' ms, p95 ' ||
        round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM s.started_at - r.received_at) * 1000)) || ' ms, all 100 done in ' ||
        (SELECT round(extract(epoch FROM max(finished_at) - (SELECT min(received_at) FROM recordings))::numeric, 1) FROM processing_steps) || ' s'
      FROM processing_steps s JOIN recordings r ON r.id = s.recording_id WHERE s.step = 'probe'")
    bench_kill "$SERVER_PID"
  fi

  [[ $phases == *" failover "* ]] || continue
  log "$build: failover after SIGKILL, two workers (Concurrency 1, ClusterFailoverSeconds 10), $rounds trials"
  new_database "failover_$build"
  serve "$build" node-a Cameras__Transcode__Concurrency=1; pid_a=$SERVER_PID
  serve "$build" node-b Cameras__Transcode__Concurrency=1; pid_b=$SERVER_PID
  times=()
  for trial in $(seq 1 "$rounds"); do
    variant="$work/failover-$trial.mp4"
    ffmpeg -hide_banner -loglevel error -y -i "$long" -c copy -metadata comment="trial $trial" "$variant"
    id=$(q "$(seed "$variant") " | head -1)
    q "SELECT pg_notify('recording_received', '$id')" >/dev/null
    wait_until "(SELECT percent > 0 FROM processing_steps WHERE recording_id = '$id' AND step = 'proxy' AND state = 'running')"
    node=$(q "SELECT node FROM processing_steps WHERE recording_id = '$id' AND step = 'proxy'")
    if [ "$node" = node-a ]; then victim=$pid_a; else victim=$pid_b; fi
    killed=$(q "SELECT extract(epoch FROM clock_timestamp())")
    kill -9 "$victim"
    wait "$victim" 2>/dev/null || true
    wait_until "(SELECT attempts = 2 AND node <> '$node' FROM processing_steps WHERE recording_id = '$id' AND step = 'proxy')"
    times+=("$(q "SELECT round((extract(epoch FROM started_at) - $killed)::numeric, 1) FROM processing_steps WHERE recording_id = '$id' AND step = 'proxy'")")
    wait_until "(SELECT status = 'ready' FROM recordings WHERE id = '$id')"
    [ "$(q "SELECT count(*) FROM derivatives WHERE recording_id = '$id' AND kind = 'proxy'")" = 1 ] || die "$build: not one proxy"
    # The killed node comes back as the same name, so the next trial again has two workers.
    serve "$build" "$node" Cameras__Transcode__Concurrency=1
    if [ "$node" = node-a ]; then pid_a=$SERVER_PID; else pid_b=$SERVER_PID; fi
  done
  failover[$build]="${times[*]}"
  bench_kill "$pid_a"; bench_kill "$pid_b"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
for build in ${BUILDS:-quartz hangfire}; do
  f=${failover[$build]}
  # shellcheck disable=SC2086
  echo "| $build | queue-to-start ${queue[$build]} | failover after SIGKILL: $([ -n "$f" ] && echo "median $(median $f) s ($f)" || echo "not measured") |"
done
