#include "../Dialect/S2S/Transforms/PassDetail.h"
std::unique_ptr<mlir::Pass> s2s::createConvertS2SToLLVMPass() { return nullptr; }
