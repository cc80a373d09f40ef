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

for suite in tests/c/run.sh tests/kotlin/run.sh tests/swift/run.sh; do
  if [ -f "$suite" ]; then
    echo "== $suite"
    bash "$suite"
  fi
done
echo "== all test suites passed"
