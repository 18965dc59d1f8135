//===- DeviceResidency.cpp - Data stays on the GPU between kernels -*- C++ -*-===//
///
/// For CUDA targets. Kernel calls see host allocations through views
/// (memref.subview: a time step of a state buffer, one half of a double
/// buffer). Each such allocation (the root of the views) gets one device copy
/// for the whole call, kept consistent by s2s.device_sync:
///
///   before a kernel call:   to_device for the root of every view it takes
///   after a kernel call:    device_wrote for the roots of its outputs
///   before a host load:     to_host
///   around a host store:    to_host, then host_wrote
///   before returning:       release
///
/// The lowering copies only when the other side wrote since, so what the
/// kernels alone use (hidden and cell state, gates, embeddings) stays on the
/// GPU for all steps, and per step only the few values the host loop reads
/// (tokens, logits) or writes (next tokens, lengths) cross.
///
//===----------------------------------------------------------------------===//
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/ViewRoot.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace s2s;

namespace {

void placeSyncs(FuncOp f) {
  Value status;
  llvm::SetVector<Value> roots;
  OpBuilder b(f.getContext());
  auto sync = [&](Location loc, SyncAction action, Value root) {
    b.create<DeviceSyncOp>(loc, action, root, status);
  };
  f.walk([&](KernelCallOp call) {
    status = call.getStatus();
    // Which buffers the kernel reads and writes: the call's memory effects.
    SmallVector<MemoryEffects::EffectInstance> effects;
    call.getEffects(effects);
    llvm::SetVector<Value> used, written;
    for (const MemoryEffects::EffectInstance &effect : effects) {
      Value buffer = effect.getValue();
      if (buffer == status)
        continue;
      Value root = rootOf(buffer);
      if (root.getDefiningOp<memref::GetGlobalOp>())
        continue; // weights: resident for the life of the process
      used.insert(root);
      if (isa<MemoryEffects::Write>(effect.getEffect()))
        written.insert(root);
    }
    b.setInsertionPoint(call);
    for (Value root : used)
      sync(call.getLoc(), SyncAction::ToDevice, root);
    b.setInsertionPointAfter(call);
    for (Value root : written)
      sync(call.getLoc(), SyncAction::DeviceWrote, root);
    roots.insert(used.begin(), used.end());
  });
  if (roots.empty())
    return;
  f.walk([&](Operation *op) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      Value root = rootOf(load.memref());
      if (!roots.contains(root))
        return;
      b.setInsertionPoint(load);
      sync(load.getLoc(), SyncAction::ToHost, root);
    } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
      Value root = rootOf(store.memref());
      if (!roots.contains(root))
        return;
      b.setInsertionPoint(store);
      sync(store.getLoc(), SyncAction::ToHost, root);
      b.setInsertionPointAfter(store);
      sync(store.getLoc(), SyncAction::HostWrote, root);
    }
  });
  f.walk([&](ReturnOp ret) {
    b.setInsertionPoint(ret);
    for (Value root : roots)
      sync(ret.getLoc(), SyncAction::Release, root);
  });
}

struct DeviceResidencyPass : DeviceResidencyBase<DeviceResidencyPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!ModelTargets::read(module).cuda)
      return;
    for (FuncOp f : module.getOps<FuncOp>())
      if (isHostFunction(f))
        placeSyncs(f);
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createDeviceResidencyPass() {
  return std::make_unique<DeviceResidencyPass>();
}
