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
