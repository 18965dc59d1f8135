//===- PassDetail.h - Generated conversion pass bases ----------*- C++ -*-===//
#ifndef S2S_LIB_CONVERSION_PASSDETAIL_H
#define S2S_LIB_CONVERSION_PASSDETAIL_H

#include "s2s/Conversion/Passes.h"

namespace s2s {
#define GEN_PASS_CLASSES
#include "s2s/Conversion/Passes.h.inc"
} // namespace s2s

#endif // S2S_LIB_CONVERSION_PASSDETAIL_H
