//===- TestFolding.cpp - Folded decoder input projection vs the reference -===//
///
/// Models whose decoder layer-0 input projection s2s-lower-to-cells folds
/// into the target embedding (W_ih of 4H x E = 512 x 128 floats, the
/// threshold; test/Driver/fold.test checks the IR): the [V, 4H] table is
/// computed at compile time and each step gathers a row of it instead of
/// multiplying. Compared with the double-precision reference for every first
/// input (bos: every step gathers; context and zeros: step 0 is projected
/// before the loop) and with peek (concat and add: the context's share, bias
/// included, added to every gathered row), two decoder layers, batch 3 with
/// unequal lengths, both kinds of ending, on AVX2 and the host.
///
/// Prints `Success!`, or `[SKIP] reason` when s2sc is not built.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

using namespace s2sharness;
using s2sref::FirstInput;

namespace {

ModelCase foldCase(const std::string &id, FirstInput first, const char *target,
                   s2sref::Peek peek = s2sref::Peek::None) {
  ModelCase c;
  c.id = id;
  c.shape.name = id;
  c.shape.srcVocab = 15;
  c.shape.srcEmbed = 6;
  c.shape.tgtVocab = 40;
  c.shape.tgtEmbed = 128;
  c.shape.encHidden = c.shape.decHidden = 128; // context: C feeds step 0
  c.shape.encLayers = c.shape.decLayers = 2; // init_state: encoder, per layer
  c.shape.firstInput = first;
  c.shape.peek = peek;
  c.weights.encoder = "encoder.{layer}";
  c.weights.decoder = "decoder.{layer}";
  c.target = target;
  c.maxSrcLen = 6;
  c.lens = {6, 3, 1};
  c.pad = Padding::OutOfVocab;
  c.want = Ending::Mix;
  return c;
}

std::vector<ModelCase> cases() {
  const char *kAvx2 = "x86-64-linux-avx2-fma-f16c-sse41";
  return {foldCase("fold_bos", FirstInput::Bos, kAvx2),
          foldCase("fold_context", FirstInput::Context, kAvx2),
          foldCase("fold_zeros_host", FirstInput::Zeros, "host"),
          foldCase("fold_peek_concat", FirstInput::Bos, kAvx2, s2sref::Peek::Concat),
          foldCase("fold_peek_add_zeros", FirstInput::Zeros, "host", s2sref::Peek::Add)};
}

} // namespace

int main() {
  SuiteOptions options;
  options.requireBothEndings = true;
  return runCaseSuite("TestFolding", cases(), options);
}
