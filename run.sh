#!/usr/bin/env bash
# ./run.sh [serve options]: installs what is missing, starts a private PostgreSQL under the data folder
# (unless Cameras__Postgres names a server), and serves every role: `cameras serve` with these options.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

data=
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --data) data=${args[i+1]:-} ;;
    --data=*) data=${args[i]#--data=} ;;
  esac
done
[ -n "$data" ] || { data=.data; set -- --data "$data" "$@"; }
mkdir -p "$data"

ensure_dotnet
ensure_apt ffmpeg ffmpeg
ensure_gateways # RTMP and SRT for native apps
ensure_apt npm npm # the build fetches the dashboard's browser libraries
[ -n "${Cameras__Postgres:-}" ] || ensure_postgres

log "building"
dotnet build src/Cameras/Cameras.csproj -c Release -o .build/cameras -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2

server=
stop() {
  trap - EXIT INT TERM
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  pg_stop
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

if [ -z "${Cameras__Postgres:-}" ]; then
  pg_start "$data/postgres"
  export Cameras__Postgres=$CAMERAS_POSTGRES
fi

# Without an identity provider, the server prints ready sign-in links (admin, operator) once it listens.
export Cameras__Auth__SignInLinks=${Cameras__Auth__SignInLinks:-true}
dotnet .build/cameras/cameras.dll serve "$@" &
server=$!
set +e
wait "$server"
status=$?
set -e
server=
exit "$status"
