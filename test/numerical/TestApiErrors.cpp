//===- TestApiErrors.cpp - Argument errors of the C API --------*- C++ -*-===//
///
/// Compiles one small token model with s2sc, links api_errors.c against it
/// and runs it: every invalid argument listed in SPEC.md must be rejected
/// with a message and without touching the output buffers (api_errors.c
/// has the list). Prints `Success!`, or `[SKIP] reason` without s2sc.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <iostream>

using namespace s2sharness;

int main() {
  Env env = loadEnv("TestApiErrors");
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  s2sgen::ModelShape shape;
  shape.name = "api_errors_model";
  shape.srcVocab = 11; // differs from the target vocabulary on purpose
  shape.srcEmbed = 6;
  shape.tgtVocab = 13;
  shape.tgtEmbed = 5;
  shape.encHidden = shape.decHidden = 8;
  shape.maxLength = 6;
  s2sgen::WeightOptions opts;
  opts.layout = s2sgen::Layout::PyTorch;
  s2sref::Model m = s2sgen::randomModel(shape, env.seed, opts);

  std::string target = env.targetOverride.empty()
                           ? "x86-64-linux-avx2-fma-f16c-sse41"
                           : env.targetOverride;
  std::string dir = env.workDir + "/model";
  CompiledModel cm;
  std::string err;
  if (!compileModel(env, m, opts, target, dir, cm, err)) {
    std::cout << "FAIL: " << err << "\n";
    return 1;
  }
  std::string exe = dir + "/api_errors";
  std::string defs = "-DSRC_VOCAB=" + std::to_string(m.srcVocab) +
                     " -DTGT_VOCAB=" + std::to_string(m.tgtVocab) +
                     " -DMAX_LENGTH=" + std::to_string(m.maxLength);
  if (!linkCProgram(env, cm, env.sourceDir + "/api_errors.c", defs, exe, err)) {
    std::cout << "FAIL: " << err << "\n";
    return 1;
  }
  std::string log;
  int rc = runCommand(shellQuote(exe), dir + "/api_errors.log", &log);
  std::cout << log;
  if (rc != 0 ||
      log.find("api_errors: all checks passed") == std::string::npos) {
    std::cout << "FAIL: api_errors exited with " << rc << " (files in " << dir
              << ")\n";
    return 1;
  }
  std::cout << "Success!\n";
  return 0;
}
