//===- PassDetail.h - Generated pass base classes --------------*- C++ -*-===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_PASSDETAIL_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_PASSDETAIL_H

#include "s2s/Dialect/S2S/Passes.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"

namespace s2s {
#define GEN_PASS_CLASSES
#include "s2s/Dialect/S2S/Passes.h.inc"
} // namespace s2s

#endif // S2S_LIB_DIALECT_S2S_TRANSFORMS_PASSDETAIL_H
