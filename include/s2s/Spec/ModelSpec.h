//===- ModelSpec.h - The parsed model spec ---------------------*- C++ -*-===//
///
/// Plain structs mirroring the YAML spec of shared/SPEC.md. Every field keeps
/// the source range of its value (or, when absent, of the enclosing mapping)
/// so later stages can report errors at the offending key.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SPEC_MODELSPEC_H
#define S2S_SPEC_MODELSPEC_H

#include "llvm/Support/SMLoc.h"
#include <cstdint>
#include <map>
#include <string>

namespace s2s {

/// A value with the place it came from. `present` is false when the key was
/// absent and the value is a default; `range` then points at the parent key.
template <typename T> struct Located {
  T value{};
  llvm::SMRange range;
  bool present = false;
};

/// `source:` or `target:`.
struct SideSpec {
  Located<std::string> kind;       // tokens | vectors
  Located<int64_t> vocab, embed;   // tokens
  Located<int64_t> dim;            // vectors
  Located<int64_t> bos, eos;       // target tokens
  Located<std::string> activation; // target vectors: linear | tanh
  llvm::SMRange range;             // the `source:`/`target:` key
  bool isTokens() const { return kind.value == "tokens"; }
};

/// `decoder.attention:` (SEMANTICS.md 5); absent: no attention.
struct AttentionSpec {
  Located<std::string> type;  // luong | bahdanau
  Located<std::string> score; // luong: dot | general | concat; bahdanau: additive
  Located<int64_t> size;      // concat / additive: A
  Located<bool> inputFeed;    // luong only
  llvm::SMRange range;        // the `attention:` key
  bool present() const { return range.isValid(); }
  bool additive() const { return score.value == "concat" || score.value == "additive"; }
};

/// `encoder:` or `decoder:`.
struct StackSpec {
  Located<std::string> cell;            // lstm
  Located<int64_t> hidden, layers;
  Located<std::string> gateActivation;  // sigmoid | hard_sigmoid | hard_sigmoid_v3
  Located<int64_t> contextProjection;   // encoder only; 0 = none
  Located<std::string> peek;            // decoder: none | concat | add
  Located<std::string> firstInput;      // decoder: bos | context | zeros
  Located<std::string> initState;       // decoder: encoder | top | zeros
  Located<bool> bidirectional;          // encoder only (SEMANTICS.md 2b)
  AttentionSpec attention;              // decoder only
  llvm::SMRange range;
};

struct SearchSpec {
  Located<std::string> strategy; // greedy | beam
  Located<int64_t> beamWidth;    // beam: K
  Located<std::string> lengthPenalty; // beam: none | avg | gnmt
  Located<double> alpha;              // beam: exponent of avg / gnmt
  Located<int64_t> maxLength;
  llvm::SMRange range;
};

struct WeightsSpec {
  Located<std::string> file;   // as written, relative to the spec file
  std::string resolvedPath;    // file joined to the spec's directory
  Located<std::string> layout; // canonical | pytorch | flax | keras | onnx
  /// Role -> module prefix: source_embedding, target_embedding, encoder,
  /// decoder, output, context_projection, encoder_reverse, attention and
  /// attention_{general,query,key,score,output}. Defaults filled in by the
  /// parser.
  std::map<std::string, Located<std::string>> names;
  Located<std::string> separator;
  llvm::SMRange range;
};

struct ModelSpec {
  std::string path; // the spec file as given
  Located<int64_t> version;
  Located<std::string> name;
  SideSpec source, target;
  StackSpec encoder, decoder;
  SearchSpec search;
  WeightsSpec weights;
};

} // namespace s2s

#endif // S2S_SPEC_MODELSPEC_H
