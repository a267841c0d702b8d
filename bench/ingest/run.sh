#!/usr/bin/env bash
# bench/ingest/run.sh [SIZE_MIB]: dock-ingest benchmark, one command.
# Uploads a random file (default 4096 MiB) over loopback to `cameras serve` (tus, hashing, fsync, completion into the
# object store) and reports throughput and the server's peak RSS; in the same run measures the limits (.NET SHA-256
# over the file, `dd conv=fdatasync` writing it) and @tus/server + @tus/file-store receiving the same file from the
# same client; then 16 parallel uploads of the file's 16 slices. Prints Markdown rows for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
size_mib=${1:-4096}

ensure_dotnet
ensure_postgres
[ -d tests/tools/node_modules/@tus/server ] || (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
build_cameras
dotnet build bench/ingest/client/IngestBench.csproj -c Release -nologo -v quiet "-clp:ErrorsOnly;NoSummary" -o .build/bench/client

bench_start ingest
file=$work/file.bin
log "writing a ${size_mib} MiB random file"
head -c $((size_mib << 20)) /dev/urandom > "$file"
bytes=$((size_mib << 20))
client() { dotnet .build/bench/client/IngestBench.dll "$@"; }
peak_rss_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; die "nothing listens on $1"; }

log "limit: .NET SHA-256 over the file"
client hash "$file" >/dev/null # warm the page cache as the upload's reads are warm
hash_rate=$(client hash "$file")
log "limit: dd conv=fdatasync"
dd_rate=$(dd if="$file" of="$work/dd.out" bs=1M conv=fdatasync 2>&1 | awk -v b="$bytes" '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") printf "%d", b / $(i-1) / 1e6 }')
rm -f "$work/dd.out"


log "cameras serve: one upload"
port=$(free_port)
serve_cameras "$port" "$work/data-$port" ingest,evidence
sleep 2 # the server's own startup work (migrations, first connections) is over before anything is timed
token=$(cameras token --data "$work/data-$port" --role dock --subject bench)
cameras_rate=$(client upload "http://127.0.0.1:$port/dock/uploads" "$token" "$file" 1)
cameras_rss=$(peak_rss_mb "$SERVER_PID")
bench_kill "$SERVER_PID"
rm -rf "$work/data-$port"

log "cameras serve: 16 parallel uploads"
port=$(free_port)
serve_cameras "$port" "$work/data-$port" ingest,evidence
sleep 2 # the server's own startup work (migrations, first connections) is over before anything is timed
token=$(cameras token --data "$work/data-$port" --role dock --subject bench)
parallel_rate=$(client upload "http://127.0.0.1:$port/dock/uploads" "$token" "$file" 16)
parallel_rss=$(peak_rss_mb "$SERVER_PID")
bench_kill "$SERVER_PID"
rm -rf "$work/data-$port"

log "@tus/server + @tus/file-store: one upload"
port=$(free_port)
mkdir -p "$work/tus-store"
node bench/ingest/tus-node-server.mjs "$port" "$work/tus-store" >/dev/null &
tus_pid=$!
bench_track "$tus_pid"
wait_port "$port"
tusd_rate=$(client upload "http://127.0.0.1:$port/files" none "$file" 1)
tusd_rss=$(peak_rss_mb "$tus_pid")
bench_kill "$tus_pid"

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%d GB", $2 / 1e6 }' /proc/meminfo), shared"
limit=$(( hash_rate < dd_rate ? hash_rate : dd_rate ))
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "size ${size_mib} MiB; SHA-256 ${hash_rate} MB/s; dd conv=fdatasync ${dd_rate} MB/s; cameras ${cameras_rate} MB/s (peak RSS ${cameras_rss} MB);"
echo "16 parallel ${parallel_rate} MB/s (peak RSS ${parallel_rss} MB); @tus/server ${tusd_rate} MB/s (peak RSS ${tusd_rss} MB)"
echo
echo "| 3 | dock upload, ${size_mib} MiB over loopback | ${cameras_rate} MB/s | min(SHA-256 ${hash_rate}, dd fdatasync ${dd_rate}) = ${limit} MB/s | $(ratio "$cameras_rate" "$limit") (goal ≥ 0.8) | $machine | \`bench/ingest/run.sh ${size_mib}\` |"
echo "| 3 | dock upload vs @tus/server + @tus/file-store (no hash, no fsync) | ${cameras_rate} MB/s | ${tusd_rate} MB/s | $(ratio "$cameras_rate" "$tusd_rate") (goal ≥ 1.0) | $machine | \`bench/ingest/run.sh ${size_mib}\` |"
echo "| 3 | server peak RSS during the ${size_mib} MiB upload | ${cameras_rss} MB | goal ≤ 300 MB (@tus/server: ${tusd_rss} MB) | $(ratio "$cameras_rss" 300) of the cap | $machine | \`bench/ingest/run.sh ${size_mib}\` |"
echo "| 3 | 16 parallel uploads (16 slices of the file), aggregate | ${parallel_rate} MB/s (peak RSS ${parallel_rss} MB) | single stream ${cameras_rate} MB/s | $(ratio "$parallel_rate" "$cameras_rate") (goal ≥ 0.7) | $machine | \`bench/ingest/run.sh ${size_mib}\` |"
