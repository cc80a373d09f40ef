#!/usr/bin/env bash
# Obtains a Swift toolchain for the uniffi Swift tests, cached outside the repository.
#
# Debian 12 packages no Swift compiler; Debian 13 (trixie) does (package `swiftlang`). We build a
# minimal trixie root with debootstrap once (about 3 GB, a few minutes) under
# ${KENPO_CACHE:-$HOME/.cache/kenpo}/swift-root and run swiftc inside it with chroot.
# Prints the root's path on its last line. Needs root (CI and developer machines here are root).
set -euo pipefail
cache="${KENPO_CACHE:-$HOME/.cache/kenpo}"
root="$cache/swift-root"
stamp="$root/.kenpo-ready"
if [ -f "$stamp" ] && [ -x "$root/usr/bin/swiftc" ]; then
  echo "$root"
  exit 0
fi
mkdir -p "$cache"
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "setup-swift: installing debootstrap" >&2
  (apt-get -o DPkg::Lock::Timeout=600 update -qq || true) >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq debootstrap >&2
fi
rm -rf "$root.partial"
echo "setup-swift: debootstrap trixie with swiftlang into $root (one time, a few minutes)" >&2
debootstrap --variant=minbase --include=swiftlang,libc6-dev trixie "$root.partial" >&2
rm -rf "$root"
mv "$root.partial" "$root"
touch "$stamp"
echo "$root"
