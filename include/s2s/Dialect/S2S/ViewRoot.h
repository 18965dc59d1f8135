//===- ViewRoot.h - The buffer a memref view was made from -----*- C++ -*-===//
#ifndef S2S_DIALECT_S2S_VIEWROOT_H
#define S2S_DIALECT_S2S_VIEWROOT_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace s2s {

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

} // namespace s2s

#endif // S2S_DIALECT_S2S_VIEWROOT_H
