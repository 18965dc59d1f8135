//===- SpecParser.h - YAML spec to ModelSpec -------------------*- C++ -*-===//
///
/// Parses and validates a model spec. Every problem is emitted as an MLIR
/// diagnostic located at the offending key (`file:line:col`), so tools report
/// it through their diagnostic handler (or check it with -verify-diagnostics).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SPEC_SPECPARSER_H
#define S2S_SPEC_SPECPARSER_H

#include "s2s/Spec/ModelSpec.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

namespace llvm {
class SourceMgr;
}

namespace s2s {

/// Parses the main buffer of `sourceMgr`, fills defaults and checks every rule
/// of SPEC.md that needs no weights. Emits all errors found; fails if any.
mlir::FailureOr<ModelSpec> parseModelSpec(llvm::SourceMgr &sourceMgr,
                                          mlir::MLIRContext *context);

/// Maps a place in the spec buffer to an MLIR location (file:line:col).
mlir::Location toLocation(llvm::SourceMgr &sourceMgr, llvm::SMLoc loc,
                          mlir::MLIRContext *context);

} // namespace s2s

#endif // S2S_SPEC_SPECPARSER_H
