//===- ModelWeights.h - Weights in canonical layout ------------*- C++ -*-===//
///
/// The weights of a model after import, in the canonical layout of
/// SEMANTICS.md section 6: row-major, LSTM gate blocks in order i, f, g, o,
/// one summed bias per layer.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SPEC_MODELWEIGHTS_H
#define S2S_SPEC_MODELWEIGHTS_H

#include <cstdint>
#include <vector>

namespace s2s {

/// A dense row-major f32 tensor.
struct FloatTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  bool empty() const { return shape.empty(); }
  int64_t dim(unsigned i) const { return shape[i]; }
};

struct LstmLayerWeights {
  FloatTensor wIh; // [4H, in]
  FloatTensor wHh; // [4H, H]
  FloatTensor b;   // [4H] = b_ih + b_hh
};

struct DenseWeights {
  FloatTensor weight; // [out, in]
  FloatTensor bias;   // [out]
};

struct ModelWeights {
  FloatTensor sourceEmbedding; // [V_src, E_src]; empty for vector sources
  FloatTensor targetEmbedding; // [V_tgt, E_tgt]; empty for vector targets
  std::vector<LstmLayerWeights> encoder, decoder;
  DenseWeights output;            // [V_tgt or dim, H_dec]
  DenseWeights contextProjection; // empty when the spec has none
};

} // namespace s2s

#endif // S2S_SPEC_MODELWEIGHTS_H
