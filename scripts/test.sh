#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install, build, run lit, unit
# and numerical tests (one ctest run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
bash "$root/scripts/install-deps.sh" --tests
bash "$root/scripts/build.sh"
# The peers benchmark is built, not timed (bench/README.md).
bash "$root/bench/peers.sh" --build-only
ctest --test-dir "$build" --output-on-failure -j2 "$@"
