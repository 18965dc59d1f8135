//===- S2SOps.h - s2s operations -------------------------------*- C++ -*-===//
#ifndef S2S_DIALECT_S2S_S2SOPS_H
#define S2S_DIALECT_S2S_S2SOPS_H

#include "s2s/Dialect/S2S/S2SDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "s2s/Dialect/S2S/S2SEnums.h.inc"

namespace s2s {
struct ModelInterface;
} // namespace s2s
#include "s2s/Dialect/S2S/S2SInterfaces.h.inc"

#define GET_OP_CLASSES
#include "s2s/Dialect/S2S/S2SOps.h.inc"

namespace s2s {

/// Size of dimension `d` of a shaped type or value (ShapedType::kDynamicSize
/// when it is dynamic): what the op verifiers and the passes ask of every
/// tensor and memref.
inline int64_t dimOf(mlir::Type type, unsigned d) {
  return type.cast<mlir::ShapedType>().getDimSize(d);
}
inline int64_t dimOf(mlir::Value value, unsigned d) { return dimOf(value.getType(), d); }

} // namespace s2s

#endif // S2S_DIALECT_S2S_S2SOPS_H
