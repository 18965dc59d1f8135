//===- s2s-run.cpp - Compile a spec and run it on given inputs -*- C++ -*-===//
///
/// For quick checks and demos: compiles a spec in-process (or takes a library
/// s2sc already built), links a small C driver against the library with the
/// system C compiler, runs it on sequences from the command line or a JSON
/// file, and prints the outputs as text or JSON. The model runs in a child
/// process linked exactly as a user's program would link it, so what is
/// printed is what the C API gives, and a crash in generated code is reported
/// rather than shared.
///
//===----------------------------------------------------------------------===//
#include "s2s/Pipeline/Pipeline.h"
#include "s2s/Support/InputFile.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace llvm;

static cl::OptionCategory category("s2s-run options");

static cl::opt<std::string> specFile(cl::Positional, cl::desc("<model.yaml>"), cl::cat(category));
static cl::opt<std::string> libDir("lib",
                                   cl::desc("Run the library s2sc already wrote into DIR "
                                            "(NAME.h and libNAME.a) instead of compiling a spec"),
                                   cl::value_desc("DIR"), cl::cat(category));
static cl::opt<std::string> target("target",
                                   cl::desc("host (default) or a Halide target string, as for "
                                            "s2sc; the driver must be able to run it"),
                                   cl::init("host"), cl::cat(category));
static cl::opt<std::string> srcText("src",
                                    cl::desc("Source sequences: ';' between sequences, blanks "
                                             "between numbers, '|' between the steps of a "
                                             "vector source"),
                                    cl::value_desc("text"), cl::cat(category));
static cl::opt<std::string> inputFile("input",
                                      cl::desc("A JSON file (- for stdin): {\"src\": [[3, 4, 5], "
                                               "[6, 7]]}, or lists of vectors for a vector source"),
                                      cl::value_desc("file"), cl::cat(category));
static cl::opt<int> maxOut("max-out",
                           cl::desc("Token targets: output buffer length per sequence "
                                    "(default NAME_MAX_LENGTH)"),
                           cl::value_desc("N"), cl::cat(category));
static cl::opt<int> steps("steps",
                          cl::desc("Vector targets: output steps (default NAME_MAX_LENGTH)"),
                          cl::value_desc("N"), cl::cat(category));
static cl::opt<bool> logits("logits",
                            cl::desc("Token targets: also print the scores of every decoded step"),
                            cl::cat(category));
static cl::opt<int> nBest("nbest",
                          cl::desc("Beam-search models: print the N best hypotheses of each "
                                   "sequence with their scores (NAME_translate_nbest)"),
                          cl::value_desc("N"), cl::cat(category));
static cl::opt<bool> jsonOutput("json",
                                cl::desc("Print {\"outputs\": ..., \"lengths\": ..., "
                                         "\"logits\": ...} (with --nbest: per sequence a "
                                         "list of hypotheses, and \"scores\") instead of "
                                         "text"),
                                cl::cat(category));

static const char *overview =
    "s2s-run: compile a sequence-to-sequence spec and run it on given inputs\n\n"
    "  s2s-run model.yaml [--target=T] --src \"3 4 5; 6 7\" [--max-out N] [--logits] [--json]\n"
    "  s2s-run --lib DIR --input in.json ...   runs DIR/libNAME.a as s2sc -o DIR wrote it\n\n"
    "Vector sources: --src \"0.1 0.2 | 0.3 0.4; 0.5 0.6\" (steps split by '|'), or JSON\n"
    "{\"src\": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]]]}; vector targets take --steps N.\n"
    "Text output is one line per sequence (\"0: 8 3 2\"), vector outputs one row per\n"
    "step; with --nbest N a line per hypothesis, best first, with its score\n"
    "(\"0.1 [-1.25]: 8 3 2\"). The driver is built with $CC (default cc).\n";

namespace {
/// What the generated header says about the model: the kinds and sizes the
/// inputs are checked against and the driver is specialised to.
struct ModelInfo {
  std::string name;
  std::string dir;
  /// DIR holds an `s2sc --emit=cpp` package (built into libNAME.a by hand):
  /// its kernels need the C++ runtime library.
  bool cppPackage = false;
  bool tokenSource = true;
  bool tokenTarget = true;
  int64_t sourceSize = 0; // vocabulary, or features per step
  int64_t targetSize = 0;
  int64_t maxLength = 0;
  int64_t beamWidth = 0; // beam-search models: K

  StringRef translateFn() const {
    return nBest ? "_translate_nbest" : tokenTarget ? "_translate" : "_translate_vectors";
  }
};

/// Source sequences as given; they are padded to one length for the library.
struct Batch {
  std::vector<std::vector<int32_t>> tokens; // token sources
  std::vector<std::vector<float>> vectors;  // vector sources: steps * dim each
  std::vector<int32_t> lengths;
};

/// What the library returned; `width` is max_out or steps.
struct Result {
  int32_t batch = 0;
  int32_t width = 0;
  int32_t hypotheses = 1;       // per sequence: --nbest, else 1
  std::vector<int32_t> lengths; // token targets: [batch][hypotheses]
  std::vector<int32_t> tokens;  // [batch][hypotheses][width]
  std::vector<float> scores;    // --nbest: [batch][hypotheses]
  std::vector<float> logits;    // [batch][width][vocab], when asked for
  std::vector<float> vectors;   // vector targets: [batch][width][dim]
};

/// The scratch directory, removed with everything in it on every exit path.
struct TempDir {
  SmallString<128> path;
  ~TempDir() {
    if (!path.empty())
      sys::fs::remove_directories(path);
  }
  std::string file(StringRef name) const {
    SmallString<128> p(path);
    sys::path::append(p, name);
    return std::string(p);
  }
};
} // namespace

static Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// The library
//===----------------------------------------------------------------------===//

static bool compileSpecTo(StringRef spec, StringRef dir) {
  auto buffer = s2s::readInputFile(spec, s2s::kMaxTextFileBytes, /*text=*/true);
  if (!buffer) {
    WithColor::error(errs(), "s2s-run") << toString(buffer.takeError()) << "\n";
    return false;
  }
  SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), SMLoc());
  mlir::MLIRContext context;
  s2s::loadS2SDialects(context);
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  s2s::PipelineOptions options;
  options.target = target;
  options.output = dir.str();
  return succeeded(s2s::compileSpec(sourceMgr, &context, options));
}

/// Reads NAME and the sizes from the one NAME.h in `dir`: the macros
/// `#define NAME_SOURCE_VOCAB 16` etc. are the header's stable contract.
static Expected<ModelInfo> readModelInfo(StringRef dir) {
  std::error_code ec;
  SmallVector<std::string, 1> headers;
  for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (sys::path::extension(it->path()) == ".h")
      headers.push_back(it->path());
  if (ec)
    return makeError("cannot read library directory '" + dir + "': " + ec.message());
  if (headers.size() != 1)
    return makeError(formatv("'{0}' must hold one NAME.h and libNAME.a as s2sc -o DIR writes "
                             "them; it holds {1} headers",
                             dir, headers.size()));
  ModelInfo model;
  model.dir = dir.str();
  model.name = sys::path::stem(headers.front()).str();
  SmallString<128> lib(dir), hostSource(dir);
  sys::path::append(lib, "lib" + model.name + ".a");
  sys::path::append(hostSource, model.name + "_host.cpp");
  model.cppPackage = sys::fs::exists(hostSource);
  if (!sys::fs::exists(lib) && model.cppPackage)
    return makeError("'" + lib + "' is missing: '" + dir +
                     "' holds the C++ sources of s2sc --emit=cpp; build them first (cd " + dir +
                     " && g++ -std=c++17 -O2 -c *.cpp && ar rcs lib" + model.name + ".a *.o)");
  if (!sys::fs::exists(lib))
    return makeError("'" + lib + "' is missing: '" + dir + "' must hold " + model.name +
                     ".h and its library as s2sc -o DIR writes them");
  auto buffer = MemoryBuffer::getFile(headers.front());
  if (!buffer)
    return makeError("cannot read '" + headers.front() + "': " + buffer.getError().message());

  std::string prefix = "#define " + StringRef(model.name).upper() + "_";
  StringMap<int64_t> macros;
  SmallVector<StringRef, 64> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  for (StringRef line : lines) {
    if (!line.consume_front(prefix))
      continue;
    std::pair<StringRef, StringRef> keyValue = line.trim().split(' ');
    int64_t value;
    if (!keyValue.second.trim().getAsInteger(10, value))
      macros[keyValue.first] = value;
  }
  auto has = [&](StringRef key) { return macros.count(key) != 0; };
  if (!has("MAX_LENGTH") || has("SOURCE_VOCAB") == has("SOURCE_DIM") ||
      has("TARGET_VOCAB") == has("TARGET_DIM"))
    return makeError("'" + headers.front() +
                     "' is not a header s2sc wrote: it lacks the MAX_LENGTH, source or "
                     "target size macros");
  model.tokenSource = has("SOURCE_VOCAB");
  model.tokenTarget = has("TARGET_VOCAB");
  model.sourceSize = macros[model.tokenSource ? "SOURCE_VOCAB" : "SOURCE_DIM"];
  model.targetSize = macros[model.tokenTarget ? "TARGET_VOCAB" : "TARGET_DIM"];
  model.maxLength = macros["MAX_LENGTH"];
  model.beamWidth = has("BEAM_WIDTH") ? macros["BEAM_WIDTH"] : 0;
  return model;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

static Error widthError(const Twine &where, size_t count, const ModelInfo &model) {
  return makeError(formatv("{0} has {1} numbers, expected {2} (the source dim of '{3}')", where,
                           count, model.sourceSize, model.name));
}

static Error addToken(int64_t id, const Twine &item, const Twine &where,
                      std::vector<int32_t> &ids) {
  // The vocabulary is the library's to check, so that its message is seen.
  if (id < INT32_MIN || id > INT32_MAX)
    return makeError(where + ": token id " + item + " does not fit in int32_t");
  ids.push_back(static_cast<int32_t>(id));
  return Error::success();
}

static Expected<Batch> parseSrcText(StringRef text, const ModelInfo &model) {
  if (text.trim().empty())
    return makeError("--src is empty: give sequences such as --src \"3 4 5; 6 7\"");
  Batch batch;
  SmallVector<StringRef, 8> sequences;
  text.split(sequences, ';');
  for (size_t i = 0; i < sequences.size(); ++i) {
    std::string where = formatv("--src: sequence {0}", i);
    if (sequences[i].trim().empty())
      return makeError(where + " is empty");
    if (model.tokenSource) {
      SmallVector<StringRef, 16> items;
      SplitString(sequences[i], items, " \t\r\n,");
      std::vector<int32_t> ids;
      for (StringRef item : items) {
        int64_t id;
        if (item.getAsInteger(10, id))
          return makeError(where + ": '" + item + "' is not a token id");
        if (Error e = addToken(id, item, where, ids))
          return std::move(e);
      }
      batch.lengths.push_back(ids.size());
      batch.tokens.push_back(std::move(ids));
      continue;
    }
    SmallVector<StringRef, 16> stepTexts;
    sequences[i].split(stepTexts, '|');
    std::vector<float> values;
    for (size_t t = 0; t < stepTexts.size(); ++t) {
      std::string stepWhere = formatv("{0}, step {1}", where, t);
      SmallVector<StringRef, 16> items;
      SplitString(stepTexts[t], items, " \t\r\n,");
      if (items.size() != static_cast<size_t>(model.sourceSize))
        return widthError(stepWhere, items.size(), model);
      for (StringRef item : items) {
        double value;
        if (item.getAsDouble(value))
          return makeError(stepWhere + ": '" + item + "' is not a number");
        values.push_back(static_cast<float>(value));
      }
    }
    batch.lengths.push_back(stepTexts.size());
    batch.vectors.push_back(std::move(values));
  }
  return batch;
}

/// How messages name the input file.
static StringRef inputName(StringRef path) { return path == "-" ? "<stdin>" : path; }

static Expected<json::Value> loadJson(StringRef path) {
  auto buffer = MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer)
    return makeError("cannot read '" + path + "': " + buffer.getError().message());
  Expected<json::Value> root = json::parse((*buffer)->getBuffer());
  if (!root)
    return makeError(inputName(path) + ": invalid JSON: " + toString(root.takeError()));
  return root;
}

static std::string show(const json::Value &value) {
  std::string text;
  raw_string_ostream(text) << value;
  return text;
}

static Expected<Batch> parseSrcJson(const json::Value &root, StringRef path,
                                    const ModelInfo &model) {
  StringRef shape = model.tokenSource ? "[[3, 4, 5], [6, 7]]" : "[[[0.1, 0.2], [0.3, 0.4]]]";
  const json::Array *sequences = root.getAsArray();
  if (const json::Object *object = root.getAsObject()) {
    for (const auto &entry : *object)
      if (entry.first != "src")
        return makeError(path + ": unknown key '" + entry.first.str() + "'; expected \"src\"");
    const json::Value *src = object->get("src");
    sequences = src ? src->getAsArray() : nullptr;
  }
  if (!sequences)
    return makeError(path + ": expected {\"src\": " + shape + "}");
  if (sequences->empty())
    return makeError(path + ": src holds no sequences");
  Batch batch;
  for (size_t i = 0; i < sequences->size(); ++i) {
    std::string where = formatv("{0}: src[{1}]", path, i);
    const json::Array *sequence = (*sequences)[i].getAsArray();
    if (!sequence)
      return makeError(where + ": expected a list of " +
                       (model.tokenSource ? "token ids" : "vectors") + ", got " +
                       show((*sequences)[i]));
    if (sequence->empty())
      return makeError(where + " is empty");
    if (model.tokenSource) {
      std::vector<int32_t> ids;
      for (size_t t = 0; t < sequence->size(); ++t) {
        const json::Value &item = (*sequence)[t];
        Optional<int64_t> id = item.getAsInteger();
        if (!id)
          return makeError(formatv("{0}[{1}]: expected a token id, got {2}", where, t, show(item)));
        if (Error e = addToken(*id, show(item), where, ids))
          return std::move(e);
      }
      batch.lengths.push_back(ids.size());
      batch.tokens.push_back(std::move(ids));
      continue;
    }
    std::vector<float> values;
    for (size_t t = 0; t < sequence->size(); ++t) {
      std::string stepWhere = formatv("{0}[{1}]", where, t);
      const json::Array *vector = (*sequence)[t].getAsArray();
      if (!vector)
        return makeError(stepWhere + ": expected a vector of " + Twine(model.sourceSize) +
                         " numbers, got " + show((*sequence)[t]));
      if (vector->size() != static_cast<size_t>(model.sourceSize))
        return widthError(stepWhere, vector->size(), model);
      for (const json::Value &item : *vector) {
        Optional<double> value = item.getAsNumber();
        if (!value)
          return makeError(stepWhere + ": expected a number, got " + show(item));
        values.push_back(static_cast<float>(*value));
      }
    }
    batch.lengths.push_back(sequence->size());
    batch.vectors.push_back(std::move(values));
  }
  return batch;
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

/// The model-independent part of the driver; the prologue written by
/// driverSource binds its names to the model's.
static const char *driverBody = R"(
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* IN: int32 batch, max_src_len, width (max_out or steps), logits flag;
   int32 src_len[batch]; src[batch][max_src_len][SOURCE_WIDTH].
   OUT: int32 status, then the library's message or, for token targets,
   int32 out_len[batch], int32 out[batch][width] and, when asked for,
   float logits[batch][width][TARGET_WIDTH]; for vector targets
   float out[batch][width][TARGET_WIDTH]. */
#if TOKEN_SOURCE
typedef int32_t src_t;
#else
typedef float src_t;
#endif

static int fail(const char *what) {
  fprintf(stderr, "s2s-run driver: %s\n", what);
  return 2;
}

/* A width below 1 is the library's to refuse: keep the buffers valid. */
static void *allocate(size_t count, size_t size) { return calloc(count ? count : 1, size); }

int main(int argc, char **argv) {
  int32_t head[5];
  FILE *in = argc == 3 ? fopen(argv[1], "rb") : NULL;
  if (!in || fread(head, sizeof head[0], 5, in) != 5)
    return fail("cannot read the input");
  /* head[4]: n_best, or 0 for the plain translate call. */
  int32_t batch = head[0], maxSrcLen = head[1], width = head[2], nBest = head[4];
  int32_t hypotheses = nBest > 0 ? nBest : 1;
  size_t nsrc = (size_t)batch * maxSrcLen * SOURCE_WIDTH;
  size_t nout = (size_t)batch * hypotheses * (width > 0 ? width : 0);
  int32_t *srcLen = allocate(batch, sizeof(int32_t));
  src_t *src = allocate(nsrc, sizeof(src_t));
  if (!srcLen || !src || fread(srcLen, sizeof(int32_t), batch, in) != (size_t)batch ||
      fread(src, sizeof(src_t), nsrc, in) != nsrc)
    return fail("cannot read the input");
  fclose(in);
  model_t *m = model_create();
  if (!m)
    return fail(MODEL_NAME "_create failed");
#if TOKEN_TARGET
  int32_t *out = allocate(nout, sizeof(int32_t));
  int32_t *outLen = allocate((size_t)batch * hypotheses, sizeof(int32_t));
  float *logits = head[3] ? allocate(nout * TARGET_WIDTH, sizeof(float)) : NULL;
  float *scores = allocate((size_t)batch * hypotheses, sizeof(float));
  if (!out || !outLen || !scores || (head[3] && !logits))
    return fail("out of memory");
#ifdef model_translate_nbest
  int32_t status =
      nBest > 0 ? model_translate_nbest(m, src, srcLen, batch, maxSrcLen, nBest, out, outLen,
                                        width, scores)
                : model_translate(m, src, srcLen, batch, maxSrcLen, out, outLen, width, logits);
#else
  int32_t status = model_translate(m, src, srcLen, batch, maxSrcLen, out, outLen, width, logits);
#endif
#else
  float *out = allocate(nout * TARGET_WIDTH, sizeof(float));
  if (!out)
    return fail("out of memory");
  int32_t status = model_translate(m, src, srcLen, batch, maxSrcLen, out, width);
#endif
  FILE *o = fopen(argv[2], "wb");
  if (!o)
    return fail("cannot write the output");
  fwrite(&status, sizeof status, 1, o);
  if (status != 0) {
    const char *message = model_last_error(m);
    fwrite(message, 1, strlen(message), o);
  } else {
#if TOKEN_TARGET
    fwrite(outLen, sizeof(int32_t), (size_t)batch * hypotheses, o);
    fwrite(out, sizeof(int32_t), nout, o);
    if (nBest > 0)
      fwrite(scores, sizeof(float), (size_t)batch * hypotheses, o);
    if (logits)
      fwrite(logits, sizeof(float), nout * TARGET_WIDTH, o);
#else
    fwrite(out, sizeof(float), nout * TARGET_WIDTH, o);
#endif
  }
  model_destroy(m);
  return fclose(o) == 0 ? 0 : fail("cannot write the output");
}
)";

static std::string driverSource(const ModelInfo &model) {
  std::string upper = StringRef(model.name).upper();
  std::string text;
  raw_string_ostream os(text);
  os << "/* Written by s2s-run to run " << model.name << ". */\n"
     << "#include \"" << model.name << ".h\"\n"
     << "#define MODEL_NAME \"" << model.name << "\"\n"
     << "typedef " << model.name << "_model model_t;\n"
     << "#define model_create " << model.name << "_create\n"
     << "#define model_destroy " << model.name << "_destroy\n"
     << "#define model_last_error " << model.name << "_last_error\n"
     << "#define model_translate " << model.name
     << (model.tokenTarget ? "_translate" : "_translate_vectors") << "\n"
     << (model.beamWidth > 0 ? "#define model_translate_nbest " + model.name + "_translate_nbest\n"
                             : std::string())
     << "#define TOKEN_SOURCE " << model.tokenSource << "\n"
     << "#define SOURCE_WIDTH " << (model.tokenSource ? "1" : upper + "_SOURCE_DIM") << "\n"
     << "#define TOKEN_TARGET " << model.tokenTarget << "\n"
     << "#define TARGET_WIDTH " << upper << (model.tokenTarget ? "_TARGET_VOCAB" : "_TARGET_DIM")
     << "\n"
     << driverBody;
  return os.str();
}

static Error writeFile(StringRef path, function_ref<void(raw_ostream &)> write) {
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  write(os);
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "': " + os.error().message());
  return Error::success();
}

static Error buildDriver(const ModelInfo &model, const TempDir &temp) {
  const char *env = std::getenv("CC");
  std::string cc = env && *env ? env : "cc";
  SmallVector<StringRef, 4> args;
  SplitString(cc, args);
  if (args.empty())
    args.push_back("cc");
  ErrorOr<std::string> program = sys::findProgramByName(args.front());
  // A name with a slash is returned unchecked.
  if (!program || !sys::fs::can_execute(*program))
    return makeError("cannot find the C compiler '" + args.front() + "' (set $CC)");
  std::string source = temp.file("driver.c"), exe = temp.file("driver"), log = temp.file("cc.log");
  if (Error e = writeFile(source, [&](raw_ostream &os) { os << driverSource(model); }))
    return e;
  SmallString<128> lib(model.dir);
  sys::path::append(lib, "lib" + model.name + ".a");
  args.append({source, "-I", model.dir, "-o", exe, lib, "-lpthread", "-ldl", "-lm"});
  if (model.cppPackage)
    args.push_back("-lstdc++");
  Optional<StringRef> redirects[] = {None, StringRef(log), StringRef(log)};
  std::string message;
  int rc = sys::ExecuteAndWait(*program, args, None, redirects, 0, 0, &message);
  if (rc == 0)
    return Error::success();
  std::string output;
  if (auto buffer = MemoryBuffer::getFile(log))
    output = (*buffer)->getBuffer().trim().str();
  return makeError("'" + cc + "' could not build the driver for lib" + model.name + ".a" +
                   (rc < 0 ? ": " + message : std::string()) +
                   (output.empty() ? std::string() : ":\n" + output));
}

static Error writeInput(StringRef path, const ModelInfo &model, const Batch &batch, int32_t width) {
  int32_t count = batch.lengths.size();
  int32_t maxLen = *std::max_element(batch.lengths.begin(), batch.lengths.end());
  return writeFile(path, [&](raw_ostream &os) {
    auto put = [&](const void *data, size_t bytes) {
      os.write(static_cast<const char *>(data), bytes);
    };
    int32_t head[5] = {count, maxLen, width, logits ? 1 : 0, nBest};
    put(head, sizeof head);
    put(batch.lengths.data(), count * sizeof(int32_t));
    // Padding past src_len is ignored by the library.
    for (const std::vector<int32_t> &ids : batch.tokens) {
      std::vector<int32_t> row(ids);
      row.resize(maxLen, 0);
      put(row.data(), row.size() * sizeof(int32_t));
    }
    for (const std::vector<float> &values : batch.vectors) {
      std::vector<float> row(values);
      row.resize(maxLen * model.sourceSize, 0.0f);
      put(row.data(), row.size() * sizeof(float));
    }
  });
}

static Expected<Result> readResult(StringRef path, const ModelInfo &model, int32_t batch,
                                   int32_t width) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError("the driver wrote no output: " + buffer.getError().message());
  StringRef data = (*buffer)->getBuffer();
  auto take = [&](auto &values, size_t count) {
    using T = typename std::remove_reference_t<decltype(values)>::value_type;
    if (data.size() < count * sizeof(T))
      return false;
    values.resize(count);
    std::memcpy(values.data(), data.data(), count * sizeof(T));
    data = data.drop_front(count * sizeof(T));
    return true;
  };
  std::vector<int32_t> status;
  if (!take(status, 1))
    return makeError("the driver's output is truncated");
  if (status.front() != 0)
    return makeError(model.name + model.translateFn() + ": " + data);
  Result result;
  result.batch = batch;
  result.width = std::max(width, 0);
  result.hypotheses = nBest ? int32_t(nBest) : 1;
  size_t rows = static_cast<size_t>(batch) * result.hypotheses;
  size_t cells = rows * result.width;
  bool complete = model.tokenTarget ? take(result.lengths, rows) && take(result.tokens, cells) &&
                                          (!nBest || take(result.scores, rows)) &&
                                          (!logits || take(result.logits, cells * model.targetSize))
                                    : take(result.vectors, cells * model.targetSize);
  if (!complete || !data.empty())
    return makeError("the driver's output has the wrong size");
  return result;
}

static Expected<Result> runModel(const ModelInfo &model, const Batch &batch, int32_t width,
                                 const TempDir &temp) {
  if (Error e = buildDriver(model, temp))
    return std::move(e);
  std::string exe = temp.file("driver"), in = temp.file("in.bin"), out = temp.file("out.bin");
  if (Error e = writeInput(in, model, batch, width))
    return std::move(e);
  std::string message;
  int rc = sys::ExecuteAndWait(exe, {exe, in, out}, None, {}, 0, 0, &message);
  if (rc < 0)
    return makeError("the driver crashed running lib" + model.name + ".a: " + message);
  if (rc != 0)
    return makeError(formatv("the driver failed with exit status {0}", rc));
  return readResult(out, model, batch.lengths.size(), width);
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// The shortest text that reads back as the same float.
static void printFloat(raw_ostream &os, float value) {
  char buffer[32];
  std::to_chars_result end = std::to_chars(buffer, buffer + sizeof buffer, value);
  os << StringRef(buffer, end.ptr - buffer);
}

static void printFloats(raw_ostream &os, const float *values, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    os << ' ';
    printFloat(os, values[i]);
  }
  os << '\n';
}

static void printText(raw_ostream &os, const ModelInfo &model, const Result &result) {
  int64_t width = result.width, size = model.targetSize;
  for (int64_t b = 0; b < result.batch; ++b) {
    os << b << ':';
    if (!model.tokenTarget) {
      os << '\n';
      for (int64_t t = 0; t < width; ++t) {
        os << ' ';
        printFloats(os, &result.vectors[(b * width + t) * size], size);
      }
      continue;
    }
    if (nBest) {
      os << '\n';
      for (int64_t k = 0; k < result.hypotheses; ++k) {
        int64_t h = b * result.hypotheses + k;
        os << "  " << b << '.' << k + 1 << " [";
        printFloat(os, result.scores[h]);
        os << "]:";
        for (int64_t t = 0; t < result.lengths[h]; ++t)
          os << ' ' << result.tokens[h * width + t];
        os << '\n';
      }
      continue;
    }
    for (int64_t t = 0; t < result.lengths[b]; ++t)
      os << ' ' << result.tokens[b * width + t];
    os << '\n';
    if (logits)
      for (int64_t t = 0; t < result.lengths[b]; ++t) {
        os << "  step " << t << ':';
        printFloats(os, &result.logits[(b * width + t) * size], size);
      }
  }
}

static void printJson(raw_ostream &os, const ModelInfo &model, const Result &result) {
  int64_t width = result.width, size = model.targetSize;
  json::OStream j(os);
  // JSON has no NaN or infinity: those become null.
  auto floats = [&](const float *values) {
    j.array([&] {
      for (int64_t i = 0; i < size; ++i) {
        if (!std::isfinite(values[i]))
          j.value(nullptr);
        else
          j.rawValue([&](raw_ostream &os) { printFloat(os, values[i]); });
      }
    });
  };
  j.object([&] {
    j.attributeArray("outputs", [&] {
      for (int64_t b = 0; b < result.batch; ++b)
        j.array([&] {
          if (!model.tokenTarget)
            for (int64_t t = 0; t < width; ++t)
              floats(&result.vectors[(b * width + t) * size]);
          else if (!nBest)
            for (int64_t t = 0; t < result.lengths[b]; ++t)
              j.value(result.tokens[b * width + t]);
          else
            for (int64_t k = 0; k < result.hypotheses; ++k)
              j.array([&] {
                int64_t h = b * result.hypotheses + k;
                for (int64_t t = 0; t < result.lengths[h]; ++t)
                  j.value(result.tokens[h * width + t]);
              });
        });
    });
    if (!model.tokenTarget)
      return;
    // Per sequence, or with --nbest per sequence a list per hypothesis.
    auto perRow = [&](const char *name, auto value) {
      j.attributeArray(name, [&] {
        for (int64_t b = 0; b < result.batch; ++b) {
          if (!nBest) {
            value(b);
            continue;
          }
          j.array([&] {
            for (int64_t k = 0; k < result.hypotheses; ++k)
              value(b * result.hypotheses + k);
          });
        }
      });
    };
    perRow("lengths", [&](int64_t h) { j.value(result.lengths[h]); });
    if (nBest)
      perRow("scores", [&](int64_t h) {
        if (!std::isfinite(result.scores[h]))
          j.value(nullptr);
        else
          j.rawValue([&](raw_ostream &os) { printFloat(os, result.scores[h]); });
      });
    if (logits)
      j.attributeArray("logits", [&] {
        for (int64_t b = 0; b < result.batch; ++b)
          j.array([&] {
            for (int64_t t = 0; t < result.lengths[b]; ++t)
              floats(&result.logits[(b * width + t) * size]);
          });
      });
  });
  os << '\n';
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, overview);
  auto fail = [](const Twine &message) {
    WithColor::error(errs(), "s2s-run") << message << "\n";
    return 1;
  };

  if (specFile.empty() == libDir.empty())
    return fail(specFile.empty() ? "give a spec (model.yaml) or --lib DIR"
                                 : "give a spec or --lib DIR, not both");
  if (!libDir.empty() && target.getNumOccurrences())
    return fail("--target applies when compiling a spec; --lib DIR is already built");
  if (srcText.getNumOccurrences() == inputFile.getNumOccurrences())
    return fail(srcText.getNumOccurrences() ? "give --src or --input, not both"
                                            : "give the sources with --src TEXT or --input FILE");
  // Unreadable input is found before the compiler runs.
  Optional<json::Value> jsonInput;
  if (inputFile.getNumOccurrences()) {
    Expected<json::Value> loaded = loadJson(inputFile);
    if (!loaded)
      return fail(toString(loaded.takeError()));
    jsonInput = std::move(*loaded);
  }

  TempDir temp;
  SmallString<128> prefix;
  sys::path::system_temp_directory(/*ErasedOnReboot=*/true, prefix);
  sys::path::append(prefix, "s2s-run");
  if (std::error_code ec = sys::fs::createUniqueDirectory(prefix, temp.path))
    return fail("cannot create a temporary directory: " + ec.message());
  std::string dir = libDir;
  if (!specFile.empty()) {
    dir = temp.file("lib");
    if (!compileSpecTo(specFile, dir))
      return 1;
  }
  Expected<ModelInfo> model = readModelInfo(dir);
  if (!model)
    return fail(toString(model.takeError()));

  StringRef kind = model->tokenTarget ? "tokens" : "vectors";
  if (model->tokenTarget && steps.getNumOccurrences())
    return fail("--steps applies to vector targets; '" + model->name + "' decodes " + kind +
                ": use --max-out");
  if (!model->tokenTarget && (maxOut.getNumOccurrences() || logits))
    return fail(Twine(maxOut.getNumOccurrences() ? "--max-out" : "--logits") +
                " applies to token targets; '" + model->name + "' decodes " + kind +
                (maxOut.getNumOccurrences() ? ": use --steps" : ""));
  if (nBest.getNumOccurrences()) {
    if (model->beamWidth == 0)
      return fail("--nbest applies to beam-search models; '" + model->name +
                  "' decodes with greedy search");
    if (logits)
      return fail("--logits applies to greedy models; with --nbest the scores are printed");
    if (nBest < 1 || nBest > model->beamWidth)
      return fail(formatv("--nbest must be in 1..{0} (the beam width of '{1}'), got {2}",
                          model->beamWidth, model->name, int(nBest)));
  }
  int32_t width = maxOut.getNumOccurrences()  ? maxOut
                  : steps.getNumOccurrences() ? steps
                                              : static_cast<int32_t>(model->maxLength);

  Expected<Batch> batch = jsonInput ? parseSrcJson(*jsonInput, inputName(inputFile), *model)
                                    : parseSrcText(srcText, *model);
  if (!batch)
    return fail(toString(batch.takeError()));
  Expected<Result> result = runModel(*model, *batch, width, temp);
  if (!result)
    return fail(toString(result.takeError()));
  if (jsonOutput)
    printJson(outs(), *model, *result);
  else
    printText(outs(), *model, *result);
  return 0;
}
