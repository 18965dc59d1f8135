//===- TestConcurrency.cpp - Threads on distinct models in one program ---===//
///
/// Two token models, each compared with the reference as every case is,
/// then linked together into threads.c, which runs eight threads on
/// distinct model objects: results bit-identical to a single-threaded run,
/// and every object keeps its own error message. Three programs:
///   - the two native libraries;
///   - the two `--emit=cpp` packages (their runtimes' symbols are weak, so
///     two link into one program);
///   - a native library beside a CUDA build of the same model: without a
///     GPU its kernels fail, and every thread on it must get Halide's own
///     message on its own object although the other library's NAME_create
///     installed the (shared) error handler last; with a GPU it must succeed
///     bit-identically across threads.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <iostream>
#include <map>

using namespace s2sharness;
using s2sgen::Layout;

namespace {

constexpr const char *kNative = "x86-64-linux-avx2-fma-f16c-sse41";

std::vector<ModelCase> cases() {
  // Same vocabularies and max_length (threads.c's buffers), other weights.
  ModelCase a = smallTokenCase("threads_a", 16, Layout::PyTorch, kNative);
  ModelCase b = smallTokenCase("threads_b", 24, Layout::Keras, kNative);
  b.shape.encLayers = b.shape.decLayers = 2;
  b.weights.encoder = "encoder_{layer}";
  b.weights.decoder = "decoder_{layer}";
  ModelCase cppA = a, cppB = b;
  cppA.id = "threads_cpp_a";
  cppB.id = "threads_cpp_b";
  cppA.cppSource = cppB.cppSource = true;
  return {a, b, cppA, cppB};
}

std::map<std::string, CompiledModel> compiled;
std::map<std::string, s2sgen::ModelShape> shapes;

/// Links threads.c against `first` and `second` and runs it.
int runThreads(const Env &base, const std::string &label, const CompiledModel &first,
               const CompiledModel &second, const s2sgen::ModelShape &shape,
               const std::string &extraDefs, bool cpp, std::ostream &log) {
  Env env = base;
  env.runnerLdflags = shellQuote(second.dir + "/lib" + second.name + ".a") +
                      (cpp ? " -lstdc++ " : " ") + base.runnerLdflags + " -lpthread";
  // pthread_barrier_t is POSIX, not C99; the headers -include'd first read
  // the feature macro, so it goes on the command line.
  std::string defs = "-D_POSIX_C_SOURCE=200809L -include " + shellQuote(second.dir + "/" + second.name + ".h") +
                     " -DMODEL2=" + second.name + " -DSRC_VOCAB=" +
                     std::to_string(shape.srcVocab) + " -DTGT_VOCAB=" +
                     std::to_string(shape.tgtVocab) + " -DMAX_LENGTH=" +
                     std::to_string(shape.maxLength) + " " + extraDefs;
  std::string exe = base.workDir + "/" + label;
  std::string err;
  if (!linkCProgram(env, first, base.sourceDir + "/threads.c", defs, exe, err)) {
    log << "FAIL " << label << ": " << err << "\n";
    return 1;
  }
  std::string out;
  int rc = runCommand(shellQuote(exe), exe + ".log", &out);
  log << label << ": " << out;
  if (rc != 0 || out.find("threads: all checks passed") == std::string::npos) {
    log << "FAIL " << label << ": exit " << rc << " (see " << exe << ".log)\n";
    return 1;
  }
  return 0;
}

int threadPrograms(std::ostream &log) {
  Env env = loadEnv("TestConcurrency");
  for (const char *id : {"threads_a", "threads_b", "threads_cpp_a", "threads_cpp_b"})
    if (!compiled.count(id)) {
      log << "FAIL: case " << id << " was not compiled\n";
      return 1;
    }
  const s2sgen::ModelShape &shape = shapes["threads_a"];
  int failed = runThreads(env, "threads_native", compiled["threads_a"], compiled["threads_b"],
                          shape, "", false, log);
  failed += runThreads(env, "threads_cpp", compiled["threads_cpp_a"],
                       compiled["threads_cpp_b"], shape, "", true, log);

  // The CUDA build of model A's shape, beside the native model A.
  s2sgen::ModelShape cudaShape = shape;
  cudaShape.name = "threads_cuda";
  s2sgen::WeightOptions opts;
  opts.layout = Layout::PyTorch;
  s2sref::Model m = s2sgen::randomModel(cudaShape, env.seed, opts);
  CompiledModel cuda;
  std::string err;
  if (!compileModel(env, m, opts, "cuda", env.workDir + "/threads_cuda", cuda, err)) {
    log << "FAIL threads_cuda: " << err << "\n";
    return failed + 1;
  }
  bool gpu = haveCudaDriver();
  log << "threads_cuda: " << (gpu ? "a CUDA driver is present: results must agree"
                                  : "no CUDA driver: every call must fail with Halide's message")
      << "\n";
  failed += runThreads(env, "threads_native_cuda", compiled["threads_a"], cuda, shape,
                       gpu ? "" : "-DEXPECT_KERNEL_ERROR_2", false, log);
  return failed;
}

} // namespace

int main() {
  SuiteOptions options;
  std::vector<ModelCase> cs = cases();
  for (const ModelCase &c : cs)
    shapes[c.id] = c.shape;
  options.checkCompiled = [](const ModelCase &c, const CompiledModel &cm) {
    compiled[c.id] = cm;
    return std::string();
  };
  options.finalCheck = threadPrograms;
  return runCaseSuite("TestConcurrency", cs, options);
}
