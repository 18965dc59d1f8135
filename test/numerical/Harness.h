//===- Harness.h - Compile, run and compare generated models ---*- C++ -*-===//
///
/// The plumbing shared by the numerical test drivers: find s2sc and a C
/// compiler, write a case's spec and weights, run `s2sc spec.yaml -o DIR
/// --target=T`, link runner.c against DIR/libNAME.a, run it and read the
/// results back, and compare them with the reference. Plain C++17.
///
/// Environment overrides (all optional):
///   S2SC             path of the compiler under test (default: the build's)
///   S2S_CC           C compiler for the runners (default: CMake's)
///   S2S_CXX          C++ compiler for --emit=cpp packages (default: CMake's)
///   S2S_SEED         global seed; every case derives its own from it
///   S2S_RTOL         relative tolerance for logits/vectors (default 1e-4)
///   S2S_CASES        only run cases whose id contains this text
///   S2S_TARGET       compile every case for this target instead
///   S2S_RUNNER_LDFLAGS extra link flags for the runners
///   S2S_WORK_DIR     where the work files go (default: the build tree)
///
//===----------------------------------------------------------------------===//
#ifndef S2S_TEST_NUMERICAL_HARNESS_H
#define S2S_TEST_NUMERICAL_HARNESS_H

#include "Generator.h"
#include "Reference.h"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace s2sharness {

struct Env {
  std::string s2sc, cc, sourceDir, workDir, runnerLdflags;
  /// --emit=cpp instead of the library: s2sc writes C++ sources, `cxx`
  /// builds them (-O2 -Wall -Wextra, a warning fails) and `ar` archives the
  /// objects as libNAME.a, which the runner then links like s2sc's own.
  bool cppSource = false;
  std::string cxx, ar = "ar";
  std::string caseFilter, targetOverride;
  /// Put (unquoted) before every runner command, e.g. an emulator such as
  /// `qemu-aarch64-static -L /usr/aarch64-linux-gnu`; empty runs the runner
  /// directly. Not read from the environment.
  std::string runnerPrefix;
  uint64_t seed = 0;
  bool seedOverridden = false;
  double rtol = 1e-4;
  /// S2S_STAGE: empty does everything; "build" compiles and links the
  /// cases only; "run" runs and compares cases built earlier in the same
  /// S2S_WORK_DIR (for machines without the compiler, e.g. a GPU server:
  /// scripts/gpu-check.sh).
  std::string stage;
};

/// Reads the build's defaults and the environment. `testName` names the
/// work directory (under the build tree) the test writes into.
Env loadEnv(const std::string &testName);

/// Non-empty reason when the test cannot run at all (s2sc not built...).
std::string skipReason(const Env &env);

std::string shellQuote(const std::string &s);
/// Runs `cmd` through the shell with stdout and stderr in `logPath`;
/// returns the exit status (-1 if it did not exit normally). `log` gets the
/// output when non-null.
int runCommand(const std::string &cmd, const std::string &logPath,
               std::string *log = nullptr);
bool writeFile(const std::string &path, const std::string &bytes);
bool readFile(const std::string &path, std::string &bytes);
/// Runs `cmd`, which writes `outPath` (its output in `logPath`), and
/// compares the file line by line with `want`; each difference (or a
/// failed run) is a "  MISMATCH ..." line in `log`. Returns their number.
int compareOutputLines(const std::string &cmd, const std::string &outPath,
                       const std::string &logPath, const std::vector<std::string> &want,
                       std::ostream &log);
/// Removes and recreates a directory.
bool freshDir(const std::string &path);

/// Whether an NVIDIA driver is installed (the Halide CUDA runtime dlopens
/// libcuda.so, TOOLCHAIN.md): CUDA libraries run, or fail with Halide's
/// message.
bool haveCudaDriver();

/// How to build and run for aarch64 on this x86 machine: the cross C
/// compiler (S2S_AARCH64_CC, default aarch64-linux-gnu-gcc), its extra link
/// flags (S2S_AARCH64_LDFLAGS) and what runs a program under qemu
/// (S2S_QEMU_AARCH64, default qemu-aarch64-static, with -L
/// S2S_AARCH64_SYSROOT, default /usr/aarch64-linux-gnu). False when one of
/// them is missing (scripts/install-deps.sh --tests installs them).
struct Aarch64Cross {
  std::string cc, ldflags, runnerPrefix, qemu, sysroot;
};
bool findAarch64Cross(Aarch64Cross &out);
/// A case's environment: `env` with the C++ package's link flags
/// (`cppSource`) and for `aarch64` the cross toolchain's, with its emulator
/// put before `runner` (a shell-quoted program). False when aarch64 is
/// asked for and findAarch64Cross finds no toolchain.
bool caseEnvironment(const Env &env, bool cppSource, bool aarch64, Env &out, std::string &runner);

/// Derives a case seed from the global seed and the case index.
uint64_t caseSeed(uint64_t global, int index);

/// A model compiled by s2sc plus its runner.
struct CompiledModel {
  std::string dir, name, runner;
  bool vectors = false; // vector source and vector target
  // The two sides apart (mixed models: tokens -> vectors, vectors ->
  // tokens). The C function follows the target kind, the type of `src`
  // the source kind.
  bool srcVectors = false, tgtVectors = false;
  /// Env::runnerPrefix at compile time: runTokens / runVectors put it
  /// before the runner.
  std::string runnerPrefix;
};

/// Writes DIR/spec.yaml and the weights, runs s2sc and links runner.c.
/// On failure returns false with the step, command and output in `err`.
/// `extraArgs` (already shell-quoted) go to s2sc after the usual ones.
bool compileModel(const Env &env, const s2sref::Model &m,
                  const s2sgen::WeightOptions &opts, const std::string &target,
                  const std::string &dir, CompiledModel &out, std::string &err,
                  const std::string &extraArgs = "");

/// The CompiledModel that compileModel made in `dir` earlier (S2S_STAGE=run):
/// false with `err` when its runner is missing.
bool reuseCompiledModel(const Env &env, const s2sref::Model &m, const std::string &dir,
                        CompiledModel &out, std::string &err);

/// Links an extra C program against a compiled model (same flags as the
/// runner).
bool linkCProgram(const Env &env, const CompiledModel &cm,
                  const std::string &source, const std::string &extraFlags,
                  const std::string &exe, std::string &err);

/// Inputs for a token model: src [batch][maxSrcLen], srcLen [batch].
struct TokenInputs {
  int batch = 1, maxSrcLen = 1;
  std::vector<int32_t> src, srcLen;
};

enum class Padding { InVocab, OutOfVocab, Zero };

/// Random valid tokens in [0, vocab) at positions < lens[b]; the padded
/// positions get `pad` values (which the model must never read).
TokenInputs makeTokenInputs(s2sgen::Rng &rng, const std::vector<int> &lens,
                            int maxSrcLen, int vocab, Padding pad);

struct TokenRun {
  int32_t rc = -1;
  bool guardsOk = false, nullLogitsSame = false, repeatSame = false;
  std::string error;
  std::vector<int32_t> out, outLen; // [batch][maxOut], [batch]
  std::vector<float> logits;        // [batch][maxOut][vocab]
};

bool runTokens(const CompiledModel &cm, const std::string &tag,
               const TokenInputs &in, int maxOut, int vocab, bool logits,
               TokenRun &run, std::string &err);

struct VectorInputs {
  int batch = 1, maxSrcLen = 1, dim = 1;
  std::vector<float> src; // [batch][maxSrcLen][dim]
  std::vector<int32_t> srcLen;
};

VectorInputs makeVectorInputs(s2sgen::Rng &rng, const std::vector<int> &lens,
                              int maxSrcLen, int dim);

/// A vector source with a token target (NAME_translate on float src).
bool runTokens(const CompiledModel &cm, const std::string &tag,
               const VectorInputs &in, int maxOut, int vocab, bool logits,
               TokenRun &run, std::string &err);

struct VectorRun {
  int32_t rc = -1;
  bool guardsOk = false, repeatSame = false;
  std::string error;
  std::vector<float> out; // [batch][steps][dim]
};

bool runVectors(const CompiledModel &cm, const std::string &tag,
                const VectorInputs &in, int steps, int dim, VectorRun &run,
                std::string &err);
/// A token source with a vector target (NAME_translate_vectors on int32
/// src).
bool runVectors(const CompiledModel &cm, const std::string &tag,
                const TokenInputs &in, int steps, int dim, VectorRun &run,
                std::string &err);

/// The reference for sequence `b` of either kind of input (exactly one of
/// `tin`, `vin` non-null, matching the model's source kind).
s2sref::TokenResult referenceTokens(const s2sref::Model &m,
                                    const TokenInputs *tin,
                                    const VectorInputs *vin, int b, int maxOut);
std::vector<std::vector<double>> referenceVectors(const s2sref::Model &m,
                                                  const TokenInputs *tin,
                                                  const VectorInputs *vin,
                                                  int b, int steps);

struct CompareStats {
  int sequences = 0, ties = 0, stoppedAtEos = 0, ranToLimit = 0;
  int failures = 0;
  /// Largest |got - want| / max(1, |want|) over the values compared (the
  /// headroom left under rtol).
  double maxError = 0;
};

/// |got - want| <= rtol * max(1, |want|).
bool close(double got, double want, double rtol);

/// Compares one sequence of a token run with the reference: tokens and
/// out_len exactly, logits (when given) within rtol for steps < out_len.
/// A token mismatch where the compiled pick is within tolerance of the
/// reference's best logit is a genuine near-tie: reported, not failed, and
/// the rest of the sequence is not compared. Messages go to `log`.
void compareTokenSequence(const std::string &label,
                          const s2sref::TokenResult &ref, const int32_t *out,
                          int32_t outLen, const float *logits, int vocab,
                          int steps, int eos, double rtol, CompareStats &stats,
                          std::ostream &log);

/// Compares one sequence of vector outputs ([steps][dim]).
void compareVectorSequence(const std::string &label,
                           const std::vector<std::vector<double>> &ref,
                           const float *out, int steps, int dim, double rtol,
                           CompareStats &stats, std::ostream &log);

/// Checks the API-level flags of a run (rc, canaries, NULL-logits path,
/// repeatability). Returns false (and logs) on a problem.
bool checkRunFlags(const std::string &label, const TokenRun &run,
                   std::ostream &log);

//===----------------------------------------------------------------------===//
// Case suites
//===----------------------------------------------------------------------===//

/// Which ends the reference decodes of a token case should show: EOS stops
/// (after at least 3 tokens), runs to max_length, or both within the batch.
enum class Ending { Mix, Eos, Limit, Any };

/// One model compiled for one target and run on one batch of inputs, twice:
/// with max_out = max_length (steps = max_length for vectors) and with
/// `otherMaxOut`.
struct ModelCase {
  std::string id; // also the model name and the work directory
  s2sgen::ModelShape shape;
  s2sgen::WeightOptions weights;
  std::string target;
  int maxSrcLen = 1;
  std::vector<int> lens; // one source length per sequence
  Padding pad = Padding::InVocab;
  int otherMaxOut = 4;
  Ending want = Ending::Mix;
  /// Cross builds. A non-empty `cc` links this case's runner with that C
  /// compiler and `runnerLdflags` (in place of S2S_CC and
  /// S2S_RUNNER_LDFLAGS); a non-empty `runnerPrefix` runs the runner behind
  /// it (Env::runnerPrefix). Empty: the suite's defaults.
  std::string cc, runnerLdflags, runnerPrefix;
  /// Build the case from `s2sc --emit=cpp` sources (Env::cppSource), with
  /// this C++ compiler and ar when non-empty.
  bool cppSource = false;
  std::string cxx, ar;
};

/// The small token model most cases start from: vocabularies 15 / 17,
/// embeddings 6 / 7, batch 3 with lengths {6, 3, 1} and out-of-vocabulary
/// padding, a second run at max_out 3, both kinds of ending wanted.
ModelCase smallTokenCase(const std::string &id, int hidden, s2sgen::Layout layout,
                         const std::string &target);

/// Shifts the EOS output bias (keeping it exact in `dtype`) until the
/// reference decodes of `in` end as `want` says. Returns the shift, or NAN
/// (bias restored) when no shift in [-8, 8] works.
double tuneEos(s2sref::Model &m, const TokenInputs &in, Ending want,
               s2sgen::DType dtype);
/// The same for a vector source with a token target.
double tuneEos(s2sref::Model &m, const VectorInputs &in, Ending want,
               s2sgen::DType dtype);

/// A case made concrete: its seed, inputs (`tin` for a token source, `vin`
/// for a vector source) and the model whose reference decodes end as the
/// case wants (weights redrawn up to 16 times, then the EOS bias shifted).
struct PreparedCase {
  uint64_t seed = 0;
  s2sref::Model model;
  TokenInputs tin;
  VectorInputs vin;
  double eosShift = 0; // NAN when no draw ended as wanted
  int draw = 0;        // weight draws used
};

/// What runCaseSuite does before compiling case number `index`.
PreparedCase prepareCase(const Env &env, const ModelCase &c, int index);

struct SuiteOptions {
  /// The token cases together must contain EOS stops and max-length runs
  /// (checked for the default seed only).
  bool requireBothEndings = false;
  /// A case that s2sc rejects with a "not supported" diagnostic is
  /// reported as unsupported instead of failed; if there are such cases and
  /// no failures the suite prints `[SKIP]` (listing them), not `Success!`.
  bool allowUnsupported = false;
  /// Called after the last case, before the verdict: may print (to the
  /// stream) and returns the number of further failures (e.g. a coverage
  /// claim about the case list that does not hold).
  std::function<int(std::ostream &)> finalCheck;
  /// Called after a case compiled and its runner linked, before it runs: a
  /// non-empty message fails the case (which then does not run), e.g. when
  /// the library holds objects for the wrong architecture.
  std::function<std::string(const ModelCase &, const CompiledModel &)>
      checkCompiled;
};

/// Runs every case (honouring S2S_CASES, S2S_TARGET, S2S_SEED), prints one
/// summary per case and `Success!`, `[SKIP] ...` or `FAILED`; returns the
/// exit status.
int runCaseSuite(const std::string &testName,
                 const std::vector<ModelCase> &cases,
                 const SuiteOptions &options);

} // namespace s2sharness

#endif // S2S_TEST_NUMERICAL_HARNESS_H
