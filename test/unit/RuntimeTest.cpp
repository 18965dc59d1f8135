//===- RuntimeTest.cpp - The s2s runtime of generated libraries -*- C++ -*-===//
///
/// lib/Runtime/S2SRuntime.cpp compiled for the host, its functions called
/// directly: every argument check and its message, the status reports, the
/// Halide error handler keeping the first message, the variant choice and
/// its cache. Then RuntimeLinker.cpp: the bitcode of each architecture links
/// into a module that calls the runtime, and an architecture it was not
/// built for is an error. (Whole libraries calling it: TestApiErrors,
/// TestCppSource, TestMultiTarget.)
///
//===----------------------------------------------------------------------===//
#include "s2s/Runtime/Runtime.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

extern "C" {
extern __thread char __s2s_kernel_error[256];
void __s2s_on_halide_error(void *user_context, const char *message);
char *__s2s_new_model(void);
void __s2s_delete_model(char *model);
const char *__s2s_last_error(const char *model, const char *no_model);
int32_t __s2s_check_translate(char *model, const void *src, const int32_t *src_len, int32_t batch,
                              int32_t max_src_len, const void *out, const int32_t *out_len,
                              int32_t max_out, int32_t source_vocab, int32_t token_target);
void __s2s_begin_call(void);
int32_t __s2s_end_call(char *model, int32_t status);
int32_t __s2s_select_variant(int32_t *cache, int32_t count, int32_t words, const uint64_t *features,
                             int (*can_use)(int, const uint64_t *));
}

namespace {

struct Model {
  char *m = __s2s_new_model();
  ~Model() { __s2s_delete_model(m); }
};

/// A valid token call: batch 2, max_src_len 3, vocabulary 5. A test makes
/// it invalid by changing one field (a pointer to nullptr, a size, an id).
struct Call {
  int32_t ids[6] = {1, 2, 3, 4, 0, 0}, lengths[2] = {3, 2}, tokens[4] = {}, outLengths[2] = {};
  int32_t *src = ids, *srcLen = lengths, *out = tokens, *outLen = outLengths;
  int32_t batch = 2, maxSrcLen = 3, maxOut = 2, vocab = 5, tokenTarget = 1;
  int32_t check(char *m) {
    return __s2s_check_translate(m, src, srcLen, batch, maxSrcLen, out, outLen, maxOut, vocab,
                                 tokenTarget);
  }
};

TEST(Runtime, ModelStartsWithoutMessage) {
  Model model;
  ASSERT_NE(model.m, nullptr);
  EXPECT_STREQ(__s2s_last_error(model.m, nullptr), "");
  EXPECT_STREQ(__s2s_last_error(nullptr, nullptr), "model is NULL");
  EXPECT_STREQ(__s2s_last_error(nullptr, "no variant fits"), "no variant fits");
}

TEST(Runtime, AcceptsAValidCall) {
  Model model;
  Call call;
  EXPECT_EQ(call.check(model.m), 0);
  EXPECT_STREQ(model.m, "");
  Call vectors;
  vectors.vocab = 0; // vector source: no id is checked
  vectors.ids[0] = -7;
  vectors.ids[1] = 99;
  EXPECT_EQ(vectors.check(model.m), 0);
}

TEST(Runtime, NullModelIsRejectedWithoutMessage) {
  Call call;
  EXPECT_EQ(call.check(nullptr), 1);
}

TEST(Runtime, EachCheckInOrderWithItsMessage) {
  struct Case {
    const char *message;
    void (*breakIt)(Call &);
  } cases[] = {
      {"src is NULL", [](Call &c) { c.src = nullptr; }},
      {"src_len is NULL", [](Call &c) { c.srcLen = nullptr; }},
      {"out is NULL", [](Call &c) { c.out = nullptr; }},
      {"out_len is NULL", [](Call &c) { c.outLen = nullptr; }},
      {"batch must be >= 1, got 0", [](Call &c) { c.batch = 0; }},
      {"max_src_len must be >= 1, got -1", [](Call &c) { c.maxSrcLen = -1; }},
      {"max_out must be >= 1, got 0", [](Call &c) { c.maxOut = 0; }},
      {"steps must be >= 1, got 0",
       [](Call &c) {
         c.maxOut = 0;
         c.tokenTarget = 0;
       }},
      {"src_len[1] = 4 is outside 1..3 (max_src_len)", [](Call &c) { c.lengths[1] = 4; }},
      {"src_len[0] = 0 is outside 1..3 (max_src_len)", [](Call &c) { c.lengths[0] = 0; }},
      {"src[1][1] = 5 is outside the source vocabulary 0..4", [](Call &c) { c.ids[4] = 5; }},
      {"src[0][2] = -1 is outside the source vocabulary 0..4", [](Call &c) { c.ids[2] = -1; }},
  };
  for (const Case &c : cases) {
    Model model;
    Call call;
    c.breakIt(call);
    EXPECT_EQ(call.check(model.m), 1) << c.message;
    EXPECT_STREQ(model.m, c.message);
  }
  // A vector target has no out_len; padding past src_len is never read.
  Model model;
  Call call;
  call.outLen = nullptr;
  call.tokenTarget = 0;
  call.ids[5] = 1000;
  EXPECT_EQ(call.check(model.m), 0) << model.m;
}

TEST(Runtime, StatusReports) {
  Model model;
  __s2s_begin_call();
  EXPECT_EQ(__s2s_end_call(model.m, 0), 0);
  EXPECT_STREQ(model.m, "");
  EXPECT_EQ(__s2s_end_call(model.m, -3), -3);
  EXPECT_STREQ(model.m, "out of memory (status -3)");
  // The first Halide message of the call is kept, and reported.
  __s2s_begin_call();
  __s2s_on_halide_error(nullptr, "CUDA API not found: cuInit");
  __s2s_on_halide_error(nullptr, "a later consequence");
  EXPECT_EQ(__s2s_end_call(model.m, -2), -2);
  EXPECT_STREQ(model.m, "a kernel failed with status -2: CUDA API not found: cuInit");
  // A new call starts without one.
  __s2s_begin_call();
  EXPECT_STREQ(__s2s_kernel_error, "");
  // Messages are cut to the buffer, never overflow it.
  std::string longMessage(1000, 'x');
  __s2s_on_halide_error(nullptr, longMessage.c_str());
  EXPECT_EQ(std::string(__s2s_kernel_error).size(), 255u);
  __s2s_end_call(model.m, -1);
  EXPECT_EQ(std::string(model.m).size(), 255u);
}

int asked = 0;
/// Pretends the CPU has feature bit 1 of word 0 only.
int canUse(int words, const uint64_t *features) {
  ++asked;
  if (words != 2)
    return 0;
  return (features[0] & ~uint64_t(2)) == 0 && features[1] == 0;
}

TEST(Runtime, SelectsTheFirstVariantThatFitsOnce) {
  // Variant 0 needs bit 3 (absent), 1 needs bit 1, 2 needs nothing.
  const uint64_t features[] = {8, 0, 2, 0, 0, 0};
  int32_t cache = -2;
  asked = 0;
  EXPECT_EQ(__s2s_select_variant(&cache, 3, 2, features, canUse), 1);
  EXPECT_EQ(cache, 1);
  int askedFirst = asked;
  EXPECT_EQ(__s2s_select_variant(&cache, 3, 2, features, canUse), 1);
  EXPECT_EQ(asked, askedFirst) << "the choice is cached";
  // None fits: -1, cached too.
  const uint64_t none[] = {8, 0, 0, 4};
  cache = -2;
  EXPECT_EQ(__s2s_select_variant(&cache, 2, 2, none, canUse), -1);
  EXPECT_EQ(cache, -1);
}

/// A module for `triple` that declares the runtime function it calls.
std::unique_ptr<llvm::Module> caller(llvm::LLVMContext &context, const std::string &triple) {
  auto module = std::make_unique<llvm::Module>("m", context);
  module->setTargetTriple(triple);
  auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(context), false);
  llvm::Function::Create(type, llvm::Function::ExternalLinkage, s2s::runtime::kBeginCall, *module);
  return module;
}

TEST(RuntimeLinker, LinksTheBitcodeOfEachArchitecture) {
  for (const char *triple : {"x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"}) {
    llvm::LLVMContext context;
    auto module = caller(context, triple);
    ASSERT_FALSE(llvm::errorToBool(s2s::runtime::linkInto(*module))) << triple;
    llvm::Function *f = module->getFunction(s2s::runtime::kBeginCall);
    ASSERT_NE(f, nullptr);
    EXPECT_FALSE(f->isDeclaration()) << triple;
    EXPECT_TRUE(f->hasWeakLinkage()) << triple;
    EXPECT_EQ(module->getTargetTriple(), triple);
    // Only what the module needs: nothing it does not call.
    EXPECT_EQ(module->getFunction(s2s::runtime::kSelectVariant), nullptr) << triple;
  }
}

TEST(RuntimeLinker, RefusesAnArchitectureItWasNotBuiltFor) {
  llvm::LLVMContext context;
  auto module = caller(context, "riscv64-unknown-linux-gnu");
  std::string message = llvm::toString(s2s::runtime::linkInto(*module));
  EXPECT_EQ(message, "the s2s runtime is not built for riscv64-unknown-linux-gnu");
}

TEST(RuntimeLinker, SourceIsTheRuntime) {
  llvm::StringRef source = s2s::runtime::source();
  EXPECT_TRUE(source.contains("S2S_RUNTIME_API int32_t __s2s_check_translate("));
}

} // namespace
