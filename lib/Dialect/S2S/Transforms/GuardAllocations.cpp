//===- GuardAllocations.cpp - Host code runs only when allocated -*- C++ -*-===//
///
/// See Passes.td (s2s-guard-allocations). The host functions s2s-lower-to-
/// cells writes allocate only at the top level of their body (never inside a
/// loop), size every buffer from the arguments' dims and what is computed
/// before the first allocation, end with the deallocations, and return 0.
///
//===----------------------------------------------------------------------===//
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ModelInterface.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"

using namespace mlir;
using namespace s2s;

namespace {

/// halide_error_code_out_of_memory: the generated C API reports it as
/// "out of memory", as it does a kernel's own failed allocation.
constexpr int64_t kOutOfMemory = -3;

/// Moves `op` and the ops it depends on in its block before `marker`; false
/// when one of them is not a pure, region-free op (then nothing is
/// guaranteed about it).
bool moveBefore(Operation *op, Operation *marker) {
  if (op->getBlock() != marker->getBlock() || op->isBeforeInBlock(marker))
    return true;
  for (Value operand : op->getOperands()) {
    Operation *def = operand.getDefiningOp();
    if (!def || def->getBlock() != marker->getBlock() || def->isBeforeInBlock(marker))
      continue; // computed before the check already
    if (!(MemoryEffectOpInterface::hasNoEffect(def) && def->getNumRegions() == 0) ||
        !moveBefore(def, marker))
      return false;
  }
  op->moveBefore(marker);
  return true;
}

struct GuardAllocationsPass : GuardAllocationsBase<GuardAllocationsPass> {
  void runOnOperation() override {
    FuncOp f = getOperation();
    if (!isHostFunction(f) || f.isExternal())
      return;
    Block &body = f.front();
    SmallVector<memref::AllocOp> allocs;
    WalkResult nested = f.walk([&](memref::AllocOp alloc) {
      if (alloc->getBlock() != &body) {
        alloc.emitOpError("is not at the top level of its host function, where "
                          "s2s-guard-allocations can check it");
        return WalkResult::interrupt();
      }
      allocs.push_back(alloc);
      return WalkResult::advance();
    });
    auto ret = dyn_cast<ReturnOp>(body.getTerminator());
    if (nested.wasInterrupted() || !ret || ret.getNumOperands() != 1)
      return signalPassFailure();

    // The check goes where the first buffer is allocated: what comes before
    // allocates nothing (the longest source length, which sizes the
    // encoder's buffers, is computed there).
    OpBuilder b(&body, allocs.empty() ? body.begin() : Block::iterator(allocs.front()));
    Location loc = f.getLoc();
    Operation *marker = b.create<arith::ConstantIntOp>(loc, 1, 1);
    for (memref::AllocOp alloc : allocs)
      if (!moveBefore(alloc, marker)) {
        alloc.emitOpError("has a size s2s-guard-allocations cannot compute up front");
        return signalPassFailure();
      }
    b.setInsertionPoint(marker);
    Value allocated = b.create<arith::ConstantIntOp>(loc, 1, 1);
    for (memref::AllocOp alloc : allocs)
      allocated = b.create<arith::AndIOp>(
          loc, allocated, b.create<IsAllocatedOp>(loc, b.getI1Type(), alloc.getResult()));
    auto guard = b.create<scf::IfOp>(loc, allocated, /*withElseRegion=*/false);
    // Everything after the check runs under it, but the deallocations and
    // the return.
    Operation *yield = guard.thenBlock()->getTerminator();
    for (Operation &op : llvm::make_early_inc_range(
             llvm::make_range(std::next(Block::iterator(guard)), Block::iterator(ret))))
      if (!isa<memref::DeallocOp>(op))
        op.moveBefore(yield);
    marker->erase();
    b.setInsertionPoint(ret);
    Value own = ret.getOperand(0);
    if (own.getParentBlock() != &body) { // defined in the body: rebuild it here
      auto constant = own.getDefiningOp<arith::ConstantIntOp>();
      if (!constant || constant.value() != 0) {
        ret.emitOpError("expects the host function to return 0");
        return signalPassFailure();
      }
      own = b.create<arith::ConstantIntOp>(loc, 0, 32);
    }
    Value outOfMemory = b.create<arith::ConstantIntOp>(loc, kOutOfMemory, 32);
    ret->setOperands(ValueRange{b.create<SelectOp>(loc, allocated, own, outOfMemory)});
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createGuardAllocationsPass() {
  return std::make_unique<GuardAllocationsPass>();
}
