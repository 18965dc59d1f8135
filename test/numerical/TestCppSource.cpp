//===- TestCppSource.cpp - --emit=cpp packages vs the reference -----------===//
///
/// The standalone C++ output: each model compiled with `s2sc --emit=cpp`,
/// its sources built with the plain C++ compiler (-O2 -Wall -Wextra, no
/// Halide or LLVM include path; a warning fails the case), archived with ar,
/// runner.c linked against that archive and compared with the
/// double-precision reference exactly as the library cases are
/// (runCaseSuite: tokens and out_len exactly, logits / vectors within rtol
/// 1e-4).
///
/// Cases: token models with H = 10 (no multiple of any vector width), a
/// batch of 3 unequal lengths and out-of-vocabulary padding; peek concat with
/// 2 + 2 layers and H = 100; vectors -> vectors with peek add, a tanh readout
/// and hard-sigmoid gates; a mixed vectors -> tokens model; and, where the
/// cross toolchain and qemu are installed, the basic model cross-built with
/// aarch64-linux-gnu-g++ and run under qemu-aarch64-static.
///
/// Then api_errors.c (TestApiErrors's checks of every invalid argument) runs
/// against a C++ package and the library of the same model: both must pass
/// and print identical logs (each bad call with its message): both C APIs
/// answer through the s2s runtime (lib/Runtime/S2SRuntime.cpp).
///
/// Prints `Success!`, or `[SKIP] reason` without s2sc.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

using namespace s2sharness;
using s2sgen::Layout;
using s2sref::Activation;
using s2sref::Gate;
using s2sref::Peek;

namespace {

const char *kAvx2 = "x86-64-linux-avx2-fma-f16c-sse41";

std::string envOr(const char *name, const char *def) {
  const char *v = std::getenv(name);
  return v && *v ? v : def;
}

bool haveProgram(const std::string &prog) {
  std::string cmd = "command -v " + shellQuote(prog) + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

ModelCase cppCase(const std::string &id, int hidden, Layout layout,
                  const char *target) {
  ModelCase c = smallTokenCase(id, hidden, layout, target);
  c.cppSource = true;
  return c;
}

std::vector<ModelCase> cases() {
  std::vector<ModelCase> cs;
  // The basic token model, H = 10: loops of Halide's C++ output with odd
  // extents everywhere.
  cs.push_back(cppCase("cpp_tokens_h10_b3", 10, Layout::PyTorch, kAvx2));
  {
    // Peek concat (the hoisted context matmul), 2 + 2 layers, H = 100.
    ModelCase c = cppCase("cpp_peek_concat_l2_h100", 100, Layout::PyTorch, kAvx2);
    c.shape.peek = Peek::Concat;
    c.shape.encLayers = c.shape.decLayers = 2;
    c.maxSrcLen = 9;
    c.lens = {9, 1, 5};
    c.otherMaxOut = 4;
    cs.push_back(c);
  }
  {
    // Vectors in and out, peek add, tanh readout, hard sigmoid gates.
    ModelCase c = cppCase("cpp_vectors_add_tanh", 16, Layout::Keras, kAvx2);
    c.shape.srcTokens = c.shape.tgtTokens = false;
    c.shape.srcDim = 5;
    c.shape.tgtDim = 16; // == C (peek add)
    c.shape.peek = Peek::Add;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.activation = Activation::Tanh;
    c.shape.encGate = c.shape.decGate = Gate::HardSigmoid;
    c.shape.maxLength = 7;
    c.want = Ending::Any;
    cs.push_back(c);
  }
  {
    // A vector source with a token target (NAME_translate on floats).
    ModelCase c = cppCase("cpp_vectors_to_tokens_h12", 12, Layout::Canonical, kAvx2);
    c.shape.srcTokens = false;
    c.shape.srcDim = 5;
    cs.push_back(c);
  }
  const std::string cxx = envOr("S2S_AARCH64_CXX", "aarch64-linux-gnu-g++");
  const std::string cc = envOr("S2S_AARCH64_CC", "aarch64-linux-gnu-gcc");
  const std::string ar = envOr("S2S_AARCH64_AR", "aarch64-linux-gnu-ar");
  const std::string qemu = envOr("S2S_QEMU_AARCH64", "qemu-aarch64-static");
  const std::string sysroot = envOr("S2S_AARCH64_SYSROOT", "/usr/aarch64-linux-gnu");
  std::error_code ec;
  if (haveProgram(cxx) && haveProgram(cc) && haveProgram(ar) && haveProgram(qemu) &&
      std::filesystem::is_directory(sysroot + "/lib", ec)) {
    // The same sources are portable: cross-built for aarch64, run under qemu.
    ModelCase c = cppCase("cpp_a64_tokens_h10_l2", 10, Layout::PyTorch, "aarch64");
    c.shape.encLayers = c.shape.decLayers = 2;
    c.cxx = cxx;
    c.ar = ar;
    c.cc = cc;
    c.runnerPrefix = shellQuote(qemu) + " -L " + shellQuote(sysroot);
    cs.push_back(c);
  } else {
    std::cout << "note: no aarch64 cross toolchain or qemu: the aarch64 C++ case "
                 "does not run\n";
  }
  return cs;
}

/// api_errors.c against a package of one small token model: every invalid
/// argument rejected with a message, nothing written. Returns its log in
/// `log`, or false with the failure printed.
bool apiErrorsLog(bool cppSource, const std::string &dir, std::string &log) {
  Env env = loadEnv("TestCppSource");
  env.cppSource = cppSource;
  if (cppSource)
    env.runnerLdflags += " -lstdc++";
  s2sgen::ModelShape shape;
  shape.name = "api_errors_model";
  shape.srcVocab = 11;
  shape.srcEmbed = 6;
  shape.tgtVocab = 13;
  shape.tgtEmbed = 5;
  shape.encHidden = shape.decHidden = 8;
  shape.maxLength = 6;
  s2sgen::WeightOptions opts;
  opts.layout = Layout::PyTorch;
  s2sref::Model m = s2sgen::randomModel(shape, env.seed, opts);
  const char *package = cppSource ? "the C++ package" : "the library";
  CompiledModel cm;
  std::string err;
  if (!compileModel(env, m, opts, kAvx2, dir, cm, err)) {
    std::cout << "FAIL api_errors (" << package << "): " << err << "\n";
    return false;
  }
  std::string exe = dir + "/api_errors";
  std::string defs = "-DSRC_VOCAB=" + std::to_string(m.srcVocab) +
                     " -DTGT_VOCAB=" + std::to_string(m.tgtVocab) +
                     " -DMAX_LENGTH=" + std::to_string(m.maxLength);
  if (!linkCProgram(env, cm, env.sourceDir + "/api_errors.c", defs, exe, err)) {
    std::cout << "FAIL api_errors (" << package << "): " << err << "\n";
    return false;
  }
  int rc = runCommand(shellQuote(exe), dir + "/api_errors.log", &log);
  if (rc != 0 || log.find("api_errors: all checks passed") == std::string::npos) {
    std::cout << log << "FAIL api_errors against " << package << " (exit " << rc
              << ", files in " << dir << ")\n";
    return false;
  }
  return true;
}

/// api_errors.c against a C++ package and against the library of the same
/// model: both pass, and their logs (every bad call with the message it
/// got) are identical, so the two C APIs cannot drift apart. Returns the
/// number of failures.
int runApiErrors() {
  Env env = loadEnv("TestCppSource");
  std::string cppLog, libLog;
  if (!apiErrorsLog(/*cppSource=*/true, env.workDir + "/api_errors_cpp", cppLog) ||
      !apiErrorsLog(/*cppSource=*/false, env.workDir + "/api_errors_lib", libLog))
    return 1;
  if (cppLog != libLog) {
    std::cout << "FAIL api_errors: the C++ package and the library answer differently\n"
              << "--- C++ package:\n"
              << cppLog << "--- library:\n"
              << libLog;
    return 1;
  }
  std::cout << "ok   api_errors, the C++ package and the library with identical messages: "
            << cppLog.substr(cppLog.rfind("api_errors:"));
  return 0;
}

} // namespace

int main() {
  Env env = loadEnv("TestCppSource");
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  std::cout << "C++ compiler: " << env.cxx << "\n";
  SuiteOptions options;
  options.finalCheck = [](std::ostream &) { return runApiErrors(); };
  return runCaseSuite("TestCppSource", cases(), options);
}
