//===- reverse_bench.cpp - Time the compiled reversal models ---*- C++ -*-===//
///
/// Times `reverse_{basic,peek}_translate` on the held-out sequences of
/// examples/reverse, at batch 1 and batch 100, and prints microseconds per
/// sequence as `BENCH <model> batch=<B> <us>` lines for run.sh to compare.
///
//===----------------------------------------------------------------------===//
#include "reverse_basic.h"
#include "reverse_peek.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

constexpr int kMaxLen = 8, kMaxOut = 10;

/// examples/reverse's held-out generator (the same LCG as train.py).
std::vector<std::vector<int32_t>> heldOut(int count) {
  uint32_t state = 20261126u;
  auto draw = [&](uint32_t n) {
    state = 1664525u * state + 1013904223u;
    return (state >> 8) % n;
  };
  std::vector<std::vector<int32_t>> out;
  for (int i = 0; i < count; ++i) {
    int length = 3 + draw(6);
    std::vector<int32_t> e;
    for (int t = 0; t < length; ++t)
      e.push_back(3 + draw(10));
    out.push_back(e);
  }
  return out;
}

template <typename Model, typename Translate>
void bench(const char *name, Model *model, Translate translate,
           const std::vector<std::vector<int32_t>> &examples, int batch) {
  std::vector<int32_t> src(batch * kMaxLen, 0), srcLen(batch), out(batch * kMaxOut),
      outLen(batch);
  auto run = [&](size_t first) {
    for (int b = 0; b < batch; ++b) {
      const auto &e = examples[(first + b) % examples.size()];
      srcLen[b] = e.size();
      std::copy(e.begin(), e.end(), src.begin() + b * kMaxLen);
    }
    translate(model, src.data(), srcLen.data(), batch, kMaxLen, out.data(), outLen.data(),
              kMaxOut, nullptr);
  };
  run(0); // warm up
  // Best of 5 rounds over all examples: the least disturbed by other load.
  double best = 1e30;
  for (int round = 0; round < 5; ++round) {
    auto start = std::chrono::steady_clock::now();
    for (size_t first = 0; first < examples.size(); first += batch)
      run(first);
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                    .count();
    best = std::min(best, us / examples.size());
  }
  std::printf("BENCH %s batch=%d %.2f\n", name, batch, best);
}

} // namespace

int main() {
  auto examples = heldOut(1000);
  reverse_basic_model *basic = reverse_basic_create();
  reverse_peek_model *peek = reverse_peek_create();
  for (int batch : {1, 100}) {
    bench("basic", basic, reverse_basic_translate, examples, batch);
    bench("peek", peek, reverse_peek_translate, examples, batch);
  }
  reverse_basic_destroy(basic);
  reverse_peek_destroy(peek);
  return 0;
}
