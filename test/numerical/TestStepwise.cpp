//===- TestStepwise.cpp - The step-wise API against the compiled search ---===//
///
/// Each case compiles a model, links step_runner.c and has it decode with
/// the step-wise API (NAME_state_create, NAME_encode, NAME_decode_step(_vectors),
/// NAME_state_select): a greedy loop that drops ended rows from the state,
/// the vector loop, or a caller-side beam search written from SEMANTICS.md
/// 4. Its results must be identical to the model's own call on the same
/// sources (NAME_translate with its logits bit for bit, NAME_translate_vectors
/// bit for bit, NAME_translate_nbest's hypotheses exactly and scores within
/// 1e-4), which the other numerical tests check against the reference.
///
/// Every case also makes the calls the checks must refuse (bad sizes, NULL
/// pointers, rows past the state or holding no decoder state, token ids
/// outside the vocabulary, something that is not a state) and compares
/// status and message; one links a second model whose states must be
/// refused too.
///
/// Cases: greedy token models with peek (concat, add), every first_input
/// and init_state, several layers, a context projection, the folded input
/// projection with peek, mixed source and target kinds, vector models,
/// beam models (K 1..4, every length penalty, ragged batches with rows
/// ending at different steps), an `--emit=cpp` package, AVX2, a
/// multi-target library (avx512,avx2), aarch64 under qemu (skipped where the cross
/// toolchain is missing) and CUDA (built and linked; run where a driver is).
///
/// Prints `Success!`, or `[SKIP] reason` when s2sc is not built.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <iostream>
#include <sstream>

using namespace s2sharness;
using s2sref::LengthPenalty;

namespace {

struct StepCase {
  std::string id;
  s2sgen::ModelShape shape;
  s2sgen::WeightOptions weights;
  int width = 0; // beam K; 0: greedy
  LengthPenalty penalty = LengthPenalty::None;
  double alpha = 1.0;
  std::vector<int> lens = {5, 2, 7};
  int maxOut = 10, nBest = 1;
  std::string target = "host";
  bool cppSource = false, aarch64 = false;
  /// Link a second model: its states must be refused.
  bool other = false;
};

StepCase makeCase(const std::string &id) {
  StepCase c;
  c.id = c.shape.name = id;
  c.shape.maxLength = 9;
  c.shape.eosBias = 1.0; // rows end at different steps
  return c;
}

StepCase beamCase(const std::string &id, int width, LengthPenalty penalty, double alpha,
                  int nBest) {
  StepCase c = makeCase(id);
  c.width = width;
  c.penalty = penalty;
  c.alpha = alpha;
  c.nBest = nBest;
  c.shape.tgtVocab = 9;
  c.maxOut = 8;
  return c;
}

std::vector<StepCase> cases() {
  std::vector<StepCase> cs;
  {
    StepCase c = makeCase("greedy_other_model");
    c.other = true;
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("greedy_l2_peek_concat_context");
    c.shape.encLayers = c.shape.decLayers = 2;
    c.weights.encoder = "encoder.{layer}";
    c.weights.decoder = "decoder.{layer}";
    c.shape.peek = s2sref::Peek::Concat;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.tgtEmbed = 8; // the context (encoder hidden) is y_0
    c.lens = {4, 7, 1, 3};
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("greedy_peek_add_zeros_init_zeros");
    c.shape.peek = s2sref::Peek::Add;
    c.shape.firstInput = s2sref::FirstInput::Zeros;
    c.shape.initState = s2sref::InitState::Zeros;
    c.maxOut = 6; // below max_length
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("greedy_l2_init_top_projection_tanh");
    c.shape.decLayers = 2;
    c.weights.decoder = "decoder.{layer}";
    c.shape.initState = s2sref::InitState::Top;
    c.shape.contextProjection = 6;
    c.shape.peek = s2sref::Peek::Concat;
    c.shape.decGate = s2sref::Gate::HardSigmoid;
    cs.push_back(c);
  }
  {
    // Large enough for the folded input projection (a [V, 4H] table), with
    // peek: the gathered rows plus the context's share.
    StepCase c = makeCase("greedy_folded_peek");
    c.shape.encHidden = c.shape.decHidden = 128;
    c.shape.tgtEmbed = 128;
    c.shape.tgtVocab = 40;
    c.shape.peek = s2sref::Peek::Concat;
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("vectors_peek_context");
    c.shape.srcTokens = c.shape.tgtTokens = false;
    c.shape.srcDim = 5;
    c.shape.tgtDim = 4;
    c.shape.activation = s2sref::Activation::Tanh;
    c.shape.peek = s2sref::Peek::Concat;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.tgtDim = c.shape.encHidden; // y_0 = C
    c.maxOut = 12;                      // past max_length
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("tokens_to_vectors");
    c.shape.tgtTokens = false;
    c.shape.tgtDim = 3;
    c.shape.firstInput = s2sref::FirstInput::Zeros;
    cs.push_back(c);
    c = makeCase("vectors_to_tokens_avx2");
    c.shape.srcTokens = false;
    c.shape.srcDim = 6;
    c.target = "avx2";
    cs.push_back(c);
  }
  {
    StepCase c = beamCase("beam_k1", 1, LengthPenalty::None, 1.0, 1);
    cs.push_back(c);
  }
  {
    StepCase c = beamCase("beam_k3_gnmt_ragged", 3, LengthPenalty::Gnmt, 0.6, 3);
    c.lens = {6, 1, 4, 3};
    cs.push_back(c);
  }
  {
    StepCase c = beamCase("beam_k4_avg_l2_peek_concat_context", 4, LengthPenalty::Avg, 1.0, 2);
    c.shape.encLayers = c.shape.decLayers = 2;
    c.weights.encoder = "encoder.{layer}";
    c.weights.decoder = "decoder.{layer}";
    c.shape.peek = s2sref::Peek::Concat;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.tgtEmbed = 8;
    cs.push_back(c);
  }
  {
    StepCase c = beamCase("beam_k2_peek_add_zeros", 2, LengthPenalty::None, 1.0, 2);
    c.shape.peek = s2sref::Peek::Add;
    c.shape.firstInput = s2sref::FirstInput::Zeros;
    c.shape.initState = s2sref::InitState::Zeros;
    c.maxOut = 5;
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("greedy_peek_cpp");
    c.shape.peek = s2sref::Peek::Concat;
    c.cppSource = true;
    cs.push_back(c);
    c = beamCase("beam_k3_avg_cpp", 3, LengthPenalty::Avg, 0.8, 3);
    c.cppSource = true;
    cs.push_back(c);
  }
  {
    StepCase c = makeCase("greedy_multi_target");
    c.shape.peek = s2sref::Peek::Concat;
    c.target = "avx512,avx2";
    cs.push_back(c);
    c = beamCase("beam_k3_gnmt_aarch64", 3, LengthPenalty::Gnmt, 0.6, 3);
    c.shape.peek = s2sref::Peek::Concat;
    c.target = "aarch64";
    c.aarch64 = true;
    cs.push_back(c);
    c = beamCase("beam_k3_gnmt_cuda", 3, LengthPenalty::Gnmt, 0.6, 3);
    c.target = "cuda";
    cs.push_back(c);
    c = makeCase("vectors_cuda");
    c.shape.srcTokens = c.shape.tgtTokens = false;
    c.shape.srcDim = c.shape.tgtDim = 4;
    c.shape.firstInput = s2sref::FirstInput::Zeros;
    c.target = "cuda";
    cs.push_back(c);
  }
  return cs;
}

/// The runner's macros for the model's kind.
std::string kindFlags(const StepCase &c, const s2sref::Model &m) {
  std::ostringstream f;
  if (!c.shape.srcTokens)
    f << " -DSRC_VECTORS -DSRC_DIM=" << c.shape.srcDim;
  if (c.shape.tgtTokens)
    f << " -DVOCAB=" << c.shape.tgtVocab << " -DEOS=" << c.shape.eos;
  else
    f << " -DTGT_VECTORS -DTGT_DIM=" << c.shape.tgtDim;
  f << " -DMAX_LENGTH=" << c.shape.maxLength;
  if (c.width > 0)
    f << " -DBEAM=" << c.width << " -DLP=" << int(m.lengthPenalty) << " -DALPHA=" << m.alpha;
  return f.str();
}

/// The input file: sizes, the sources, their lengths.
std::string inputText(const StepCase &c, const s2sref::Model &m, uint64_t seed) {
  int maxSrcLen = 1;
  for (int len : c.lens)
    maxSrcLen = std::max(maxSrcLen, len);
  std::ostringstream text;
  text << c.lens.size() << " " << maxSrcLen << " " << c.maxOut << " " << c.nBest << "\n";
  s2sgen::Rng rng(seed ^ 0x5eed);
  if (c.shape.srcTokens) {
    TokenInputs in = makeTokenInputs(rng, c.lens, maxSrcLen, m.srcVocab, Padding::OutOfVocab);
    for (int32_t v : in.src)
      text << v << " ";
  } else {
    VectorInputs in = makeVectorInputs(rng, c.lens, maxSrcLen, c.shape.srcDim);
    text.precision(9);
    for (float v : in.src)
      text << v << " ";
  }
  text << "\n";
  for (int len : c.lens)
    text << len << " ";
  text << "\n";
  return text.str();
}

/// The refused calls' lines as errorCalls in step_runner.c makes them.
std::vector<std::string> expectedErrors(const StepCase &c, int maxSrcLen) {
  const std::string &n = c.id;
  std::string msl = std::to_string(maxSrcLen);
  std::string notState = "1 state is not a state of " + n + " (made by " + n + "_state_create)";
  std::vector<std::string> want = {
      "null rows must be >= 1, got 0",
      "null max_src_len must be >= 1, got 0",
      "null",
      "1 row 0 of the state holds no decoder state (0 do): encode or select it first",
      "1 state is NULL",
      "1 batch = 3 is outside 1..2 (the state's rows)",
      "1 max_src_len = " + std::to_string(maxSrcLen + 1) + " is more than the state's " + msl,
      "1 src is NULL",
      "1",
      "0 ",
      "1 row 1 of the state holds no decoder state (1 do): encode or select it first",
      "1 n = 3 is outside 1..2 (the state's rows)",
      "1 n = 0 is outside 1..2 (the state's rows)",
      c.shape.tgtTokens ? "1 logits is NULL" : "1 out is NULL"};
  if (c.shape.tgtTokens) {
    std::string v = std::to_string(c.shape.tgtVocab);
    std::string range =
        " is outside the target vocabulary 0.." + std::to_string(c.shape.tgtVocab - 1);
    want.push_back("1 prev[0] = " + v + range);
    want.push_back("1 prev[0] = -1" + range);
  }
  for (const std::string &line :
       {std::string("1 from is NULL"),
        std::string("1 from[0] = 1 is not a row holding a decoder state (0..0)"),
        std::string("1 n = 3 is outside 1..2 (the state's rows)"), std::string("0 "),
        std::string("0 "), notState})
    want.push_back(line);
  if (c.other) {
    want.push_back(notState);
    want.push_back(notState);
  }
  want.push_back("1");
  want.push_back("end");
  return want;
}

int checkErrors(const StepCase &c, const std::string &runner, const std::string &dir, int maxSrcLen,
                std::ostream &log) {
  std::string cmd = runner + " " + shellQuote(dir + "/step.in") + " " +
                    shellQuote(dir + "/errors.out") + " errors";
  return compareOutputLines(cmd, dir + "/errors.out", dir + "/errors.log",
                            expectedErrors(c, maxSrcLen), log);
}

} // namespace

int main() {
  Env env = loadEnv("TestStepwise");
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  int failed = 0, ran = 0, index = 0;
  long compared = 0;
  for (const StepCase &c : cases()) {
    ++index;
    if (!env.caseFilter.empty() && c.id.find(env.caseFilter) == std::string::npos)
      continue;
    ++ran;
    uint64_t seed = caseSeed(env.seed, index);
    s2sref::Model m = s2sgen::randomModel(c.shape, seed, c.weights);
    if (c.width > 0) {
      m.beamWidth = c.width;
      m.lengthPenalty = c.penalty;
      m.alpha = c.alpha;
    }
    std::string dir = env.workDir + "/" + c.id, err, flags = kindFlags(c, m);
    std::string runner = shellQuote(dir + "/step_runner");
    Env caseEnv;
    if (!caseEnvironment(env, c.cppSource, c.aarch64, caseEnv, runner)) {
      std::cout << "skip " << c.id << ": no aarch64 cross compiler or qemu\n";
      continue;
    }
    bool ok = freshDir(dir);
    CompiledModel cm, other;
    if (ok && c.other) {
      // A second, different model in the same program.
      s2sgen::ModelShape shape = c.shape;
      shape.name = c.id + "_second";
      shape.decHidden = shape.encHidden = 6;
      s2sref::Model second = s2sgen::randomModel(shape, seed + 1, c.weights);
      ok = compileModel(caseEnv, second, c.weights, c.target, dir + "/second", other, err);
      flags +=
          " -include " + shellQuote(other.dir + "/" + other.name + ".h") + " -DOTHER=" + other.name;
      caseEnv.runnerLdflags =
          shellQuote(other.dir + "/lib" + other.name + ".a") + " " + caseEnv.runnerLdflags;
    }
    int maxSrcLen = *std::max_element(c.lens.begin(), c.lens.end());
    ok = ok && compileModel(caseEnv, m, c.weights, c.target, dir + "/lib", cm, err) &&
         linkCProgram(caseEnv, cm, env.sourceDir + "/step_runner.c", flags, dir + "/step_runner",
                      err) &&
         writeFile(dir + "/step.in", inputText(c, m, seed));
    if (ok && c.target == "cuda" && !haveCudaDriver()) {
      std::cout << "built " << c.id << " (no CUDA driver here to run it)\n";
      continue;
    }
    std::ostringstream log;
    int failures = 0;
    std::string output, runLog;
    std::string cmd =
        runner + " " + shellQuote(dir + "/step.in") + " " + shellQuote(dir + "/step.out");
    if (ok && (runCommand(cmd, dir + "/step.log", &runLog) != 0 ||
               !readFile(dir + "/step.out", output))) {
      ok = false;
      err = "step_runner failed: " + cmd + "\n" + runLog;
    }
    if (ok) {
      std::istringstream lines(output);
      std::string line;
      bool done = false;
      while (std::getline(lines, line)) {
        if (line.rfind("MISMATCH", 0) == 0) {
          log << "  " << line << "\n";
          ++failures;
        } else if (line.rfind("compared ", 0) == 0) {
          long n = std::stol(line.substr(9));
          compared += n;
          done = n > 0;
        }
      }
      if (!done) {
        log << "  MISMATCH the runner compared nothing\n";
        ++failures;
      }
      failures += checkErrors(c, runner, dir, maxSrcLen, log);
    }
    failures += !ok;
    std::cout << (failures ? "FAIL " : "ok   ") << c.id << " (seed " << seed << ")\n" << log.str();
    if (!ok)
      std::cout << "  " << err << "\n";
    failed += failures != 0;
  }
  if (failed) {
    std::cout << failed << " of " << ran << " cases failed\n";
    return 1;
  }
  std::cout << ran << " cases, " << compared << " rows or hypotheses compared\nSuccess!\n";
  return 0;
}
