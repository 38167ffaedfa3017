#!/usr/bin/env bash
# Builds and runs the tests under sanitizers, each configuration in a build directory of its own:
#   scripts/sanitizers.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer, the whole suite
#                                (build-asan; tests labelled "soak" are left to bench/soak)
#   scripts/sanitizers.sh tsan   ThreadSanitizer, the tests labelled "threads" (build-tsan)
#   scripts/sanitizers.sh        both, in that order
# Environment: MSTR_ASAN_BUILD_DIR, MSTR_TSAN_BUILD_DIR (build directories), MSTR_JOBS (parallel
# compile and test jobs, default: the number of cores), MSTR_CTEST_ARGS (extra ctest arguments,
# e.g. "-R cookie").
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${MSTR_JOBS:-$(nproc)}
suppressions=$root/scripts/sanitizers

configure_and_build() {
  local build_dir=$1 sanitize=$2 target=$3
  local generator=()
  if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
  # -O1 -g1: line tables are all a sanitizer report needs, and the build takes half the time of
  # -O2 -g, which matters on CI's two cores.
  cmake -S "$root" -B "$build_dir" "${generator[@]}" -DMSTR_SANITIZE="$sanitize" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" >&2
  cmake --build "$build_dir" --target "$target" --parallel "$jobs" >&2
}

run_asan() {
  local build_dir=${MSTR_ASAN_BUILD_DIR:-$root/build-asan}
  echo "sanitizers: AddressSanitizer + UndefinedBehaviorSanitizer in $build_dir" >&2
  configure_and_build "$build_dir" address,undefined all
  # Plugins are dlopen()ed by instrumented executables, so they share the executable's ASan
  # runtime; child processes (the CLI, the mock server executable) inherit these options, the
  # Python fakes ignore them.
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1 \
  LSAN_OPTIONS=suppressions=$suppressions/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs" --timeout 600 -LE soak ${MSTR_CTEST_ARGS:-}
}

run_tsan() {
  local build_dir=${MSTR_TSAN_BUILD_DIR:-$root/build-tsan}
  echo "sanitizers: ThreadSanitizer in $build_dir (tests labelled threads)" >&2
  configure_and_build "$build_dir" thread mstr_thread_tests
  # shellcheck disable=SC2086
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$suppressions/tsan.supp \
    ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs" --timeout 600 -L threads ${MSTR_CTEST_ARGS:-}
}

case "${1:-all}" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  all) run_asan && run_tsan ;;
  *) echo "usage: $0 [asan|tsan|all]" >&2; exit 2 ;;
esac
