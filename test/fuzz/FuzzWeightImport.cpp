//===- FuzzWeightImport.cpp - libFuzzer target: weight import ------------===//
///
/// The input's first byte picks one of the specs of test/Inputs (tiny,
/// peek, vectors: canonical layout), the rest is the safetensors file it
/// names. The import must give weights whose every tensor holds the
/// elements its shape says, LSTM shapes that fit the spec's sizes and only
/// finite values, or located errors; never a crash.
///
//===----------------------------------------------------------------------===//
#include "s2s/Spec/SpecParser.h"
#include "s2s/Spec/WeightImport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

/// The specs, with `weights.file` naming `path`.
std::vector<std::string> specs(const std::string &path) {
  std::vector<std::string> texts;
  for (const char *name : {"tiny.yaml", "peek.yaml", "vectors.yaml"}) {
    auto buffer = llvm::MemoryBuffer::getFile(std::string(S2S_FUZZ_INPUTS) + "/" + name);
    if (!buffer) {
      fprintf(stderr, "FuzzWeightImport: cannot read %s/%s\n", S2S_FUZZ_INPUTS, name);
      std::abort();
    }
    texts.push_back(llvm::Regex("file: [a-z]+\\.safetensors")
                        .sub("file: " + path, (*buffer)->getBuffer()));
  }
  return texts;
}

const std::string &weightsPath() {
  static const std::string path = [] {
    llvm::SmallString<128> p;
    llvm::sys::fs::createUniquePath("s2s-fuzz-weights-%%%%%%.safetensors", p,
                                    /*MakeAbsolute=*/true);
    return std::string(p);
  }();
  return path;
}

void fail(const char *what) {
  fprintf(stderr, "FuzzWeightImport: %s\n", what);
  std::abort();
}

void checkTensor(const s2s::FloatTensor &t) {
  size_t n = t.shape.empty() ? 0 : 1;
  for (int64_t d : t.shape) {
    if (d < 0)
      fail("a negative dimension");
    n *= size_t(d);
  }
  if (n != t.data.size())
    fail("a tensor whose data does not match its shape");
  for (float v : t.data)
    if (!std::isfinite(v))
      fail("a non-finite weight was accepted");
}

void checkStack(const std::vector<s2s::LstmLayerWeights> &layers, int64_t hidden) {
  for (const s2s::LstmLayerWeights &l : layers) {
    for (const s2s::FloatTensor *t : {&l.wIh, &l.wHh, &l.b})
      checkTensor(*t);
    if (l.wIh.shape.size() != 2 || l.wIh.shape[0] != 4 * hidden ||
        l.wHh.shape != std::vector<int64_t>{4 * hidden, hidden} ||
        l.b.shape != std::vector<int64_t>{4 * hidden})
      fail("an LSTM layer whose shapes do not fit the spec's hidden size");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  static mlir::MLIRContext context;
  static const std::vector<std::string> texts = specs(weightsPath());
  const std::string &text = texts[data[0] % texts.size()];
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(weightsPath(), ec);
    if (ec)
      fail("cannot write the weights file");
    os.write(reinterpret_cast<const char *>(data + 1), size - 1);
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.yaml"),
                               llvm::SMLoc());
  // Diagnostics are the expected outcome; printing them would only slow down.
  mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  auto spec = s2s::parseModelSpec(sourceMgr, &context);
  if (mlir::failed(spec))
    fail("a spec of test/Inputs does not parse");
  auto weights = s2s::importWeights(*spec, sourceMgr, &context);
  ::unlink(weightsPath().c_str());
  if (mlir::failed(weights))
    return 0;
  for (const s2s::FloatTensor *t :
       {&weights->sourceEmbedding, &weights->targetEmbedding, &weights->output.weight,
        &weights->output.bias, &weights->contextProjection.weight,
        &weights->contextProjection.bias})
    checkTensor(*t);
  checkStack(weights->encoder, spec->encoder.hidden.value);
  checkStack(weights->decoder, spec->decoder.hidden.value);
  return 0;
}
