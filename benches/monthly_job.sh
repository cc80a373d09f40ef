#!/usr/bin/env bash
# One month's run of the demo society on a store already loaded, for N insured persons
# (default 300,000; dependants come on top).
#
#   benches/monthly_job.sh [N]
#
# Outside the timing: the demo society is generated, a store is created and the society's
# opening records are imported into it (`--example month_store`), and the first month's
# receipt file is written. Timed: `kenpo run` of that month (open the store, read the master
# and the state, run the pipeline, write the run into the store, write the month's files), its
# wall time and peak memory (`/usr/bin/time -v`). Then the baseline, in the same run: the same
# receipt file read and split into records by the `csv` crate (`--example receipts_split`).
#
# Prints the pipeline's stages (from the run's stages.csv) with the cost per record, and as its
# last lines `month_run_s=`, `peak_rss_mb=` and `baseline_s=`.
set -euo pipefail
N="${1:-300000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
cargo build --release -q -p kenpo-cli
cargo build --release -q -p kenpo-benches --example month_store --example receipts_split
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "== setup (not timed): demo society of $N insured persons imported into a store =="
target/release/examples/month_store "$N" "$WORK" >"$WORK/setup"
cat "$WORK/setup"
STORE="$(sed -n 's/^store=//p' "$WORK/setup")"
MONTH="$(sed -n 's/^month=//p' "$WORK/setup")"
RECEIPTS="$(sed -n 's/^receipts=//p' "$WORK/setup")"
echo "receipt file: $(du -m "$RECEIPTS" | cut -f1) MB"

echo "== kenpo run --month $MONTH (release) =="
START=$(date +%s%N)
/usr/bin/time -v target/release/kenpo run --store "$STORE" --month "$MONTH" \
  --receipts "$RECEIPTS" --out "$WORK/out" --json >"$WORK/summary.json" 2>"$WORK/time"
END=$(date +%s%N)
# Stages: wall time, records, and the cost per record.
awk -F, 'NR > 1 {
  per = ($3 > 0) ? sprintf("%.2f µs/record", $2 * 1000 / $3) : "";
  printf "  %-40s %8.3f s %9d records  %s\n", $1, $2 / 1000, $3, per
}' "$WORK/out/stages.csv"
RSS_KB=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$WORK/time")

echo "== baseline: the same receipt file split by the csv crate =="
target/release/examples/receipts_split "$RECEIPTS" >"$WORK/baseline"
grep -v '^baseline_s=' "$WORK/baseline"

awk -v s="$START" -v e="$END" 'BEGIN { printf "month_run_s=%.2f\n", (e - s) / 1e9 }'
awk -v k="$RSS_KB" 'BEGIN { printf "peak_rss_mb=%.0f\n", k / 1024 }'
grep '^baseline_s=' "$WORK/baseline"
