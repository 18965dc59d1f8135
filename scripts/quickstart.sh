#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install, build s2sc, compile
# examples/basic/model.yaml into a library, link it into examples/basic/main.cpp
# and run it on sample sources; then run the trained sequence-reversal models
# of examples/reverse on 1000 held-out sequences.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
out="$build/examples/basic/quickstart"
rm -rf "$out" && mkdir -p "$out"
echo "== s2sc examples/basic/model.yaml -o $out --target=x86-64-linux-avx2-fma-f16c-sse41"
"$build/bin/s2sc" "$root/examples/basic/model.yaml" -o "$out" --target=x86-64-linux-avx2-fma-f16c-sse41
ls -l "$out"
echo "== c++ examples/basic/main.cpp -I $out $out/libbasic.a"
c++ -O2 -std=c++17 -I "$out" "$root/examples/basic/main.cpp" "$out/libbasic.a" -lpthread -ldl -lm -o "$out/basic"
echo "== run"
"$out/basic"
echo
echo "== examples/reverse: trained in PyTorch (train.py), compiled by CMake's s2s_add_model"
"$build/bin/reverse_example"
