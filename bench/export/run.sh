#!/usr/bin/env bash
# bench/export/run.sh [MIB [FILES]]: the sealed-export benchmark (default 4096 MiB of media in 4 files, cached under
# bench/.cache/export). Exports them through the real server and worker job, against cp + sync + sha256sum of the
# same files in the same run; then `cameras verify` of the package against `sha256sum -c` of the same media.
# Prints Markdown rows for bench/RESULTS.md (MACHINE is left for the person who runs it to fill in).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_dotnet
ensure_postgres
bench_start export
log "building"
dotnet build bench/export/ExportBench.csproj -c Release -o "$work/bin" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
mkdir -p bench/.cache/export
log "running"
dotnet "$work/bin/ExportBench.dll" "$CAMERAS_POSTGRES" "$work" "$(pwd)/bench/.cache/export" "${1:-4096}" "${2:-4}"
