//===- SpecPrinter.h - The normalised spec as YAML -------------*- C++ -*-===//
#ifndef S2S_SPEC_SPECPRINTER_H
#define S2S_SPEC_SPECPRINTER_H

#include "s2s/Spec/ModelSpec.h"

namespace llvm {
class raw_ostream;
}

namespace s2s {

/// Prints `spec` as a YAML spec with every default filled in.
void printModelSpec(const ModelSpec &spec, llvm::raw_ostream &os);

} // namespace s2s

#endif
