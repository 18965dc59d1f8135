#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install, build, run lit, unit
# and numerical tests (one ctest run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
bash "$root/scripts/install-deps.sh" --tests
if [ "${S2S_SANITIZE:-OFF}" = ON ]; then
  # ASan + UBSan (CMakeLists.txt): any report fails the run; suppressed are
  # only the third-party findings listed (and explained) in test/sanitizer.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
  export LSAN_OPTIONS="suppressions=$root/test/sanitizer/lsan.supp"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/test/sanitizer/ubsan.supp"
fi
bash "$root/scripts/build.sh"
# The peers benchmark is built, not timed (bench/README.md); it links our
# support library, so not against a sanitized one.
if [ "${S2S_SANITIZE:-OFF}" != ON ]; then
  bash "$root/bench/peers.sh" --build-only
fi
ctest --test-dir "$build" --output-on-failure -j2 "$@"
