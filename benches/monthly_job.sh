#!/usr/bin/env bash
# The monthly job of the demo society at scale: wall time per stage (printed by `kenpo demo`)
# and peak memory (`/usr/bin/time -v`, maximum resident set size), for N insured persons
# (default 300,000; dependants come on top). Also prints the member master's bytes per person.
#
#   benches/monthly_job.sh [N]
set -euo pipefail
N="${1:-300000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
cargo build --release -q -p kenpo-cli
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
/usr/bin/time -v target/release/kenpo demo --members "$N" --out "$OUT/out" \
  >"$OUT/stdout" 2>"$OUT/time"
echo "== kenpo demo --members $N (release) =="
sed -n '/^-- stages/,/^出力/p' "$OUT/stdout" | grep -v '^出力'
grep -E '加入者|被保険者 insured|レセプト' "$OUT/stdout"
grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$OUT/time" | sed 's/^\s*//'
KENPO_MEMBERS="${MASTER_MEMBERS:-$N}" cargo bench -q -p kenpo-benches --bench master_memory 2>/dev/null \
  | grep -E '^(member master|bytes per person)'
