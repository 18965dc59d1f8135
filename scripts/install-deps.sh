#!/usr/bin/env bash
# Installs the Debian 12 packages s2sc needs to build (and, with --tests, to
# run every test). Idempotent: does nothing when every package is already
# installed. Run as root.
set -euo pipefail

# clang-14 compiles the s2s runtime (lib/Runtime) to bitcode for each
# architecture that generated libraries may target.
packages=(
  cmake ninja-build g++ python3 clang-14
  llvm-14-dev llvm-14-tools libmlir-14-dev mlir-14-tools
  libhalide14-0-dev libgtest-dev
)
# --tests: also what only the test suite needs: PyTorch for the cross-check
# against torch.nn, the aarch64 cross toolchain and qemu for the
# cross-architecture runs, and oneDNN for building bench/peers.sh.
if [ "${1:-}" = "--tests" ]; then
  packages+=(python3-torch python3-numpy g++-aarch64-linux-gnu qemu-user-static libdnnl-dev)
fi
# --fuzz: libFuzzer for scripts/fuzz.sh.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(libfuzzer-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
