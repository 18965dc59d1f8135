#!/usr/bin/env bash
# Configures and builds s2sc into build/ (or $S2S_BUILD_DIR) with its tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
type="${S2S_BUILD_TYPE:-Release}"
sanitize="${S2S_SANITIZE:-OFF}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DS2S_SANITIZE="$sanitize" >/dev/null
ninja -C "$build"
