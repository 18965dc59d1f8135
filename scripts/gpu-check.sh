#!/usr/bin/env bash
# Runs the numerical suite on the CUDA target (test/numerical/TestCuda.cpp):
# models compiled with --target=cuda against the double-precision reference.
#
#   scripts/gpu-check.sh              build s2sc, compile the cases, run them
#                                     on this machine's GPU
#   scripts/gpu-check.sh --build DIR  compile and link the cases into DIR (no
#                                     GPU needed; needs the toolchain)
#   scripts/gpu-check.sh --run DIR    run cases built by --build (needs only
#                                     an NVIDIA driver: for a GPU server
#                                     without LLVM/MLIR/Halide)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"

build_cases() {
  local dir="$1"
  "$root/scripts/build.sh"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  S2S_STAGE=build S2S_WORK_DIR="$dir/work" "$build/bin/TestCuda"
  cp "$build/bin/TestCuda" "$dir/TestCuda"
}

run_cases() {
  local dir
  dir="$(cd "$1" && pwd)"
  # Halide's CUDA runtime dlopens libcuda.so; drivers often ship only
  # libcuda.so.1 (TOOLCHAIN.md): link it where the loader looks.
  if ! ldconfig -p | grep -q 'libcuda\.so '; then
    local so1
    so1="$(ldconfig -p | awk '/libcuda\.so\.1 /{print $NF; exit}')"
    for d in /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64; do
      [ -n "$so1" ] || { [ -e "$d/libcuda.so.1" ] && so1="$d/libcuda.so.1"; } || true
    done
    if [ -z "$so1" ]; then
      echo "gpu-check: no libcuda.so.1 found: is the NVIDIA driver installed?" >&2
      exit 1
    fi
    mkdir -p "$dir/lib"
    ln -sf "$so1" "$dir/lib/libcuda.so"
    export LD_LIBRARY_PATH="$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
  nvidia-smi -L 2>/dev/null || true
  S2S_STAGE=run S2S_WORK_DIR="$dir/work" "$dir/TestCuda"
}

case "${1:-}" in
  --build) build_cases "${2:?usage: gpu-check.sh --build DIR}" ;;
  --run) run_cases "${2:?usage: gpu-check.sh --run DIR}" ;;
  "")
    dir="$build/gpu-check"
    build_cases "$dir"
    run_cases "$dir"
    ;;
  *) echo "usage: gpu-check.sh [--build DIR | --run DIR]" >&2; exit 2 ;;
esac
