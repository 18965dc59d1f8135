//===- TestBasicModel.cpp - Basic token model vs the reference -*- C++ -*-===//
///
/// The basic model (embedding, stacked LSTM encoder, decoder with peek none,
/// first_input bos, init_state encoder, greedy search) compiled by s2sc for
/// each case below and compared with the double-precision reference: tokens
/// and out_len exactly, logits within rtol for every emitted step. Cases
/// sweep hidden size (8, 32, 100), layers (1, 2), batch (1, 3 with unequal
/// source lengths and garbage in the padded positions), weight layout
/// (canonical, pytorch), weight dtype, naming (explicit, defaults, other
/// separator) and target (AVX2 and host). Every case runs with
/// max_out = max_length, and also with a smaller or a larger max_out.
///
/// Prints `Success!`, or `[SKIP] reason` when s2sc is not built.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

using namespace s2sharness;
using s2sgen::DType;
using s2sgen::Layout;

namespace {

const char *kAvx2 = "x86-64-linux-avx2-fma-f16c-sse41";
const char *kHost = "host";

ModelCase makeCase(const std::string &id, int hidden, int layers, Layout layout,
                   const char *target, std::vector<int> lens, int maxSrcLen) {
  ModelCase c;
  c.id = id;
  c.shape.name = id;
  c.shape.encHidden = c.shape.decHidden = hidden;
  c.shape.encLayers = c.shape.decLayers = layers;
  c.weights.layout = layout;
  // Per-layer layouts name each layer's module.
  if (layout != Layout::PyTorch && layers > 1) {
    c.weights.encoder = "encoder.{layer}";
    c.weights.decoder = "decoder.{layer}";
  }
  c.target = target;
  c.lens = std::move(lens);
  c.maxSrcLen = maxSrcLen;
  c.pad = Padding::InVocab;
  c.otherMaxOut = 4;
  c.want = c.lens.size() > 1 ? Ending::Mix : Ending::Limit;
  return c;
}

std::vector<ModelCase> cases() {
  std::vector<ModelCase> cs;
  {
    ModelCase c =
        makeCase("h8_l1_b1_canonical", 8, 1, Layout::Canonical, kAvx2, {5}, 5);
    c.shape.srcVocab = 13;
    c.shape.srcEmbed = 5;
    c.shape.tgtVocab = 15;
    c.shape.tgtEmbed = 6;
    c.shape.bos = 0;
    c.shape.eos = 14;
    c.otherMaxOut = 1; // a single step
    c.want = Ending::Eos;
    cs.push_back(c);
  }
  {
    ModelCase c = makeCase("h8_l2_b3_pytorch", 8, 2, Layout::PyTorch, kHost,
                           {7, 4, 1}, 7);
    c.shape.srcVocab = 17;
    c.shape.srcEmbed = 8;
    c.shape.tgtVocab = 13;
    c.shape.tgtEmbed = 4;
    c.pad = Padding::OutOfVocab;
    c.otherMaxOut = 15; // beyond max_length
    cs.push_back(c);
  }
  {
    // No `names:` in the spec: the pytorch defaults apply.
    ModelCase c = makeCase("h32_l1_b3_pytorch_defaults", 32, 1, Layout::PyTorch,
                           kAvx2, {3, 9, 6}, 9);
    c.weights.emitNames = false;
    c.shape.srcVocab = 24;
    c.shape.srcEmbed = 16;
    c.shape.tgtVocab = 29;
    c.shape.tgtEmbed = 12;
    c.shape.bos = 3;
    c.shape.eos = 0; // EOS is the lowest id: argmax ties resolve towards it
    c.pad = Padding::OutOfVocab;
    cs.push_back(c);
  }
  {
    // Every default key written out explicitly.
    ModelCase c = makeCase("h32_l2_b3_canonical", 32, 2, Layout::Canonical,
                           kHost, {6, 2, 5}, 8);
    c.weights.emitDefaults = true;
    c.shape.srcVocab = 20;
    c.shape.srcEmbed = 10;
    c.shape.tgtVocab = 20;
    c.shape.tgtEmbed = 10;
    c.pad = Padding::Zero;
    c.otherMaxOut = 2;
    cs.push_back(c);
  }
  {
    ModelCase c = makeCase("h100_l1_b3_canonical", 100, 1, Layout::Canonical,
                           kAvx2, {4, 10, 7}, 10);
    c.shape.srcVocab = 40;
    c.shape.srcEmbed = 24;
    c.shape.tgtVocab = 37;
    c.shape.tgtEmbed = 20;
    c.pad = Padding::OutOfVocab;
    cs.push_back(c);
  }
  {
    ModelCase c =
        makeCase("h100_l2_b1_pytorch", 100, 2, Layout::PyTorch, kHost, {8}, 8);
    c.shape.srcVocab = 31;
    c.shape.srcEmbed = 32;
    c.shape.tgtVocab = 33;
    c.shape.tgtEmbed = 16;
    c.shape.maxLength = 12;
    c.otherMaxOut = 20;
    c.want = Ending::Eos;
    cs.push_back(c);
  }
  {
    // F16 weights (converted to f32 by the importer; the values are exact
    // in half precision so the reference sees the same numbers).
    ModelCase c = makeCase("h32_l1_b1_canonical_f16", 32, 1, Layout::Canonical,
                           kHost, {6}, 6);
    c.weights.dtype = DType::F16;
    c.weights.encoder = "encoder.{layer}"; // {layer} with a single layer
    c.weights.decoder = "decoder.{layer}";
    c.shape.srcVocab = 16;
    c.shape.tgtVocab = 18;
    c.shape.srcEmbed = c.shape.tgtEmbed = 32;
    cs.push_back(c);
  }
  {
    // F64 weights and a non-default separator and module names.
    ModelCase c = makeCase("h8_l2_b3_canonical_f64_slash", 8, 2,
                           Layout::Canonical, kAvx2, {2, 5, 3}, 6);
    c.weights.dtype = DType::F64;
    c.weights.separator = "/";
    c.weights.srcEmbedding = "model/source_embedding";
    c.weights.tgtEmbedding = "model/target_embedding";
    c.weights.encoder = "model/enc/{layer}";
    c.weights.decoder = "model/dec/{layer}";
    c.weights.output = "model/proj";
    c.weights.file = "weights_f64.safetensors";
    c.shape.srcVocab = 14;
    c.shape.srcEmbed = 3;
    c.shape.tgtVocab = 14;
    c.shape.tgtEmbed = 7;
    c.pad = Padding::OutOfVocab;
    cs.push_back(c);
  }
  {
    ModelCase c = makeCase("h100_l2_b3_pytorch", 100, 2, Layout::PyTorch, kAvx2,
                           {9, 1, 5}, 9);
    c.shape.srcVocab = 35;
    c.shape.srcEmbed = 12;
    c.shape.tgtVocab = 40;
    c.shape.tgtEmbed = 24;
    c.pad = Padding::OutOfVocab;
    cs.push_back(c);
  }
  {
    ModelCase c = makeCase("h32_l2_b3_pytorch_bf16", 32, 2, Layout::PyTorch,
                           kAvx2, {5, 5, 3}, 5);
    c.weights.dtype = DType::BF16;
    c.shape.srcVocab = 21;
    c.shape.srcEmbed = 9;
    c.shape.tgtVocab = 19;
    c.shape.tgtEmbed = 11;
    c.shape.bos = 18;
    c.shape.eos = 7;
    c.otherMaxOut = 3;
    cs.push_back(c);
  }
  return cs;
}

} // namespace

int main() {
  SuiteOptions options;
  options.requireBothEndings = true;
  return runCaseSuite("TestBasicModel", cases(), options);
}
