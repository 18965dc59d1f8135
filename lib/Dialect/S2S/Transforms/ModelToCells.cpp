#include "PassDetail.h"
std::unique_ptr<mlir::Pass> s2s::createLowerToCellsPass() { return nullptr; }
