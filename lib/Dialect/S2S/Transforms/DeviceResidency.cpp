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

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace s2s;

namespace {

/// How many of a kernel's trailing buffer arguments are outputs
/// (HalideBackend.h's ABI).
unsigned outputCount(KernelOp kernel) {
  StringRef family = kernel.getFamily();
  return family == "lstm_step" || family == "project_argmax" ? 2 : 1;
}

void placeSyncs(FuncOp f, ModuleOp module) {
  Value status;
  llvm::SetVector<Value> roots;
  OpBuilder b(f.getContext());
  auto sync = [&](Location loc, StringRef action, Value root) {
    b.create<DeviceSyncOp>(loc, b.getStringAttr(action), root, status);
  };
  f.walk([&](KernelCallOp call) {
    status = call.getStatus();
    auto kernel = module.lookupSymbol<KernelOp>(call.getKernelAttr());
    SmallVector<Value> buffers;
    for (Value arg : call.getArgs())
      if (arg.getType().isa<MemRefType>())
        buffers.push_back(arg);
    unsigned firstOutput = buffers.size() - (kernel ? outputCount(kernel) : 0);
    llvm::SetVector<Value> used, written;
    for (unsigned i = 0; i < buffers.size(); ++i) {
      Value root = rootOf(buffers[i]);
      if (root.getDefiningOp<memref::GetGlobalOp>())
        continue; // weights: resident for the life of the process
      used.insert(root);
      if (i >= firstOutput)
        written.insert(root);
    }
    b.setInsertionPoint(call);
    for (Value root : used)
      sync(call.getLoc(), "to_device", root);
    b.setInsertionPointAfter(call);
    for (Value root : written)
      sync(call.getLoc(), "device_wrote", root);
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
      sync(load.getLoc(), "to_host", root);
    } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
      Value root = rootOf(store.memref());
      if (!roots.contains(root))
        return;
      b.setInsertionPoint(store);
      sync(store.getLoc(), "to_host", root);
      b.setInsertionPointAfter(store);
      sync(store.getLoc(), "host_wrote", root);
    }
  });
  f.walk([&](ReturnOp ret) {
    b.setInsertionPoint(ret);
    for (Value root : roots)
      sync(ret.getLoc(), "release", root);
  });
}

struct DeviceResidencyPass : DeviceResidencyBase<DeviceResidencyPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!ModelTargets::read(module).cuda)
      return;
    for (FuncOp f : module.getOps<FuncOp>())
      if (isTranslateImpl(f))
        placeSyncs(f, module);
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createDeviceResidencyPass() {
  return std::make_unique<DeviceResidencyPass>();
}
