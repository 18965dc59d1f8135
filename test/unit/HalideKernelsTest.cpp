//===- HalideKernelsTest.cpp - Halide kernels against naive loops -*- C++ -*-===//
///
/// JIT-realizes every kernel family with the schedules chosen for several x86
/// targets (SSE4.1, AVX2, the host's AVX-512 where present) on seeded random
/// data and compares with naive double-precision loops written here, within
/// 1e-5 relative. The sizes hit the tails the schedules must handle (H = 100,
/// H = 8 under 16 lanes, V = 13) and both batch paths (one column, column
/// tiles, parallel rows). Then the AOT entry points: objects and statements
/// for named targets, target resolution and the errors for bad input.
/// Set S2S_TEST_SEED to change the seed.
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "s2s/Support/GateLayout.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>

using namespace s2s::halide;
using Halide::Buffer;

namespace {

constexpr double kRelTol = 1e-5;

unsigned testSeed() {
  if (const char *s = std::getenv("S2S_TEST_SEED"))
    return static_cast<unsigned>(std::strtoul(s, nullptr, 10));
  return 20240611u;
}

/// JIT targets by short name: "host" plus narrower x86 variants, so the 4-,
/// 8- and (on AVX-512 hosts) 16-lane schedules all run. A variant this CPU
/// cannot execute is skipped.
const char *const kJitTargets[] = {"host", "avx2", "sse41"};

bool jitTarget(const std::string &name, Halide::Target &target) {
  Halide::Target host = Halide::get_host_target();
  if (name == "host") {
    target = host;
    return true;
  }
  if (host.arch != Halide::Target::X86 || host.bits != 64)
    return false;
  if (name == "avx2") {
    target = Halide::Target("x86-64-linux-avx2-fma-f16c-sse41");
    return host.has_feature(Halide::Target::AVX2) &&
           host.has_feature(Halide::Target::FMA) &&
           host.has_feature(Halide::Target::F16C);
  }
  target = Halide::Target("x86-64-linux-sse41");
  return host.has_feature(Halide::Target::SSE41);
}

template <typename T> void fillUniform(Buffer<T> &b, std::mt19937 &rng, double lo, double hi) {
  std::uniform_real_distribution<double> dist(lo, hi);
  b.for_each_value([&](T &v) { v = static_cast<T>(dist(rng)); });
}

/// |got - ref| <= tol * max(|ref|, scale); `scale` is the natural error scale
/// of the value (sum of |terms| of a dot product, 1 for gate outputs).
::testing::AssertionResult close(double got, double ref, double scale) {
  double bound = kRelTol * std::max(std::fabs(ref), scale);
  if (std::fabs(got - ref) <= bound && !std::isnan(got))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << got << ", expected " << ref << " (bound " << bound << ")";
}

KernelDesc gatherDesc(int e, int v) {
  KernelDesc d;
  d.name = "gather_test";
  d.family = KernelFamily::Gather;
  d.embed = e;
  d.vocab = v;
  return d;
}

KernelDesc matmulDesc(int k, int j) {
  KernelDesc d;
  d.name = "matmul_test";
  d.family = KernelFamily::Matmul;
  d.input = k;
  d.output = j;
  return d;
}

KernelDesc lstmDesc(int h, const std::string &act) {
  KernelDesc d;
  d.name = "lstm_step_test";
  d.family = KernelFamily::LstmStep;
  d.hidden = h;
  d.gateActivation = act;
  return d;
}

KernelDesc projectDesc(int h, int v) {
  KernelDesc d;
  d.name = "project_argmax_test";
  d.family = KernelFamily::ProjectArgmax;
  d.hidden = h;
  d.vocab = v;
  return d;
}

//===----------------------------------------------------------------------===//
// Reference loops (double precision)
//===----------------------------------------------------------------------===//

/// out(j, n) = bias(j) + sum_k wt(j, k) x(k, n); scale(j, n) = sum of |terms|.
void refMatvec(const Buffer<float> &x, const Buffer<float> &wt,
               const std::vector<double> &init, int cols,
               std::vector<double> &out, std::vector<double> &scale) {
  const int jj = wt.dim(0).extent(), kk = wt.dim(1).extent();
  out.assign(size_t(jj) * cols, 0);
  scale.assign(size_t(jj) * cols, 0);
  for (int n = 0; n < cols; ++n)
    for (int j = 0; j < jj; ++j) {
      double s = init[size_t(n) * jj + j], a = std::fabs(s);
      for (int k = 0; k < kk; ++k) {
        double t = double(wt(j, k)) * double(x(k, n));
        s += t;
        a += std::fabs(t);
      }
      out[size_t(n) * jj + j] = s;
      scale[size_t(n) * jj + j] = a;
    }
}

double refGate(const std::string &act, double x) {
  if (act == "hard_sigmoid")
    return std::min(1.0, std::max(0.0, 0.2 * x + 0.5));
  if (act == "hard_sigmoid_v3")
    return std::min(1.0, std::max(0.0, x / 6 + 0.5));
  return 1 / (1 + std::exp(-x));
}

//===----------------------------------------------------------------------===//
// Runners
//===----------------------------------------------------------------------===//

void checkGather(int e, int v, int n, const Halide::Target &target,
                 std::mt19937 &rng, const std::string &schedule = "default") {
  SCOPED_TRACE("gather E=" + std::to_string(e) + " V=" + std::to_string(v) +
               " N=" + std::to_string(n) + " " + schedule);
  KernelDesc d = gatherDesc(e, v);
  d.schedule = schedule;
  KernelPipeline kp = buildKernelPipeline(d, target);
  Buffer<int32_t> tokens(n);
  std::uniform_int_distribution<int> tok(0, v - 1);
  tokens.for_each_value([&](int32_t &t) { t = tok(rng); });
  Buffer<float> table(e, v);
  fillUniform(table, rng, -1, 1);
  kp.funcs.inputs[0].set(tokens);
  kp.funcs.inputs[1].set(table);
  Buffer<float> out(e, n);
  kp.pipeline.realize(out, target);
  for (int c = 0; c < n; ++c)
    for (int r = 0; r < e; ++r)
      ASSERT_EQ(out(r, c), table(r, tokens(c))) << "at e=" << r << " n=" << c;
}

/// `variant`: "linear" or "tanh" (Matmul's activation) or "add" (MatmulAdd).
void checkMatmul(int k, int j, int n, const Halide::Target &target,
                 std::mt19937 &rng, const std::string &schedule = "default",
                 const std::string &variant = "linear") {
  SCOPED_TRACE("matmul K=" + std::to_string(k) + " J=" + std::to_string(j) +
               " N=" + std::to_string(n) + " " + variant + " " + schedule);
  const bool add = variant == "add";
  KernelDesc d = matmulDesc(k, j);
  d.schedule = schedule;
  if (add)
    d.family = KernelFamily::MatmulAdd;
  else
    d.activation = variant;
  KernelPipeline kp = buildKernelPipeline(d, target);
  Buffer<float> x(k, n), wt(j, k), bias(j), addend(j, n);
  fillUniform(x, rng, -1, 1);
  fillUniform(wt, rng, -1 / std::sqrt(k), 1 / std::sqrt(k));
  fillUniform(bias, rng, -1, 1);
  fillUniform(addend, rng, -1, 1);
  kp.funcs.inputs[0].set(x);
  kp.funcs.inputs[1].set(wt);
  if (add)
    kp.funcs.inputs[2].set(addend);
  else
    kp.funcs.inputs[2].set(bias);
  Buffer<float> out(j, n);
  kp.pipeline.realize(out, target);

  std::vector<double> init(size_t(j) * n), ref, scale;
  for (int c = 0; c < n; ++c)
    for (int r = 0; r < j; ++r)
      init[size_t(c) * j + r] = add ? addend(r, c) : bias(r);
  refMatvec(x, wt, init, n, ref, scale);
  for (int c = 0; c < n; ++c)
    for (int r = 0; r < j; ++r) {
      double want = ref[size_t(c) * j + r], sc = scale[size_t(c) * j + r];
      if (variant == "tanh") {
        // tanh' <= 1: the sum's error scale carries over.
        want = std::tanh(want);
      }
      ASSERT_TRUE(close(out(r, c), want, sc)) << "at j=" << r << " n=" << c;
    }
}

void checkLstmStep(int h, int b, const std::string &act,
                   const Halide::Target &target, std::mt19937 &rng,
                   const std::string &schedule = "default") {
  SCOPED_TRACE("lstm_step H=" + std::to_string(h) + " B=" + std::to_string(b) +
               " " + act + " " + schedule);
  KernelDesc d = lstmDesc(h, act);
  d.schedule = schedule;
  KernelPipeline kp = buildKernelPipeline(d, target);
  Buffer<float> xg(4 * h, b), wt(4 * h, h), hIn(h, b), cIn(h, b);
  fillUniform(xg, rng, -2, 2);
  // wt(column, k) is W_hh^T in the gate layout; the kernel takes it packed
  // block by block (recurrentWeightIndex into the dense [H, 4H] buffer).
  fillUniform(wt, rng, -2 / std::sqrt(h), 2 / std::sqrt(h));
  Buffer<float> whht(4 * h, h);
  for (int g = 0; g < 4; ++g)
    for (int x = 0; x < h; ++x)
      for (int k = 0; k < h; ++k)
        whht.data()[s2s::recurrentWeightIndex(g, x, k, h)] = wt(s2s::gateColumn(g, x, h), k);
  fillUniform(hIn, rng, -1, 1);
  fillUniform(cIn, rng, -2, 2);
  // t = 2: rows with limit <= 2 are finished and must be copied through;
  // row 0 is always live and, with B >= 2, row 1 always finished.
  const int t = 2;
  Buffer<int32_t> limit(b);
  std::uniform_int_distribution<int> lim(0, 5);
  limit.for_each_value([&](int32_t &l) { l = lim(rng); });
  limit(0) = 3;
  if (b > 1)
    limit(1) = 2;
  kp.funcs.inputs[0].set(xg);
  kp.funcs.inputs[1].set(whht);
  kp.funcs.inputs[2].set(hIn);
  kp.funcs.inputs[3].set(cIn);
  kp.funcs.inputs[4].set(limit);
  kp.funcs.step.set(t);
  Buffer<float> hOut(h, b), cOut(h, b);
  kp.pipeline.realize({hOut, cOut}, target);

  std::vector<double> init(size_t(4 * h) * b), z, scale;
  for (int c = 0; c < b; ++c)
    for (int r = 0; r < 4 * h; ++r)
      init[size_t(c) * 4 * h + r] = xg(r, c);
  refMatvec(hIn, wt, init, b, z, scale);
  for (int c = 0; c < b; ++c) {
    const double *zc = &z[size_t(c) * 4 * h];
    for (int x = 0; x < h; ++x) {
      if (t >= limit(c)) {
        ASSERT_EQ(hOut(x, c), hIn(x, c)) << "masked row " << c << " x=" << x;
        ASSERT_EQ(cOut(x, c), cIn(x, c)) << "masked row " << c << " x=" << x;
        continue;
      }
      // Gate g of unit x sits in column gateColumn(g, x, h) (GateLayout.h).
      auto pre = [&](int g) { return zc[s2s::gateColumn(g, x, h)]; };
      double i = refGate(act, pre(0)), f = refGate(act, pre(1));
      double g = std::tanh(pre(2)), o = refGate(act, pre(3));
      double cRef = f * cIn(x, c) + i * g;
      double hRef = o * std::tanh(cRef);
      ASSERT_TRUE(close(cOut(x, c), cRef, 1)) << "c at x=" << x << " b=" << c;
      ASSERT_TRUE(close(hOut(x, c), hRef, 1)) << "h at x=" << x << " b=" << c;
    }
  }
}

/// Lowest index of the maximum of column `c` of `logits`.
int lowestArgmax(const Buffer<float> &logits, int c) {
  int best = 0;
  for (int v = 1; v < logits.dim(0).extent(); ++v)
    if (logits(v, c) > logits(best, c))
      best = v;
  return best;
}

struct ProjectResult {
  Buffer<float> logits;
  Buffer<int32_t> tokens;
};

ProjectResult runProject(int h, int v, const Buffer<float> &hIn,
                         const Buffer<float> &wt, const Buffer<float> &bias,
                         const Halide::Target &target,
                         const std::string &schedule = "default") {
  KernelDesc d = projectDesc(h, v);
  d.schedule = schedule;
  KernelPipeline kp = buildKernelPipeline(d, target);
  kp.funcs.inputs[0].set(hIn);
  kp.funcs.inputs[1].set(wt);
  kp.funcs.inputs[2].set(bias);
  const int b = hIn.dim(1).extent();
  ProjectResult r{Buffer<float>(v, b), Buffer<int32_t>(b)};
  kp.pipeline.realize({r.logits, r.tokens}, target);
  return r;
}

void checkProjectArgmax(int h, int v, int b, const Halide::Target &target,
                        std::mt19937 &rng,
                        const std::string &schedule = "default") {
  SCOPED_TRACE("project_argmax H=" + std::to_string(h) + " V=" +
               std::to_string(v) + " B=" + std::to_string(b) + " " + schedule);
  Buffer<float> hIn(h, b), wt(v, h), bias(v);
  fillUniform(hIn, rng, -1, 1);
  fillUniform(wt, rng, -1 / std::sqrt(h), 1 / std::sqrt(h));
  fillUniform(bias, rng, -1, 1);
  ProjectResult r = runProject(h, v, hIn, wt, bias, target, schedule);

  std::vector<double> init(size_t(v) * b), ref, scale;
  for (int c = 0; c < b; ++c)
    for (int x = 0; x < v; ++x)
      init[size_t(c) * v + x] = bias(x);
  refMatvec(hIn, wt, init, b, ref, scale);
  for (int c = 0; c < b; ++c) {
    for (int x = 0; x < v; ++x)
      ASSERT_TRUE(close(r.logits(x, c), ref[size_t(c) * v + x],
                        scale[size_t(c) * v + x]))
          << "logit v=" << x << " b=" << c;
    // The token is the argmax of the logits the kernel itself produced
    // (exact; near-ties may differ from the double reference by rounding).
    ASSERT_EQ(r.tokens(c), lowestArgmax(r.logits, c)) << "token b=" << c;
  }
}

/// LogSoftmaxTopK on `logits` (V, N): the M best tokens of each row by
/// (logit descending, token ascending) exactly, and log_softmax at them
/// within 1e-5 of a double-precision reference.
void checkTopK(const Buffer<float> &logits, int m, const Halide::Target &target,
               const std::string &schedule = "default") {
  const int v = logits.dim(0).extent(), n = logits.dim(1).extent();
  SCOPED_TRACE("log_softmax_top_k V=" + std::to_string(v) + " M=" + std::to_string(m) +
               " N=" + std::to_string(n) + " " + schedule);
  KernelDesc d;
  d.name = "log_softmax_top_k_test";
  d.family = KernelFamily::LogSoftmaxTopK;
  d.vocab = v;
  d.candidates = m;
  d.schedule = schedule;
  KernelPipeline kp = buildKernelPipeline(d, target);
  kp.funcs.inputs[0].set(logits);
  Buffer<float> scores(m, n);
  Buffer<int32_t> tokens(m, n);
  kp.pipeline.realize({scores, tokens}, target);
  for (int c = 0; c < n; ++c) {
    std::vector<int> order(v);
    for (int x = 0; x < v; ++x)
      order[x] = x;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return logits(a, c) > logits(b, c); });
    double mx = logits(order[0], c), sum = 0;
    for (int x = 0; x < v; ++x)
      sum += std::exp(double(logits(x, c)) - mx);
    for (int k = 0; k < m; ++k) {
      ASSERT_EQ(tokens(k, c), order[k]) << "rank " << k << " row " << c;
      double want = double(logits(order[k], c)) - mx - std::log(sum);
      ASSERT_NEAR(scores(k, c), want, 1e-5 * std::max(1.0, std::fabs(want)))
          << "rank " << k << " row " << c;
    }
  }
}

void checkLogSoftmaxTopK(int v, int m, int n, const Halide::Target &target, std::mt19937 &rng,
                         const std::string &schedule = "default") {
  Buffer<float> logits(v, n);
  fillUniform(logits, rng, -4, 4);
  // Ties across the ranks (equal logits keep token order) and a large
  // logit (the max subtraction keeps exp finite).
  if (v >= 6)
    for (int c = 0; c < n; ++c) {
      logits(v - 1, c) = logits(1, c) = logits(4, c) = 5;
      logits(2, c) = c % 2 ? 90.0f : logits(2, c);
    }
  checkTopK(logits, m, target, schedule);
}

//===----------------------------------------------------------------------===//
// JIT tests
//===----------------------------------------------------------------------===//

/// One suite per JIT target, so ctest can run them side by side.
class HalideKernels : public ::testing::TestWithParam<const char *> {
protected:
  void SetUp() override {
    if (!jitTarget(GetParam(), target))
      GTEST_SKIP() << "this CPU cannot run " << GetParam();
    std::printf("[target] %s: %s, %d float lanes\n", GetParam(),
                target.to_string().c_str(),
                target.natural_vector_size<float>());
  }
  Halide::Target target;
  std::mt19937 rng{testSeed()};
};

TEST_P(HalideKernels, Gather) {
  for (int e : {8, 13, 100})
    for (int v : {13, 40})
      for (int n : {1, 3})
        checkGather(e, v, n, target, rng);
  // Enough rows for the parallel path.
  checkGather(100, 40, parallelRowThreshold(100 / 4 + 1) + 3, target, rng);
}

TEST_P(HalideKernels, Matmul) {
  // (K, J): tails, tiny sizes, and J*K big enough for parallel column
  // tiles from N = 4 and for splitting a single column across threads.
  const std::pair<int, int> shapes[] = {{8, 13},     {32, 40},  {100, 400},
                                        {100, 8},    {13, 100}, {1, 3},
                                        {1024, 300}, {1024, 4100}};
  for (auto [k, j] : shapes) {
    const int big = std::max(4, parallelRowThreshold(int64_t(k) * j)) + 3;
    // kWideColumns + 1: the wide-batch product (contiguous weight strips)
    // with a shifted-in last column tile.
    for (int n : {1, 3, 4, 5, kWideColumns + 1, std::min(big, 4096)})
      checkMatmul(k, j, n, target, rng);
  }
  // The tanh activation and MatmulAdd's addend, on tails and both batch paths.
  for (const char *variant : {"tanh", "add"})
    for (auto [k, j] : {std::pair<int, int>{8, 13}, {100, 400}})
      for (int n : {1, 5, 57})
        checkMatmul(k, j, n, target, rng, "default", variant);
}

TEST_P(HalideKernels, LstmStep) {
  for (const char *act : {"sigmoid", "hard_sigmoid", "hard_sigmoid_v3"})
    for (int h : {8, 32, 48, 100, 256}) {
      // Every activation at H = 100; sigmoid covers the other sizes: gate
      // blocks of 8, 16 and 4 units, 1-3 blocks per tile, B = 6 shifts the
      // last batch tile inwards, H = 256 splits a single row's tiles.
      if (h != 100 && std::string(act) != "sigmoid")
        continue;
      const int big = parallelRowThreshold(int64_t(4 * h) * h) + 1;
      for (int b : {1, 3, 6, std::min(big, 2048)})
        checkLstmStep(h, b, act, target, rng);
    }
  // One row worth several threads: z's tiles split across threads.
  ASSERT_TRUE(parallelWithinRow(int64_t(4 * 1025) * 1025));
  for (int b : {1, 3})
    checkLstmStep(1025, b, "sigmoid", target, rng);
}

TEST_P(HalideKernels, ProjectArgmax) {
  for (int h : {8, 32, 100})
    for (int v : {13, 40}) {
      const int big = std::max(4, parallelRowThreshold(int64_t(h) * v)) + 3;
      for (int b : {1, 3, 5, kWideColumns + 1, std::min(big, 4096)})
        checkProjectArgmax(h, v, b, target, rng);
    }
}

TEST_P(HalideKernels, LogSoftmaxTopK) {
  for (auto [v, m] : {std::pair<int, int>{13, 5}, {40, 2}, {6, 6}, {1, 1}, {2, 2}, {1000, 9}}) {
    const int big = (32768 + v * (m + 2) - 1) / (v * (m + 2)) + 3; // parallel rows
    for (int n : {1, 3, big})
      checkLogSoftmaxTopK(v, m, n, target, rng);
  }
}

/// Exact ties pick the lowest index, also inside the shifted-in last tile
/// (V = 13 under 8 lanes recomputes columns 5..7) and when all logits tie.
TEST_P(HalideKernels, ArgmaxTiesPickLowestIndex) {
  for (int v : {13, 40}) {
    const int h = 8, b = 5;
    Buffer<float> hIn(h, b), wt(v, h), bias(v);
    fillUniform(hIn, rng, -1, 1);
    fillUniform(wt, rng, -0.1, 0.1);
    fillUniform(bias, rng, -1, 1);
    // Rows 3, 12 and v-1 are the same row with a large bias: equal logits,
    // computed by the same operations in any lane.
    for (int v2 : {12, v - 1})
      for (int k = 0; k < h; ++k)
        wt(v2, k) = wt(3, k);
    bias(3) = bias(12) = bias(v - 1) = 50;
    ProjectResult r = runProject(h, v, hIn, wt, bias, target);
    for (int c = 0; c < b; ++c) {
      ASSERT_EQ(r.logits(3, c), r.logits(12, c));
      EXPECT_EQ(r.tokens(c), 3) << "b=" << c;
    }
    // All logits equal: token 0.
    wt.fill(0.0f);
    bias.fill(-7.0f);
    ProjectResult flat = runProject(h, v, hIn, wt, bias, target);
    for (int c = 0; c < b; ++c)
      EXPECT_EQ(flat.tokens(c), 0) << "b=" << c;
    // A tie at the last two indices only: the lower one.
    bias(v - 2) = bias(v - 1) = 1;
    ProjectResult tail = runProject(h, v, hIn, wt, bias, target);
    for (int c = 0; c < b; ++c)
      EXPECT_EQ(tail.tokens(c), v - 2) << "b=" << c;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, HalideKernels,
                         ::testing::ValuesIn(kJitTargets),
                         [](const ::testing::TestParamInfo<const char *> &i) {
                           return std::string(i.param);
                         });

/// Extents of one (no vector fits) and below every vector width.
TEST_P(HalideKernels, TinySizes) {
  for (int n : {1, 5}) {
    checkGather(1, 1, n, target, rng);
    checkGather(3, 2, n, target, rng);
    checkMatmul(5, 1, n, target, rng);
    checkMatmul(1, 1, n, target, rng);
    checkLstmStep(1, n, "sigmoid", target, rng);
    checkLstmStep(3, n, "hard_sigmoid", target, rng);
    checkProjectArgmax(1, 1, n, target, rng);
    checkProjectArgmax(2, 3, n, target, rng);
  }
}

/// Named variants compute the same results as the default.
TEST(HalideSchedules, Variants) {
  std::mt19937 rng(testSeed() + 5);
  Halide::Target host = Halide::get_host_target();
  for (const char *s : {"serial", "naive"}) {
    checkGather(100, 13, 3, host, rng, s);
    checkMatmul(100, 13, 5, host, rng, s);
    checkMatmul(100, 13, 5, host, rng, s, "tanh");
    checkMatmul(100, 13, 5, host, rng, s, "add");
    checkLstmStep(100, 3, "sigmoid", host, rng, s);
    checkProjectArgmax(32, 13, 3, host, rng, s);
    checkLogSoftmaxTopK(13, 5, 3, host, rng, s);
  }
}

//===----------------------------------------------------------------------===//
// AOT compilation, targets, errors
//===----------------------------------------------------------------------===//

std::string readFile(const std::string &path) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  return buf ? (*buf)->getBuffer().str() : std::string();
}

class HalideCompile : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("s2s-halide", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }
  std::string path(const std::string &name) {
    llvm::SmallString<128> p(dir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  llvm::SmallString<128> dir;
};

std::vector<KernelDesc> modelKernels() {
  KernelDesc g = gatherDesc(64, 1000);
  g.name = "embed";
  KernelDesc m = matmulDesc(64, 400);
  m.name = "input_proj";
  KernelDesc ma = matmulDesc(100, 400);
  ma.name = "peek_gates";
  ma.family = KernelFamily::MatmulAdd;
  KernelDesc mt = matmulDesc(100, 64);
  mt.name = "context_proj";
  mt.activation = "tanh";
  KernelDesc l = lstmDesc(100, "sigmoid");
  l.name = "lstm_step";
  KernelDesc p = projectDesc(100, 13);
  p.name = "project";
  KernelDesc l8 = lstmDesc(8, "hard_sigmoid");
  l8.name = "lstm_step_small";
  return {g, m, ma, mt, l, p, l8};
}

TEST_F(HalideCompile, ObjectsAndStmtForNamedTargets) {
  for (const char *name : {"x86-64-linux-avx2-fma-f16c-sse41",
                           "x86-64-linux-avx512_skylake-avx2-fma-f16c-sse41"}) {
    SCOPED_TRACE(name);
    llvm::Expected<ResolvedTarget> target = resolveTarget(name);
    ASSERT_TRUE(bool(target)) << llvm::toString(target.takeError());
    for (const KernelDesc &k : modelKernels()) {
      SCOPED_TRACE(k.name);
      KernelOutputs out;
      out.object = path(k.name + ".o");
      out.stmt = path(k.name + ".stmt");
      out.assembly = path(k.name + ".s");
      out.schedule = path(k.name + ".schedule.txt");
      auto start = std::chrono::steady_clock::now();
      llvm::Error err = compileKernel(k, *target, out);
      double ms = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - start)
                      .count();
      ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));
      std::printf("[compile] %-16s %-48s %7.1f ms\n", k.name.c_str(), name, ms);
      uint64_t size = 0;
      ASSERT_FALSE(llvm::sys::fs::file_size(out.object, size));
      EXPECT_GT(size, 0u);
      // Halide 14 writes the stmt after vectorisation: vectorised loops
      // appear as dense vector ramps, not as `vectorized` loops.
      std::string stmt = readFile(out.stmt);
      EXPECT_NE(stmt.find("ramp("), std::string::npos);
      EXPECT_NE(readFile(out.schedule).find("lanes"), std::string::npos);
      // The runtime comes from compileRuntime: no definitions here.
      EXPECT_EQ(readFile(out.assembly).find("halide_malloc:"), std::string::npos);
    }
    ASSERT_FALSE(bool(compileRuntime(*target, path("runtime.o"))));
    uint64_t size = 0;
    ASSERT_FALSE(llvm::sys::fs::file_size(path("runtime.o"), size));
    EXPECT_GT(size, 0u);
  }
}

TEST_F(HalideCompile, Avx512StmtUses16Lanes) {
  auto target = resolveTarget("x86-64-linux-avx512_skylake-avx2-fma-f16c-sse41");
  ASSERT_TRUE(bool(target)) << llvm::toString(target.takeError());
  KernelOutputs out;
  out.stmt = path("lstm.stmt");
  // H = 128: gate blocks of 16 units, one 16-lane vector per gate.
  ASSERT_FALSE(bool(compileKernel(lstmDesc(128, "sigmoid"), *target, out)));
  std::string stmt = readFile(out.stmt);
  EXPECT_NE(stmt.find("x16"), std::string::npos);
  // H = 8 under 16 lanes: the pointwise update narrows to 8 lanes.
  ASSERT_FALSE(bool(compileKernel(lstmDesc(8, "sigmoid"), *target, out)));
  stmt = readFile(out.stmt);
  EXPECT_NE(stmt.find("x8"), std::string::npos);
}

/// Every output kind, and a cross target (AArch64, 4-lane NEON).
TEST_F(HalideCompile, AllOutputsAndArm64) {
  auto target = resolveTarget("arm-64-linux");
  ASSERT_TRUE(bool(target)) << llvm::toString(target.takeError());
  KernelOutputs out;
  out.object = path("k.o");
  out.stmt = path("k.stmt");
  out.stmtHtml = path("k.html");
  out.assembly = path("k.s");
  out.llvmIR = path("k.ll");
  out.schedule = path("k.schedule.txt");
  KernelDesc k = lstmDesc(100, "hard_sigmoid_v3");
  k.name = "arm_lstm_step";
  ASSERT_FALSE(bool(compileKernel(k, *target, out)));
  for (const std::string &f : {out.object, out.stmt, out.stmtHtml,
                               out.assembly, out.llvmIR, out.schedule})
    EXPECT_FALSE(readFile(f).empty()) << f;
  EXPECT_NE(readFile(out.llvmIR).find("aarch64"), std::string::npos);
  EXPECT_NE(readFile(out.stmt).find("float32x4"), std::string::npos);
  EXPECT_NE(readFile(out.schedule).find("4 float lanes"), std::string::npos);
}

TEST(HalideTargets, Resolve) {
  auto avx2 = resolveTarget("x86-64-linux-avx2-fma-f16c-sse41");
  ASSERT_TRUE(bool(avx2)) << llvm::toString(avx2.takeError());
  EXPECT_EQ(avx2->triple, "x86_64-unknown-linux-gnu");
  EXPECT_EQ(avx2->cpu, "x86-64");
  EXPECT_NE(avx2->features.find("+avx2"), std::string::npos);
  EXPECT_NE(avx2->features.find("+fma"), std::string::npos);
  EXPECT_EQ(avx2->vectorBytes, 32);

  auto avx512 = resolveTarget("x86-64-linux-avx512_skylake-avx2-fma-f16c-sse41");
  ASSERT_TRUE(bool(avx512)) << llvm::toString(avx512.takeError());
  EXPECT_NE(avx512->features.find("+avx512bw"), std::string::npos);
  EXPECT_EQ(avx512->vectorBytes, 64);

  auto arm = resolveTarget("arm-64-linux");
  ASSERT_TRUE(bool(arm)) << llvm::toString(arm.takeError());
  EXPECT_EQ(arm->triple, "aarch64-unknown-linux-gnu");
  EXPECT_EQ(arm->vectorBytes, 16);

  auto host = resolveTarget("host");
  ASSERT_TRUE(bool(host)) << llvm::toString(host.takeError());
  EXPECT_FALSE(host->cpu.empty());
  EXPECT_FALSE(host->halideTarget.empty());
}

TEST(HalideTargets, RejectsBadString) {
  for (const char *bad : {"xyz", "", "x86-64-linux-avx9000"}) {
    auto t = resolveTarget(bad);
    ASSERT_FALSE(bool(t)) << bad;
    std::string msg = llvm::toString(t.takeError());
    EXPECT_NE(msg.find("unknown target '" + std::string(bad) + "'"),
              std::string::npos)
        << msg;
  }
  auto wasm = resolveTarget("wasm-32-wasmrt");
  ASSERT_FALSE(bool(wasm));
  EXPECT_NE(llvm::toString(wasm.takeError()).find("supported"),
            std::string::npos);
}

TEST_F(HalideCompile, RejectsBadDescriptions) {
  auto target = resolveTarget("x86-64-linux-avx2-fma-f16c-sse41");
  ASSERT_TRUE(bool(target)) << llvm::toString(target.takeError());
  KernelOutputs out;
  out.object = path("bad.o");

  auto expectError = [&](const KernelDesc &k, const std::string &needle) {
    llvm::Error err = compileKernel(k, *target, out);
    ASSERT_TRUE(bool(err)) << needle;
    std::string msg = llvm::toString(std::move(err));
    EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    EXPECT_FALSE(llvm::sys::fs::exists(out.object));
  };
  KernelDesc zero = lstmDesc(0, "sigmoid");
  expectError(zero, "kernel 'lstm_step_test': 'hidden' must be a positive "
                    "integer, got 0");
  expectError(lstmDesc(16, "relu"), "unknown gate activation 'relu'");
  expectError(matmulDesc(-3, 8), "'input' must be a positive integer, got -3");
  KernelDesc relu = matmulDesc(8, 8);
  relu.activation = "relu";
  expectError(relu, "unknown activation 'relu'");
  KernelDesc addZero = matmulDesc(8, 0);
  addZero.family = KernelFamily::MatmulAdd;
  expectError(addZero, "'output' must be a positive integer, got 0");
  expectError(gatherDesc(8, 0), "'vocab' must be a positive integer");
  expectError(projectDesc(1 << 20, 1 << 20), "exceeds");
  KernelDesc badName = matmulDesc(8, 8);
  badName.name = "my-kernel";
  expectError(badName, "not a C identifier");
  KernelDesc badSchedule = matmulDesc(8, 8);
  badSchedule.schedule = "fastest";
  expectError(badSchedule, "unknown schedule 'fastest'");
  ResolvedTarget bogus = *target;
  bogus.halideTarget = "nonsense";
  llvm::Error err = compileKernel(matmulDesc(8, 8), bogus, out);
  ASSERT_TRUE(bool(err));
  EXPECT_NE(llvm::toString(std::move(err)).find("unknown target 'nonsense'"),
            std::string::npos);
}

} // namespace
