//===- FuzzSpecParser.cpp - libFuzzer target: YAML spec parser -----------===//
///
/// Any bytes as a model spec: the parser must return a spec or errors, never
/// crash, hang or read out of bounds (SPEC.md's rules; issue 10).
///
//===----------------------------------------------------------------------===//
#include "s2s/Spec/SpecParser.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.yaml"),
      llvm::SMLoc());
  // Diagnostics are the expected outcome; printing them would only slow down.
  mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  (void)s2s::parseModelSpec(sourceMgr, &context);
  return 0;
}
