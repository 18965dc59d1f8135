//===- S2SDialect.h - The s2s dialect --------------------------*- C++ -*-===//
#ifndef S2S_DIALECT_S2S_S2SDIALECT_H
#define S2S_DIALECT_S2S_S2SDIALECT_H

#include "mlir/IR/Dialect.h"

#include "s2s/Dialect/S2S/S2SOpsDialect.h.inc"

namespace s2s {

/// A unit attribute on an llvm.mlir.global: the global is thread-local. The
/// LLVM dialect of MLIR 14 cannot say so; the translation to LLVM IR
/// (s2s::translateHostCode) applies it.
constexpr llvm::StringLiteral kThreadLocalAttr = "s2s.thread_local";

} // namespace s2s

#endif // S2S_DIALECT_S2S_S2SDIALECT_H
