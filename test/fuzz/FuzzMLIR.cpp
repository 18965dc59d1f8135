//===- FuzzMLIR.cpp - libFuzzer target: .mlir through the pipeline -------===//
///
/// Any bytes as MLIR: what parses and verifies goes through the whole pass
/// pipeline (model -> cells -> kernels -> LLVM dialect, as s2s-opt
/// --s2s-to-llvm runs it, verifier after every pass). Every outcome but a
/// crash, a hang or a verifier-invalid result of a pass that succeeded is
/// fine: diagnostics are the expected answer to bad IR.
///
//===----------------------------------------------------------------------===//
#include "s2s/Pipeline/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *context = [] {
    auto *c = new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    s2s::loadS2SDialects(*c);
    return c;
  }();
  mlir::ScopedDiagnosticHandler quiet(context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  // MLIR's lexer reads up to a NUL after the text (as s2s-opt's files have).
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::parseSourceString(text, context);
  if (!module)
    return 0;
  mlir::PassManager pm(context);
  s2s::PipelineOptions options;
  s2s::populateModelToCells(pm, options);
  s2s::populateCellsToKernels(pm, options);
  s2s::populateKernelsToLLVM(pm, options);
  (void)pm.run(*module);
  return 0;
}
