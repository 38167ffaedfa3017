#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole suite through ctest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${MSTR_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" --timeout 300
