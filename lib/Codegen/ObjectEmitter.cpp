//===- ObjectEmitter.cpp - LLVM dialect to an object file ------*- C++ -*-===//
///
/// In-process translation and code generation through a TargetMachine for
/// the requested triple, CPU and features (no shell-out to llc).
///
//===----------------------------------------------------------------------===//
#include "s2s/Codegen/Codegen.h"
#include "s2s/Runtime/Runtime.h"
#include "s2s/Support/OutputFile.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Host.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace {

Expected<std::unique_ptr<TargetMachine>> createTargetMachine(const s2s::HostTarget &target,
                                                             unsigned optLevel) {
  static bool initialized = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
  std::string error;
  const Target *t = TargetRegistry::lookupTarget(target.triple, error);
  if (!t)
    return createStringError(inconvertibleErrorCode(),
                             "no LLVM backend for triple '" + target.triple + "': " + error);
  TargetOptions options;
  auto level = optLevel == 0 ? CodeGenOpt::None
               : optLevel == 1 ? CodeGenOpt::Less
               : optLevel == 2 ? CodeGenOpt::Default
                               : CodeGenOpt::Aggressive;
  std::unique_ptr<TargetMachine> tm(t->createTargetMachine(
      target.triple, target.cpu, target.features, options, Reloc::PIC_, None, level));
  if (!tm)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for '" + target.triple + "'");
  return std::move(tm);
}

/// A weight whose initializer is left out of translation to LLVM IR.
struct DetachedWeight {
  std::string symbol;
  mlir::DenseElementsAttr value;
};

/// Weights become [N x i8] arrays of their bytes, taken straight from the
/// MLIR attribute. Translated as floats, the AsmPrinter emits an array
/// element by element, one MC fragment each, and laying those out took most
/// of a compile (W4's 20M floats: 2 minutes); a byte array is one emitBytes.
/// And LLVM never frees a constant before its context dies, so the float
/// arrays would stay resident beside the bytes (a copy of every weight).
/// detachWeights replaces each large float initializer with a zero splat (a
/// few KB to translate); attachWeights then gives each such global its bytes,
/// before any optimisation sees the placeholder.
std::vector<DetachedWeight> detachWeights(mlir::ModuleOp module, const DataLayout &layout) {
  constexpr size_t kMinBytes = 4096;
  std::vector<DetachedWeight> detached;
  if (layout.isBigEndian() != sys::IsBigEndianHost)
    return detached; // the host's raw bytes would be the wrong way round
  for (auto global : module.getOps<mlir::LLVM::GlobalOp>()) {
    auto dense = global.getValueOrNull().dyn_cast_or_null<mlir::DenseElementsAttr>();
    if (!global.getConstant() || !dense || dense.isSplat() ||
        !dense.getElementType().isF32() || dense.getRawData().size() < kMinBytes)
      continue;
    detached.push_back({global.getSymName().str(), dense});
    global.setValueAttr(mlir::DenseElementsAttr::get(dense.getType(), 0.0f));
  }
  return detached;
}

/// Gives the MLIR module its values back (it may be printed or reused).
void restoreWeights(mlir::ModuleOp module, const std::vector<DetachedWeight> &detached) {
  for (const DetachedWeight &weight : detached)
    module.lookupSymbol<mlir::LLVM::GlobalOp>(weight.symbol).setValueAttr(weight.value);
}

Error attachWeights(Module &module, const std::vector<DetachedWeight> &detached) {
  for (const DetachedWeight &weight : detached) {
    GlobalVariable *global = module.getGlobalVariable(weight.symbol, /*AllowInternal=*/true);
    if (!global) // its placeholder must not reach the library
      return createStringError(inconvertibleErrorCode(),
                               "internal error: weight '" + weight.symbol +
                                   "' is missing from the translated host code");
    ArrayRef<char> raw = weight.value.getRawData();
    Constant *bytes = ConstantDataArray::getRaw(StringRef(raw.data(), raw.size()), raw.size(),
                                                Type::getInt8Ty(module.getContext()));
    auto *packed = new GlobalVariable(module, bytes->getType(), /*isConstant=*/true,
                                      global->getLinkage(), bytes, "", global,
                                      global->getThreadLocalMode(), global->getAddressSpace());
    packed->copyAttributesFrom(global);
    packed->takeName(global);
    global->replaceAllUsesWith(ConstantExpr::getBitCast(packed, global->getType()));
    global->eraseFromParent();
  }
  return Error::success();
}

} // namespace

Expected<std::unique_ptr<Module>> s2s::translateHostCode(mlir::ModuleOp module,
                                                          LLVMContext &llvmContext,
                                                          const HostTarget &target,
                                                          unsigned optLevel) {
  mlir::registerLLVMDialectTranslation(*module->getContext());
  auto tm = createTargetMachine(target, optLevel);
  if (!tm)
    return tm.takeError();
  DataLayout layout = (*tm)->createDataLayout();
  std::vector<DetachedWeight> weights = detachWeights(module, layout);
  std::unique_ptr<Module> llvmModule = mlir::translateModuleToLLVMIR(module, llvmContext);
  restoreWeights(module, weights);
  if (!llvmModule)
    return createStringError(inconvertibleErrorCode(),
                             "cannot translate the host code to LLVM IR");
  llvmModule->setDataLayout(layout);
  llvmModule->setTargetTriple(target.triple);
  // The C API's support: what its functions call of the s2s runtime.
  if (Error error = runtime::linkInto(*llvmModule))
    return std::move(error);
  if (Error error = attachWeights(*llvmModule, weights))
    return std::move(error);
  // Functions get the target's CPU and features so the optimiser vectorises
  // for them.
  for (Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", target.cpu);
    if (!target.features.empty())
      f.addFnAttr("target-features", target.features);
  }
  if (optLevel > 0) {
    LoopAnalysisManager lam;
    FunctionAnalysisManager fam;
    CGSCCAnalysisManager cgam;
    ModuleAnalysisManager mam;
    PassBuilder pb(tm->get());
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    auto level = optLevel == 1   ? OptimizationLevel::O1
                 : optLevel == 2 ? OptimizationLevel::O2
                                 : OptimizationLevel::O3;
    pb.buildPerModuleDefaultPipeline(level).run(*llvmModule, mam);
  }
  return std::move(llvmModule);
}

Error s2s::emitObject(Module &module, const HostTarget &target, unsigned optLevel,
                      StringRef path, bool assembly) {
  auto tm = createTargetMachine(target, optLevel);
  if (!tm)
    return tm.takeError();
  std::error_code ec;
  ToolOutputFile out(path, ec, sys::fs::OF_None);
  if (ec)
    return createStringError(ec, "cannot write '" + path + "': " + ec.message());
  {
    // Destroyed before the stream is closed: its streamers flush into it.
    legacy::PassManager pm;
    if ((*tm)->addPassesToEmitFile(pm, out.os(), nullptr,
                                   assembly ? CGFT_AssemblyFile : CGFT_ObjectFile))
      return createStringError(inconvertibleErrorCode(), "the target cannot emit " +
                                                             Twine(assembly ? "assembly" : "objects"));
    pm.run(module);
  }
  if (Error error = s2s::closeChecked(out.os(), path))
    return error;
  out.keep();
  return Error::success();
}
