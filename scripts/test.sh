#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install, build, run lit, unit
# and numerical tests (one ctest run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
bash "$root/scripts/install-deps.sh" --tests
bash "$root/scripts/build.sh"
ctest --test-dir "$build" --output-on-failure -j2 "$@"
