//===- CppEmitterTest.cpp - Host code as C++: what it refuses ---*- C++ -*-===//
///
/// emitHostCpp translates only the operations the pipeline produces; any
/// other must be an error naming the operation, never dropped. Also the
/// loop-carried values of scf.for, which the pipeline's own models rarely
/// exercise: a yield that swaps them goes through temporaries.
///
//===----------------------------------------------------------------------===//
#include "s2s/Codegen/CppSource.h"
#include "s2s/Pipeline/Pipeline.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser.h"

#include <gtest/gtest.h>

namespace {

/// A token model's translate_impl signature around `body` (which must end
/// with a `return` of an i32).
std::string impl(const std::string &body) {
  return R"mlir(
func @m_translate_impl(%src: memref<?x?xi32>, %len: memref<?xi32>, %out: memref<?x?xi32>,
                       %olen: memref<?xi32>, %logits: memref<?x?x3xf32>, %want: i1) -> i32
    attributes {s2s.model = "m", s2s.source_kind = "tokens", s2s.source_vocab = 5 : i64,
                s2s.target_kind = "tokens", s2s.target_vocab = 3 : i64} {
)mlir" + body + "}\n";
}

/// Emits `source`; returns the C++ text, or "error: " and the message.
std::string emit(const std::string &source) {
  mlir::MLIRContext context;
  s2s::loadS2SDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::parseSourceString(source, &context);
  if (!module)
    return "error: parse";
  s2s::ModelInterface model;
  model.name = "m";
  model.sourceSize = 5;
  model.targetSize = 3;
  std::string text;
  llvm::raw_string_ostream os(text);
  if (llvm::Error e = s2s::emitHostCpp(*module, model, os))
    return "error: " + llvm::toString(std::move(e));
  return os.str();
}

TEST(CppEmitter, UnknownOperationIsAnErrorNamingIt) {
  std::string out = emit(impl(R"mlir(
  %c0 = arith.constant 0 : index
  %x = memref.load %logits[%c0, %c0, %c0] : memref<?x?x3xf32>
  %y = arith.maxf %x, %x : f32
  memref.store %y, %logits[%c0, %c0, %c0] : memref<?x?x3xf32>
  %r = arith.constant 0 : i32
  return %r : i32
)mlir"));
  EXPECT_EQ(out.rfind("error: --emit=cpp: cannot translate 'arith.maxf'", 0), 0u) << out;
}

TEST(CppEmitter, UnexpectedTopLevelOperationIsAnError) {
  std::string out = emit(impl(R"mlir(
  %r = arith.constant 0 : i32
  return %r : i32
)mlir") + "func private @other()\n");
  EXPECT_NE(out.find("error: --emit=cpp: cannot translate 'builtin.func'"), std::string::npos)
      << out;
  EXPECT_NE(out.find("unexpected at the top level"), std::string::npos) << out;
}

TEST(CppEmitter, RankReducingSubviewIsAnError) {
  std::string out = emit(impl(R"mlir(
  %v = memref.subview %out[0, 0] [1, 2] [1, 1] : memref<?x?xi32> to memref<2xi32, affine_map<(d0)[s0] -> (d0 + s0)>>
  %r = arith.constant 0 : i32
  return %r : i32
)mlir"));
  EXPECT_NE(out.find("cannot translate 'memref.subview'"), std::string::npos) << out;
  EXPECT_NE(out.find("only subviews that keep the rank"), std::string::npos) << out;
}

TEST(CppEmitter, SwappedLoopCarriedValuesGoThroughTemporaries) {
  std::string out = emit(impl(R"mlir(
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = arith.constant 1 : i32
  %b = arith.constant 2 : i32
  %x:2 = scf.for %i = %c0 to %c4 step %c1 iter_args(%p = %a, %q = %b) -> (i32, i32) {
    scf.yield %q, %p : i32, i32
  }
  return %x#0 : i32
)mlir"));
  ASSERT_EQ(out.rfind("error:", 0), std::string::npos) << out;
  EXPECT_NE(out.find("int32_t carried0 = 1;"), std::string::npos) << out;
  EXPECT_NE(out.find("int32_t carried1 = 2;"), std::string::npos) << out;
  EXPECT_NE(out.find("const auto next3 = carried1;\n"
                     "    const auto next4 = carried0;\n"
                     "    carried0 = next3;\n"
                     "    carried1 = next4;\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("return carried0;"), std::string::npos) << out;
}

} // namespace
