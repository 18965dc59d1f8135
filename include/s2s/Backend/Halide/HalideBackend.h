//===- HalideBackend.h - Kernels compiled ahead of time by Halide -*- C++ -*-===//
///
/// The only door to Halide: no Halide type appears here, every Halide error
/// comes back as an llvm::Error naming the kernel. The library behind it is
/// built with exceptions; its callers are not.
///
/// Kernel ABI (what host code passes; Halide dimension 0 is innermost, every
/// buffer dense with stride 1 in dimension 0, N and B are run-time extents):
///
///   Gather(E, V):      tokens i32[N], table f32(E, V)          -> out f32(E, N)
///                      out(e, n) = table(e, tokens(n)); ids are checked by host
///   Matmul(K, J):      x f32(K, N), wt f32(J, K), bias f32(J)  -> out f32(J, N)
///                      out(j, n) = bias(j) + sum_k wt(j, k) * x(k, n)
///                      (wt is W^T: the canonical [J, K] weight packed as [K][J]);
///                      with activation "tanh", out = tanh(...)
///   MatmulAdd(K, J):   x f32(K, N), wt f32(J, K), addend f32(J, N) -> out f32(J, N)
///                      out(j, n) = addend(j, n) + sum_k wt(j, k) * x(k, n)
///   LstmStep(H):       xg f32(4H, B), whht f32(4H, H), h f32(H, B), c f32(H, B),
///                      limit i32[B], t (i32 scalar)
///                      -> hOut f32(H, B), cOut f32(H, B)
///                      z = xg + whht * h; gates i, f, g, o (SEMANTICS.md 1)
///                      in the gate layout of s2s/Support/GateLayout.h (the
///                      4H columns of xg; whht packed block by block,
///                      recurrentWeightIndex); a batch row b is updated
///                      only where t < limit(b), else h and c are copied
///                      through unchanged.
///   ProjectArgmax(H, V): h f32(H, B), wt f32(V, H), bias f32(V)
///                      -> logits f32(V, B), tokens i32[B]
///                      logits = W h + bias; tokens(b) = lowest argmax.
///   LogSoftmaxTopK(V, M): logits f32(V, N) -> top Tuple (scores f32(M, N),
///                      tokens i32(M, N))
///                      the M best tokens of each row, best first, ordered
///                      by logit descending then token ascending (SEMANTICS.md
///                      4's candidate order within one hypothesis), with
///                      scores = log_softmax(logits) at them (max-subtracted,
///                      f32); token -1 (score -inf) where fewer than M exist
///                      (only with NaN logits).
///
/// The C signature of a kernel is Halide's AOT one: buffers in the order
/// above, the scalar `t` in its place, outputs last; returns 0 on success.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_BACKEND_HALIDE_HALIDEBACKEND_H
#define S2S_BACKEND_HALIDE_HALIDEBACKEND_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace s2s {
namespace halide {

enum class KernelFamily { Gather, Matmul, MatmulAdd, LstmStep, ProjectArgmax, LogSoftmaxTopK };

llvm::StringRef familyName(KernelFamily family);

/// One kernel to compile. Sizes not used by the family stay 0.
struct KernelDesc {
  std::string name; // C symbol of the kernel
  KernelFamily family = KernelFamily::Matmul;
  int64_t embed = 0;  // Gather: E
  int64_t vocab = 0;  // Gather, ProjectArgmax, LogSoftmaxTopK: V
  int64_t candidates = 0; // LogSoftmaxTopK: M
  int64_t input = 0;  // Matmul, MatmulAdd: K
  int64_t output = 0; // Matmul, MatmulAdd: J
  int64_t hidden = 0; // LstmStep, ProjectArgmax: H
  std::string gateActivation = "sigmoid"; // LstmStep
  std::string activation = "linear";      // Matmul: linear | tanh
  std::string schedule = "default";
};

/// A target resolved for both halves of the library.
struct ResolvedTarget {
  std::string name;         // as spelled on the command line (e.g. avx2)
  std::string halideTarget; // canonical Halide target string
  std::string triple;       // LLVM triple for host code
  std::string cpu;          // LLVM CPU name for host code
  std::string features;     // LLVM feature string for host code
  int vectorBytes = 16;     // natural vector width in bytes
  bool cuda = false;        // kernels run on an NVIDIA GPU
  /// Halide's feature bits (halide_target_feature_t), in the words that
  /// halide_can_use_target_features() takes: what a CPU must have.
  std::vector<uint64_t> featureWords;
};

/// Accepts `host`, a friendly name (avx2, avx512, sapphirerapids, aarch64,
/// aarch64-dotprod, cuda) or a Halide target string (e.g.
/// x86-64-linux-avx2-fma-f16c-sse41).
llvm::Expected<ResolvedTarget> resolveTarget(llvm::StringRef target);

/// What one library is built for: one variant per target of `--target`, in
/// the order given (the first one the running CPU supports is used), and the
/// target of the code shared by all variants (host code, Halide runtime).
struct TargetSet {
  std::vector<ResolvedTarget> variants;
  /// The bare architecture (plus the GPU API all variants use), so shared
  /// code runs, and can refuse cleanly, on a CPU that no variant fits.
  ResolvedTarget shared;
  /// Suffix of variant i's kernel symbols: empty for a single variant,
  /// "__" + a C identifier made of its name otherwise.
  std::vector<std::string> suffixes;
  bool multi() const { return variants.size() > 1; }
};

/// Resolves a comma-separated `--target` list. All variants must share
/// architecture and OS; `cuda` and `host` stand alone.
llvm::Expected<TargetSet> resolveTargetList(llvm::StringRef list);

/// --emit=cpp writes portable C++ for one CPU architecture: an error for a
/// target list or cuda.
llvm::Error checkCppTargets(const TargetSet &targets);

/// Checks a `--schedule` name: default, serial or naive.
llvm::Error checkScheduleName(llvm::StringRef name);

/// Files to write for one kernel; empty paths are skipped.
struct KernelOutputs {
  std::string object;   // .o, built without the Halide runtime
  std::string stmt;     // Halide's lowered statement
  std::string stmtHtml;
  std::string assembly;
  std::string llvmIR;
  std::string schedule; // a text description of the schedule chosen
};

llvm::Error compileKernel(const KernelDesc &kernel, const ResolvedTarget &target,
                          const KernelOutputs &outputs);

/// Writes `kernel` as C++ source through Halide's C++ backend, scheduled for
/// it (scalar, serial: see Schedules/CSchedules.cpp), for the target's
/// architecture, bit width and OS only: no instruction-set features, so the
/// source builds with any C++ compiler for that platform. `schedulePath`, if
/// not empty, receives the schedule's description.
llvm::Error compileKernelToCpp(const KernelDesc &kernel, const ResolvedTarget &target,
                               llvm::StringRef sourcePath, llvm::StringRef schedulePath = "");

/// The Halide target string compileKernelToCpp uses for `target`
/// (e.g. x86-64-linux for any x86-64 Linux target).
std::string portableTargetString(const ResolvedTarget &target);

/// Writes the one Halide runtime object that a library links.
llvm::Error compileRuntime(const ResolvedTarget &target, llvm::StringRef objectPath);

} // namespace halide
} // namespace s2s

#endif // S2S_BACKEND_HALIDE_HALIDEBACKEND_H
