//===- SpecPrinter.cpp - The normalised spec as YAML -----------*- C++ -*-===//
///
/// `s2sc --emit=spec`: the spec as the compiler understood it, every default
/// filled in, keys that do not apply to the model's kinds left out. The
/// output is itself a valid spec.
///
//===----------------------------------------------------------------------===//
#include "s2s/Spec/SpecPrinter.h"
#include "s2s/Support/QuotedString.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

using namespace s2s;

namespace {

/// Quotes a string when YAML could read it as something else.
std::string scalar(llvm::StringRef s) {
  bool plain = !s.empty() && llvm::all_of(s, [](char c) {
    return llvm::isAlnum(c) || c == '_' || c == '-' || c == '/' || c == '{' || c == '}';
  });
  if (plain && s.front() != '{' && s.front() != '-')
    return s.str();
  return quotedString(s);
}

/// The shortest decimal that reads back as `v` exactly.
std::string number(double v) {
  for (int digits = 1;; ++digits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    if (std::strtod(buffer, nullptr) == v || digits >= 17)
      return buffer;
  }
}

void printSide(llvm::raw_ostream &os, llvm::StringRef key, const SideSpec &side, bool target) {
  os << key << ":\n  kind: " << side.kind.value << "\n";
  if (side.isTokens()) {
    os << "  vocab: " << side.vocab.value << "\n  embed: " << side.embed.value << "\n";
    if (target)
      os << "  bos: " << side.bos.value << "\n  eos: " << side.eos.value << "\n";
  } else {
    os << "  dim: " << side.dim.value << "\n";
    if (target)
      os << "  activation: " << side.activation.value << "\n";
  }
}

void printStack(llvm::raw_ostream &os, llvm::StringRef key, const StackSpec &stack,
                bool decoder) {
  os << key << ":\n  cell: " << stack.cell.value << "\n  hidden: " << stack.hidden.value
     << "\n  layers: " << stack.layers.value << "\n  gate_activation: "
     << stack.gateActivation.value << "\n";
  if (!decoder) {
    os << "  bidirectional: " << (stack.bidirectional.value ? "true" : "false")
       << "\n  context_projection: " << stack.contextProjection.value << "\n";
    return;
  }
  os << "  peek: " << stack.peek.value << "\n  first_input: " << stack.firstInput.value
     << "\n  init_state: " << stack.initState.value << "\n";
  const AttentionSpec &a = stack.attention;
  if (!a.present())
    return;
  os << "  attention:\n    type: " << a.type.value << "\n    score: " << a.score.value << "\n";
  if (a.additive())
    os << "    size: " << a.size.value << "\n";
  if (a.type.value == "luong")
    os << "    input_feed: " << (a.inputFeed.value ? "true" : "false") << "\n";
}

/// Whether the model reads the module named for `role` (a name the parser
/// refuses otherwise).
bool namesUsedModule(const ModelSpec &spec, llvm::StringRef role) {
  if (role == "encoder_reverse")
    return spec.encoder.bidirectional.value && spec.weights.layout.value != "pytorch";
  if (role.startswith("attention"))
    return spec.decoder.attention.present();
  return true;
}

} // namespace

void s2s::printModelSpec(const ModelSpec &spec, llvm::raw_ostream &os) {
  os << "# normalised by s2sc: defaults filled in\n";
  os << "s2sc: " << spec.version.value << "\nname: " << spec.name.value << "\n";
  printSide(os, "source", spec.source, /*target=*/false);
  printSide(os, "target", spec.target, /*target=*/true);
  printStack(os, "encoder", spec.encoder, /*decoder=*/false);
  printStack(os, "decoder", spec.decoder, /*decoder=*/true);
  os << "search:\n  strategy: " << spec.search.strategy.value << "\n";
  if (spec.search.strategy.value == "beam")
    os << "  beam_width: " << spec.search.beamWidth.value
       << "\n  length_penalty: " << spec.search.lengthPenalty.value
       << "\n  alpha: " << number(spec.search.alpha.value) << "\n";
  os << "  max_length: " << spec.search.maxLength.value << "\n";
  os << "weights:\n  file: " << scalar(spec.weights.file.value)
     << "\n  layout: " << spec.weights.layout.value << "\n  names:\n";
  for (const auto &[role, prefix] : spec.weights.names)
    if (namesUsedModule(spec, role))
      os << "    " << role << ": " << scalar(prefix.value) << "\n";
  os << "  separator: " << scalar(spec.weights.separator.value) << "\n";
}
