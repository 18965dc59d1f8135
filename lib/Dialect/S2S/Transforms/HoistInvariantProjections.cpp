//===- HoistInvariantProjections.cpp - LICM for cell projections -*- C++ -*-===//
///
/// Loop-invariant code motion for `s2s.seq_matmul`, which writes memory and
/// so is out of reach of MLIR's generic LICM. Memory is reasoned about per
/// root buffer (the allocation, global or argument below any subviews): a
/// projection moves out of a loop when no op in the loop writes a root it
/// reads, its output root is scratch (`memref.alloc`) that only it writes in
/// the loop, and no op before it in the loop body touches that root. The
/// output must also be private to the loop (nothing outside it reads the
/// buffer), so that writing it when the loop runs no iteration is harmless.
///
//===----------------------------------------------------------------------===//
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ViewRoot.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"

using namespace mlir;
using namespace s2s;

namespace {

/// Whether two roots are the same buffer: the same value, or the same global.
bool sameBuffer(Value a, Value b) {
  if (a == b)
    return true;
  auto ga = a.getDefiningOp<memref::GetGlobalOp>();
  auto gb = b.getDefiningOp<memref::GetGlobalOp>();
  return ga && gb && ga.name() == gb.name();
}

bool anySameBuffer(ArrayRef<Value> roots, Value v) {
  return llvm::any_of(roots, [&](Value r) { return sameBuffer(r, v); });
}

/// Roots an op may write: what its memory effects name (cell and kernel ops
/// declare theirs), every memref operand for a write to unknown memory or
/// an op that declares nothing.
SmallVector<Value> writtenRoots(Operation *op) {
  SmallVector<Value> dests;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  SmallVector<MemoryEffects::EffectInstance> instances;
  if (effects)
    effects.getEffects<MemoryEffects::Write>(instances);
  bool unknown = !effects || llvm::any_of(instances, [](const MemoryEffects::EffectInstance &e) {
                   return !e.getValue();
                 });
  if (unknown) {
    for (Value operand : op->getOperands())
      if (operand.getType().isa<MemRefType>())
        dests.push_back(rootOf(operand));
    return dests;
  }
  for (const MemoryEffects::EffectInstance &e : instances)
    dests.push_back(rootOf(e.getValue()));
  return dests;
}

/// Whether every access to `buffer` (through any view) is inside `loop`,
/// its allocation check and deallocation aside (they read no element).
bool isPrivateTo(Value buffer, scf::ForOp loop) {
  SmallVector<Value> values{buffer};
  while (!values.empty()) {
    Value v = values.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<memref::SubViewOp, memref::CastOp>(user) && !loop->isAncestor(user)) {
        values.push_back(user->getResult(0));
        continue;
      }
      if (!isa<memref::DeallocOp, IsAllocatedOp>(user) && !loop->isAncestor(user))
        return false;
    }
  }
  return true;
}

bool isHoistable(SeqMatmulOp op, scf::ForOp loop) {
  if (op->getBlock() != loop.getBody())
    return false;
  for (Value operand : op->getOperands())
    if (!loop.isDefinedOutsideOfLoop(operand))
      return false;
  Value out = rootOf(op.getOut());
  if (!out.getDefiningOp<memref::AllocOp>() || !isPrivateTo(out, loop))
    return false;
  SmallVector<Value> inputs{rootOf(op.getX()), rootOf(op.getWt()), rootOf(op.getBias())};
  if (anySameBuffer(inputs, out))
    return false;
  bool beforeOp = true, ok = true;
  for (Operation &top : loop.getBody()->without_terminator()) {
    if (&top == op.getOperation()) {
      beforeOp = false;
      continue;
    }
    top.walk([&](Operation *nested) {
      for (Value written : writtenRoots(nested))
        if (sameBuffer(written, out) || anySameBuffer(inputs, written))
          ok = false;
      if (beforeOp)
        for (Value operand : nested->getOperands())
          if (operand.getType().isa<MemRefType>() && rootOf(operand) == out)
            ok = false; // read before the projection in the same iteration
    });
  }
  return ok;
}

struct HoistInvariantProjectionsPass
    : HoistInvariantProjectionsBase<HoistInvariantProjectionsPass> {
  void runOnOperation() override {
    // One loop level at a time, until nothing moves.
    bool changed = true;
    while (changed) {
      changed = false;
      getOperation().walk([&](SeqMatmulOp op) {
        auto loop = op->getParentOfType<scf::ForOp>();
        if (loop && isHoistable(op, loop)) {
          op->moveBefore(loop);
          changed = true;
        }
      });
    }
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createHoistInvariantProjectionsPass() {
  return std::make_unique<HoistInvariantProjectionsPass>();
}
