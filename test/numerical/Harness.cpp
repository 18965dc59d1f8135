//===- Harness.cpp - Compile, run and compare generated models -*- C++ -*-===//
///
/// Runner file formats (native int32/float, little-endian on the hosts we
/// run on). Input: magic "S2IN", batch, max_src_len, max_out (steps for
/// vector targets), vocab (target dim for vector targets), want_logits,
/// [vector sources: src dim], src, src_len. Output: magic "S2UT", rc,
/// guards_ok, null_logits_same, repeat_same, error length, error bytes, out,
/// then for token targets out_len and logits.
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <algorithm>
#include <dlfcn.h>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace s2sharness;

#ifndef S2SC_PATH
#define S2SC_PATH ""
#endif
#ifndef S2S_CC
#define S2S_CC "cc"
#endif
#ifndef S2S_CXX
#define S2S_CXX "c++"
#endif
#ifndef S2S_NUMERICAL_SOURCE_DIR
#define S2S_NUMERICAL_SOURCE_DIR "."
#endif
#ifndef S2S_NUMERICAL_WORK_DIR
#define S2S_NUMERICAL_WORK_DIR "."
#endif

static const int32_t kMagicIn = 0x4e493253;  // "S2IN"
static const int32_t kMagicOut = 0x54553253; // "S2UT"

static std::string getEnv(const char *name, const std::string &def) {
  const char *v = std::getenv(name);
  return v && *v ? std::string(v) : def;
}

Env s2sharness::loadEnv(const std::string &testName) {
  Env e;
  e.s2sc = getEnv("S2SC", S2SC_PATH);
  e.cc = getEnv("S2S_CC", S2S_CC);
  e.cxx = getEnv("S2S_CXX", S2S_CXX);
  e.sourceDir = S2S_NUMERICAL_SOURCE_DIR;
  e.workDir = getEnv("S2S_WORK_DIR", S2S_NUMERICAL_WORK_DIR) + "/" + testName;
  e.runnerLdflags = getEnv("S2S_RUNNER_LDFLAGS", "");
  e.caseFilter = getEnv("S2S_CASES", "");
  e.targetOverride = getEnv("S2S_TARGET", "");
  std::string seed = getEnv("S2S_SEED", "");
  e.seedOverridden = !seed.empty();
  e.seed = seed.empty() ? 20240611 : std::strtoull(seed.c_str(), nullptr, 0);
  e.stage = getEnv("S2S_STAGE", "");
  std::string rtol = getEnv("S2S_RTOL", "");
  if (!rtol.empty())
    e.rtol = std::strtod(rtol.c_str(), nullptr);
  return e;
}

std::string s2sharness::skipReason(const Env &env) {
  std::error_code ec;
  if (!env.stage.empty() && env.stage != "build" && env.stage != "run")
    return "unknown S2S_STAGE '" + env.stage + "' (expected build or run)";
  if (env.stage == "run")
    return ""; // runs what an earlier build stage compiled: no s2sc needed
  if (env.s2sc.empty())
    return "no s2sc path configured (set S2SC)";
  if (!fs::exists(env.s2sc, ec))
    return "s2sc not built at " + env.s2sc;
  return "";
}

std::string s2sharness::shellQuote(const std::string &s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

bool s2sharness::writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), std::streamsize(bytes.size()));
  return bool(f);
}

bool s2sharness::readFile(const std::string &path, std::string &bytes) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  bytes = ss.str();
  return true;
}

bool s2sharness::caseEnvironment(const Env &env, bool cppSource, bool aarch64, Env &out,
                                 std::string &runner) {
  out = env;
  out.cppSource = cppSource;
  if (cppSource)
    out.runnerLdflags += " -lstdc++"; // Halide's C++ kernels; the runners are C
  if (!aarch64)
    return true;
  Aarch64Cross cross;
  if (!findAarch64Cross(cross))
    return false;
  out.cc = cross.cc;
  out.runnerLdflags += " " + cross.ldflags;
  runner = cross.runnerPrefix + " " + runner;
  return true;
}

int s2sharness::compareOutputLines(const std::string &cmd, const std::string &outPath,
                                   const std::string &logPath, const std::vector<std::string> &want,
                                   std::ostream &log) {
  std::string output, logText;
  if (runCommand(cmd, logPath, &logText) != 0 || !readFile(outPath, output)) {
    log << "  MISMATCH did not run: " << cmd << "\n" << logText;
    return 1;
  }
  std::istringstream lines(output);
  int failures = 0;
  for (const std::string &w : want) {
    std::string line;
    std::getline(lines, line);
    if (line != w) {
      log << "  MISMATCH got '" << line << "', want '" << w << "'\n";
      ++failures;
    }
  }
  return failures;
}

int s2sharness::runCommand(const std::string &cmd, const std::string &logPath,
                           std::string *log) {
  std::string full = "(" + cmd + ") > " + shellQuote(logPath) + " 2>&1";
  int status = std::system(full.c_str());
  if (log && !readFile(logPath, *log))
    log->clear();
  if (status == -1 || !WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

bool s2sharness::freshDir(const std::string &path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  return fs::create_directories(path, ec) && !ec;
}

bool s2sharness::haveCudaDriver() {
  void *lib = dlopen("libcuda.so", RTLD_LAZY | RTLD_LOCAL);
  if (lib)
    dlclose(lib);
  return lib != nullptr;
}

bool s2sharness::findAarch64Cross(Aarch64Cross &out) {
  auto envOr = [](const char *name, const char *def) -> std::string {
    const char *v = std::getenv(name);
    return v && *v ? v : def;
  };
  auto have = [](const std::string &program) {
    return std::system(("command -v " + shellQuote(program) + " >/dev/null 2>&1").c_str()) == 0;
  };
  out.cc = envOr("S2S_AARCH64_CC", "aarch64-linux-gnu-gcc");
  out.ldflags = envOr("S2S_AARCH64_LDFLAGS", "");
  out.qemu = envOr("S2S_QEMU_AARCH64", "qemu-aarch64-static");
  out.sysroot = envOr("S2S_AARCH64_SYSROOT", "/usr/aarch64-linux-gnu");
  out.runnerPrefix = shellQuote(out.qemu) + " -L " + shellQuote(out.sysroot);
  std::error_code ec;
  return have(out.cc) && have(out.qemu) && std::filesystem::is_directory(out.sysroot + "/lib", ec);
}

uint64_t s2sharness::caseSeed(uint64_t global, int index) {
  s2sgen::Rng r(global * 0x100000001b3ull + uint64_t(index) * 0x9e37ull);
  return r.next();
}

static std::string listDir(const std::string &dir) {
  std::string out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec))
    out += " " + e.path().filename().string();
  return out.empty() ? " (empty)" : out;
}

/// Builds the sources of `s2sc --emit=cpp` in cm.dir into libNAME.a: every
/// .cpp compiled on its own with -O2 -Wall -Wextra (no Halide or LLVM
/// include path), a warning counting as a failure.
static bool buildCppPackage(const Env &env, const CompiledModel &cm,
                            std::string &err) {
  std::vector<std::string> sources;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(cm.dir, ec))
    if (e.path().extension() == ".cpp")
      sources.push_back(e.path().string());
  std::sort(sources.begin(), sources.end());
  for (const char *part : {"_host.cpp", "_runtime.cpp"})
    if (!fs::exists(cm.dir + "/" + cm.name + part, ec)) {
      err = "s2sc --emit=cpp wrote no " + cm.name + part + "; the directory holds:" +
            listDir(cm.dir);
      return false;
    }
  std::string objects;
  for (const std::string &src : sources) {
    std::string obj = src.substr(0, src.size() - 4) + ".o", log;
    std::string cmd = env.cxx + " -O2 -Wall -Wextra -c " + shellQuote(src) +
                      " -o " + shellQuote(obj);
    int rc = runCommand(cmd, obj + ".log", &log);
    if (rc != 0 || log.find("warning:") != std::string::npos) {
      err = "building the C++ package failed" +
            std::string(rc == 0 ? " (warnings)" : "") + ": " + cmd + "\n" + log;
      return false;
    }
    objects += " " + shellQuote(obj);
  }
  std::string lib = cm.dir + "/lib" + cm.name + ".a", log;
  std::string cmd = env.ar + " rcs " + shellQuote(lib) + objects;
  if (runCommand(cmd, lib + ".log", &log) != 0) {
    err = "archiving the C++ package failed: " + cmd + "\n" + log;
    return false;
  }
  return true;
}

/// Where compileModel puts a model's files in `dir`, and its kinds.
static CompiledModel describeCompiled(const Env &env, const s2sref::Model &m,
                                      const std::string &dir) {
  CompiledModel out;
  out.dir = dir + "/gen";
  out.name = m.name;
  out.vectors = !m.srcTokens && !m.tgtTokens;
  out.srcVectors = !m.srcTokens;
  out.tgtVectors = !m.tgtTokens;
  out.runnerPrefix = env.runnerPrefix;
  out.runner = dir + "/runner";
  return out;
}

bool s2sharness::reuseCompiledModel(const Env &env, const s2sref::Model &m,
                                    const std::string &dir, CompiledModel &out,
                                    std::string &err) {
  out = describeCompiled(env, m, dir);
  std::error_code ec;
  if (!fs::exists(out.runner, ec)) {
    err = "S2S_STAGE=run: no runner at " + out.runner + " (build it with S2S_STAGE=build)";
    return false;
  }
  return true;
}

bool s2sharness::compileModel(const Env &env, const s2sref::Model &m,
                              const s2sgen::WeightOptions &opts,
                              const std::string &target, const std::string &dir,
                              CompiledModel &out, std::string &err,
                              const std::string &extraArgs) {
  out = describeCompiled(env, m, dir);
  if (!freshDir(dir) || !freshDir(out.dir)) {
    err = "cannot create " + dir;
    return false;
  }
  std::string spec = dir + "/spec.yaml";
  if (!writeFile(spec, s2sgen::specYaml(m, opts)) ||
      !writeFile(dir + "/" + opts.file,
                 s2sgen::safetensorsImage(s2sgen::exportWeights(m, opts),
                                          opts.dtype))) {
    err = "cannot write the spec or weights in " + dir;
    return false;
  }
  std::string cmd = shellQuote(env.s2sc) + " " + shellQuote(spec) + " -o " +
                    shellQuote(out.dir) + " --target=" + shellQuote(target);
  if (env.cppSource)
    cmd += " --emit=cpp";
  if (!extraArgs.empty())
    cmd += " " + extraArgs;
  std::string log;
  int rc = runCommand(cmd, dir + "/s2sc.log", &log);
  if (rc != 0) {
    err = "s2sc failed (exit " + std::to_string(rc) + "): " + cmd + "\n" + log;
    return false;
  }
  if (env.cppSource && !buildCppPackage(env, out, err))
    return false;
  std::string header = out.dir + "/" + m.name + ".h";
  std::string lib = out.dir + "/lib" + m.name + ".a";
  std::error_code ec;
  if (!fs::exists(header, ec) || !fs::exists(lib, ec)) {
    err = "s2sc succeeded but " + header + " or " + lib +
          " is missing; the directory holds:" + listDir(out.dir) + "\n" + cmd;
    return false;
  }
  // runner.c: S2S_VECTORS is both sides; the mixed models name theirs.
  const char *kinds = out.vectors      ? "-DS2S_VECTORS"
                      : out.srcVectors ? "-DS2S_VECTOR_SOURCE"
                      : out.tgtVectors ? "-DS2S_VECTOR_TARGET"
                                       : "";
  return linkCProgram(env, out, env.sourceDir + "/runner.c", kinds, out.runner,
                      err);
}

bool s2sharness::linkCProgram(const Env &env, const CompiledModel &cm,
                              const std::string &source,
                              const std::string &extraFlags,
                              const std::string &exe, std::string &err) {
  std::string header = cm.dir + "/" + cm.name + ".h";
  std::string lib = cm.dir + "/lib" + cm.name + ".a";
  std::string cmd =
      env.cc + " -std=c99 -O1 -Wall -include " + shellQuote(header) +
      " -DMODEL=" + cm.name + " " + extraFlags + " -I " + shellQuote(cm.dir) +
      " " + shellQuote(source) + " " + shellQuote(lib) +
      " -lpthread -ldl -lm " + env.runnerLdflags + " -o " + shellQuote(exe);
  std::string log;
  int rc = runCommand(cmd, exe + ".link.log", &log);
  if (rc != 0) {
    err = "linking " + source + " failed: " + cmd + "\n" + log;
    return false;
  }
  return true;
}

TokenInputs s2sharness::makeTokenInputs(s2sgen::Rng &rng,
                                        const std::vector<int> &lens,
                                        int maxSrcLen, int vocab, Padding pad) {
  TokenInputs in;
  in.batch = int(lens.size());
  in.maxSrcLen = maxSrcLen;
  for (int b = 0; b < in.batch; ++b) {
    in.srcLen.push_back(lens[b]);
    for (int t = 0; t < maxSrcLen; ++t) {
      int32_t v;
      if (t < lens[b])
        v = rng.range(0, vocab - 1);
      else if (pad == Padding::InVocab)
        v = rng.range(0, vocab - 1);
      else if (pad == Padding::Zero)
        v = 0;
      else // far outside, both signs: reading one would be caught
        v = (t % 2) ? -1 - rng.range(0, 1000) : vocab + rng.range(0, 100000);
      in.src.push_back(v);
    }
  }
  return in;
}

VectorInputs s2sharness::makeVectorInputs(s2sgen::Rng &rng,
                                          const std::vector<int> &lens,
                                          int maxSrcLen, int dim) {
  VectorInputs in;
  in.batch = int(lens.size());
  in.maxSrcLen = maxSrcLen;
  in.dim = dim;
  for (int b = 0; b < in.batch; ++b) {
    in.srcLen.push_back(lens[b]);
    for (int t = 0; t < maxSrcLen; ++t)
      for (int k = 0; k < dim; ++k)
        // Padded steps hold huge values: reading one would show.
        in.src.push_back(t < lens[b] ? float(rng.uniform(-1, 1)) : 1e30f);
  }
  return in;
}

namespace {

void putI32(std::string &s, int32_t v) {
  s.append(reinterpret_cast<const char *>(&v), 4);
}

class Reader {
public:
  explicit Reader(const std::string &b) : bytes(b) {}
  bool i32(int32_t &v) { return raw(&v, 4); }
  bool raw(void *p, size_t n) {
    if (pos + n > bytes.size())
      return false;
    std::memcpy(p, bytes.data() + pos, n);
    pos += n;
    return true;
  }
  template <typename T> bool vec(std::vector<T> &v, size_t n) {
    v.resize(n);
    return raw(v.data(), n * sizeof(T));
  }
  bool atEnd() const { return pos == bytes.size(); }

private:
  const std::string &bytes;
  size_t pos = 0;
};

bool runRunner(const CompiledModel &cm, const std::string &tag,
               const std::string &input, std::string &output,
               std::string &err) {
  std::string in = cm.dir + "/../" + tag + ".in";
  std::string outPath = cm.dir + "/../" + tag + ".out";
  if (!writeFile(in, input)) {
    err = "cannot write " + in;
    return false;
  }
  std::string log;
  std::string cmd =
      shellQuote(cm.runner) + " " + shellQuote(in) + " " + shellQuote(outPath);
  if (!cm.runnerPrefix.empty())
    cmd = cm.runnerPrefix + " " + cmd;
  int rc = runCommand(cmd, cm.dir + "/../" + tag + ".log", &log);
  if (rc != 0) {
    err = "runner failed (exit " + std::to_string(rc) + "; a crash shows " +
          "as -1): " + cmd + "\n" + log;
    return false;
  }
  if (!readFile(outPath, output)) {
    err = "runner wrote no output: " + cmd;
    return false;
  }
  return true;
}

bool readHeader(Reader &r, int32_t &rc, int32_t flags[3], std::string &error,
                std::string &err) {
  int32_t magic = 0, len = 0;
  if (!r.i32(magic) || magic != kMagicOut || !r.i32(rc) || !r.i32(flags[0]) ||
      !r.i32(flags[1]) || !r.i32(flags[2]) || !r.i32(len)) {
    err = "malformed runner output";
    return false;
  }
  error.assign(len > 0 ? size_t(len) : 0, '\0');
  if (len > 0 && !r.raw(&error[0], size_t(len))) {
    err = "malformed runner output";
    return false;
  }
  return true;
}

/// The input file up to the source: the header, [vector source: its dim],
/// src and src_len.
std::string inputBytes(int batch, int maxSrcLen, int maxOut, int vocab,
                       bool logits, const TokenInputs *tin,
                       const VectorInputs *vin) {
  std::string bytes;
  for (int32_t v : {kMagicIn, batch, maxSrcLen, maxOut, vocab, int32_t(logits)})
    putI32(bytes, v);
  if (tin) {
    for (int32_t v : tin->src)
      putI32(bytes, v);
    for (int32_t v : tin->srcLen)
      putI32(bytes, v);
  } else {
    putI32(bytes, vin->dim);
    bytes.append(reinterpret_cast<const char *>(vin->src.data()),
                 vin->src.size() * sizeof(float));
    for (int32_t v : vin->srcLen)
      putI32(bytes, v);
  }
  return bytes;
}

bool runTokensImpl(const CompiledModel &cm, const std::string &tag,
                   const TokenInputs *tin, const VectorInputs *vin, int batch,
                   int maxSrcLen, int maxOut, int vocab, bool logits,
                   TokenRun &run, std::string &err) {
  std::string bytes =
      inputBytes(batch, maxSrcLen, maxOut, vocab, logits, tin, vin);
  std::string output;
  if (!runRunner(cm, tag, bytes, output, err))
    return false;
  Reader r(output);
  int32_t flags[3];
  if (!readHeader(r, run.rc, flags, run.error, err))
    return false;
  run.guardsOk = flags[0];
  run.nullLogitsSame = flags[1];
  run.repeatSame = flags[2];
  size_t outN = size_t(batch) * maxOut;
  if (!r.vec(run.out, outN) || !r.vec(run.outLen, size_t(batch)) ||
      !r.vec(run.logits, logits ? outN * vocab : 0) || !r.atEnd()) {
    err = "malformed runner output";
    return false;
  }
  return true;
}

bool runVectorsImpl(const CompiledModel &cm, const std::string &tag,
                    const TokenInputs *tin, const VectorInputs *vin, int batch,
                    int maxSrcLen, int steps, int dim, VectorRun &run,
                    std::string &err) {
  std::string bytes = inputBytes(batch, maxSrcLen, steps, dim, false, tin, vin);
  std::string output;
  if (!runRunner(cm, tag, bytes, output, err))
    return false;
  Reader r(output);
  int32_t flags[3];
  if (!readHeader(r, run.rc, flags, run.error, err))
    return false;
  run.guardsOk = flags[0];
  run.repeatSame = flags[2];
  if (!r.vec(run.out, size_t(batch) * steps * dim) || !r.atEnd()) {
    err = "malformed runner output";
    return false;
  }
  return true;
}

} // namespace

bool s2sharness::runTokens(const CompiledModel &cm, const std::string &tag,
                           const TokenInputs &in, int maxOut, int vocab,
                           bool logits, TokenRun &run, std::string &err) {
  return runTokensImpl(cm, tag, &in, nullptr, in.batch, in.maxSrcLen, maxOut,
                       vocab, logits, run, err);
}

bool s2sharness::runTokens(const CompiledModel &cm, const std::string &tag,
                           const VectorInputs &in, int maxOut, int vocab,
                           bool logits, TokenRun &run, std::string &err) {
  return runTokensImpl(cm, tag, nullptr, &in, in.batch, in.maxSrcLen, maxOut,
                       vocab, logits, run, err);
}

bool s2sharness::runVectors(const CompiledModel &cm, const std::string &tag,
                            const VectorInputs &in, int steps, int dim,
                            VectorRun &run, std::string &err) {
  return runVectorsImpl(cm, tag, nullptr, &in, in.batch, in.maxSrcLen, steps,
                        dim, run, err);
}

bool s2sharness::runVectors(const CompiledModel &cm, const std::string &tag,
                            const TokenInputs &in, int steps, int dim,
                            VectorRun &run, std::string &err) {
  return runVectorsImpl(cm, tag, &in, nullptr, in.batch, in.maxSrcLen, steps,
                        dim, run, err);
}

s2sref::TokenResult s2sharness::referenceTokens(const s2sref::Model &m,
                                                const TokenInputs *tin,
                                                const VectorInputs *vin, int b,
                                                int maxOut) {
  if (tin)
    return s2sref::translateTokens(m,
                                   tin->src.data() + size_t(b) * tin->maxSrcLen,
                                   tin->srcLen[b], maxOut);
  return s2sref::translateVectorsToTokens(
      m, vin->src.data() + size_t(b) * vin->maxSrcLen * vin->dim,
      vin->srcLen[b], maxOut);
}

std::vector<std::vector<double>>
s2sharness::referenceVectors(const s2sref::Model &m, const TokenInputs *tin,
                             const VectorInputs *vin, int b, int steps) {
  if (tin)
    return s2sref::translateTokensToVectors(
        m, tin->src.data() + size_t(b) * tin->maxSrcLen, tin->srcLen[b], steps);
  return s2sref::translateVectors(
      m, vin->src.data() + size_t(b) * vin->maxSrcLen * vin->dim,
      vin->srcLen[b], steps);
}

bool s2sharness::close(double got, double want, double rtol) {
  // NaN compares false on purpose.
  return std::fabs(got - want) <= rtol * std::max(1.0, std::fabs(want));
}

void s2sharness::compareTokenSequence(const std::string &label,
                                      const s2sref::TokenResult &ref,
                                      const int32_t *out, int32_t outLen,
                                      const float *logits, int vocab, int steps,
                                      int eos, double rtol, CompareStats &stats,
                                      std::ostream &log) {
  ++stats.sequences;
  const int refLen = int(ref.tokens.size());
  if (refLen > 0 && ref.tokens.back() == eos)
    ++stats.stoppedAtEos;
  else
    ++stats.ranToLimit;
  auto fail = [&](const std::string &msg) {
    ++stats.failures;
    log << "  FAIL " << label << ": " << msg << "\n";
  };
  if (outLen < 1 || outLen > steps) {
    fail("out_len " + std::to_string(outLen) + " outside 1.." +
         std::to_string(steps));
    return;
  }
  const int n = std::min(refLen, int(outLen));
  for (int t = 0; t < n; ++t) {
    const std::vector<double> &want = ref.logits[t];
    if (logits) {
      const float *row = logits + size_t(t) * vocab;
      for (int v = 0; v < vocab; ++v) {
        stats.maxError =
            std::max(stats.maxError, std::fabs(row[v] - want[v]) /
                                         std::max(1.0, std::fabs(want[v])));
        if (!close(row[v], want[v], rtol)) {
          std::ostringstream ss;
          ss << std::setprecision(9) << "logits[" << t << "][" << v
             << "] = " << row[v] << ", reference " << want[v] << " (|diff| "
             << std::fabs(row[v] - want[v]) << " > rtol " << rtol << ")";
          fail(ss.str());
          return;
        }
      }
    }
    int got = out[t];
    if (got == ref.tokens[t])
      continue;
    if (got < 0 || got >= vocab) {
      fail("token " + std::to_string(got) + " at step " + std::to_string(t) +
           " is outside the vocabulary");
      return;
    }
    // Float and double may order a genuine near-tie differently: accept the
    // compiled pick when its reference logit is within tolerance of the
    // best, and stop here since the two decodes now diverge.
    double top = want[ref.tokens[t]];
    if (top - want[got] <= rtol * std::max(1.0, std::fabs(top))) {
      ++stats.ties;
      std::ostringstream ss;
      ss << std::setprecision(9) << "  tie  " << label << ": step " << t
         << " picked " << got << ", reference " << ref.tokens[t]
         << " (reference logits " << want[got] << " vs " << top
         << "); rest of the sequence not compared\n";
      log << ss.str();
      return;
    }
    std::ostringstream ss;
    ss << std::setprecision(9) << "token at step " << t << " is " << got
       << ", reference " << ref.tokens[t] << " (reference logits " << want[got]
       << " vs " << top << ", margin " << s2sref::topMargin(want) << ")";
    fail(ss.str());
    return;
  }
  if (outLen != refLen) {
    std::ostringstream ss;
    ss << "out_len " << outLen << ", reference " << refLen << " (tokens";
    for (int t = 0; t < outLen; ++t)
      ss << " " << out[t];
    ss << " vs reference";
    for (int t : ref.tokens)
      ss << " " << t;
    ss << ")";
    fail(ss.str());
  }
}

void s2sharness::compareVectorSequence(
    const std::string &label, const std::vector<std::vector<double>> &ref,
    const float *out, int steps, int dim, double rtol, CompareStats &stats,
    std::ostream &log) {
  ++stats.sequences;
  for (int t = 0; t < steps; ++t)
    for (int k = 0; k < dim; ++k) {
      float got = out[size_t(t) * dim + k];
      stats.maxError =
          std::max(stats.maxError, std::fabs(got - ref[t][k]) /
                                       std::max(1.0, std::fabs(ref[t][k])));
      if (!close(got, ref[t][k], rtol)) {
        ++stats.failures;
        log << std::setprecision(9) << "  FAIL " << label << ": out[" << t
            << "][" << k << "] = " << got << ", reference " << ref[t][k]
            << "\n";
        return;
      }
    }
}

bool s2sharness::checkRunFlags(const std::string &label, const TokenRun &run,
                               std::ostream &log) {
  bool ok = true;
  if (run.rc != 0) {
    log << "  FAIL " << label << ": translate returned " << run.rc << ": "
        << run.error << "\n";
    return false;
  }
  if (!run.guardsOk) {
    log << "  FAIL " << label << ": a call wrote outside the caller's "
        << "buffers (canary overwritten)\n";
    ok = false;
  }
  if (!run.nullLogitsSame) {
    log << "  FAIL " << label << ": logits == NULL gave different tokens or "
        << "lengths\n";
    ok = false;
  }
  if (!run.repeatSame) {
    log << "  FAIL " << label << ": repeating the call on the same model "
        << "gave different results\n";
    ok = false;
  }
  return ok;
}

//===----------------------------------------------------------------------===//
// Case suites
//===----------------------------------------------------------------------===//

namespace {

double tuneEosImpl(s2sref::Model &m, const TokenInputs *tin,
                   const VectorInputs *vin, Ending want, s2sgen::DType dtype) {
  if (want == Ending::Any)
    return 0;
  const int batch = tin ? tin->batch : vin->batch;
  const double base = m.output.b[m.eos];
  // 0, +0.25, -0.25, +0.5, ... up to +-8.
  for (int k = 0; k <= 64; ++k) {
    double delta = k == 0 ? 0.0 : (k % 2 ? 1 : -1) * 0.25 * ((k + 1) / 2);
    m.output.b[m.eos] = s2sgen::quantize(base + delta, dtype);
    // An EOS at the very first steps says little: count stops after >= 3
    // tokens only.
    int eos = 0, limit = 0;
    for (int b = 0; b < batch; ++b) {
      s2sref::TokenResult r = referenceTokens(m, tin, vin, b, m.maxLength);
      if (r.tokens.back() != m.eos)
        ++limit;
      else if (r.tokens.size() >= 3)
        ++eos;
    }
    if ((want == Ending::Mix && eos && limit) ||
        (want == Ending::Eos && eos == batch) ||
        (want == Ending::Limit && limit == batch))
      return delta;
  }
  m.output.b[m.eos] = base;
  return NAN;
}

} // namespace

double s2sharness::tuneEos(s2sref::Model &m, const TokenInputs &in, Ending want,
                           s2sgen::DType dtype) {
  return tuneEosImpl(m, &in, nullptr, want, dtype);
}

double s2sharness::tuneEos(s2sref::Model &m, const VectorInputs &in,
                           Ending want, s2sgen::DType dtype) {
  return tuneEosImpl(m, nullptr, &in, want, dtype);
}

PreparedCase s2sharness::prepareCase(const Env &env, const ModelCase &c,
                                     int index) {
  PreparedCase p;
  p.seed = caseSeed(env.seed, index);
  s2sgen::Rng rng(p.seed ^ 0x5eedull);
  if (c.shape.srcTokens)
    p.tin = makeTokenInputs(rng, c.lens, c.maxSrcLen, c.shape.srcVocab, c.pad);
  else
    p.vin = makeVectorInputs(rng, c.lens, c.maxSrcLen, c.shape.srcDim);
  const TokenInputs *tin = c.shape.srcTokens ? &p.tin : nullptr;
  const VectorInputs *vin = c.shape.srcTokens ? nullptr : &p.vin;
  // Draw weights (a few times if needed) until the reference decodes end
  // the way the case wants; all of it follows from the seed.
  p.eosShift = NAN;
  for (p.draw = 0; p.draw < 16 && std::isnan(p.eosShift); ++p.draw) {
    p.model = s2sgen::randomModel(c.shape, p.seed + uint64_t(p.draw) * 0x10001,
                                  c.weights);
    p.model.name = c.id;
    p.eosShift = c.shape.tgtTokens
                     ? tuneEosImpl(p.model, tin, vin, c.want, c.weights.dtype)
                     : 0.0;
  }
  return p;
}

namespace {

std::string formatShift(double d) {
  std::ostringstream ss;
  ss << std::showpos << d;
  return ss.str();
}

/// Runs token inputs with logits and compares every sequence.
void runAndCompareTokens(const Env &env, const std::string &id,
                         const s2sref::Model &m, const CompiledModel &cm,
                         const std::string &tag, const TokenInputs *tin,
                         const VectorInputs *vin, int maxOut,
                         CompareStats &stats, std::ostream &log) {
  TokenRun run;
  std::string err;
  const int batch = tin ? tin->batch : vin->batch;
  const int32_t *srcLen = tin ? tin->srcLen.data() : vin->srcLen.data();
  if (!(tin ? runTokens(cm, tag, *tin, maxOut, m.tgtVocab, /*logits=*/true, run,
                        err)
            : runTokens(cm, tag, *vin, maxOut, m.tgtVocab, /*logits=*/true, run,
                        err))) {
    log << "  FAIL " << id << "/" << tag << ": " << err << "\n";
    ++stats.failures;
    return;
  }
  if (!checkRunFlags(id + "/" + tag, run, log)) {
    ++stats.failures;
    if (run.rc != 0)
      return; // nothing to compare
  }
  const int steps = std::min(m.maxLength, maxOut);
  for (int b = 0; b < batch; ++b) {
    s2sref::TokenResult ref = referenceTokens(m, tin, vin, b, maxOut);
    std::ostringstream label;
    label << id << "/" << tag << " seq " << b << " (src_len " << srcLen[b]
          << ")";
    compareTokenSequence(label.str(), ref, run.out.data() + size_t(b) * maxOut,
                         run.outLen[b],
                         run.logits.data() + size_t(b) * maxOut * m.tgtVocab,
                         m.tgtVocab, steps, m.eos, env.rtol, stats, log);
  }
}

void runAndCompareVectors(const Env &env, const std::string &id,
                          const s2sref::Model &m, const CompiledModel &cm,
                          const std::string &tag, const TokenInputs *tin,
                          const VectorInputs *vin, int steps,
                          CompareStats &stats, std::ostream &log) {
  VectorRun run;
  std::string err;
  const int batch = tin ? tin->batch : vin->batch;
  const int32_t *srcLen = tin ? tin->srcLen.data() : vin->srcLen.data();
  if (!(tin ? runVectors(cm, tag, *tin, steps, m.tgtDim, run, err)
            : runVectors(cm, tag, *vin, steps, m.tgtDim, run, err))) {
    log << "  FAIL " << id << "/" << tag << ": " << err << "\n";
    ++stats.failures;
    return;
  }
  if (run.rc != 0) {
    log << "  FAIL " << id << "/" << tag << ": translate_vectors returned "
        << run.rc << ": " << run.error << "\n";
    ++stats.failures;
    return;
  }
  if (!run.guardsOk || !run.repeatSame) {
    log << "  FAIL " << id << "/" << tag
        << (run.guardsOk ? ": repeating the call gave different results\n"
                         : ": a call wrote outside the caller's buffers\n");
    ++stats.failures;
  }
  for (int b = 0; b < batch; ++b) {
    std::vector<std::vector<double>> ref =
        referenceVectors(m, tin, vin, b, steps);
    std::ostringstream label;
    label << id << "/" << tag << " seq " << b << " (src_len " << srcLen[b]
          << ")";
    compareVectorSequence(label.str(), ref,
                          run.out.data() + size_t(b) * steps * m.tgtDim, steps,
                          m.tgtDim, env.rtol, stats, log);
  }
}

} // namespace

int s2sharness::runCaseSuite(const std::string &testName,
                             const std::vector<ModelCase> &cases,
                             const SuiteOptions &options) {
  Env env = loadEnv(testName);
  std::string skip = skipReason(env);
  if (!skip.empty()) {
    std::cout << "[SKIP] " << skip << "\n";
    return 0;
  }
  std::cout << "s2sc: " << env.s2sc << "\nseed: " << env.seed
            << "  rtol: " << env.rtol << "\n";

  CompareStats total;
  int failedCases = 0, ran = 0, tokenCases = 0;
  std::vector<std::string> unsupported;
  for (size_t i = 0; i < cases.size(); ++i) {
    const ModelCase &c = cases[i];
    if (!env.caseFilter.empty() &&
        c.id.find(env.caseFilter) == std::string::npos)
      continue;
    ++ran;
    // Token targets decode with NAME_translate, vector targets with
    // NAME_translate_vectors; either reads token or vector sources.
    const bool tokens = c.shape.tgtTokens;
    tokenCases += tokens;
    std::string target =
        env.targetOverride.empty() ? c.target : env.targetOverride;
    std::ostringstream log, decodes;
    PreparedCase pc = prepareCase(env, c, int(i));
    const uint64_t seed = pc.seed;
    const s2sref::Model &m = pc.model;
    const double eosShift = pc.eosShift;
    const int draw = pc.draw;
    const TokenInputs *tin = c.shape.srcTokens ? &pc.tin : nullptr;
    const VectorInputs *vin = c.shape.srcTokens ? nullptr : &pc.vin;
    const int batch = tin ? tin->batch : vin->batch;
    std::string invalid = s2sref::validate(m);
    if (!invalid.empty()) {
      std::cout << "FAIL " << c.id << ": bad test case: " << invalid << "\n";
      ++failedCases;
      continue;
    }
    // The reference decodes, for the record (and for debugging).
    for (int b = 0; tokens && b < batch; ++b) {
      s2sref::TokenResult r = referenceTokens(m, tin, vin, b, m.maxLength);
      decodes << "  reference seq " << b << ":";
      for (int t : r.tokens)
        decodes << " " << t;
      decodes << (r.tokens.back() == m.eos ? "  (EOS)" : "  (max_length)")
              << "\n";
    }
    std::string dir = env.workDir + "/" + c.id;
    CompiledModel cm;
    std::string err;
    CompareStats stats;
    Env caseEnv = env;
    if (!c.cc.empty()) {
      caseEnv.cc = c.cc;
      caseEnv.runnerLdflags = c.runnerLdflags;
    }
    if (!c.runnerPrefix.empty())
      caseEnv.runnerPrefix = c.runnerPrefix;
    if (c.cppSource) {
      caseEnv.cppSource = true;
      // Kernels from Halide's C++ backend use C++ runtime support
      // (thread-safe statics); the runners are C.
      caseEnv.runnerLdflags += " -lstdc++";
      if (!c.cxx.empty())
        caseEnv.cxx = c.cxx;
      if (!c.ar.empty())
        caseEnv.ar = c.ar;
    }
    std::string bad;
    bool compiled = env.stage == "run"
                        ? reuseCompiledModel(caseEnv, m, dir, cm, err)
                        : compileModel(caseEnv, m, c.weights, target, dir, cm, err);
    if (compiled && env.stage == "build") {
      std::cout << "built " << c.id << " (target " << target << ") in " << dir << "\n";
      continue;
    }
    if (!compiled) {
      if (options.allowUnsupported && err.rfind("s2sc failed", 0) == 0 &&
          err.find("not supported") != std::string::npos) {
        std::string first = err.substr(err.find('\n') + 1);
        std::cout << "unsupported " << c.id << ": "
                  << first.substr(0, first.find('\n')) << "\n";
        unsupported.push_back(c.id);
        continue;
      }
      log << "  FAIL " << c.id << ": " << err << "\n";
      ++stats.failures;
    } else if (options.checkCompiled &&
               !(bad = options.checkCompiled(c, cm)).empty()) {
      log << "  FAIL " << c.id << ": " << bad << "\n";
      ++stats.failures;
    } else if (tokens) {
      runAndCompareTokens(env, c.id, m, cm, "full", tin, vin, m.maxLength,
                          stats, log);
      runAndCompareTokens(env, c.id, m, cm,
                          "max_out" + std::to_string(c.otherMaxOut), tin, vin,
                          c.otherMaxOut, stats, log);
    } else {
      runAndCompareVectors(env, c.id, m, cm, "full", tin, vin, m.maxLength,
                           stats, log);
      runAndCompareVectors(env, c.id, m, cm,
                           "steps" + std::to_string(c.otherMaxOut), tin, vin,
                           c.otherMaxOut, stats, log);
    }
    std::cout << (stats.failures ? "FAIL " : "ok   ") << c.id << " (target "
              << target << ", layout " << s2sgen::layoutName(c.weights.layout)
              << ", " << s2sgen::dtypeName(c.weights.dtype) << ", "
              << stats.sequences << " sequences, max error "
              << std::setprecision(2) << stats.maxError << std::setprecision(6);
    if (tokens)
      std::cout << ", " << stats.stoppedAtEos << " stopped at EOS, "
                << stats.ranToLimit << " ran to the limit, " << stats.ties
                << " ties; weights draw " << draw << ", EOS bias "
                << (std::isnan(eosShift) ? std::string("untuned")
                                         : formatShift(eosShift));
    std::cout << ")\n" << decodes.str() << log.str();
    if (stats.failures) {
      ++failedCases;
      std::cout << "  case seed " << seed
                << "; rerun with S2S_SEED=" << env.seed << " S2S_CASES=" << c.id
                << "; files in " << dir << "\n";
    }
    total.sequences += stats.sequences;
    total.stoppedAtEos += stats.stoppedAtEos;
    total.ranToLimit += stats.ranToLimit;
    total.ties += stats.ties;
    total.maxError = std::max(total.maxError, stats.maxError);
  }
  if (env.stage == "build" && !failedCases) {
    std::cout << ran << " cases built; S2S_STAGE=run with the same S2S_WORK_DIR runs them\n"
              << "Success!\n";
    return 0;
  }
  // The cases are meant to cover both ways a sequence ends; with the default
  // seed they do, and a change that loses one should be noticed.
  if (options.requireBothEndings && ran == int(cases.size()) && tokenCases &&
      !env.seedOverridden &&
      (total.stoppedAtEos == 0 || total.ranToLimit == 0)) {
    std::cout << "FAIL the cases no longer cover both EOS stops ("
              << total.stoppedAtEos << ") and max-length runs ("
              << total.ranToLimit << ")\n";
    ++failedCases;
  }
  if (options.finalCheck)
    failedCases += options.finalCheck(std::cout);
  std::cout << ran << " cases, " << total.sequences << " sequences compared, "
            << total.ties << " near-ties, max error " << std::setprecision(2)
            << total.maxError << std::setprecision(6) << " (rtol " << env.rtol
            << "), " << failedCases << " failed\n";
  if (failedCases) {
    std::cout << "FAILED (seed " << env.seed << ")\n";
    return 1;
  }
  if (!unsupported.empty()) {
    // Only without failures: ctest's skip pattern would otherwise hide one.
    std::cout << "[SKIP] " << unsupported.size() << " of " << ran
              << " cases use features s2sc reports as not supported:";
    for (const std::string &id : unsupported)
      std::cout << " " << id;
    std::cout << " (the other cases passed)\n";
    return 0;
  }
  std::cout << "Success!\n";
  return 0;
}

ModelCase s2sharness::smallTokenCase(const std::string &id, int hidden,
                                     s2sgen::Layout layout, const std::string &target) {
  ModelCase c;
  c.id = id;
  c.shape.name = id;
  c.shape.srcVocab = 15;
  c.shape.srcEmbed = 6;
  c.shape.tgtVocab = 17;
  c.shape.tgtEmbed = 7;
  c.shape.encHidden = c.shape.decHidden = hidden;
  c.weights.layout = layout;
  c.target = target;
  c.maxSrcLen = 6;
  c.lens = {6, 3, 1};
  c.pad = Padding::OutOfVocab;
  c.otherMaxOut = 3;
  c.want = Ending::Mix;
  return c;
}
