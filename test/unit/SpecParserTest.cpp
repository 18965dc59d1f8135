//===- SpecParserTest.cpp - Tests for the YAML spec parser -----*- C++ -*-===//
///
/// Parses a known-good spec (and variants of it broken in one way each) from
/// memory and checks the defaults filled in, and for every class of error the
/// message and its line:column, captured with a ScopedDiagnosticHandler.
///
//===----------------------------------------------------------------------===//

#include "s2s/Spec/SpecParser.h"
#include "s2s/Spec/SpecPrinter.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace s2s;

namespace {

/// A smallest valid token spec; line numbers below refer to it.
const char *const kGood = R"(s2sc: 1
name: reverse
source:
  kind: tokens
  vocab: 24
  embed: 16
target:
  kind: tokens
  vocab: 24
  embed: 16
  bos: 1
  eos: 2
encoder:
  hidden: 32
decoder:
  hidden: 32
search:
  max_length: 16
weights:
  file: reverse.safetensors
)";

/// A valid vector spec.
const char *const kVectors = R"(s2sc: 1
name: series
source:
  kind: vectors
  dim: 6
target:
  kind: vectors
  dim: 6
encoder:
  hidden: 6
decoder:
  hidden: 6
search:
  max_length: 8
weights:
  file: w/series.safetensors
  layout: keras
)";

struct Diag {
  mlir::DiagnosticSeverity severity;
  unsigned line = 0, col = 0;
  std::string message;
};

/// `text` with the first occurrence of `from` replaced by `to`.
std::string replaced(std::string text, const std::string &from,
                     const std::string &to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "no '" << from << "' in the spec";
  if (pos != std::string::npos)
    text.replace(pos, from.size(), to);
  return text;
}

class SpecParserTest : public ::testing::Test {
protected:
  mlir::FailureOr<ModelSpec> parse(const std::string &yaml,
                                   const std::string &name = "spec.yaml") {
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(yaml, name), llvm::SMLoc());
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
      record(d);
      for (mlir::Diagnostic &note : d.getNotes())
        record(note);
      return mlir::success();
    });
    return parseModelSpec(sourceMgr, &context);
  }

  void record(mlir::Diagnostic &d) {
    Diag diag{d.getSeverity(), 0, 0, d.str()};
    if (auto loc = d.getLocation().dyn_cast<mlir::FileLineColLoc>()) {
      diag.line = loc.getLine();
      diag.col = loc.getColumn();
      EXPECT_EQ(loc.getFilename().str(), "spec.yaml");
    }
    diags.push_back(diag);
  }

  /// Expects exactly one error, at `line`:`col`, with message `message`.
  void expectOneError(const std::string &yaml, unsigned line, unsigned col,
                      const std::string &message) {
    EXPECT_TRUE(mlir::failed(parse(yaml)));
    ASSERT_EQ(diags.size(), 1u) << dump();
    expectDiag(0, line, col, message);
  }

  void expectDiag(size_t i, unsigned line, unsigned col,
                  const std::string &message,
                  mlir::DiagnosticSeverity severity =
                      mlir::DiagnosticSeverity::Error) {
    ASSERT_LT(i, diags.size()) << dump();
    EXPECT_EQ(diags[i].severity, severity) << dump();
    EXPECT_EQ(diags[i].line, line) << dump();
    EXPECT_EQ(diags[i].col, col) << dump();
    EXPECT_EQ(diags[i].message, message);
  }

  std::string dump() const {
    std::string out = "diagnostics:\n";
    for (const Diag &d : diags)
      out += "  " + std::to_string(d.line) + ":" + std::to_string(d.col) +
             ": " + d.message + "\n";
    return out;
  }

  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::vector<Diag> diags;
};

//===----------------------------------------------------------------------===//
// Valid specs and defaults
//===----------------------------------------------------------------------===//

TEST_F(SpecParserTest, GoodSpecWithDefaults) {
  auto spec = parse(kGood, "models/spec.yaml");
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  EXPECT_EQ(spec->path, "models/spec.yaml");
  EXPECT_EQ(spec->version.value, 1);
  EXPECT_EQ(spec->name.value, "reverse");
  EXPECT_TRUE(spec->source.isTokens());
  EXPECT_EQ(spec->source.vocab.value, 24);
  EXPECT_EQ(spec->source.embed.value, 16);
  EXPECT_EQ(spec->target.bos.value, 1);
  EXPECT_EQ(spec->target.eos.value, 2);

  EXPECT_EQ(spec->encoder.cell.value, "lstm");
  EXPECT_FALSE(spec->encoder.cell.present);
  EXPECT_EQ(spec->encoder.hidden.value, 32);
  EXPECT_TRUE(spec->encoder.hidden.present);
  EXPECT_EQ(spec->encoder.layers.value, 1);
  EXPECT_EQ(spec->encoder.gateActivation.value, "sigmoid");
  EXPECT_EQ(spec->encoder.contextProjection.value, 0);
  EXPECT_EQ(spec->decoder.peek.value, "none");
  EXPECT_EQ(spec->decoder.firstInput.value, "bos");
  EXPECT_EQ(spec->decoder.initState.value, "encoder");
  EXPECT_EQ(spec->search.strategy.value, "greedy");
  EXPECT_EQ(spec->search.maxLength.value, 16);

  EXPECT_EQ(spec->weights.file.value, "reverse.safetensors");
  EXPECT_EQ(spec->weights.resolvedPath, "models/reverse.safetensors");
  EXPECT_EQ(spec->weights.layout.value, "canonical");
  EXPECT_EQ(spec->weights.separator.value, ".");
  EXPECT_EQ(spec->weights.names["source_embedding"].value, "src_embed");
  EXPECT_EQ(spec->weights.names["target_embedding"].value, "tgt_embed");
  // SPEC.md: canonical keeps one module per layer.
  EXPECT_EQ(spec->weights.names["encoder"].value, "encoder.{layer}");
  EXPECT_EQ(spec->weights.names["decoder"].value, "decoder.{layer}");
  EXPECT_EQ(spec->weights.names["output"].value, "out");
  EXPECT_EQ(spec->weights.names["context_projection"].value, "ctx");
  EXPECT_FALSE(spec->weights.names["output"].present);
}

TEST_F(SpecParserTest, RangesPointAtValuesAndDefaultsAtParents) {
  auto spec = parse(kGood);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  auto lineCol = [&](llvm::SMRange range) {
    auto lc = sourceMgr.getLineAndColumn(range.Start);
    return std::to_string(lc.first) + ":" + std::to_string(lc.second);
  };
  EXPECT_EQ(lineCol(spec->encoder.hidden.range), "14:11");
  EXPECT_EQ(lineCol(spec->encoder.layers.range), "13:1"); // default: `encoder:`
  EXPECT_EQ(lineCol(spec->encoder.range), "13:1");
  EXPECT_EQ(lineCol(spec->weights.file.range), "20:9");
  EXPECT_EQ(lineCol(spec->weights.names["encoder"].range), "19:1");
}

TEST_F(SpecParserTest, ToLocationUsesBufferName) {
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy("a: 1\nbb: 2\n", "x.yaml"),
      llvm::SMLoc());
  const char *start =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID())->getBufferStart();
  auto loc = toLocation(sourceMgr, llvm::SMLoc::getFromPointer(start + 9),
                        &context)
                 .dyn_cast<mlir::FileLineColLoc>();
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc.getFilename().str(), "x.yaml");
  EXPECT_EQ(loc.getLine(), 2u);
  EXPECT_EQ(loc.getColumn(), 5u);
}

TEST_F(SpecParserTest, FullSpecAllKeys) {
  const char *full = R"(s2sc: 1
name: full_model
source: {kind: tokens, vocab: 30, embed: 8}
target:
  kind: tokens
  vocab: 40
  embed: 12
  bos: 0
  eos: 39
encoder:
  cell: lstm
  hidden: 20
  layers: 2
  gate_activation: hard_sigmoid
  context_projection: 12
decoder:
  cell: lstm
  hidden: 20
  layers: 2
  gate_activation: hard_sigmoid_v3
  peek: concat
  first_input: context
  init_state: encoder
search:
  strategy: beam
  beam_width: 3
  max_length: 9
weights:
  file: /abs/w.safetensors
  layout: flax
  separator: "/"
  names:
    encoder: "params/enc_{layer}"
    output: params/dense
)";
  auto spec = parse(full);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->encoder.gateActivation.value, "hard_sigmoid");
  EXPECT_EQ(spec->encoder.contextProjection.value, 12);
  EXPECT_EQ(spec->decoder.peek.value, "concat");
  EXPECT_EQ(spec->decoder.firstInput.value, "context");
  EXPECT_EQ(spec->search.strategy.value, "beam");
  EXPECT_EQ(spec->search.beamWidth.value, 3);
  EXPECT_EQ(spec->weights.resolvedPath, "/abs/w.safetensors");
  EXPECT_EQ(spec->weights.separator.value, "/");
  EXPECT_EQ(spec->weights.names["encoder"].value, "params/enc_{layer}");
  EXPECT_TRUE(spec->weights.names["encoder"].present);
  // The default per-layer prefix is SPEC.md's, whatever the separator.
  EXPECT_EQ(spec->weights.names["decoder"].value, "decoder.{layer}");
  EXPECT_EQ(spec->weights.names["output"].value, "params/dense");
}

TEST_F(SpecParserTest, VectorDefaults) {
  auto spec = parse(kVectors);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_FALSE(spec->source.isTokens());
  EXPECT_EQ(spec->target.activation.value, "linear");
  EXPECT_EQ(spec->decoder.firstInput.value, "context");
  EXPECT_EQ(spec->weights.resolvedPath, "w/series.safetensors");
}

TEST_F(SpecParserTest, PerLayerDefaultPrefixes) {
  std::string yaml = replaced(kGood, "  hidden: 32\ndecoder:",
                              "  hidden: 32\n  layers: 2\ndecoder:");
  yaml = replaced(yaml, "decoder:\n  hidden: 32",
                  "decoder:\n  hidden: 32\n  layers: 2");
  auto spec = parse(yaml);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->weights.names["encoder"].value, "encoder.{layer}");
  EXPECT_EQ(spec->weights.names["decoder"].value, "decoder.{layer}");
}

TEST_F(SpecParserTest, PytorchKeepsOneModulePerStack) {
  std::string yaml = replaced(kGood, "  hidden: 32\ndecoder:",
                              "  hidden: 32\n  layers: 2\ndecoder:");
  yaml = replaced(yaml, "decoder:\n  hidden: 32",
                  "decoder:\n  hidden: 32\n  layers: 2");
  yaml += "  layout: pytorch\n";
  auto spec = parse(yaml);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->weights.names["encoder"].value, "encoder");
  EXPECT_EQ(spec->weights.names["decoder"].value, "decoder");
}

//===----------------------------------------------------------------------===//
// One error class each
//===----------------------------------------------------------------------===//

TEST_F(SpecParserTest, YamlSyntaxError) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: [32");
  EXPECT_TRUE(mlir::failed(parse(yaml)));
  ASSERT_EQ(diags.size(), 1u) << dump();
  EXPECT_EQ(diags[0].message.rfind("invalid YAML: ", 0), 0u) << dump();
  EXPECT_GE(diags[0].line, 14u) << dump();
}

TEST_F(SpecParserTest, UnterminatedQuoteIsSyntaxError) {
  EXPECT_TRUE(mlir::failed(parse("s2sc: 1\nname: \"rev\nsource: {}\n")));
  ASSERT_EQ(diags.size(), 1u) << dump();
  EXPECT_EQ(diags[0].message.rfind("invalid YAML: ", 0), 0u) << dump();
  EXPECT_GE(diags[0].line, 2u) << dump();
}

TEST_F(SpecParserTest, EmptySpec) {
  expectOneError("# nothing here\n", 1, 1,
                 "the spec is empty: expected a mapping with keys s2sc, name, "
                 "source, target, encoder, decoder, search, weights");
}

TEST_F(SpecParserTest, RootNotMapping) {
  expectOneError("- a\n- b\n", 1, 1,
                 "the spec must be a mapping of keys, got a sequence");
}

TEST_F(SpecParserTest, UnknownKeyWithSuggestion) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: 32\n  hiden: 3");
  expectOneError(yaml, 15, 3,
                 "unknown key 'hiden' in 'encoder' (did you mean 'hidden'?), "
                 "expected one of: cell, hidden, layers, bidirectional, gate_activation, "
                 "context_projection");
}

TEST_F(SpecParserTest, UnknownTopLevelKey) {
  std::string yaml = std::string(kGood) + "extra: 1\n";
  expectOneError(yaml, 21, 1,
                 "unknown key 'extra' at the top level, expected one of: "
                 "s2sc, name, source, target, encoder, decoder, search, "
                 "weights");
}

TEST_F(SpecParserTest, UnknownNameRole) {
  std::string yaml = std::string(kGood) + "  names:\n    encodr: enc\n";
  expectOneError(yaml, 22, 5,
                 "unknown key 'encodr' in 'weights.names' (did you mean "
                 "'encoder'?), expected one of: source_embedding, "
                 "target_embedding, encoder, decoder, output, "
                 "context_projection, encoder_reverse, attention, attention_general, "
                 "attention_query, attention_key, attention_score, attention_output");
}

TEST_F(SpecParserTest, SectionMustBeMapping) {
  std::string yaml =
      replaced(kGood, "encoder:\n  hidden: 32\n", "encoder: 32\n");
  expectOneError(yaml, 13, 10, "'encoder' must be a mapping, got '32'");
}

TEST_F(SpecParserTest, SectionMustBeMappingNotSequence) {
  std::string yaml =
      replaced(kGood, "encoder:\n  hidden: 32\n", "encoder:\n  - hidden: 32\n");
  expectOneError(yaml, 13, 1, "'encoder' must be a mapping, got a sequence");
}

TEST_F(SpecParserTest, EmptySectionIsReportedAtItsKey) {
  std::string yaml = replaced(kGood, "encoder:\n  hidden: 32\n", "encoder:\n");
  expectOneError(yaml, 13, 1, "'encoder' must be a mapping, got nothing");
}

TEST_F(SpecParserTest, NonIntegerSize) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: abc");
  expectOneError(yaml, 14, 11, "'hidden' must be a positive integer, got 'abc'");
}

TEST_F(SpecParserTest, ScalarExpectedGotSequence) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: [1, 2]");
  // Collections are reported at their key: their own start is inside them.
  expectOneError(yaml, 14, 3,
                 "'hidden' must be a positive integer, got a sequence");
}

TEST_F(SpecParserTest, NegativeSize) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: -3");
  expectOneError(yaml, 14, 11, "'hidden' must be a positive integer, got -3");
}

TEST_F(SpecParserTest, ZeroSize) {
  std::string yaml = replaced(kGood, "  vocab: 24", "  vocab: 0");
  expectOneError(yaml, 5, 10, "'vocab' must be a positive integer, got 0");
}

TEST_F(SpecParserTest, HugeSize) {
  std::string yaml = replaced(kGood, "  embed: 16", "  embed: 99999999999");
  expectOneError(yaml, 6, 10,
                 "'embed' must be at most 16777216, got 99999999999");
}

TEST_F(SpecParserTest, MissingTopLevelKey) {
  std::string yaml = replaced(kGood, "s2sc: 1\n", "");
  expectOneError(yaml, 1, 1, "missing required key 's2sc'");
}

TEST_F(SpecParserTest, MissingSection) {
  std::string yaml = replaced(kGood, "search:\n  max_length: 16\n", "");
  expectOneError(yaml, 1, 1, "missing required key 'search'");
}

TEST_F(SpecParserTest, MissingNestedKey) {
  std::string yaml = replaced(kGood, "  hidden: 32\n", "  layers: 1\n");
  expectOneError(yaml, 13, 1, "missing required key 'hidden' in 'encoder'");
}

TEST_F(SpecParserTest, MissingTokenKeys) {
  std::string yaml = replaced(kGood, "  bos: 1\n  eos: 2\n", "");
  EXPECT_TRUE(mlir::failed(parse(yaml)));
  ASSERT_EQ(diags.size(), 2u) << dump();
  expectDiag(0, 7, 1, "missing required key 'bos' in 'target'");
  expectDiag(1, 7, 1, "missing required key 'eos' in 'target'");
}

TEST_F(SpecParserTest, MissingVectorDim) {
  std::string yaml = replaced(kVectors, "  dim: 6\n", "");
  expectOneError(yaml, 3, 1, "missing required key 'dim' in 'source'");
}

TEST_F(SpecParserTest, MissingWeightsFile) {
  std::string yaml = replaced(kGood, "  file: reverse.safetensors\n",
                              "  layout: pytorch\n");
  expectOneError(yaml, 19, 1, "missing required key 'file' in 'weights'");
}

TEST_F(SpecParserTest, BadEnum) {
  std::string yaml = replaced(kGood, "decoder:\n  hidden: 32",
                              "decoder:\n  hidden: 32\n  peek: sideways");
  expectOneError(yaml, 17, 9,
                 "'peek' must be one of none, concat, add, got 'sideways'");
}

TEST_F(SpecParserTest, BadKind) {
  std::string yaml = replaced(kGood, "  kind: tokens", "  kind: images");
  expectOneError(yaml, 4, 9, "'kind' must be one of tokens, vectors, got 'images'");
}

TEST_F(SpecParserTest, BadLayout) {
  std::string yaml = std::string(kGood) + "  layout: tensorflow\n";
  expectOneError(yaml, 21, 11,
                 "'layout' must be one of canonical, pytorch, flax, keras, "
                 "onnx, got 'tensorflow'");
}

TEST_F(SpecParserTest, BadCell) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: 32\n  cell: gru");
  expectOneError(yaml, 15, 9, "'cell' must be one of lstm, got 'gru'");
}

TEST_F(SpecParserTest, VersionMustBeOne) {
  std::string yaml = replaced(kGood, "s2sc: 1", "s2sc: 2");
  expectOneError(yaml, 1, 7, "'s2sc' must be 1 (the spec format version), got 2");
}

TEST_F(SpecParserTest, NameMustBeCIdentifier) {
  std::string yaml = replaced(kGood, "name: reverse", "name: 3d-model");
  expectOneError(yaml, 2, 7,
                 "'name' must be a C identifier (letters, digits and '_', not "
                 "starting with a digit), got '3d-model'");
}

TEST_F(SpecParserTest, TokenIdOutOfRange) {
  std::string yaml = replaced(kGood, "  eos: 2", "  eos: 24");
  expectOneError(yaml, 12, 8,
                 "'eos' must be a token id in 0..23 (target.vocab = 24), got 24");
}

TEST_F(SpecParserTest, NegativeTokenId) {
  std::string yaml = replaced(kGood, "  bos: 1", "  bos: -1");
  expectOneError(yaml, 11, 8, "'bos' must be a non-negative integer, got -1");
}

TEST_F(SpecParserTest, BeamWidthMustBePositive) {
  std::string yaml = replaced(kGood, "  max_length: 16",
                              "  strategy: beam\n  beam_width: 0\n  max_length: 16");
  expectOneError(yaml, 19, 15, "'beam_width' must be a positive integer, got 0");
}

TEST_F(SpecParserTest, BeamWidthDefault) {
  std::string yaml = replaced(kGood, "  max_length: 16",
                              "  strategy: beam\n  max_length: 16");
  auto spec = parse(yaml);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->search.beamWidth.value, 4);
  EXPECT_FALSE(spec->search.beamWidth.present);
}

TEST_F(SpecParserTest, BeamLengthPenaltyAndAlpha) {
  std::string yaml =
      replaced(kGood, "  max_length: 16",
               "  strategy: beam\n  length_penalty: gnmt\n  alpha: 0.6\n  max_length: 16");
  auto spec = parse(yaml);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->search.lengthPenalty.value, "gnmt");
  EXPECT_EQ(spec->search.alpha.value, 0.6);
  // --emit=spec writes every beam key, defaults included, and reads back.
  std::string printed;
  llvm::raw_string_ostream os(printed);
  s2s::printModelSpec(*spec, os);
  EXPECT_NE(printed.find("  strategy: beam\n  beam_width: 4\n  length_penalty: gnmt\n"
                         "  alpha: 0.6\n  max_length: 16\n"),
            std::string::npos)
      << printed;
}

TEST_F(SpecParserTest, BeamDefaults) {
  std::string yaml = replaced(kGood, "  max_length: 16", "  strategy: beam\n  max_length: 16");
  auto spec = parse(yaml);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->search.lengthPenalty.value, "none");
  EXPECT_EQ(spec->search.alpha.value, 1.0);
  EXPECT_FALSE(spec->search.alpha.present);
}

TEST_F(SpecParserTest, AlphaMustBeNonNegative) {
  std::string yaml =
      replaced(kGood, "  max_length: 16", "  strategy: beam\n  alpha: -0.5\n  max_length: 16");
  expectOneError(yaml, 19, 10, "'alpha' must be a non-negative number, got -0.5");
}

TEST_F(SpecParserTest, AlphaMustBeANumber) {
  std::string yaml =
      replaced(kGood, "  max_length: 16", "  strategy: beam\n  alpha: high\n  max_length: 16");
  expectOneError(yaml, 19, 10, "'alpha' must be a non-negative number, got 'high'");
}

TEST_F(SpecParserTest, AlphaMustBeFinite) {
  std::string yaml =
      replaced(kGood, "  max_length: 16", "  strategy: beam\n  alpha: 1e999\n  max_length: 16");
  expectOneError(yaml, 19, 10, "'alpha' must be a non-negative number, got '1e999'");
}

TEST_F(SpecParserTest, BadLengthPenalty) {
  std::string yaml = replaced(kGood, "  max_length: 16",
                              "  strategy: beam\n  length_penalty: linear\n  max_length: 16");
  expectOneError(yaml, 19, 19, "'length_penalty' must be one of none, avg, gnmt, got 'linear'");
}

TEST_F(SpecParserTest, BeamKeysUnderGreedy) {
  // Each beam key under greedy search is an error at that key's value.
  std::string yaml =
      replaced(kGood, "  max_length: 16",
               "  beam_width: 4\n  length_penalty: avg\n  alpha: 0.6\n  max_length: 16");
  EXPECT_TRUE(mlir::failed(parse(yaml)));
  ASSERT_EQ(diags.size(), 3u) << dump();
  expectDiag(0, 18, 15, "'beam_width' applies to strategy: beam only, but strategy is greedy");
  expectDiag(1, 19, 19, "'length_penalty' applies to strategy: beam only, but strategy is greedy");
  expectDiag(2, 20, 10, "'alpha' applies to strategy: beam only, but strategy is greedy");
}

TEST_F(SpecParserTest, InitStateLayerMismatchAtDecoderLayers) {
  std::string yaml = replaced(kGood, "  hidden: 32\ndecoder:",
                              "  hidden: 32\n  layers: 2\ndecoder:");
  yaml = replaced(yaml, "decoder:\n  hidden: 32",
                  "decoder:\n  hidden: 32\n  layers: 1");
  expectOneError(yaml, 18, 11,
                 "init_state: encoder needs equal layer counts: encoder has 2, "
                 "decoder has 1");
}

TEST_F(SpecParserTest, InitStateLayerMismatchAtInitState) {
  std::string yaml = replaced(kGood, "  hidden: 32\ndecoder:",
                              "  hidden: 32\n  layers: 2\ndecoder:");
  yaml = replaced(yaml, "decoder:\n  hidden: 32",
                  "decoder:\n  hidden: 32\n  init_state: encoder");
  expectOneError(yaml, 18, 15,
                 "init_state: encoder needs equal layer counts: encoder has 2, "
                 "decoder has 1");
}

TEST_F(SpecParserTest, InitStateHiddenMismatch) {
  std::string yaml = replaced(kGood, "decoder:\n  hidden: 32",
                              "decoder:\n  hidden: 64");
  expectOneError(yaml, 16, 11,
                 "init_state: encoder needs equal hidden sizes: encoder has "
                 "32, decoder has 64");
}

TEST_F(SpecParserTest, ZeroInitStateAllowsAnyShape) {
  std::string yaml = replaced(kGood, "decoder:\n  hidden: 32",
                              "decoder:\n  hidden: 64\n  layers: 3\n"
                              "  init_state: zeros");
  EXPECT_TRUE(mlir::succeeded(parse(yaml))) << dump();
}

TEST_F(SpecParserTest, DuplicateKeyWithNote) {
  std::string yaml = replaced(kGood, "  hidden: 32", "  hidden: 32\n  hidden: 8");
  EXPECT_TRUE(mlir::failed(parse(yaml)));
  ASSERT_EQ(diags.size(), 2u) << dump();
  expectDiag(0, 15, 3, "duplicate key 'hidden' in 'encoder'");
  expectDiag(1, 14, 3, "first defined here", mlir::DiagnosticSeverity::Note);
}

TEST_F(SpecParserTest, KeyOfTheOtherKind) {
  std::string yaml = replaced(kGood, "  embed: 16", "  embed: 16\n  dim: 4");
  expectOneError(yaml, 7, 8, "'dim' does not apply to source.kind: tokens");
}

TEST_F(SpecParserTest, FirstInputBosNeedsTokens) {
  std::string yaml = replaced(kVectors, "  hidden: 6\nsearch:",
                              "  hidden: 6\n  first_input: bos\nsearch:");
  expectOneError(yaml, 13, 16,
                 "first_input: bos needs a token target, but target.kind is "
                 "vectors");
}

TEST_F(SpecParserTest, ContextSizeMismatch) {
  std::string yaml = replaced(kVectors, "  dim: 6\nencoder:", "  dim: 4\nencoder:");
  expectOneError(yaml, 11, 1,
                 "first_input: context feeds C where the feedback goes: "
                 "context size 6 (encoder.hidden) differs from feedback size "
                 "4 (target.dim); set encoder.context_projection: 4");
}

TEST_F(SpecParserTest, PeekAddSizeMismatch) {
  std::string yaml = replaced(kGood, "decoder:\n  hidden: 32",
                              "decoder:\n  hidden: 32\n  peek: add");
  expectOneError(yaml, 17, 9,
                 "peek: add needs the context and the feedback to have one "
                 "size: context size 32 (encoder.hidden) differs from feedback "
                 "size 16 (target.embed); set encoder.context_projection: 16");
}

TEST_F(SpecParserTest, PrefixNeedsLayerPlaceholder) {
  std::string yaml = replaced(kGood, "  hidden: 32\ndecoder:",
                              "  hidden: 32\n  layers: 2\ndecoder:");
  yaml = replaced(yaml, "decoder:\n  hidden: 32",
                  "decoder:\n  hidden: 32\n  layers: 2");
  yaml += "  names:\n    encoder: enc\n";
  expectOneError(yaml, 24, 14,
                 "'encoder' must contain {layer} with layout canonical and "
                 "encoder.layers = 2, got 'enc'");
}

TEST_F(SpecParserTest, LayerPlaceholderOnlyInStacks) {
  std::string yaml = std::string(kGood) + "  names:\n    output: out{layer}\n";
  expectOneError(yaml, 22, 13,
                 "'output' must not contain {layer}: only the encoder and "
                 "decoder have layers");
}

TEST_F(SpecParserTest, ReportsAllErrors) {
  const char *bad = R"(s2sc: 3
name: ok
source:
  kind: tokens
  vocab: -1
  embed: 16
target:
  kind: tokens
  vocab: 24
  embed: 16
  bos: 1
  eos: 2
  colour: red
encoder:
  hidden: 32
decoder:
  hidden: 32
  peek: maybe
search:
  strategy: greedy
weights:
  file: x.safetensors
)";
  EXPECT_TRUE(mlir::failed(parse(bad)));
  ASSERT_EQ(diags.size(), 5u) << dump();
  expectDiag(0, 1, 7, "'s2sc' must be 1 (the spec format version), got 3");
  expectDiag(1, 5, 10, "'vocab' must be a positive integer, got -1");
  EXPECT_EQ(diags[2].line, 13u);
  EXPECT_EQ(diags[2].message.rfind("unknown key 'colour' in 'target'", 0), 0u);
  expectDiag(3, 18, 9, "'peek' must be one of none, concat, add, got 'maybe'");
  expectDiag(4, 19, 1, "missing required key 'max_length' in 'search'");
}

TEST_F(SpecParserTest, FlowMappingsAndQuotes) {
  const char *flow = R"(s2sc: 1
name: "quoted_name"
source: {kind: vectors, dim: 3}
target: {kind: tokens, vocab: 5, embed: 3, bos: 0, eos: 4}
encoder: {hidden: 3}
decoder: {hidden: 3, first_input: 'zeros'}
search: {max_length: 4}
weights: {file: "a b.safetensors", separator: "_"}
)";
  auto spec = parse(flow);
  ASSERT_TRUE(mlir::succeeded(spec)) << dump();
  EXPECT_EQ(spec->name.value, "quoted_name");
  EXPECT_EQ(spec->decoder.firstInput.value, "zeros");
  EXPECT_EQ(spec->weights.file.value, "a b.safetensors");
  EXPECT_EQ(spec->weights.separator.value, "_");
}

TEST_F(SpecParserTest, SecondDocumentIsAnError) {
  std::string yaml = std::string(kGood) + "---\ns2sc: 1\n";
  EXPECT_TRUE(mlir::failed(parse(yaml)));
  ASSERT_EQ(diags.size(), 1u) << dump();
  expectDiag(0, 22, 1, "the spec must be a single YAML document");
}

} // namespace
