//===- AnnotateTargets.cpp - What the kernels are built for ----*- C++ -*-===//
#include "s2s/Backend/Halide/HalideBackend.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Pipeline/Passes.h"

using namespace mlir;
using namespace s2s;

namespace {
#define GEN_PASS_CLASSES
#include "s2s/Pipeline/Passes.h.inc"

struct AnnotateTargetsPass : AnnotateTargetsBase<AnnotateTargetsPass> {
  AnnotateTargetsPass() = default;
  AnnotateTargetsPass(StringRef list, bool forCpp) {
    targets = list.str();
    cpp = forCpp;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto resolved = halide::resolveTargetList(targets);
    if (!resolved) {
      module.emitError() << "--target: " << llvm::toString(resolved.takeError());
      return signalPassFailure();
    }
    if (cpp)
      if (llvm::Error e = halide::checkCppTargets(*resolved)) {
        module.emitError() << "--target: " << llvm::toString(std::move(e));
        return signalPassFailure();
      }
    // C++ sources carry no CPU features (the C++ compiler picks them) and
    // one variant.
    ModelTargets annotation;
    std::string description;
    for (const halide::ResolvedTarget &v : resolved->variants)
      description += (description.empty() ? "" : ",") + v.halideTarget;
    annotation.target =
        cpp ? halide::portableTargetString(resolved->variants.front()) : description;
    annotation.hostFeatures = cpp ? "" : resolved->shared.features;
    for (size_t i = 0; !cpp && i < resolved->variants.size(); ++i) {
      const halide::ResolvedTarget &v = resolved->variants[i];
      annotation.variants.push_back(
          {v.name, v.halideTarget, resolved->suffixes[i],
           SmallVector<uint64_t>(v.featureWords.begin(), v.featureWords.end())});
    }
    annotation.cuda = resolved->shared.cuda;
    annotation.attachTo(module);
  }
};
} // namespace

std::unique_ptr<Pass> s2s::createAnnotateTargetsPass() {
  return std::make_unique<AnnotateTargetsPass>();
}

std::unique_ptr<Pass> s2s::createAnnotateTargetsPass(StringRef targets, bool cpp) {
  return std::make_unique<AnnotateTargetsPass>(targets, cpp);
}
