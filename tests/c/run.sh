#!/usr/bin/env bash
# Builds libkenpo (shared and static), stages it with its header and pkg-config file, then
# compiles every tests/c/test_*.c program two ways and runs it:
#   gcc   -std=c99 -Wall -Wextra -Werror -pedantic, linked to the shared library, under valgrind
#   clang (same flags) -fsanitize=address,undefined, linked to the static library
# A program's cases count as passed only when both runs pass them (valgrind:
# --error-exitcode=1 --leak-check=full, and "definitely/indirectly/possibly lost: 0 bytes").
# (A third run, clang without sanitizers on the static library under valgrind, found nothing the
# two others did not and cost a third of the suite's time: the static library is still linked and
# run by the sanitizer build, and the strict flags are still checked by both compilers.)
# Programs are checked side by side, one per core; their lines are printed in file order.
# Installs clang and valgrind with apt-get when missing (CI is root on Debian 12).
# Closing line: "N passed, M failed" over the C test cases.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
if [ "${#need[@]}" -gt 0 ]; then
  echo "== installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== build libkenpo (${KENPO_PROFILE:-release})"
REL="$(bash scripts/build-libs.sh)"
TARGET_DIR="$(dirname "$REL")"

# Stage an install tree: include/kenpo.h, lib/libkenpo.{so,a}, lib/pkgconfig/kenpo.pc.
STAGE="$TARGET_DIR/kenpo-c"
rm -rf "$STAGE"
mkdir -p "$STAGE/include" "$STAGE/lib/pkgconfig"
cp bindings/c/kenpo.h "$STAGE/include/"
cp "$REL/libkenpo.so" "$REL/libkenpo.a" "$STAGE/lib/"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
sed -e "s|@PREFIX@|$STAGE|" -e "s|@VERSION@|$VERSION|" bindings/c/kenpo.pc.in >"$STAGE/lib/pkgconfig/kenpo.pc"
export PKG_CONFIG_PATH="$STAGE/lib/pkgconfig"

CFLAGS_STRICT=(-std=c99 -Wall -Wextra -Werror -pedantic -gdwarf-4 -O1)
CFLAGS_PC=($(pkg-config --cflags kenpo))
LIBS_SHARED=($(pkg-config --libs kenpo) -Wl,-rpath,"$STAGE/lib")
# Static: name the archive itself (a bare -lkenpo would pick the .so) plus the private libs.
LIBS_STATIC=("$STAGE/lib/libkenpo.a" $(pkg-config --static --libs-only-l kenpo | sed 's/-lkenpo//'))
VALGRIND=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible
  --suppressions="$ROOT/tests/c/valgrind.supp" -q)

OUT="$TARGET_DIR/kenpo-c/tests"
mkdir -p "$OUT"
export KENPO_RECEIPT_SAMPLE="$ROOT/crates/kenpo-domain/tests/data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE"
export KENPO_RECEIPT_FIXTURES="$ROOT/tests/contract/read_receipt_file"
export KENPO_TEST_TMP="$OUT"
passed=0
failed=0

# run LABEL CMD...: runs one build of a test program, prints its case lines on failure.
run() {
  local label="$1"; shift
  local log="$OUT/$label.log"
  if "$@" >"$log" 2>&1; then
    return 0
  fi
  echo "-- $label failed:"
  cat "$log"
  return 1
}

# check SRC: builds and runs one program both ways; writes "ok|FAIL CASES" to $OUT/NAME.result.
check() {
  local src="$1" name ok cases
  name="$(basename "$src" .c)"
  ok=1
  {
    gcc "${CFLAGS_STRICT[@]}" "${CFLAGS_PC[@]}" -Itests/c "$src" -o "$OUT/$name.gcc" "${LIBS_SHARED[@]}" || ok=0
    clang "${CFLAGS_STRICT[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
      "${CFLAGS_PC[@]}" -Itests/c "$src" -o "$OUT/$name.asan" "${LIBS_STATIC[@]}" || ok=0
    if [ "$ok" -eq 1 ]; then
      run "$name.gcc.valgrind" "${VALGRIND[@]}" "$OUT/$name.gcc" || ok=0
      ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        run "$name.asan" "$OUT/$name.asan" || ok=0
    fi
  } >"$OUT/$name.out" 2>&1
  # Cases of the program (from the gcc run's log, or the source when it did not build).
  if [ -f "$OUT/$name.gcc.valgrind.log" ]; then
    cases="$(grep -c '^\(PASS\|FAIL\) ' "$OUT/$name.gcc.valgrind.log" || true)"
  else
    cases="$(grep -c 'KT_RUN(' "$src" || true)"
  fi
  if [ "$ok" -eq 1 ]; then echo "ok $cases"; else echo "FAIL $cases"; fi >"$OUT/$name.result"
}

jobs_max="$(nproc 2>/dev/null || echo 2)"
rm -f "$OUT"/*.result "$OUT"/*.log
for src in tests/c/test_*.c; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  check "$src" &
done
wait

for src in tests/c/test_*.c; do
  name="$(basename "$src" .c)"
  read -r verdict cases <"$OUT/$name.result" || { verdict=FAIL; cases=1; }
  if [ "$verdict" = ok ]; then
    passed=$((passed + cases))
    echo "ok   $name: $cases cases (gcc+valgrind, clang asan+ubsan)"
  else
    failed=$((failed + cases))
    echo "FAIL $name"
    cat "$OUT/$name.out"
  fi
done

# The vendor example must build with gcc and run.
# The library just tested (LIBDIR), not a second release build of the whole tree.
if make -s -C examples/c -B run LIBDIR="$REL" >"$OUT/example.log" 2>&1; then
  echo "ok   examples/c: built with gcc and ran"
else
  echo "FAIL examples/c:"
  cat "$OUT/example.log"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
