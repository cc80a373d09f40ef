#!/usr/bin/env bash
# The full test command of the README: everything CI runs (.ci/run calls exactly this).
# Rust: format, lints, docs, unit/integration/doc tests. Then the cross-language suites.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy --all-targets -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
echo "== cargo test"
cargo test --workspace --locked

# The cross-language suites: each installs what it needs on first use and prints
# "N passed, 0 failed". tests/swift/run.sh fails loudly when no Swift toolchain can be had,
# unless KENPO_SKIP_SWIFT=1.
for suite in tests/c/run.sh tests/kotlin/run.sh tests/swift/run.sh; do
  echo "== $suite"
  bash "$suite"
done
echo "== all test suites passed"
