//===- s2sc_bench.cpp - Time an s2sc-compiled peers workload ---*- C++ -*-===//
///
/// Times MODEL_translate (greedy, `steps` tokens, every row full length) on
/// one workload of bench/workloads.py and prints bench_common.h's RESULT line.
/// With -DS2S_BEAM (bench/beam.sh): the same workload compiled with beam
/// search, timing NAME_translate_nbest with n_best = 1 (each row's best
/// hypothesis, of any length); the RESULT line then also gives each row's
/// score (`scores=`), for telling a near-tie from a wrong result.
/// With -DS2S_STEPWISE (bench/beam.sh): the greedy library driven through the
/// step-wise API instead, as a caller's own loop would: NAME_encode, then
/// per step NAME_decode_step and the argmax of its logits (the same tokens
/// as NAME_translate's).
/// Threads: HL_NUM_THREADS (the Halide runtime's thread pool).
///
/// Build (peers.sh does): s2sc DIR/model.yaml -o DIR/s2sc, then
///   g++ -O3 -march=native -std=c++17 -DMODEL=bench_small
///       -include DIR/s2sc/bench_small.h bench/s2sc_bench.cpp
///       DIR/s2sc/libbench_small.a -lpthread -ldl -lm
/// Run: s2sc_bench DIR [--runs N] [--warmup N] [--threads N]
///
//===----------------------------------------------------------------------===//
#include "bench_common.h"

#ifndef MODEL
#error "build with -DMODEL=<spec name> -include <DIR>/<spec name>.h"
#endif
#define S2S_CAT_(a, b) a##b
#define S2S_CAT(a, b) S2S_CAT_(a, b)
#define S2S_FN(suffix) S2S_CAT(MODEL, suffix)
#define S2S_STR_(x) #x
#define S2S_STR(x) S2S_STR_(x)

int main(int argc, char **argv) {
  bench::Options o = bench::parseArgs(argc, argv);
  bench::Workload w = bench::readWorkload(o.dir);
  if (w.model != S2S_STR(MODEL))
    bench::die(o.dir + " holds model " + w.model + ", this binary was built for " S2S_STR(MODEL));

  std::vector<int32_t> src = bench::makeSource(w), srcLen(w.batch, w.srcLen);
  std::vector<int32_t> out((size_t)w.batch * w.steps), outLen(w.batch);
  auto *m = S2S_FN(_create)();
  if (!m)
    bench::die(std::string("create failed: ") + S2S_FN(_last_error)(nullptr));
#ifdef S2S_BEAM
  std::vector<float> scores(w.batch);
  auto run = [&] {
    if (S2S_FN(_translate_nbest)(m, src.data(), srcLen.data(), w.batch, w.srcLen, 1, out.data(),
                                 outLen.data(), w.steps, scores.data()))
      bench::die(std::string("translate_nbest failed: ") + S2S_FN(_last_error)(m));
  };
#elif defined(S2S_STEPWISE)
  auto *state = S2S_FN(_state_create)(m, w.batch, w.srcLen);
  if (!state)
    bench::die(std::string("state_create failed: ") + S2S_FN(_last_error)(m));
  std::vector<float> logits((size_t)w.batch * w.vocab);
  std::vector<int32_t> prev(w.batch);
  auto run = [&] {
    if (S2S_FN(_encode)(m, state, src.data(), srcLen.data(), w.batch, w.srcLen))
      bench::die(std::string("encode failed: ") + S2S_FN(_last_error)(m));
    for (int t = 0; t < w.steps; ++t) {
      if (S2S_FN(_decode_step)(m, state, t ? prev.data() : nullptr, w.batch, logits.data()))
        bench::die(std::string("decode_step failed: ") + S2S_FN(_last_error)(m));
      for (int b = 0; b < w.batch; ++b) {
        const float *row = &logits[(size_t)b * w.vocab];
        prev[b] = int32_t(std::max_element(row, row + w.vocab) - row);
        out[(size_t)b * w.steps + t] = prev[b];
        outLen[b] = t + 1;
      }
    }
  };
#else
  auto run = [&] {
    if (S2S_FN(_translate)(m, src.data(), srcLen.data(), w.batch, w.srcLen, out.data(),
                           outLen.data(), w.steps, nullptr))
      bench::die(std::string("translate failed: ") + S2S_FN(_last_error)(m));
  };
#endif
  run();
#ifndef S2S_BEAM
  for (int b = 0; b < w.batch; ++b)
    if (outLen[b] != w.steps) {
      std::fprintf(stderr,
                   "error: row %d stopped after %d of %d tokens (emitted eos %d): the peers "
                   "decode a fixed number of steps, so the timing would not compare\n",
                   b, outLen[b], w.steps, w.eos);
      return 3;
    }
#ifdef S2S_STEPWISE
  const char *impl = "s2sc_step";
#else
  const char *impl = "s2sc";
#endif
#else
  const char *impl = "s2sc_beam";
#endif
  double ms = bench::medianMs(o, run);
#ifdef S2S_BEAM
  bench::printResult(impl, w, o, ms, out, scores);
#else
  bench::printResult(impl, w, o, ms, out);
#endif
#ifdef S2S_STEPWISE
  S2S_FN(_state_destroy)(state);
#endif
  S2S_FN(_destroy)(m);
  return 0;
}
