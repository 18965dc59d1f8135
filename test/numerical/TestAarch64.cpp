//===- TestAarch64.cpp - aarch64 libraries under qemu vs the reference ----===//
///
/// The cross-architecture check: models compiled by s2sc with
/// --target=aarch64 (Halide arm-64-linux kernels, host code for
/// aarch64-unknown-linux-gnu) and --target=aarch64-dotprod, runner.c
/// cross-linked against the library with aarch64-linux-gnu-gcc, run under
/// `qemu-aarch64-static -L /usr/aarch64-linux-gnu`, and compared with the
/// double-precision reference exactly as the x86 cases are (runCaseSuite:
/// tokens and out_len exactly, logits / vectors within rtol 1e-4, genuine
/// near-ties reported, not failed). Before a case runs, every member of
/// libNAME.a and the runner itself must be aarch64 ELF (e_machine
/// EM_AARCH64), so an x86 object slipping into the archive fails instead of
/// going unnoticed.
///
/// Cases: the basic token model with 2 layers, H=100 and a batch of 3
/// unequal lengths; a peek concat token model; a vectors -> vectors model
/// with a tanh readout; a token model compiled for aarch64-dotprod.
///
/// Environment (optional, besides the Harness.h ones): S2S_AARCH64_CC (the
/// cross C compiler, default aarch64-linux-gnu-gcc), S2S_QEMU_AARCH64
/// (default qemu-aarch64-static), S2S_AARCH64_SYSROOT (qemu's -L, default
/// /usr/aarch64-linux-gnu), S2S_AARCH64_LDFLAGS (extra runner link flags).
/// S2S_TARGET applies only when it names an arm-64 target.
///
/// Prints `Success!`, or `[SKIP] reason` when s2sc is not built or the
/// cross toolchain or qemu is missing (scripts/install-deps.sh --tests
/// installs g++-aarch64-linux-gnu and qemu-user-static).
///
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

using namespace s2sharness;
using s2sgen::Layout;
using s2sref::Activation;
using s2sref::Gate;
using s2sref::Peek;

namespace {

const uint16_t kEmAarch64 = 183; // EM_AARCH64

/// "" when `bytes` starts like a 64-bit little-endian ELF file of type
/// `type` for aarch64; otherwise what it is instead.
std::string elfProblem(const std::string &bytes, uint16_t type) {
  if (bytes.size() < 64 || bytes.compare(0, 4, "\x7f"
                                                "ELF") != 0)
    return "not an ELF file";
  if (bytes[4] != 2 || bytes[5] != 1)
    return "not 64-bit little-endian ELF";
  auto u16 = [&](size_t at) {
    return uint16_t(uint8_t(bytes[at]) | uint8_t(bytes[at + 1]) << 8);
  };
  std::ostringstream ss;
  if (u16(18) != kEmAarch64)
    ss << "e_machine " << u16(18) << " (EM_AARCH64 is " << kEmAarch64
       << (u16(18) == 62 ? "; 62 is EM_X86_64" : "") << ")";
  else if (u16(16) != type)
    ss << "e_type " << u16(16) << ", expected " << type;
  return ss.str();
}

struct Member {
  std::string name, bytes;
};

/// The members of a GNU (or BSD) ar archive, without the symbol and name
/// tables. Returns false with `err` when the file is not one.
bool readArchive(const std::string &path, std::vector<Member> &members,
                 std::string &err) {
  std::string a;
  if (!readFile(path, a)) {
    err = "cannot read " + path;
    return false;
  }
  if (a.compare(0, 8, "!<arch>\n") != 0) {
    err = path + " is not an ar archive" +
          (a.compare(0, 8, "!<thin>\n") == 0 ? " (a thin archive)" : "");
    return false;
  }
  std::string longNames;
  size_t pos = 8;
  while (pos + 60 <= a.size()) {
    std::string name = a.substr(pos, 16);
    std::string sizeField = a.substr(pos + 48, 10);
    if (a.compare(pos + 58, 2, "`\n") != 0) {
      err = path + ": bad member header at offset " + std::to_string(pos);
      return false;
    }
    size_t size = std::strtoull(sizeField.c_str(), nullptr, 10);
    size_t data = pos + 60;
    if (data + size > a.size()) {
      err = path + ": truncated member at offset " + std::to_string(pos);
      return false;
    }
    name = name.substr(0, name.find_last_not_of(' ') + 1);
    std::string body = a.substr(data, size);
    pos = data + size + (size & 1);
    if (name == "/" || name == "/SYM64/" || name == "__.SYMDEF" ||
        name == "__.SYMDEF SORTED")
      continue; // symbol table
    if (name == "//") {
      longNames = body;
      continue;
    }
    if (name.size() > 1 && name[0] == '/') { // GNU long name
      size_t off = std::strtoull(name.c_str() + 1, nullptr, 10);
      size_t end = longNames.find('\n', off);
      name = off < longNames.size() ? longNames.substr(off, end - off) : "";
    } else if (name.compare(0, 3, "#1/") == 0) { // BSD long name
      size_t len = std::strtoull(name.c_str() + 3, nullptr, 10);
      name = body.substr(0, len);
      name = name.substr(0, name.find('\0'));
      body = body.substr(std::min(len, body.size()));
    }
    if (!name.empty() && name.back() == '/')
      name.pop_back();
    members.push_back({name, body});
  }
  return true;
}

/// SuiteOptions::checkCompiled: every object in libNAME.a (the host object
/// NAME_host.o among them) and the linked runner are aarch64.
std::string checkAarch64(const ModelCase &, const CompiledModel &cm) {
  std::string lib = cm.dir + "/lib" + cm.name + ".a", err;
  std::vector<Member> members;
  if (!readArchive(lib, members, err))
    return err;
  std::ostringstream bad;
  bool host = false;
  for (const Member &m : members) {
    host = host || m.name == cm.name + "_host.o";
    std::string p = elfProblem(m.bytes, /*ET_REL=*/1);
    if (!p.empty())
      bad << " " << m.name << ": " << p << ";";
  }
  if (members.size() < 2)
    bad << " only " << members.size() << " member(s);";
  if (!host)
    bad << " no " << cm.name << "_host.o (the host code) in the archive;";
  std::string exe;
  if (!readFile(cm.runner, exe))
    bad << " cannot read the runner " << cm.runner << ";";
  else {
    // ET_EXEC for a static runner, ET_DYN for a PIE one.
    std::string p = elfProblem(exe, 2), pie = elfProblem(exe, 3);
    if (!p.empty() && !pie.empty())
      bad << " the runner " << cm.runner << ": " << pie << ";";
  }
  if (bad.str().empty())
    return "";
  return "not an aarch64 library/runner:" + bad.str() + " (" + lib + ")";
}

ModelCase tokenCase(const std::string &id, int hidden, Layout layout,
                    const char *target) {
  return smallTokenCase(id, hidden, layout, target);
}

std::vector<ModelCase> cases() {
  std::vector<ModelCase> cs;
  {
    // The basic model: embedding, 2 + 2 LSTM layers, peek none, bos,
    // init_state encoder; hidden 100 is off the 4-float NEON width.
    ModelCase c = tokenCase("a64_basic_h100_l2_b3", 100, Layout::PyTorch,
                            "aarch64");
    c.shape.encLayers = c.shape.decLayers = 2;
    c.shape.srcVocab = 35;
    c.shape.srcEmbed = 12;
    c.shape.tgtVocab = 40;
    c.shape.tgtEmbed = 24;
    c.maxSrcLen = 9;
    c.lens = {9, 1, 5};
    c.otherMaxOut = 4;
    cs.push_back(c);
  }
  {
    // Cho et al.: C concatenated to every decoder input (hoisted context
    // matmul).
    ModelCase c =
        tokenCase("a64_peek_concat", 16, Layout::PyTorch, "aarch64");
    c.shape.peek = Peek::Concat;
    cs.push_back(c);
  }
  {
    // Vectors in and out, peek add, tanh readout, hard sigmoid gates.
    ModelCase c =
        tokenCase("a64_vectors_add_tanh", 16, Layout::Keras, "aarch64");
    c.shape.srcTokens = c.shape.tgtTokens = false;
    c.shape.srcDim = 5;
    c.shape.tgtDim = 16; // == C (peek add)
    c.shape.peek = Peek::Add;
    c.shape.firstInput = s2sref::FirstInput::Context;
    c.shape.activation = Activation::Tanh;
    c.shape.encGate = c.shape.decGate = Gate::HardSigmoid;
    c.shape.maxLength = 7;
    c.want = Ending::Any;
    cs.push_back(c);
  }
  {
    // The dot-product extension target; 2 layers, peek add through a
    // context projection, canonical per-layer names.
    ModelCase c = tokenCase("a64_dotprod_add_ctxproj_l2", 32, Layout::Canonical,
                            "aarch64-dotprod");
    c.shape.encLayers = c.shape.decLayers = 2;
    c.weights.encoder = "encoder.{layer}";
    c.weights.decoder = "decoder.{layer}";
    c.shape.peek = Peek::Add;
    c.shape.contextProjection = 7; // == tgtEmbed
    c.lens = {2, 6, 4};
    c.otherMaxOut = 12; // beyond max_length
    cs.push_back(c);
  }
  return cs;
}

} // namespace

int main() {
  Aarch64Cross cross;
  if (!findAarch64Cross(cross)) {
    std::cout << "[SKIP] aarch64 cross toolchain or qemu-aarch64-static not "
                 "installed (scripts/install-deps.sh --tests)\n";
    return 0;
  }
  // An x86 S2S_TARGET (meant for the other suites) cannot run here.
  if (const char *t = std::getenv("S2S_TARGET")) {
    std::string s = t;
    if (!s.empty() && s.rfind("arm-64", 0) != 0 && s.rfind("aarch64", 0) != 0) {
      std::cout << "note: ignoring S2S_TARGET=" << s
                << " (not an arm-64 target)\n";
      unsetenv("S2S_TARGET");
    }
  }
  std::cout << "cross C compiler: " << cross.cc << "\nemulator: " << cross.qemu << " -L "
            << cross.sysroot << "\n";

  std::vector<ModelCase> cs = cases();
  for (ModelCase &c : cs) {
    c.cc = cross.cc;
    c.runnerLdflags = cross.ldflags;
    c.runnerPrefix = cross.runnerPrefix;
  }
  SuiteOptions options;
  options.requireBothEndings = true;
  options.checkCompiled = checkAarch64;
  return runCaseSuite("TestAarch64", cs, options);
}
