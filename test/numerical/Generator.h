//===- Generator.h - Random models, specs and weight files -----*- C++ -*-===//
///
/// Parameter generation for the numerical tests, kept apart from checking:
/// seeded random weights (exactly representable in the file's dtype, so the
/// reference and the compiled model start from the same numbers), the spec
/// YAML of SPEC.md and a safetensors writer for every weight layout of
/// SPEC.md "Leaf names per layout". No code is shared with the compiler.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_TEST_NUMERICAL_GENERATOR_H
#define S2S_TEST_NUMERICAL_GENERATOR_H

#include "Reference.h"

#include <cstdint>
#include <string>
#include <vector>

namespace s2sgen {

/// splitmix64: tiny, seedable and identical on every platform (the
/// distributions of <random> are not).
class Rng {
public:
  explicit Rng(uint64_t seed) : state(seed) {}
  uint64_t next();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi);
  /// Uniform integer in [lo, hi].
  int range(int lo, int hi);

private:
  uint64_t state;
};

enum class Layout { Canonical, PyTorch, Flax, Keras, Onnx };
enum class DType { F32, F16, BF16, F64 };

const char *layoutName(Layout l);
const char *dtypeName(DType d);

/// What to generate; sizes follow the spec keys.
struct ModelShape {
  std::string name = "model";
  bool srcTokens = true;
  int srcVocab = 13, srcEmbed = 8, srcDim = 0;
  bool tgtTokens = true;
  int tgtVocab = 13, tgtEmbed = 8, bos = 1, eos = 2, tgtDim = 0;
  s2sref::Activation activation = s2sref::Activation::Linear;
  int encHidden = 8, encLayers = 1, decHidden = 8, decLayers = 1;
  s2sref::Gate encGate = s2sref::Gate::Sigmoid;
  s2sref::Gate decGate = s2sref::Gate::Sigmoid;
  s2sref::Peek peek = s2sref::Peek::None;
  s2sref::FirstInput firstInput = s2sref::FirstInput::Bos;
  s2sref::InitState initState = s2sref::InitState::Encoder;
  int contextProjection = 0;
  int maxLength = 10;

  // Weight scales: LSTM weights and biases uniform in [-lstmScale,
  // lstmScale] (0: 2 / sqrt(hidden), which keeps the gates off saturation
  // at every size); embeddings and the output layer larger, so the input
  // token visibly moves the state and the logits spread (fewer near-ties,
  // more varied greedy decodes).
  double lstmScale = 0, embedScale = 4.0, outScale = 2.0;
  double eosBias = 0.0; // added to the output bias of the EOS token
};

/// How the weights are stored and named.
struct WeightOptions {
  Layout layout = Layout::Canonical;
  DType dtype = DType::F32;
  std::string file = "model.safetensors";
  // Module prefixes (SPEC.md `weights.names`); `{layer}` is expanded.
  std::string srcEmbedding = "src_embed", tgtEmbedding = "tgt_embed";
  std::string encoder = "encoder", decoder = "decoder", output = "out";
  std::string contextProjection = "ctx";
  std::string separator = ".";
  bool emitNames = true;     // write `names:` (else rely on the defaults)
  bool emitDefaults = false; // also write keys whose value is the default
};

/// Random model with every value exactly representable in `dtype`; biases
/// are split into two halves only for layouts that store two halves.
s2sref::Model randomModel(const ModelShape &shape, uint64_t seed,
                          const WeightOptions &opts);

struct Tensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<double> values;
};

/// The tensors the layout implies, under the names it implies.
std::vector<Tensor> exportWeights(const s2sref::Model &m,
                                  const WeightOptions &opts);

/// A complete safetensors image (header padded to 8 bytes).
std::string safetensorsImage(const std::vector<Tensor> &tensors, DType dtype,
                             const std::string &metadataFormat = "pt");

/// The spec YAML (SPEC.md) for `m`.
std::string specYaml(const s2sref::Model &m, const WeightOptions &opts);

/// Rounds to a value exactly representable in `dtype` (for F16 and BF16 to
/// a fixed grid well inside the format's precision).
double quantize(double x, DType dtype);

} // namespace s2sgen

#endif // S2S_TEST_NUMERICAL_GENERATOR_H
