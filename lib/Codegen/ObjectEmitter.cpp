//===- ObjectEmitter.cpp - LLVM dialect to an object file ------*- C++ -*-===//
///
/// In-process translation and code generation through a TargetMachine for
/// the requested triple, CPU and features (no shell-out to llc).
///
//===----------------------------------------------------------------------===//
#include "s2s/Codegen/Codegen.h"

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

/// Appends the bytes of a float-array constant (nested per row for a 2-D
/// memref) to `out`; false for anything else.
bool appendFloatBytes(const Constant *c, std::string &out) {
  if (auto *data = dyn_cast<ConstantDataSequential>(c)) {
    if (!data->getElementType()->isFloatTy())
      return false;
    StringRef raw = data->getRawDataValues();
    out.append(raw.begin(), raw.end());
    return true;
  }
  if (auto *array = dyn_cast<ConstantArray>(c)) {
    for (const Use &element : array->operands())
      if (!appendFloatBytes(cast<Constant>(element.get()), out))
        return false;
    return true;
  }
  return false;
}

/// Rewrites every large constant float array (the weights) as one [N x i8]
/// array of the same bytes. The AsmPrinter emits a float array element by
/// element, one MC fragment each, and laying those out took most of a
/// compile (W4's 20M floats: 2 minutes). A byte array is one emitBytes.
void packWeightsAsBytes(Module &module) {
  constexpr uint64_t kMinBytes = 4096;
  const DataLayout &layout = module.getDataLayout();
  if (layout.isBigEndian() != sys::IsBigEndianHost)
    return; // the host's raw bytes would be the wrong way round
  for (GlobalVariable &global : make_early_inc_range(module.globals())) {
    if (!global.isConstant() || !global.hasInitializer() ||
        !global.getValueType()->isArrayTy() ||
        layout.getTypeAllocSize(global.getValueType()) < kMinBytes)
      continue;
    std::string bytes;
    if (!appendFloatBytes(global.getInitializer(), bytes) ||
        bytes.size() != layout.getTypeAllocSize(global.getValueType()))
      continue;
    Constant *init = ConstantDataArray::getString(module.getContext(), bytes,
                                                  /*AddNull=*/false);
    auto *packed = new GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                      global.getLinkage(), init, "", &global,
                                      global.getThreadLocalMode(), global.getAddressSpace());
    packed->copyAttributesFrom(&global);
    packed->takeName(&global);
    global.replaceAllUsesWith(ConstantExpr::getBitCast(packed, global.getType()));
    global.eraseFromParent();
  }
}

} // namespace

Expected<std::unique_ptr<Module>> s2s::translateHostCode(mlir::ModuleOp module,
                                                          LLVMContext &llvmContext,
                                                          const HostTarget &target,
                                                          unsigned optLevel) {
  mlir::registerLLVMDialectTranslation(*module->getContext());
  std::unique_ptr<Module> llvmModule = mlir::translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return createStringError(inconvertibleErrorCode(),
                             "cannot translate the host code to LLVM IR");
  auto tm = createTargetMachine(target, optLevel);
  if (!tm)
    return tm.takeError();
  llvmModule->setDataLayout((*tm)->createDataLayout());
  llvmModule->setTargetTriple(target.triple);
  packWeightsAsBytes(*llvmModule);
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
  legacy::PassManager pm;
  if ((*tm)->addPassesToEmitFile(pm, out.os(), nullptr,
                                 assembly ? CGFT_AssemblyFile : CGFT_ObjectFile))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit " + Twine(assembly ? "assembly" : "objects"));
  pm.run(module);
  out.keep();
  return Error::success();
}
