//===- Pipeline.cpp - The s2sc compilation pipeline ------------*- C++ -*-===//
///
/// spec -> model IR -> cells -> kernels -> { Halide objects, host object }
/// -> NAME.h + libNAME.a, or (--emit=cpp) kernels -> { Halide C++ sources,
/// host C++ source, runtime source } + NAME.h. Outputs are first written into a scratch
/// directory and moved into place only when everything succeeded.
///
//===----------------------------------------------------------------------===//
#include "s2s/Pipeline/Pipeline.h"
#include "s2s/Backend/Halide/HalideBackend.h"
#include "s2s/Codegen/Codegen.h"
#include "s2s/Codegen/CppSource.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/Passes.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Pipeline/MLIRGen.h"
#include "s2s/Spec/SpecParser.h"
#include "s2s/Spec/SpecPrinter.h"
#include "s2s/Spec/WeightImport.h"
#include "s2s/Support/OutputFile.h"
#include "s2s/Support/RemoveOnSignal.h"
#include "s2s/Support/Safetensors.h"

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <set>

using namespace mlir;
using namespace s2s;

void s2s::populateModelToCells(OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createLowerToCellsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.hoistInvariants)
    pm.addNestedPass<FuncOp>(createHoistInvariantProjectionsPass());
  pm.addNestedPass<FuncOp>(createGuardAllocationsPass());
}

void s2s::populateCellsToKernels(OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createOutlineKernelsPass(options.schedule));
}

void s2s::populateKernelsToLLVM(OpPassManager &pm, const PipelineOptions &) {
  pm.addPass(createEmitCApiPass());
  pm.addPass(createDeviceResidencyPass());
  pm.addPass(createConvertS2SToLLVMPass());
}

void s2s::registerS2SPipelines() {
  static PassPipelineRegistration<> toCells(
      "s2s-to-cells", "Lower model-level s2s IR to cells",
      [](OpPassManager &pm) { populateModelToCells(pm, PipelineOptions()); });
  static PassPipelineRegistration<> toKernels(
      "s2s-to-kernels", "Lower model-level s2s IR to kernel calls", [](OpPassManager &pm) {
        populateModelToCells(pm, PipelineOptions());
        populateCellsToKernels(pm, PipelineOptions());
      });
  static PassPipelineRegistration<> toLLVM(
      "s2s-to-llvm", "Lower model-level s2s IR to the LLVM dialect", [](OpPassManager &pm) {
        populateModelToCells(pm, PipelineOptions());
        populateCellsToKernels(pm, PipelineOptions());
        populateKernelsToLLVM(pm, PipelineOptions());
      });
}

void s2s::loadS2SDialects(MLIRContext &context) {
  context.loadDialect<S2SDialect, StandardOpsDialect, arith::ArithmeticDialect,
                      memref::MemRefDialect, scf::SCFDialect, LLVM::LLVMDialect>();
}

namespace {

/// Reports an llvm::Error as a diagnostic at `loc`.
LogicalResult report(Location loc, llvm::Error error) {
  emitError(loc) << llvm::toString(std::move(error));
  return failure();
}

/// Writes text to a file (or stdout for "-") only if everything succeeded.
LogicalResult writeText(Location loc, StringRef path, llvm::function_ref<void(raw_ostream &)> fn) {
  std::string message;
  auto file = openOutputFile(path, &message);
  if (!file)
    return emitError(loc) << message;
  fn(file->os());
  // Not kept on failure: the ToolOutputFile deletes what was written.
  if (llvm::Error error = closeChecked(file->os(), path))
    return emitError(loc) << llvm::toString(std::move(error));
  file->keep();
  return success();
}

halide::KernelDesc describe(KernelOp kernel) {
  halide::KernelDesc desc;
  desc.name = kernel.getSymName().str();
  // The family is one of these (KernelOp's verifier).
  desc.family = llvm::StringSwitch<halide::KernelFamily>(kernel.getFamily())
                    .Case("gather", halide::KernelFamily::Gather)
                    .Case("matmul", halide::KernelFamily::Matmul)
                    .Case("matmul_add", halide::KernelFamily::MatmulAdd)
                    .Case("lstm_step", halide::KernelFamily::LstmStep)
                    .Case("project_argmax", halide::KernelFamily::ProjectArgmax);
  auto size = [&](StringRef name) -> int64_t {
    auto attr = kernel->getAttrOfType<IntegerAttr>(name);
    return attr ? attr.getInt() : 0;
  };
  desc.embed = size("embed");
  desc.vocab = size("vocab");
  desc.input = size("input");
  desc.output = size("output");
  desc.hidden = size("hidden");
  if (auto act = kernel->getAttrOfType<StringAttr>("gate_activation"))
    desc.gateActivation = act.getValue().str();
  if (auto act = kernel->getAttrOfType<StringAttr>("activation"))
    desc.activation = act.getValue().str();
  if (auto schedule = kernel->getAttrOfType<StringAttr>("schedule"))
    desc.schedule = schedule.getValue().str();
  return desc;
}

/// A directory (and what it holds) removed on destruction, unless `path` is
/// cleared first: scratch space, or output directories of a failed run.
/// A directory removed when the build ends, however it ends (a SIGINT or
/// SIGTERM included: s2s/Support/RemoveOnSignal.h), unless released.
struct RemovedOnExit {
  RemovedOnExit() = default;
  RemovedOnExit(const RemovedOnExit &) = delete;
  void set(std::string dir) {
    path = std::move(dir);
    removeDirectoryOnSignal(path);
  }
  void release() {
    dontRemoveDirectoryOnSignal(path);
    path.clear();
  }
  ~RemovedOnExit() {
    if (path.empty())
      return;
    llvm::sys::fs::remove_directories(path);
    dontRemoveDirectoryOnSignal(path);
  }
  std::string path;
};

class Compiler {
public:
  Compiler(llvm::SourceMgr &sm, MLIRContext *ctx, const PipelineOptions &options)
      : sm(sm), ctx(ctx), options(options) {
    // --mlir-timing: one report, printed when the compiler is done.
    applyDefaultTimingManagerCLOptions(timingManager);
    timing = timingManager.getRootScope();
  }

  LogicalResult run();

private:
  LogicalResult runPasses(ModuleOp module, llvm::function_ref<void(OpPassManager &)> populate);
  LogicalResult dump(StringRef file, llvm::function_ref<void(raw_ostream &)> fn) {
    if (options.dumpDir.empty())
      return success();
    SmallString<128> path(options.dumpDir);
    llvm::sys::path::append(path, file);
    return writeText(loc, path, fn);
  }
  LogicalResult emitBackend(ModuleOp module);
  /// The Halide target, or the variants' targets joined by commas.
  std::string targetDescription() const {
    std::string text;
    for (const halide::ResolvedTarget &v : targets.variants)
      text += (text.empty() ? "" : ",") + v.halideTarget;
    return text;
  }

  llvm::SourceMgr &sm;
  MLIRContext *ctx;
  const PipelineOptions &options;
  Location loc = UnknownLoc::get(ctx);
  ModelSpec spec;
  halide::TargetSet targets;
  // Declared in this order so that the root scope stops before the report.
  DefaultTimingManager timingManager;
  TimingScope timing;
};

LogicalResult Compiler::runPasses(ModuleOp module,
                                  llvm::function_ref<void(OpPassManager &)> populate) {
  PassManager pm(ctx);
  applyPassManagerCLOptions(pm);
  pm.enableTiming(timing);
  populate(pm);
  return pm.run(module);
}

LogicalResult Compiler::run() {
  // Flags first: a bad --target or --schedule is not the spec's fault.
  if (llvm::Error e = checkPipelineOptions(options))
    return report(UnknownLoc::get(ctx), std::move(e));
  if (options.emit >= EmitKind::Halide)
    targets = cantFail(halide::resolveTargetList(options.target));
  FailureOr<ModelSpec> parsed = parseModelSpec(sm, ctx);
  if (failed(parsed))
    return failure();
  spec = std::move(*parsed);
  loc = toLocation(sm, spec.name.range.Start, ctx);
  if (options.emit == EmitKind::Spec)
    return writeText(loc, options.output, [&](raw_ostream &os) { printModelSpec(spec, os); });
  ImportOptions importOptions;
  importOptions.allowNonFinite = options.allowNonFiniteWeights;
  FailureOr<ModelWeights> weights = importWeights(spec, sm, ctx, nullptr, importOptions);
  if (failed(weights))
    return failure();
  OwningOpRef<ModuleOp> module = buildModelModule(spec, *weights, sm, ctx);
  if (!module)
    return failure();
  if (!options.dumpDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(options.dumpDir))
      return emitError(loc) << "cannot create dump directory '" << options.dumpDir
                            << "': " << ec.message();
  }
  auto print = [&](raw_ostream &os) { module->print(os); };
  if (failed(dump("1-model.mlir", print)))
    return failure();
  if (options.emit == EmitKind::Mlir)
    return writeText(loc, options.output, print);

  if (failed(runPasses(*module, [&](OpPassManager &pm) { populateModelToCells(pm, options); })) ||
      failed(dump("2-cells.mlir", print)))
    return failure();
  if (options.emit == EmitKind::Cells)
    return writeText(loc, options.output, print);

  if (failed(runPasses(*module, [&](OpPassManager &pm) { populateCellsToKernels(pm, options); })))
    return failure();
  if (options.emit >= EmitKind::Halide) {
    // What the kernels are built for, as NAME_metadata() reports it, and the
    // variants NAME_create and the kernel calls choose from. C++ sources
    // carry no CPU features (the C++ compiler picks them) and one variant.
    bool cpp = options.emit == EmitKind::Cpp;
    ModelTargets annotation;
    annotation.target =
        cpp ? halide::portableTargetString(targets.variants.front()) : targetDescription();
    annotation.hostFeatures = cpp ? "" : targets.shared.features;
    for (size_t i = 0; !cpp && i < targets.variants.size(); ++i) {
      const halide::ResolvedTarget &v = targets.variants[i];
      annotation.variants.push_back(
          {v.name, v.halideTarget, targets.suffixes[i],
           SmallVector<uint64_t>(v.featureWords.begin(), v.featureWords.end())});
    }
    annotation.cuda = targets.shared.cuda;
    annotation.attachTo(*module);
  }
  if (failed(dump("3-kernels.mlir", print)))
    return failure();
  if (options.emit == EmitKind::Kernels)
    return writeText(loc, options.output, print);
  return emitBackend(*module);
}

LogicalResult Compiler::emitBackend(ModuleOp module) {
  SmallVector<halide::KernelDesc> kernels;
  for (KernelOp kernel : module.getOps<KernelOp>())
    kernels.push_back(describe(kernel));
  FuncOp impl = lookupTranslateImpl(module);
  if (!impl)
    return emitError(loc) << "internal error: no host function after lowering";
  FailureOr<ModelInterface> api = ModelInterface::read(impl);
  if (failed(api))
    return failure();
  ModelTargets built = ModelTargets::read(module);
  std::string header = emitCHeader(*api, built);

  // Files are made in a scratch directory: beside the outputs for obj and
  // lib (so moving them in place is a rename), in the system temp dir for
  // textual stages.
  bool toDirectory = options.emit >= EmitKind::Obj;
  StringRef outDir = options.output == "-" ? StringRef(".") : StringRef(options.output);
  SmallString<128> absoluteOut(outDir);
  llvm::sys::fs::make_absolute(absoluteOut);
  // Nothing appears at the output path before the build has succeeded: the
  // scratch directory sits in the nearest existing ancestor of the output
  // directory (so moving results in is a rename on one file system).
  SmallString<128> existing(absoluteOut);
  while (!existing.empty() && !llvm::sys::fs::exists(existing))
    existing = llvm::sys::path::parent_path(existing).str(); // a copy: it aliases existing
  RemovedOnExit scratch;
  SmallString<128> scratchModel("s2sc");
  if (toDirectory && !llvm::sys::fs::is_directory(existing))
    return emitError(loc) << "cannot create output directory '" << outDir << "': "
                          << std::make_error_code(std::errc::not_a_directory).message();
  // A symbolic link to nowhere looks absent; creating the directory would
  // fail, and cleaning up after it would delete the caller's link.
  llvm::sys::fs::file_status linkStatus;
  if (toDirectory && !llvm::sys::fs::exists(outDir) &&
      !llvm::sys::fs::status(outDir, linkStatus, /*follow=*/false) &&
      linkStatus.type() == llvm::sys::fs::file_type::symlink_file)
    return emitError(loc) << "cannot create output directory '" << outDir
                          << "': it is a symbolic link to a path that does not exist";
  if (toDirectory) {
    scratchModel = existing; // absolute: a relative model would land in the temp dir
    llvm::sys::path::append(scratchModel, ".s2sc-scratch");
  }
  SmallString<128> unique;
  {
    // Made and registered for removal as one step (a signal in between
    // would leave it).
    DeferInterrupts defer;
    if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(scratchModel, unique))
      return emitError(loc) << "cannot create a scratch directory in '"
                            << (toDirectory ? outDir : StringRef("the temp dir"))
                            << "': " << ec.message();
    scratch.set(unique.str().str());
  }
  auto inScratch = [&](StringRef file) {
    SmallString<128> p(scratch.path);
    llvm::sys::path::append(p, file);
    return p.str().str();
  };
  auto inDump = [&](StringRef file) -> std::string {
    if (options.dumpDir.empty())
      return "";
    SmallString<128> p(options.dumpDir);
    llvm::sys::path::append(p, file);
    return p.str().str();
  };
  // Textual stages print files made in the scratch directory.
  std::string text;
  auto append = [&](StringRef title, StringRef path) -> LogicalResult {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer)
      return emitError(loc) << "cannot read '" << path << "': " << buffer.getError().message();
    text += ("; ---- " + title + "\n").str();
    text += (*buffer)->getBuffer().str();
    if (!text.empty() && text.back() != '\n')
      text += "\n";
    return success();
  };

  // Only now the output directory is made; if moving a result in fails, the
  // results already moved and the directories made are removed again.
  auto publish = [&](ArrayRef<std::string> results) -> LogicalResult {
    // All results or none: a signal waits until they are in place.
    DeferInterrupts defer;
    RemovedOnExit createdOutDir;
    if (!llvm::sys::fs::exists(outDir)) {
      SmallString<128> created(absoluteOut);
      while (!created.empty() && llvm::sys::path::parent_path(created) != existing)
        created = llvm::sys::path::parent_path(created).str(); // a copy: it aliases created
      if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
        return emitError(loc) << "cannot create output directory '" << outDir
                              << "': " << ec.message();
      createdOutDir.set(created.str().str());
    }
    SmallVector<std::string> moved;
    for (const std::string &from : results) {
      SmallString<128> to(outDir);
      llvm::sys::path::append(to, llvm::sys::path::filename(from));
      if (std::error_code ec = llvm::sys::fs::rename(from, to)) {
        for (const std::string &done : moved)
          llvm::sys::fs::remove(done);
        return emitError(loc) << "cannot write '" << to << "': " << ec.message();
      }
      moved.push_back(to.str().str());
    }
    createdOutDir.release(); // success: keep it
    return success();
  };

  // --emit=cpp: sources only; the host code goes to C++ from the kernel
  // level, without the LLVM lowering.
  if (options.emit == EmitKind::Cpp) {
    SmallVector<std::string> results{inScratch(spec.name.value + ".h")};
    if (failed(writeText(loc, results.back(), [&](raw_ostream &os) { os << header; })))
      return failure();
    for (const halide::KernelDesc &kernel : kernels) {
      results.push_back(inScratch(kernel.name + ".cpp"));
      if (llvm::Error e = halide::compileKernelToCpp(kernel, targets.variants.front(),
                                                     results.back(),
                                                     inDump(kernel.name + ".schedule")))
        return report(loc, std::move(e));
    }
    std::string host;
    llvm::raw_string_ostream hostStream(host);
    if (llvm::Error e = emitHostCpp(module, *api, hostStream))
      return report(loc, std::move(e));
    results.push_back(inScratch(spec.name.value + "_host.cpp"));
    if (failed(writeText(loc, results.back(), [&](raw_ostream &os) { os << hostStream.str(); })))
      return failure();
    results.push_back(inScratch(spec.name.value + "_runtime.cpp"));
    if (failed(writeText(loc, results.back(),
                         [&](raw_ostream &os) { os << emitCppRuntime(*api); })))
      return failure();
    return publish(results);
  }

  // Kernels first: Halide's statements need nothing of the host code. A
  // multi-target library holds every kernel once per variant.
  std::vector<std::string> objects;
  std::vector<std::string> kernelFiles; // per variant and kernel, for textual stages
  for (size_t v = 0; v < targets.variants.size(); ++v) {
    for (halide::KernelDesc kernel : kernels) {
      kernel.name += targets.suffixes[v];
      halide::KernelOutputs outputs;
      outputs.stmt = options.emit == EmitKind::Halide ? inScratch(kernel.name + ".stmt")
                                                     : inDump(kernel.name + ".stmt");
      outputs.llvmIR = options.emit == EmitKind::Llvm ? inScratch(kernel.name + ".ll")
                                                      : inDump(kernel.name + ".ll");
      outputs.assembly = options.emit == EmitKind::Asm ? inScratch(kernel.name + ".s")
                                                       : inDump(kernel.name + ".s");
      outputs.stmtHtml = inDump(kernel.name + ".stmt.html");
      outputs.schedule = inDump(kernel.name + ".schedule");
      if (toDirectory)
        outputs.object = inScratch(kernel.name + ".o");
      if (llvm::Error e = halide::compileKernel(kernel, targets.variants[v], outputs))
        return report(loc, std::move(e));
      if (toDirectory)
        objects.push_back(outputs.object);
      kernelFiles.push_back(kernel.name);
      if (options.emit == EmitKind::Halide &&
          failed(append("kernel " + kernel.name + " (" + targets.variants[v].halideTarget + ")",
                        outputs.stmt)))
        return failure();
    }
  }
  if (options.emit == EmitKind::Halide)
    return writeText(loc, options.output, [&](raw_ostream &os) { os << text; });

  if (failed(runPasses(module, [&](OpPassManager &pm) { populateKernelsToLLVM(pm, options); })) ||
      failed(dump("4-llvm.mlir", [&](raw_ostream &os) { module.print(os); })))
    return failure();
  HostTarget host{targets.shared.triple, targets.shared.cpu, targets.shared.features};
  llvm::LLVMContext llvmContext;
  auto llvmModule = translateHostCode(module, llvmContext, host, options.optLevel);
  if (!llvmModule)
    return report(loc, llvmModule.takeError());
  auto printHost = [&](raw_ostream &os) { (*llvmModule)->print(os, nullptr); };
  if (failed(dump("5-host.ll", printHost)))
    return failure();
  if (!options.dumpDir.empty())
    if (llvm::Error e = emitObject(**llvmModule, host, options.optLevel, inDump("5-host.s"),
                                   /*assembly=*/true))
      return report(loc, std::move(e));
  if (options.emit == EmitKind::Llvm || options.emit == EmitKind::Asm) {
    bool asmOut = options.emit == EmitKind::Asm;
    std::string hostText;
    if (asmOut) {
      std::string path = inScratch("host.s");
      if (llvm::Error e = emitObject(**llvmModule, host, options.optLevel, path, true))
        return report(loc, std::move(e));
      if (failed(append("host code", path)))
        return failure();
    } else {
      llvm::raw_string_ostream os(hostText);
      printHost(os);
      text += "; ---- host code\n" + os.str();
    }
    for (const std::string &kernel : kernelFiles)
      if (failed(append("kernel " + kernel, inScratch(kernel + (asmOut ? ".s" : ".ll")))))
        return failure();
    return writeText(loc, options.output, [&](raw_ostream &os) { os << text; });
  }

  objects.insert(objects.begin(), inScratch(spec.name.value + "_host.o"));
  if (llvm::Error e = emitObject(**llvmModule, host, options.optLevel, objects.front()))
    return report(loc, std::move(e));
  objects.push_back(inScratch("halide_runtime.o"));
  if (llvm::Error e = halide::compileRuntime(targets.shared, objects.back()))
    return report(loc, std::move(e));
  std::string headerTemp = inScratch(spec.name.value + ".h");
  if (failed(writeText(loc, headerTemp, [&](raw_ostream &os) { os << header; })))
    return failure();

  // What goes into the output directory: the header and the library, or
  // the header and the loose objects.
  SmallVector<std::string> results{headerTemp};
  if (options.emit == EmitKind::Lib) {
    results.push_back(inScratch("lib" + spec.name.value + ".a"));
    if (llvm::Error e = writeStaticLibrary(results.back(), objects))
      return report(loc, std::move(e));
  } else {
    results.append(objects.begin(), objects.end());
  }
  return publish(results);
}

} // namespace

llvm::Error s2s::checkPipelineOptions(const PipelineOptions &options) {
  auto flagError = [](StringRef flag, llvm::Error e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   flag + ": " + llvm::toString(std::move(e)));
  };
  if (options.output.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "-o: the output path is empty");
  if (options.emit >= EmitKind::Kernels)
    if (llvm::Error e = halide::checkScheduleName(options.schedule))
      return flagError("--schedule", std::move(e));
  if (options.emit >= EmitKind::Halide) {
    auto resolved = halide::resolveTargetList(options.target);
    if (!resolved)
      return flagError("--target", resolved.takeError());
    if (options.emit == EmitKind::Cpp && (resolved->multi() || resolved->shared.cuda))
      return flagError("--target", llvm::createStringError(
                                       llvm::inconvertibleErrorCode(),
                                       "--emit=cpp writes portable C++ for one CPU architecture; "
                                       "a target list or cuda needs --emit=lib"));
  }
  return llvm::Error::success();
}

LogicalResult s2s::compileSpec(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                               const PipelineOptions &options) {
  return Compiler(sourceMgr, context, options).run();
}

namespace {
std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

void printTensors(const SafetensorsFile &file, raw_ostream &os) {
  os << "weights file: " << file.path << " (" << file.tensors.size() << " tensors)\n";
  size_t width = 4;
  for (const auto &it : file.tensors)
    width = std::max(width, it.first.size());
  for (const auto &it : file.tensors)
    os << "  " << llvm::left_justify(it.first, width) << "  "
       << llvm::left_justify(it.second.dtype, 4) << "  " << shapeString(it.second.shape) << "\n";
}
} // namespace

llvm::Error s2s::inspectWeightsFile(StringRef path, raw_ostream &os) {
  auto file = readSafetensors(path);
  if (!file)
    return file.takeError();
  printTensors(*file, os);
  return llvm::Error::success();
}

LogicalResult s2s::inspectSpecWeights(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                                      raw_ostream &os) {
  FailureOr<ModelSpec> spec = parseModelSpec(sourceMgr, context);
  if (failed(spec))
    return failure();
  auto file = readSafetensors(spec->weights.resolvedPath);
  if (!file) {
    emitError(toLocation(sourceMgr, spec->weights.file.range.Start, context))
        << "cannot read weights: " << llvm::toString(file.takeError());
    return failure();
  }
  printTensors(*file, os);
  std::vector<WeightUse> uses;
  LogicalResult imported = importWeights(*spec, sourceMgr, context, &uses);
  os << "\nspec roles (layout " << spec->weights.layout.value << ", separator '"
     << spec->weights.separator.value << "'):\n";
  size_t width = 4;
  for (const WeightUse &use : uses)
    width = std::max(width, use.tensor.size());
  std::set<std::string> used;
  for (const WeightUse &use : uses) {
    used.insert(use.tensor);
    os << "  " << llvm::left_justify(use.role, 18) << " " << llvm::left_justify(use.tensor, width)
       << "  expects " << llvm::left_justify(shapeString(use.expected), 12) << "  ";
    if (!use.found)
      os << "MISSING\n";
    else if (use.actual != use.expected)
      os << "WRONG SHAPE " << shapeString(use.actual) << "\n";
    else
      os << "ok (" << use.dtype << ")\n";
  }
  std::vector<std::string> unused;
  for (const auto &it : file->tensors)
    if (!used.count(it.first))
      unused.push_back(it.first);
  if (!unused.empty()) {
    os << "\nnot used by this spec:";
    for (const std::string &name : unused)
      os << " " << name;
    os << "\n";
  }
  return imported;
}
