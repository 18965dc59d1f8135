//===- OutlineKernels.cpp - Cell ops to calls of Halide kernels -*- C++ -*-===//
///
/// Every cell op names one Halide pipeline by its family and static sizes;
/// ops that agree on both share a kernel (e.g. encoder layers of equal size).
/// The operands keep their order, which is the kernel ABI order of
/// HalideBackend.h. Kernel failures are kept in a status cell that the host
/// function returns.
///
//===----------------------------------------------------------------------===//
#include "HostBuilder.h"
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ModelInterface.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace s2s;

namespace {

/// The kernel an op needs: its family, sizes and activations (a KernelOp
/// with neither name nor schedule yet), and a name suffix that spells them
/// out so dumps are readable.
struct KernelKey {
  NamedAttrList attrs;
  std::string suffix;
};

KernelKey keyFor(Operation *op, Builder &b) {
  KernelKey key;
  auto set = [&](StringRef name, Attribute value) { key.attrs.set(name, value); };
  auto size = [&](StringRef name, int64_t v) { set(name, b.getI64IntegerAttr(v)); };
  auto family = [&](KernelFamily f) { set("family", b.getStringAttr(stringifyKernelFamily(f))); };
  if (auto g = dyn_cast<GatherOp>(op)) {
    family(KernelFamily::Gather);
    size("embed", dimOf(g.getTable(), 1));
    size("vocab", dimOf(g.getTable(), 0));
    key.suffix = "v" + std::to_string(dimOf(g.getTable(), 0)) + "_e" +
                 std::to_string(dimOf(g.getTable(), 1));
  } else if (auto m = dyn_cast<SeqMatmulOp>(op)) {
    family(KernelFamily::Matmul);
    size("input", dimOf(m.getWt(), 0));
    size("output", dimOf(m.getWt(), 1));
    key.suffix = std::to_string(dimOf(m.getWt(), 0)) + "x" + std::to_string(dimOf(m.getWt(), 1));
    if (m.getActivation() != Activation::Linear) {
      set("activation", m.getActivationAttr());
      key.suffix += "_" + stringifyActivation(m.getActivation()).str();
    }
  } else if (auto m = dyn_cast<SeqMatmulAddOp>(op)) {
    family(KernelFamily::MatmulAdd);
    size("input", dimOf(m.getWt(), 0));
    size("output", dimOf(m.getWt(), 1));
    key.suffix = std::to_string(dimOf(m.getWt(), 0)) + "x" + std::to_string(dimOf(m.getWt(), 1));
  } else if (auto s = dyn_cast<LstmStepOp>(op)) {
    family(KernelFamily::LstmStep);
    size("hidden", dimOf(s.getWhht(), 0));
    set("gate_activation", s.getGateActivationAttr());
    key.suffix = "h" + std::to_string(dimOf(s.getWhht(), 0)) + "_" +
                 stringifyGateActivation(s.getGateActivation()).str();
  } else if (auto p = dyn_cast<ProjectArgmaxOp>(op)) {
    family(KernelFamily::ProjectArgmax);
    size("hidden", dimOf(p.getWt(), 0));
    size("vocab", dimOf(p.getWt(), 1));
    key.suffix = "h" + std::to_string(dimOf(p.getWt(), 0)) + "_v" +
                 std::to_string(dimOf(p.getWt(), 1));
  } else if (auto t = dyn_cast<LogSoftmaxTopKOp>(op)) {
    family(KernelFamily::LogSoftmaxTopK);
    size("vocab", dimOf(t.getLogits(), 1));
    size("candidates", dimOf(t.getScores(), 1));
    key.suffix = "v" + std::to_string(dimOf(t.getLogits(), 1)) + "_m" +
                 std::to_string(dimOf(t.getScores(), 1));
  }
  return key;
}

struct OutlineKernelsPass : OutlineKernelsBase<OutlineKernelsPass> {
  OutlineKernelsPass() = default;
  explicit OutlineKernelsPass(StringRef name) { schedule = name.str(); }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (FuncOp func : llvm::to_vector(module.getOps<FuncOp>())) {
      StringRef model = modelNameOf(func);
      if (model.empty() || func.isExternal())
        continue;
      SmallVector<Operation *> cells;
      func.walk([&](Operation *op) {
        if (isa<GatherOp, SeqMatmulOp, SeqMatmulAddOp, LstmStepOp, ProjectArgmaxOp, LogSoftmaxTopKOp>(
                op))
          cells.push_back(op);
      });
      if (cells.empty())
        continue;
      HostBuilder b(func.getLoc(), func.getContext());
      b.setInsertionPointToStart(&func.getBody().front());
      auto statusType = MemRefType::get({1}, b.getI32Type());
      Value status = b.create<memref::AllocaOp>(statusType);
      b.store(b.i32(0), status, {b.index(0)});

      for (Operation *op : cells) {
        KernelKey key = keyFor(op, b);
        StringRef family = key.attrs.get("family").cast<StringAttr>().getValue();
        std::string name = model.str() + "_" + family.str() + "_" + key.suffix;
        if (!symbols.lookup(name)) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(func);
          key.attrs.set(SymbolTable::getSymbolAttrName(), b.getStringAttr(name));
          key.attrs.set("schedule", b.getStringAttr(schedule));
          auto kernel = b.create<KernelOp>(TypeRange(), ValueRange(), key.attrs.getAttrs());
          symbols.insert(kernel);
        }
        b.setInsertionPoint(op);
        b.setLoc(op->getLoc());
        b.create<KernelCallOp>(SymbolRefAttr::get(b.getContext(), name), op->getOperands(),
                               status);
        op->erase();
      }
      // The host function reports its own failure (out of memory) or else
      // the first kernel failure.
      func.walk([&](ReturnOp ret) {
        b.setInsertionPoint(ret);
        Value own = ret.getOperand(0);
        Value failed = b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, own,
                                               b.create<arith::ConstantIntOp>(0, 32));
        ret->setOperands(ValueRange{
            b.create<SelectOp>(failed, own, b.load(status, {b.index(0)})).getResult()});
      });
    }
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createOutlineKernelsPass() {
  return std::make_unique<OutlineKernelsPass>();
}

std::unique_ptr<Pass> s2s::createOutlineKernelsPass(StringRef schedule) {
  return std::make_unique<OutlineKernelsPass>(schedule);
}
