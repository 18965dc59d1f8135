//===- FuzzCApi.cpp - libFuzzer target: the generated C API --------------===//
///
/// One model (test/Inputs/tiny.yaml) built twice, as a native library (`fz`)
/// and as an `--emit=cpp` package (`fzc`, compiled with coverage so the
/// fuzzer steers through its checks), both linked here. The input bytes
/// choose every argument of NAME_translate: NULL pointers, batch, lengths,
/// max_src_len, max_out, token ids. Buffers are as large as the arguments
/// claim (the caller's side of the contract), exactly, so AddressSanitizer
/// sees any access beyond them. Checked, against SPEC.md:
///   - both libraries return the same status and the same message;
///   - a failed call wrote nothing (every output keeps its fill);
///   - a successful one wrote lengths in 0..min(max_out, max_length),
///     tokens in the vocabulary, EOS after out_len, zero logits after it;
///   - both decode the same tokens, except where two logits tie within
///     float rounding (the native kernels are vectorised, the C++ ones not).
///
//===----------------------------------------------------------------------===//
#include "fz.h"
#include "fzc.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int32_t kIntFill = 0x5a5a5a5a;
constexpr int kVocab = FZ_TARGET_VOCAB;

/// Reads the input a byte at a time; zeros once it is used up.
struct Bytes {
  const uint8_t *data;
  size_t size, at = 0;
  uint8_t next() { return at < size ? data[at++] : 0; }
  /// A small signed number, mostly in lo..hi.
  int32_t small(int32_t lo, int32_t hi) { return lo + next() % (hi - lo + 1); }
};

/// The caller's buffers for one call, filled so writes show.
struct Call {
  std::vector<int32_t> src, srcLen, out, outLen;
  std::vector<float> logits;
  int32_t batch, maxSrcLen, maxOut;
  bool nullSrc, nullLen, nullOut, nullOutLen, nullLogits;
};

template <typename T> T *data(std::vector<T> &v, bool null) {
  return null ? nullptr : v.data();
}

void fail(const char *what) {
  fprintf(stderr, "FuzzCApi: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size) {
  static fz_model *native = fz_create();
  static fzc_model *cpp = fzc_create();
  if (!native || !cpp)
    fail("create returned NULL");
  Bytes in{input, size};
  uint8_t flags = in.next();
  Call c;
  // NULL pointers are one case among many: flag bits only when bit 7 is set.
  bool nulls = flags & 0x80;
  bool nullModel = nulls && (flags & 1);
  c.nullSrc = nulls && (flags & 2);
  c.nullLen = nulls && (flags & 4);
  c.nullOut = nulls && (flags & 8);
  c.nullOutLen = nulls && (flags & 16);
  c.nullLogits = flags & 32;
  c.batch = in.small(-2, 9);
  c.maxSrcLen = in.small(-2, 9);
  c.maxOut = in.small(-2, 9);
  // As large as the arguments say; one element where they say nothing valid
  // (the API must refuse before it reads or writes them).
  size_t rows = std::max(c.batch, 1);
  size_t srcCols = std::max(c.maxSrcLen, 1), outCols = std::max(c.maxOut, 1);
  c.srcLen.resize(rows);
  for (int32_t &len : c.srcLen)
    len = static_cast<int8_t>(in.next()) % 12;
  c.src.resize(rows * srcCols);
  for (int32_t &id : c.src)
    id = static_cast<int8_t>(in.next()) % 8;
  c.out.assign(rows * outCols, kIntFill);
  c.outLen.assign(rows, kIntFill);
  c.logits.assign(rows * outCols * kVocab, -7.0f);
  Call d = c;

  int rcNative = fz_translate(nullModel ? nullptr : native, data(c.src, c.nullSrc),
                              data(c.srcLen, c.nullLen), c.batch, c.maxSrcLen,
                              data(c.out, c.nullOut), data(c.outLen, c.nullOutLen), c.maxOut,
                              data(c.logits, c.nullLogits));
  int rcCpp = fzc_translate(nullModel ? nullptr : cpp, data(d.src, d.nullSrc),
                            data(d.srcLen, d.nullLen), d.batch, d.maxSrcLen,
                            data(d.out, d.nullOut), data(d.outLen, d.nullOutLen), d.maxOut,
                            data(d.logits, d.nullLogits));
  if (rcNative != rcCpp)
    fail("the native library and the C++ package return different statuses");
  if (rcNative != 0) {
    if (!nullModel && std::strcmp(fz_last_error(native), fzc_last_error(cpp)) != 0)
      fail("the native library and the C++ package give different messages");
    if (!nullModel && fz_last_error(native)[0] == '\0')
      fail("a failed call left no message");
    for (const Call *k : {&c, &d})
      if (std::any_of(k->out.begin(), k->out.end(), [](int32_t v) { return v != kIntFill; }) ||
          std::any_of(k->outLen.begin(), k->outLen.end(),
                      [](int32_t v) { return v != kIntFill; }) ||
          std::any_of(k->logits.begin(), k->logits.end(), [](float v) { return v != -7.0f; }))
        fail("a failed call wrote to an output buffer");
    return 0;
  }
  int32_t steps = std::min<int32_t>(c.maxOut, FZ_MAX_LENGTH);
  for (const Call *k : {&c, &d})
    for (int32_t b = 0; b < c.batch; ++b) {
      int32_t len = k->outLen[b];
      if (len < 0 || len > steps)
        fail("out_len outside 0..min(max_out, max_length)");
      for (int32_t t = 0; t < c.maxOut; ++t) {
        int32_t token = k->out[b * c.maxOut + t];
        if (t < len ? token < 0 || token >= kVocab : token != FZ_EOS)
          fail("a token outside the vocabulary, or not EOS after out_len");
        for (int v = 0; v < kVocab && !c.nullLogits && t >= len; ++v)
          if (k->logits[(size_t(b) * c.maxOut + t) * kVocab + v] != 0.0f)
            fail("non-zero logits after out_len");
      }
    }
  if (c.nullLogits)
    return 0;
  // The same tokens, up to the first step whose best two logits tie within
  // float rounding.
  for (int32_t b = 0; b < c.batch; ++b) {
    bool tie = false;
    for (int32_t t = 0; t < std::min(c.outLen[b], d.outLen[b]) && !tie; ++t) {
      const float *row = &c.logits[(size_t(b) * c.maxOut + t) * kVocab];
      int32_t x = c.out[b * c.maxOut + t], y = d.out[b * c.maxOut + t];
      if (x == y)
        continue;
      if (std::fabs(row[x] - row[y]) > 1e-4f * std::max(1.0f, std::fabs(row[x])))
        fail("the native library and the C++ package decode different tokens");
      tie = true;
    }
    if (!tie && c.outLen[b] != d.outLen[b])
      fail("the native library and the C++ package decode different lengths");
  }
  return 0;
}
