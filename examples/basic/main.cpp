//===- main.cpp - Link and run the compiled basic model --------*- C++ -*-===//
///
/// Translates a batch of three source sequences of unequal length with the
/// library s2sc generated from model.yaml, and prints sources and outputs.
///
//===----------------------------------------------------------------------===//
#include "basic.h"

#include <cstdio>
#include <vector>

int main() {
  basic_model *model = basic_create();
  if (!model) {
    std::fprintf(stderr, "basic_create failed\n");
    return 1;
  }
  const int32_t batch = 3, maxSrcLen = 6, maxOut = BASIC_MAX_LENGTH;
  // Row-major [batch][maxSrcLen]; positions past src_len are ignored.
  std::vector<int32_t> src = {3, 4, 5, 6, 7, 8,
                              9, 10, 11, 0, 0, 0,
                              12, 13, 14, 15, 0, 0};
  std::vector<int32_t> srcLen = {6, 3, 4};
  std::vector<int32_t> out(batch * maxOut), outLen(batch);
  if (basic_translate(model, src.data(), srcLen.data(), batch, maxSrcLen, out.data(),
                      outLen.data(), maxOut, nullptr) != 0) {
    std::fprintf(stderr, "basic_translate: %s\n", basic_last_error(model));
    basic_destroy(model);
    return 1;
  }
  for (int b = 0; b < batch; ++b) {
    std::printf("source:");
    for (int t = 0; t < srcLen[b]; ++t)
      std::printf(" %d", src[b * maxSrcLen + t]);
    std::printf("  ->  output:");
    for (int t = 0; t < outLen[b]; ++t)
      std::printf(" %d", out[b * maxOut + t]);
    std::printf("\n");
  }
  // Bad arguments are refused with a message, never read out of bounds.
  srcLen[1] = 7;
  int status = basic_translate(model, src.data(), srcLen.data(), batch, maxSrcLen, out.data(),
                               outLen.data(), maxOut, nullptr);
  std::printf("bad src_len -> status %d: %s\n", status, basic_last_error(model));
  basic_destroy(model);
  return 0;
}
