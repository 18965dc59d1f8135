//===- main.cpp - Accuracy of the compiled reversal models -----*- C++ -*-===//
///
/// Links the libraries s2sc generated from basic.yaml and peek.yaml (weights
/// trained by train.py), translates 1000 held-out sequences (the same
/// generator as train.py, never trained on) in batches of unequal lengths,
/// prints a few pairs and the exact-sequence accuracy of each model. Exits
/// non-zero when a model is below 99%.
///
//===----------------------------------------------------------------------===//
#include "reverse_basic.h"
#include "reverse_peek.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

constexpr int kFirst = 3, kVocab = 13, kMinLen = 3, kMaxLen = 8, kEos = 2;

/// train.py's lcg_examples: a 32-bit LCG, so both sides draw the same set.
std::vector<std::vector<int32_t>> heldOut(int count, uint32_t seed = 20261126u) {
  uint32_t state = seed;
  auto draw = [&](uint32_t n) {
    state = 1664525u * state + 1013904223u;
    return (state >> 8) % n;
  };
  std::vector<std::vector<int32_t>> out;
  for (int i = 0; i < count; ++i) {
    int length = kMinLen + draw(kMaxLen - kMinLen + 1);
    std::vector<int32_t> e;
    for (int t = 0; t < length; ++t)
      e.push_back(kFirst + draw(kVocab - kFirst));
    out.push_back(e);
  }
  return out;
}

/// Exact-sequence accuracy over `examples`, in batches of 100.
template <typename Model>
double accuracy(const char *name, Model *model,
                int (*translate)(Model *, const int32_t *, const int32_t *, int32_t, int32_t,
                                 int32_t *, int32_t *, int32_t, float *),
                const char *(*lastError)(const Model *),
                const std::vector<std::vector<int32_t>> &examples) {
  const int batch = 100, maxOut = kMaxLen + 2;
  int good = 0, shown = 0;
  for (size_t first = 0; first < examples.size(); first += batch) {
    std::vector<int32_t> src(batch * kMaxLen, 0), srcLen(batch), out(batch * maxOut),
        outLen(batch);
    for (int b = 0; b < batch; ++b) {
      const auto &e = examples[first + b];
      srcLen[b] = e.size();
      for (size_t t = 0; t < e.size(); ++t)
        src[b * kMaxLen + t] = e[t];
    }
    if (translate(model, src.data(), srcLen.data(), batch, kMaxLen, out.data(), outLen.data(),
                  maxOut, nullptr) != 0) {
      std::fprintf(stderr, "%s: %s\n", name, lastError(model));
      return -1;
    }
    for (int b = 0; b < batch; ++b) {
      const auto &e = examples[first + b];
      std::vector<int32_t> want(e.rbegin(), e.rend());
      want.push_back(kEos);
      std::vector<int32_t> got(out.begin() + b * maxOut, out.begin() + b * maxOut + outLen[b]);
      good += got == want;
      if (shown < 3) {
        ++shown;
        std::printf("%s:", name);
        for (int32_t x : e)
          std::printf(" %d", x);
        std::printf("  ->");
        for (int32_t x : got)
          std::printf(" %d", x);
        std::printf("%s\n", got == want ? "" : "   (wrong)");
      }
    }
  }
  return double(good) / examples.size();
}

} // namespace

int main() {
  auto examples = heldOut(1000);
  reverse_basic_model *basic = reverse_basic_create();
  reverse_peek_model *peek = reverse_peek_create();
  double a = accuracy("basic", basic, reverse_basic_translate, reverse_basic_last_error, examples);
  double b = accuracy("peek", peek, reverse_peek_translate, reverse_peek_last_error, examples);
  reverse_basic_destroy(basic);
  reverse_peek_destroy(peek);
  std::printf("held-out exact-sequence accuracy: basic %.1f%%, peek %.1f%% (1000 sequences)\n",
              100 * a, 100 * b);
  return a >= 0.99 && b >= 0.99 ? 0 : 1;
}
