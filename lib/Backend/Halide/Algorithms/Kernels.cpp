//===- Kernels.cpp - Halide algorithms of the kernel families ---*- C++ -*-===//
///
/// What each kernel computes, as Halide Funcs over ImageParams, following the
/// ABI in HalideBackend.h and the equations of SEMANTICS.md 1 and 3. No
/// schedule calls here (Schedules/Schedules.cpp). The static sizes (E, V, K,
/// J, H) are compile-time constants written as buffer constraints, so
/// schedules see constant loop extents; batch extents (N, B) stay dynamic.
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "s2s/Support/GateLayout.h"

using namespace Halide;

namespace s2s {
namespace halide {
namespace {

/// Batch extent used for estimates only (autoscheduler, cost models).
constexpr int kBatchEstimate = 16;

/// Writes the ABI layout as constraints: every dimension starts at 0, dim 0
/// is contiguous and each further dimension is dense over the previous ones.
/// `extents[d] > 0` fixes that extent; 0 leaves it to run time.
void constrainDense(OutputImageParam p, const std::vector<int> &extents) {
  Expr stride = 1;
  Region estimates;
  for (size_t d = 0; d < extents.size(); ++d) {
    Internal::Dimension dim = p.dim(static_cast<int>(d));
    dim.set_min(0).set_stride(stride);
    if (extents[d] > 0)
      dim.set_extent(extents[d]);
    stride = extents[d] > 0 ? stride * extents[d] : stride * dim.extent();
    estimates.push_back(
        Range(0, extents[d] > 0 ? extents[d] : kBatchEstimate));
  }
  p.set_estimates(estimates);
}

ImageParam denseInput(Type type, const char *name,
                      const std::vector<int> &extents) {
  ImageParam p(type, static_cast<int>(extents.size()), name);
  constrainDense(p, extents);
  return p;
}

/// Tuple outputs: Halide gives the second and later buffers the first one's
/// mins and extents, so only their strides may (and must) be constrained.
void constrainOutput(const Func &f, const std::vector<int> &extents) {
  std::vector<OutputImageParam> outs = f.output_buffers();
  constrainDense(outs[0], extents);
  for (size_t i = 1; i < outs.size(); ++i) {
    Expr stride = 1;
    for (size_t d = 0; d < extents.size(); ++d) {
      outs[i].dim(static_cast<int>(d)).set_stride(stride);
      stride = stride * outs[i].dim(static_cast<int>(d)).extent();
    }
  }
}

/// tanh without libm: Halide's tanh is a scalar tanhf call per lane (about
/// 40% of a small LSTM step), its exp an accurate inline polynomial that
/// vectorises. For |x| >= 1/4, 1 - 2 / (exp(2|x|) + 1) loses at most two
/// bits to the subtraction; below, the odd Taylor series to x^9 is within
/// 1e-8 relative (the next term is 0.0089 x^11). Both well inside the 1e-5
/// that kernels must keep against a double reference.
Expr vectorTanh(Expr x) {
  Expr a = abs(x);
  Expr far = 1.0f - 2.0f / (exp(2.0f * a) + 1.0f);
  Expr x2 = x * x;
  Expr series =
      x + x * x2 *
              (-1.0f / 3 + x2 * (2.0f / 15 + x2 * (-17.0f / 315 + x2 * (62.0f / 2835))));
  return select(a < 0.25f, series, select(x < 0, -far, far));
}

/// The gate nonlinearity σg of SEMANTICS.md 1. Halide's exp, not fast_exp:
/// kernels must agree with a double reference to 1e-5.
Expr gateActivation(const std::string &name, Expr x) {
  if (name == "hard_sigmoid")
    return clamp(0.2f * x + 0.5f, 0.0f, 1.0f);
  if (name == "hard_sigmoid_v3")
    return clamp(x / 6.0f + 0.5f, 0.0f, 1.0f);
  return 1.0f / (1.0f + exp(-x));
}

/// acc(j, n) = init(j, n) + sum_k wt(j, k) * x(k, n), written in axpy form
/// (one update per k over a whole contiguous column j) so schedules can
/// vectorise over j and keep k a sequential loop.
Func matvec(const char *name, KernelFuncs &k, Expr init, const ImageParam &wt,
            const ImageParam &x, int reduce) {
  Func acc(name);
  RDom r(0, reduce, "k");
  acc(k.j, k.n) = init;
  acc(k.j, k.n) += wt(k.j, r) * x(r, k.n);
  k.reduce = r;
  k.reduceExtent = reduce;
  return acc;
}

/// acc(j, n), or with `wide` a select of accWide (the same product) from
/// kWideColumns columns on; k.acc must be defined already.
Expr withWide(KernelFuncs &k, bool wide, Expr init, const ImageParam &wt,
              const ImageParam &x, int reduce) {
  if (!wide)
    return k.acc(k.j, k.n);
  RDom plain = k.reduce;
  k.accWide = matvec("acc_wide", k, init, wt, x, reduce);
  k.reduceWide = k.reduce;
  k.reduce = plain;
  k.wide = x.dim(1).extent() >= kWideColumns;
  return select(k.wide, k.accWide(k.j, k.n), k.acc(k.j, k.n));
}

void defineGather(const KernelDesc &d, KernelFuncs &k) {
  const int e = static_cast<int>(d.embed), v = static_cast<int>(d.vocab);
  ImageParam tokens = denseInput(Int(32), "tokens", {0});
  ImageParam table = denseInput(Float(32), "table", {e, v});
  // Ids are checked by the host; the clamp only bounds what Halide may read
  // (without it bounds inference asks for the whole int32 range of table).
  Func out("out");
  out(k.j, k.n) = table(k.j, clamp(tokens(k.n), 0, v - 1));
  constrainOutput(out, {e, 0});
  k.inputs = {tokens, table};
  k.args = {tokens, table};
  k.outputs = {out};
  k.outExtent = e;
}

/// Matmul (bias, optional tanh) and MatmulAdd (a full J x N addend, e.g.
/// the loop-invariant part of the gates): the same product, another init.
void defineMatmul(const KernelDesc &d, KernelFuncs &k, bool wide) {
  const int kk = static_cast<int>(d.input), jj = static_cast<int>(d.output);
  const bool add = d.family == KernelFamily::MatmulAdd;
  ImageParam x = denseInput(Float(32), "x", {kk, 0});
  ImageParam wt = denseInput(Float(32), "wt", {jj, kk});
  ImageParam init = add ? denseInput(Float(32), "addend", {jj, 0})
                        : denseInput(Float(32), "bias", {jj});
  Expr start = add ? init(k.j, k.n) : init(k.j);
  k.acc = matvec("acc", k, start, wt, x, kk);
  // A pure stage after the sum (the activation, or a copy): the output's
  // loops can then be split with ShiftInwards, not allowed on an update.
  Func out("out");
  Expr v = withWide(k, wide, start, wt, x, kk);
  out(k.j, k.n) = (!add && d.activation == "tanh") ? vectorTanh(v) : v;
  constrainOutput(out, {jj, 0});
  k.inputs = {x, wt, init};
  k.args = {x, wt, init};
  k.outputs = {out};
  k.accExtent = k.outExtent = jj;
}

void defineLstmStep(const KernelDesc &d, KernelFuncs &k) {
  const int h = static_cast<int>(d.hidden);
  const int block = static_cast<int>(gateBlock(d.hidden));
  ImageParam xg = denseInput(Float(32), "xg", {4 * h, 0});
  ImageParam whht = denseInput(Float(32), "whht", {4 * h, h});
  ImageParam hIn = denseInput(Float(32), "h", {h, 0});
  ImageParam cIn = denseInput(Float(32), "c", {h, 0});
  ImageParam limit = denseInput(Int(32), "limit", {0});
  k.step.set_estimate(0);

  // z(u, g, q, b) = xg + W_hh h for gate g of unit q * block + u, which the
  // gate layout (GateLayout.h) keeps in column (4q + g) * block + u of xg.
  // W_hh^T is packed block by block (recurrentWeightIndex): element
  // (k, that column) at flat index q * 4 block H + k * 4 block + g block + u,
  // i.e. row q * block + k / m, column (k % m) * 4 block + g block + u of the
  // [H, 4H] buffer, m = H / block. The reduction runs over k = a * m + c,
  // c inner, so a tile streams its block's strip front to back.
  const Var &u = k.unit, &g = k.gate, &q = k.block, &b = k.n, &x = k.j;
  const int m = h / block;
  RDom r(0, m, 0, block, "k");
  Expr kIndex = r.y * m + r.x;
  Func z("z");
  z(u, g, q, b) = xg((4 * q + g) * block + u, b);
  z(u, g, q, b) += whht(r.x * 4 * block + g * block + u, q * block + r.y) * hIn(kIndex, b);
  auto gate = [&](int index) {
    Expr pre = z(x % block, index, x / block, b);
    return index == 2 ? vectorTanh(pre) : gateActivation(d.gateActivation, pre);
  };
  Func cell("cell");
  cell(x, b) = gate(1) * cIn(x, b) + gate(0) * gate(2);
  Expr hNew = gate(3) * vectorTanh(cell(x, b));
  // Rows past their length copy the state through unchanged.
  Expr live = k.step < limit(b);
  Func state("state");
  state(x, b) = Tuple(select(live, hNew, hIn(x, b)),
                      select(live, cell(x, b), cIn(x, b)));
  constrainOutput(state, {h, 0});

  k.inputs = {xg, whht, hIn, cIn, limit};
  k.args = {xg, whht, hIn, cIn, limit, k.step};
  k.outputs = {state};
  k.acc = z;
  k.reduce = r;
  k.reduceExtent = h;
  k.cell = cell;
  k.gateBlock = block;
  k.accExtent = 4 * h;
  k.outExtent = h;
}

void defineProjectArgmax(const KernelDesc &d, KernelFuncs &k, bool wide) {
  const int h = static_cast<int>(d.hidden), v = static_cast<int>(d.vocab);
  ImageParam hIn = denseInput(Float(32), "h", {h, 0});
  ImageParam wt = denseInput(Float(32), "wt", {v, h});
  ImageParam bias = denseInput(Float(32), "bias", {v});
  k.acc = matvec("acc", k, bias(k.j), wt, hIn, h);
  Func logits("logits");
  logits(k.j, k.n) = withWide(k, wide, bias(k.j), wt, hIn, h);

  // Greedy token: a strict '>' scanning v upwards keeps the first (lowest)
  // index among equal maxima, as SEMANTICS.md 3 requires. Starting from
  // (0, logits(0)) also gives 0 when every logit is -inf.
  Func best("best");
  RDom r(0, v, "v");
  best(k.n) = Tuple(0, logits(0, k.n));
  Expr better = logits(r, k.n) > best(k.n)[1];
  best(k.n) = Tuple(select(better, r.x, best(k.n)[0]),
                    select(better, logits(r, k.n), best(k.n)[1]));
  Func tokens("tokens");
  tokens(k.n) = best(k.n)[0];

  constrainOutput(logits, {v, 0});
  constrainOutput(tokens, {0});
  k.inputs = {hIn, wt, bias};
  k.args = {hIn, wt, bias};
  k.outputs = {logits, tokens};
  k.best = best;
  k.accExtent = k.outExtent = v;
}

/// Beam search's per-hypothesis candidates (SEMANTICS.md 4): the M best
/// tokens of a row in the search's order (logit descending, then token
/// ascending; log_softmax shifts a row by one constant, so it keeps that
/// order) and their log-probabilities. Pick i is the best token strictly
/// after pick i-1 in that order: M + 2 reductions over V (max, sum of exp,
/// the picks). Each runs in two levels, kScanLanes interleaved partial scans
/// (lane l sees tokens l, l + kScanLanes, ...; the CPU schedule runs them as
/// one vector) and a scan over their results, which compares tokens
/// explicitly so ties still go to the lowest.
constexpr int kScanLanes = 16;

void defineLogSoftmaxTopK(const KernelDesc &d, KernelFuncs &k) {
  const int v = static_cast<int>(d.vocab), m = static_cast<int>(d.candidates);
  const int chunks = (v + kScanLanes - 1) / kScanLanes;
  ImageParam logits = denseInput(Float(32), "logits", {v, 0});
  Var lane("lane");
  RDom rc(0, chunks, "chunk"), rl(0, kScanLanes, "lane_r");
  Expr token = rc * kScanLanes + lane, inside = token < v;
  Expr x = logits(min(token, v - 1), k.n);
  const Expr lowest = Float(32).min();

  Func laneMax("lane_max"), rowMax("row_max");
  laneMax(lane, k.n) = lowest;
  laneMax(lane, k.n) = select(inside, max(laneMax(lane, k.n), x), laneMax(lane, k.n));
  rowMax(k.n) = lowest;
  rowMax(k.n) = max(rowMax(k.n), laneMax(rl, k.n));
  Func laneSum("lane_sum"), sumExp("sum_exp");
  laneSum(lane, k.n) = 0.0f;
  laneSum(lane, k.n) += select(inside, exp(x - rowMax(k.n)), 0.0f);
  sumExp(k.n) = 0.0f;
  sumExp(k.n) += laneSum(rl, k.n);
  k.laneScans = {laneMax, laneSum};
  k.rowScans = {rowMax, sumExp};

  std::vector<Expr> scores, tokens;
  Expr logSum = log(sumExp(k.n));
  for (int i = 0; i < m; ++i) {
    std::string n = std::to_string(i);
    Func lanePick("lane_pick" + n), pick("pick" + n);
    Expr after = inside;
    if (i > 0) {
      Func prev = k.rowScans.back();
      after = inside && (x < prev(k.n)[1] || (x == prev(k.n)[1] && token > prev(k.n)[0]));
    }
    // Within a lane tokens ascend: a strict '>' keeps the lowest of equal
    // logits.
    lanePick(lane, k.n) = Tuple(-1, lowest);
    Expr better = after && (lanePick(lane, k.n)[0] < 0 || x > lanePick(lane, k.n)[1]);
    lanePick(lane, k.n) = Tuple(select(better, token, lanePick(lane, k.n)[0]),
                                select(better, x, lanePick(lane, k.n)[1]));
    Expr t = lanePick(rl, k.n)[0], y = lanePick(rl, k.n)[1];
    pick(k.n) = Tuple(-1, lowest);
    Expr best = pick(k.n)[0], bestY = pick(k.n)[1];
    Expr wins = t >= 0 && (best < 0 || y > bestY || (y == bestY && t < best));
    pick(k.n) = Tuple(select(wins, t, best), select(wins, y, bestY));
    k.laneScans.push_back(lanePick);
    k.rowScans.push_back(pick);
    Expr found = pick(k.n)[0] >= 0;
    scores.push_back(select(found, (pick(k.n)[1] - rowMax(k.n)) - logSum, lowest));
    tokens.push_back(pick(k.n)[0]);
  }
  Func top("top");
  top(k.j, k.n) = Tuple(mux(k.j, scores), mux(k.j, tokens));
  constrainOutput(top, {m, 0});
  k.inputs = {logits};
  k.args = {logits};
  k.outputs = {top};
  k.scanLane = lane;
  k.accExtent = v;
  k.outExtent = m;
}

} // namespace

KernelFuncs defineKernel(const KernelDesc &desc, bool wideVariant) {
  KernelFuncs k;
  k.family = desc.family;
  switch (desc.family) {
  case KernelFamily::Gather:
    defineGather(desc, k);
    break;
  case KernelFamily::Matmul:
  case KernelFamily::MatmulAdd:
    defineMatmul(desc, k, wideVariant);
    break;
  case KernelFamily::LstmStep:
    defineLstmStep(desc, k);
    break;
  case KernelFamily::ProjectArgmax:
    defineProjectArgmax(desc, k, wideVariant);
    break;
  case KernelFamily::LogSoftmaxTopK:
    defineLogSoftmaxTopK(desc, k);
    break;
  }
  return k;
}

} // namespace halide
} // namespace s2s
