//===- TestMultiTarget.cpp - One library, several x86 variants -----------===//
///
/// Multi-target libraries (`--target=avx512,avx2[,sse41]`) run on CPUs of
/// different generations: natively, and under `qemu-x86_64-static -cpu
/// Haswell` (AVX2, no AVX-512) and `-cpu Nehalem` (SSE4.2, no AVX). For each
/// case, before the numbers are compared with the double-precision reference
/// (runCaseSuite, as every x86 case), active_target.c must report the
/// variant the CPU should get: the first in the list whose features it has.
/// Then a library without a variant for Nehalem must refuse there: create
/// returns NULL, NAME_last_error(NULL) names the variants, the process exits
/// normally (no SIGILL).
///
/// Prints `Success!`, or `[SKIP] reason` when s2sc is not built, the
/// machine is not x86-64 or qemu-x86_64-static is missing
/// (scripts/install-deps.sh --tests installs qemu-user-static).
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <cstdlib>
#include <iostream>
#include <map>

using namespace s2sharness;
using s2sgen::Layout;

namespace {

const char *const kAvx512 = "x86-64-linux-avx2-avx512_skylake-f16c-fma-sse41";
const char *const kAvx2 = "x86-64-linux-avx2-f16c-fma-sse41";
const char *const kSse41 = "x86-64-linux-sse41";

std::string qemuFor(const std::string &cpu) { return "qemu-x86_64-static -cpu " + cpu; }

/// The variant of "avx512,avx2" this machine itself should run.
std::string nativeVariant() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl"))
    return kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return kAvx2;
#endif
  return "(none)";
}

/// Case id -> the target active_target.c must print.
std::map<std::string, std::string> expected;

/// Links and runs active_target.c against the case's library behind the
/// case's emulator; returns its output, exit status in `rc`.
std::string runActiveTarget(const CompiledModel &cm, const std::string &prefix, int &rc,
                            std::string &err) {
  Env env = loadEnv("TestMultiTarget");
  std::string exe = cm.dir + "/active_target";
  if (!linkCProgram(env, cm, env.sourceDir + "/active_target.c", "", exe, err)) {
    rc = -1;
    return "";
  }
  std::string log;
  rc = runCommand((prefix.empty() ? "" : prefix + " ") + shellQuote(exe), exe + ".log", &log);
  return log;
}

std::string checkActive(const ModelCase &c, const CompiledModel &cm) {
  std::string err;
  int rc = 0;
  std::string log = runActiveTarget(cm, c.runnerPrefix, rc, err);
  if (!err.empty())
    return err;
  std::string want = "active: " + expected[c.id] + "\n";
  if (rc != 0 || log.find(want) == std::string::npos)
    return "expected '" + want.substr(0, want.size() - 1) + "' (exit 0), got exit " +
           std::to_string(rc) + ": " + log;
  std::cout << "  " << c.id << ": " << want;
  return "";
}

ModelCase multiCase(const std::string &id, int hidden, const std::string &targets,
                    const std::string &cpu, const std::string &variant) {
  ModelCase c = smallTokenCase(id, hidden, Layout::PyTorch, targets);
  if (!cpu.empty())
    c.runnerPrefix = qemuFor(cpu);
  expected[id] = variant;
  return c;
}

/// A library with no variant for the CPU: create refuses, no SIGILL.
int checkNoVariantFits() {
  Env env = loadEnv("TestMultiTarget");
  ModelCase c = smallTokenCase("mt_nofit", 8, Layout::PyTorch, "avx512,avx2");
  PreparedCase p = prepareCase(env, c, 99);
  CompiledModel cm;
  std::string err;
  if (!compileModel(env, p.model, c.weights, c.target, env.workDir + "/" + c.id, cm, err)) {
    std::cout << "FAIL mt_nofit: " << err << "\n";
    return 1;
  }
  int rc = 0;
  std::string log = runActiveTarget(cm, qemuFor("Nehalem"), rc, err);
  const std::string reason =
      "create failed: mt_nofit: no variant of the library runs on this CPU (it lacks "
      "instructions each one needs); built for: avx512 (" +
      std::string(kAvx512) + "), avx2 (" + kAvx2 + ")";
  if (!err.empty() || rc != 3 || log.find("active: (none)") == std::string::npos ||
      log.find(reason) == std::string::npos) {
    std::cout << "FAIL mt_nofit: expected exit 3, 'active: (none)' and '" << reason
              << "'; got exit " << rc << " (-1: killed by a signal): " << err << log << "\n";
    return 1;
  }
  std::cout << "ok   mt_nofit: Nehalem refused cleanly: " << reason << "\n";
  return 0;
}

} // namespace

int main() {
#if !defined(__x86_64__)
  std::cout << "[SKIP] not an x86-64 machine\n";
  return 0;
#endif
  if (std::system("command -v qemu-x86_64-static >/dev/null 2>&1") != 0) {
    std::cout << "[SKIP] qemu-x86_64-static not installed (scripts/install-deps.sh --tests)\n";
    return 0;
  }
  if (std::getenv("S2S_TARGET")) {
    std::cout << "note: ignoring S2S_TARGET (the cases name their target lists)\n";
    unsetenv("S2S_TARGET");
  }
  std::vector<ModelCase> cs;
  // This machine: AVX-512 where it has it, else AVX2.
  cs.push_back(multiCase("mt_native", 32, "avx512,avx2", "", nativeVariant()));
  // Haswell: the AVX2 variant of the same list; H = 20 is off both widths.
  cs.push_back(multiCase("mt_haswell", 20, "avx512,avx2", "Haswell", kAvx2));
  // Nehalem: neither; a third, SSE4.1 variant takes over.
  cs.push_back(multiCase("mt_nehalem", 12, "avx512,avx2,x86-64-linux-sse41", "Nehalem", kSse41));
  {
    // Two layers, peek concat, on Haswell with the list in the other order:
    // the first usable variant wins, whatever the order.
    ModelCase c = multiCase("mt_haswell_order_l2", 16, "x86-64-linux-sse41,avx2", "Haswell",
                            kSse41);
    c.shape.encLayers = c.shape.decLayers = 2;
    c.shape.peek = s2sref::Peek::Concat;
    cs.push_back(c);
  }
  SuiteOptions options;
  options.checkCompiled = checkActive;
  options.finalCheck = [](std::ostream &) { return checkNoVariantFits(); };
  return runCaseSuite("TestMultiTarget", cs, options);
}
