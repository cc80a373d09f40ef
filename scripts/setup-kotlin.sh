#!/usr/bin/env bash
# Obtains the Kotlin compiler (from the npm package `kotlin-compiler`, which carries the complete
# Kotlin distribution) and JNA (Debian package libjna-java), cached outside the repository under
# ${KENPO_CACHE:-$HOME/.cache/kenpo}/kotlin. Prints two lines: the kotlinc path and the jna.jar path.
set -euo pipefail
cache="${KENPO_CACHE:-$HOME/.cache/kenpo}"
version="${KENPO_KOTLIN_VERSION:-2.4.20}"
dir="$cache/kotlin-$version"
kotlinc="$dir/node_modules/kotlin-compiler/bin/kotlinc"
if [ ! -x "$kotlinc" ]; then
  echo "setup-kotlin: installing kotlin-compiler@$version from npm into $dir" >&2
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "kotlin-compiler@$version" >&2
  chmod +x "$dir"/node_modules/kotlin-compiler/bin/* 2>/dev/null || true
fi
jna=/usr/share/java/jna.jar
if [ ! -f "$jna" ]; then
  echo "setup-kotlin: installing libjna-java" >&2
  (apt-get -o DPkg::Lock::Timeout=600 update -qq || true) >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq libjna-java >&2
fi
echo "$kotlinc"
echo "$jna"
