//===- CApiContract.cpp - NAME_translate's argument checks ------*- C++ -*-===//
#include "s2s/Dialect/S2S/CApiContract.h"

using namespace s2s::capi;

std::vector<ArgumentCheck> s2s::capi::translateChecks(bool tokenSource, bool tokenTarget) {
  std::vector<ArgumentCheck> checks = {
      {ArgumentCheck::NotNull, "src", "src is NULL"},
      {ArgumentCheck::NotNull, "src_len", "src_len is NULL"},
      {ArgumentCheck::NotNull, "out", "out is NULL"},
  };
  // Token targets: out_len and max_out; vector targets: steps.
  if (tokenTarget)
    checks.push_back({ArgumentCheck::NotNull, "out_len", "out_len is NULL"});
  checks.push_back({ArgumentCheck::AtLeastOne, "batch", "batch must be >= 1, got %d"});
  checks.push_back({ArgumentCheck::AtLeastOne, "max_src_len", "max_src_len must be >= 1, got %d"});
  if (tokenTarget)
    checks.push_back({ArgumentCheck::AtLeastOne, "max_out", "max_out must be >= 1, got %d"});
  else
    checks.push_back({ArgumentCheck::AtLeastOne, "steps", "steps must be >= 1, got %d"});
  checks.push_back({ArgumentCheck::LengthsInRange, "src_len",
                    "src_len[%d] = %d is outside 1..%d (max_src_len)"});
  if (tokenSource)
    checks.push_back({ArgumentCheck::TokensInVocabulary, "src",
                      "src[%d][%d] = %d is outside the source vocabulary 0..%d"});
  return checks;
}
