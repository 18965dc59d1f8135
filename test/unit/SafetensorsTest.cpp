//===- SafetensorsTest.cpp - Tests for the safetensors reader --*- C++ -*-===//
///
/// Builds safetensors images in memory (well formed and broken in exactly
/// one way each) and checks that parseSafetensors accepts or rejects them
/// with a message naming the file and the problem. One test per rejection
/// rule of SEMANTICS.md section 7 plus positive tests for every dtype.
///
//===----------------------------------------------------------------------===//

#include "s2s/Support/Safetensors.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <cmath>
#include <sys/stat.h>
#include <cstring>
#include <limits>
#include <string>

using namespace s2s;

namespace {

const char *kName = "weights.safetensors";

/// `u64 LE len` + header + data.
std::string image(const std::string &header, const std::string &data = "") {
  std::string out;
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    out.push_back(char((n >> (8 * i)) & 0xff));
  return out + header + data;
}

template <typename T> std::string bytesOf(std::initializer_list<T> vals) {
  std::string out;
  for (T v : vals) {
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T)); // the test host is little-endian
    out.append(buf, sizeof(T));
  }
  return out;
}

/// Expects a rejection whose message names the file and contains `needle`.
void expectError(const std::string &bytes, const std::string &needle) {
  llvm::Expected<SafetensorsFile> f = parseSafetensors(bytes, kName);
  ASSERT_FALSE(static_cast<bool>(f)) << "expected an error with: " << needle;
  std::string msg = llvm::toString(f.takeError());
  EXPECT_NE(msg.find(kName), std::string::npos) << msg;
  EXPECT_NE(msg.find(needle), std::string::npos)
      << "message: " << msg << "\nexpected to contain: " << needle;
}

SafetensorsFile expectOk(const std::string &bytes) {
  llvm::Expected<SafetensorsFile> f = parseSafetensors(bytes, kName);
  if (!f) {
    ADD_FAILURE() << llvm::toString(f.takeError());
    return {};
  }
  return std::move(*f);
}

/// One F32 tensor "t" of shape [2] at [0, 8) with 8 data bytes.
const std::string kGoodData = bytesOf<float>({1.0f, 2.0f});

//===--------------------------------------------------------------------===//
// Rejections
//===--------------------------------------------------------------------===//

TEST(SafetensorsReject, FileShorterThan8Bytes) {
  expectError("", "too short");
  expectError(std::string(7, '\0'), "too short");
}

TEST(SafetensorsReject, HeaderLengthLargerThanFile) {
  std::string img = image("{}");
  img[0] = 3; // claims 3 bytes, 2 follow
  expectError(img, "header length 3");
  std::string huge(8, '\xff'); // 2^64-1: must not wrap around
  expectError(huge + "{}", "header length");
}

TEST(SafetensorsReject, InvalidJson) {
  expectError(image("{\"t\": {"), "invalid JSON");
  expectError(image(""), "invalid JSON");
  expectError(image("{} trailing"), "invalid JSON");
}

TEST(SafetensorsReject, InvalidUtf8) {
  expectError(image("{\"\xff\": 1}"), "invalid JSON");
}

TEST(SafetensorsReject, NonObjectHeader) {
  expectError(image("[]"), "must be a JSON object");
  expectError(image("42"), "must be a JSON object");
  expectError(image("\"x\""), "must be a JSON object");
}

TEST(SafetensorsReject, EntryNotObject) {
  expectError(image("{\"t\": [1, 2]}"), "tensor 't': entry must be an object");
}

TEST(SafetensorsReject, MissingDtype) {
  expectError(
      image("{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", kGoodData),
      "tensor 't': missing 'dtype'");
}

TEST(SafetensorsReject, MissingShape) {
  expectError(
      image("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", kGoodData),
      "tensor 't': missing 'shape'");
}

TEST(SafetensorsReject, MissingDataOffsets) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", kGoodData),
              "tensor 't': missing 'data_offsets'");
}

TEST(SafetensorsReject, DtypeWrongType) {
  expectError(image("{\"t\":{\"dtype\":4,\"shape\":[2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "'dtype' must be a string");
}

TEST(SafetensorsReject, ShapeWrongType) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":2,"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "'shape' must be an array of integers");
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[\"2\"],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "'shape' must be an array of integers");
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[1.5],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "'shape' must be an array of integers");
}

TEST(SafetensorsReject, DataOffsetsWrongType) {
  const char *bad[] = {"\"0,8\"",   "[0]",     "[0,8,8]",
                       "[0,\"8\"]", "[0.5,8]", "{}"};
  for (const char *offs : bad)
    expectError(image(std::string("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                                  "\"data_offsets\":") +
                          offs + "}}",
                      kGoodData),
                "'data_offsets' must be an array of two integers");
}

TEST(SafetensorsReject, UnknownDtype) {
  expectError(image("{\"t\":{\"dtype\":\"I32\",\"shape\":[2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "unknown dtype 'I32'");
  // Dtype names are case-sensitive in the format.
  expectError(image("{\"t\":{\"dtype\":\"f32\",\"shape\":[2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "unknown dtype 'f32'");
}

TEST(SafetensorsReject, NegativeDimension) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "negative dimension -2");
  // -1 x -2 would multiply to a plausible 2 elements.
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1,-2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "negative dimension -1");
}

TEST(SafetensorsReject, NegativeOffsets) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[-8,0]}}",
                    kGoodData),
              "negative 'data_offsets'");
}

TEST(SafetensorsReject, OffsetsOutOfRange) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[4,12]}}",
                    kGoodData),
              "past the end of the data");
  // Offsets near 2^63 must not wrap when added or subtracted.
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[9223372036854775800,"
                    "9223372036854775807]}}",
                    kGoodData),
              "past the end of the data");
  // Larger than int64: not a valid offset at all.
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[0,18446744073709551615]}}",
                    kGoodData),
              "'data_offsets'");
}

TEST(SafetensorsReject, BeginAfterEnd) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[0],"
                    "\"data_offsets\":[8,0]}}",
                    kGoodData),
              "begin 8 is after end 0");
}

TEST(SafetensorsReject, OverlappingRanges) {
  std::string data = bytesOf<float>({1, 2, 3});
  expectError(image("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[0,8]},"
                    "\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[4,12]}}",
                    data),
              "overlap");
  // Identical ranges overlap too (two names aliasing one buffer).
  expectError(image("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[0,4]},"
                    "\"b\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[0,4]}}",
                    data),
              "overlap");
  // A range nested inside a larger one.
  expectError(image("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],"
                    "\"data_offsets\":[0,12]},"
                    "\"b\":{\"dtype\":\"F16\",\"shape\":[1],"
                    "\"data_offsets\":[4,6]}}",
                    data),
              "overlap");
}

TEST(SafetensorsReject, ByteSizeMismatch) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "does not match dtype F32");
  expectError(image("{\"t\":{\"dtype\":\"F64\",\"shape\":[2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "does not match dtype F64");
  expectError(image("{\"t\":{\"dtype\":\"F16\",\"shape\":[],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData),
              "does not match dtype F16");
}

TEST(SafetensorsReject, ShapeProductOverflow) {
  // 2^32 * 2^32 wraps to 0 in 64 bits, which would match [0, 0].
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,"
                    "4294967296],\"data_offsets\":[0,0]}}"),
              "too large");
  // 2^62 elements * 4 bytes wraps to 0 as well.
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],"
                    "\"data_offsets\":[0,0]}}"),
              "too large");
}

TEST(SafetensorsReject, DuplicateNames) {
  std::string data = bytesOf<float>({1, 2});
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[0,4]},"
                    "\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[4,8]}}",
                    data),
              "duplicate tensor name 't'");
  // The same name spelled with an escape.
  expectError(image("{\"ab\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[0,4]},"
                    "\"a\\u0062\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[4,8]}}",
                    data),
              "duplicate tensor name 'ab'");
  // Keys inside strings and nested objects do not count as tensor names.
  expectOk(image("{\"__metadata__\":{\"t\":\"\\\"t\\\":\"},"
                 "\"t\":{\"dtype\":\"F32\",\"shape\":[1],"
                 "\"data_offsets\":[0,4]}}",
                 bytesOf<float>({1})));
}

TEST(SafetensorsReject, DuplicateKeysInsideEntry) {
  // llvm::json would keep one of the two dtypes silently.
  expectError(image("{\"t\":{\"dtype\":\"F16\",\"dtype\":\"F32\","
                    "\"shape\":[2],\"data_offsets\":[0,8]}}",
                    kGoodData),
              "duplicate key 'dtype'");
}

TEST(SafetensorsReject, NonStringMetadata) {
  expectError(image("{\"__metadata__\":{\"format\":\"pt\",\"step\":3}}"),
              "'__metadata__' value of 'step' must be a string");
  expectError(image("{\"__metadata__\":{\"x\":null}}"),
              "'__metadata__' value of 'x' must be a string");
  expectError(image("{\"__metadata__\":[\"pt\"]}"),
              "'__metadata__' must be an object");
}

TEST(SafetensorsReject, GapBetweenTensors) {
  // safetensors' own reader refuses bytes no tensor claims.
  std::string data = bytesOf<float>({1, 2, 3});
  expectError(image("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[0,4]},"
                    "\"b\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[8,12]}}",
                    data),
              "bytes 4..8 of the data belong to no tensor (before 'b')");
  expectError(image("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],"
                    "\"data_offsets\":[4,8]}}",
                    bytesOf<float>({1, 2})),
              "bytes 0..4 of the data belong to no tensor");
}

TEST(SafetensorsReject, TrailingBytes) {
  expectError(image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[0,8]}}",
                    kGoodData + "xyz"),
              "3 trailing bytes after the last tensor's data");
  expectError(image("{}", "x"), "1 trailing bytes");
}

TEST(SafetensorsReject, DeepNesting) {
  // 50k nested arrays overflowed the stack of llvm::json's recursive parser.
  std::string deep = "{\"t\":" + std::string(50000, '[') + std::string(50000, ']') + "}";
  expectError(image(deep), "header nests deeper than 16 levels at byte 28");
  // Brackets inside strings do not nest.
  expectOk(image("{\"__metadata__\":{\"k\":\"" + std::string(100, '[') + "\"}}"));
}

TEST(SafetensorsReject, NotARegularFile) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("s2s-st", dir));
  llvm::Expected<SafetensorsFile> f = readSafetensors(dir);
  ASSERT_FALSE(static_cast<bool>(f));
  EXPECT_NE(llvm::toString(f.takeError()).find("is a directory"), std::string::npos);
  // A FIFO would block the open; /dev/zero would never end.
  std::string fifo = (dir + "/fifo").str();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string &path : {fifo, std::string("/dev/zero")}) {
    llvm::Expected<SafetensorsFile> g = readSafetensors(path);
    ASSERT_FALSE(static_cast<bool>(g)) << path;
    std::string msg = llvm::toString(g.takeError());
    EXPECT_NE(msg.find(path + ": not a regular file"), std::string::npos) << msg;
  }
  llvm::sys::fs::remove(fifo);
  llvm::sys::fs::remove(dir);
}

TEST(SafetensorsReject, MissingFile) {
  llvm::Expected<SafetensorsFile> f =
      readSafetensors("/nonexistent/dir/w.safetensors");
  ASSERT_FALSE(static_cast<bool>(f));
  std::string msg = llvm::toString(f.takeError());
  EXPECT_NE(msg.find("/nonexistent/dir/w.safetensors"), std::string::npos)
      << msg;
}

//===--------------------------------------------------------------------===//
// Accepted files
//===--------------------------------------------------------------------===//

TEST(SafetensorsAccept, EmptyHeader) {
  SafetensorsFile f = expectOk(image("{}"));
  EXPECT_TRUE(f.tensors.empty());
  EXPECT_EQ(f.path, kName);
}

TEST(SafetensorsAccept, F32) {
  std::string data =
      bytesOf<float>({1.5f, -2.0f, 0.0f, 3.25e-3f, 1e30f, -7.0f});
  SafetensorsFile f =
      expectOk(image("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                     "\"data_offsets\":[0,24]}}",
                     data));
  const SafetensorsTensor &t = f.tensors.at("w");
  EXPECT_EQ(t.dtype, "F32");
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(t.data,
            (std::vector<float>{1.5f, -2.0f, 0.0f, 3.25e-3f, 1e30f, -7.0f}));
}

TEST(SafetensorsAccept, F16Values) {
  std::string data =
      bytesOf<uint16_t>({0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x8000,
                         0x7c00, 0xfc00, 0x7e00, 0x7c01, 0x3555, 0x8001});
  SafetensorsFile f = expectOk(image("{\"h\":{\"dtype\":\"F16\",\"shape\":[13],"
                                     "\"data_offsets\":[0,26]}}",
                                     data));
  const std::vector<float> &d = f.tensors.at("h").data;
  ASSERT_EQ(d.size(), 13u);
  EXPECT_EQ(d[0], 1.0f);
  EXPECT_EQ(d[1], -2.0f);
  EXPECT_EQ(d[2], 65504.0f);
  EXPECT_EQ(d[3], std::ldexp(1.0f, -24));    // smallest subnormal
  EXPECT_EQ(d[4], std::ldexp(1023.0f, -24)); // largest subnormal
  EXPECT_EQ(d[5], std::ldexp(1.0f, -14));    // smallest normal
  EXPECT_EQ(d[6], 0.0f);
  EXPECT_TRUE(std::signbit(d[6]));
  EXPECT_EQ(d[7], std::numeric_limits<float>::infinity());
  EXPECT_EQ(d[8], -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(d[9]));
  EXPECT_TRUE(std::isnan(d[10])); // signalling payload stays a nan
  EXPECT_EQ(d[11], 0.333251953125f);
  EXPECT_EQ(d[12], -std::ldexp(1.0f, -24));
}

TEST(SafetensorsAccept, F16Exhaustive) {
  // Every one of the 65536 half values against the textbook formula.
  std::string data;
  for (uint32_t i = 0; i < 65536; ++i) {
    data.push_back(char(i & 0xff));
    data.push_back(char(i >> 8));
  }
  SafetensorsFile f =
      expectOk(image("{\"h\":{\"dtype\":\"F16\",\"shape\":[256,256],"
                     "\"data_offsets\":[0,131072]}}",
                     data));
  const std::vector<float> &d = f.tensors.at("h").data;
  ASSERT_EQ(d.size(), 65536u);
  for (uint32_t i = 0; i < 65536; ++i) {
    int exp = (i >> 10) & 0x1f;
    int mant = i & 0x3ff;
    double sign = (i & 0x8000) ? -1.0 : 1.0;
    if (exp == 31) {
      if (mant == 0)
        EXPECT_EQ(d[i], float(sign * INFINITY)) << i;
      else
        EXPECT_TRUE(std::isnan(d[i])) << i;
      continue;
    }
    double want = exp == 0 ? std::ldexp(double(mant), -24)
                           : std::ldexp(double(1024 + mant), exp - 25);
    ASSERT_EQ(double(d[i]), sign * want) << "half bits " << i;
    ASSERT_EQ(std::signbit(d[i]), sign < 0) << "half bits " << i;
  }
}

TEST(SafetensorsAccept, BF16) {
  std::string data = bytesOf<uint16_t>(
      {0x3f80, 0xc040, 0x7f80, 0xff80, 0x7fc0, 0x0001, 0x3e20});
  SafetensorsFile f = expectOk(image("{\"b\":{\"dtype\":\"BF16\",\"shape\":[7],"
                                     "\"data_offsets\":[0,14]}}",
                                     data));
  const std::vector<float> &d = f.tensors.at("b").data;
  ASSERT_EQ(d.size(), 7u);
  EXPECT_EQ(d[0], 1.0f);
  EXPECT_EQ(d[1], -3.0f);
  EXPECT_EQ(d[2], std::numeric_limits<float>::infinity());
  EXPECT_EQ(d[3], -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(d[4]));
  EXPECT_EQ(d[5], std::ldexp(1.0f, -133)); // a float subnormal
  EXPECT_EQ(d[6], 0.15625f);
}

TEST(SafetensorsAccept, F64) {
  std::string data = bytesOf<double>({1.5, -2.25, 1e300, -1e300, 1e-50, 0.1});
  SafetensorsFile f =
      expectOk(image("{\"d\":{\"dtype\":\"F64\",\"shape\":[3,2],"
                     "\"data_offsets\":[0,48]}}",
                     data));
  const std::vector<float> &d = f.tensors.at("d").data;
  ASSERT_EQ(d.size(), 6u);
  EXPECT_EQ(d[0], 1.5f);
  EXPECT_EQ(d[1], -2.25f);
  EXPECT_EQ(d[2], std::numeric_limits<float>::infinity());
  EXPECT_EQ(d[3], -std::numeric_limits<float>::infinity());
  EXPECT_EQ(d[4], 0.0f);
  EXPECT_EQ(d[5], 0.1f);
}

TEST(SafetensorsAccept, ManyTensorsMetadataAndLayoutFreedom) {
  // Tensors out of header order, an unaligned offset, a scalar, an empty
  // tensor sitting inside another range, and a space-padded header (writers
  // pad the header to an alignment).
  std::string data = bytesOf<uint16_t>({0x3c00}) + bytesOf<float>({4.0f, 5.0f}) +
                     bytesOf<double>({6.0});
  ASSERT_EQ(data.size(), 18u);
  std::string header =
      "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"\\u00e9\"},"
      "\"z.weight\":{\"dtype\":\"F32\",\"shape\":[2],"
      "\"data_offsets\":[2,10]},"
      "\"a\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[0,2]},"
      "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,5],"
      "\"data_offsets\":[6,6]},"
      "\"s\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[10,18]}}";
  header.append(8 - header.size() % 8, ' ');
  SafetensorsFile f = expectOk(image(header, data));
  ASSERT_EQ(f.tensors.size(), 4u);
  EXPECT_EQ(f.metadata.at("format"), "pt");
  EXPECT_EQ(f.metadata.at("note"), "\xc3\xa9");
  EXPECT_EQ(f.tensors.at("a").shape, std::vector<int64_t>{});
  EXPECT_EQ(f.tensors.at("a").data, std::vector<float>{1.0f});
  EXPECT_EQ(f.tensors.at("z.weight").data, (std::vector<float>{4.0f, 5.0f}));
  EXPECT_EQ(f.tensors.at("empty").shape, (std::vector<int64_t>{0, 5}));
  EXPECT_TRUE(f.tensors.at("empty").data.empty());
  EXPECT_EQ(f.tensors.at("s").data, std::vector<float>{6.0f});
  EXPECT_EQ(f.tensors.begin()->first, "a"); // sorted by name
}

TEST(SafetensorsAccept, ReadFromFile) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("s2s-st", "safetensors", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                "\"data_offsets\":[0,8]}}",
                kGoodData);
  }
  llvm::Expected<SafetensorsFile> f = readSafetensors(path);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(static_cast<bool>(f)) << llvm::toString(f.takeError());
  EXPECT_EQ(f->path, std::string(path));
  EXPECT_EQ(f->tensors.at("t").data, (std::vector<float>{1.0f, 2.0f}));
}

TEST(SafetensorsAccept, TruncatedImagesNeverCrash) {
  // Every prefix of a valid file is either rejected or (for the prefix that
  // is the whole file) accepted; none may read past the buffer.
  std::string full = image("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],"
                           "\"data_offsets\":[0,8]}}",
                           kGoodData);
  for (size_t n = 0; n < full.size(); ++n) {
    // A heap copy of exactly n bytes, so a sanitizer sees any overread.
    std::unique_ptr<char[]> copy(new char[n ? n : 1]);
    std::memcpy(copy.get(), full.data(), n);
    llvm::Expected<SafetensorsFile> f =
        parseSafetensors(llvm::StringRef(copy.get(), n), kName);
    EXPECT_FALSE(static_cast<bool>(f)) << "prefix " << n;
    if (!f)
      llvm::consumeError(f.takeError());
  }
  expectOk(full);
}

} // namespace
