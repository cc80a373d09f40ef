#!/usr/bin/env bash
# The full test command of the README: everything CI runs (.ci/run calls exactly this).
# Rust: format, lints, docs, unit/integration/doc tests. Then the cross-language suites.
# The last line sums every suite: "total: N passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/.."
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT
# One build for everything below: the Rust tests and the three suites use the `ci` profile
# (Cargo.toml; scripts/build-libs.sh says why).
export KENPO_PROFILE=ci

# The suites' toolchains (Kotlin compiler and JNA, the Swift root) download while Rust compiles:
# on a fresh machine that is minutes of network and disk work taken off the critical path. Each
# suite calls its setup script again (a no-op once done), so a failure here is reported there.
bash scripts/setup-kotlin.sh >"$log_dir/setup-kotlin.log" 2>&1 &
setup_kotlin=$!
bash scripts/setup-swift.sh >"$log_dir/setup-swift.log" 2>&1 &
setup_swift=$!

# Each section's wall time, so a slow CI run shows where the time went.
section_start=$SECONDS
section() {
  echo "   ($((SECONDS - section_start)) s)"
  section_start=$SECONDS
  echo "== $*"
}

echo "== cargo fmt --check"
cargo fmt --all -- --check
section "cargo clippy --all-targets -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
section "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
section "cargo test"
cargo test --workspace --profile ci --locked 2>&1 | tee "$log_dir/cargo.log"

wait "$setup_kotlin" || echo "   (toolchain prefetch: scripts/setup-kotlin.sh failed; tests/kotlin retries it)"
wait "$setup_swift" || echo "   (toolchain prefetch: scripts/setup-swift.sh failed; tests/swift retries it)"

# The cross-language suites: each installs what it needs on first use and prints
# "N passed, 0 failed". tests/swift/run.sh fails loudly when no Swift toolchain can be had,
# unless KENPO_SKIP_SWIFT=1.
for suite in c kotlin swift; do
  section "tests/$suite/run.sh"
  bash "tests/$suite/run.sh" 2>&1 | tee "$log_dir/$suite.log"
done

section "summary (the whole run: $SECONDS s)"
rust_passed=$(awk '/^test result: ok\./ { s += $4 } END { print s + 0 }' "$log_dir/cargo.log")
suites_passed=0
for suite in c kotlin swift; do
  n=$(sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p' "$log_dir/$suite.log" | tail -n 1)
  echo "   tests/$suite: ${n:-0} passed"
  suites_passed=$((suites_passed + ${n:-0}))
done
echo "   cargo test: ${rust_passed:-0} passed"
echo "total: $(( ${rust_passed:-0} + suites_passed )) passed, 0 failed"
