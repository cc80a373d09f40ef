#!/usr/bin/env bash
# Builds the libraries the cross-language suites load (libkenpo for C, libkenpo_uniffi for
# Kotlin/Swift) and the workspace's uniffi-bindgen, and prints the folder that holds them.
#
# The profile is $KENPO_PROFILE, `release` by default. scripts/test.sh sets `ci` (Cargo.toml: the
# dev profile at opt-level 1, debug assertions and overflow checks on) and has already run
# `cargo test --profile ci`, whose build made these same libraries: here that build is only
# confirmed (`cargo test --no-run`, the same package and feature selection, so nothing is
# rebuilt), and the suites test the very code the Rust tests ran, with no second, release
# compilation of the whole dependency tree. One invocation for all three libraries either way, so
# every suite loads a library built with the same features.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${KENPO_PROFILE:-release}"
if [ "$profile" = release ]; then
  cargo build --release --locked -q -p kenpo-ffi -p kenpo-uniffi -p uniffi-bindgen >&2
else
  cargo test --workspace --profile "$profile" --locked -q --no-run >&2
  # cargo test builds uniffi-bindgen only as a test harness; the tool itself is one more binary.
  cargo build --profile "$profile" --locked -q -p uniffi-bindgen >&2
fi
target_dir="$(cargo metadata --format-version 1 --no-deps --locked | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
case "$profile" in
  dev | test) dir=debug ;;
  bench) dir=release ;;
  *) dir="$profile" ;;
esac
echo "$target_dir/$dir"
