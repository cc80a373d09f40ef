#!/usr/bin/env bash
# The Swift suite of kenpo-uniffi. Debian 12 has no Swift compiler, so scripts/setup-swift.sh
# provides a Debian trixie root with `swiftlang` (cached outside the repository). The host-built
# cdylib (scripts/build-libs.sh), the committed generated Swift (bindings/swift) and tests/swift/main.swift are
# copied into a folder inside that root, compiled with swiftc under chroot, and run there.
# Closing line: "N passed, 0 failed". Without a Swift toolchain the script fails loudly, unless
# KENPO_SKIP_SWIFT=1 is set (then it says so and exits 0).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"

if ! root=$(bash scripts/setup-swift.sh | tail -n 1) || [ ! -x "$root/usr/bin/swiftc" ]; then
  echo "##########################################################################" >&2
  echo "## tests/swift: NO SWIFT TOOLCHAIN: scripts/setup-swift.sh failed.       ##" >&2
  echo "## The Swift bindings were NOT tested. Set KENPO_SKIP_SWIFT=1 to skip.   ##" >&2
  echo "##########################################################################" >&2
  if [ "${KENPO_SKIP_SWIFT:-0}" = "1" ]; then
    echo "tests/swift: skipped (KENPO_SKIP_SWIFT=1)"
    exit 0
  fi
  exit 1
fi

echo "== build the cdylib (${KENPO_PROFILE:-release})"
lib_dir="$(bash scripts/build-libs.sh)"

work_name="kenpo-swift-tests.$$"
work="$root/tmp/$work_name"
mounted_proc=0
cleanup() {
  if [ "$mounted_proc" = 1 ]; then umount "$root/proc" || umount -l "$root/proc" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work"
cp bindings/swift/Kenpo.swift bindings/swift/KenpoFFI.h "$work/"
cp bindings/swift/KenpoFFI.modulemap "$work/module.modulemap"
cp "$lib_dir/libkenpo_uniffi.so" "$work/"
cp tests/swift/*.swift "$work/"
# The public receipt sample the receipt tests read (yokenzan/receiptisan, MIT).
cp crates/kenpo-domain/tests/data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE "$work/"
# A generated receipts file for the cost-unit test (read from the working folder).
cp tests/contract/cost_units_from_receipts/generated.UKE "$work/"
# The demo member master the access tests decide on (read from the working folder).
cp examples/access/member-master.json "$work/"
# The receipt files of every kind and form the receipt tests read (generated from the layouts).
cp tests/contract/read_receipt_file/*.UKE tests/contract/read_receipt_file/*.CSV tests/contract/read_receipt_file/*.HEN "$work/"
if ! mountpoint -q "$root/proc"; then
  mount -t proc proc "$root/proc"
  mounted_proc=1
fi

echo "== compile (swiftc, in the trixie root)"
chroot "$root" /bin/sh -c "cd /tmp/$work_name && swiftc -module-name Kenpo -emit-executable -o kenpo-tests \
  *.swift -I . -L . -lkenpo_uniffi"
echo "== run the Swift tests"
set +e
chroot "$root" /bin/sh -c "cd /tmp/$work_name && RUST_BACKTRACE=0 LD_LIBRARY_PATH=. ./kenpo-tests" | tee "$repo/target/swift-tests.log"
status=${PIPESTATUS[0]}
set -e
summary=$(tail -n 1 "$repo/target/swift-tests.log")
if [ "$status" -ne 0 ] || ! [[ "$summary" =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
  echo "tests/swift: failed (exit $status)" >&2
  exit 1
fi
