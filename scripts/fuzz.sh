#!/usr/bin/env bash
# The libFuzzer targets of test/fuzz, each for a bounded time (default 60 s):
# builds them with clang-14 into build-fuzz/ (or $S2S_FUZZ_BUILD_DIR), with
# our asserts on, replays every input under test/fuzz/regressions/, then
# fuzzes each target from its committed seed corpus (test/fuzz/corpus/).
# Any crash, assert, sanitizer report, leak, timeout (10 s per input) or
# more than 2 GB of memory fails the run; the input is kept in
# build-fuzz/artifacts/ (add it to test/fuzz/regressions/TARGET/).
#
#   scripts/fuzz.sh [--seconds N] [--only TARGET]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds=60
targets=(fuzz_spec fuzz_safetensors fuzz_weights fuzz_mlir fuzz_c_api)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --only) targets=("$2"); shift 2 ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

bash "$root/scripts/install-deps.sh" --fuzz
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -g" -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g" \
  -DS2S_FUZZ=ON -DS2S_ENABLE_TESTS=OFF >/dev/null
# As in the sanitizer pass (scripts/test.sh); the build runs s2sc too (the
# models of fuzz_c_api).
export ASAN_OPTIONS="detect_leaks=1"
export LSAN_OPTIONS="suppressions=$root/test/sanitizer/lsan.supp"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/test/sanitizer/ubsan.supp"
ninja -C "$build" s2s-fuzzers
mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
  exe="$build/bin/$t"
  asan="$ASAN_OPTIONS" lsan="$LSAN_OPTIONS"
  # MLIR 14's parser leaks on some bad input (test/fuzz/lsan-mlir-parser.supp),
  # told apart from our leaks by full stacks.
  if [ "$t" = fuzz_mlir ]; then
    asan="$asan:fast_unwind_on_malloc=0"
    cat "$root/test/sanitizer/lsan.supp" "$root/test/fuzz/lsan-mlir-parser.supp" \
      > "$build/lsan-mlir.supp"
    lsan="suppressions=$build/lsan-mlir.supp"
  fi
  regressions="$root/test/fuzz/regressions/$t"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    if ! ASAN_OPTIONS="$asan" LSAN_OPTIONS="$lsan" "$exe" "$regressions"/* > "$build/$t.regressions.log" 2>&1; then
      tail -40 "$build/$t.regressions.log"
      echo "fuzz: $t: a regression input fails again (log: $build/$t.regressions.log)" >&2
      exit 1
    fi
  fi
  # A fresh working corpus each run: what CI finds depends on the seeds only.
  work="$build/corpus/$t"
  rm -rf "$work" && mkdir -p "$work"
  if ! ASAN_OPTIONS="$asan" LSAN_OPTIONS="$lsan" "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$t-" "$work" "$root/test/fuzz/corpus/$t" \
      > "$build/$t.log" 2>&1; then
    tail -60 "$build/$t.log"
    echo "fuzz: $t: FAILED; the input is in $build/artifacts/" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$t.log")
  cov=$(grep -o 'cov: [0-9]*' "$build/$t.log" | tail -1)
  echo "fuzz: $t: ${runs:-?} executions in $seconds s, $cov, $(ls "$work" | wc -l) new corpus inputs, no failure"
done
