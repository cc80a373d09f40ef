#!/usr/bin/env bash
# Builds the libraries the cross-language suites load (libkenpo for C, libkenpo_uniffi for
# Kotlin/Swift) and, for release, the workspace's uniffi-bindgen, and prints the folder that holds
# them.
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
  # The uniffi-bindgen tool is not built here: `cargo build -p uniffi-bindgen` resolves its own
  # features and recompiles uniffi's dependency tree (three minutes on a fresh CI machine), and
  # only scripts/generate-bindings.sh needs it (it builds it when missing). The suites' drift
  # check is crates/kenpo-uniffi/tests/bindings_drift.rs, in `cargo test`.
fi
target_dir="$(cargo metadata --format-version 1 --no-deps --locked | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
case "$profile" in
  dev | test) dir=debug ;;
  bench) dir=release ;;
  *) dir="$profile" ;;
esac
out="$target_dir/$dir"
if [ "$profile" != release ]; then
  # `cargo test` builds the libraries only as dependencies of the tests: cargo leaves the cdylib
  # and staticlib files in deps/ and copies up only what was asked for by name. Link them up
  # (what `cargo build` would do), so every caller finds them in one folder.
  for lib in libkenpo.so libkenpo.a libkenpo.dylib libkenpo_uniffi.so libkenpo_uniffi.dylib; do
    if [ -f "$out/deps/$lib" ]; then
      ln -f "$out/deps/$lib" "$out/$lib"
    fi
  done
  for lib in libkenpo.a libkenpo libkenpo_uniffi; do
    case "$lib" in *.a) found="$out/$lib" ;; *) found="$(ls "$out/$lib".so "$out/$lib".dylib 2>/dev/null | head -n 1 || true)" ;; esac
    if [ ! -f "$found" ]; then
      echo "scripts/build-libs.sh: $lib was not built in $out (profile $profile)" >&2
      exit 1
    fi
  done
fi
echo "$out"
