#!/usr/bin/env bash
# Times the uniffi premium calls and the 高額療養費 household-month batch from Kotlin
# (benches/kotlin/Bench.kt) and the same calls in Rust (criterion, benches/benches/uniffi.rs), and
# prints the ratios. Short runs: a few seconds each.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t toolchain < <(bash scripts/setup-kotlin.sh)
kotlinc="${toolchain[0]}"
jna="${toolchain[1]}"
cargo build --release --locked -q -p kenpo-uniffi
work=target/kotlin-bench
rm -rf "$work" && mkdir -p "$work"
"$kotlinc" bindings/kotlin/jp/kenpo/kenpo.kt benches/kotlin/Bench.kt -cp "$jna" -include-runtime -nowarn \
  -d "$work/bench.jar" 2>&1 | grep -v '^warning:' || true
java -Djna.library.path=target/release -cp "$work/bench.jar:$jna" BenchKt | tee "$work/kotlin.txt"
cargo bench --locked -q -p kenpo-benches --bench uniffi -- --noplot 2>/dev/null | tee "$work/rust.txt"
# criterion prints "time:   [low mid high]"; take the middle estimate of each benchmark, in ns.
ns() { awk -v name="$1" '
  index($0, name) { found = 1 }
  found && /time:/ { v = $(NF-3); u = $(NF-2); gsub(/\[/, "", v);
    f = (u == "ns") ? 1 : (u == "µs" || u == "us") ? 1000 : (u == "ms") ? 1000000 : 1e9;
    printf "%.1f", v * f; exit }' "$work/rust.txt"; }
rust_single=$(ns "binding monthly_premium (Rust API, no FFI)")
rust_domain=$(ns "domain monthly_premium, rule only")
rust_explained=$(ns "binding monthly_premium explained")
rust_batch=$(ns "1000 lines as one batch")
kotlin_floor=$(sed -n 's/^kotlin abiVersion (one FFI call, the floor): \([0-9]*\) ns\/call$/\1/p' "$work/kotlin.txt")
kotlin_single=$(sed -n 's/^kotlin single monthlyPremium: \([0-9]*\) ns\/call$/\1/p' "$work/kotlin.txt")
kotlin_explained=$(sed -n 's/^kotlin single monthlyPremium explained: \([0-9]*\) ns\/call$/\1/p' "$work/kotlin.txt")
kotlin_batch=$(sed -n 's/^kotlin premiums batch of 1000: \([0-9]*\) ns total.*/\1/p' "$work/kotlin.txt")
kotlin_loop=$(sed -n 's/^kotlin loop of 1000 single calls: \([0-9]*\) ns total.*/\1/p' "$work/kotlin.txt")
rust_hc=$(ns "1000 household-months as one batch")
rust_hc_domain=$(ns "domain decide_month")
kotlin_hc=$(sed -n 's/^kotlin highCostMonths batch of 1000: \([0-9]*\) ns total.*/\1/p' "$work/kotlin.txt")
awk -v kf="$kotlin_floor" -v ks="$kotlin_single" -v rs="$rust_single" -v rd="$rust_domain" -v ke="$kotlin_explained" -v re="$rust_explained" \
    -v kb="$kotlin_batch" -v rb="$rust_batch" -v kl="$kotlin_loop" 'BEGIN {
  printf "one premium (no explanation): Kotlin via FFI / Rust API = %.2f (%.0f ns vs %.0f ns); / domain call = %.2f (%.0f ns)\n", ks / rs, ks, rs, ks / rd, rd;
  printf "one FFI call with nothing to convert (abiVersion): %.0f ns; a method call with a record in and out makes four\n", kf;
  printf "one premium, explained: Kotlin / Rust API = %.2f (%.0f ns vs %.0f ns)\n", ke / re, ke, re;
  printf "1000 premiums: Kotlin batch / Rust batch = %.2f (%.0f ns vs %.0f ns)\n", kb / rb, kb, rb;
  printf "1000 premiums from Kotlin: loop of single calls / one batch call = %.2f\n", kl / kb }'
awk -v kh="$kotlin_hc" -v rh="$rust_hc" -v dh="$rust_hc_domain" 'BEGIN {
  printf "1000 高額療養費 household-months: Kotlin batch / Rust batch = %.2f (%.2f ms vs %.2f ms; domain alone %.2f ms)\n", kh / rh, kh / 1e6, rh / 1e6, dh / 1e6 }'
