//===- Targets.cpp - Halide target strings to LLVM targets ---*- C++ -*-===//
///
/// Resolves `host` or a Halide target string into the two views the library
/// needs: the canonical Halide target for the kernels and the LLVM triple,
/// CPU and feature string for the host code that calls them, so both halves
/// of a library agree on the instruction set.
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Host.h"

#include <algorithm>

using namespace Halide;

namespace s2s {
namespace halide {
namespace {

llvm::Error targetError(llvm::StringRef target, const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "target '" + target + "': " + why);
}

bool hasAvx512(const Target &t) {
  return t.has_feature(Target::AVX512) || t.has_feature(Target::AVX512_KNL) ||
         t.has_feature(Target::AVX512_Skylake) ||
         t.has_feature(Target::AVX512_Cannonlake) ||
         t.has_feature(Target::AVX512_SapphireRapids);
}

/// LLVM features matching what Halide's x86 code generator enables, so host
/// code may use exactly the instructions the kernels use.
std::string x86Features(const Target &t) {
  std::vector<std::string> f;
  if (t.has_feature(Target::SSE41))
    f.push_back("+sse4.1");
  if (t.has_feature(Target::AVX))
    f.push_back("+avx");
  if (t.has_feature(Target::AVX2))
    f.push_back("+avx2");
  if (t.has_feature(Target::FMA))
    f.push_back("+fma");
  if (t.has_feature(Target::FMA4))
    f.push_back("+fma4");
  if (t.has_feature(Target::F16C))
    f.push_back("+f16c");
  const bool sapphire = t.has_feature(Target::AVX512_SapphireRapids);
  const bool cannon = sapphire || t.has_feature(Target::AVX512_Cannonlake);
  const bool skylake = cannon || t.has_feature(Target::AVX512_Skylake);
  if (hasAvx512(t)) {
    f.push_back("+avx512f");
    f.push_back("+avx512cd");
  }
  if (t.has_feature(Target::AVX512_KNL)) {
    f.push_back("+avx512pf");
    f.push_back("+avx512er");
  }
  if (skylake) {
    f.push_back("+avx512bw");
    f.push_back("+avx512dq");
    f.push_back("+avx512vl");
  }
  if (cannon) {
    f.push_back("+avx512ifma");
    f.push_back("+avx512vbmi");
  }
  if (sapphire) {
    f.push_back("+avx512bf16");
    f.push_back("+avx512vnni");
  }
  std::string s;
  for (const std::string &x : f)
    s += (s.empty() ? "" : ",") + x;
  return s;
}

std::string arm64Features(const Target &t) {
  std::string s = "+neon";
  if (t.has_feature(Target::ARMDotProd))
    s += ",+dotprod";
  if (t.has_feature(Target::ARMFp16))
    s += ",+fullfp16";
  if (t.has_feature(Target::ARMv81a))
    s += ",+v8.1a";
  if (t.has_feature(Target::SVE))
    s += ",+sve";
  if (t.has_feature(Target::SVE2))
    s += ",+sve2";
  return s;
}

/// The host's own CPU features as LLVM reports them, sorted so the string is
/// stable across runs.
std::string hostFeatures() {
  llvm::StringMap<bool> features;
  if (!llvm::sys::getHostCPUFeatures(features))
    return "";
  std::vector<std::string> names;
  for (const auto &kv : features)
    names.push_back((kv.getValue() ? "+" : "-") + kv.getKey().str());
  std::sort(names.begin(), names.end());
  std::string s;
  for (const std::string &x : names)
    s += (s.empty() ? "" : ",") + x;
  return s;
}

llvm::Expected<ResolvedTarget> resolve(llvm::StringRef spelled,
                                       const Target &t, bool isHost) {
  ResolvedTarget r;
  r.halideTarget = t.to_string();
  if (t.os != Target::Linux)
    return targetError(spelled, "only Linux targets are supported");
  if (t.arch == Target::X86 && t.bits == 64) {
    r.triple = "x86_64-unknown-linux-gnu";
    r.cpu = "x86-64";
    r.features = x86Features(t);
  } else if (t.arch == Target::ARM && t.bits == 64) {
    r.triple = "aarch64-unknown-linux-gnu";
    r.cpu = "generic";
    r.features = arm64Features(t);
  } else {
    return targetError(spelled,
                       "only x86-64 and arm-64 architectures are supported");
  }
  if (isHost) {
    // LLVM 14 names CPUs newer than itself "generic"; the explicit feature
    // list below still carries the host's ISA.
    llvm::StringRef cpu = llvm::sys::getHostCPUName();
    if (cpu != "generic" && !cpu.empty())
      r.cpu = cpu.str();
    std::string features = hostFeatures();
    if (!features.empty())
      r.features = features;
  }
  r.vectorBytes = t.natural_vector_size<float>() * 4;
  return r;
}

} // namespace

Target toHalideTarget(const ResolvedTarget &target) {
  return Target(target.halideTarget);
}

/// Short names for the targets people ask for most.
llvm::StringRef friendlyTarget(llvm::StringRef name) {
  return llvm::StringSwitch<llvm::StringRef>(name)
      .Case("avx2", "x86-64-linux-avx2-fma-f16c-sse41")
      .Case("avx512", "x86-64-linux-avx512_skylake-avx2-fma-f16c-sse41")
      .Case("sapphirerapids",
            "x86-64-linux-avx512_sapphirerapids-avx512_cannonlake-avx512_skylake-avx2-fma-"
            "f16c-sse41")
      .Case("aarch64", "arm-64-linux")
      .Case("aarch64-dotprod", "arm-64-linux-arm_dot_prod")
      .Default(name);
}

llvm::Expected<ResolvedTarget> resolveTarget(llvm::StringRef target) {
  std::string spelled = friendlyTarget(target).str();
  try {
    if (spelled == "host")
      return resolve(target, get_host_target(), /*isHost=*/true);
    if (spelled.empty() || !Target::validate_target_string(spelled))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "unknown target '" + spelled +
              "' (expected host, avx2, avx512, sapphirerapids, aarch64, "
              "aarch64-dotprod or a Halide target string such as "
              "x86-64-linux-avx2-fma-f16c-sse41)");
    return resolve(target, Target(spelled), /*isHost=*/false);
  } catch (const Halide::Error &e) {
    return targetError(target, llvm::StringRef(e.what()).trim());
  }
}

} // namespace halide
} // namespace s2s
