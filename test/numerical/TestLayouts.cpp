//===- TestLayouts.cpp - One model, five weight layouts --------*- C++ -*-===//
///
/// SPEC.md "Leaf names per layout", SEMANTICS.md section 6: one canonical
/// model exported into every layout (canonical, pytorch, flax, keras, onnx;
/// permuted, transposed, split per gate or into two biases the way each
/// framework stores it) must compile into libraries that give identical
/// results. For three models
///   - tokens -> tokens, 2 layers, H 20, peek concat, context projection;
///   - tokens -> vectors, 1 layer, H 12, peek add, tanh readout;
///   - vectors -> tokens, 3 layers, H 16, F16 weights in the file;
/// this exports the SAME weights into all five layouts, compiles all five,
/// runs the same batch (3 sequences of unequal lengths, twice: max_length
/// and a shorter max_out / steps) and requires
///   (a) all five libraries' outputs (tokens, out_len and logits, or the
///       vectors) to be bit-identical to each other, and
///   (b) the canonical library to match the double-precision reference
///       (relative tolerance 1e-4, S2S_RTOL).
///
/// Bit-identity is a fair demand because the only arithmetic the import
/// does is the bias sum of the two-bias layouts (pytorch b_ih + b_hh, onnx
/// Wb + Rb), and the split below makes that sum exact in float: each bias
/// b is split into a high part (b rounded to a few significant bits) and
/// the low remainder, both exactly representable in the file's dtype, so
/// b_ih + b_hh == b whatever the order or precision of the addition. The
/// other layouts only move values. After the import all five models are
/// the same canonical f32 tensors, so any difference in the results is an
/// import bug (a wrong permutation, transpose, gate order or bias), not
/// rounding.
///
/// The 15 compilations run in parallel (one per CPU, at most 8). Honours
/// S2SC, S2S_SEED, S2S_RTOL, S2S_CASES (model ids), S2S_TARGET and
/// S2S_WORK_DIR as the other numerical tests do. Prints `Success!`, or
/// `[SKIP] reason` without s2sc.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

using namespace s2sharness;
using s2sgen::DType;
using s2sgen::Layout;
using s2sref::Activation;
using s2sref::FirstInput;
using s2sref::Gate;
using s2sref::Peek;

namespace {

const char *kAvx2 = "x86-64-linux-avx2-fma-f16c-sse41";

const Layout kLayouts[] = {Layout::Canonical, Layout::PyTorch, Layout::Flax,
                           Layout::Keras, Layout::Onnx};
const int kNumLayouts = 5;

//===----------------------------------------------------------------------===//
// The models
//===----------------------------------------------------------------------===//

ModelCase baseCase(const std::string &id, int hidden) {
  // Canonical: randomModel draws one bias per layer (b_hh = 0); the split
  // for the two-bias layouts is made below, identically for both.
  return smallTokenCase(id, hidden, Layout::Canonical, kAvx2);
}

std::vector<ModelCase> cases() {
  std::vector<ModelCase> cs;
  {
    // Cho et al.: [y ; C] into a 2-layer decoder, C projected.
    ModelCase c = baseCase("layouts_tok_l2_h20_concat_ctx", 20);
    c.shape.encLayers = c.shape.decLayers = 2;
    c.shape.peek = Peek::Concat;
    c.shape.contextProjection = 6;
    cs.push_back(c);
  }
  {
    // Token source, vector target: y + C fed back through a tanh readout.
    ModelCase c = baseCase("layouts_tok2vec_l1_h12_tanh", 12);
    c.shape.tgtTokens = false;
    c.shape.tgtDim = 12; // == C (peek add, first_input context)
    c.shape.peek = Peek::Add;
    c.shape.firstInput = FirstInput::Context; // the default for vectors
    c.shape.activation = Activation::Tanh;
    c.shape.decGate = Gate::HardSigmoid;
    c.shape.maxLength = 7;
    c.lens = {4, 6, 2};
    c.want = Ending::Any;
    cs.push_back(c);
  }
  {
    // Vector source, token target, 3 layers each, half-precision file.
    ModelCase c = baseCase("layouts_vec2tok_l3_h16_f16", 16);
    c.shape.srcTokens = false;
    c.shape.srcDim = 5;
    c.shape.encLayers = c.shape.decLayers = 3;
    c.shape.encGate = Gate::HardSigmoidV3;
    c.weights.dtype = DType::F16;
    c.lens = {5, 2, 6};
    cs.push_back(c);
  }
  return cs;
}

/// The weight options of `layout`: same file name and prefixes everywhere,
/// except that PyTorch keeps a stack in one module (numbered leaves) while
/// the per-layer layouts need `{layer}` in the prefix.
s2sgen::WeightOptions optionsFor(const ModelCase &c, Layout layout) {
  s2sgen::WeightOptions o = c.weights;
  o.layout = layout;
  o.file = "weights.safetensors";
  bool perLayer = layout != Layout::PyTorch;
  o.encoder = perLayer ? "encoder.{layer}" : "encoder";
  o.decoder = perLayer ? "decoder.{layer}" : "decoder";
  return o;
}

//===----------------------------------------------------------------------===//
// Splitting the bias exactly
//===----------------------------------------------------------------------===//

/// `x` rounded to `bits` significant bits (0 stays 0).
double highPart(double x, int bits) {
  if (x == 0)
    return 0;
  int e;
  std::frexp(x, &e);
  return std::ldexp(std::nearbyint(std::ldexp(x, bits - e)), e - bits);
}

bool exactIn(double x, DType dt) { return s2sgen::quantize(x, dt) == x; }

/// Splits every LSTM bias b (held whole in bIh, bHh == 0) into b_ih + b_hh
/// with both parts exactly representable in `dt` and their sum exactly b
/// in float (so in any order, in float or double). Which part is the high
/// one alternates, so both tensors carry large values. Returns the number
/// of elements with both parts non-zero; on a part that is not exact it
/// returns -1 with the reason in `err`.
int splitBiases(std::vector<s2sref::LstmLayer> &stack, DType dt,
                std::string &err) {
  const int bits = dt == DType::F16 ? 5 : dt == DType::BF16 ? 4 : 12;
  int both = 0;
  size_t k = 0;
  for (s2sref::LstmLayer &L : stack)
    for (size_t i = 0; i < L.bIh.size(); ++i, ++k) {
      const double b = L.bIh[i] + L.bHh[i];
      const double hi = highPart(b, bits), lo = b - hi; // exact in double
      const bool swap = k % 2;
      L.bIh[i] = swap ? lo : hi;
      L.bHh[i] = swap ? hi : lo;
      const float fi = float(L.bIh[i]), fh = float(L.bHh[i]);
      if (!exactIn(L.bIh[i], dt) || !exactIn(L.bHh[i], dt) ||
          float(fi + fh) != float(b) || float(fh + fi) != float(b) ||
          double(fi) + double(fh) != b) {
        std::ostringstream ss;
        ss << std::setprecision(17) << "bias " << b << " split into " << hi
           << " + " << lo << " is not exact in " << s2sgen::dtypeName(dt);
        err = ss.str();
        return -1;
      }
      both += hi != 0 && lo != 0;
    }
  return both;
}

//===----------------------------------------------------------------------===//
// Comparing results bit for bit
//===----------------------------------------------------------------------===//

struct Diff {
  size_t elements = 0, differing = 0;
  double maxAbs = 0; // largest |a - b| over the differing floats
  long firstAt = -1; // index of the first difference
  double firstA = 0, firstB = 0;
};

void bitCompare(const std::vector<float> &a, const std::vector<float> &b,
                Diff &d) {
  if (a.size() != b.size()) {
    d.differing += std::max(a.size(), b.size());
    return;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    ++d.elements;
    uint32_t x, y;
    std::memcpy(&x, &a[i], 4);
    std::memcpy(&y, &b[i], 4);
    if (x == y)
      continue;
    if (!d.differing++) {
      d.firstAt = long(i);
      d.firstA = a[i];
      d.firstB = b[i];
    }
    double diff = std::fabs(double(a[i]) - double(b[i]));
    d.maxAbs = std::max(d.maxAbs, std::isnan(diff) ? INFINITY : diff);
  }
}

void bitCompare(const std::vector<int32_t> &a, const std::vector<int32_t> &b,
                Diff &d) {
  if (a.size() != b.size()) {
    d.differing += std::max(a.size(), b.size());
    return;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    ++d.elements;
    if (a[i] == b[i])
      continue;
    if (!d.differing++) {
      d.firstAt = long(i);
      d.firstA = a[i];
      d.firstB = b[i];
    }
  }
}

/// One library's results for both runs.
struct LayoutResult {
  Layout layout = Layout::Canonical;
  CompiledModel cm;
  bool compiled = false;
  std::string compileError;
  double compileSeconds = 0;
  TokenRun tokens[2];
  VectorRun vectors[2];
  bool ran[2] = {false, false};
};

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
}

struct Job {
  const ModelCase *c;
  const PreparedCase *pc;
  std::string dir;
  std::string target;
  LayoutResult *r;
};

} // namespace

int main() {
  const auto t0 = std::chrono::steady_clock::now();
  Env env = loadEnv("TestLayouts");
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  std::cout << "s2sc: " << env.s2sc << "\nseed: " << env.seed
            << "  rtol (canonical vs reference): " << env.rtol << "\n";

  const std::vector<ModelCase> all = cases();
  std::vector<const ModelCase *> selected;
  std::vector<PreparedCase> prepared(all.size());
  std::vector<std::vector<LayoutResult>> results(all.size());
  std::vector<std::string> caseErrors(all.size());
  std::vector<Job> jobs;
  for (size_t i = 0; i < all.size(); ++i) {
    const ModelCase &c = all[i];
    if (!env.caseFilter.empty() &&
        c.id.find(env.caseFilter) == std::string::npos)
      continue;
    selected.push_back(&c);
    PreparedCase &pc = prepared[i];
    pc = prepareCase(env, c, int(i));
    std::string err;
    int both = splitBiases(pc.model.encoder, c.weights.dtype, err);
    int both2 =
        both < 0 ? -1 : splitBiases(pc.model.decoder, c.weights.dtype, err);
    std::string invalid = s2sref::validate(pc.model);
    if (both < 0 || both2 < 0 || !invalid.empty()) {
      caseErrors[i] = "bad test case: " + (invalid.empty() ? err : invalid);
      continue;
    }
    if (both + both2 == 0) {
      caseErrors[i] = "bad test case: no bias was split into two non-zero "
                      "parts (the two-bias layouts would test nothing)";
      continue;
    }
    results[i].resize(kNumLayouts);
    std::string target =
        env.targetOverride.empty() ? c.target : env.targetOverride;
    for (int l = 0; l < kNumLayouts; ++l) {
      results[i][l].layout = kLayouts[l];
      jobs.push_back(
          {&c, &pc,
           env.workDir + "/" + c.id + "/" + s2sgen::layoutName(kLayouts[l]),
           target, &results[i][l]});
    }
  }

  // Compile (and link the runners) in parallel; s2sc is single-threaded.
  std::atomic<size_t> next{0};
  unsigned workers =
      std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  workers =
      std::min<unsigned>(workers, unsigned(std::max<size_t>(1, jobs.size())));
  auto work = [&]() {
    for (size_t j; (j = next++) < jobs.size();) {
      Job &job = jobs[j];
      auto start = std::chrono::steady_clock::now();
      job.r->compiled =
          compileModel(env, job.pc->model, optionsFor(*job.c, job.r->layout),
                       job.target, job.dir, job.r->cm, job.r->compileError);
      job.r->compileSeconds = secondsSince(start);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back(work);
  for (std::thread &t : pool)
    t.join();
  std::cout << jobs.size() << " libraries compiled with " << workers
            << " parallel s2sc runs in " << std::fixed << std::setprecision(1)
            << secondsSince(t0) << " s\n"
            << std::defaultfloat << std::setprecision(6);

  int failedModels = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const ModelCase &c = all[i];
    if (std::find(selected.begin(), selected.end(), &c) == selected.end())
      continue;
    std::ostringstream log;
    int failures = 0;
    auto fail = [&](const std::string &msg) {
      ++failures;
      log << "  FAIL " << msg << "\n";
    };
    if (!caseErrors[i].empty()) {
      std::cout << "FAIL " << c.id << ": " << caseErrors[i] << "\n";
      ++failedModels;
      continue;
    }
    const PreparedCase &pc = prepared[i];
    const s2sref::Model &m = pc.model;
    const bool tokens = m.tgtTokens;
    const TokenInputs *tin = m.srcTokens ? &pc.tin : nullptr;
    const VectorInputs *vin = m.srcTokens ? nullptr : &pc.vin;
    const int batch = tin ? tin->batch : vin->batch;
    const int maxOuts[2] = {m.maxLength, c.otherMaxOut};
    const std::string tags[2] = {"full", (tokens ? "max_out" : "steps") +
                                             std::to_string(c.otherMaxOut)};
    std::vector<LayoutResult> &rs = results[i];

    // Run every library on the same inputs.
    for (LayoutResult &r : rs) {
      const std::string name = s2sgen::layoutName(r.layout);
      if (!r.compiled) {
        fail(name + ": " + r.compileError);
        continue;
      }
      for (int k = 0; k < 2; ++k) {
        std::string err;
        bool ok;
        if (tokens)
          ok = tin ? runTokens(r.cm, tags[k], *tin, maxOuts[k], m.tgtVocab,
                               /*logits=*/true, r.tokens[k], err)
                   : runTokens(r.cm, tags[k], *vin, maxOuts[k], m.tgtVocab,
                               /*logits=*/true, r.tokens[k], err);
        else
          ok = tin ? runVectors(r.cm, tags[k], *tin, maxOuts[k], m.tgtDim,
                                r.vectors[k], err)
                   : runVectors(r.cm, tags[k], *vin, maxOuts[k], m.tgtDim,
                                r.vectors[k], err);
        if (!ok) {
          fail(name + "/" + tags[k] + ": " + err);
          continue;
        }
        if (tokens) {
          if (!checkRunFlags(name + "/" + tags[k], r.tokens[k], log)) {
            ++failures;
            if (r.tokens[k].rc != 0)
              continue;
          }
        } else {
          const VectorRun &v = r.vectors[k];
          if (v.rc != 0) {
            fail(name + "/" + tags[k] + ": translate_vectors returned " +
                 std::to_string(v.rc) + ": " + v.error);
            continue;
          }
          if (!v.guardsOk || !v.repeatSame)
            fail(name + "/" + tags[k] +
                 (v.guardsOk ? ": repeating the call gave different results"
                             : ": a call wrote outside the caller's buffers"));
        }
        r.ran[k] = true;
      }
    }

    // (a) Every layout against the canonical library, bit for bit.
    const LayoutResult &canon = rs[0];
    std::vector<std::string> compared, differing;
    double maxLayoutDiff = 0;
    size_t valuesCompared = 0;
    for (int l = 1; l < kNumLayouts; ++l) {
      const LayoutResult &r = rs[l];
      const std::string name = s2sgen::layoutName(r.layout);
      if (!canon.ran[0] || !r.ran[0] || !canon.ran[1] || !r.ran[1])
        continue;
      compared.push_back(name);
      const int before = failures;
      for (int k = 0; k < 2; ++k) {
        struct Part {
          const char *what;
          Diff d;
        };
        std::vector<Part> parts;
        if (tokens) {
          Part out{"tokens", {}}, len{"out_len", {}}, lg{"logits", {}};
          bitCompare(canon.tokens[k].out, r.tokens[k].out, out.d);
          bitCompare(canon.tokens[k].outLen, r.tokens[k].outLen, len.d);
          bitCompare(canon.tokens[k].logits, r.tokens[k].logits, lg.d);
          parts = {out, len, lg};
        } else {
          Part v{"vectors", {}};
          bitCompare(canon.vectors[k].out, r.vectors[k].out, v.d);
          parts = {v};
        }
        for (const Part &p : parts) {
          valuesCompared += p.d.elements;
          maxLayoutDiff = std::max(maxLayoutDiff, p.d.maxAbs);
          if (!p.d.differing)
            continue;
          std::ostringstream ss;
          ss << std::setprecision(9) << name << "/" << tags[k] << ": "
             << p.d.differing << " of " << p.d.elements << " " << p.what
             << " differ from canonical's (first at flat index " << p.d.firstAt
             << ": " << p.d.firstB << " vs canonical " << p.d.firstA;
          if (p.d.maxAbs > 0)
            ss << "; max |diff| " << p.d.maxAbs;
          ss << ")";
          fail(ss.str());
        }
      }
      if (failures != before)
        differing.push_back(name);
    }
    if (int(compared.size()) != kNumLayouts - 1)
      fail("only " + std::to_string(compared.size()) + " of " +
           std::to_string(kNumLayouts - 1) +
           " layouts could be compared with canonical (a library failed to "
           "compile or run); bit-identity not fully checked");

    // (b) The canonical library against the reference.
    CompareStats stats;
    for (int k = 0; k < 2 && canon.ran[k]; ++k)
      for (int b = 0; b < batch; ++b) {
        std::ostringstream label;
        label << c.id << "/canonical/" << tags[k] << " seq " << b
              << " (src_len " << (tin ? tin->srcLen[b] : vin->srcLen[b]) << ")";
        if (tokens) {
          s2sref::TokenResult ref = referenceTokens(m, tin, vin, b, maxOuts[k]);
          const TokenRun &run = canon.tokens[k];
          compareTokenSequence(
              label.str(), ref, run.out.data() + size_t(b) * maxOuts[k],
              run.outLen[b],
              run.logits.data() + size_t(b) * maxOuts[k] * m.tgtVocab,
              m.tgtVocab, std::min(m.maxLength, maxOuts[k]), m.eos, env.rtol,
              stats, log);
        } else {
          std::vector<std::vector<double>> ref =
              referenceVectors(m, tin, vin, b, maxOuts[k]);
          compareVectorSequence(label.str(), ref,
                                canon.vectors[k].out.data() +
                                    size_t(b) * maxOuts[k] * m.tgtDim,
                                maxOuts[k], m.tgtDim, env.rtol, stats, log);
        }
      }
    failures += stats.failures;

    double compileMax = 0;
    for (const LayoutResult &r : rs)
      compileMax = std::max(compileMax, r.compileSeconds);
    std::cout << (failures ? "FAIL " : "ok   ") << c.id << " ("
              << s2sgen::dtypeName(c.weights.dtype) << " weights, "
              << (m.srcTokens ? "tokens" : "vectors") << " -> "
              << (tokens ? "tokens" : "vectors") << ", " << m.encoder.size()
              << "+" << m.decoder.size() << " layers, H " << m.encHidden()
              << ", batch " << batch << ")\n";
    std::cout << "  compared with canonical:";
    for (const std::string &n : compared)
      std::cout << " " << n;
    std::cout << " (" << valuesCompared << " values: "
              << (tokens ? "tokens, out_len and logits" : "vectors")
              << " of runs " << tags[0] << " and " << tags[1] << "); ";
    if (differing.empty())
      std::cout << "all bit-identical";
    else {
      std::cout << "NOT bit-identical:";
      for (const std::string &n : differing)
        std::cout << " " << n;
    }
    std::cout << "; max |layout - canonical| = " << maxLayoutDiff << "\n";
    std::cout << "  canonical vs reference: " << stats.sequences
              << " sequences, max relative error " << std::setprecision(2)
              << stats.maxError << std::setprecision(6) << " (rtol " << env.rtol
              << ")";
    if (tokens)
      std::cout << ", " << stats.stoppedAtEos << " stopped at EOS, "
                << stats.ranToLimit << " ran to the limit, " << stats.ties
                << " ties";
    std::cout << "; slowest compile " << std::fixed << std::setprecision(1)
              << compileMax << " s\n"
              << std::defaultfloat << std::setprecision(6) << log.str();
    if (failures) {
      ++failedModels;
      std::cout << "  case seed " << pc.seed
                << "; rerun with S2S_SEED=" << env.seed << " S2S_CASES=" << c.id
                << "; files in " << env.workDir << "/" << c.id << "\n";
    }
  }

  std::cout << selected.size() << " models x " << kNumLayouts << " layouts, "
            << failedModels << " failed, " << std::fixed << std::setprecision(1)
            << secondsSince(t0) << " s\n"
            << std::defaultfloat;
  if (failedModels) {
    std::cout << "FAILED (seed " << env.seed << ")\n";
    return 1;
  }
  std::cout << "Success!\n";
  return 0;
}
