#!/usr/bin/env bash
# Installs what the build needs (only what is missing), then configures and builds into build/.
# Sourced or run by quickstart.sh and test.sh; safe to run again and again.
#   MSTR_BUILD_DIR   build directory (default: build)
#   MSTR_CMAKE_ARGS  extra arguments for the configure step
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${MSTR_BUILD_DIR:-$root/build}

packages=(cmake g++ make ninja-build pkg-config openssl libssl-dev libpoco-dev libboost-dev libsimdjson-dev
          libboost-filesystem-dev libcli11-dev catch2 python3 python3-botocore python3-jwt python3-cryptography
          clang libclang-rt-14-dev llvm-14
          doxygen graphviz
          dpkg-dev groff-base bsdutils zsh
          lintian)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

generator=()
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
# shellcheck disable=SC2086
cmake -S "$root" -B "$build_dir" "${generator[@]}" ${MSTR_CMAKE_ARGS:-} >&2
cmake --build "$build_dir" --parallel "$(nproc)" >&2
