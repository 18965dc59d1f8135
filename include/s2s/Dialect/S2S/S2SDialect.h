//===- S2SDialect.h - The s2s dialect --------------------------*- C++ -*-===//
#ifndef S2S_DIALECT_S2S_S2SDIALECT_H
#define S2S_DIALECT_S2S_S2SDIALECT_H

#include "mlir/IR/Dialect.h"

#include "s2s/Dialect/S2S/S2SOpsDialect.h.inc"

#endif // S2S_DIALECT_S2S_S2SDIALECT_H
