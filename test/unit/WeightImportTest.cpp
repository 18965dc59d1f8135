//===- WeightImportTest.cpp - Tests for weight import ----------*- C++ -*-===//
///
/// Writes small safetensors files (with a writer of its own, so the test does
/// not trust the code under test) next to an in-memory spec, imports them in
/// every layout and checks the canonical result element by element, and that
/// missing, misshapen and unused tensors are reported at the right spec key.
///
/// Tensor values encode their origin: element i of a tensor made with seed s
/// is s * 1000 + i, so a wrong transpose or gate order shows as a wrong value.
///
//===----------------------------------------------------------------------===//

#include "s2s/Spec/SpecParser.h"
#include "s2s/Spec/WeightImport.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <cstring>
#include <string>
#include <vector>

using namespace s2s;

namespace {

struct Tensor {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<float> data;
};

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Tensor make(std::string name, std::vector<int64_t> shape, int seed) {
  Tensor t{std::move(name), std::move(shape), {}};
  for (int64_t i = 0; i < numElements(t.shape); ++i)
    t.data.push_back(float(seed * 1000 + i));
  return t;
}

/// Writes F32 tensors in the safetensors format (little-endian host).
void writeSafetensors(const std::string &path, const std::vector<Tensor> &ts) {
  std::string header = "{", data;
  for (const Tensor &t : ts) {
    if (header.size() > 1)
      header += ",";
    header += "\"" + t.name + "\":{\"dtype\":\"F32\",\"shape\":[";
    for (size_t i = 0; i < t.shape.size(); ++i)
      header += (i ? "," : "") + std::to_string(t.shape[i]);
    size_t begin = data.size();
    data.append(reinterpret_cast<const char *>(t.data.data()),
                t.data.size() * sizeof(float));
    header += "],\"data_offsets\":[" + std::to_string(begin) + "," +
              std::to_string(data.size()) + "]}";
  }
  header += "}";
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  ASSERT_FALSE(ec) << ec.message();
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    os << char((n >> (8 * i)) & 0xff);
  os << header << data;
}

float at(const FloatTensor &t, int64_t r, int64_t c) {
  return t.data[r * t.dim(1) + c];
}

/// Token model: source V=5 E=3, target V=6 E=4, hidden 2 (4H = 8).
std::string tokenSpec(const std::string &weightsExtra,
                      const std::string &encoderExtra = "",
                      const std::string &decoderExtra = "") {
  return "s2sc: 1\n"
         "name: m\n"
         "source:\n"
         "  kind: tokens\n"
         "  vocab: 5\n"
         "  embed: 3\n"
         "target:\n"
         "  kind: tokens\n"
         "  vocab: 6\n"
         "  embed: 4\n"
         "  bos: 1\n"
         "  eos: 2\n"
         "encoder:\n"
         "  hidden: 2\n" +
         encoderExtra +
         "decoder:\n"
         "  hidden: 2\n" +
         decoderExtra +
         "search:\n"
         "  max_length: 4\n"
         "weights:\n"
         "  file: w.safetensors\n" +
         weightsExtra;
}

/// The PyTorch tensors of the token model above (one layer each).
std::vector<Tensor> pytorchTensors() {
  return {make("src_embed.weight", {5, 3}, 1),
          make("tgt_embed.weight", {6, 4}, 2),
          make("encoder.weight_ih_l0", {8, 3}, 3),
          make("encoder.weight_hh_l0", {8, 2}, 4),
          make("encoder.bias_ih_l0", {8}, 5),
          make("encoder.bias_hh_l0", {8}, 6),
          make("decoder.weight_ih_l0", {8, 4}, 7),
          make("decoder.weight_hh_l0", {8, 2}, 8),
          make("decoder.bias_ih_l0", {8}, 9),
          make("decoder.bias_hh_l0", {8}, 10),
          make("out.weight", {6, 2}, 11),
          make("out.bias", {6}, 12)};
}

struct Diag {
  mlir::DiagnosticSeverity severity;
  unsigned line = 0, col = 0;
  std::string message;
};

class WeightImportTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> path;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("s2s-weights", path));
    dir = std::string(path);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  /// Parses `yaml` as `dir/spec.yaml`, writes `tensors` to
  /// `dir/w.safetensors` and imports them.
  mlir::FailureOr<ModelWeights> import(const std::string &yaml,
                                       const std::vector<Tensor> &tensors) {
    writeSafetensors(dir + "/w.safetensors", tensors);
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(yaml, dir + "/spec.yaml"),
        llvm::SMLoc());
    mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
      Diag diag{d.getSeverity(), 0, 0, d.str()};
      if (auto loc = d.getLocation().dyn_cast<mlir::FileLineColLoc>()) {
        diag.line = loc.getLine();
        diag.col = loc.getColumn();
      }
      diags.push_back(diag);
      return mlir::success();
    });
    auto spec = parseModelSpec(sourceMgr, &context);
    if (mlir::failed(spec)) {
      ADD_FAILURE() << "spec rejected\n" << dump();
      return mlir::failure();
    }
    return importWeights(*spec, sourceMgr, &context);
  }

  std::string dump() const {
    std::string out = "diagnostics:\n";
    for (const Diag &d : diags)
      out += "  " + std::to_string(d.line) + ":" + std::to_string(d.col) +
             ": " + d.message + "\n";
    return out;
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

  std::string dir;
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::vector<Diag> diags;
};

//===----------------------------------------------------------------------===//
// Layouts
//===----------------------------------------------------------------------===//

TEST_F(WeightImportTest, Pytorch) {
  auto w = import(tokenSpec("  layout: pytorch\n"), pytorchTensors());
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  EXPECT_EQ(w->sourceEmbedding.shape, (std::vector<int64_t>{5, 3}));
  EXPECT_EQ(w->sourceEmbedding.data[7], 1007.0f);
  EXPECT_EQ(w->targetEmbedding.shape, (std::vector<int64_t>{6, 4}));
  ASSERT_EQ(w->encoder.size(), 1u);
  ASSERT_EQ(w->decoder.size(), 1u);
  const LstmLayerWeights &enc = w->encoder[0];
  EXPECT_EQ(enc.wIh.shape, (std::vector<int64_t>{8, 3}));
  EXPECT_EQ(at(enc.wIh, 5, 2), 3000.0f + 17);
  EXPECT_EQ(enc.wHh.shape, (std::vector<int64_t>{8, 2}));
  EXPECT_EQ(enc.b.shape, (std::vector<int64_t>{8}));
  EXPECT_EQ(enc.b.data[3], 5003.0f + 6003.0f); // b_ih + b_hh
  EXPECT_EQ(w->decoder[0].wIh.shape, (std::vector<int64_t>{8, 4}));
  EXPECT_EQ(w->output.weight.shape, (std::vector<int64_t>{6, 2}));
  EXPECT_EQ(at(w->output.weight, 4, 1), 11009.0f);
  EXPECT_EQ(w->output.bias.data[5], 12005.0f);
  EXPECT_TRUE(w->contextProjection.weight.empty());
}

TEST_F(WeightImportTest, PytorchMultiLayer) {
  std::string yaml = tokenSpec("  layout: pytorch\n", "  layers: 2\n",
                               "  layers: 2\n");
  std::vector<Tensor> ts = pytorchTensors();
  for (const char *stack : {"encoder", "decoder"}) {
    std::string p = stack;
    ts.push_back(make(p + ".weight_ih_l1", {8, 2}, 20));
    ts.push_back(make(p + ".weight_hh_l1", {8, 2}, 21));
    ts.push_back(make(p + ".bias_ih_l1", {8}, 22));
    ts.push_back(make(p + ".bias_hh_l1", {8}, 23));
  }
  auto w = import(yaml, ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  ASSERT_EQ(w->encoder.size(), 2u);
  EXPECT_EQ(w->encoder[1].wIh.shape, (std::vector<int64_t>{8, 2}));
  EXPECT_EQ(w->encoder[1].wIh.data[0], 20000.0f);
  EXPECT_EQ(w->decoder[1].b.data[1], 22001.0f + 23001.0f);
}

TEST_F(WeightImportTest, PytorchOneModulePerLayer) {
  std::string yaml = tokenSpec("  layout: pytorch\n  names:\n"
                               "    encoder: \"enc.{layer}\"\n",
                               "  layers: 2\n", "  layers: 2\n");
  std::vector<Tensor> ts = pytorchTensors();
  for (Tensor &t : ts)
    if (t.name.rfind("encoder.", 0) == 0)
      t.name = "enc.0." + t.name.substr(8);
  ts.push_back(make("enc.1.weight_ih_l0", {8, 2}, 20));
  ts.push_back(make("enc.1.weight_hh_l0", {8, 2}, 21));
  ts.push_back(make("enc.1.bias_ih_l0", {8}, 22));
  ts.push_back(make("enc.1.bias_hh_l0", {8}, 23));
  ts.push_back(make("decoder.weight_ih_l1", {8, 2}, 24));
  ts.push_back(make("decoder.weight_hh_l1", {8, 2}, 25));
  ts.push_back(make("decoder.bias_ih_l1", {8}, 26));
  ts.push_back(make("decoder.bias_hh_l1", {8}, 27));
  auto w = import(yaml, ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_EQ(w->encoder[0].wIh.data[0], 3000.0f);
  EXPECT_EQ(w->encoder[1].wIh.data[0], 20000.0f);
}

TEST_F(WeightImportTest, CanonicalTwoLayers) {
  std::string yaml = tokenSpec("", "  layers: 2\n", "  layers: 2\n");
  std::vector<Tensor> ts = {make("src_embed.weight", {5, 3}, 1),
                            make("tgt_embed.weight", {6, 4}, 2),
                            make("encoder.0.w_ih", {8, 3}, 3),
                            make("encoder.0.w_hh", {8, 2}, 4),
                            make("encoder.0.b", {8}, 5),
                            make("encoder.1.w_ih", {8, 2}, 6),
                            make("encoder.1.w_hh", {8, 2}, 7),
                            make("encoder.1.b", {8}, 8),
                            make("decoder.0.w_ih", {8, 4}, 9),
                            make("decoder.0.w_hh", {8, 2}, 10),
                            make("decoder.0.b", {8}, 11),
                            make("decoder.1.w_ih", {8, 2}, 12),
                            make("decoder.1.w_hh", {8, 2}, 13),
                            make("decoder.1.b", {8}, 14),
                            make("out.weight", {6, 2}, 15),
                            make("out.bias", {6}, 16)};
  auto w = import(yaml, ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  EXPECT_EQ(w->encoder[1].b.data[7], 8007.0f);
  EXPECT_EQ(at(w->decoder[1].wIh, 3, 1), 12007.0f);
}

TEST_F(WeightImportTest, KerasTransposes) {
  std::vector<Tensor> ts = {make("src_embed.embeddings", {5, 3}, 1),
                            make("tgt_embed.embeddings", {6, 4}, 2),
                            make("encoder.kernel", {3, 8}, 3),
                            make("encoder.recurrent_kernel", {2, 8}, 4),
                            make("encoder.bias", {8}, 5),
                            make("decoder.kernel", {4, 8}, 6),
                            make("decoder.recurrent_kernel", {2, 8}, 7),
                            make("decoder.bias", {8}, 8),
                            make("out.kernel", {2, 6}, 9),
                            make("out.bias", {6}, 10)};
  auto w = import(tokenSpec("  layout: keras\n"), ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  const LstmLayerWeights &enc = w->encoder[0];
  EXPECT_EQ(enc.wIh.shape, (std::vector<int64_t>{8, 3}));
  // canonical [g][j] = kernel[j][g]; Keras i,f,c,o is the canonical order.
  for (int64_t g = 0; g < 8; ++g)
    for (int64_t j = 0; j < 3; ++j)
      EXPECT_EQ(at(enc.wIh, g, j), 3000.0f + j * 8 + g);
  EXPECT_EQ(at(enc.wHh, 6, 1), 4000.0f + 1 * 8 + 6);
  EXPECT_EQ(enc.b.data[6], 5006.0f);
  EXPECT_EQ(w->output.weight.shape, (std::vector<int64_t>{6, 2}));
  EXPECT_EQ(at(w->output.weight, 5, 1), 9000.0f + 1 * 6 + 5);
  EXPECT_EQ(w->sourceEmbedding.data[4], 1004.0f);
}

TEST_F(WeightImportTest, KerasSpecDefaultPrefixOneLayer) {
  // SPEC.md's default prefix for per-layer layouts is `encoder.{layer}`.
  std::vector<Tensor> ts = {make("src_embed.embeddings", {5, 3}, 1),
                            make("tgt_embed.embeddings", {6, 4}, 2),
                            make("encoder.0.kernel", {3, 8}, 3),
                            make("encoder.0.recurrent_kernel", {2, 8}, 4),
                            make("encoder.0.bias", {8}, 5),
                            make("decoder.0.kernel", {4, 8}, 6),
                            make("decoder.0.recurrent_kernel", {2, 8}, 7),
                            make("decoder.0.bias", {8}, 8),
                            make("out.kernel", {2, 6}, 9),
                            make("out.bias", {6}, 10)};
  auto w = import(tokenSpec("  layout: keras\n"), ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  EXPECT_EQ(at(w->decoder[0].wIh, 1, 0), 6001.0f);
}

TEST_F(WeightImportTest, CanonicalMissingUsesSpecDefault) {
  std::vector<Tensor> ts = {make("src_embed.weight", {5, 3}, 1),
                            make("tgt_embed.weight", {6, 4}, 2),
                            make("out.weight", {6, 2}, 15),
                            make("out.bias", {6}, 16)};
  EXPECT_TRUE(mlir::failed(import(tokenSpec(""), ts)));
  ASSERT_EQ(diags.size(), 2u) << dump();
  EXPECT_EQ(diags[0].message.rfind(
                "missing tensor 'encoder.0.w_ih' in w.safetensors (layout "
                "canonical); closest names: ",
                0),
            0u)
      << dump();
  EXPECT_EQ(diags[1].message.rfind("missing tensor 'decoder.0.w_ih'", 0), 0u)
      << dump();
}

TEST_F(WeightImportTest, FlaxStacksGates) {
  std::vector<Tensor> ts = {make("p/src/embedding", {5, 3}, 1),
                            make("p/tgt/embedding", {6, 4}, 2),
                            make("p/out/kernel", {2, 6}, 3),
                            make("p/out/bias", {6}, 4)};
  const char *gates[] = {"i", "f", "g", "o"};
  for (int s = 0; s < 2; ++s) {
    std::string p = s == 0 ? "p/enc/" : "p/dec/";
    int64_t in = s == 0 ? 3 : 4;
    for (int k = 0; k < 4; ++k) {
      int seed = 10 + s * 20 + k * 3;
      ts.push_back(make(p + "i" + gates[k] + "/kernel", {in, 2}, seed));
      ts.push_back(make(p + "h" + gates[k] + "/kernel", {2, 2}, seed + 1));
      ts.push_back(make(p + "h" + gates[k] + "/bias", {2}, seed + 2));
    }
  }
  std::string yaml = tokenSpec("  layout: flax\n  separator: /\n  names:\n"
                               "    source_embedding: p/src\n"
                               "    target_embedding: p/tgt\n"
                               "    encoder: p/enc\n"
                               "    decoder: p/dec\n"
                               "    output: p/out\n");
  auto w = import(yaml, ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  const LstmLayerWeights &enc = w->encoder[0];
  ASSERT_EQ(enc.wIh.shape, (std::vector<int64_t>{8, 3}));
  for (int k = 0; k < 4; ++k) {
    float base = float((10 + k * 3) * 1000);
    for (int64_t r = 0; r < 2; ++r) {
      for (int64_t c = 0; c < 3; ++c) // ik/kernel is [in, H]
        EXPECT_EQ(at(enc.wIh, k * 2 + r, c), base + c * 2 + r);
      for (int64_t c = 0; c < 2; ++c)
        EXPECT_EQ(at(enc.wHh, k * 2 + r, c), base + 1000 + c * 2 + r);
      EXPECT_EQ(enc.b.data[k * 2 + r], base + 2000 + r);
    }
  }
  EXPECT_EQ(w->decoder[0].wIh.shape, (std::vector<int64_t>{8, 4}));
  EXPECT_EQ(at(w->output.weight, 3, 1), 3000.0f + 1 * 6 + 3);
}

TEST_F(WeightImportTest, OnnxPermutesGates) {
  std::vector<Tensor> ts = {make("src_embed.weight", {5, 3}, 1),
                            make("tgt_embed.weight", {6, 4}, 2),
                            make("encoder.W", {1, 8, 3}, 3),
                            make("encoder.R", {1, 8, 2}, 4),
                            make("encoder.B", {1, 16}, 5),
                            make("decoder.W", {1, 8, 4}, 6),
                            make("decoder.R", {1, 8, 2}, 7),
                            make("out.weight", {6, 2}, 9),
                            make("out.bias", {6}, 10)};
  auto w = import(tokenSpec("  layout: onnx\n"), ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  const LstmLayerWeights &enc = w->encoder[0];
  ASSERT_EQ(enc.wIh.shape, (std::vector<int64_t>{8, 3}));
  // ONNX blocks are i, o, f, c: canonical i, f, g, o = ONNX blocks 0, 2, 3, 1.
  const int onnxBlock[4] = {0, 2, 3, 1};
  for (int k = 0; k < 4; ++k) {
    for (int64_t r = 0; r < 2; ++r) {
      int64_t row = onnxBlock[k] * 2 + r;
      EXPECT_EQ(at(enc.wIh, k * 2 + r, 1), 3000.0f + row * 3 + 1);
      EXPECT_EQ(at(enc.wHh, k * 2 + r, 0), 4000.0f + row * 2);
      EXPECT_EQ(enc.b.data[k * 2 + r], 5000.0f + row + 5000.0f + 8 + row);
    }
  }
  // No B: zero bias.
  for (float v : w->decoder[0].b.data)
    EXPECT_EQ(v, 0.0f);
}

TEST_F(WeightImportTest, OnnxPeepholesRejected) {
  std::vector<Tensor> ts = {make("src_embed.weight", {5, 3}, 1),
                            make("tgt_embed.weight", {6, 4}, 2),
                            make("encoder.W", {1, 8, 3}, 3),
                            make("encoder.R", {1, 8, 2}, 4),
                            make("encoder.P", {1, 6}, 5),
                            make("decoder.W", {1, 8, 4}, 6),
                            make("decoder.R", {1, 8, 2}, 7),
                            make("out.weight", {6, 2}, 9),
                            make("out.bias", {6}, 10)};
  EXPECT_TRUE(mlir::failed(import(tokenSpec("  layout: onnx\n"), ts)));
  ASSERT_EQ(diags.size(), 1u) << dump();
  expectDiag(0, 20, 9,
             "tensor 'encoder.P' holds ONNX peephole weights, which are not "
             "supported");
}

TEST_F(WeightImportTest, OnnxBidirectionalRejected) {
  std::vector<Tensor> ts = {make("src_embed.weight", {5, 3}, 1),
                            make("tgt_embed.weight", {6, 4}, 2),
                            make("encoder.W", {2, 8, 3}, 3),
                            make("encoder.R", {1, 8, 2}, 4),
                            make("decoder.W", {1, 8, 4}, 6),
                            make("decoder.R", {1, 8, 2}, 7),
                            make("out.weight", {6, 2}, 9),
                            make("out.bias", {6}, 10)};
  EXPECT_TRUE(mlir::failed(import(tokenSpec("  layout: onnx\n"), ts)));
  ASSERT_EQ(diags.size(), 1u) << dump();
  EXPECT_EQ(diags[0].message,
            "tensor 'encoder.W' has shape [2, 8, 3], expected [1, 8, 3] (from "
            "a single-direction LSTM: bidirectional ONNX LSTMs are not "
            "supported)");
}

TEST_F(WeightImportTest, VectorModelWithPeekConcatAndProjection) {
  // Vectors in (dim 3), vectors out (dim 4), context projected to 5:
  // decoder layer 0 reads [y ; C] = 4 + 5.
  std::string yaml = "s2sc: 1\n"
                     "name: v\n"
                     "source: {kind: vectors, dim: 3}\n"
                     "target: {kind: vectors, dim: 4, activation: tanh}\n"
                     "encoder: {hidden: 2, context_projection: 5}\n"
                     "decoder: {hidden: 2, peek: concat, first_input: zeros}\n"
                     "search: {max_length: 7}\n"
                     "weights: {file: w.safetensors, layout: pytorch}\n";
  std::vector<Tensor> ts = {make("encoder.weight_ih_l0", {8, 3}, 1),
                            make("encoder.weight_hh_l0", {8, 2}, 2),
                            make("encoder.bias_ih_l0", {8}, 3),
                            make("encoder.bias_hh_l0", {8}, 4),
                            make("decoder.weight_ih_l0", {8, 9}, 5),
                            make("decoder.weight_hh_l0", {8, 2}, 6),
                            make("decoder.bias_ih_l0", {8}, 7),
                            make("decoder.bias_hh_l0", {8}, 8),
                            make("out.weight", {4, 2}, 9),
                            make("out.bias", {4}, 10),
                            make("ctx.weight", {5, 2}, 11),
                            make("ctx.bias", {5}, 12)};
  auto w = import(yaml, ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  EXPECT_TRUE(diags.empty()) << dump();
  EXPECT_TRUE(w->sourceEmbedding.empty());
  EXPECT_TRUE(w->targetEmbedding.empty());
  EXPECT_EQ(w->decoder[0].wIh.shape, (std::vector<int64_t>{8, 9}));
  EXPECT_EQ(w->contextProjection.weight.shape, (std::vector<int64_t>{5, 2}));
  EXPECT_EQ(w->contextProjection.bias.data[4], 12004.0f);
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(WeightImportTest, MissingTensorAtWeightsFile) {
  std::vector<Tensor> ts = pytorchTensors();
  for (Tensor &t : ts)
    if (t.name.rfind("encoder.", 0) == 0)
      t.name = "enc." + t.name.substr(8);
  EXPECT_TRUE(mlir::failed(import(tokenSpec("  layout: pytorch\n"), ts)));
  // One error per role, not one per tensor.
  ASSERT_EQ(diags.size(), 1u) << dump();
  expectDiag(0, 20, 9,
             "missing tensor 'encoder.weight_ih_l0' in w.safetensors (layout "
             "pytorch); closest names: 'enc.weight_ih_l0', "
             "'enc.weight_hh_l0', 'enc.bias_ih_l0'");
}

TEST_F(WeightImportTest, MissingTensorAtNamesKey) {
  std::string yaml =
      tokenSpec("  layout: pytorch\n  names:\n    decoder: dec\n");
  EXPECT_TRUE(mlir::failed(import(yaml, pytorchTensors())));
  ASSERT_EQ(diags.size(), 1u) << dump();
  EXPECT_EQ(diags[0].line, 23u) << dump();
  EXPECT_EQ(diags[0].col, 14u) << dump();
  EXPECT_EQ(diags[0].message.rfind("missing tensor 'dec.weight_ih_l0' in "
                                   "w.safetensors (layout pytorch)",
                                   0),
            0u)
      << dump();
}

TEST_F(WeightImportTest, WrongHiddenSize) {
  std::vector<Tensor> ts = pytorchTensors();
  ts[3] = make("encoder.weight_hh_l0", {8, 3}, 4);
  EXPECT_TRUE(mlir::failed(import(tokenSpec("  layout: pytorch\n"), ts)));
  ASSERT_EQ(diags.size(), 1u) << dump();
  expectDiag(0, 14, 11,
             "tensor 'encoder.weight_hh_l0' has shape [8, 3], expected [8, 2] "
             "(from encoder.hidden = 2)");
}

TEST_F(WeightImportTest, WrongInputSize) {
  std::vector<Tensor> ts = pytorchTensors();
  ts[2] = make("encoder.weight_ih_l0", {8, 5}, 3);
  ts[11] = make("out.bias", {7}, 12);
  EXPECT_TRUE(mlir::failed(import(tokenSpec("  layout: pytorch\n"), ts)));
  ASSERT_EQ(diags.size(), 2u) << dump();
  expectDiag(0, 6, 10,
             "tensor 'encoder.weight_ih_l0' has shape [8, 5], expected [8, 3] "
             "(from source.embed = 3)");
  expectDiag(1, 9, 10,
             "tensor 'out.bias' has shape [7], expected [6] (from "
             "target.vocab = 6)");
}

TEST_F(WeightImportTest, WrongRank) {
  std::vector<Tensor> ts = pytorchTensors();
  ts[0] = make("src_embed.weight", {15}, 1);
  EXPECT_TRUE(mlir::failed(import(tokenSpec("  layout: pytorch\n"), ts)));
  ASSERT_EQ(diags.size(), 1u) << dump();
  expectDiag(0, 5, 10,
             "tensor 'src_embed.weight' has shape [15], expected [5, 3] (from "
             "source.vocab = 5)");
}

TEST_F(WeightImportTest, UnusedTensorsWarn) {
  std::vector<Tensor> ts = pytorchTensors();
  for (int i = 0; i < 7; ++i)
    ts.push_back(make("extra" + std::to_string(i), {1}, 30 + i));
  auto w = import(tokenSpec("  layout: pytorch\n"), ts);
  ASSERT_TRUE(mlir::succeeded(w)) << dump();
  ASSERT_EQ(diags.size(), 1u) << dump();
  expectDiag(0, 20, 9,
             "7 tensors in w.safetensors not used by the model: 'extra0', "
             "'extra1', 'extra2', 'extra3', 'extra4' and 2 more",
             mlir::DiagnosticSeverity::Warning);
}

TEST_F(WeightImportTest, UnreadableFile) {
  std::string yaml = tokenSpec("  layout: pytorch\n");
  writeSafetensors(dir + "/other.safetensors", pytorchTensors());
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(yaml, dir + "/spec.yaml"),
      llvm::SMLoc());
  std::vector<std::string> messages;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    messages.push_back(d.str());
    return mlir::success();
  });
  auto spec = parseModelSpec(sourceMgr, &context);
  ASSERT_TRUE(mlir::succeeded(spec));
  EXPECT_TRUE(mlir::failed(importWeights(*spec, sourceMgr, &context)));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rfind("cannot read weights: ", 0), 0u) << messages[0];
}

} // namespace
