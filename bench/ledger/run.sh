#!/usr/bin/env bash
# bench/ledger/run.sh [EVENTS]: the custody ledger benchmark on a private PostgreSQL (fsync on, as deployed).
# Prints Markdown rows for bench/RESULTS.md: appends/s with 8 writers, verify time at EVENTS (default 1,000,000)
# events, inclusion-proof time and size; each with a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
ensure_dotnet
ensure_postgres
bench_start ledger
log "building"
dotnet build bench/ledger/LedgerBench.csproj -c Release -o "$work/bin" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
log "running (several minutes)"
dotnet "$work/bin/LedgerBench.dll" "$CAMERAS_POSTGRES" "$work/data" "${1:-1000000}"
