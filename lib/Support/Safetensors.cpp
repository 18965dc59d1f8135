//===- Safetensors.cpp - Reader for .safetensors files ---------*- C++ -*-===//
///
/// A safetensors file is `u64 LE header length N`, N bytes of UTF-8 JSON and
/// the raw tensor data (SEMANTICS.md section 7). The header is untrusted
/// input: every size, offset and product is checked (with overflow guards)
/// before a single data byte is touched, and every problem becomes an
/// llvm::Error that names the file. llvm::json keeps only one of two equal
/// keys, so duplicates are found by a separate scan of the raw header text.
///
//===----------------------------------------------------------------------===//

#include "s2s/Support/Safetensors.h"
#include "s2s/Support/InputFile.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

using namespace s2s;

namespace {

/// Every error names the file first: "NAME: message".
llvm::Error makeError(llvm::StringRef file, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (file + ": " + msg).str());
}

/// Bytes per element of the dtypes we accept; 0 for anything else.
size_t dtypeSize(llvm::StringRef dtype) {
  if (dtype == "F32")
    return 4;
  if (dtype == "F16" || dtype == "BF16")
    return 2;
  if (dtype == "F64")
    return 8;
  return 0;
}

uint64_t loadLE(const unsigned char *p, size_t n) {
  // Assembled byte by byte so the reader does not depend on host byte order
  // or on the alignment of the data.
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i)
    v |= uint64_t(p[i]) << (8 * i);
  return v;
}

float bitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

/// IEEE binary16 to binary32, exact for every input (the float format holds
/// every half value, subnormals included).
float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h >> 15) << 31;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  if (exp == 0x1f) // inf keeps mantissa 0; nan keeps its payload, made quiet
    return bitsToFloat(sign | 0x7f800000u |
                       (mant ? (mant << 13) | 0x400000u : 0u));
  if (exp == 0) {
    if (mant == 0)
      return bitsToFloat(sign);
    // Subnormal: mant * 2^-24. Normalise so the leading one becomes the
    // implicit bit of a normal float.
    int e = -1;
    do {
      mant <<= 1;
      ++e;
    } while ((mant & 0x400) == 0);
    mant &= 0x3ff;
    uint32_t fexp = uint32_t(127 - 15 - e);
    return bitsToFloat(sign | (fexp << 23) | (mant << 13));
  }
  return bitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

float bf16ToFloat(uint16_t b) { return bitsToFloat(uint32_t(b) << 16); }

float doubleToFloat(double d) {
  // A finite double outside float's range is undefined behaviour in a plain
  // conversion: saturate to infinity explicitly.
  if (std::isfinite(d) && std::fabs(d) > double(FLT_MAX))
    return d > 0 ? std::numeric_limits<float>::infinity()
                 : -std::numeric_limits<float>::infinity();
  return static_cast<float>(d);
}

/// Finds duplicate object keys anywhere in a header that llvm::json already
/// accepted (so the text is well formed and only strings need care). Keys are
/// compared after unescaping, so "a" and "\u0061" are the same name.
llvm::Error checkDuplicateKeys(llvm::StringRef json, llvm::StringRef file) {
  struct Frame {
    bool isObject;
    bool expectKey;
    llvm::StringSet<> keys;
  };
  llvm::SmallVector<Frame, 4> stack;
  for (size_t i = 0, e = json.size(); i < e; ++i) {
    char c = json[i];
    if (c == '{' || c == '[') {
      stack.push_back(Frame{c == '{', c == '{', {}});
    } else if (c == '}' || c == ']') {
      if (!stack.empty())
        stack.pop_back();
    } else if (c == ',') {
      if (!stack.empty() && stack.back().isObject)
        stack.back().expectKey = true;
    } else if (c == '"') {
      size_t start = i++;
      while (i < e && json[i] != '"')
        i += json[i] == '\\' ? 2 : 1;
      if (i >= e)
        return makeError(file, "unterminated string in header");
      if (stack.empty() || !stack.back().isObject || !stack.back().expectKey)
        continue;
      stack.back().expectKey = false;
      // Parsing the quoted text on its own unescapes it exactly as the header
      // parse did.
      llvm::Expected<llvm::json::Value> key =
          llvm::json::parse(json.slice(start, i + 1));
      if (!key)
        return makeError(file, "invalid key in header: " +
                                   llvm::toString(key.takeError()));
      llvm::StringRef name = *key->getAsString();
      if (!stack.back().keys.insert(name).second) {
        if (stack.size() == 1)
          return makeError(file, "duplicate tensor name '" + name + "'");
        return makeError(file, "duplicate key '" + name + "' in header");
      }
    }
  }
  return llvm::Error::success();
}

/// llvm::json::parse recurses once per nesting level, so a header of 50k
/// nested arrays would overflow the stack. A valid header nests three deep
/// (the root, a tensor entry, its shape); this bounds it before parsing.
constexpr int kMaxHeaderNesting = 16;

llvm::Error checkNesting(llvm::StringRef json, llvm::StringRef file) {
  int depth = 0;
  for (size_t i = 0, e = json.size(); i < e; ++i) {
    char c = json[i];
    if (c == '"') {
      for (++i; i < e && json[i] != '"';)
        i += json[i] == '\\' ? 2 : 1;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxHeaderNesting)
        return makeError(file, "header nests deeper than " + llvm::Twine(kMaxHeaderNesting) +
                                   " levels at byte " + llvm::Twine(8 + i));
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return llvm::Error::success();
}

/// Reads a JSON integer; doubles count only when they are whole numbers.
llvm::Optional<int64_t> getInt(const llvm::json::Value &v) {
  if (v.kind() != llvm::json::Value::Number)
    return llvm::None;
  return v.getAsInteger();
}

struct Range {
  uint64_t begin, end;
  std::string name;
  uint64_t numel;
};

} // namespace

llvm::Expected<SafetensorsFile> s2s::parseSafetensors(llvm::StringRef bytes,
                                                      llvm::StringRef name) {
  if (bytes.size() < 8)
    return makeError(name, "file too short for a safetensors header (" +
                               llvm::Twine(uint64_t(bytes.size())) +
                               " bytes, need at least 8)");
  const auto *base = reinterpret_cast<const unsigned char *>(bytes.data());
  uint64_t headerLen = loadLE(base, 8);
  uint64_t available = bytes.size() - 8;
  if (headerLen > available)
    return makeError(name, "header length " + llvm::Twine(headerLen) +
                               " is larger than the " + llvm::Twine(available) +
                               " bytes that follow it");
  llvm::StringRef header = bytes.substr(8, headerLen);
  llvm::StringRef data = bytes.substr(8 + headerLen);

  if (llvm::Error err = checkNesting(header, name))
    return std::move(err);
  llvm::Expected<llvm::json::Value> root = llvm::json::parse(header);
  if (!root)
    return makeError(name, "invalid JSON header: " +
                               llvm::toString(root.takeError()));
  const llvm::json::Object *obj = root->getAsObject();
  if (!obj)
    return makeError(name, "header must be a JSON object");
  if (llvm::Error err = checkDuplicateKeys(header, name))
    return std::move(err);

  SafetensorsFile result;
  result.path = name.str();
  std::vector<Range> ranges;

  for (const auto &kv : *obj) {
    llvm::StringRef key = kv.first;
    if (key == "__metadata__") {
      const llvm::json::Object *meta = kv.second.getAsObject();
      if (!meta)
        return makeError(name, "'__metadata__' must be an object");
      for (const auto &m : *meta) {
        llvm::Optional<llvm::StringRef> s = m.second.getAsString();
        if (!s)
          return makeError(name, "'__metadata__' value of '" +
                                     llvm::StringRef(m.first) +
                                     "' must be a string");
        result.metadata[m.first.str()] = s->str();
      }
      continue;
    }
    auto fail = [&](const llvm::Twine &msg) {
      return makeError(name, "tensor '" + key + "': " + msg);
    };
    const llvm::json::Object *entry = kv.second.getAsObject();
    if (!entry)
      return fail("entry must be an object");

    const llvm::json::Value *dtypeV = entry->get("dtype");
    if (!dtypeV)
      return fail("missing 'dtype'");
    llvm::Optional<llvm::StringRef> dtype = dtypeV->getAsString();
    if (!dtype)
      return fail("'dtype' must be a string");
    size_t elemSize = dtypeSize(*dtype);
    if (!elemSize)
      return fail("unknown dtype '" + *dtype +
                  "' (expected F32, F16, BF16 or F64)");

    const llvm::json::Value *shapeV = entry->get("shape");
    if (!shapeV)
      return fail("missing 'shape'");
    const llvm::json::Array *shapeA = shapeV->getAsArray();
    if (!shapeA)
      return fail("'shape' must be an array of integers");
    SafetensorsTensor tensor;
    tensor.dtype = dtype->str();
    // Element count with an overflow guard: the byte size must still fit in
    // 64 bits after multiplying by the element size.
    const uint64_t limit = std::numeric_limits<uint64_t>::max() / 8;
    uint64_t numel = 1;
    bool overflow = false;
    for (const llvm::json::Value &d : *shapeA) {
      llvm::Optional<int64_t> dim = getInt(d);
      if (!dim)
        return fail("'shape' must be an array of integers");
      if (*dim < 0)
        return fail("negative dimension " + llvm::Twine(*dim) + " in 'shape'");
      tensor.shape.push_back(*dim);
      if (*dim != 0 && numel > limit / uint64_t(*dim))
        overflow = true;
      else
        numel *= uint64_t(*dim);
    }
    // A zero dimension makes the tensor empty whatever else overflowed.
    if (std::find(tensor.shape.begin(), tensor.shape.end(), 0) !=
        tensor.shape.end()) {
      numel = 0;
      overflow = false;
    }
    if (overflow)
      return fail("'shape' is too large");

    const llvm::json::Value *offV = entry->get("data_offsets");
    if (!offV)
      return fail("missing 'data_offsets'");
    const llvm::json::Array *offA = offV->getAsArray();
    llvm::Optional<int64_t> begin, end;
    if (offA && offA->size() == 2) {
      begin = getInt((*offA)[0]);
      end = getInt((*offA)[1]);
    }
    if (!begin || !end)
      return fail("'data_offsets' must be an array of "
                  "two integers");
    if (*begin < 0 || *end < 0)
      return fail("negative 'data_offsets'");
    if (*begin > *end)
      return fail("'data_offsets' begin " + llvm::Twine(*begin) +
                  " is after end " + llvm::Twine(*end));
    if (uint64_t(*end) > data.size())
      return fail("'data_offsets' end " + llvm::Twine(*end) +
                  " is past the end of the data (" +
                  llvm::Twine(uint64_t(data.size())) + " bytes)");
    uint64_t byteSize = numel * elemSize;
    if (uint64_t(*end - *begin) != byteSize)
      return fail("data size " + llvm::Twine(*end - *begin) +
                  " bytes does not match dtype " + *dtype + " x shape (" +
                  llvm::Twine(byteSize) + " bytes)");
    ranges.push_back({uint64_t(*begin), uint64_t(*end), key.str(), numel});
    result.tensors.emplace(key.str(), std::move(tensor));
  }

  // Overlap check on the non-empty ranges: sorted by start, each one must
  // begin at or after the end of the one before.
  std::vector<Range> nonEmpty;
  for (const Range &r : ranges)
    if (r.begin != r.end)
      nonEmpty.push_back(r);
  std::sort(nonEmpty.begin(), nonEmpty.end(),
            [](const Range &a, const Range &b) {
              return a.begin < b.begin || (a.begin == b.begin && a.end < b.end);
            });
  for (size_t i = 1; i < nonEmpty.size(); ++i)
    if (nonEmpty[i].begin < nonEmpty[i - 1].end)
      return makeError(name, "data of tensors '" + nonEmpty[i - 1].name +
                                 "' and '" + nonEmpty[i].name + "' overlap");
  // As safetensors' own reader: the tensors tile the data exactly, with no
  // unclaimed bytes between them or after the last (a truncated or spliced
  // file shows as one).
  uint64_t covered = 0;
  for (const Range &r : nonEmpty) {
    if (r.begin != covered)
      return makeError(name, "bytes " + llvm::Twine(covered) + ".." + llvm::Twine(r.begin) +
                                 " of the data belong to no tensor (before '" + r.name +
                                 "')");
    covered = r.end;
  }
  if (covered != data.size())
    return makeError(name, llvm::Twine(uint64_t(data.size()) - covered) +
                               " trailing bytes after the last tensor's data");

  // All checks passed: every range lies inside `data`.
  const auto *dataBase = reinterpret_cast<const unsigned char *>(data.data());
  for (const Range &r : ranges) {
    SafetensorsTensor &t = result.tensors[r.name];
    size_t elemSize = dtypeSize(t.dtype);
    t.data.resize(r.numel);
    const unsigned char *src = dataBase + r.begin;
    for (uint64_t i = 0; i < r.numel; ++i, src += elemSize) {
      uint64_t bits = loadLE(src, elemSize);
      float v;
      if (t.dtype == "F32") {
        v = bitsToFloat(uint32_t(bits));
      } else if (t.dtype == "F16") {
        v = halfToFloat(uint16_t(bits));
      } else if (t.dtype == "BF16") {
        v = bf16ToFloat(uint16_t(bits));
      } else {
        double d;
        std::memcpy(&d, &bits, sizeof(d));
        v = doubleToFloat(d);
      }
      t.data[i] = v;
    }
  }
  return std::move(result);
}

llvm::Expected<SafetensorsFile> s2s::readSafetensors(llvm::StringRef path) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buf =
      readInputFile(path, kMaxWeightsFileBytes, /*text=*/false);
  if (!buf)
    return buf.takeError();
  return parseSafetensors((*buf)->getBuffer(), path);
}
