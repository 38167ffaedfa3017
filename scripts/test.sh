#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole suite through ctest.
#   MSTR_WARNINGS_AS_ERRORS=ON  compiles with -Werror (CI does). It is passed to the configure step
#                               on every run, OFF unless set, so a build directory CI configured does
#                               not keep failing a contributor's build on a new compiler's warning.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${MSTR_BUILD_DIR:-$root/build}

MSTR_CMAKE_ARGS="-DMSTR_WARNINGS_AS_ERRORS=${MSTR_WARNINGS_AS_ERRORS:-OFF} ${MSTR_CMAKE_ARGS:-}" \
  "$root/scripts/setup.sh"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" --timeout 300
