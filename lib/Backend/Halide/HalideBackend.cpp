//===- HalideBackend.cpp - Kernel compilation through Halide ---*- C++ -*-===//
///
/// The exception boundary of the Halide backend: descriptions are checked
/// before any Halide call, then every Halide::Error raised while defining,
/// scheduling or compiling a kernel becomes an llvm::Error naming the kernel.
/// Kernels are compiled in process (Pipeline::compile_to) without the Halide
/// runtime; a library links the one runtime written by compileRuntime.
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "s2s/Support/CIdentifier.h"
#include "s2s/Support/OutputFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <exception>

using namespace Halide;

namespace s2s {
namespace halide {
namespace {

llvm::Error kernelError(const KernelDesc &desc, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "kernel '" + desc.name + "': " + msg);
}

/// Halide's messages start with "Error: " and end in a newline.
std::string halideMessage(const std::exception &e) {
  llvm::StringRef msg = llvm::StringRef(e.what()).trim();
  msg.consume_front("Error:");
  return msg.trim().str();
}

/// Halide indexes with 32-bit integers and limits a buffer to 2^31 bytes.
constexpr int64_t kMaxElements = (int64_t(1) << 31) / 4 - 1;

llvm::Error checkSize(const KernelDesc &d, const char *field, int64_t value) {
  if (value <= 0)
    return kernelError(d, llvm::Twine("'") + field +
                              "' must be a positive integer, got " +
                              llvm::Twine(value));
  if (value > kMaxElements)
    return kernelError(d, llvm::Twine("'") + field + "' is too large (" +
                              llvm::Twine(value) + ")");
  return llvm::Error::success();
}

/// A weight matrix of rows x cols floats must fit one Halide buffer.
llvm::Error checkMatrix(const KernelDesc &d, const char *what, int64_t rows,
                        int64_t cols) {
  if (rows * cols > kMaxElements)
    return kernelError(d, llvm::Twine(what) + " of " + llvm::Twine(rows) +
                              " x " + llvm::Twine(cols) +
                              " floats exceeds Halide's 2 GiB buffer limit");
  return llvm::Error::success();
}

void writeOutput(std::map<OutputFileType, std::string> &files,
                 OutputFileType type, const std::string &path) {
  if (!path.empty())
    files[type] = path;
}

/// Writes a schedule's description; an empty path writes nothing.
llvm::Error writeScheduleText(llvm::StringRef path, llvm::StringRef text) {
  if (path.empty())
    return llvm::Error::success();
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return llvm::createFileError(path, ec);
  os << text;
  return s2s::closeChecked(os, path);
}

std::string unknownSchedule(llvm::StringRef name) {
  return "unknown schedule '" + name.str() + "' (expected default, serial or naive)";
}

} // namespace

llvm::StringRef familyName(KernelFamily family) {
  switch (family) {
  case KernelFamily::Gather:
    return "gather";
  case KernelFamily::Matmul:
    return "matmul";
  case KernelFamily::MatmulAdd:
    return "matmul_add";
  case KernelFamily::LstmStep:
    return "lstm_step";
  case KernelFamily::ProjectArgmax:
    return "project_argmax";
  case KernelFamily::LogSoftmaxTopK:
    return "log_softmax_top_k";
  }
  return "unknown";
}

llvm::Error validateKernelDesc(const KernelDesc &d) {
  if (!s2s::isCIdentifier(d.name))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "kernel name '" + d.name +
                                       "' is not a C identifier");
  if (!llvm::is_contained(scheduleNames(), d.schedule))
    return kernelError(d, unknownSchedule(d.schedule));
  switch (d.family) {
  case KernelFamily::Gather:
    if (auto e = checkSize(d, "embed", d.embed))
      return e;
    if (auto e = checkSize(d, "vocab", d.vocab))
      return e;
    return checkMatrix(d, "embedding table", d.vocab, d.embed);
  case KernelFamily::Matmul:
    if (d.activation != "linear" && d.activation != "tanh")
      return kernelError(d, "unknown activation '" + d.activation +
                                "' (expected linear or tanh)");
    [[fallthrough]];
  case KernelFamily::MatmulAdd:
    if (auto e = checkSize(d, "input", d.input))
      return e;
    if (auto e = checkSize(d, "output", d.output))
      return e;
    return checkMatrix(d, "weight", d.output, d.input);
  case KernelFamily::LstmStep:
    if (auto e = checkSize(d, "hidden", d.hidden))
      return e;
    if (d.gateActivation != "sigmoid" && d.gateActivation != "hard_sigmoid" &&
        d.gateActivation != "hard_sigmoid_v3")
      return kernelError(d, "unknown gate activation '" + d.gateActivation +
                                "' (expected sigmoid, hard_sigmoid or "
                                "hard_sigmoid_v3)");
    return checkMatrix(d, "recurrent weight", 4 * d.hidden, d.hidden);
  case KernelFamily::ProjectArgmax:
    if (auto e = checkSize(d, "hidden", d.hidden))
      return e;
    if (auto e = checkSize(d, "vocab", d.vocab))
      return e;
    return checkMatrix(d, "output projection", d.vocab, d.hidden);
  case KernelFamily::LogSoftmaxTopK:
    if (auto e = checkSize(d, "vocab", d.vocab))
      return e;
    if (auto e = checkSize(d, "candidates", d.candidates))
      return e;
    if (d.candidates > d.vocab)
      return kernelError(d, "'candidates' (" + llvm::Twine(d.candidates) +
                                ") exceeds 'vocab' (" + llvm::Twine(d.vocab) + ")");
    return llvm::Error::success();
  }
  return kernelError(d, "unknown kernel family");
}

namespace {

/// The schedule for `target`: C-legal for the C++ backend, GPU for a
/// GPU target, else the CPU schedule of the family. Returns its description.
std::string schedule(KernelFuncs &k, const KernelDesc &desc, const Target &target,
                     Codegen codegen) {
  if (codegen == Codegen::C)
    return scheduleForC(k, target);
  if (target.has_gpu_feature())
    return scheduleGpu(k, target);
  ScheduleOptions opts;
  opts.name = desc.schedule;
  switch (desc.family) {
  case KernelFamily::Gather:
    return scheduleGather(k, target, opts);
  case KernelFamily::Matmul:
  case KernelFamily::MatmulAdd:
    return scheduleMatmul(k, target, opts);
  case KernelFamily::LstmStep:
    return scheduleLstmStep(k, target, opts);
  case KernelFamily::ProjectArgmax:
    return scheduleProjectArgmax(k, target, opts);
  case KernelFamily::LogSoftmaxTopK:
    return scheduleLogSoftmaxTopK(k, target, opts);
  }
  return "";
}

/// Checks `kernel` and `target`, builds the pipeline for Halide target `t`
/// (made from the resolved one by `toTarget`), hands it to `compile` and
/// writes the schedule's description to `schedulePath`: every Halide error
/// on the way comes back as an llvm::Error naming the kernel.
llvm::Error withKernelPipeline(const KernelDesc &kernel, const ResolvedTarget &target,
                               Codegen codegen, llvm::StringRef schedulePath,
                               llvm::function_ref<Target(const ResolvedTarget &)> toTarget,
                               llvm::function_ref<void(KernelPipeline &, const Target &)> compile) {
  if (auto e = validateKernelDesc(kernel))
    return e;
  if (!Target::validate_target_string(target.halideTarget))
    return kernelError(kernel, "unknown target '" + target.halideTarget + "'");
  std::string scheduleText;
  try {
    Target t = toTarget(target);
    KernelPipeline kp = buildKernelPipeline(kernel, t, codegen);
    scheduleText = kp.scheduleText;
    compile(kp, t);
  } catch (const Halide::Error &e) {
    return kernelError(kernel, "halide: " + halideMessage(e));
  } catch (const std::exception &e) {
    return kernelError(kernel, llvm::Twine("halide: ") + e.what());
  }
  return writeScheduleText(schedulePath, scheduleText);
}

} // namespace

KernelPipeline buildKernelPipeline(const KernelDesc &desc,
                                   const Target &target, Codegen codegen) {
  KernelPipeline kp;
  // The wide-batch product only where its schedule exists: native CPU code
  // with a schedule that tiles (Schedules.cpp).
  kp.funcs = defineKernel(desc, codegen == Codegen::Native && !target.has_gpu_feature() &&
                                    desc.schedule != "naive");
  kp.scheduleText = schedule(kp.funcs, desc, target, codegen);
  kp.pipeline = Pipeline(kp.funcs.outputs);
  return kp;
}

llvm::Error compileKernel(const KernelDesc &kernel, const ResolvedTarget &target,
                          const KernelOutputs &outputs) {
  return withKernelPipeline(
      kernel, target, Codegen::Native, outputs.schedule,
      // The library links one runtime (compileRuntime): kernels carry none.
      [](const ResolvedTarget &r) { return toHalideTarget(r).with_feature(Target::NoRuntime); },
      [&](KernelPipeline &kp, const Target &t) {
        std::map<OutputFileType, std::string> files;
        writeOutput(files, OutputFileType::object, outputs.object);
        writeOutput(files, OutputFileType::stmt, outputs.stmt);
        writeOutput(files, OutputFileType::stmt_html, outputs.stmtHtml);
        writeOutput(files, OutputFileType::assembly, outputs.assembly);
        writeOutput(files, OutputFileType::llvm_assembly, outputs.llvmIR);
        if (files.empty())
          kp.pipeline.compile_to_module(kp.funcs.args, kernel.name, t);
        else
          kp.pipeline.compile_to(files, kp.funcs.args, kernel.name, t);
      });
}

std::string portableTargetString(const ResolvedTarget &target) {
  Target full = toHalideTarget(target);
  return Target(full.os, full.arch, full.bits).to_string();
}

llvm::Error compileKernelToCpp(const KernelDesc &kernel, const ResolvedTarget &target,
                               llvm::StringRef sourcePath, llvm::StringRef schedulePath) {
  return withKernelPipeline(
      kernel, target, Codegen::C, schedulePath,
      // No features: the C++ source must build for any CPU of the platform.
      [](const ResolvedTarget &r) { return Target(portableTargetString(r)); },
      [&](KernelPipeline &kp, const Target &t) {
        kp.pipeline.compile_to({{OutputFileType::c_source, sourcePath.str()}}, kp.funcs.args,
                               kernel.name, t);
      });
}

llvm::Error checkScheduleName(llvm::StringRef name) {
  if (llvm::is_contained(scheduleNames(), name.str()))
    return llvm::Error::success();
  return llvm::createStringError(llvm::inconvertibleErrorCode(), unknownSchedule(name));
}

llvm::Error compileRuntime(const ResolvedTarget &target,
                           llvm::StringRef objectPath) {
  if (!Target::validate_target_string(target.halideTarget))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "halide runtime: unknown target '" +
                                       target.halideTarget + "'");
  try {
    compile_standalone_runtime(objectPath.str(), toHalideTarget(target));
  } catch (const Halide::Error &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "halide runtime: " + halideMessage(e));
  } catch (const std::exception &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   llvm::Twine("halide runtime: ") + e.what());
  }
  return llvm::Error::success();
}

} // namespace halide
} // namespace s2s
