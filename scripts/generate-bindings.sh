#!/usr/bin/env bash
# Regenerates the committed Kotlin and Swift bindings (bindings/kotlin, bindings/swift) from the
# release cdylib of kenpo-uniffi with the workspace's uniffi-bindgen (uniffi pinned by Cargo.lock).
# `--no-format`: ktlint / swift-format are not part of the toolchain, and formatting would make the
# drift check depend on their versions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p kenpo-uniffi -p uniffi-bindgen
lib=target/release/libkenpo_uniffi.so
out="${1:-bindings}"
rm -rf "$out/kotlin" "$out/swift"
for language in kotlin swift; do
  target/release/uniffi-bindgen generate --library "$lib" --language "$language" \
    --no-format --metadata-no-deps --out-dir "$out/$language" >&2
done
