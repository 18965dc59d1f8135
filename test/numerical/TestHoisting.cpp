//===- TestHoisting.cpp - Hoisted peek projection vs --no-hoist -*- C++ -*-===//
///
/// SEMANTICS.md section 3: the loop-invariant part of peek (W_ih[:, C-part]
/// C for concat, W_ih C for add) is computed once per sequence. Hoisting it
/// out of the decoder loop must change no result. The token decoder
/// computes it before its loop by construction (its rows move as sequences
/// end); for two peek vector decoders (concat from a token source, add from
/// vectors) this compiles
/// each twice, as usual and with `--no-hoist`, and checks
///   - both libraries against the double-precision reference (rtol 1e-4),
///   - the two libraries against each other (rtol 1e-6, same tokens),
///   - in `--emit=cells`, that the context `s2s.seq_matmul` (the one on a
///     decoder layer-0 input weight) comes before the decoder's time loop
///     when hoisted and inside it with `--no-hoist` (a light textual check;
///     the lit tests own the exact IR).
/// Prints `Success!`, or `[SKIP] reason` without s2sc.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

using namespace s2sharness;
using s2sgen::Layout;
using s2sref::Activation;
using s2sref::Gate;
using s2sref::Peek;

namespace {

const char *kAvx2 = "x86-64-linux-avx2-fma-f16c-sse41";
const char *kAvx512 = "x86-64-linux-avx512_skylake-avx2-fma-f16c-sse41";
const double kAgreeRtol = 1e-6; // hoisted vs --no-hoist

bool cpuHasAvx512() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("flags", 0) == 0) {
      std::string flags = " " + line.substr(line.find(':') + 1) + " ";
      for (const char *flag :
           {"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"})
        if (flags.find(std::string(" ") + flag + " ") == std::string::npos)
          return false;
      return true;
    }
  return false;
}

std::vector<ModelCase> cases() {
  std::vector<ModelCase> cs;
  {
    // Cho et al.: [y ; C] into a 2-layer decoder, C projected; vector target.
    ModelCase c;
    c.id = "hoist_concat_vectors";
    c.shape.name = c.id;
    c.shape.srcVocab = 15;
    c.shape.srcEmbed = 6;
    c.shape.tgtTokens = false;
    c.shape.tgtDim = 7;
    c.shape.firstInput = s2sref::FirstInput::Zeros;
    c.shape.encHidden = c.shape.decHidden = 20;
    c.shape.encLayers = c.shape.decLayers = 2;
    c.shape.peek = Peek::Concat;
    c.shape.contextProjection = 6;
    c.weights.layout = Layout::Canonical;
    c.weights.encoder = "encoder.{layer}";
    c.weights.decoder = "decoder.{layer}";
    c.target = kAvx2;
    c.maxSrcLen = 6;
    c.lens = {6, 3, 1};
    c.pad = Padding::OutOfVocab;
    c.want = Ending::Any;
    cs.push_back(c);
  }
  {
    // farizrahman4u: y + C, first input C, tanh readout fed back.
    ModelCase c;
    c.id = "hoist_add_vectors";
    c.shape.name = c.id;
    c.shape.srcTokens = c.shape.tgtTokens = false;
    c.shape.srcDim = 5;
    c.shape.tgtDim = 16; // == C
    c.shape.encHidden = c.shape.decHidden = 16;
    c.shape.peek = Peek::Add;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.activation = Activation::Tanh;
    c.shape.decGate = Gate::HardSigmoid;
    c.shape.maxLength = 8;
    c.weights.layout = Layout::Keras;
    c.target = kAvx512;
    c.maxSrcLen = 6;
    c.lens = {4, 6, 2};
    c.want = Ending::Any;
    cs.push_back(c);
  }
  return cs;
}

//===----------------------------------------------------------------------===//
// Where the context projection sits in --emit=cells
//===----------------------------------------------------------------------===//

size_t indentOf(const std::string &line) {
  size_t n = line.find_first_not_of(' ');
  return n == std::string::npos ? line.size() : n;
}

/// The operands of `op` on `line` ("op %a, %b, ... {" or ":"), or none.
std::vector<std::string> operandsOf(const std::string &line,
                                    const std::string &op) {
  std::vector<std::string> ops;
  size_t at = line.find(op + " ");
  if (at == std::string::npos)
    return ops;
  std::string rest = line.substr(at + op.size() + 1);
  rest = rest.substr(0, std::min(rest.find('{'), rest.find(':')));
  std::istringstream ss(rest);
  std::string tok;
  while (std::getline(ss, tok, ',')) {
    tok.erase(0, tok.find_first_not_of(' '));
    tok.erase(tok.find_last_not_of(' ') + 1);
    ops.push_back(tok);
  }
  return ops;
}

struct Placement {
  std::string error;                    // non-empty: the IR was not understood
  int matmul = -1, loop = -1, end = -1; // 1-based lines
  bool before() const { return matmul < loop; }
  bool inside() const { return matmul > loop && matmul < end; }
};

/// The text of NAME_translate_impl in `ir` (the step-wise API's functions
/// after it have decoder steps of their own), or all of `ir`.
std::string translateImplOf(const std::string &ir) {
  size_t name = ir.find("_translate_impl(");
  if (name == std::string::npos)
    return ir;
  size_t begin = ir.rfind('\n', name);
  begin = begin == std::string::npos ? 0 : begin + 1;
  size_t end = ir.find(" func @", name);
  return ir.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

/// Finds, in NAME_translate_impl, the context s2s.seq_matmul (second
/// operand a decoder layer-0 input weight: `..._decoder_l0_w_ih_t` for add,
/// `..._w_ih_context_t` for concat) and the decoder's time loop (the outermost scf.for around
/// the s2s.lstm_step on `..._decoder_l0_w_hh_t`).
Placement findPlacement(const std::string &ir) {
  Placement p;
  std::vector<std::string> lines;
  std::istringstream in(translateImplOf(ir));
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  std::set<std::string> wIh;
  std::string wHh;
  for (const std::string &l : lines) {
    size_t eq = l.find(" = memref.get_global @");
    if (eq == std::string::npos)
      continue;
    std::string ssa = l.substr(indentOf(l), eq - indentOf(l));
    std::string sym =
        l.substr(eq + std::string(" = memref.get_global @").size());
    sym = sym.substr(0, sym.find(' '));
    if (sym.find("_decoder_l0_w_ih") != std::string::npos)
      wIh.insert(ssa);
    if (sym.find("_decoder_l0_w_hh") != std::string::npos)
      wHh = ssa;
  }
  if (wIh.empty() || wHh.empty()) {
    p.error = "no memref.get_global of the decoder's layer-0 weights "
              "(@..._decoder_l0_w_ih*, @..._decoder_l0_w_hh*)";
    return p;
  }
  int matmuls = 0, step = -1;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string> ops = operandsOf(lines[i], "s2s.seq_matmul");
    if (ops.size() >= 2 && wIh.count(ops[1])) {
      ++matmuls;
      p.matmul = int(i);
    }
    ops = operandsOf(lines[i], "s2s.lstm_step");
    if (step < 0 && ops.size() >= 2 && ops[1] == wHh)
      step = int(i);
  }
  if (matmuls != 1) {
    p.error = std::to_string(matmuls) +
              " s2s.seq_matmul ops on a decoder "
              "layer-0 input weight (expected exactly one: the context term)";
    return p;
  }
  if (step < 0) {
    p.error = "no s2s.lstm_step on the decoder's layer-0 recurrent weight";
    return p;
  }
  // Walk out of the blocks around the step; the outermost scf.for is the
  // time loop.
  size_t threshold = indentOf(lines[step]);
  for (int i = step - 1; i >= 0; --i) {
    size_t ind = indentOf(lines[i]);
    if (ind >= threshold || lines[i].find('{') == std::string::npos)
      continue;
    threshold = ind;
    if (lines[i].find("scf.for ") != std::string::npos)
      p.loop = i;
    if (lines[i].find("func ") != std::string::npos ||
        lines[i].find("func.func ") != std::string::npos)
      break;
  }
  if (p.loop < 0) {
    p.error = "the decoder's s2s.lstm_step is not inside an scf.for";
    return p;
  }
  size_t loopIndent = indentOf(lines[p.loop]);
  for (size_t i = p.loop + 1; i < lines.size() && p.end < 0; ++i)
    if (indentOf(lines[i]) <= loopIndent)
      p.end = int(i);
  ++p.matmul; // 1-based, as an editor shows them
  ++p.loop;
  ++p.end;
  return p;
}

/// Runs `s2sc --emit=cells` (plus `extra`) on the case's spec; checks the
/// context projection is before the time loop (`hoisted`) or inside it.
bool checkCells(const Env &env, const std::string &dir, bool hoisted,
                std::ostream &log) {
  const std::string what = hoisted ? "hoisted" : "--no-hoist";
  std::string file = dir + "/cells.mlir";
  std::string cmd = shellQuote(env.s2sc) + " " +
                    shellQuote(dir + "/spec.yaml") +
                    " --emit=cells --mlir-elide-elementsattrs-if-larger=16" +
                    (hoisted ? "" : " --no-hoist") + " -o " + shellQuote(file);
  std::string out, ir;
  int rc = runCommand(cmd, dir + "/cells.log", &out);
  if (rc != 0 || !readFile(file, ir)) {
    log << "  FAIL " << what << " --emit=cells: exit " << rc << ": " << cmd
        << "\n"
        << out;
    return false;
  }
  Placement p = findPlacement(ir);
  if (!p.error.empty()) {
    log << "  FAIL " << what << " " << file << ": " << p.error << "\n";
    return false;
  }
  std::ostringstream where;
  where << "context s2s.seq_matmul at line " << p.matmul
        << ", decoder scf.for at lines " << p.loop << ".." << p.end;
  if (hoisted ? !p.before() : !p.inside()) {
    log << "  FAIL " << what << " " << file << ": " << where.str()
        << (hoisted ? ": expected before the loop\n"
                    : ": expected inside the loop\n");
    return false;
  }
  log << "  " << what << " cells: " << where.str() << "\n";
  return true;
}

//===----------------------------------------------------------------------===//
// Numerics
//===----------------------------------------------------------------------===//

struct Agreement {
  double maxAbs = 0, maxRel = 0;
  int failures = 0;
  bool identical = true;
  void add(double a, double b) {
    double d = std::fabs(a - b);
    identical = identical && a == b;
    maxAbs = std::max(maxAbs, d);
    maxRel = std::max(maxRel, d / std::max(1.0, std::fabs(b)));
  }
};

/// Token target: each library against the reference, then the two against
/// each other.
void checkTokens(const Env &env, const ModelCase &c, const PreparedCase &pc,
                 const CompiledModel (&cm)[2], CompareStats &stats,
                 Agreement &agree, std::ostream &log) {
  const s2sref::Model &m = pc.model;
  const TokenInputs *tin = c.shape.srcTokens ? &pc.tin : nullptr;
  const VectorInputs *vin = c.shape.srcTokens ? nullptr : &pc.vin;
  const int batch = int(c.lens.size()), V = m.tgtVocab, maxOut = m.maxLength;
  const char *names[2] = {"hoisted", "no_hoist"};
  TokenRun run[2];
  for (int k = 0; k < 2; ++k) {
    std::string err;
    bool ok =
        tin ? runTokens(cm[k], "full", *tin, maxOut, V, true, run[k], err)
            : runTokens(cm[k], "full", *vin, maxOut, V, true, run[k], err);
    if (!ok) {
      log << "  FAIL " << c.id << "/" << names[k] << ": " << err << "\n";
      ++stats.failures;
      return;
    }
    if (!checkRunFlags(c.id + "/" + names[k], run[k], log)) {
      ++stats.failures;
      if (run[k].rc != 0)
        return;
    }
    for (int b = 0; b < batch; ++b) {
      std::ostringstream label;
      label << c.id << "/" << names[k] << " seq " << b << " (src_len "
            << c.lens[b] << ")";
      compareTokenSequence(label.str(), referenceTokens(m, tin, vin, b, maxOut),
                           run[k].out.data() + size_t(b) * maxOut,
                           run[k].outLen[b],
                           run[k].logits.data() + size_t(b) * maxOut * V, V,
                           maxOut, m.eos, env.rtol, stats, log);
    }
  }
  for (int b = 0; b < batch; ++b) {
    const int32_t *o0 = run[0].out.data() + size_t(b) * maxOut;
    const int32_t *o1 = run[1].out.data() + size_t(b) * maxOut;
    const float *l0 = run[0].logits.data() + size_t(b) * maxOut * V;
    const float *l1 = run[1].logits.data() + size_t(b) * maxOut * V;
    const int n = std::min(run[0].outLen[b], run[1].outLen[b]);
    for (int t = 0; t < n; ++t) {
      for (int v = 0; v < V; ++v) {
        float a = l0[size_t(t) * V + v], w = l1[size_t(t) * V + v];
        agree.add(a, w);
        if (!close(a, w, kAgreeRtol)) {
          ++agree.failures;
          log << std::setprecision(9) << "  FAIL " << c.id << " seq " << b
              << ": logits[" << t << "][" << v << "] hoisted " << a
              << " vs --no-hoist " << w << " (rtol " << kAgreeRtol << ")\n";
          t = n;
          break;
        }
      }
      if (t < n && o0[t] != o1[t]) {
        ++agree.failures;
        log << "  FAIL " << c.id << " seq " << b << ": token at step " << t
            << " hoisted " << o0[t] << " vs --no-hoist " << o1[t] << "\n";
        break;
      }
    }
    if (run[0].outLen[b] != run[1].outLen[b]) {
      ++agree.failures;
      log << "  FAIL " << c.id << " seq " << b << ": out_len hoisted "
          << run[0].outLen[b] << " vs --no-hoist " << run[1].outLen[b] << "\n";
    }
  }
}

/// Vector target: the same with NAME_translate_vectors.
void checkVectors(const Env &env, const ModelCase &c, const PreparedCase &pc,
                  const CompiledModel (&cm)[2], CompareStats &stats,
                  Agreement &agree, std::ostream &log) {
  const s2sref::Model &m = pc.model;
  const TokenInputs *tin = c.shape.srcTokens ? &pc.tin : nullptr;
  const VectorInputs *vin = c.shape.srcTokens ? nullptr : &pc.vin;
  const int batch = int(c.lens.size()), D = m.tgtDim, steps = m.maxLength;
  const char *names[2] = {"hoisted", "no_hoist"};
  VectorRun run[2];
  for (int k = 0; k < 2; ++k) {
    std::string err;
    bool ok = tin ? runVectors(cm[k], "full", *tin, steps, D, run[k], err)
                  : runVectors(cm[k], "full", *vin, steps, D, run[k], err);
    if (!ok || run[k].rc != 0) {
      log << "  FAIL " << c.id << "/" << names[k] << ": "
          << (ok ? "translate_vectors returned " + std::to_string(run[k].rc) +
                       ": " + run[k].error
                 : err)
          << "\n";
      ++stats.failures;
      return;
    }
    if (!run[k].guardsOk || !run[k].repeatSame) {
      log << "  FAIL " << c.id << "/" << names[k]
          << (run[k].guardsOk
                  ? ": repeating the call gave different results\n"
                  : ": a call wrote outside the caller's buffers\n");
      ++stats.failures;
    }
    for (int b = 0; b < batch; ++b) {
      std::ostringstream label;
      label << c.id << "/" << names[k] << " seq " << b << " (src_len "
            << c.lens[b] << ")";
      compareVectorSequence(label.str(),
                            referenceVectors(m, tin, vin, b, steps),
                            run[k].out.data() + size_t(b) * steps * D, steps, D,
                            env.rtol, stats, log);
    }
  }
  for (size_t i = 0; i < run[0].out.size(); ++i) {
    agree.add(run[0].out[i], run[1].out[i]);
    if (!close(run[0].out[i], run[1].out[i], kAgreeRtol)) {
      ++agree.failures;
      size_t b = i / (size_t(steps) * D), t = i / D % steps, k = i % D;
      log << std::setprecision(9) << "  FAIL " << c.id << " seq " << b
          << ": out[" << t << "][" << k << "] hoisted " << run[0].out[i]
          << " vs --no-hoist " << run[1].out[i] << " (rtol " << kAgreeRtol
          << ")\n";
      break;
    }
  }
}

} // namespace

int main() {
  Env env = loadEnv("TestHoisting");
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  std::cout << "s2sc: " << env.s2sc << "\nseed: " << env.seed
            << "  rtol: " << env.rtol << " (reference), " << kAgreeRtol
            << " (hoisted vs --no-hoist)\n";
  const bool avx512 = cpuHasAvx512();
  std::vector<ModelCase> cs = cases();
  int failed = 0, ran = 0;
  for (size_t i = 0; i < cs.size(); ++i) {
    ModelCase c = cs[i];
    if (!env.caseFilter.empty() &&
        c.id.find(env.caseFilter) == std::string::npos)
      continue;
    ++ran;
    if (c.target == kAvx512 && !avx512) {
      std::cout << "note: " << c.id << ": this CPU lacks AVX-512; compiling "
                << "for " << kAvx2 << " instead\n";
      c.target = kAvx2;
    }
    std::string target =
        env.targetOverride.empty() ? c.target : env.targetOverride;
    PreparedCase pc = prepareCase(env, c, int(i));
    std::string invalid = s2sref::validate(pc.model);
    if (!invalid.empty()) {
      std::cout << "FAIL " << c.id << ": bad test case: " << invalid << "\n";
      ++failed;
      continue;
    }
    std::ostringstream log;
    CompareStats stats;
    Agreement agree;
    CompiledModel cm[2];
    const std::string dirs[2] = {env.workDir + "/" + c.id + "/hoisted",
                                 env.workDir + "/" + c.id + "/no_hoist"};
    bool built = true;
    for (int k = 0; k < 2; ++k) {
      std::string err;
      if (!compileModel(env, pc.model, c.weights, target, dirs[k], cm[k], err,
                        k ? "--no-hoist" : "")) {
        log << "  FAIL " << c.id << (k ? " --no-hoist" : "") << ": " << err
            << "\n";
        ++stats.failures;
        built = false;
      } else if (!checkCells(env, dirs[k], k == 0, log)) {
        ++stats.failures;
      }
    }
    if (built) {
      if (c.shape.tgtTokens)
        checkTokens(env, c, pc, cm, stats, agree, log);
      else
        checkVectors(env, c, pc, cm, stats, agree, log);
    }
    const int failures = stats.failures + agree.failures;
    std::cout << (failures ? "FAIL " : "ok   ") << c.id << " (target " << target
              << ", " << stats.sequences << " sequences vs the reference, "
              << stats.ties << " ties, max error " << std::setprecision(2)
              << stats.maxError << std::setprecision(6)
              << "; hoisted vs --no-hoist: "
              << (agree.identical
                      ? std::string("bit-identical")
                      : "max |diff| " + std::to_string(agree.maxAbs))
              << ")\n"
              << log.str();
    if (failures) {
      ++failed;
      std::cout << "  case seed " << pc.seed
                << "; rerun with S2S_SEED=" << env.seed << " S2S_CASES=" << c.id
                << "; files in " << env.workDir + "/" + c.id << "\n";
    }
  }
  std::cout << ran << " cases, " << failed << " failed\n";
  if (failed) {
    std::cout << "FAILED (seed " << env.seed << ")\n";
    return 1;
  }
  std::cout << "Success!\n";
  return 0;
}
