//===- SpecParser.cpp - YAML spec to ModelSpec ------------------*- C++ -*-===//
///
/// Reads the YAML model spec of shared/SPEC.md with llvm::yaml::Stream, fills
/// a ModelSpec whose every field remembers where it came from, applies the
/// documented defaults and checks every rule that needs no weights. Problems
/// are MLIR diagnostics at the offending key or value; the walk goes on after
/// an error so that one run reports everything it can.
///
/// The walk is in two passes over the same buffer: a first Stream only checks
/// the YAML syntax (its errors come through a private SourceMgr's handler), so
/// a syntax error is reported alone instead of with the follow-on "missing
/// key" errors a half-parsed document would cause.
///
//===----------------------------------------------------------------------===//

#include "s2s/Spec/SpecParser.h"
#include "s2s/Support/CIdentifier.h"
#include "s2s/Support/ReservedNames.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include <cmath>

using namespace s2s;
using llvm::SMLoc;
using llvm::SMRange;
using llvm::StringRef;
using llvm::Twine;
namespace yaml = llvm::yaml;

mlir::Location s2s::toLocation(llvm::SourceMgr &sourceMgr, SMLoc loc,
                               mlir::MLIRContext *context) {
  unsigned bufferId = loc.isValid() ? sourceMgr.FindBufferContainingLoc(loc) : 0;
  if (bufferId == 0)
    return mlir::UnknownLoc::get(context);
  auto lineAndCol = sourceMgr.getLineAndColumn(loc, bufferId);
  StringRef file = sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier();
  return mlir::FileLineColLoc::get(context, file, lineAndCol.first,
                                   lineAndCol.second);
}

namespace {

/// Largest accepted size: keeps every product of two sizes (4H * in, V * E)
/// far from int64 overflow in later stages.
constexpr int64_t kMaxSize = int64_t(1) << 24;

/// The allowed keys of each mapping, in the order SPEC.md lists them.
const char *const kTopKeys[] = {"s2sc",    "name",    "source", "target",
                                "encoder", "decoder", "search", "weights"};
const char *const kSourceKeys[] = {"kind", "vocab", "embed", "dim"};
const char *const kTargetKeys[] = {"kind", "vocab", "embed",     "bos",
                                   "eos",  "dim",   "activation"};
const char *const kEncoderKeys[] = {"cell",          "hidden",          "layers",
                                    "bidirectional", "gate_activation", "context_projection"};
const char *const kDecoderKeys[] = {"cell", "hidden",      "layers",     "gate_activation",
                                    "peek", "first_input", "init_state", "attention"};
const char *const kAttentionKeys[] = {"type", "score", "size", "input_feed"};
const char *const kSearchKeys[] = {"strategy", "beam_width", "length_penalty", "alpha",
                                   "max_length"};
/// The keys only beam search reads.
const char *const kBeamKeys[] = {"beam_width", "length_penalty", "alpha"};
const char *const kWeightsKeys[] = {"file", "layout", "names", "separator"};
const char *const kNameRoles[] = {"source_embedding", "target_embedding", "encoder",
                                  "decoder",          "output",           "context_projection",
                                  "encoder_reverse",  "attention",        "attention_general",
                                  "attention_query",  "attention_key",    "attention_score",
                                  "attention_output"};
/// The attention Denses (SPEC.md): `names.attention_<leaf>`, by default
/// `<names.attention><separator><leaf>`.
const char *const kAttentionDenses[] = {"general", "query", "key", "score", "output"};

const char *const kKinds[] = {"tokens", "vectors"};
const char *const kActivations[] = {"linear", "tanh"};
const char *const kCells[] = {"lstm"};
const char *const kGateActivations[] = {"sigmoid", "hard_sigmoid",
                                        "hard_sigmoid_v3"};
const char *const kPeeks[] = {"none", "concat", "add"};
const char *const kFirstInputs[] = {"bos", "context", "zeros"};
const char *const kInitStates[] = {"encoder", "top", "zeros"};
const char *const kAttentionTypes[] = {"luong", "bahdanau"};
const char *const kLuongScores[] = {"dot", "general", "concat"};
const char *const kBahdanauScores[] = {"additive"};
const char *const kBooleans[] = {"true", "false"};
const char *const kStrategies[] = {"greedy", "beam"};
const char *const kLengthPenalties[] = {"none", "avg", "gnmt"};
const char *const kLayouts[] = {"canonical", "pytorch", "flax", "keras",
                                "onnx"};

using KeyList = llvm::ArrayRef<const char *>;

std::string joinKeys(KeyList keys, StringRef sep = ", ") {
  std::string out;
  for (const char *key : keys) {
    if (!out.empty())
      out += sep.str();
    out += key;
  }
  return out;
}

/// One `key: value` pair of a mapping, valid while the walk is inside it.
struct Entry {
  std::string key;
  SMRange keyRange;
  yaml::Node *value;

  /// Where a problem with the value is reported.
  SMLoc valueLoc() const { return valueRange().Start; }
  SMRange valueRange() const {
    // Only scalars start where they are written: a null node's range is the
    // token after it, a collection's its first element.
    SMRange range = value->getSourceRange();
    if (!llvm::isa<yaml::ScalarNode>(value) || !range.Start.isValid())
      return keyRange;
    return range;
  }
};

/// Describes a node for "got ..." in messages.
std::string describe(yaml::Node *node) {
  if (auto *scalar = llvm::dyn_cast<yaml::ScalarNode>(node)) {
    llvm::SmallString<32> storage;
    return ("'" + scalar->getValue(storage) + "'").str();
  }
  switch (node->getType()) {
  case yaml::Node::NK_Mapping:
    return "a mapping";
  case yaml::Node::NK_Sequence:
    return "a sequence";
  case yaml::Node::NK_Null:
    return "nothing";
  case yaml::Node::NK_Alias:
    return "an alias (aliases are not supported)";
  case yaml::Node::NK_BlockScalar:
    return "a block scalar";
  default:
    return "an unexpected node";
  }
}

/// Walks one document and builds the spec.
class SpecBuilder {
public:
  SpecBuilder(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context)
      : sourceMgr(sourceMgr), context(context) {}

  bool failed() const { return hadError; }

  /// Fills `spec` from the root node of the document.
  void build(yaml::Node *root, ModelSpec &spec);

private:
  // --- diagnostics ---------------------------------------------------------
  mlir::InFlightDiagnostic error(SMLoc loc, const Twine &message) {
    hadError = true;
    return mlir::emitError(toLocation(sourceMgr, loc, context), message);
  }

  // --- generic mapping walk ------------------------------------------------
  using EntryFn = llvm::function_ref<void(const Entry &)>;
  /// Calls `fn` on every entry of `map` whose key is allowed and not a
  /// duplicate, in document order; reports the others. Returns the keys seen.
  llvm::StringMap<SMRange> walkMapping(yaml::MappingNode *map,
                                       StringRef section, KeyList allowed,
                                       EntryFn fn);
  /// The value of `entry` as a mapping, or null after reporting.
  yaml::MappingNode *asMapping(const Entry &entry);

  // --- scalar readers: each reports and returns false on a bad value -------
  bool readString(const Entry &entry, Located<std::string> &out);
  bool readEnum(const Entry &entry, KeyList allowed, Located<std::string> &out);
  bool readInt(const Entry &entry, Located<int64_t> &out, int64_t min,
               StringRef expected);
  bool readSize(const Entry &entry, Located<int64_t> &out) {
    return readInt(entry, out, 1, "a positive integer");
  }
  /// A finite number >= 0.
  bool readNonNegative(const Entry &entry, Located<double> &out);
  bool readBool(const Entry &entry, Located<bool> &out);

  /// Fields without a usable value: rejected, or required and absent. They
  /// take no part in cross-field checks, so one mistake gives one error.
  template <typename T> void markInvalid(const Located<T> &field) {
    invalid.insert(&field);
  }
  /// True when the field holds a value: given and accepted, or a default.
  template <typename T> bool usable(const Located<T> &field) const {
    return !invalid.count(&field);
  }
  /// Reports a required key that is absent (and was not rejected).
  template <typename T>
  void require(Located<T> &field, StringRef key, StringRef section,
               SMRange sectionRange) {
    if (field.present || !usable(field))
      return;
    markInvalid(field);
    field.range = sectionRange;
    if (section.empty())
      error(sectionRange.Start, "missing required key '" + key + "'");
    else
      error(sectionRange.Start,
            "missing required key '" + key + "' in '" + section + "'");
  }
  template <typename T>
  static void setDefault(Located<T> &field, T value, SMRange parent) {
    if (field.present)
      return;
    field.value = std::move(value);
    field.range = parent;
  }

  // --- sections ------------------------------------------------------------
  void parseSide(const Entry &entry, SideSpec &side, bool isTarget);
  void parseStack(const Entry &entry, StackSpec &stack, bool isDecoder);
  void parseAttention(const Entry &entry, AttentionSpec &attention);
  void parseSearch(const Entry &entry, SearchSpec &search);
  void parseWeights(const Entry &entry, WeightsSpec &weights);

  void checkSide(SideSpec &side, StringRef section, bool isTarget);
  void checkStack(StackSpec &stack, StringRef section, bool isDecoder);
  void checkAttention(AttentionSpec &attention);
  void checkModel(ModelSpec &spec);
  /// Attention sizes against the encoder's memory (`memorySize` floats).
  void checkAttentionSizes(const ModelSpec &spec, int64_t memorySize, StringRef memoryWhat);
  void fillNames(ModelSpec &spec);

  llvm::SourceMgr &sourceMgr;
  mlir::MLIRContext *context;
  bool hadError = false;
  llvm::SmallPtrSet<const void *, 8> invalid;
  /// Which sections were given (and were mappings).
  llvm::StringMap<bool> sections;
};

} // namespace

//===----------------------------------------------------------------------===//
// Generic walk
//===----------------------------------------------------------------------===//

llvm::StringMap<SMRange> SpecBuilder::walkMapping(yaml::MappingNode *map,
                                                  StringRef section,
                                                  KeyList allowed, EntryFn fn) {
  llvm::StringMap<SMRange> seen;
  for (yaml::KeyValueNode &kv : *map) {
    yaml::Node *keyNode = kv.getKey();
    yaml::Node *value = kv.getValue();
    if (!keyNode || !value)
      break; // a syntax error; the first pass reported it
    auto *keyScalar = llvm::dyn_cast<yaml::ScalarNode>(keyNode);
    if (!keyScalar) {
      SMLoc at = keyNode->getSourceRange().Start;
      error(at.isValid() ? at : map->getSourceRange().Start,
            "keys must be plain names, got " + describe(keyNode));
      continue;
    }
    llvm::SmallString<32> storage;
    Entry entry{keyScalar->getValue(storage).str(),
                keyScalar->getSourceRange(), value};
    std::string where = section.empty() ? "at the top level"
                                           : "in '" + section.str() + "'";

    if (!llvm::is_contained(allowed, StringRef(entry.key))) {
      // Suggest the nearest allowed key when it is a likely typo.
      std::string hint;
      unsigned best = 3;
      for (const char *candidate : allowed) {
        unsigned distance = StringRef(entry.key).edit_distance(candidate);
        if (distance < best) {
          best = distance;
          hint = std::string(" (did you mean '") + candidate + "'?)";
        }
      }
      error(entry.keyRange.Start, "unknown key '" + entry.key + "' " +
                                      where + hint +
                                      ", expected one of: " + joinKeys(allowed));
      continue;
    }
    auto inserted = seen.try_emplace(entry.key, entry.keyRange);
    if (!inserted.second) {
      error(entry.keyRange.Start,
            "duplicate key '" + entry.key + "' " + where)
              .attachNote(toLocation(sourceMgr, inserted.first->second.Start,
                                     context))
          << "first defined here";
      continue;
    }
    fn(entry);
  }
  return seen;
}

yaml::MappingNode *SpecBuilder::asMapping(const Entry &entry) {
  if (auto *map = llvm::dyn_cast<yaml::MappingNode>(entry.value))
    return map;
  error(entry.valueLoc(), "'" + entry.key + "' must be a mapping, got " +
                              describe(entry.value));
  return nullptr;
}

bool SpecBuilder::readString(const Entry &entry, Located<std::string> &out) {
  out.present = true;
  out.range = entry.valueRange();
  auto *scalar = llvm::dyn_cast<yaml::ScalarNode>(entry.value);
  if (!scalar) {
    error(entry.valueLoc(), "'" + entry.key + "' must be a string, got " +
                                describe(entry.value));
    markInvalid(out);
    return false;
  }
  llvm::SmallString<32> storage;
  out.value = scalar->getValue(storage).str();
  return true;
}

bool SpecBuilder::readEnum(const Entry &entry, KeyList allowed,
                           Located<std::string> &out) {
  out.present = true;
  out.range = entry.valueRange();
  auto *scalar = llvm::dyn_cast<yaml::ScalarNode>(entry.value);
  llvm::SmallString<32> storage;
  StringRef value = scalar ? scalar->getValue(storage) : StringRef();
  if (scalar && llvm::is_contained(allowed, value)) {
    out.value = value.str();
    return true;
  }
  markInvalid(out);
  error(entry.valueLoc(), "'" + entry.key + "' must be one of " +
                              joinKeys(allowed) + ", got " +
                              describe(entry.value));
  return false;
}

bool SpecBuilder::readBool(const Entry &entry, Located<bool> &out) {
  Located<std::string> word;
  if (!readEnum(entry, kBooleans, word)) {
    markInvalid(out);
    out.present = true;
    out.range = word.range;
    return false;
  }
  out.present = true;
  out.range = word.range;
  out.value = word.value == "true";
  return true;
}

bool SpecBuilder::readInt(const Entry &entry, Located<int64_t> &out,
                          int64_t min, StringRef expected) {
  out.present = true;
  out.range = entry.valueRange();
  auto *scalar = llvm::dyn_cast<yaml::ScalarNode>(entry.value);
  llvm::SmallString<32> storage;
  int64_t value = 0;
  // Radix 10: YAML's "010" is ten, not eight.
  bool isInt = scalar && !scalar->getValue(storage).getAsInteger(10, value);
  if (!isInt || value < min) {
    markInvalid(out);
    std::string got = isInt ? std::to_string(value) : describe(entry.value);
    error(entry.valueLoc(),
          "'" + entry.key + "' must be " + expected + ", got " + got);
    return false;
  }
  if (value > kMaxSize) {
    markInvalid(out);
    error(entry.valueLoc(), "'" + entry.key + "' must be at most " +
                                Twine(kMaxSize) + ", got " + Twine(value));
    return false;
  }
  out.value = value;
  return true;
}

bool SpecBuilder::readNonNegative(const Entry &entry, Located<double> &out) {
  out.present = true;
  out.range = entry.valueRange();
  auto *scalar = llvm::dyn_cast<yaml::ScalarNode>(entry.value);
  llvm::SmallString<32> storage;
  double value = 0;
  bool isNumber = scalar && !scalar->getValue(storage).getAsDouble(value) && std::isfinite(value);
  if (!isNumber || value < 0) {
    markInvalid(out);
    error(entry.valueLoc(),
          "'" + entry.key + "' must be a non-negative number, got " +
              (isNumber ? scalar->getValue(storage).str() : describe(entry.value)));
    return false;
  }
  out.value = value;
  return true;
}

//===----------------------------------------------------------------------===//
// Sections
//===----------------------------------------------------------------------===//

void SpecBuilder::parseSide(const Entry &entry, SideSpec &side,
                            bool isTarget) {
  side.range = entry.keyRange;
  yaml::MappingNode *map = asMapping(entry);
  if (!map)
    return;
  sections[entry.key] = true;
  walkMapping(map, entry.key, isTarget ? KeyList(kTargetKeys) : kSourceKeys,
              [&](const Entry &e) {
                if (e.key == "kind")
                  readEnum(e, kKinds, side.kind);
                else if (e.key == "vocab")
                  readSize(e, side.vocab);
                else if (e.key == "embed")
                  readSize(e, side.embed);
                else if (e.key == "dim")
                  readSize(e, side.dim);
                else if (e.key == "bos")
                  readInt(e, side.bos, 0, "a non-negative integer");
                else if (e.key == "eos")
                  readInt(e, side.eos, 0, "a non-negative integer");
                else if (e.key == "activation")
                  readEnum(e, kActivations, side.activation);
              });
}

void SpecBuilder::parseStack(const Entry &entry, StackSpec &stack,
                             bool isDecoder) {
  stack.range = entry.keyRange;
  yaml::MappingNode *map = asMapping(entry);
  if (!map)
    return;
  sections[entry.key] = true;
  walkMapping(map, entry.key, isDecoder ? KeyList(kDecoderKeys) : kEncoderKeys,
              [&](const Entry &e) {
                if (e.key == "cell")
                  readEnum(e, kCells, stack.cell);
                else if (e.key == "hidden")
                  readSize(e, stack.hidden);
                else if (e.key == "layers")
                  readSize(e, stack.layers);
                else if (e.key == "gate_activation")
                  readEnum(e, kGateActivations, stack.gateActivation);
                else if (e.key == "context_projection")
                  readInt(e, stack.contextProjection, 0,
                          "a non-negative integer");
                else if (e.key == "peek")
                  readEnum(e, kPeeks, stack.peek);
                else if (e.key == "first_input")
                  readEnum(e, kFirstInputs, stack.firstInput);
                else if (e.key == "init_state")
                  readEnum(e, kInitStates, stack.initState);
                else if (e.key == "bidirectional")
                  readBool(e, stack.bidirectional);
                else if (e.key == "attention")
                  parseAttention(e, stack.attention);
              });
}

void SpecBuilder::parseAttention(const Entry &entry, AttentionSpec &attention) {
  attention.range = entry.keyRange;
  yaml::MappingNode *map = asMapping(entry);
  if (!map)
    return;
  walkMapping(map, "decoder.attention", kAttentionKeys, [&](const Entry &e) {
    if (e.key == "type")
      readEnum(e, kAttentionTypes, attention.type);
    else if (e.key == "score")
      readString(e, attention.score); // its values depend on the type
    else if (e.key == "size")
      readSize(e, attention.size);
    else if (e.key == "input_feed")
      readBool(e, attention.inputFeed);
  });
}

void SpecBuilder::parseSearch(const Entry &entry, SearchSpec &search) {
  search.range = entry.keyRange;
  yaml::MappingNode *map = asMapping(entry);
  if (!map)
    return;
  sections[entry.key] = true;
  walkMapping(map, entry.key, kSearchKeys, [&](const Entry &e) {
    if (e.key == "strategy")
      readEnum(e, kStrategies, search.strategy);
    else if (e.key == "beam_width")
      readSize(e, search.beamWidth);
    else if (e.key == "length_penalty")
      readEnum(e, kLengthPenalties, search.lengthPenalty);
    else if (e.key == "alpha")
      readNonNegative(e, search.alpha);
    else if (e.key == "max_length")
      readSize(e, search.maxLength);
  });
}

void SpecBuilder::parseWeights(const Entry &entry, WeightsSpec &weights) {
  weights.range = entry.keyRange;
  yaml::MappingNode *map = asMapping(entry);
  if (!map)
    return;
  sections[entry.key] = true;
  walkMapping(map, entry.key, kWeightsKeys, [&](const Entry &e) {
    if (e.key == "file") {
      if (readString(e, weights.file) && weights.file.value.empty()) {
        markInvalid(weights.file);
        error(e.valueLoc(), "'file' must name a safetensors file, got ''");
      }
    } else if (e.key == "layout") {
      readEnum(e, kLayouts, weights.layout);
    } else if (e.key == "separator") {
      readString(e, weights.separator);
    } else if (e.key == "names") {
      yaml::MappingNode *names = asMapping(e);
      if (!names)
        return;
      walkMapping(names, "weights.names", kNameRoles, [&](const Entry &n) {
        readString(n, weights.names[n.key]);
      });
    }
  });
}

//===----------------------------------------------------------------------===//
// Defaults and cross-field checks
//===----------------------------------------------------------------------===//

void SpecBuilder::checkSide(SideSpec &side, StringRef section, bool isTarget) {
  require(side.kind, "kind", section, side.range);
  if (!usable(side.kind))
    return;
  bool tokens = side.isTokens();
  StringRef kindName = tokens ? "tokens" : "vectors";
  // Keys that belong to the other kind are mistakes, not noise.
  auto rejectFor = [&](auto &field, StringRef key, bool allowed) {
    if (!field.present || !usable(field) || allowed)
      return;
    error(field.range.Start, "'" + key + "' does not apply to " + section +
                                 ".kind: " + kindName);
    markInvalid(field);
  };
  rejectFor(side.vocab, "vocab", tokens);
  rejectFor(side.embed, "embed", tokens);
  rejectFor(side.dim, "dim", !tokens);
  rejectFor(side.bos, "bos", tokens);
  rejectFor(side.eos, "eos", tokens);
  rejectFor(side.activation, "activation", !tokens);

  if (tokens) {
    require(side.vocab, "vocab", section, side.range);
    require(side.embed, "embed", section, side.range);
    if (isTarget) {
      require(side.bos, "bos", section, side.range);
      require(side.eos, "eos", section, side.range);
      if (usable(side.vocab)) {
        for (auto *field : {&side.bos, &side.eos}) {
          if (!usable(*field) || field->value < side.vocab.value)
            continue;
          StringRef key = field == &side.bos ? "bos" : "eos";
          error(field->range.Start,
                "'" + key + "' must be a token id in 0.." +
                    Twine(side.vocab.value - 1) + " (" + section +
                    ".vocab = " + Twine(side.vocab.value) + "), got " +
                    Twine(field->value));
          markInvalid(*field);
        }
      }
    }
  } else {
    require(side.dim, "dim", section, side.range);
    if (isTarget)
      setDefault(side.activation, std::string("linear"), side.range);
  }
}

void SpecBuilder::checkStack(StackSpec &stack, StringRef section,
                             bool isDecoder) {
  require(stack.hidden, "hidden", section, stack.range);
  setDefault(stack.cell, std::string("lstm"), stack.range);
  setDefault(stack.layers, int64_t(1), stack.range);
  setDefault(stack.gateActivation, std::string("sigmoid"), stack.range);
  if (!isDecoder) {
    setDefault(stack.contextProjection, int64_t(0), stack.range);
    setDefault(stack.bidirectional, false, stack.range);
  } else {
    setDefault(stack.peek, std::string("none"), stack.range);
    setDefault(stack.initState, std::string("encoder"), stack.range);
    if (stack.attention.present())
      checkAttention(stack.attention);
  }
}

void SpecBuilder::checkAttention(AttentionSpec &a) {
  require(a.type, "type", "decoder.attention", a.range);
  if (!usable(a.type))
    return;
  bool luong = a.type.value == "luong";
  KeyList scores = luong ? KeyList(kLuongScores) : KeyList(kBahdanauScores);
  if (luong)
    require(a.score, "score", "decoder.attention (type: luong)", a.range);
  else
    setDefault(a.score, std::string("additive"), a.range);
  if (a.score.present && usable(a.score) && !llvm::is_contained(scores, a.score.value)) {
    markInvalid(a.score);
    error(a.score.range.Start, "'score' of " + a.type.value + " attention must be one of " +
                                   joinKeys(scores) + ", got '" + a.score.value + "'");
  }
  if (!usable(a.score))
    return;
  // Keys the model would not read are errors, not silently ignored.
  if (a.additive())
    require(a.size, "size", "decoder.attention (score: " + a.score.value + ")", a.range);
  else if (a.size.present && usable(a.size))
    error(a.size.range.Start, "'size' applies to the concat and additive scores only, but "
                              "score is " +
                                  a.score.value);
  if (luong)
    setDefault(a.inputFeed, true, a.range);
  else if (a.inputFeed.present && usable(a.inputFeed))
    error(a.inputFeed.range.Start, "'input_feed' applies to luong attention only (bahdanau "
                                   "feeds its context into every step)");
}

void SpecBuilder::fillNames(ModelSpec &spec) {
  WeightsSpec &weights = spec.weights;
  setDefault(weights.layout, std::string("canonical"), weights.range);
  setDefault(weights.separator, std::string("."), weights.range);
  if (!usable(weights.layout) || !usable(weights.separator))
    return;
  // SPEC.md: layouts with one module per layer default to `encoder.{layer}`
  // (whatever the separator); PyTorch numbers the layers in its leaf names.
  bool perLayerModules = weights.layout.value != "pytorch";
  // Names of modules the model does not have are errors (they would be
  // ignored), checked before the defaults fill them.
  auto unused = [&](StringRef role, bool used, StringRef why) {
    auto it = weights.names.find(role.str());
    if (!used && it != weights.names.end() && it->second.present)
      error(it->second.range.Start, "'" + role + "' names " + why);
  };
  bool bidirectional = spec.encoder.bidirectional.present && spec.encoder.bidirectional.value;
  unused("encoder_reverse", bidirectional && perLayerModules,
         bidirectional ? "the backward LSTMs, which layout pytorch finds by their '_reverse' "
                         "leaves in names.encoder"
                       : "the backward LSTMs of a bidirectional encoder, but encoder."
                         "bidirectional is false");
  const AttentionSpec &attention = spec.decoder.attention;
  unused("attention", attention.present(), "attention weights, but the decoder has none");
  for (const char *leaf : kAttentionDenses)
    unused(("attention_" + Twine(leaf)).str(), attention.present(),
           "attention weights, but the decoder has none");
  std::pair<const char *, std::string> defaults[] = {
      {"source_embedding", "src_embed"},
      {"target_embedding", "tgt_embed"},
      {"encoder", perLayerModules ? "encoder.{layer}" : "encoder"},
      {"decoder", perLayerModules ? "decoder.{layer}" : "decoder"},
      {"output", "out"},
      {"context_projection", "ctx"},
      {"encoder_reverse", perLayerModules ? "encoder_reverse.{layer}" : "encoder_reverse"},
      {"attention", "attention"}};
  for (auto &role : defaults)
    setDefault(weights.names[role.first], role.second, weights.range);
  for (const char *leaf : kAttentionDenses)
    setDefault(weights.names[("attention_" + Twine(leaf)).str()],
               weights.names["attention"].value + weights.separator.value + leaf, weights.range);

  for (auto &it : weights.names) {
    Located<std::string> &prefix = it.second;
    if (!usable(prefix))
      continue;
    bool hasLayer = StringRef(prefix.value).contains("{layer}");
    bool isStack = it.first == "encoder" || it.first == "decoder" || it.first == "encoder_reverse";
    if (hasLayer && !isStack) {
      error(prefix.range.Start, "'" + it.first +
                                    "' must not contain {layer}: only the "
                                    "encoder and decoder have layers");
      continue;
    }
    if (!isStack || hasLayer || !perLayerModules)
      continue;
    const StackSpec &stack = it.first == "decoder" ? spec.decoder : spec.encoder;
    if (usable(stack.layers) && stack.layers.value > 1)
      error(prefix.range.Start,
            "'" + it.first + "' must contain {layer} with layout " +
                weights.layout.value + " and " + it.first + ".layers = " +
                Twine(stack.layers.value) + ", got '" + prefix.value + "'");
  }
}

void SpecBuilder::checkModel(ModelSpec &spec) {
  SideSpec &tgt = spec.target;
  StackSpec &enc = spec.encoder, &dec = spec.decoder;

  // first_input defaults on the target kind; bos needs token ids.
  bool tgtKnown = sections.count("target") && usable(tgt.kind);
  bool tgtTokens = !tgtKnown || tgt.isTokens();
  if (sections.count("decoder")) {
    setDefault(dec.firstInput, std::string(tgtTokens ? "bos" : "context"),
               dec.range);
    if (tgtKnown && !tgtTokens && usable(dec.firstInput) &&
        dec.firstInput.value == "bos")
      error(dec.firstInput.range.Start,
            "first_input: bos needs a token target, but target.kind is "
            "vectors");
  }
  if (sections.count("search")) {
    setDefault(spec.search.strategy, std::string("greedy"), spec.search.range);
    bool beam = usable(spec.search.strategy) &&
                spec.search.strategy.value == "beam";
    if (beam) {
      setDefault(spec.search.beamWidth, int64_t(4), spec.search.range);
      setDefault(spec.search.lengthPenalty, std::string("none"), spec.search.range);
      setDefault(spec.search.alpha, 1.0, spec.search.range);
    }
    if (beam && tgtKnown && !tgtTokens)
      error(spec.search.strategy.range.Start,
            "strategy: beam needs a token target, but target.kind is vectors");
    // Beam keys under greedy would be silently ignored: refuse them.
    if (usable(spec.search.strategy) && !beam) {
      // (A value rejected already has its error.)
      SearchSpec &search = spec.search;
      auto rangeIfGiven = [&](const auto &field) {
        return field.present && usable(field) ? field.range : SMRange();
      };
      std::pair<const char *, SMRange> given[] = {
          {kBeamKeys[0], rangeIfGiven(search.beamWidth)},
          {kBeamKeys[1], rangeIfGiven(search.lengthPenalty)},
          {kBeamKeys[2], rangeIfGiven(search.alpha)}};
      for (auto [key, range] : given)
        if (range.isValid())
          error(range.Start, "'" + Twine(key) +
                                 "' applies to strategy: beam only, but strategy is " +
                                 spec.search.strategy.value);
    }
  }

  if (!sections.count("encoder") || !sections.count("decoder"))
    return;

  // The encoder's outputs, its final state and the attention memory have
  // H_m = hidden, or 2 x hidden when bidirectional (SEMANTICS.md 2b).
  bool bidirectional = usable(enc.bidirectional) && enc.bidirectional.value;
  int64_t memorySize = enc.hidden.value * (bidirectional ? 2 : 1);
  // Checked as SPEC.md defines them, not compiled yet (issue 13): refused
  // here, so that no later stage sees them.
  if (bidirectional)
    error(enc.bidirectional.range.Start,
          "a bidirectional encoder is not compiled yet (SEMANTICS.md 2b; s2sc issue 13)");
  if (dec.attention.present())
    error(dec.attention.range.Start,
          "attention is not compiled yet (SEMANTICS.md 5; s2sc issue 13)");
  std::string memoryWhat = bidirectional ? "2 x encoder.hidden (bidirectional)" : "encoder.hidden";
  checkAttentionSizes(spec, memorySize, memoryWhat);

  // Initial decoder state from the encoder: shapes must line up.
  if (usable(dec.initState) && dec.initState.value != "zeros") {
    bool perLayer = dec.initState.value == "encoder";
    SMLoc at = dec.initState.present ? dec.initState.range.Start
               : dec.layers.present  ? dec.layers.range.Start
               : enc.layers.present  ? enc.layers.range.Start
                                     : dec.range.Start;
    if (perLayer && usable(enc.layers) && usable(dec.layers) &&
        enc.layers.value != dec.layers.value)
      error(at, "init_state: encoder needs equal layer counts: encoder has " +
                    Twine(enc.layers.value) + ", decoder has " +
                    Twine(dec.layers.value));
    at = dec.initState.present ? dec.initState.range.Start
         : dec.hidden.present  ? dec.hidden.range.Start
                               : dec.range.Start;
    if (usable(enc.hidden) && usable(dec.hidden) && memorySize != dec.hidden.value)
      error(at, "init_state: " + dec.initState.value +
                    (bidirectional ? " with a bidirectional encoder needs decoder.hidden = 2 x "
                                     "encoder.hidden: encoder has "
                                   : " needs equal hidden sizes: encoder has ") +
                    Twine(enc.hidden.value) + ", decoder has " + Twine(dec.hidden.value));
  }

  // Decoder input sizes (SEMANTICS.md section 3): the feedback y has the
  // target's size, the context C the encoder's (or its projection's).
  if (!tgtKnown || !usable(enc.hidden) || !usable(enc.contextProjection))
    return;
  const Located<int64_t> &feedback = tgt.isTokens() ? tgt.embed : tgt.dim;
  if (!usable(feedback))
    return;
  bool projected = enc.contextProjection.value > 0;
  int64_t contextSize = projected ? enc.contextProjection.value : memorySize;
  if (contextSize == feedback.value)
    return;
  std::string sizes = "context size " + std::to_string(contextSize) + " (" +
                      (projected ? "encoder.context_projection" : memoryWhat) +
                      ") differs from feedback size " + std::to_string(feedback.value) +
                      " (target." + (tgt.isTokens() ? "embed" : "dim") + ")";
  std::string fix = projected ? "" : "; set encoder.context_projection: " +
                                         std::to_string(feedback.value);
  if (usable(dec.peek) && dec.peek.value == "add") {
    error(dec.peek.present ? dec.peek.range.Start : dec.range.Start,
          "peek: add needs the context and the feedback to have one size: " +
              sizes + fix);
    return;
  }
  if (usable(dec.firstInput) && dec.firstInput.value == "context")
    error(dec.firstInput.present ? dec.firstInput.range.Start : dec.range.Start,
          "first_input: context feeds C where the feedback goes: " + sizes +
              fix);
}

void SpecBuilder::checkAttentionSizes(const ModelSpec &spec, int64_t memorySize,
                                      StringRef memoryWhat) {
  const StackSpec &enc = spec.encoder, &dec = spec.decoder;
  const AttentionSpec &a = dec.attention;
  if (!a.present() || !usable(a.score) || !usable(enc.hidden) || !usable(dec.hidden))
    return;
  if (a.score.value == "dot" && dec.hidden.value != memorySize)
    error(a.score.range.Start, "score: dot needs decoder.hidden = the memory size: decoder has " +
                                   Twine(dec.hidden.value) + ", the memory " + Twine(memorySize) +
                                   " (" + memoryWhat + ")");
}

void SpecBuilder::build(yaml::Node *root, ModelSpec &spec) {
  SMRange rootRange = root->getSourceRange();
  auto *map = llvm::dyn_cast<yaml::MappingNode>(root);
  if (!map) {
    error(rootRange.Start, "the spec must be a mapping of keys, got " +
                               describe(root));
    return;
  }
  // Top-level keys that are absent are reported at the start of the file.
  SMRange top(rootRange.Start, rootRange.Start);
  spec.version.range = spec.name.range = top;

  auto seen = walkMapping(map, "", kTopKeys, [&](const Entry &e) {
    if (e.key == "s2sc") {
      if (readInt(e, spec.version, 1, "1 (the spec format version)") &&
          spec.version.value != 1) {
        markInvalid(spec.version);
        error(e.valueLoc(), "'s2sc' must be 1 (the spec format version), got " +
                                Twine(spec.version.value));
      }
    } else if (e.key == "name") {
      if (readString(e, spec.name) && !isCIdentifier(spec.name.value)) {
        markInvalid(spec.name);
        error(e.valueLoc(),
              "'name' must be a C identifier (letters, digits and '_', not "
              "starting with a digit), got '" +
                  spec.name.value + "'");
      } else if (!spec.name.value.empty()) {
        std::string reason = reservedNameReason(spec.name.value);
        if (!reason.empty()) {
          markInvalid(spec.name);
          error(e.valueLoc(), "'name' cannot be '" + spec.name.value + "': " + reason);
        }
      }
    } else if (e.key == "source") {
      parseSide(e, spec.source, /*isTarget=*/false);
    } else if (e.key == "target") {
      parseSide(e, spec.target, /*isTarget=*/true);
    } else if (e.key == "encoder") {
      parseStack(e, spec.encoder, /*isDecoder=*/false);
    } else if (e.key == "decoder") {
      parseStack(e, spec.decoder, /*isDecoder=*/true);
    } else if (e.key == "search") {
      parseSearch(e, spec.search);
    } else if (e.key == "weights") {
      parseWeights(e, spec.weights);
    }
  });

  require(spec.version, "s2sc", "", top);
  require(spec.name, "name", "", top);
  for (const char *key : kTopKeys) {
    StringRef k(key);
    if (k != "s2sc" && k != "name" && !seen.count(k))
      error(top.Start, "missing required key '" + k + "'");
  }
  if (sections.count("source"))
    checkSide(spec.source, "source", /*isTarget=*/false);
  if (sections.count("target"))
    checkSide(spec.target, "target", /*isTarget=*/true);
  if (sections.count("encoder"))
    checkStack(spec.encoder, "encoder", /*isDecoder=*/false);
  if (sections.count("decoder"))
    checkStack(spec.decoder, "decoder", /*isDecoder=*/true);
  if (sections.count("search"))
    require(spec.search.maxLength, "max_length", "search", spec.search.range);
  if (sections.count("weights")) {
    require(spec.weights.file, "file", "weights", spec.weights.range);
    fillNames(spec);
  }
  checkModel(spec);
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

namespace {
/// Forwards the YAML scanner's syntax errors into MLIR diagnostics.
struct SyntaxErrorForwarder {
  llvm::SourceMgr &sourceMgr; // the caller's: it maps locations to lines
  mlir::MLIRContext *context;
  bool sawError = false;

  static void handle(const llvm::SMDiagnostic &diag, void *ctx) {
    auto *self = static_cast<SyntaxErrorForwarder *>(ctx);
    if (diag.getKind() != llvm::SourceMgr::DK_Error)
      return;
    self->sawError = true;
    // "Unexpected token" -> "invalid YAML: unexpected token".
    std::string message = diag.getMessage().str();
    if (message.size() > 1 && message[0] >= 'A' && message[0] <= 'Z' &&
        message[1] >= 'a' && message[1] <= 'z')
      message[0] = llvm::toLower(message[0]);
    mlir::emitError(toLocation(self->sourceMgr, diag.getLoc(), self->context),
                    "invalid YAML: " + message);
  }
};
} // namespace

namespace {
/// A spec is a few KB; llvm::yaml spends about 50 bytes of nodes per byte of
/// a long list, so a 50 MB list under some key took 2.5 GB.
constexpr size_t kMaxSpecBytes = 1 << 20;
/// llvm::yaml's parser recurses once per nesting level: a 1M-deep flow
/// sequence overflowed the stack. Specs nest four deep.
constexpr int kMaxSpecNesting = 64;

/// The first place where flow collections ([ and {, outside quotes and
/// comments) or block indentation nest deeper than kMaxSpecNesting levels,
/// or null.
const char *tooDeep(StringRef text) {
  int flow = 0;
  bool lineStart = true;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (lineStart) {
      size_t indent = 0;
      while (i + indent < e && text[i + indent] == ' ')
        ++indent;
      if (indent > size_t(kMaxSpecNesting) * 4)
        return text.data() + i + indent;
      i += indent;
      lineStart = false;
      if (i >= e)
        break;
      c = text[i];
    }
    if (c == '\n') {
      lineStart = true;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t')) {
      while (i + 1 < e && text[i + 1] != '\n')
        ++i;
    } else if (c == '"' || c == '\'') {
      // A quoted scalar: skip to its closing quote ("\x" escapes, '' doubles).
      for (++i; i < e && text[i] != c; ++i)
        if (c == '"' && text[i] == '\\')
          ++i;
    } else if (c == '[' || c == '{') {
      if (++flow > kMaxSpecNesting)
        return text.data() + i;
    } else if ((c == ']' || c == '}') && flow > 0) {
      --flow;
    }
  }
  return nullptr;
}
} // namespace

mlir::FailureOr<ModelSpec> s2s::parseModelSpec(llvm::SourceMgr &sourceMgr,
                                               mlir::MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::MemoryBufferRef bufferRef = buffer->getMemBufferRef();
  SMLoc bufferStart = SMLoc::getFromPointer(buffer->getBufferStart());
  if (buffer->getBufferSize() > kMaxSpecBytes) {
    mlir::emitError(toLocation(sourceMgr, bufferStart, context),
                    "the spec is " + Twine(uint64_t(buffer->getBufferSize())) +
                        " bytes, more than the limit of " + Twine(uint64_t(kMaxSpecBytes)) +
                        " (weights belong in weights.file)");
    return mlir::failure();
  }
  if (const char *deep = tooDeep(buffer->getBuffer())) {
    mlir::emitError(toLocation(sourceMgr, SMLoc::getFromPointer(deep), context),
                    "the spec nests deeper than " + Twine(kMaxSpecNesting) + " levels");
    return mlir::failure();
  }

  // The scanner adds its buffer to the SourceMgr it is given; a private one
  // keeps the caller's untouched. Its buffer aliases the caller's memory, so
  // every SMLoc it produces is valid in the caller's SourceMgr too.
  SyntaxErrorForwarder forwarder{sourceMgr, context};
  {
    llvm::SourceMgr scratch;
    scratch.setDiagHandler(&SyntaxErrorForwarder::handle, &forwarder);
    yaml::Stream check(bufferRef, scratch, /*ShowColors=*/false);
    check.skip();
    if (check.failed() || forwarder.sawError)
      return mlir::failure();
  }

  llvm::SourceMgr scratch;
  scratch.setDiagHandler(&SyntaxErrorForwarder::handle, &forwarder);
  yaml::Stream stream(bufferRef, scratch, /*ShowColors=*/false);
  ModelSpec spec;
  spec.path = buffer->getBufferIdentifier().str();
  SpecBuilder builder(sourceMgr, context);

  yaml::document_iterator doc = stream.begin();
  yaml::Node *root = doc != stream.end() ? doc->getRoot() : nullptr;
  if (!root || llvm::isa<yaml::NullNode>(root)) {
    mlir::emitError(toLocation(sourceMgr, bufferStart, context),
                    "the spec is empty: expected a mapping with keys " +
                        joinKeys(kTopKeys));
    return mlir::failure();
  }
  builder.build(root, spec);
  if (++doc != stream.end()) {
    SMLoc at = doc->getRoot() ? doc->getRoot()->getSourceRange().Start
                              : bufferStart;
    mlir::emitError(toLocation(sourceMgr, at.isValid() ? at : bufferStart,
                               context),
                    "the spec must be a single YAML document");
    return mlir::failure();
  }
  if (builder.failed() || forwarder.sawError)
    return mlir::failure();

  // weights.file is relative to the spec's directory.
  llvm::SmallString<256> resolved;
  StringRef file = spec.weights.file.value;
  if (!llvm::sys::path::is_absolute(file) && spec.path != "-" &&
      spec.path != "<stdin>")
    resolved = llvm::sys::path::parent_path(spec.path);
  llvm::sys::path::append(resolved, file);
  spec.weights.resolvedPath = std::string(resolved);
  return spec;
}
