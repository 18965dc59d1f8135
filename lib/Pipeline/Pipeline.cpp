//===- Pipeline.cpp - The s2sc compilation pipeline ------------*- C++ -*-===//
///
/// spec -> model IR -> cells -> kernels -> { Halide objects, host object }
/// -> NAME.h + libNAME.a, or (--emit=cpp) kernels -> { Halide C++ sources,
/// host C++ source, runtime source } + NAME.h: the stage ladder, --emit and
/// --dump-dir. Outputs reach the output path all or none (OutputDirectory.h).
///
//===----------------------------------------------------------------------===//
#include "s2s/Pipeline/Pipeline.h"
#include "OutputDirectory.h"
#include "s2s/Backend/Halide/HalideBackend.h"
#include "s2s/Codegen/Codegen.h"
#include "s2s/Codegen/CppSource.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Pipeline/MLIRGen.h"
#include "s2s/Pipeline/Passes.h"
#include "s2s/Spec/SpecParser.h"
#include "s2s/Spec/SpecPrinter.h"
#include "s2s/Spec/WeightImport.h"
#include "s2s/Support/OutputFile.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace s2s;

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

halide::KernelFamily familyOf(KernelFamily family) {
  switch (family) {
  case KernelFamily::Gather:
    return halide::KernelFamily::Gather;
  case KernelFamily::Matmul:
    return halide::KernelFamily::Matmul;
  case KernelFamily::MatmulAdd:
    return halide::KernelFamily::MatmulAdd;
  case KernelFamily::LstmStep:
    return halide::KernelFamily::LstmStep;
  case KernelFamily::ProjectArgmax:
    return halide::KernelFamily::ProjectArgmax;
  case KernelFamily::LogSoftmaxTopK:
    return halide::KernelFamily::LogSoftmaxTopK;
  }
  llvm_unreachable("unknown kernel family");
}

halide::KernelDesc describe(KernelOp kernel) {
  halide::KernelDesc desc;
  desc.name = kernel.getSymName().str();
  desc.family = familyOf(kernel.getFamily());
  // Sizes a family does not use are absent (0 here).
  auto size = [](IntegerAttr attr) -> int64_t { return attr ? attr.getInt() : 0; };
  desc.embed = size(kernel.getEmbedAttr());
  desc.vocab = size(kernel.getVocabAttr());
  desc.input = size(kernel.getInputAttr());
  desc.output = size(kernel.getOutputAttr());
  desc.hidden = size(kernel.getHiddenAttr());
  desc.candidates = size(kernel.getCandidatesAttr());
  if (auto act = kernel.getGateActivation())
    desc.gateActivation = stringifyGateActivation(*act).str();
  if (auto act = kernel.getActivation())
    desc.activation = stringifyActivation(*act).str();
  if (auto schedule = kernel.getSchedule())
    desc.schedule = schedule->str();
  return desc;
}

/// What the textual stages (--emit=halide, llvm, asm) print: one titled
/// section per kernel and for the host code.
struct Listing {
  std::string text;
  void add(StringRef title, StringRef body) {
    text += ("; ---- " + title + "\n").str();
    text += body.str();
    if (!text.empty() && text.back() != '\n')
      text += "\n";
  }
  /// A section holding the file at `path`.
  LogicalResult addFile(Location loc, StringRef title, StringRef path) {
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer)
      return emitError(loc) << "cannot read '" << path << "': " << buffer.getError().message();
    add(title, (*buffer)->getBuffer());
    return success();
  }
};

/// The compiled kernels of every variant: their objects (obj, lib) and their
/// names (for the textual stages, whose files are named after them).
struct CompiledKernels {
  std::vector<std::string> objects, names;
};

class Compiler {
public:
  Compiler(llvm::SourceMgr &sm, MLIRContext *ctx, const PipelineOptions &options)
      : sm(sm), ctx(ctx), options(options) {
    // --mlir-timing: one report, printed when the compiler is done.
    applyDefaultTimingManagerCLOptions(timingManager);
    timing = timingManager.getRootScope();
  }

  /// From a spec.
  LogicalResult run();
  /// From IR at the model, cell or kernel level.
  LogicalResult runIR();

private:
  LogicalResult checkOptions();
  /// The stages after `level` (the one `module` is at), as far as --emit.
  LogicalResult lower(ModuleOp module, EmitKind level);
  LogicalResult runPasses(ModuleOp module, llvm::function_ref<void(OpPassManager &)> populate);
  /// `file` in --dump-dir; "" without one.
  std::string dumpPath(StringRef file) const {
    if (options.dumpDir.empty())
      return "";
    SmallString<128> path(options.dumpDir);
    llvm::sys::path::append(path, file);
    return path.str().str();
  }
  LogicalResult dump(StringRef file, llvm::function_ref<void(raw_ostream &)> fn) {
    if (options.dumpDir.empty())
      return success();
    return writeText(loc, dumpPath(file), fn);
  }

  /// From the kernel level: the C++ package, or kernels and host code to
  /// the textual stages, objects or the library.
  LogicalResult emitBackend(ModuleOp module);
  /// --emit=cpp: the header, kernels as Halide C++, host code and runtime as
  /// C++ (from the kernel level, without the LLVM lowering).
  LogicalResult emitCppPackage(ModuleOp module, const ModelInterface &api,
                               ArrayRef<halide::KernelDesc> kernels, StringRef header,
                               OutputDirectory &directory);
  /// Every kernel once per variant, with the stage --emit asks for (and the
  /// dumps) beside it; --emit=halide's statements go to `listing`.
  FailureOr<CompiledKernels> compileKernels(ArrayRef<halide::KernelDesc> kernels,
                                            OutputDirectory &directory, Listing &listing);
  /// The host code from the kernel level to LLVM IR (dumps 4-llvm.mlir,
  /// 5-host.ll and 5-host.s on the way).
  FailureOr<std::unique_ptr<llvm::Module>>
  translateHost(ModuleOp module, llvm::LLVMContext &llvmContext, const HostTarget &host);
  /// --emit=llvm or asm: the host code, then every kernel's file.
  LogicalResult emitListing(llvm::Module &hostModule, const HostTarget &host,
                            const CompiledKernels &compiled, OutputDirectory &directory,
                            Listing &listing);
  /// --emit=obj or lib: the header with the host, kernel and Halide runtime
  /// objects, loose or archived into libNAME.a.
  LogicalResult emitObjects(llvm::Module &hostModule, const HostTarget &host,
                            std::vector<std::string> objects, StringRef header,
                            OutputDirectory &directory);

  llvm::SourceMgr &sm;
  MLIRContext *ctx;
  const PipelineOptions &options;
  Location loc = UnknownLoc::get(ctx);
  std::string name; // the model's: of every output file
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

LogicalResult Compiler::checkOptions() {
  // Flags first: a bad --target or --schedule is not the input's fault.
  if (llvm::Error e = checkPipelineOptions(options))
    return report(UnknownLoc::get(ctx), std::move(e));
  if (options.emit >= EmitKind::Halide)
    targets = cantFail(halide::resolveTargetList(options.target));
  return success();
}

LogicalResult Compiler::run() {
  if (failed(checkOptions()))
    return failure();
  FailureOr<ModelSpec> spec = parseModelSpec(sm, ctx);
  if (failed(spec))
    return failure();
  name = spec->name.value;
  loc = toLocation(sm, spec->name.range.Start, ctx);
  if (options.emit == EmitKind::Spec)
    return writeText(loc, options.output, [&](raw_ostream &os) { printModelSpec(*spec, os); });
  ImportOptions importOptions;
  importOptions.allowNonFinite = options.allowNonFiniteWeights;
  FailureOr<ModelWeights> weights = importWeights(*spec, sm, ctx, nullptr, importOptions);
  if (failed(weights))
    return failure();
  OwningOpRef<ModuleOp> module = buildModelModule(*spec, *weights, sm, ctx);
  if (!module)
    return failure();
  return lower(*module, EmitKind::Mlir);
}

/// The stage whose output `module` is (Mlir, Cells or Kernels) and its
/// model's name; an error at the module for anything else.
static FailureOr<EmitKind> irLevelOf(ModuleOp module, std::string &name) {
  SmallVector<FuncOp> models;
  for (FuncOp f : module.getOps<FuncOp>())
    if (isModelFunction(f))
      models.push_back(f);
  FuncOp impl = lookupTranslateImpl(module);
  if (models.size() + (impl ? 1 : 0) > 1) {
    module.emitError() << "expects one model per module (a function with '" << attr::kModel
                       << "'), found " << models.size() + (impl ? 1 : 0);
    return failure();
  }
  if (!models.empty()) {
    name = modelNameOf(models.front()).str();
    return EmitKind::Mlir;
  }
  if (!impl) {
    if (!module.getOps<LLVM::LLVMFuncOp>().empty())
      module.emitError() << "expects IR at the model, cell or kernel level (what --emit=mlir, "
                            "--emit=cells and --emit=kernels write), not LLVM-dialect IR";
    else
      module.emitError() << "expects a model: a function with '" << attr::kModel
                         << "' (model level) or NAME_translate_impl (cell and kernel level)";
    return failure();
  }
  name = modelNameOf(impl).str();
  bool kernels = !module.getOps<KernelOp>().empty();
  impl.walk([&](KernelCallOp) { kernels = true; });
  return kernels ? EmitKind::Kernels : EmitKind::Cells;
}

static StringRef emitName(EmitKind kind) {
  switch (kind) {
  case EmitKind::Spec: return "spec";
  case EmitKind::Mlir: return "mlir";
  case EmitKind::Cells: return "cells";
  case EmitKind::Kernels: return "kernels";
  default: return "a later stage";
  }
}

LogicalResult Compiler::runIR() {
  if (failed(checkOptions()))
    return failure();
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sm, ctx);
  if (!module)
    return failure();
  loc = module->getLoc();
  FailureOr<EmitKind> level = irLevelOf(*module, name);
  if (failed(level))
    return failure();
  if (options.emit < *level)
    return module->emitError() << "the input is IR of stage '" << emitName(*level)
                               << "'; --emit=" << emitName(options.emit)
                               << " is an earlier stage";
  return lower(*module, *level);
}

LogicalResult Compiler::lower(ModuleOp module, EmitKind level) {
  if (!options.dumpDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(options.dumpDir))
      return emitError(loc) << "cannot create dump directory '" << options.dumpDir
                            << "': " << ec.message();
  }
  auto print = [&](raw_ostream &os) { module->print(os); };
  if (level == EmitKind::Mlir) {
    if (failed(dump("1-model.mlir", print)))
      return failure();
    if (options.emit == EmitKind::Mlir)
      return writeText(loc, options.output, print);
    if (failed(runPasses(module, [&](OpPassManager &pm) { populateModelToCells(pm, options); })))
      return failure();
  }
  if (level <= EmitKind::Cells) {
    if (failed(dump("2-cells.mlir", print)))
      return failure();
    if (options.emit == EmitKind::Cells)
      return writeText(loc, options.output, print);
    if (failed(
            runPasses(module, [&](OpPassManager &pm) { populateCellsToKernels(pm, options); })))
      return failure();
  }
  // What the kernels are built for, as NAME_metadata() reports it, and the
  // variants NAME_create and the kernel calls choose from.
  if (options.emit >= EmitKind::Halide &&
      failed(runPasses(module, [&](OpPassManager &pm) {
        pm.addPass(createAnnotateTargetsPass(options.target, options.emit == EmitKind::Cpp));
      })))
    return failure();
  if (failed(dump("3-kernels.mlir", print)))
    return failure();
  if (options.emit == EmitKind::Kernels)
    return writeText(loc, options.output, print);
  return emitBackend(module);
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
  std::string header = emitCHeader(*api, ModelTargets::read(module));

  // Every file is made in a scratch directory first (OutputDirectory.h).
  OutputDirectory directory;
  if (failed(directory.create(loc, options.output, options.emit >= EmitKind::Obj)))
    return failure();
  if (options.emit == EmitKind::Cpp)
    return emitCppPackage(module, *api, kernels, header, directory);

  // Kernels first: Halide's statements need nothing of the host code.
  Listing listing;
  FailureOr<CompiledKernels> compiled = compileKernels(kernels, directory, listing);
  if (failed(compiled))
    return failure();
  if (options.emit == EmitKind::Halide)
    return writeText(loc, options.output, [&](raw_ostream &os) { os << listing.text; });

  HostTarget host{targets.shared.triple, targets.shared.cpu, targets.shared.features};
  llvm::LLVMContext llvmContext;
  auto hostModule = translateHost(module, llvmContext, host);
  if (failed(hostModule))
    return failure();
  if (options.emit == EmitKind::Llvm || options.emit == EmitKind::Asm)
    return emitListing(**hostModule, host, *compiled, directory, listing);
  return emitObjects(**hostModule, host, std::move(compiled->objects), header, directory);
}

LogicalResult Compiler::emitCppPackage(ModuleOp module, const ModelInterface &api,
                                       ArrayRef<halide::KernelDesc> kernels, StringRef header,
                                       OutputDirectory &directory) {
  SmallVector<std::string> results{directory.scratchPath(name + ".h")};
  if (failed(writeText(loc, results.back(), [&](raw_ostream &os) { os << header; })))
    return failure();
  for (const halide::KernelDesc &kernel : kernels) {
    results.push_back(directory.scratchPath(kernel.name + ".cpp"));
    if (llvm::Error e = halide::compileKernelToCpp(kernel, targets.variants.front(), results.back(),
                                                   dumpPath(kernel.name + ".schedule")))
      return report(loc, std::move(e));
  }
  std::string host;
  llvm::raw_string_ostream hostStream(host);
  if (llvm::Error e = emitHostCpp(module, api, hostStream))
    return report(loc, std::move(e));
  results.push_back(directory.scratchPath(name + "_host.cpp"));
  if (failed(writeText(loc, results.back(), [&](raw_ostream &os) { os << hostStream.str(); })))
    return failure();
  results.push_back(directory.scratchPath(name + "_runtime.cpp"));
  if (failed(writeText(loc, results.back(), [&](raw_ostream &os) { os << emitCppRuntime(api); })))
    return failure();
  return directory.publish(loc, results);
}

FailureOr<CompiledKernels> Compiler::compileKernels(ArrayRef<halide::KernelDesc> kernels,
                                                    OutputDirectory &directory, Listing &listing) {
  // The file of the stage --emit asks for is an output (in the scratch
  // directory), the others are dumps (or not made).
  auto file = [&](StringRef kernel, StringRef extension, EmitKind stage) {
    std::string fileName = (kernel + extension).str();
    return options.emit == stage ? directory.scratchPath(fileName) : dumpPath(fileName);
  };
  bool objects = options.emit >= EmitKind::Obj;
  CompiledKernels compiled;
  // A multi-target library holds every kernel once per variant.
  for (size_t v = 0; v < targets.variants.size(); ++v) {
    for (halide::KernelDesc kernel : kernels) {
      kernel.name += targets.suffixes[v];
      halide::KernelOutputs outputs;
      outputs.stmt = file(kernel.name, ".stmt", EmitKind::Halide);
      outputs.llvmIR = file(kernel.name, ".ll", EmitKind::Llvm);
      outputs.assembly = file(kernel.name, ".s", EmitKind::Asm);
      outputs.stmtHtml = dumpPath(kernel.name + ".stmt.html");
      outputs.schedule = dumpPath(kernel.name + ".schedule");
      if (objects)
        outputs.object = directory.scratchPath(kernel.name + ".o");
      if (llvm::Error e = halide::compileKernel(kernel, targets.variants[v], outputs))
        return report(loc, std::move(e));
      if (objects)
        compiled.objects.push_back(outputs.object);
      compiled.names.push_back(kernel.name);
      if (options.emit == EmitKind::Halide &&
          failed(listing.addFile(
              loc, "kernel " + kernel.name + " (" + targets.variants[v].halideTarget + ")",
              outputs.stmt)))
        return failure();
    }
  }
  return compiled;
}

FailureOr<std::unique_ptr<llvm::Module>>
Compiler::translateHost(ModuleOp module, llvm::LLVMContext &llvmContext, const HostTarget &host) {
  if (failed(runPasses(module, [&](OpPassManager &pm) { populateKernelsToLLVM(pm, options); })) ||
      failed(dump("4-llvm.mlir", [&](raw_ostream &os) { module.print(os); })))
    return failure();
  auto hostModule = translateHostCode(module, llvmContext, host, options.optLevel);
  if (!hostModule)
    return report(loc, hostModule.takeError());
  if (failed(dump("5-host.ll", [&](raw_ostream &os) { (*hostModule)->print(os, nullptr); })))
    return failure();
  if (!options.dumpDir.empty())
    if (llvm::Error e = emitObject(**hostModule, host, options.optLevel, dumpPath("5-host.s"),
                                   /*assembly=*/true))
      return report(loc, std::move(e));
  return std::move(*hostModule);
}

LogicalResult Compiler::emitListing(llvm::Module &hostModule, const HostTarget &host,
                                    const CompiledKernels &compiled, OutputDirectory &directory,
                                    Listing &listing) {
  bool assembly = options.emit == EmitKind::Asm;
  if (assembly) {
    std::string path = directory.scratchPath("host.s");
    if (llvm::Error e = emitObject(hostModule, host, options.optLevel, path, true))
      return report(loc, std::move(e));
    if (failed(listing.addFile(loc, "host code", path)))
      return failure();
  } else {
    std::string text;
    llvm::raw_string_ostream os(text);
    hostModule.print(os, nullptr);
    listing.add("host code", os.str());
  }
  for (const std::string &kernel : compiled.names)
    if (failed(listing.addFile(loc, "kernel " + kernel,
                               directory.scratchPath(kernel + (assembly ? ".s" : ".ll")))))
      return failure();
  return writeText(loc, options.output, [&](raw_ostream &os) { os << listing.text; });
}

LogicalResult Compiler::emitObjects(llvm::Module &hostModule, const HostTarget &host,
                                    std::vector<std::string> objects, StringRef header,
                                    OutputDirectory &directory) {
  objects.insert(objects.begin(), directory.scratchPath(name + "_host.o"));
  if (llvm::Error e = emitObject(hostModule, host, options.optLevel, objects.front()))
    return report(loc, std::move(e));
  objects.push_back(directory.scratchPath("halide_runtime.o"));
  if (llvm::Error e = halide::compileRuntime(targets.shared, objects.back()))
    return report(loc, std::move(e));
  SmallVector<std::string> results{directory.scratchPath(name + ".h")};
  if (failed(writeText(loc, results.back(), [&](raw_ostream &os) { os << header; })))
    return failure();
  // The header and the library, or the header and the loose objects.
  if (options.emit == EmitKind::Lib) {
    results.push_back(directory.scratchPath("lib" + name + ".a"));
    if (llvm::Error e = writeStaticLibrary(results.back(), objects))
      return report(loc, std::move(e));
  } else {
    results.append(objects.begin(), objects.end());
  }
  return directory.publish(loc, results);
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
    if (options.emit == EmitKind::Cpp)
      if (llvm::Error e = halide::checkCppTargets(*resolved))
        return flagError("--target", std::move(e));
  }
  return llvm::Error::success();
}

LogicalResult s2s::compileSpec(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                               const PipelineOptions &options) {
  return Compiler(sourceMgr, context, options).run();
}

LogicalResult s2s::compileIR(llvm::SourceMgr &sourceMgr, MLIRContext *context,
                             const PipelineOptions &options) {
  return Compiler(sourceMgr, context, options).runIR();
}
