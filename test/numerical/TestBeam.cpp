//===- TestBeam.cpp - Beam-search models vs the reference beam search ---===//
///
/// Each case compiles a beam-search model (s2sc, its spec's `search` keys),
/// links beam_runner.c and compares NAME_translate_nbest with the
/// reference beam search of Reference.cpp (written from SEMANTICS.md 4, in
/// double precision): per row and rank, the tokens and length exactly, the
/// ranking score within 1e-4 (relative, at least absolute 1e-4), rows with
/// fewer finished hypotheses than n_best as length 0. NAME_translate must
/// give the first of them, nothing may be written past a buffer, and the
/// call without scores must give the same hypotheses. K = 1 must equal the
/// greedy reference token for token. n_best outside 1..K and logits given
/// to NAME_translate must be refused with their messages.
///
/// Cases sweep K (1..5, K past the vocabulary's non-EOS tokens), every
/// length penalty, n_best below K, peek (concat, add), first_input (bos,
/// context, zeros), init_state, several layers, ragged batches whose rows
/// finish at different steps (a raised EOS bias) and max_out below
/// max_length; one case is an `--emit=cpp` package, and one model is
/// compiled for every other target: a multi-target library (avx512,avx2),
/// aarch64 (cross-linked, run under qemu-aarch64-static; skipped where
/// either is missing) and CUDA (built and linked; run where a driver is).
///
/// Prints `Success!`, or `[SKIP] reason` when s2sc is not built.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace s2sharness;
using s2sref::LengthPenalty;

namespace {

struct BeamCase {
  std::string id;
  s2sgen::ModelShape shape;
  s2sgen::WeightOptions weights;
  int width = 4;
  LengthPenalty penalty = LengthPenalty::None;
  double alpha = 1.0;
  std::vector<int> lens;
  int maxSrcLen = 1, maxOut = 10, nBest = 1;
  std::string target = "host";
  bool cppSource = false;
  /// aarch64: cross-linked and run under qemu (findAarch64Cross).
  bool aarch64 = false;
};

BeamCase makeCase(const std::string &id, int width, LengthPenalty penalty, double alpha,
                  std::vector<int> lens, int nBest) {
  BeamCase c;
  c.id = c.shape.name = id;
  c.width = width;
  c.penalty = penalty;
  c.alpha = alpha;
  c.lens = std::move(lens);
  for (int len : c.lens)
    c.maxSrcLen = std::max(c.maxSrcLen, len);
  c.nBest = nBest;
  c.shape.maxLength = c.maxOut = 8;
  c.shape.tgtVocab = 9;
  c.shape.eosBias = 1.0; // some hypotheses end early
  return c;
}

std::vector<BeamCase> cases() {
  std::vector<BeamCase> cs;
  {
    // K = 1 is greedy.
    BeamCase c = makeCase("k1", 1, LengthPenalty::None, 1.0, {5, 2, 7}, 1);
    c.shape.eosBias = 0.5;
    cs.push_back(c);
  }
  cs.push_back(makeCase("k3_gnmt_ragged", 3, LengthPenalty::Gnmt, 0.6, {6, 1, 4, 3}, 3));
  {
    BeamCase c = makeCase("k4_avg_l2_peek_concat_context", 4, LengthPenalty::Avg, 1.0, {4, 7}, 2);
    c.shape.encLayers = c.shape.decLayers = 2;
    c.weights.encoder = "encoder.{layer}";
    c.weights.decoder = "decoder.{layer}";
    c.shape.peek = s2sref::Peek::Concat;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.tgtEmbed = 8; // the context (encoder hidden) is fed as y_0
    cs.push_back(c);
  }
  {
    BeamCase c = makeCase("k2_none_peek_add_zeros", 2, LengthPenalty::None, 1.0, {3, 5, 2}, 2);
    c.shape.peek = s2sref::Peek::Add;
    c.shape.firstInput = s2sref::FirstInput::Zeros;
    c.shape.initState = s2sref::InitState::Zeros;
    c.maxOut = 5; // below max_length
    cs.push_back(c);
  }
  {
    // K past the vocabulary: 3 non-EOS tokens, so the first step keeps 3.
    BeamCase c = makeCase("k5_vocab4", 5, LengthPenalty::Avg, 0.5, {2, 6}, 5);
    c.shape.tgtVocab = 4;
    c.shape.bos = 0;
    c.shape.eos = 3;
    c.shape.maxLength = c.maxOut = 5;
    cs.push_back(c);
    // One step: 1 EOS and 3 live hypotheses finish, fewer than n_best = 5.
    c.id = c.shape.name = "k5_vocab4_one_step";
    c.maxOut = 1;
    cs.push_back(c);
  }
  {
    BeamCase c = makeCase("k4_gnmt_h32_cpp", 4, LengthPenalty::Gnmt, 1.2, {8, 3}, 4);
    c.shape.encHidden = c.shape.decHidden = 32;
    c.shape.tgtVocab = 40;
    c.shape.maxLength = 12;
    c.maxOut = 12;
    c.cppSource = true;
    cs.push_back(c);
  }
  {
    // Every target: a multi-target library (AVX-512 where the CPU has it,
    // else AVX2), aarch64 under qemu, and CUDA (run where a driver is).
    BeamCase c = makeCase("k4_gnmt_multi_target", 4, LengthPenalty::Gnmt, 0.6, {5, 2, 7}, 4);
    c.shape.peek = s2sref::Peek::Concat;
    c.target = "avx512,avx2";
    cs.push_back(c);
    c.id = c.shape.name = "k4_gnmt_aarch64";
    c.target = "aarch64";
    c.aarch64 = true;
    cs.push_back(c);
    c.id = c.shape.name = "k4_gnmt_cuda";
    c.target = "cuda";
    c.aarch64 = false;
    cs.push_back(c);
  }
  return cs;
}

struct RunResult {
  int rcNbest = -1, rcBest = -1, guards = 0;
  std::vector<int> lengths, tokens, bestLengths, bestTokens;
  std::vector<double> scores;
  std::string error;
};

bool runBeam(const std::string &runner, const std::string &dir, const TokenInputs &in, int maxOut,
             int nBest, RunResult &r, std::string &err) {
  // runner: the command, an emulator before the program where one is needed.
  std::ostringstream text;
  text << in.batch << " " << in.maxSrcLen << " " << maxOut << " " << nBest << "\n";
  for (int32_t v : in.src)
    text << v << " ";
  text << "\n";
  for (int32_t v : in.srcLen)
    text << v << " ";
  text << "\n";
  std::string inPath = dir + "/beam.in", outPath = dir + "/beam.out";
  if (!writeFile(inPath, text.str())) {
    err = "cannot write " + inPath;
    return false;
  }
  std::string log;
  std::string cmd = runner + " " + shellQuote(inPath) + " " + shellQuote(outPath);
  if (runCommand(cmd, dir + "/beam.log", &log) != 0) {
    err = "beam_runner failed: " + cmd + "\n" + log;
    return false;
  }
  std::ifstream out(outPath);
  out >> r.rcNbest >> r.rcBest >> r.guards;
  for (int h = 0; h < in.batch * nBest; ++h) {
    int len = 0;
    double score = 0;
    out >> len >> score;
    r.lengths.push_back(len);
    r.scores.push_back(score);
    for (int t = 0; t < maxOut; ++t) {
      int v = 0;
      out >> v;
      r.tokens.push_back(v);
    }
  }
  for (int b = 0; b < in.batch; ++b) {
    int len = 0;
    out >> len;
    r.bestLengths.push_back(len);
    for (int t = 0; t < maxOut; ++t) {
      int v = 0;
      out >> v;
      r.bestTokens.push_back(v);
    }
  }
  std::getline(out >> std::ws, r.error);
  if (!out && !out.eof()) {
    err = "malformed beam_runner output " + outPath;
    return false;
  }
  return true;
}

/// The calls the beam checks refuse: each must fail with its message.
int checkErrors(const std::string &runner, const std::string &dir, int width,
                std::ostream &log) {
  std::string cmd = runner + " " + shellQuote(dir + "/beam.in") + " " +
                    shellQuote(dir + "/errors.out") + " " + std::to_string(width);
  std::string k = std::to_string(width);
  return compareOutputLines(
      cmd, dir + "/errors.out", dir + "/errors.log",
      {"1 n_best must be in 1.." + k + " (beam_width), got 0",
       "1 n_best must be in 1.." + k + " (beam_width), got " + std::to_string(width + 1),
       "1 logits must be NULL: a beam-search model has no per-step logits (its "
       "_translate_nbest gives scores)"},
      log);
}

std::string join(const std::vector<int> &v) {
  std::string s;
  for (int x : v)
    s += (s.empty() ? "" : " ") + std::to_string(x);
  return s;
}

/// Compares one case's run with the reference; returns the mismatches.
int compare(const BeamCase &c, const s2sref::Model &m, const TokenInputs &in, const RunResult &r,
            std::ostream &log) {
  int failures = 0;
  auto fail = [&](const std::string &what) {
    if (++failures <= 10)
      log << "  MISMATCH " << what << "\n";
  };
  if (r.rcNbest != 0 || r.rcBest != 0) {
    fail("status " + std::to_string(r.rcNbest) + "/" + std::to_string(r.rcBest) + ": " + r.error);
    return failures;
  }
  if (!r.guards)
    fail("a buffer was written past its end, or the call without scores differed");
  for (int b = 0; b < in.batch; ++b) {
    s2sref::EncoderState enc = s2sref::encode(m, &in.src[size_t(b) * in.maxSrcLen], nullptr,
                                              in.srcLen[b]);
    std::vector<s2sref::Hypothesis> want =
        s2sref::beamSearch(m, enc, c.width, c.penalty, c.alpha, c.maxOut, c.nBest);
    for (int o = 0; o < c.nBest; ++o) {
      size_t h = size_t(b) * c.nBest + o;
      std::vector<int> got(r.tokens.begin() + h * c.maxOut,
                           r.tokens.begin() + h * c.maxOut + r.lengths[h]);
      std::string where = "row " + std::to_string(b) + " rank " + std::to_string(o);
      if (size_t(o) >= want.size()) {
        if (r.lengths[h] != 0)
          fail(where + ": expected no hypothesis, got [" + join(got) + "]");
        continue;
      }
      const s2sref::Hypothesis &w = want[o];
      if (got != w.tokens)
        fail(where + ": tokens [" + join(got) + "], reference [" + join(w.tokens) + "]");
      double tol = 1e-4 * std::max(1.0, std::fabs(w.rankScore));
      if (std::fabs(r.scores[h] - w.rankScore) > tol)
        fail(where + ": score " + std::to_string(r.scores[h]) + ", reference " +
             std::to_string(w.rankScore));
      for (int t = r.lengths[h]; t < c.maxOut; ++t)
        if (r.tokens[h * c.maxOut + t] != m.eos) {
          fail(where + ": no EOS padding at " + std::to_string(t));
          break;
        }
    }
    // NAME_translate: the best hypothesis.
    size_t first = size_t(b) * c.nBest;
    if (r.bestLengths[b] != r.lengths[first] ||
        !std::equal(r.bestTokens.begin() + size_t(b) * c.maxOut,
                    r.bestTokens.begin() + size_t(b + 1) * c.maxOut,
                    r.tokens.begin() + first * c.maxOut))
      fail("row " + std::to_string(b) + ": NAME_translate differs from the best hypothesis");
    if (c.width == 1) {
      s2sref::TokenResult greedy =
          s2sref::translateTokens(m, &in.src[size_t(b) * in.maxSrcLen], in.srcLen[b], c.maxOut);
      if (greedy.tokens != want[0].tokens)
        fail("row " + std::to_string(b) + ": the reference beam with K = 1 is not greedy");
    }
  }
  return failures;
}

} // namespace

int main() {
  Env env = loadEnv("TestBeam");
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  int failed = 0, ran = 0, index = 0, finishedEarly = 0, fewer = 0;
  for (const BeamCase &c : cases()) {
    ++index;
    if (!env.caseFilter.empty() && c.id.find(env.caseFilter) == std::string::npos)
      continue;
    ++ran;
    uint64_t seed = caseSeed(env.seed, index);
    const s2sgen::WeightOptions &weights = c.weights;
    s2sref::Model m = s2sgen::randomModel(c.shape, seed, weights);
    m.beamWidth = c.width;
    m.lengthPenalty = c.penalty;
    m.alpha = c.alpha;
    std::string dir = env.workDir + "/" + c.id, err;
    std::string runner = shellQuote(dir + "/beam_runner");
    Env caseEnv;
    if (!caseEnvironment(env, c.cppSource, c.aarch64, caseEnv, runner)) {
      std::cout << "skip " << c.id << ": no aarch64 cross compiler or qemu\n";
      continue;
    }
    // CUDA: compiled and linked everywhere, run where a driver is.
    const bool run = c.target != "cuda" || haveCudaDriver();
    CompiledModel cm;
    RunResult r;
    s2sgen::Rng rng(seed ^ 0x5eed);
    TokenInputs in = makeTokenInputs(rng, c.lens, c.maxSrcLen, m.srcVocab, Padding::OutOfVocab);
    bool ok =
        freshDir(dir) && compileModel(caseEnv, m, weights, c.target, dir + "/lib", cm, err) &&
        linkCProgram(caseEnv, cm, env.sourceDir + "/beam_runner.c", "", dir + "/beam_runner", err);
    if (ok && !run) {
      std::cout << "built " << c.id << " (no CUDA driver here to run it)\n";
      continue;
    }
    ok = ok && runBeam(runner, dir, in, c.maxOut, c.nBest, r, err);
    std::ostringstream log;
    int failures = ok ? compare(c, m, in, r, log) : 1;
    if (ok)
      failures += checkErrors(runner, dir, c.width, log);
    for (size_t h = 0; ok && h < r.lengths.size(); ++h) {
      finishedEarly += r.lengths[h] > 0 && r.lengths[h] < c.maxOut;
      fewer += r.lengths[h] == 0;
    }
    std::cout << (failures ? "FAIL " : "ok   ") << c.id << " (seed " << seed << ")\n"
              << log.str();
    if (!ok)
      std::cout << "  " << err << "\n";
    failed += failures != 0;
  }
  // The cases must reach what they are for: early EOS and fewer than n_best.
  if (env.caseFilter.empty() && !env.seedOverridden && (finishedEarly == 0 || fewer == 0)) {
    std::cout << "FAIL coverage: " << finishedEarly << " hypotheses ended by EOS, " << fewer
              << " ranks empty; both must be > 0\n";
    ++failed;
  }
  if (failed) {
    std::cout << failed << " of " << ran << " cases failed\n";
    return 1;
  }
  std::cout << ran << " cases\nSuccess!\n";
  return 0;
}
