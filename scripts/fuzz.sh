#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (plus ASan and UBSan) and runs each one for a
# bounded time, starting from its seed corpus in fuzz/corpus/<target>/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   default: 20 seconds for every target
# Environment: MSTR_FUZZ_BUILD_DIR (default build-fuzz), MSTR_JOBS (parallel compile jobs, and
# fuzzers run at once; default: the number of cores),
# MSTR_FUZZ_SEED (libFuzzer's -seed; unset means a new random seed every run). With a fixed seed and
# a fresh build directory a run repeats itself input for input, which is how CI runs it; a campaign
# meant to find new bugs leaves the seed unset and runs longer.
# New inputs the fuzzer finds go to $MSTR_FUZZ_BUILD_DIR/fuzz-corpus/<target>/ (never into the repo's
# seeds); a crashing input is written to $MSTR_FUZZ_BUILD_DIR/fuzz-artifacts/<target>/ and fails the run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${MSTR_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${MSTR_JOBS:-$(nproc)}
seconds=${1:-20}
shift || true

case "$seconds" in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;; esac

generator=()
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DMSTR_BUILD_FUZZERS=ON \
  -DMSTR_SANITIZE=address,undefined -DMSTR_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >&2
cmake --build "$build_dir" --target mstr_fuzzers --parallel "$jobs" >&2

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in "$root"/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
seed_option=()
if [ -n "${MSTR_FUZZ_SEED:-}" ]; then
  case "$MSTR_FUZZ_SEED" in *[!0-9]*) echo "fuzz: MSTR_FUZZ_SEED must be a number" >&2; exit 2 ;; esac
  seed_option=(-seed="$MSTR_FUZZ_SEED")
fi
for target in "${targets[@]}"; do
  [ -x "$build_dir/fuzz/$target" ] || { echo "fuzz: no fuzzer called $target" >&2; exit 2; }
done

# Runs one target and leaves its verdict in fuzz-logs/<target>.status (0: no crash).
run_target() {
  local target=$1
  local binary=$build_dir/fuzz/$target
  local seeds=$root/fuzz/corpus/$target
  local work=$build_dir/fuzz-corpus/$target
  local artifacts=$build_dir/fuzz-artifacts/$target
  local log=$build_dir/fuzz-logs/$target.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  # -max_total_time bounds the run; the outer timeout is a backstop should a single input hang
  # past libFuzzer's own -timeout.
  local status=0
  timeout $((seconds + 60)) "$binary" "${seed_option[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1 || status=$?
  echo "$status" >"$build_dir/fuzz-logs/$target.status"
}

# The targets are independent single-process runs: as many run at once as there are jobs (one per
# core by default), which divides the stage's wall time without shortening any target's run.
running=0
for target in "${targets[@]}"; do
  rm -f "$build_dir/fuzz-logs/$target.status"
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=()
for target in "${targets[@]}"; do
  log=$build_dir/fuzz-logs/$target.log
  if [ "$(cat "$build_dir/fuzz-logs/$target.status" 2>/dev/null)" = 0 ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $target: ${runs:-?} inputs in ${seconds}s${MSTR_FUZZ_SEED:+ (seed $MSTR_FUZZ_SEED)}, no crash"
  else
    echo "fuzz: $target FAILED; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]} (inputs under $build_dir/fuzz-artifacts/)" >&2
  exit 1
fi
