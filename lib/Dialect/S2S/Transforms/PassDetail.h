//===- PassDetail.h - Generated pass base classes --------------*- C++ -*-===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_PASSDETAIL_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_PASSDETAIL_H

#include "s2s/Dialect/S2S/Passes.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"

#include <string>

namespace s2s {
#define GEN_PASS_CLASSES
#include "s2s/Dialect/S2S/Passes.h.inc"

/// The allocation (or argument) a view was made from, through subviews and
/// the casts canonicalization puts after them.
inline mlir::Value rootOf(mlir::Value memref) {
  while (true) {
    if (auto view = memref.getDefiningOp<mlir::memref::SubViewOp>())
      memref = view.source();
    else if (auto cast = memref.getDefiningOp<mlir::memref::CastOp>())
      memref = cast.source();
    else
      return memref;
  }
}

/// The generated function that picks a library's variant for the running
/// CPU (EmitCApi defines it; kernel-call dispatch calls it).
inline std::string variantSelectorName(llvm::StringRef model) {
  return model.str() + "__select_variant";
}
} // namespace s2s

#endif
