//===- PackWeights.cpp - s2s.weight to packed memref.globals ----*- C++ -*-===//
///
/// The layouts themselves are in WeightPacking.cpp; this pass decides what
/// is emitted: a global per weight something reads, a computed table per
/// folded projection, nothing for a weight only a fold read.
///
//===----------------------------------------------------------------------===//
#include "PassDetail.h"
#include "WeightPacking.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace s2s;

namespace {

struct PackWeightsPass : PackWeightsBase<PackWeightsPass> {
  void runOnOperation() override;
};

/// Replaces `op` (an s2s.weight or s2s.fold_input_projection) by a read of
/// the global `name` it becomes.
void replaceByGlobalRead(Operation *op, StringRef name) {
  OpBuilder b(op);
  auto type = op->getResult(0).getType().cast<MemRefType>();
  Value read = b.create<memref::GetGlobalOp>(op->getLoc(), type, name);
  op->getResult(0).replaceAllUsesWith(read);
  op->erase();
}

void PackWeightsPass::runOnOperation() {
  ModuleOp module = getOperation();
  SmallVector<Operation *> ops; // in program order: the order of the globals
  module.walk([&](Operation *op) {
    if (isa<WeightOp, FoldInputProjectionOp>(op))
      ops.push_back(op);
  });
  // A global to emit: a weight's (packed when emitted, if still read) or a
  // folded table's (computed here).
  struct Global {
    WeightOp weight;
    std::string name;
    DenseElementsAttr table;
    Operation *function;
    Location loc;
  };
  SmallVector<Global> globals;
  // Each weight packed once: a fold and the weight's own global may both
  // need it.
  llvm::DenseMap<Operation *, DenseElementsAttr> packed;
  auto packedValue = [&](WeightOp weight) {
    DenseElementsAttr &value = packed[weight];
    if (!value)
      value = packWeight(weight);
    return value;
  };
  // The host functions of one model read the same weights: one global
  // each, read by all (the first function's, in program order).
  llvm::StringSet<> folded;
  // Folds first: once computed, the weights they read may have no reader
  // left, and are then not emitted.
  for (Operation *op : ops) {
    auto *function = op->getParentOfType<FuncOp>().getOperation();
    if (auto weight = dyn_cast<WeightOp>(op)) {
      globals.push_back({weight, weight.getSymbol().str(), nullptr, function, op->getLoc()});
      continue;
    }
    auto fold = cast<FoldInputProjectionOp>(op);
    if (!folded.insert(fold.getSymbol()).second) {
      replaceByGlobalRead(fold, fold.getSymbol());
      continue;
    }
    auto packedOperand = [&](Value v) { return packedValue(v.getDefiningOp<WeightOp>()); };
    DenseElementsAttr table =
        foldInputProjection(packedOperand(fold.getEmbedding()), packedOperand(fold.getWt()),
                            fold.getBias() ? packedOperand(fold.getBias()) : nullptr);
    globals.push_back({nullptr, fold.getSymbol().str(), table, function, op->getLoc()});
    replaceByGlobalRead(fold, globals.back().name);
  }
  llvm::DenseMap<Operation *, Operation *> lastGlobalOf; // per function
  llvm::StringSet<> emitted;
  for (Global &global : globals) {
    if (global.weight && global.weight->use_empty()) {
      global.weight.erase();
      continue;
    }
    if (emitted.count(global.name)) {
      if (global.weight)
        replaceByGlobalRead(global.weight, global.name);
      continue;
    }
    emitted.insert(global.name);
    DenseElementsAttr value = global.weight ? packedValue(global.weight) : global.table;
    // After the function's last one emitted, or after the function.
    Operation *&after = lastGlobalOf[global.function];
    OpBuilder b(module.getContext());
    b.setInsertionPointAfter(after ? after : global.function);
    auto type = value.getType().cast<RankedTensorType>();
    after = b.create<memref::GlobalOp>(global.loc, global.name, b.getStringAttr("private"),
                                       MemRefType::get(type.getShape(), type.getElementType()),
                                       value, /*constant=*/true, b.getI64IntegerAttr(64));
    if (global.weight)
      replaceByGlobalRead(global.weight, global.name);
  }
}

} // namespace

std::unique_ptr<Pass> s2s::createPackWeightsPass() { return std::make_unique<PackWeightsPass>(); }
