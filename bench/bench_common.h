//===- bench_common.h - Shared by the peers benchmarks ---------*- C++ -*-===//
///
/// What s2sc_bench.cpp and onednn_bench.cpp share with torch_bench.py: the
/// workload.txt reader, the source tokens, the token checksum, the timing
/// loop and the result line peers.sh parses:
///
///   RESULT impl=NAME workload=W threads=N batch=B steps=S runs=R
///          median_ms=X checksum=XXXXXXXX first8=t0,t1,...,t7
///
/// (one line). checksum: FNV-1a (32 bit) over every output token, row-major
/// [batch][steps], each as 4 little-endian bytes; first8: row 0's first 8.
///
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bench {

[[noreturn]] inline void die(const std::string &msg) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  std::exit(1);
}

struct Workload {
  std::string dir, name, model;
  int vocab = 0, embed = 0, hidden = 0, layers = 0, srcLen = 0, steps = 0, batch = 0;
  bool peek = false;
  int bos = 1, eos = 0;
};

inline Workload readWorkload(const std::string &dir) {
  std::ifstream f(dir + "/workload.txt");
  if (!f)
    die("cannot open " + dir + "/workload.txt (run bench/workloads.py first)");
  std::map<std::string, std::string> kv;
  std::string k, v;
  while (f >> k >> v)
    kv[k] = v;
  auto num = [&](const char *key) {
    auto it = kv.find(key);
    if (it == kv.end())
      die(dir + "/workload.txt: missing key '" + key + "'");
    return std::atoi(it->second.c_str());
  };
  Workload w;
  w.dir = dir;
  w.name = kv["name"];
  w.model = kv["model"];
  w.vocab = num("vocab");
  w.embed = num("embed");
  w.hidden = num("hidden");
  w.layers = num("layers");
  w.srcLen = num("src_len");
  w.steps = num("steps");
  w.batch = num("batch");
  w.peek = num("peek") != 0;
  w.bos = num("bos");
  w.eos = num("eos");
  return w;
}

/// [batch][srcLen] row-major: src[b][t] = (7 + 13 t + 31 b) % V.
inline std::vector<int32_t> makeSource(const Workload &w) {
  std::vector<int32_t> src((size_t)w.batch * w.srcLen);
  for (int b = 0; b < w.batch; ++b)
    for (int t = 0; t < w.srcLen; ++t)
      src[(size_t)b * w.srcLen + t] = (7 + 13 * t + 31 * b) % w.vocab;
  return src;
}

inline uint32_t fnv1a(const std::vector<int32_t> &tokens) {
  uint32_t h = 0x811C9DC5u;
  for (int32_t t : tokens) {
    uint32_t u = (uint32_t)t;
    for (int i = 0; i < 4; ++i) {
      h ^= (u >> (8 * i)) & 0xFFu;
      h *= 0x01000193u;
    }
  }
  return h;
}

struct Options {
  std::string dir;
  int runs = 10, warmup = 2, threads = 0;
};

/// BENCH DIR [--runs N] [--warmup N] [--threads N]; --threads is only
/// reported (the environment sets the thread count: HL_NUM_THREADS for s2sc,
/// OMP_NUM_THREADS for oneDNN); without it, those variables are reported.
inline Options parseArgs(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> int {
      if (i + 1 >= argc)
        die(a + " needs a value");
      return std::atoi(argv[++i]);
    };
    if (a == "--runs")
      o.runs = std::max(1, next());
    else if (a == "--warmup")
      o.warmup = std::max(0, next());
    else if (a == "--threads")
      o.threads = next();
    else if (!a.empty() && a[0] != '-' && o.dir.empty())
      o.dir = a;
    else
      die("usage: " + std::string(argv[0]) +
          " WORKLOAD_DIR [--runs N] [--warmup N] [--threads N]");
  }
  if (o.dir.empty())
    die("usage: " + std::string(argv[0]) + " WORKLOAD_DIR [--runs N] [--warmup N] [--threads N]");
  if (o.threads == 0)
    for (const char *var : {"HL_NUM_THREADS", "OMP_NUM_THREADS"})
      if (const char *s = std::getenv(var)) {
        o.threads = std::atoi(s);
        break;
      }
  return o;
}

/// Median milliseconds of `runs` calls after `warmup` untimed ones.
inline double medianMs(const Options &o, const std::function<void()> &run) {
  for (int i = 0; i < o.warmup; ++i)
    run();
  std::vector<double> ms;
  for (int i = 0; i < o.runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    run();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  size_t n = ms.size();
  return n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
}

/// tokens: [batch][steps] row-major.
inline void printResult(const char *impl, const Workload &w, const Options &o, double ms,
                        const std::vector<int32_t> &tokens,
                        const std::vector<float> &scores = {}) {
  std::printf("RESULT impl=%s workload=%s threads=%d batch=%d steps=%d runs=%d median_ms=%.4f "
              "checksum=%08x first8=",
              impl, w.name.c_str(), o.threads, w.batch, w.steps, o.runs, ms, fnv1a(tokens));
  for (int s = 0; s < std::min(8, w.steps); ++s)
    std::printf("%s%d", s ? "," : "", tokens[s]);
  // Beam search: each row's best score, printed as Python's repr of the
  // float does.
  for (size_t b = 0; b < scores.size(); ++b)
    std::printf("%s%.9g", b ? "," : " scores=", scores[b]);
  std::printf("\n");
  std::fflush(stdout);
}

} // namespace bench
