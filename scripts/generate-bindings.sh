#!/usr/bin/env bash
# Regenerates the committed Kotlin and Swift bindings (bindings/kotlin, bindings/swift) from the
# cdylib of kenpo-uniffi (scripts/build-libs.sh: release, or $KENPO_PROFILE) with the workspace's
# uniffi-bindgen (uniffi pinned by Cargo.lock). The metadata uniffi reads does not depend on the
# profile, so every profile generates the same files.
# `--no-format`: ktlint / swift-format are not part of the toolchain, and formatting would make the
# drift check depend on their versions.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(bash scripts/build-libs.sh)"
if [ ! -x "$dir/uniffi-bindgen" ]; then
  profile="${KENPO_PROFILE:-release}"
  cargo build --profile "$profile" --locked -q -p uniffi-bindgen >&2
fi
lib="$dir/libkenpo_uniffi.so"
out="${1:-bindings}"
rm -rf "$out/kotlin" "$out/swift"
for language in kotlin swift; do
  "$dir/uniffi-bindgen" generate --library "$lib" --language "$language" \
    --no-format --metadata-no-deps --out-dir "$out/$language" >&2
done
