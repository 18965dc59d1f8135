//===- Targets.cpp - Halide target strings to LLVM targets ---*- C++ -*-===//
///
/// Resolves `host` or a Halide target string into the two views the library
/// needs: the canonical Halide target for the kernels and the LLVM triple,
/// CPU and feature string for the host code that calls them, so both halves
/// of a library agree on the instruction set.
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Host.h"

#include <algorithm>
#include <cctype>

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
  std::vector<std::string> f{"+sse2"}; // in every x86-64 CPU
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

/// The Halide features a library may be built with: instruction sets the
/// runtime can detect (so NAME_create refuses a CPU without them), CUDA, and
/// code-generation options that change neither the kernels' ABI nor their
/// checks. Everything else is refused with the reason.
bool isAllowedFeature(const Target &t, Target::Feature f) {
  switch (f) {
  case Target::StrictFloat:
  case Target::EnableLLVMLoopOpt:
  case Target::DisableLLVMLoopOpt:
    return true;
  case Target::SSE41:
  case Target::AVX:
  case Target::AVX2:
  case Target::FMA:
  case Target::F16C:
  case Target::AVX512:
  case Target::AVX512_KNL:
  case Target::AVX512_Skylake:
  case Target::AVX512_Cannonlake:
  case Target::AVX512_SapphireRapids:
  case Target::CUDA:
  case Target::CUDACapability30:
  case Target::CUDACapability32:
  case Target::CUDACapability35:
  case Target::CUDACapability50:
  case Target::CUDACapability61:
  case Target::CUDACapability70:
  case Target::CUDACapability75:
  case Target::CUDACapability80:
  case Target::CUDACapability86:
    return t.arch == Target::X86;
  case Target::ARMDotProd:
  case Target::ARMFp16:
  case Target::ARMv81a:
  case Target::SVE:
  case Target::SVE2:
    return t.arch == Target::ARM;
  default:
    return false;
  }
}

std::string refusalReason(Target::Feature f) {
  switch (f) {
  case Target::UserContext:
  case Target::CPlusPlusMangling:
  case Target::Matlab:
    return "it changes the kernels' calling convention, which the host code fixes";
  case Target::NoAsserts:
  case Target::NoBoundsQuery:
    return "it removes the checks that turn a bad buffer into an error";
  case Target::FMA4:
    return "Halide's runtime cannot detect it, so a library could not refuse a CPU "
           "without it";
  case Target::JIT:
  case Target::NoRuntime:
  case Target::EmbedBitcode:
    return "s2sc sets how kernels and runtime are built itself";
  case Target::Debug:
  case Target::Profile:
  case Target::ProfileByTimer:
  case Target::TraceLoads:
  case Target::TraceStores:
  case Target::TraceRealizations:
  case Target::TracePipeline:
    return "it makes the library print or instrument; inspect kernels with --emit=halide "
           "or --dump-dir instead";
  default:
    return "s2sc builds only for x86-64 (with CUDA) and arm-64 CPUs, with no other GPU "
           "API, sanitizer or ABI option";
  }
}

/// The features a target string asks for that s2sc cannot honour safely.
llvm::Error checkFeatures(llvm::StringRef spelled, const Target &t) {
  for (int i = 0; i < Target::FeatureEnd; ++i) {
    auto f = static_cast<Target::Feature>(i);
    if (!t.has_feature(f) || isAllowedFeature(t, f))
      continue;
    std::string allowed;
    for (int j = 0; j < Target::FeatureEnd; ++j)
      if (isAllowedFeature(t, static_cast<Target::Feature>(j)))
        allowed += (allowed.empty() ? "" : ", ") +
                   Target::feature_to_name(static_cast<Target::Feature>(j));
    return targetError(spelled, "feature '" + Target::feature_to_name(f) +
                                    "' is not supported: " + refusalReason(f) +
                                    " (supported: " + allowed + ")");
  }
  return llvm::Error::success();
}

/// Halide's feature bits as halide_can_use_target_features() reads them:
/// feature f is bit f % 64 of word f / 64.
std::vector<uint64_t> featureWords(const Target &t) {
  std::vector<uint64_t> words((Target::FeatureEnd + 63) / 64, 0);
  for (int f = 0; f < Target::FeatureEnd; ++f)
    if (t.has_feature(static_cast<Target::Feature>(f)))
      words[f / 64] |= uint64_t(1) << (f % 64);
  return words;
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
  if (llvm::Error e = checkFeatures(spelled, t))
    return std::move(e);
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
  r.name = spelled.str();
  r.vectorBytes = t.natural_vector_size<float>() * 4;
  r.cuda = t.has_feature(Target::CUDA);
  r.featureWords = featureWords(t);
  return r;
}

/// A C identifier made of a target's name: avx2, aarch64_dotprod, ...
std::string symbolSuffix(llvm::StringRef name) {
  std::string s;
  for (char c : name)
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
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
      // sm_86 is the newest capability Halide 14 knows (newer GPUs JIT its
      // PTX); the host side stays at SSE4.1 so it runs on any GPU server.
      .Case("cuda", "x86-64-linux-sse41-cuda-cuda_capability_86")
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
              "aarch64-dotprod, cuda or a Halide target string such as "
              "x86-64-linux-avx2-fma-f16c-sse41; several, comma-separated, "
              "build one library that picks the first the CPU supports)");
    return resolve(target, Target(spelled), /*isHost=*/false);
  } catch (const Halide::Error &e) {
    return targetError(target, llvm::StringRef(e.what()).trim());
  }
}

} // namespace halide
} // namespace s2s

namespace s2s {
namespace halide {

llvm::Expected<TargetSet> resolveTargetList(llvm::StringRef list) {
  llvm::SmallVector<llvm::StringRef> names;
  list.split(names, ',');
  TargetSet set;
  for (llvm::StringRef name : names) {
    name = name.trim();
    if (name.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "empty entry in target list '" + list + "'");
    auto resolved = resolveTarget(name);
    if (!resolved)
      return resolved.takeError();
    set.variants.push_back(std::move(*resolved));
  }
  std::vector<Target> targets;
  for (const ResolvedTarget &v : set.variants) {
    if (v.cuda && set.variants.size() > 1)
      return targetError(v.name, "a CUDA target cannot be part of a multi-target list");
    std::string suffix = set.variants.size() > 1 ? "__" + symbolSuffix(v.name) : "";
    if (llvm::is_contained(set.suffixes, suffix))
      return targetError(v.name, "listed twice in '" + list + "'");
    set.suffixes.push_back(suffix);
    targets.push_back(toHalideTarget(v));
    const Target &first = targets.front();
    if (targets.back().arch != first.arch || targets.back().bits != first.bits ||
        targets.back().os != first.os)
      return targetError(v.name, "a multi-target library needs one architecture and OS; '" +
                                     v.halideTarget + "' and '" + set.variants.front().halideTarget +
                                     "' differ");
  }
  // Shared code (host code, Halide runtime) is built for the bare
  // architecture, so that it runs, and NAME_create can refuse cleanly, on a
  // CPU that no variant fits. It is glue around the kernels: loops, copies,
  // argument checks. Only the GPU API, which the runtime must carry, is kept.
  Target common(targets.front().os, targets.front().arch, targets.front().bits);
  for (Target::Feature f : {Target::CUDA, Target::CUDACapability30, Target::CUDACapability32,
                            Target::CUDACapability35, Target::CUDACapability50,
                            Target::CUDACapability61, Target::CUDACapability70,
                            Target::CUDACapability75, Target::CUDACapability80,
                            Target::CUDACapability86})
    if (llvm::all_of(targets, [&](const Target &t) { return t.has_feature(f); }))
      common.set_feature(f);
  auto shared = resolve(list, common, /*isHost=*/false);
  if (!shared)
    return shared.takeError();
  set.shared = std::move(*shared);
  return set;
}

llvm::Error checkCppTargets(const TargetSet &targets) {
  if (targets.multi() || targets.shared.cuda)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--emit=cpp writes portable C++ for one CPU architecture; "
                                   "a target list or cuda needs --emit=lib");
  return llvm::Error::success();
}

} // namespace halide
} // namespace s2s
