#!/usr/bin/env bash
# Benchmark: one 100 MB evidence upload to the release build on loopback (the size limit raised
# for it), against `dd` writing the same size to the same disk; and the server's peak memory
# growth during the upload (VmHWM after, less VmRSS before). Run after `cargo leptos build --release`.
#   bash tests/bench/evidence-upload.sh [size in MB, default 100] [csv|pdf, default csv]
# A CSV is checked (UTF-8, no markup, parses) to its last byte; a PDF only in its first 64 KiB.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb="${1:-100}"
kind="${2:-csv}"
bin="${PLEDGEBOOK_BIN:-${CARGO_TARGET_DIR:-target}/release/pledgebook}"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/bench.sqlite?mode=rwc" EVIDENCE_DIR="$work/evidence" SITE_ROOT=target/site
export EVIDENCE_MAX_MB=$((size_mb + 10)) LOG_LEVEL=info LISTEN_ADDR=127.0.0.1:0 NO_COLOR=1
"$bin" seed-demo >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1)

# The file, of the given size (evidence is checked by content, so it must be a real CSV or PDF).
file="$work/big.$kind"
python3 - "$file" "$size_mb" "$kind" <<'PY'
import sys
path, mb, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
row = b"2026-05-12,Apprentice gardener,37.5,long-term unemployed\n"
if kind == "pdf":
    row = b"0 0 0 rg 10 10 200 200 re f % a page's drawing operators, repeated\n"
with open(path, "wb") as f:
    f.write(b"date,role,hours,recruited from\n" if kind == "csv" else b"%PDF-1.4\n")
    target = mb * 1024 * 1024
    block = row * (1024 * 1024 // len(row))
    while f.tell() + len(block) <= target:
        f.write(block)
    f.write(row * ((target - f.tell()) // len(row)))
PY
bytes=$(stat -c %s "$file")

# Sign in as the demo supplier, start quarter 2's return, find a line.
jar="$work/cookies"
curl -s -o /dev/null -c "$jar" -H "Origin: $base" -d "email=bids@example-facilities.example&password=pledgebook+demo+only" "$base/sign-in"
contract=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select id from contract where reference='DEMO-2026-002'\").fetchone()[0])" "$work/bench.sqlite")
curl -s -o /dev/null -b "$jar" -H "Origin: $base" -X POST "$base/contracts/$contract/returns/2/start"
line=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select l.id from return_line l join quarterly_return r on r.id = l.return_id where r.quarter = 2 order by l.id').fetchone()[0])" "$work/bench.sqlite")

rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
start=$(date +%s.%N)
status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -b "$jar" -H "Origin: $base" -H 'Accept: application/json' \
  -F "file=@$file" "$base/evidence/lines/$line")
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
[ "$status" = 200 ] || { echo "upload answered $status: $(cat "$work/answer.json")" >&2; exit 1; }

sync
dd_start=$(date +%s.%N)
dd if="$file" of="$work/dd-copy" bs=1M status=none
dd_end=$(date +%s.%N)
rm -f "$work/dd-copy"
dd_sync_start=$(date +%s.%N)
dd if="$file" of="$work/dd-copy" bs=1M conv=fsync status=none
dd_sync_end=$(date +%s.%N)

python3 - "$bytes" "$start" "$end" "$dd_start" "$dd_end" "$rss_before" "$peak" "$dd_sync_start" "$dd_sync_end" "$kind" <<'PY'
import sys
size, s, e, ds, de, before, peak, fs, fe = (float(x) for x in sys.argv[1:10])
print(f"file type: {sys.argv[10]}")
mb = size / 1024 / 1024
up = mb / (e - s)
dd = mb / (de - ds)
print(f"upload of {mb:.0f} MB: {e - s:.2f} s, {up:.0f} MB/s")
print(f"dd of the same file to the same disk: {de - ds:.2f} s, {dd:.0f} MB/s")
print(f"upload throughput / dd: {up / dd * 100:.0f}% (target >= 70%)")
sync_rate = mb / (fe - fs)
print(f"dd with conv=fsync: {fe - fs:.2f} s, {sync_rate:.0f} MB/s; upload / that: {up / sync_rate * 100:.0f}%")
print(f"server RSS before: {before / 1024:.1f} MB; peak: {peak / 1024:.1f} MB; growth: {(peak - before) / 1024:.1f} MB (target <= 32 MB)")
PY
