# Shared by run.sh and test.sh: install what is missing, and a private PostgreSQL on loopback.
# Sourced, not run. Everything here works on a fresh Debian 12 with the .NET SDK, as root or not.

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "needs root to run: $*"
  fi
}

APT_UPDATED=
# ensure_apt COMMAND PACKAGE...: installs PACKAGE(s) unless COMMAND is already there.
ensure_apt() {
  local probe=$1; shift
  if [ -e "$probe" ] || command -v "$probe" >/dev/null 2>&1; then return 0; fi
  log "installing $* (apt)"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ensure_gateways: the protocol engines for native apps (Cameras runs them as its own children, with configs of its
# own): nginx with Debian's RTMP module, and libsrt (srt-tools brings it and its tools).
ensure_gateways() {
  ensure_apt /usr/sbin/nginx nginx
  ensure_apt /usr/lib/nginx/modules/ngx_rtmp_module.so libnginx-mod-rtmp
  ensure_apt srt-live-transmit srt-tools
}

# PostgreSQL 15 or newer, whichever Debian has installed (15 is Debian 12's).
pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_postgres() {
  pg_bindir >/dev/null || ensure_apt /usr/lib/postgresql/15/bin/initdb postgresql-15
  pg_bindir >/dev/null || die "no PostgreSQL server binaries under /usr/lib/postgresql"
}

# initdb refuses root: as root, the cluster belongs to the 'postgres' user (created when missing).
PG_USER=
pg_run() {
  if [ "$(id -u)" = 0 ]; then
    if [ -z "$PG_USER" ]; then
      PG_USER=postgres
      id "$PG_USER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
    fi
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

# free_port: a TCP port nothing listens on at 127.0.0.1.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free port found"
}

# pg_start DIR: starts (creating on first use) a cluster in DIR on a free loopback port, with a
# database and login 'cameras' whose password is kept in DIR/../postgres.password.
# Sets PG_DIR and CAMERAS_POSTGRES (an Npgsql connection string).
pg_start() {
  PG_DIR=$(realpath -m "$1")
  local bin password_file port
  bin=$(pg_bindir)
  password_file="$(dirname "$PG_DIR")/postgres.password"
  mkdir -p "$PG_DIR"
  chmod 700 "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then
    pg_run true && chown "$PG_USER" "$PG_DIR"
    pg_run test -w "$PG_DIR" || die "PostgreSQL runs as '$PG_USER', who cannot reach $PG_DIR: make its parent folders traversable (chmod o+x) or choose another --data"
  fi
  if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $PG_DIR"
    [ -f "$password_file" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
    local pwfile="$PG_DIR.pw"
    (umask 077; cp "$password_file" "$pwfile")
    [ "$(id -u)" = 0 ] && chown "$PG_USER" "$pwfile"
    pg_run "$bin/initdb" -D "$PG_DIR" -U cameras --pwfile="$pwfile" --auth-local=scram-sha-256 \
      --auth-host=scram-sha-256 -E UTF8 --locale=C >"$PG_DIR.initdb.log" 2>&1 \
      || { cat "$PG_DIR.initdb.log" >&2; rm -f "$pwfile"; die "initdb failed"; }
    rm -f "$pwfile" "$PG_DIR.initdb.log"
  fi
  port=$(free_port)
  pg_run "$bin/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories= -c max_connections=300 -c fsync=${PG_FSYNC:-on}" >/dev/null \
    || { tail -20 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
  local password; password=$(cat "$password_file")
  CAMERAS_POSTGRES="Host=127.0.0.1;Port=$port;Username=cameras;Password=$password;Database=cameras"
  PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U cameras -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='cameras'" | grep -q 1 \
    || PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U cameras -d postgres -qc "CREATE DATABASE cameras" >/dev/null
  log "PostgreSQL listening on 127.0.0.1:$port"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/postmaster.pid" ] || return 0
  pg_run "$(pg_bindir)/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null 2>&1 || true
}

# ensure_dotnet: the .NET SDK must be there already (the README says so); say so clearly if not.
ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet on PATH): see README.md"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# --- benchmarks (bench/*/run.sh) ---

# bench_start NAME: a private work folder ($work) and PostgreSQL for one benchmark run; bench_stop, on exit or
# Ctrl-C, stops every process registered with bench_track, then PostgreSQL, and removes the folder.
bench_start() {
  ensure_apt curl curl
  work=$(mktemp -d "${BENCH_DIR:-/tmp}/cameras-bench-$1.XXXXXX")
  chmod 755 "$work"
  BENCH_PIDS=()
  trap bench_stop EXIT
  trap 'bench_stop; exit 130' INT
  trap 'bench_stop; exit 143' TERM
  pg_start "$work/postgres"
  # The bench's database as psql takes it.
  BENCH_PG_URL="postgresql://cameras:$(cat "$work/postgres.password")@127.0.0.1:$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$CAMERAS_POSTGRES")/cameras"
}

# bench_median DIGITS VALUE...: the median of the values, with DIGITS decimals.
bench_median() {
  local digits=$1
  shift
  printf '%s\n' "$@" | sort -g | awk -v d="$digits" '{ v[NR] = $1 } END { printf "%.*f", d, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench_machine: what RESULTS.md records beside a figure: cores, CPU model, memory, load average now.
bench_machine() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

bench_track() { BENCH_PIDS+=("$1"); }

# bench_kill PID: stops one tracked process now (e.g. a server between two phases).
bench_kill() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

bench_stop() {
  trap - EXIT INT TERM
  local i
  # Last started, first stopped: clients (pushers, viewers) go before the server they talk to.
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_kill "${BENCH_PIDS[i]}"; done
  pg_stop
  resume_proactive_reclaim
  rm -rf "$work"
}

# pause_proactive_reclaim: stops the kernel's DAMON-based proactive reclaim for the run, where one runs and the
# bench may (root), and says so; bench_stop restores it. Some VMs (this one) page out memory DAMON finds idle, up to
# 128 MB/s: pages just cached, read back from disk a moment later, made the same run vary by half.
PAUSED_KDAMONDS=()
pause_proactive_reclaim() {
  local state
  for state in /sys/kernel/mm/damon/admin/kdamonds/*/state; do
    [ -w "$state" ] && [ "$(cat "$state")" = on ] || continue
    echo off >"$state" && PAUSED_KDAMONDS+=("$state") && log "DAMON proactive reclaim paused for the run ($state)"
  done
}
resume_proactive_reclaim() {
  local state
  for state in "${PAUSED_KDAMONDS[@]}"; do echo on >"$state" || true; done
  PAUSED_KDAMONDS=()
}

# build_cameras: the server as the benchmarks run it, in .build/bench/cameras.
build_cameras() {
  log "building"
  dotnet build src/Cameras/Cameras.csproj -c Release -nologo -v quiet "-clp:ErrorsOnly;NoSummary" -o .build/bench/cameras
}

cameras() { dotnet .build/bench/cameras/cameras.dll "$@"; }

# serve_cameras PORT DATA ROLES [NAME=VALUE...]: `cameras serve` on the bench's PostgreSQL, in the background with
# the extra settings given (the last of a name wins), tracked; returns once /readyz answers. Sets SERVER_PID.
# CAMERAS_BIN: the build to run (default .build/bench/cameras, as build_cameras makes it).
serve_cameras() {
  local port=$1 data=$2 roles=$3
  shift 3
  env Cameras__Postgres="$CAMERAS_POSTGRES" Logging__LogLevel__Default=Warning "$@" \
    dotnet "${CAMERAS_BIN:-.build/bench/cameras}/cameras.dll" serve --urls "http://127.0.0.1:$port" --data "$data" --roles "$roles" &
  SERVER_PID=$!
  bench_track "$SERVER_PID"
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || die "cameras serve exited before it was ready"
    sleep 0.2
  done
  die "cameras serve was not ready after 120 s"
}

# bench_seed DATA FILE: prints the SQL that registers FILE as a received recording, as dock ingest does, its original
# linked (or copied) into DATA's store by hash.
bench_seed() {
  local data=$1 file=$2 sha dir
  sha=$(sha256sum "$file" | cut -d' ' -f1)
  dir="$data/objects/originals/${sha:0:2}/${sha:2:2}"
  mkdir -p "$dir"; ln -f "$file" "$dir/$sha" 2>/dev/null || cp "$file" "$dir/$sha"
  echo "INSERT INTO recordings (id, sha256, size, storage_key, filename) VALUES (gen_random_uuid(), '$sha', $(stat -c %s "$file"), 'originals/${sha:0:2}/${sha:2:2}/$sha', '$(basename "$file")') RETURNING id;"
}

# bench_wait_until URL CONDITION [POLL_SECONDS]: returns once the SQL condition is true, polled by the database itself
# over one connection (a psql per poll, with its process start and SCRAM login, took a few percent of a core from the
# pipeline being timed: perf showed it). NULL (a subquery finding no row yet) is not true: without the coalesce,
# WHILE NOT NULL ended the wait at once (bench/queue's failover trials killed a node before its job had started).
bench_wait_until() {
  psql "$1" -tAq -c "DO \$\$ BEGIN WHILE NOT coalesce(($2), false) LOOP PERFORM pg_sleep(${3:-0.1}); END LOOP; END \$\$" >/dev/null
}

# --- live benchmarks (bench/live/run.sh, bench/live/sound.sh): one set-up, one pusher, one phase measurement ---

# live_bench_start NAME: what the live benches need installed, the server built, a bench run (bench_start NAME) with
# `cameras serve --roles ingest,commandroom,evidence` (Live:Record at its default, hashes) and two tokens. Sets port,
# server_pid, terminal (a terminal's token, to push) and viewer (an operator's, to watch).
live_bench_start() {
  ensure_dotnet
  ensure_apt ffmpeg ffmpeg
  ensure_apt node nodejs
  ensure_postgres
  build_cameras
  bench_start "$1"
  port=$(free_port)
  serve_cameras "$port" "$work/data" ingest,commandroom,evidence Cameras__Live__SilenceTimeout=00:01:00
  server_pid=$SERVER_PID
  terminal=$(cameras token --data "$work/data" --role terminal --subject bench-terminal)
  viewer=$(cameras token --data "$work/data" --role operator --subject bench-viewer)
}

# live_push URL [FFMPEG_ARGS...]: ffmpeg as a terminal, in the background and tracked, until stopped: a 320x240 test
# pattern (ultrafast, so the pushers leave the cores to the server), progressive DASH/CMAF PUT, one fragment per frame,
# prft wall-clock stamps. FFMPEG_ARGS stand after the picture's input: another input, with its -map and codec. Sets PUSH_PID.
live_push() {
  local url=$1
  shift
  ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=25 "$@" \
    -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -bf 0 -pix_fmt yuv420p \
    -f dash -strict experimental -ldash 1 -streaming 1 -lhls 1 -seg_duration 1 -use_template 1 -use_timeline 0 \
    -format_options write_prft=wallclock -method PUT "$url" &
  PUSH_PID=$!
  bench_track "$PUSH_PID"
}

# live_phase SECONDS COMMAND...: runs COMMAND (a load that lasts SECONDS and prints one JSON object) and prints that
# object with the server's CPU over it (`cpu`, % of one core) and its resident memory after it (`rss`, MB) added.
live_phase() {
  local seconds=$1 before after out
  shift
  before=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
  out=$("$@")
  after=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
  echo "$out" | node -e "const r = JSON.parse(require('fs').readFileSync(0)); r.cpu = Math.round(($after - $before) / $(getconf CLK_TCK) / $seconds * 100); r.rss = $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$server_pid/status"); console.log(JSON.stringify(r))"
}
