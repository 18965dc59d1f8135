//===- s2sc.cpp - The s2s ahead-of-time compiler driver --------*- C++ -*-===//
///
/// Thin: parses flags, sets up diagnostics, calls s2s::compileSpec.
///
//===----------------------------------------------------------------------===//
#include "s2s/Conversion/Passes.h"
#include "s2s/Dialect/S2S/Passes.h"
#include "s2s/Pipeline/Passes.h"
#include "s2s/Pipeline/Pipeline.h"
#include "s2s/Version.h"
#include "s2s/Support/InputFile.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

// --help shows these groups only; LLVM's other options (the backend flags
// of every target LLVM was built with) are under --help-hidden.
static cl::OptionCategory ioCategory("Input and output");
static cl::OptionCategory targetCategory("Targets and code generation");
static cl::OptionCategory inspectCategory("Inspection");
static cl::OptionCategory mlirCategory("MLIR debugging (the passes of the pipeline)");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.yaml | model.mlir>"), cl::Required,
                                      cl::cat(ioCategory));
static cl::opt<std::string> output("o",
                                   cl::desc("Output: a directory for --emit=obj|lib|cpp (default .), "
                                            "a file or - (default) for textual stages"),
                                   cl::value_desc("path"), cl::cat(ioCategory));
static cl::opt<s2s::EmitKind> emit(
    "emit", cl::desc("What to produce (stages in pipeline order)"),
    cl::values(clEnumValN(s2s::EmitKind::Spec, "spec", "the normalised spec, defaults filled in"),
               clEnumValN(s2s::EmitKind::Mlir, "mlir", "model-level s2s IR (spec locations)"),
               clEnumValN(s2s::EmitKind::Cells, "cells", "cell-level IR: time loops of fused cells"),
               clEnumValN(s2s::EmitKind::Kernels, "kernels", "outlined kernels and host calls"),
               clEnumValN(s2s::EmitKind::Halide, "halide", "Halide's lowered statement per kernel"),
               clEnumValN(s2s::EmitKind::Llvm, "llvm", "LLVM IR of the host code and kernels"),
               clEnumValN(s2s::EmitKind::Asm, "asm", "assembly of the host code and kernels"),
               clEnumValN(s2s::EmitKind::Obj, "obj", "NAME.h and the object files, into -o DIR"),
               clEnumValN(s2s::EmitKind::Lib, "lib", "NAME.h and libNAME.a (default)"),
               clEnumValN(s2s::EmitKind::Cpp, "cpp",
                          "NAME.h and standalone C++ sources (host code, kernels, runtime), "
                          "into -o DIR")),
    cl::init(s2s::EmitKind::Lib), cl::cat(ioCategory));
static cl::opt<std::string> target("target",
                                   cl::desc("host (default), avx2, avx512, sapphirerapids, "
                                            "aarch64, aarch64-dotprod, cuda, a Halide target "
                                            "string, or a comma-separated list of CPU targets "
                                            "(the library runs the first the CPU supports)"),
                                   cl::init("host"), cl::cat(targetCategory));
static cl::opt<std::string> schedule("schedule", cl::desc("Halide schedule name (default)"),
                                     cl::init("default"), cl::cat(targetCategory));
static cl::opt<unsigned> optLevel("O", cl::desc("Host code optimisation level 0..3 (default 2)"),
                                  cl::Prefix, cl::init(2), cl::cat(targetCategory));
static cl::opt<std::string> dumpDir("dump-dir",
                                    cl::desc("Also write every stage (IR, host .ll/.s, per-kernel "
                                             "Halide .stmt/.stmt.html/.s/.schedule) into DIR"),
                                    cl::value_desc("DIR"), cl::cat(inspectCategory));
static cl::opt<bool> inspectWeights(
    "inspect-weights",
    cl::desc("List the tensors of a .safetensors input, or, for a spec, how each spec role "
             "maps onto the tensors of its weights file"),
    cl::init(false), cl::cat(inspectCategory));
static cl::opt<bool> allowNonFinite("allow-non-finite-weights",
                                    cl::desc("Accept NaN and infinite weights (by default the "
                                             "first one is an error)"),
                                    cl::init(false), cl::cat(ioCategory));
static cl::opt<bool> noHoist("no-hoist",
                             cl::desc("Keep loop-invariant projections inside the decoder loop "
                                      "(for checking that hoisting changes no result)"),
                             cl::init(false), cl::Hidden, cl::cat(targetCategory));
static cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check diagnostics against expected-* comments in the spec (for tests)"),
    cl::init(false), cl::cat(inspectCategory));

static const char *overview =
    "s2sc: ahead-of-time compiler for sequence-to-sequence LSTM models\n\n"
    "  s2sc model.yaml -o DIR [--target=T]     writes DIR/NAME.h and DIR/libNAME.a\n"
    "  s2sc model.yaml --emit=spec|mlir|cells|kernels|halide|llvm|asm [-o FILE]\n"
    "  s2sc model.yaml --emit=obj -o DIR         writes DIR/NAME.h and the objects\n"
    "  s2sc model.yaml --emit=cpp -o DIR         writes DIR/NAME.h and C++ sources that build\n"
    "                                            with a C++17 compiler alone (DIR/NAME_host.cpp)\n"
    "  s2sc model.mlir [--emit=...]              continues from IR that --emit=mlir, cells or\n"
    "                                            kernels wrote (or --dump-dir's stages)\n"
    "  s2sc model.yaml --inspect-weights         how spec roles map onto the weights file\n"
    "  s2sc weights.safetensors --inspect-weights   tensor names, dtypes, shapes\n\n"
    "Inspecting the passes (MLIR 14 spellings): --print-ir-after-all,\n"
    "--print-ir-before=<pass>, --print-ir-after=<pass>, --print-ir-after-change,\n"
    "--print-ir-after-failure, --mlir-print-debuginfo (shows spec locations),\n"
    "--mlir-timing, --mlir-elide-elementsattrs-if-larger=N (hide weights).\n";

/// Puts MLIR's pass-inspection flags in mlirCategory and hides every option
/// of no s2sc category.
static void groupOptions() {
  StringMap<cl::Option *> &options = cl::getRegisteredOptions();
  for (const char *name :
       {"print-ir-after-all", "print-ir-before-all", "print-ir-before", "print-ir-after",
        "print-ir-after-change", "print-ir-after-failure", "print-ir-module-scope",
        "mlir-print-debuginfo", "mlir-pretty-debuginfo", "mlir-print-op-generic",
        "mlir-print-local-scope", "mlir-elide-elementsattrs-if-larger", "mlir-timing",
        "mlir-timing-display", "mlir-disable-threading"})
    if (cl::Option *option = options.lookup(name))
      option->addCategory(mlirCategory);
  const cl::OptionCategory *ours[] = {&ioCategory, &targetCategory, &inspectCategory,
                                      &mlirCategory};
  for (auto &entry : options) {
    cl::Option *option = entry.getValue();
    bool shown = false;
    for (const cl::OptionCategory *category : option->Categories)
      shown |= is_contained(ours, category) || category->getName() == "Generic Options";
    if (!shown && option->getOptionHiddenFlag() == cl::NotHidden)
      option->setHiddenFlag(cl::Hidden);
  }
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // First, so that --print-ir-before/after=<pass> know the pipeline's passes.
  s2s::registerS2SPasses();
  s2s::registerS2SConversionPasses();
  s2s::registerS2SPipelinePasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  groupOptions();
  cl::AddExtraVersionPrinter(
      [](raw_ostream &os) { os << "s2sc " << s2s::kVersion << " (MLIR 14, Halide 14)\n"; });
  cl::ParseCommandLineOptions(argc, argv, overview);

  s2s::PipelineOptions options;
  options.emit = emit;
  options.target = target;
  options.schedule = schedule;
  options.optLevel = optLevel;
  options.dumpDir = dumpDir;
  options.hoistInvariants = !noHoist;
  options.allowNonFiniteWeights = allowNonFinite;
  options.output = output.getNumOccurrences() ? output.getValue()
                   : emit >= s2s::EmitKind::Obj ? std::string(".")
                                                : std::string("-");
  if (optLevel > 3) {
    WithColor::error(errs(), "s2sc") << "-O must be 0..3, got " << optLevel << "\n";
    return 1;
  }

  // Flags first: a bad --target or --schedule is not the spec's fault.
  if (!inspectWeights) {
    if (Error e = s2s::checkPipelineOptions(options)) {
      WithColor::error(errs(), "s2sc") << toString(std::move(e)) << "\n";
      return 1;
    }
  }

  if (inspectWeights && StringRef(inputFile).endswith(".safetensors")) {
    if (Error e = s2s::inspectWeightsFile(inputFile, outs())) {
      WithColor::error(errs(), "s2sc") << toString(std::move(e)) << "\n";
      return 1;
    }
    return 0;
  }

  auto buffer = s2s::readInputFile(inputFile, s2s::kMaxTextFileBytes, /*text=*/true);
  if (!buffer) {
    WithColor::error(errs(), "s2sc") << toString(buffer.takeError()) << "\n";
    return 1;
  }
  SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());

  mlir::MLIRContext context;
  s2s::loadS2SDialects(context);
  // IR (what --emit=mlir|cells|kernels write) continues from its stage.
  bool ir = StringRef(inputFile).endswith(".mlir");
  auto compile = [&] {
    return ir ? s2s::compileIR(sourceMgr, &context, options)
              : s2s::compileSpec(sourceMgr, &context, options);
  };
  if (verifyDiagnostics) {
    mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr, &context);
    (void)compile();
    return failed(handler.verify()) ? 1 : 0;
  }
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  if (inspectWeights) {
    if (ir) {
      WithColor::error(errs(), "s2sc") << "--inspect-weights reads a spec or a .safetensors "
                                          "file, not IR (its weights are in the IR)\n";
      return 1;
    }
    return failed(s2s::inspectSpecWeights(sourceMgr, &context, outs())) ? 1 : 0;
  }
  return failed(compile()) ? 1 : 0;
}
