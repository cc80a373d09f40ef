#!/usr/bin/env bash
# The Kotlin/JVM suite of kenpo-uniffi: obtains kotlinc and JNA (scripts/setup-kotlin.sh, cached
# outside the repository), builds the cdylib (scripts/build-libs.sh) in the workspace's target directory,
# compiles the committed bindings with the Kotlin tests
# (tests/kotlin/*.kt) and the Java example (examples/java), and runs them on the JVM with JNA.
# Closing line: "N passed, 0 failed" (the Kotlin test cases plus the Java example).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

mapfile -t toolchain < <(bash scripts/setup-kotlin.sh)
kotlinc="${toolchain[0]}"
jna="${toolchain[1]}"
for tool in java javac; do
  command -v "$tool" >/dev/null || { echo "tests/kotlin: $tool (JDK 17) is required" >&2; exit 1; }
done

echo "== build the cdylib (${KENPO_PROFILE:-release})"
lib_dir="$(bash scripts/build-libs.sh)"

# The committed bindings' drift check is crates/kenpo-uniffi/tests/bindings_drift.rs (in
# `cargo test`, the same generator and options as scripts/generate-bindings.sh).
work="$root/target/kotlin-tests"
rm -rf "$work"
mkdir -p "$work"

echo "== compile (kotlinc)"
"$kotlinc" bindings/kotlin/jp/kenpo/kenpo.kt tests/kotlin/*.kt -cp "$jna" -include-runtime \
  -nowarn -d "$work/kenpo-tests.jar" 2>&1 | grep -v '^warning:' || true
[ -f "$work/kenpo-tests.jar" ] || { echo "tests/kotlin: kotlinc failed" >&2; exit 1; }
javac -d "$work/java" -cp "$work/kenpo-tests.jar" examples/java/*.java

echo "== run the Kotlin tests"
cp=("$work/kenpo-tests.jar:$jna")
set +e
RUST_BACKTRACE=0 java -Djna.library.path="$lib_dir" -cp "${cp[0]}" MainKt | tee "$work/kotlin.log"
kotlin_status=${PIPESTATUS[0]}
echo "== run the Java example"
RUST_BACKTRACE=0 java -Djna.library.path="$lib_dir" -cp "$work/java:${cp[0]}" PremiumExample | tee "$work/java.log"
java_status=${PIPESTATUS[0]}
set -e

summary=$(tail -n 1 "$work/kotlin.log")
passed=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$summary")
failed=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$summary")
if [ -z "$passed" ]; then passed=0; failed=1; fi
if [ "$kotlin_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$java_status" -eq 0 ] && [ "$(tail -n 1 "$work/java.log")" = "java example: ok" ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
